"""The web chat: a Gradio page and a JSON API over one `ReportAssistant`.

    build_ui(assistant) -> gr.Blocks     the page, plus the `/ask` API endpoint
    serve(settings, host=, port=)        (re)build a stale index, load the model once, launch

Handlers are plain module-level functions (`respond`, `render_answer_html`, `ask_json`, ...)
that tests call directly; the page only wires them to components. Every string that comes from
a report or a question is passed through `html.escape` before it is put into HTML, so markup in
a document is shown, never run. The theme names local fonts only: the page loads nothing from
outside the server.
"""

from __future__ import annotations

import html
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from assistant.config import Settings
from assistant.errors import AssistantError
from assistant.render import NOT_FOUND_ZH, answer_dict, citation_text
from assistant.schema import Answer, Citation, Quote, ReportInfo
from assistant.store import CURRENT_FILE, current_generation

if TYPE_CHECKING:
    import gradio as gr

    from assistant.engine import ReportAssistant

log = logging.getLogger(__name__)

TITLE = "政府工作报告问答"
INTRO = "每个回答都是报告原文的一句话，并注明出处：报告 · 章节 · 段落 · 页码。"
EXAMPLES = (
    "2022年新增几家专精特新小巨人企业？",
    "中东村整治是以什么为切入点？",
    "要扩建哪些医院项目？",
    "2023年坚持什么产业当家？",
)
FILTER_TITLE = "按报告 / 年份筛选"
NOT_FOUND_SHORT = "未找到：报告中没有直接回答这个问题的内容。"
UNEXPECTED = (
    "抱歉，系统出了点问题，请稍后再试。",
    "Sorry, something went wrong; please try again.",
)
# A very long question is shown cut, so it cannot push the error reply off the screen.
SHOWN_QUESTION_CHARS = 200
MAX_K = 20
YEAR_PREFIX = "year:"
FONTS = ("Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "sans-serif")
MONO_FONTS = ("Noto Sans Mono CJK SC", "ui-monospace", "Consolas", "monospace")
# Several questions at once keep both cores busy; the model is safe to share between threads.
CONCURRENCY = 4

CSS = """
.gradio-container { max-width: 860px !important; margin: 0 auto !important; }
#ra-conversation { font-size: 16px; line-height: 1.7; }
.ra-turn { border-bottom: 1px solid var(--border-color-primary); padding: 12px 0 16px; }
.ra-question { font-weight: 600; margin-bottom: 8px; overflow-wrap: anywhere; }
.ra-quote { margin: 0; padding: 10px 14px; border-left: 4px solid var(--color-accent);
  background: var(--background-fill-secondary); border-radius: 4px; font-size: 1.1em; }
.ra-quote mark { background: #ffe58a; color: #1f2937; padding: 0 2px; border-radius: 2px; }
.ra-cite { margin: 6px 0 0; font-size: 0.9em; }
.ra-loc { display: block; font-size: 0.85em; color: var(--body-text-color-subdued);
  overflow-wrap: anywhere; }
.ra-label { margin: 14px 0 4px; font-weight: 600; font-size: 0.95em; }
.ra-passage { margin: 4px 0; border: 1px solid var(--border-color-primary); border-radius: 4px;
  padding: 4px 10px; }
.ra-passage summary { cursor: pointer; font-size: 0.9em; color: var(--body-text-color-subdued); }
.ra-passage p { margin: 6px 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.ra-passage mark { background: #fff3c4; color: #1f2937; }
.ra-notfound, .ra-error { margin: 0; padding: 10px 14px; border-radius: 4px;
  background: var(--background-fill-secondary); border-left: 4px solid #d97706; }
.ra-error p { margin: 0; }
.ra-empty { color: var(--body-text-color-subdued); padding: 12px 0; }
#ra-examples button { flex: 0 1 auto; }
"""

Turn = dict[str, str]


# ---- answer -> HTML ---------------------------------------------------------------------------


def marked(text: str, start: int, end: int, tag: str = "mark") -> str:
    """`text` escaped, with [start:end] wrapped in <tag>; out-of-range spans wrap nothing."""
    if not 0 <= start < end <= len(text):
        return html.escape(text)
    inner = html.escape(text[start:end])
    return f"{html.escape(text[:start])}<{tag}>{inner}</{tag}>{html.escape(text[end:])}"


def quote_html(quote: Quote) -> str:
    """The quoted sentence with the answering figure emphasised."""
    figure = quote.figure
    if figure is None:
        return html.escape(quote.text)
    return marked(quote.text, figure.start, figure.end)


def citation_html(citation: Citation) -> str:
    """The readable citation, then file and character offsets so it can be checked."""
    where = html.escape(citation_text(citation))
    location = html.escape(f"{Path(citation.file).name} · 字符 {citation.start}–{citation.end}")
    return f'{where}<span class="ra-loc">{location}</span>'


def passage_html(rank: int, text: str, citation: Citation, quote: Quote | None) -> str:
    """One collapsible supporting passage, the quoted sentence highlighted when it is inside."""
    body = html.escape(text)
    if quote is not None and citation.file == quote.citation.file:
        start = quote.citation.start - citation.start
        end = quote.citation.end - citation.start
        if text[start:end] == quote.text:
            body = marked(text, start, end)
    summary = f"[{rank}] {html.escape(citation_text(citation))}"
    return f'<details class="ra-passage"><summary>{summary}</summary><p>{body}</p></details>'


def render_answer_html(answer: Answer) -> str:
    """The answer first (quote, figure, citation), then the passages [1]…[k]."""
    if answer.found and answer.quote is not None:
        head = (
            f'<blockquote class="ra-quote">{quote_html(answer.quote)}</blockquote>'
            f'<p class="ra-cite">出处：{citation_html(answer.quote.citation)}</p>'
        )
        label = "依据段落"
        head += by_report_html(answer.by_report)
    else:
        head = f'<p class="ra-notfound">{NOT_FOUND_ZH if answer.hits else NOT_FOUND_SHORT}</p>'
        label = "最接近的段落"
    quote = answer.quote if answer.found else None
    passages = "".join(
        passage_html(rank, hit.chunk.text, citation, quote)
        for rank, (hit, citation) in enumerate(zip(answer.hits, answer.citations, strict=False), 1)
    )
    if passages:
        passages = f'<p class="ra-label">{label}</p>{passages}'
    return f'<div class="ra-answer">{head}{passages}</div>'


def by_report_html(quotes: Sequence[Quote]) -> str:
    """Each year's report's own answer, newest first (the same indicator, year after year)."""
    if not quotes:
        return ""
    items = "".join(
        f"<li><b>{quote.citation.year or ''}年报告</b>：{quote_html(quote)}"
        f'<br><span class="ra-cite">{citation_html(quote.citation)}</span></li>'
        for quote in quotes
    )
    return f'<p class="ra-label">各年度报告的回答（新在前）</p><ul class="ra-years">{items}</ul>'


def render_error_html(zh: str, en: str) -> str:
    """A polite reply in both languages, never a traceback."""
    return f'<div class="ra-error"><p>{html.escape(zh)}</p><p lang="en">{html.escape(en)}</p></div>'


def render_conversation(history: Sequence[Turn]) -> str:
    """Newest turn first, so on a phone the answer appears right under the question box."""
    if not history:
        return '<p class="ra-empty">输入问题，或点一个示例问题。</p>'
    turns = "".join(
        f'<section class="ra-turn"><div class="ra-question">问：{html.escape(turn["question"])}'
        f"</div>{turn['html']}</section>"
        for turn in reversed(history)
    )
    return f'<div class="ra-turns">{turns}</div>'


# ---- report filter ----------------------------------------------------------------------------


def report_label(report: ReportInfo) -> str:
    return f"{report.year}年 · {report.title}" if report.year else report.title


def report_choices(reports: Sequence[ReportInfo]) -> list[tuple[str, str]]:
    """(label, value) pairs: whole years first (when there are several), then each report."""
    years = sorted({report.year for report in reports if report.year}, reverse=True)
    choices = [(f"{year}年的全部报告", f"{YEAR_PREFIX}{year}") for year in years]
    return (choices if len(years) > 1 else []) + [(report_label(r), r.doc_id) for r in reports]


def filter_visible(reports: Sequence[ReportInfo]) -> bool:
    """A filter is only worth showing when there is something to choose between."""
    return len(reports) > 1


def selected_reports(selection: Sequence[str] | None, reports: Sequence[ReportInfo]) -> list[str]:
    """The doc_ids a filter selection stands for ([] = all reports)."""
    chosen: set[str] = set()
    for value in selection or []:
        if value.startswith(YEAR_PREFIX):
            year = value.removeprefix(YEAR_PREFIX)
            chosen |= {r.doc_id for r in reports if str(r.year) == year}
        else:
            chosen.add(value)
    return sorted(chosen)


def known_reports(assistant: ReportAssistant) -> list[ReportInfo]:
    """The indexed reports, or none when the index cannot be loaded (asking says why)."""
    try:
        return assistant.reports()
    except AssistantError as error:
        log.warning("no reports to filter by: %s", error.en)
        return []


# ---- handlers ---------------------------------------------------------------------------------


def answer_or_error_html(
    assistant: ReportAssistant, question: str, reports: Sequence[str] | None = None
) -> str:
    """The reply to one question as HTML, whatever happens."""
    try:
        return render_answer_html(assistant.ask(question, reports=reports or None))
    except AssistantError as error:
        return render_error_html(error.zh, error.en)
    except Exception:
        log.exception("failed to answer %r", question[:SHOWN_QUESTION_CHARS])
        return render_error_html(*UNEXPECTED)


def shown_question(question: str) -> str:
    question = (question or "").strip()
    if not question:
        return "（空白）"
    if len(question) > SHOWN_QUESTION_CHARS:
        return question[:SHOWN_QUESTION_CHARS] + "…"
    return question


def respond(
    question: str,
    history: list[Turn] | None,
    report_filter: Sequence[str] | None,
    assistant: ReportAssistant,
) -> tuple[str, list[Turn], str]:
    """One chat turn: (cleared question box, new history, conversation HTML)."""
    reports = selected_reports(report_filter, known_reports(assistant)) if report_filter else None
    reply = answer_or_error_html(assistant, question, reports)
    history = [*(history or []), {"question": shown_question(question), "html": reply}]
    return "", history, render_conversation(history)


def clear() -> tuple[str, list[Turn], str]:
    """Forget the conversation of this session."""
    return "", [], render_conversation([])


def ask_json(assistant: ReportAssistant, question: str, k: int | None = None) -> dict[str, Any]:
    """The API answer: `render.answer_dict`, the same JSON as `assistant ask --json`.

    A user-facing error becomes `gr.Error`, which `gradio_client` raises with both languages.
    """
    import gradio as gr

    if k is not None:
        k = max(1, min(int(k), MAX_K))
    try:
        return answer_dict(assistant.ask(question, k=k))
    except AssistantError as error:
        raise gr.Error(f"{error.zh} / {error.en}") from error


# ---- page -------------------------------------------------------------------------------------


def theme() -> gr.themes.Base:
    """Soft, with system fonts only: Gradio's default theme would fetch Google Fonts."""
    import gradio as gr

    return gr.themes.Soft(font=list(FONTS), font_mono=list(MONO_FONTS))


def build_ui(assistant: ReportAssistant) -> gr.Blocks:
    """The chat page and the `/ask` endpoint; no endpoint can change the index."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    import gradio as gr

    reports = known_reports(assistant)
    with gr.Blocks(title=TITLE, analytics_enabled=False) as demo:
        gr.Markdown(f"## {TITLE}\n{INTRO}")
        # Folded away, so on a phone the question box stays near the top.
        with gr.Accordion(FILTER_TITLE, open=False, visible=filter_visible(reports)) as filter_box:
            report_filter = gr.Dropdown(
                choices=report_choices(reports),
                value=[],
                multiselect=True,
                label="只在这些报告中找（不选 = 全部报告）",
            )
        with gr.Row(equal_height=True):
            question_box = gr.Textbox(
                placeholder="输入问题，按回车提问",
                show_label=False,
                scale=5,
                min_width=200,
                max_lines=4,
                autofocus=True,
                elem_id="ra-question",
            )
            ask_button = gr.Button("提问", variant="primary", scale=1, min_width=72)
        with gr.Row(elem_id="ra-examples"):
            example_buttons = [gr.Button(text, size="sm", min_width=60) for text in EXAMPLES]
        history = gr.State([])
        conversation = gr.HTML(render_conversation([]), elem_id="ra-conversation")
        clear_button = gr.Button("清空对话", size="sm", variant="secondary")
        from assistant.figures_page import mount_figures

        mount_figures(assistant)

        def chat(text: str, turns: list[Turn], selection: list[str]) -> tuple[str, list[Turn], str]:
            return respond(text, turns, selection, assistant)

        def api_ask(question: str, k: int | None = None) -> dict[str, Any]:
            """Answer with an exact quote from a report and its citation (JSON)."""
            return ask_json(assistant, question, k)

        outputs = [question_box, history, conversation]
        sources = [(question_box.submit, question_box), (ask_button.click, question_box)]
        for trigger, source in sources + [(button.click, button) for button in example_buttons]:
            # An example button's value is its question; the UI events are not API endpoints.
            trigger(
                chat,
                [source, history, report_filter],
                outputs,
                api_visibility="private",
                concurrency_limit=CONCURRENCY,
                concurrency_id="ask",
            )
        clear_button.click(clear, None, outputs, api_visibility="private", queue=False)
        refresh = [filter_box, report_filter]
        demo.load(lambda: refresh_filter(assistant), None, refresh, api_visibility="private")
        gr.api(api_ask, api_name="ask", concurrency_limit=CONCURRENCY, concurrency_id="ask")
    from assistant.admin import mount_staff_page

    mount_staff_page(demo, assistant)  # only when ASSISTANT_ADMIN_PASSWORD is set
    return demo


def refresh_filter(assistant: ReportAssistant) -> tuple[Any, Any]:
    """The filter as of now (a build while the app runs may have added a report)."""
    import gradio as gr

    reports = known_reports(assistant)
    return gr.update(visible=filter_visible(reports)), gr.update(choices=report_choices(reports))


# ---- serve ------------------------------------------------------------------------------------


def index_is_stale(settings: Settings) -> bool:
    """No index yet, or a report (or the folder, for a deleted file) changed since it was built."""
    if current_generation(settings.index_dir) is None:
        return True
    built = (settings.index_dir / CURRENT_FILE).stat().st_mtime
    folder = settings.documents_dir
    if not folder.is_dir():
        return False
    paths = [folder, *folder.rglob("*")]
    return any(path.stat().st_mtime > built for path in paths if not path.name.startswith("."))


class ConsoleProgress:
    """Build progress on the console, a line per stage and every tenth of the way."""

    LABELS: ClassVar[dict[str, str]] = {"read": "读取 / reading", "embed": "向量 / embedding"}

    def __init__(self) -> None:
        self._last: tuple[str, int] = ("", -1)

    def __call__(self, stage: str, done: int, total: int) -> None:
        tenth = done * 10 // max(total, 1)
        if (stage, tenth) != self._last:
            self._last = (stage, tenth)
            console.info("%s: %d/%d", self.LABELS.get(stage, stage), done, total)


def _console_logger() -> logging.Logger:
    """INFO lines on stderr for the person who started the server, whatever the CLI's level."""
    logger = logging.getLogger("assistant.serve")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    return logger


console = _console_logger()


def prepare_index(assistant: ReportAssistant) -> None:
    """Build the index first when it is missing or older than a report; never stop serving."""
    settings = assistant.settings
    if not index_is_stale(settings):
        return
    console.info("正在建立索引 / building the index from %s ...", settings.documents_dir)
    try:
        result = assistant.build(progress=ConsoleProgress())
    except AssistantError as error:
        console.warning("未能建立索引 / could not build the index: %s / %s", error.zh, error.en)
        return
    for path, message in result.failed:
        console.warning("未能读取 / could not read: %s: %s", path, message)
    console.info("索引完成 / indexed: %d 段 chunks, %.1f s", result.chunks, result.seconds)


def serve(settings: Settings, *, host: str | None = None, port: int | None = None) -> None:
    """Bring the index up to date, load the model and index once, then serve until stopped."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    from assistant.engine import ReportAssistant

    assistant = ReportAssistant(settings)
    prepare_index(assistant)
    demo = build_ui(assistant)  # loads the model and the index (via reports())
    demo.queue(default_concurrency_limit=CONCURRENCY)
    demo.launch(
        server_name=host or os.environ.get("GRADIO_SERVER_NAME") or "127.0.0.1",
        server_port=port or int(os.environ.get("GRADIO_SERVER_PORT") or 7860),
        theme=theme(),
        css=CSS,
        footer_links=["api"],
        ssr_mode=False,
        pwa=False,
        mcp_server=False,
        show_error=False,
        max_file_size="100mb",  # staff uploads: refused by Gradio before they are stored
    )

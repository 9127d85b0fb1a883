"""The web chat: a Gradio page and a JSON API over one `ReportAssistant`.

    build_ui(assistant) -> gr.Blocks     the page, plus the `/ask` API endpoint

Handlers are plain module-level functions (`respond`, `ask_json`, ...) that tests call
directly; the page only wires them to components. Markup comes from `web/html.py`.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from assistant.answer import answer_dict, passages
from assistant.errors import (
    AssistantError,
    EmbedderMismatchError,
    EmbedderUnavailableError,
    IndexCorruptError,
    IndexMissingError,
)
from assistant.schema import Answer, ReportInfo, SourceView
from assistant.web.html import (
    SpanKey,
    Turn,
    render_answer_html,
    render_conversation,
    render_error_html,
    span_key,
)

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
UNEXPECTED = (
    "抱歉，系统出了点问题，请稍后再试。",
    "Sorry, something went wrong; please try again.",
)
# A very long question is shown cut, so it cannot push the error reply off the screen.
SHOWN_QUESTION_CHARS = 200
# What residents read when the index cannot serve: no server path, no shell command.
INDEX_TROUBLE = (
    "报告库正在更新或维护，暂时无法回答，请稍后再试；如持续出现，请联系工作人员。",
    "The reports are being updated or repaired; please try again later, or tell the staff.",
)
STAFF_ONLY_ERRORS = (
    IndexMissingError,
    IndexCorruptError,
    EmbedderMismatchError,
    EmbedderUnavailableError,
)
YEAR_PREFIX = "year:"
UPLOAD_CACHE = (3600, 3600)  # (check every, delete older than) seconds
# Several questions at once keep both cores busy; the model is safe to share between threads.
CONCURRENCY = 4


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
    assistant: ReportAssistant,
    question: str,
    reports: Sequence[str] | None = None,
    context: Sequence[str] = (),
) -> str:
    """The reply to one question (completed from the `context` questions) as HTML, whatever
    happens."""
    try:
        answer = assistant.ask(question, reports=reports or None, context=context)
        return render_answer_html(answer, source_views(assistant, answer))
    except STAFF_ONLY_ERRORS as error:
        log.warning("cannot answer: %s", error.en)
        return render_error_html(*INDEX_TROUBLE)
    except AssistantError as error:
        return render_error_html(error.zh, error.en)
    except Exception:
        log.exception("failed to answer %r", question[:SHOWN_QUESTION_CHARS])
        return render_error_html(*UNEXPECTED)


def source_views(assistant: ReportAssistant, answer: Answer) -> dict[SpanKey, SourceView]:
    """The source view of the quote and of each passage shown, by `span_key`."""
    cited = [answer.quote.citation] if answer.found and answer.quote else []
    cited += [quote.citation for quote in answer.by_report]
    cited += [passage.citation for passage in passages(answer.hits, answer.citations)]
    views = assistant.sources(cited)
    return {span_key(c): view for c, view in zip(cited, views, strict=True) if view is not None}


def shown_question(question: str) -> str:
    """The question as echoed in the conversation: never a bidi override or control character."""
    from assistant.engine import clean_question

    question = clean_question(question if isinstance(question, str) else "")
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
    reply = answer_or_error_html(assistant, question, reports, earlier_questions(history))
    turn = {"question": shown_question(question), "asked": (question or "").strip(), "html": reply}
    history = [*(history or []), turn]
    return "", history, render_conversation(history)


def earlier_questions(history: Sequence[Turn] | None) -> list[str]:
    """The questions asked so far in this chat, oldest first: what a follow-up leans on."""
    return [turn["asked"] for turn in history or [] if turn.get("asked")]


def shared_question(query_params: Mapping[str, str], assistant: ReportAssistant) -> Any:
    """On page load: a share link's `?q=…` asked at once (the page stays empty without one)."""
    question = (query_params.get("q") or "").strip()
    if not question:
        return "", [], render_conversation([])
    return respond(question, [], None, assistant)


def clear() -> tuple[str, list[Turn], str]:
    """Forget the conversation of this session."""
    return "", [], render_conversation([])


def ask_json(
    assistant: ReportAssistant,
    question: str,
    k: int | None = None,
    context: Sequence[str] | None = None,
) -> dict[str, Any]:
    """The API answer: `render.answer_dict`, the same JSON as `assistant ask --json`;
    `context` holds the conversation's earlier questions, oldest first.

    A user-facing error becomes `gr.Error`, which `gradio_client` raises with both languages;
    `k` may come as a digit string from a form, anything else is refused, never clamped.
    """
    import gradio as gr

    try:
        context = [str(item) for item in context or [] if str(item).strip()]
        return answer_dict(assistant.ask(question, k=api_k(k), context=context))
    except STAFF_ONLY_ERRORS as error:
        log.warning("cannot answer: %s", error.en)
        raise gr.Error(" / ".join(INDEX_TROUBLE)) from error
    except AssistantError as error:
        raise gr.Error(f"{error.zh} / {error.en}") from error


def api_k(k: object) -> int | None:
    """The passage count from an API call: `"3"` and `3.0` are 3; QuestionError otherwise."""
    from assistant.engine import check_k

    if k == "":
        return None
    if (isinstance(k, str) and k.strip().isdigit()) or (isinstance(k, float) and k.is_integer()):
        k = int(k)
    check_k(k)
    return k  # type: ignore[return-value]  # check_k let only None or an int through


# ---- page -------------------------------------------------------------------------------------


def build_ui(assistant: ReportAssistant) -> gr.Blocks:
    """The chat page and the `/ask` endpoint; no endpoint can change the index."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    import gradio as gr

    reports = known_reports(assistant)
    # Uploads Gradio keeps (staff files, once copied into documents/) go after an hour.
    with gr.Blocks(title=TITLE, analytics_enabled=False, delete_cache=UPLOAD_CACHE) as demo:
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
        from assistant.web.figures import mount_figures

        mount_figures(assistant)

        def chat(text: str, turns: list[Turn], selection: list[str]) -> tuple[str, list[Turn], str]:
            return respond(text, turns, selection, assistant)

        def api_ask(
            question: str, k: int | None = None, context: list[str] | None = None
        ) -> dict[str, Any]:
            """Answer with an exact quote from a report and its citation (JSON); `context`:
            the earlier questions of the conversation, oldest first."""
            return ask_json(assistant, question, k, context)

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

        def on_load(request: gr.Request) -> Any:
            # Without `?q=` the page is left alone: a question typed while the page was still
            # loading must not be wiped by this event finishing after it.
            if not (request.query_params.get("q") or "").strip():
                return gr.skip(), gr.skip(), gr.skip()
            return shared_question(dict(request.query_params), assistant)

        on_load.__annotations__["request"] = gr.Request  # a real class, so Gradio passes it

        demo.load(
            on_load,
            None,
            outputs,
            api_visibility="private",
            concurrency_limit=CONCURRENCY,
            concurrency_id="ask",
        )
        refresh = [filter_box, report_filter]
        demo.load(lambda: refresh_filter(assistant), None, refresh, api_visibility="private")
        gr.api(api_ask, api_name="ask", concurrency_limit=CONCURRENCY, concurrency_id="ask")
    from assistant.web.staff import mount_staff_page

    mount_staff_page(demo, assistant)  # only when ASSISTANT_ADMIN_PASSWORD is set
    return demo


def refresh_filter(assistant: ReportAssistant) -> tuple[Any, Any]:
    """The filter as of now (a build while the app runs may have added a report)."""
    import gradio as gr

    reports = known_reports(assistant)
    return gr.update(visible=filter_visible(reports)), gr.update(choices=report_choices(reports))

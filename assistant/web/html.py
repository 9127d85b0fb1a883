"""Every bit of markup the web pages show, in one place.

Every string that comes from a report or a question goes through `html.escape` before it is
put into HTML, so markup in a document is shown, never run.
"""

from __future__ import annotations

import base64
import html
import uuid
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from urllib.parse import quote as url_quote

from assistant.answer import NOT_FOUND_ZH, by_report_label, citation_text, passages
from assistant.schema import Answer, Citation, Quote, SourceParagraph, SourceView
from assistant.web.chart import chart_html, csv_link_html

NOT_FOUND_SHORT = "未找到：报告中没有直接回答这个问题的内容。"
Turn = dict[str, str]
# A cited span: (file, start, end), the key of its source view
SpanKey = tuple[str, int, int]

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
.ra-understood, .ra-reading { margin: 6px 0 0; font-size: 0.9em;
  color: var(--body-text-color-subdued); }
.ra-empty { color: var(--body-text-color-subdued); padding: 12px 0; }
#ra-examples button { flex: 0 1 auto; }
.ra-open { display: inline-block; margin: 4px 0 0; font-size: 0.9em; }
.ra-source { display: none; position: fixed; inset: 0; z-index: 1000; overflow-y: auto;
  background: var(--background-fill-primary); padding: 0 16px 32px; }
.ra-source:target { display: block; }
.ra-source-bar { position: sticky; top: 0; background: var(--background-fill-primary);
  padding: 10px 0; border-bottom: 1px solid var(--border-color-primary); }
.ra-source-body { max-width: 760px; margin: 0 auto; }
.ra-page-box { margin: 12px 0; }
.ra-page-box figcaption { font-size: 0.85em; color: var(--body-text-color-subdued); }
@media (min-width: 1000px) {
  .ra-source-body.ra-with-page { max-width: 1400px; display: grid; gap: 24px;
    grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); align-items: start; }
}
.ra-source h3 { margin: 12px 0 4px; font-size: 1.1em; }
.ra-crumbs { font-size: 0.9em; color: var(--body-text-color-subdued); overflow-wrap: anywhere; }
.ra-source-heading { margin: 12px 0 2px; font-weight: 600; font-size: 0.95em; }
.ra-before summary { cursor: pointer; margin: 10px 0 0; font-size: 0.9em;
  color: var(--body-text-color-subdued); }
.ra-source-para { margin: 6px 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.ra-source-para.ra-here { border-left: 4px solid var(--color-accent); padding-left: 10px; }
.ra-source-para mark { background: #ffe58a; color: #1f2937; }
.ra-page { display: block; max-width: 100%; height: auto; margin: 12px 0;
  border: 1px solid var(--border-color-primary); }
.ra-formal { margin: 12px 0 4px; font-size: 0.9em; overflow-wrap: anywhere; }
.ra-formal code { user-select: all; white-space: normal; }
.ra-chart { margin: 8px 0 4px; max-width: 560px; }
.ra-chart svg { display: block; width: 100%; height: auto; }
.ra-csv { display: inline-block; font-size: 0.9em; }
"""


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


def formal_citation(citation: Citation) -> str:
    """`《报告名》 二、… › （一）… 第N段，第P页`: a citation to copy into a letter."""
    text = (
        f"《{citation.report}》 {' › '.join(citation.section) or '正文'} 第{citation.paragraph}段"
    )
    return text + (f"，第{citation.page}页" if citation.page is not None else "")


def share_href(question: str) -> str:
    """A link that opens the page and asks `question` again."""
    return "?q=" + url_quote(question, safe="")


def source_paragraph_html(paragraph: SourceParagraph, heading: str | None) -> str:
    head = f'<p class="ra-source-heading">{html.escape(heading)}</p>' if heading else ""
    if paragraph.mark is None:
        return f'{head}<p class="ra-source-para">{html.escape(paragraph.text)}</p>'
    body = marked(paragraph.text, *paragraph.mark)
    return f'{head}<p class="ra-source-para ra-here">{body}</p>'


def source_paragraphs_html(paragraphs: Sequence[SourceParagraph]) -> str:
    """The paragraphs with a heading line where the section changes; those before the marked
    one folded away (上文), so the quote is on the first screen of a phone."""
    at = next((i for i, p in enumerate(paragraphs) if p.mark is not None), 0)
    parts, section = [], None
    for paragraph in paragraphs:
        heading = " › ".join(paragraph.section) if paragraph.section != section else None
        parts.append(source_paragraph_html(paragraph, heading))
        section = paragraph.section
    if at == 0:
        return "".join(parts)
    before = f'<details class="ra-before"><summary>上文（{at}段）</summary>{"".join(parts[:at])}'
    # the marked paragraph always shows its section heading
    target = source_paragraph_html(paragraphs[at], " › ".join(paragraphs[at].section))
    return before + "</details>" + target + "".join(parts[at + 1 :])


def source_html(view: SourceView, view_id: str, back_id: str, question: str) -> str:
    """The report at the quoted paragraph: breadcrumb, paragraphs around it with the quote
    marked, the page image for a PDF, a formal citation and a share link. Shown full screen
    when the page address ends in `#view_id`; `返回对话` goes back to `#back_id`."""
    citation = view.citation
    crumbs = html.escape(" › ".join(citation.section) or "正文")
    page = f" · 第{citation.page}页" if citation.page is not None else ""
    body = source_paragraphs_html(view.paragraphs)
    image, wide = "", ""
    if view.page_image:
        data = base64.b64encode(view.page_image).decode("ascii")
        image = (
            f'<figure class="ra-page-box"><img class="ra-page" alt="第{citation.page}页" '
            f'src="data:image/png;base64,{data}"><figcaption>第{citation.page}页</figcaption>'
            "</figure>"
        )
        wide = " ra-with-page"
    return (
        f'<div class="ra-source" id="{view_id}" role="dialog" aria-label="原文">'
        f'<div class="ra-source-bar"><a class="ra-close" href="#{back_id}">← 返回对话</a></div>'
        f'<div class="ra-source-body{wide}"><div class="ra-source-text">'
        f"<h3>《{html.escape(citation.report)}》</h3>"
        f'<nav class="ra-crumbs">{crumbs} · 第{citation.paragraph}段{page}</nav>{body}'
        f'<p class="ra-formal">引用：<code>{html.escape(formal_citation(citation))}</code></p>'
        f'<p class="ra-share"><a href="{html.escape(share_href(question))}">分享此回答的链接</a>'
        f"</p></div>{image}</div></div>"
    )


def open_source_html(view: SourceView | None, view_id: str, back_id: str, question: str) -> str:
    """The 查看原文 link and the (hidden) view it opens; nothing when there is no view."""
    if view is None:
        return ""
    link = f'<a class="ra-open" href="#{view_id}">查看原文</a>'
    return link + source_html(view, view_id, back_id, question)


def passage_html(
    rank: int, text: str, citation: Citation, quote: Quote | None, opener: str = ""
) -> str:
    """One collapsible supporting passage, the quoted sentence highlighted when it is inside;
    `opener`: its 查看原文 link and view."""
    body = html.escape(text)
    if quote is not None and citation.file == quote.citation.file:
        start = quote.citation.start - citation.start
        end = quote.citation.end - citation.start
        if text[start:end] == quote.text:
            body = marked(text, start, end)
    summary = f"[{rank}] {html.escape(citation_text(citation))}"
    return (
        f'<details class="ra-passage"><summary>{summary}</summary><p>{body}</p>{opener}</details>'
    )


def understood_html(answer: Answer) -> str:
    """`理解为：…` when a follow-up question was completed from the conversation, and
    `按 北京市 · 2021年 · 地区生产总值 理解` when the question names a place, year or indicator."""
    shown = ""
    if answer.understood_as:
        shown = f'<p class="ra-understood">理解为：{html.escape(answer.understood_as)}</p>'
    if answer.reading:
        reading = html.escape(" · ".join(answer.reading))
        shown += f'<p class="ra-reading">按 {reading} 理解</p>'
    return shown


def span_key(citation: Citation) -> SpanKey:
    return (citation.file, citation.start, citation.end)


def render_answer_html(
    answer: Answer, views: Mapping[SpanKey, SourceView] | None = None, uid: str | None = None
) -> str:
    """The answer first (quote, figure, citation), then the passages [1]…[k]; each with a
    查看原文 link to its source view when `views` (by `span_key`) holds one."""
    views = views or {}
    uid = uid or uuid.uuid4().hex[:8]
    back, asked = f"ra-a-{uid}", answer.understood_as or answer.question

    def opener(citation: Citation, number: int) -> str:
        return open_source_html(
            views.get(span_key(citation)), f"ra-src-{uid}-{number}", back, asked
        )

    if answer.found and answer.quote is not None:
        head = (
            f'<blockquote class="ra-quote">{quote_html(answer.quote)}</blockquote>'
            f'<p class="ra-cite">出处：{citation_html(answer.quote.citation)}</p>'
            + opener(answer.quote.citation, 0)
        )
        label = "依据段落"
        head += by_report_html(answer, opener, uid, views)
    else:
        head = f'<p class="ra-notfound">{NOT_FOUND_ZH if answer.hits else NOT_FOUND_SHORT}</p>'
        label = "最接近的段落"
    quote = answer.quote if answer.found else None
    shown = "".join(
        passage_html(rank, passage.text, passage.citation, quote, opener(passage.citation, rank))
        for rank, passage in enumerate(passages(answer.hits, answer.citations), 1)
    )
    if shown:
        shown = f'<p class="ra-label">{label}</p>{shown}'
    return f'<div class="ra-answer" id="{back}">{head}{understood_html(answer)}{shown}</div>'


def by_report_html(
    answer: Answer,
    opener: Callable[[Citation, int], str],
    uid: str,
    views: Mapping[SpanKey, SourceView],
) -> str:
    """Each report's own answer (newest first), or for a question across years each year's
    (oldest first) with the chart of their figures and a CSV of them; `opener(citation, n)`:
    the 查看原文 link and view of quote n. A chart point links to its quote's source view
    (else to its line in the list)."""
    quotes = answer.by_report
    if not quotes:
        return ""
    items = "".join(
        f'<li id="ra-y-{uid}-{n}"><b>{_year_label(answer, quote)}</b>：{quote_html(quote)}'
        f'<br><span class="ra-cite">{citation_html(quote.citation)}</span> '
        f"{opener(quote.citation, 100 + n)}</li>"
        for n, quote in enumerate(quotes)
    )
    targets = [
        f"#ra-src-{uid}-{100 + n}" if span_key(quote.citation) in views else f"#ra-y-{uid}-{n}"
        for n, quote in enumerate(quotes)
    ]
    chart = chart_html(quotes, targets)
    chart += csv_link_html(quotes) if chart else ""
    label = html.escape(by_report_label(answer))
    return f'<p class="ra-label">{label}</p><ul class="ra-years">{items}</ul>{chart}'


def _year_label(answer: Answer, quote: Quote) -> str:
    """`2022年（2023年报告）` across years; `2023年报告` for each report's answer."""
    report = f"{quote.citation.year or ''}年报告"
    if answer.across_years and quote.year:
        return f"{quote.year}年（{report}）"
    return report


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

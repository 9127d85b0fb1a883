"""The source view: the quoted paragraph in its place, marked, with paragraphs around it; for
a PDF the page rendered as an image; markup in a report or a question shown as text."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from assistant.answer.source import source_view
from assistant.config import Settings
from assistant.engine import ReportAssistant
from assistant.index.embedders import HashingEmbedder
from assistant.schema import Citation, SourceParagraph, SourceView
from assistant.web import html as markup
from tests.conftest import write_report

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def built(tmp_path: Path, *files: Path, text: str | None = None) -> ReportAssistant:
    documents = tmp_path / "documents"
    if text is not None:
        write_report(documents, text=text)
    for file in files:
        documents.mkdir(parents=True, exist_ok=True)
        shutil.copy(file, documents)
    settings = Settings(documents_dir=documents, index_dir=tmp_path / "index", embedder="hashing")
    assistant = ReportAssistant(settings, embedder=HashingEmbedder())
    assistant.build()
    return assistant


def test_view_marks_the_quote_among_its_neighbours(hashing_assistant: ReportAssistant) -> None:
    hashing_assistant.build()
    answer = hashing_assistant.ask("建成几所学校？")
    assert answer.found and answer.quote is not None
    quote = answer.quote
    (view,) = hashing_assistant.sources([quote.citation])
    assert view is not None and view.page_image is None  # a .txt file has no pages
    here = [p for p in view.paragraphs if p.mark is not None]
    assert len(here) == 1
    start, end = here[0].mark  # type: ignore[misc]
    assert here[0].text[start:end] == quote.text
    assert view.citation.section == quote.citation.section == ("一、2022年工作情况", "（二）惠民生")
    texts = [p.text for p in view.paragraphs]
    assert any("规模以上工业增加值" in t for t in texts)  # the paragraphs before
    assert any("持续壮大经济基本盘" in t for t in texts)  # and after, across the part heading
    assert texts.index(here[0].text) not in (0, len(texts) - 1)


def test_view_of_an_unknown_report_or_offset(hashing_assistant: ReportAssistant) -> None:
    hashing_assistant.build()
    index = hashing_assistant.searcher().index
    with pytest.raises(ValueError, match="no report"):
        source_view(index, "nope", 0, 1)
    doc_id = next(iter(index.reports))
    with pytest.raises(ValueError, match="holds offset"):
        source_view(index, doc_id, 10**7, 10**7 + 1)
    missing = Citation("x", "gone.txt", (), 1, None, 0, 1)
    assert hashing_assistant.sources([missing]) == [None]


def test_pdf_view_has_its_page_as_an_image(tmp_path: Path) -> None:
    assistant = built(tmp_path, FIXTURES / "example_report.pdf")
    answer = assistant.ask("工业投资增长多少？")
    assert answer.quote is not None and answer.quote.citation.page is not None
    (view,) = assistant.sources([answer.quote.citation])
    assert view is not None and view.page_image is not None
    assert view.page_image.startswith(b"\x89PNG")
    assert view.citation.page == answer.quote.citation.page
    page = markup.source_html(view, "v", "a", "工业投资增长多少？")
    assert 'src="data:image/png;base64,' in page and f"第{view.citation.page}页" in page


def test_source_html_escapes_report_and_question() -> None:
    citation = Citation("<b>报告</b>", "r.txt", ("一、<i>回顾</i>",), 2, 3, 0, 9)
    paragraph = SourceParagraph("写入<script>x</script>了", 0, citation.section, 2, 3, (0, 2))
    view = SourceView(citation, (paragraph,))
    page = markup.source_html(view, "v1", "a1", '问"><script>alert(1)</script>')
    assert "<script>" not in page and "<b>" not in page and "<i>" not in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page and "<mark>写入</mark>" in page
    assert 'href="?q=%E9%97%AE%22%3E%3Cscript%3E' in page  # the share link is URL-encoded
    assert "《&lt;b&gt;报告&lt;/b&gt;》 一、&lt;i&gt;回顾&lt;/i&gt; 第2段，第3页" in page
    assert re.search(r'id="v1".*href="#a1"', page)


@pytest.mark.parametrize(
    ("page", "expected"),
    [(None, "《报告》 一、… › （二）… 第1段"), (4, "《报告》 一、… › （二）… 第1段，第4页")],
)
def test_formal_citation(page: int | None, expected: str) -> None:
    citation = Citation("报告", "r.pdf", ("一、…", "（二）…"), 1, page, 0, 1)
    assert markup.formal_citation(citation) == expected


def test_each_years_answer_opens_its_source() -> None:
    from assistant.schema import Answer, Quote

    def quote(year: int) -> Quote:
        citation = Citation(f"{year}年报告", f"{year}.txt", ("一、",), 1, None, 0, 4, year)
        return Quote("增长5%。", citation)

    newest, older = quote(2024), quote(2023)
    views = {
        markup.span_key(q.citation): SourceView(
            q.citation, (SourceParagraph("增长5%。", 0, ("一、",), 1, None, (0, 4)),)
        )
        for q in (newest, older)
    }
    answer = Answer("增长多少？", True, newest, (), (), (newest, older))
    page = markup.render_answer_html(answer, views, uid="u")
    assert page.count(">查看原文</a>") == 3  # the answer and each year's answer
    assert 'href="#ra-src-u-100"' in page and 'href="#ra-src-u-101"' in page

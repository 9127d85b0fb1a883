"""pdf_text: page numbers, letter spacing, broken lines, table rows and page spans."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.errors import DocumentError
from assistant.reading import pdf_text
from assistant.reading.documents import load_document
from assistant.reading.pdf_text import PAGE_NUMBER
from assistant.reading.structure import chunk_document
from assistant.schema import Document, Page
from tests.report_files import CORPUS, EXAMPLE, FIXTURES, needs_corpus

ZHOUKOU = CORPUS / "pdf" / "周口市统计公报2023.pdf"
QIANDONGNAN = CORPUS / "pdf" / "黔东南苗族侗族自治州2023年国民经济和社会发展统计公报.pdf"


def assert_contiguous(document: Document) -> None:
    """Pages start at 0, touch each other and end where the text ends."""
    pages = document.pages
    assert pages[0].start == 0 and pages[-1].end == len(document.text)
    assert all(a.end == b.start for a, b in itertools.pairwise(pages))
    assert [page.number for page in pages] == list(range(1, len(pages) + 1))


def page_of(document: Document, needle: str) -> int | None:
    return document.page_at(document.text.index(needle))


def test_pdf_fixture_reads_back_as_the_txt() -> None:
    """Page number, letter spacing and page-width breaks undone: the same text as the .txt."""
    document = load_document(FIXTURES / "example_report.pdf")
    assert document.text == load_document(EXAMPLE).text
    assert document.pages == (Page(1, 0, len(document.text)),)
    assert document.title == "2023年示例市政府工作报告"


# --- PDF line rules ---------------------------------------------------------------------------

FULL = "全年全州农林牧渔业总产值481.96亿元，比上年增长4.2%，其中"  # a line up to the margin


@pytest.mark.parametrize(
    ("pages", "paragraphs", "starts"),
    [
        # letter-spaced CJK, a heading, a page-number line, a paragraph running over a page break
        (
            [["- 1 -", "一、综 合", FULL, "种植业总产值 282.41 亿元。"], ["— 2 —", "二、农 业"]],
            ["一、综合", FULL + "种植业总产值282.41亿元。", "二、农业"],
            [1, 1, 2],
        ),
        ([[FULL, FULL], ["2", FULL, "结束。"]], [FULL * 3 + "结束。"], [1]),
        # table rows are neither glued to prose nor to each other; single letters rejoin
        (
            [
                [
                    "表 1 2023 年主要指标",
                    "指 标 年末数（万人） 比重（%）",
                    "林 业 86.95 4.2",
                    FULL,
                    "完。",
                ]
            ],
            [
                "表1 2023年主要指标",
                "指标 年末数（万人） 比重（%）",
                "林业 86.95 4.2",
                FULL + "完。",
            ],
            [1, 1, 1, 1],
        ),
        # short lines and finished sentences stand alone; an open comma always goes on
        (
            [
                [
                    "周 口 市 统 计 局",
                    "2024 年 4 月 29 日",
                    FULL + "。",
                    "其中，",
                    "城镇 392.66 万人。",
                ]
            ],
            ["周口市统计局", "2024年4月29日", FULL + "。", "其中，城镇392.66万人。"],
            [1, 1, 1, 1],
        ),
        # Latin words broken at the margin get their space back; `[2]1329.65` is not a footnote
        (
            [["Report on the work of the", "government."]],
            ["Report on the work of the government."],
            [1],
        ),
        (
            [[FULL[:-2] + "生产总", "值[2]1329.65亿元。"]],
            [FULL[:-2] + "生产总值[2]1329.65亿元。"],
            [1],
        ),
    ],
)
def test_pdf_paragraphs(pages: list[list[str]], paragraphs: list[str], starts: list[int]) -> None:
    page_lines = [pdf_text._page_lines("\n".join(lines)) for lines in pages]
    assert pdf_text._paragraphs(page_lines) == (paragraphs, starts)


@pytest.mark.parametrize(
    ("line", "is_page_number"),
    [
        ("- 1 -", True),
        ("— 12 —", True),
        ("-1-", True),
        ("第 3 页", True),
        ("3 / 21", True),
        ("- 1 - 2", False),
        ("2023", False),
        ("1.2", False),
    ],
)
def test_page_number_lines(line: str, is_page_number: bool) -> None:
    assert bool(PAGE_NUMBER.fullmatch(line)) is is_page_number


def test_page_spans_are_contiguous_and_keep_empty_pages() -> None:
    spans = pdf_text.page_spans(["一", "二三", "四"], [1, 1, 3], 4)
    assert spans == (Page(1, 0, 5), Page(2, 5, 5), Page(3, 5, 6), Page(4, 6, 6))


# --- real files -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def qiandongnan() -> Document:
    return load_document(QIANDONGNAN)


@pytest.fixture(scope="module")
def zhoukou() -> Document:
    return load_document(ZHOUKOU)


@needs_corpus
def test_real_pdf_qiandongnan(qiandongnan: Document) -> None:
    document = qiandongnan
    assert len(document.pages) == 21
    assert_contiguous(document)
    assert "第二产业增加值比重为22.1%、第三产业增加值比重为57.0%。" in document.text
    assert page_of(document, "第二产业增加值比重") == 1
    assert "全州生产总值[2]1329.65亿元，比上年增长4.0%" in document.text  # footnote mark intact
    assert page_of(document, "全州总户籍人口 4899310 100.0") == 2  # a table row, on its own line
    assert "\n一、综合\n" in document.text
    # the title is an image: the name gives title, year and issuer
    assert document.title == QIANDONGNAN.stem
    assert (document.year, document.issuer) == (2023, "黔东南苗族侗族自治州")


@needs_corpus
def test_real_pdf_zhoukou(zhoukou: Document) -> None:
    document = zhoukou
    assert len(document.pages) == 13
    assert_contiguous(document)
    assert document.title == "2023年周口市国民经济和社会发展统计公报"
    assert (document.year, document.issuer) == (2023, "周口市")
    assert page_of(document, "2023年全市港口货物吞吐量4081万吨") == 6
    # a paragraph that runs from page 3 onto page 4 belongs to page 3
    assert page_of(document, "牛奶产量4.32万吨，增长10.9%。") == 3
    assert "\n钢材 吨 1577693 48.8\n" in document.text
    assert "第二产业增加值增长6.0%" in document.text


@needs_corpus
@pytest.mark.parametrize("name", ["qiandongnan", "zhoukou"])
def test_real_pdfs_have_no_page_numbers(name: str, request: pytest.FixtureRequest) -> None:
    document: Document = request.getfixturevalue(name)
    lines = document.text.split("\n")
    assert not [line for line in lines if PAGE_NUMBER.fullmatch(line) or line.isdigit()]


def test_a_pdf_of_too_many_pages_is_refused(tmp_path: Path) -> None:
    import pypdf

    writer = pypdf.PdfWriter()
    for _ in range(pdf_text.MAX_PDF_PAGES + 1):
        writer.add_blank_page(width=72, height=72)
    path = tmp_path / "太长.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(
        DocumentError, match=f"{pdf_text.MAX_PDF_PAGES + 1} 页.*more than the limit"
    ):
        load_document(path)


@needs_corpus
def test_a_sentence_after_a_page_break_is_cited_on_its_own_page(qiandongnan: Document) -> None:
    """A paragraph that runs over a page break is one chunk; each of its sentences keeps the
    page it starts on (a person checking the citation turns to that page)."""
    chunks = chunk_document(qiandongnan, chunk_chars=Settings().chunk_chars)
    across = [chunk for chunk in chunks if chunk.page_breaks]
    assert across, "no chunk of the real PDF runs over a page break"
    for chunk in across:
        for s, _ in chunk.sentences:
            assert chunk.page_at(chunk.start + s) == qiandongnan.page_at(chunk.start + s)
    assert any(
        chunk.page_at(chunk.start + s) != chunk.page for chunk in across for s, _ in chunk.sentences
    )

"""PDF text layer -> paragraphs: reading pages with pypdf, then repairing what the layout broke.

Owns page-number lines (`- 1 -`), letter-spaced CJK (`第 二 产 业`), lines broken at the page
width (joined again, also across pages), flattened table rows (kept one per line), and the page
span of each paragraph. Lines are only dropped or joined and spaces removed: characters stay.
"""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path
from typing import Any

from assistant.errors import DocumentError
from assistant.reading.extraction import (
    SENTENCE_PUNCT,
    Extracted,
    cannot_read,
    clean_lines,
    require_parser,
)
from assistant.reading.headings import HEADING
from assistant.schema import Page

log = logging.getLogger(__name__)

MAX_PDF_PAGES = 2_000  # ten times the longest report seen; beyond, reading alone takes minutes
PAGE_IMAGE_WIDTH = 800  # pixels: sharp on a phone, small enough to send with an answer
FULL_LINE_SHARE = 0.75  # a PDF line this wide (share of the text width) was broken by the margin
_SPACES = " \t\u00a0\u3000"
# CJK ideographs, CJK and full-width punctuation, curly quotes, `—`, `…`: 第 ， 、 （ “
_CJK = "\u2e80-\u2fff\u3001-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uffef"
_CJK += "\u2014\u2018-\u201f\u2026"

# Page numbers: `- 1 -`, `— 12 —`, `-1-`, `第 3 页`, `3 / 21`
PAGE_NUMBER = re.compile(
    r"[-—–－~]{1,2}\s*\d{1,4}\s*[-—–－~]{1,2}|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
)
# A bare number, a page number only as the first or last line of a page: `12`
BARE_NUMBER = re.compile(r"\d{1,4}")
# Spaces touching a CJK character: `第 二 产 业` -> `第二产业`, `增长 4.8% 、` -> `增长4.8%、`
SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])[{_SPACES}]+|[{_SPACES}]+(?=[{_CJK}])")
# A character printed square (the rest are about half as wide): `第` `，` `“`
CJK_CHAR = re.compile(f"[{_CJK}]")
# One ideograph: letter-spaced table cells `林 业 86.95` -> `林业 86.95`
SINGLE_IDEOGRAPH = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
# A table caption; the line after it is the table header: `表 1 2023 年末周口市常住人口数及其构成`
CAPTION = re.compile(r"表\s*\d+")
# Lines that start a paragraph: `图 1 …` `单位：万吨` `注释：` `[3]三次产业…` `——经济…` `各位代表：`
STANDALONE = re.compile(
    r"[表图]\s*\d+|单位\s*[：:]|注释?\s*[：:]|资料来源\s*[：:]|\[\d+\](?=\D)|——|各位代表"
)
# A table cell holding a figure: `866.60`, `-3.2`, `45.31%`, `1,200`, `—`
NUMBER_CELL = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?[%‰]?|[-—]")
# The end of a paragraph: `。` `！` `？`, maybe with closing quotes or brackets: `。”`
PARAGRAPH_END = re.compile(r"[。！？!?][”’」』）)]*$")
# A line that surely goes on: `其中，` `电力、` `（`
OPEN_END = re.compile(r"[，,、（(“‘《]$")


def read_pdf(data: bytes, name: str) -> Extracted:
    """Paragraphs of the text layer, the page each starts on, the page count and metadata title."""
    texts, meta_title = _page_texts(data, name)
    pages = [_page_lines(text) for text in texts]
    if sum(len(line) for lines in pages for line in lines) < 10 * len(pages):
        zh = "PDF 没有文字层（可能是扫描件），暂不支持 OCR"
        raise cannot_read(name, zh, "the PDF has no text layer (a scan?); OCR is not supported")
    paragraphs, starts = _paragraphs(pages)
    return Extracted(paragraphs, starts, len(pages), meta_title)


def _page_texts(data: bytes, name: str) -> tuple[list[str], str]:
    """The text of each page, and the metadata title."""
    pypdf = require_parser("pypdf", "pypdf", name)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not _decrypts(reader):
            zh, en = (
                "PDF 已加密，请先解除密码保护",
                "the PDF is encrypted; remove the password first",
            )
            raise cannot_read(name, zh, en)
        _check_page_count(len(reader.pages), name)
        return [page.extract_text() or "" for page in reader.pages], _meta_title(reader)
    except DocumentError:
        raise
    except Exception as error:
        log.debug("pypdf failed on %s: %r", name, error)
        raise cannot_read(name, "不是有效的 PDF", "not a valid PDF") from error


def _check_page_count(pages: int, name: str) -> None:
    if pages > MAX_PDF_PAGES:
        raise cannot_read(
            name,
            f"PDF 有 {pages} 页，超过上限 {MAX_PDF_PAGES} 页",
            f"the PDF has {pages} pages, more than the limit of {MAX_PDF_PAGES}",
        )


def _meta_title(reader: Any) -> str:
    try:
        return str(reader.metadata.title or "") if reader.metadata else ""
    except Exception:  # broken metadata does not make the pages unreadable
        return ""


def _decrypts(reader: Any) -> bool:
    """Whether the empty user password opens the PDF (owner-only protection)."""
    try:
        return bool(reader.decrypt(""))
    except Exception:  # e.g. AES without the `cryptography` package
        return False


def _page_lines(text: str) -> list[str]:
    """A page's lines without page numbers (nor the NULs some embedded fonts leave)."""
    lines = clean_lines(text.replace("\x00", "").splitlines())
    lines = [line for line in lines if not PAGE_NUMBER.fullmatch(line)]
    if lines and BARE_NUMBER.fullmatch(lines[0]):
        lines.pop(0)
    if lines and BARE_NUMBER.fullmatch(lines[-1]):
        lines.pop()
    return lines


def _paragraphs(pages: list[list[str]]) -> tuple[list[str], list[int]]:
    """Join lines broken at the margin (also across pages); the page each paragraph starts on."""
    flat = [(number, line) for number, lines in enumerate(pages, 1) for line in lines]
    kinds = _line_kinds([line for _, line in flat])
    limit = _full_width([line for (_, line), k in zip(flat, kinds, strict=True) if k == "prose"])
    paragraphs: list[str] = []
    starts: list[int] = []
    previous = ("", "table")
    for (number, line), kind in zip(flat, kinds, strict=True):
        text = _despace_table(line) if kind == "table" else SPACE_NEAR_CJK.sub("", line)
        if _continues(previous, kind, limit):
            paragraphs[-1] = _glue(paragraphs[-1], text)
        else:
            paragraphs.append(text)
            starts.append(number)
        previous = (line, kind)
    return paragraphs, starts


def _line_kinds(lines: list[str]) -> list[str]:
    """`table` (a row, or the header after a caption), `start` (a heading…) or `prose`."""
    kinds = []
    compact = [SPACE_NEAR_CJK.sub("", line) for line in lines]  # `一 、综 合` -> `一、综合`
    for i, line in enumerate(compact):
        after_caption = i and CAPTION.match(compact[i - 1]) and not HEADING.match(line)
        if _is_table_row(lines[i]) or after_caption:
            kinds.append("table")
        elif HEADING.match(line) or STANDALONE.match(line):
            kinds.append("start")
        else:
            kinds.append("prose")
    return kinds


def _is_table_row(line: str) -> bool:
    """A flattened table row ends in a figure, without clauses: `全州总户籍人口 4899310 100.0`."""
    cells = line.split()
    figure = len(cells) > 1 and NUMBER_CELL.fullmatch(cells[-1]) is not None
    return figure and not SENTENCE_PUNCT.search(line)


def _width(line: str) -> float:
    """Printed width in em, not counting the gaps of letter-spaced text."""
    text = SPACE_NEAR_CJK.sub("", line)
    return (len(text) + len(CJK_CHAR.findall(text))) / 2


def _full_width(prose: list[str]) -> float:
    """The width from which a line counts as running to the right margin."""
    widths = sorted(_width(line) for line in prose)
    return FULL_LINE_SHARE * widths[int(len(widths) * 0.9)] if widths else float("inf")


def _continues(previous: tuple[str, str], kind: str, limit: float) -> bool:
    """Whether a line of `kind` goes on the paragraph that `previous` (raw line, kind) ends."""
    before, before_kind = previous
    if before_kind == "table" or kind != "prose" or PARAGRAPH_END.search(before):
        return False
    return bool(OPEN_END.search(before)) or _width(before) >= limit


def _glue(head: str, tail: str) -> str:
    """Join a broken line: nothing between CJK characters, a space between two Latin words."""
    latin = all(ch.isascii() and ch.isalpha() for ch in head[-1:] + tail[:1])
    return f"{head} {tail}" if latin and head and tail else head + tail


def _despace_table(line: str) -> str:
    """Join letter-spaced single characters, keep the gaps between cells: `水 产 品 96.8`."""
    cells: list[str] = []
    joinable = False
    for token in line.split():
        single = SINGLE_IDEOGRAPH.fullmatch(token) is not None
        if single and joinable:
            cells[-1] += token
        else:
            cells.append(token)
        joinable = single
    return " ".join(cells)


def page_spans(lines: list[str], starts: list[int], page_count: int) -> tuple[Page, ...]:
    """Contiguous spans over the text, one per page; a page that starts no paragraph is empty."""
    if not page_count:
        return ()
    first: dict[int, int] = {}
    offset = 0
    for line, page in zip(lines, starts, strict=True):
        first.setdefault(page, offset)
        offset += len(line) + 1
    spans: list[Page] = []
    end = max(offset - 1, 0)
    for number in range(page_count, 0, -1):
        start = first.get(number, end)
        spans.append(Page(number, start, end))
        end = start
    return tuple(reversed(spans))


def page_image(path: Path, number: int, *, width: int = PAGE_IMAGE_WIDTH) -> bytes:
    """Page `number` (1-based) of the PDF at `path` as a greyscale PNG, `width` pixels wide,
    rendered offline by pypdfium2."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        page = document[number - 1]
        scale = width / page.get_width()
        # grey: a third of the bytes of colour for pages of text, sent with every answer
        image = page.render(scale=scale, grayscale=True).to_pil()
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", optimize=True)
        return buffer.getvalue()
    finally:
        document.close()

"""Reports on disk -> `Document`: finding files, decoding, extracting and cleaning text.

Owns the rules that make `Document.text` (one paragraph per line; every offset in the system
points into it): text encodings, web-page chrome, PDF page numbers, letter-spaced CJK, lines
broken at the page width, PDF page spans, docx tables, and title / year / issuer metadata.
Lines are only dropped or joined and spaces removed: characters, masks (`****`) too, stay.
"""

from __future__ import annotations

import codecs
import hashlib
import importlib
import io
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.errors import DocumentError
from assistant.schema import Document, Page

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".txt", ".md", ".pdf", ".docx"})
MAX_FILE_BYTES = 100 * 1024 * 1024
FULL_LINE_SHARE = 0.75  # a PDF line this wide (share of the text width) was broken by the margin
_BOMS = {
    codecs.BOM_UTF8: "utf-8",
    codecs.BOM_UTF16_LE: "utf-16-le",
    codecs.BOM_UTF16_BE: "utf-16-be",
}
_NOT_TEXT = (
    "不是文本文件，或编码不是 UTF-8/GBK/GB18030",
    "not a text file, or not UTF-8/GBK/GB18030",
)
_ARROWS = (">", "›", "»")  # breadcrumb separators, each on a line of its own
_SPACES = " \t\u00a0\u3000"
# CJK ideographs, CJK and full-width punctuation, curly quotes, `—`, `…`: 第 ， 、 （ “
_CJK = "\u2e80-\u2fff\u3001-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uffef"
_CJK += "\u2014\u2018-\u201f\u2026"

# Control and private-use characters: what GB18030 makes of bytes that are not text
ODD_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ue000-\uf8ff]")
# Markdown heading marker (.md only; `**` is a mask in these reports, never emphasis): `## 一、综合`
MD_HEADING = re.compile(r"^#{1,6}\s+")
# Section headings: `一、` `（一）` `(二)` `1.` `（1）` `第一章`
HEADING = re.compile(
    r"[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}[.．、](?!\d)"
    r"|[（(]\d{1,2}[）)]|第[一二三四五六七八九十百零\d]+[章节篇部]"
)
# Clause punctuation, never in a title, a menu item or a table row: `，` `。` `；`
SENTENCE_PUNCT = re.compile(r"[，。；！？]")

# --- web-page chrome, whole lines ---------------------------------------------------------------
# Widgets, navigation: `下载` `打印` `收藏` `分享到:` `关闭窗口` `首页` `>` `【字号：大 中 小】`
CHROME_LINE = re.compile(
    r"下载|打印|全屏|收藏|分享(?:到)?\s*[：:]?|分享到微信|打印本页|关闭窗口|扫一扫在手机打开当前页"
    r"|首页|[|×>›»【】]|(?:您的|当前)位置\s*[：:]|》》点击图片进入专题《《|【字[号体]\s*[：:].{0,12}】"
)
# A font-size widget over several lines, up to the one ending in `】`: `【字号：` `加大` `减小` `】`
FONT_WIDGET = re.compile(r"【字[号体]\s*[：:]")
# Source, time, editor: `来源：解放日报` `（来源：青海日报）` `时间：2026-02-09` `编辑：何继红`
META_LINE = re.compile(
    r"[（(]?(?:来源|(?:发表|发布)?时间|(?:责任)?编辑|阅读量|浏览次数|原标题)\s*[：:].{0,30}"
)
# The same label with its value on the next line: `来源:` then `四川日报`
META_LABEL = re.compile(r"(?:来源|(?:发表|发布)?时间|(?:责任)?编辑|阅读量|浏览次数)\s*[：:]")
# A bare timestamp: `2026-02-03 09:02:33`, `2026年02月10日 07时41分`
TIMESTAMP = re.compile(r"\d{4}[-/年]\d\d?[-/月]\d\d?日?\s*\d\d?[:：时]\d\d(?:[:：分]\d\d秒?|分)?")
# Photo captions: `殷勇同志作政府工作报告。本报记者 戴冰摄`, `…政府工作报告。甘肃日报记者 盛学卿`
PHOTO_CAPTION = re.compile(r".{0,80}记者.{0,15}摄[）)]?|.{0,60}政府工作报告。.{0,25}记者.{0,10}")
# A comment left by an HTML-to-text converter: `<!-- 陈吉宁同志作政府工作报告。 -->`
HTML_COMMENT = re.compile(r"<!--.*-->")
# A web page's trailer, dropped with all that follows: `相关报道：` `相关文档：` `相关附件>>`
TRAILER = re.compile(r"相关(?:报道|文档|附件|链接|阅读|新闻)\s*(?:[：:]|>>)?")

# --- PDF lines ----------------------------------------------------------------------------------
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

# --- metadata -----------------------------------------------------------------------------------
# Words that make a first line a title: `2023年北京市政府工作报告`, `…统计公报`
REPORT_WORD = re.compile(r"报告|公报|工作情况|谋划|纲要|规划|计划|总结")
# A year on its own, not inside a hash: `2023年`, `_2023_`; not `a2023b`
YEAR = re.compile(r"(?<![0-9A-Za-z])(\d{4})(?![0-9A-Za-z])")
# A year leading a file name: `2023_北京市_…`, `2021-08_邢台市_…`, `2025年上海市…`
LEADING_YEAR = re.compile(r"(\d{4})(?:[-_.年\s]|$)")
# Corpus file names: `2023_北京市_政府工作报告` -> year, body, kind
STEM_PARTS = re.compile(r"(\d{4})(?:-\d{1,2})?_([^_]+)_(.+)")
# A government body: `北京市`, `外海街道`, `黔东南苗族侗族自治州`, `内蒙古自治区`
ISSUER = re.compile(
    r"[\u4e00-\u9fff]{1,12}?(?:特别行政区|自治区|自治州|自治县|自治旗|街道|省|市|县|区|州|盟|旗|镇|乡)"
)
# Where an issuer may start in a title: after `2023年` or any non-CJK run
ISSUER_SPLIT = re.compile(r"\d{4}年|[^\u4e00-\u9fff]+")
# A body named in a corpus file name: `国务院`, `宁夏`
CJK_NAME = re.compile(r"[\u4e00-\u9fff]{2,15}")


@dataclass
class _Extracted:
    """Lines of a file before chrome removal; `starts[i]`: the PDF page line i starts on."""

    lines: list[str]
    starts: list[int]
    page_count: int = 0
    meta_title: str = ""


def find_document_files(paths: Iterable[str | Path]) -> list[Path]:
    """Supported files among `paths` and in folders under them (sorted, hidden ones left out)."""
    found: list[Path] = []
    for given in map(Path, paths):
        if not given.exists():
            raise DocumentError(
                f"找不到：{given}，请检查路径。", f"Not found: {given}; check the path."
            )
        found.extend(_files_in(given) if given.is_dir() else _supported([given]))
    return list(dict.fromkeys(found))


def _files_in(folder: Path) -> list[Path]:
    files = sorted(path for path in folder.rglob("*") if path.is_file())
    return _supported([path for path in files if not _is_hidden(path.relative_to(folder))])


def _is_hidden(relative: Path) -> bool:
    """`.git/…`, `.notes.txt`, and Word's lock files `~$报告.docx`."""
    return any(part.startswith((".", "~$")) for part in relative.parts)


def _supported(files: list[Path]) -> list[Path]:
    kept = [path for path in files if path.suffix.lower() in SUPPORTED_SUFFIXES]
    for path in sorted(set(files) - set(kept)):
        log.info("skipping %s: not one of %s", path, " ".join(sorted(SUPPORTED_SUFFIXES)))
    return kept


def read_text_file(data: bytes) -> str:
    """Decode a text file: UTF-8 with BOM (or UTF-16 with BOM), UTF-8, then GB18030 (GBK)."""
    text = _decode(data)
    if text is None:
        raise DocumentError(f"无法读取：{_NOT_TEXT[0]}。", f"Cannot read: {_NOT_TEXT[1]}.")
    return text


def _decode(data: bytes) -> str | None:
    boms = [(data[len(bom) :], codec) for bom, codec in _BOMS.items() if data.startswith(bom)]
    for payload, codec in boms[:1] or [(data, "utf-8"), (data, "gb18030")]:
        try:
            text = payload.decode(codec)
        except UnicodeDecodeError:
            continue
        return None if "\x00" in text or len(ODD_CHARS.findall(text)) > len(text) // 100 else text
    return None


def _cannot_read(name: str, zh: str, en: str) -> DocumentError:
    return DocumentError(f"无法读取文件 {name}：{zh}。", f"Cannot read {name}: {en}.")


def _require(module: str, package: str, name: str) -> Any:
    """Import a parser, or say which package to install."""
    try:
        return importlib.import_module(module)
    except ImportError as error:
        zh, en = f"缺少 {package}，请运行 pip install {package}", f"run pip install {package}"
        raise _cannot_read(name, zh, en) from error


def load_document(path: str | Path) -> Document:
    """Read one report and clean its text; raises DocumentError when it cannot be read."""
    path = Path(path)
    data = _read_bytes(path)
    raw = _extract(path, data)
    keep = _chrome_mask(raw.lines)
    lines = [line for line, kept in zip(raw.lines, keep, strict=True) if kept]
    if not lines:
        raise _cannot_read(path.name, "文件是空的或没有文字", "the file is empty or has no text")
    starts = [start for start, kept in zip(raw.starts, keep, strict=False) if kept]
    title = _title(lines[0], raw.meta_title, path.stem)
    return Document(
        doc_id=hashlib.sha256(path.name.encode("utf-8")).hexdigest()[:12],
        title=title,
        year=_year(path.name, title, path.stem),
        path=str(path),
        text="\n".join(lines),
        sha256=hashlib.sha256(data).hexdigest(),
        pages=_page_spans(lines, starts, raw.page_count),
        issuer=_issuer(title, path.stem),
    )


def _read_bytes(path: Path) -> bytes:
    name, kinds = path.name, " ".join(sorted(SUPPORTED_SUFFIXES))
    if not path.exists():
        raise DocumentError(
            f"找不到文件：{path}，请检查路径。", f"File not found: {path}; check the path."
        )
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise _cannot_read(
            name, f"不支持的文件类型，请用 {kinds}", f"unsupported file type; use {kinds}"
        )
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            limit = f"{MAX_FILE_BYTES // 2**20} MB"
            raise _cannot_read(
                name, f"文件过大（超过 {limit}）", f"the file is too large (over {limit})"
            )
        return path.read_bytes()
    except OSError as error:
        raise _cannot_read(name, str(error.strerror), str(error.strerror)) from error


def _extract(path: Path, data: bytes) -> _Extracted:
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return _read_pdf(data, path.name)
    if suffix == ".docx":
        lines, title = _read_docx(data, path.name)
        return _Extracted(_clean_lines(lines), [], meta_title=title)
    text = _decode(data)
    if text is None:
        raise _cannot_read(path.name, *_NOT_TEXT)
    lines = text.splitlines()
    if suffix == ".md":
        lines = [MD_HEADING.sub("", line.strip()) for line in lines]
    return _Extracted(_clean_lines(lines), [])


def _clean_lines(lines: Iterable[str]) -> list[str]:
    """Lines stripped of surrounding (also full-width, zero-width) spaces; empty ones dropped."""
    stripped = (line.strip().strip("\u200b\ufeff").strip() for line in lines)
    return [line for line in stripped if line]


# --- web-page chrome ----------------------------------------------------------------------------


def _chrome_mask(lines: list[str]) -> list[bool]:
    """Which lines to keep: web-page chrome goes, report content always stays."""
    end = _trailer_start(lines)
    keep = [i < end for i in range(len(lines))]
    for i, line in enumerate(lines[:end]):  # breadcrumbs: `首页` `>` `云南要闻`
        for j in (i - 1, i + 1) if line in _ARROWS else ():
            if 0 <= j < end and _is_label(lines[j]):
                keep[j] = False
    widget = 0  # lines left inside a font-size widget
    for i, line in enumerate(lines[:end]):
        if widget:
            widget, keep[i] = (0 if line.endswith("】") else widget - 1), False
        elif FONT_WIDGET.match(line) and not line.endswith("】"):
            widget, keep[i] = 8, False
        elif _is_chrome(line) or (i and not keep[i - 1] and line == lines[i - 1]):
            keep[i] = False
            if META_LABEL.fullmatch(line) and i + 1 < end and _is_label(lines[i + 1]):
                keep[i + 1] = False
    return keep


def _trailer_start(lines: list[str]) -> int:
    """Where a trailer (`相关报道：` …) begins, looked for in the second half only."""
    half = len(lines) // 2
    return next((i for i in range(half, len(lines)) if TRAILER.fullmatch(lines[i])), len(lines))


def _is_chrome(line: str) -> bool:
    patterns = (CHROME_LINE, META_LINE, TIMESTAMP, PHOTO_CAPTION, HTML_COMMENT)
    return len(line) < 120 and any(pattern.fullmatch(line) for pattern in patterns)


def _is_label(line: str) -> bool:
    """A short value or menu item, never a sentence: `四川日报`, `李莎莎`, `政务信息`."""
    return len(line) <= 15 and not SENTENCE_PUNCT.search(line) and not HEADING.match(line)


# --- PDF ----------------------------------------------------------------------------------------


def _read_pdf(data: bytes, name: str) -> _Extracted:
    texts, meta_title = _pdf_page_texts(data, name)
    pages = [_pdf_page_lines(text) for text in texts]
    if sum(len(line) for lines in pages for line in lines) < 10 * len(pages):
        zh = "PDF 没有文字层（可能是扫描件），暂不支持 OCR"
        raise _cannot_read(name, zh, "the PDF has no text layer (a scan?); OCR is not supported")
    paragraphs, starts = _pdf_paragraphs(pages)
    return _Extracted(paragraphs, starts, len(pages), meta_title)


def _pdf_page_texts(data: bytes, name: str) -> tuple[list[str], str]:
    """The text of each page, and the metadata title."""
    pypdf = _require("pypdf", "pypdf", name)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not _decrypts(reader):
            zh, en = (
                "PDF 已加密，请先解除密码保护",
                "the PDF is encrypted; remove the password first",
            )
            raise _cannot_read(name, zh, en)
        return [page.extract_text() or "" for page in reader.pages], _meta_title(reader)
    except DocumentError:
        raise
    except Exception as error:
        log.debug("pypdf failed on %s: %r", name, error)
        raise _cannot_read(name, "不是有效的 PDF", "not a valid PDF") from error


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


def _pdf_page_lines(text: str) -> list[str]:
    """A page's lines without page numbers (nor the NULs some embedded fonts leave)."""
    lines = _clean_lines(text.replace("\x00", "").splitlines())
    lines = [line for line in lines if not PAGE_NUMBER.fullmatch(line)]
    if lines and BARE_NUMBER.fullmatch(lines[0]):
        lines.pop(0)
    if lines and BARE_NUMBER.fullmatch(lines[-1]):
        lines.pop()
    return lines


def _pdf_paragraphs(pages: list[list[str]]) -> tuple[list[str], list[int]]:
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


def _page_spans(lines: list[str], starts: list[int], page_count: int) -> tuple[Page, ...]:
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


# --- docx ---------------------------------------------------------------------------------------


def _read_docx(data: bytes, name: str) -> tuple[list[str], str]:
    """Paragraphs and table rows (cells joined by ` | `) in document order, and the title."""
    docx = _require("docx", "python-docx", name)
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for block in _docx_blocks(document.element.body):
            if block.tag.endswith("}tbl"):
                lines.extend(_table_rows(Table(block, document)))
            else:
                lines.append(Paragraph(block, document).text)
        return lines, document.core_properties.title or ""
    except Exception as error:
        log.debug("python-docx failed on %s: %r", name, error)
        zh, en = "不是有效的 Word（.docx）文件", "not a valid Word (.docx) file"
        raise _cannot_read(name, zh, en) from error


def _docx_blocks(element: Any) -> Iterator[Any]:
    """Body paragraphs and tables in order, also inside content controls (`w:sdt`)."""
    for child in element.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag in ("p", "tbl"):
            yield child
        elif tag in ("sdt", "sdtContent"):
            yield from _docx_blocks(child)


def _table_rows(table: Any) -> list[str]:
    """One line per row; a merged cell, repeated by python-docx, is written once."""
    rows = []
    for row in table.rows:
        seen: list[Any] = []
        cells = []
        for cell in row.cells:
            if not any(cell._tc is tc for tc in seen):
                seen.append(cell._tc)
                cells.append(" ".join(cell.text.split()))
        if any(cells):
            rows.append(" | ".join(cell for cell in cells if cell))
    return rows


# --- metadata -----------------------------------------------------------------------------------


def _title(first_line: str, meta_title: str, stem: str) -> str:
    """The first line if it is a title, else a meaningful metadata title, else the file name."""
    from_stem = _title_from_stem(stem)
    for candidate in (first_line, meta_title.strip()):
        if _looks_like_title(candidate) and (_issuer_in(candidate) or not _issuer_in(from_stem)):
            return candidate
    return from_stem


def _looks_like_title(line: str) -> bool:
    short = 0 < len(line) < 60 and "。" not in line and "；" not in line and line[:2] != "——"
    chrome = HEADING.match(line) or META_LINE.fullmatch(line)
    return short and not chrome and REPORT_WORD.search(line) is not None


def _title_from_stem(stem: str) -> str:
    """`2023_北京市_政府工作报告` -> `2023年北京市政府工作报告`; other names stay as they are."""
    match = STEM_PARTS.fullmatch(stem)
    return f"{match[1]}年{match[2]}{match[3].replace('_', '')}" if match else stem


def _year(name: str, title: str, stem: str) -> int | None:
    """A year leading the file name, else the latest year in the title or the file name."""
    match = LEADING_YEAR.match(name)
    if match and 1949 <= int(match[1]) <= 2100:
        return int(match[1])
    years = [int(year) for year in YEAR.findall(f"{title} {stem}") if 1949 <= int(year) <= 2100]
    return max(years, default=None)


def _issuer(title: str, stem: str) -> str | None:
    """The body in a corpus file name (`2023_北京市_…`), else one that starts the title or name."""
    match = STEM_PARTS.fullmatch(stem)
    if match and CJK_NAME.fullmatch(match[2]):
        return match[2]
    return _issuer_in(title) or _issuer_in(stem)


def _issuer_in(text: str) -> str | None:
    matches = (ISSUER.match(piece) for piece in ISSUER_SPLIT.split(text))
    return next((match[0] for match in matches if match), None)

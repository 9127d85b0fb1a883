"""Reports on disk -> `Document`: finding files, reading and decoding them, title / year / issuer.

`Document.text` has one paragraph per line, and every offset in the system points into it. The
format readers make the lines (`pdf_text`, `docx_text`, text decoding here), `web_cleanup` drops
web-page chrome, and this module puts the document together; lines are only dropped or joined
and spaces removed: characters, masks (`****`) too, stay.
"""

from __future__ import annotations

import codecs
import hashlib
import logging
import os
import re
from collections.abc import Iterable
from pathlib import Path

from assistant.config import MAX_REPORT_CHARS
from assistant.errors import DocumentError
from assistant.reading.docx_text import read_docx
from assistant.reading.extraction import Extracted, cannot_read, clean_lines
from assistant.reading.headings import HEADING
from assistant.reading.pdf_text import PAGE_NUMBER, page_spans, read_pdf
from assistant.reading.web_cleanup import META_LINE, chrome_mask
from assistant.schema import Document

__all__ = [
    "MAX_FILE_BYTES",
    "PAGE_NUMBER",
    "SUPPORTED_SUFFIXES",
    "find_document_files",
    "load_document",
    "read_text_file",
    "shown_name",
]

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".txt", ".md", ".pdf", ".docx"})
MAX_FILE_BYTES = 100 * 1024 * 1024
_BOMS = {
    codecs.BOM_UTF8: "utf-8",
    codecs.BOM_UTF16_LE: "utf-16-le",
    codecs.BOM_UTF16_BE: "utf-16-be",
}
_NOT_TEXT = (
    "不是文本文件，或编码不是 UTF-8/GBK/GB18030",
    "not a text file, or not UTF-8/GBK/GB18030",
)

# Control and private-use characters: what GB18030 makes of bytes that are not text
ODD_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ue000-\uf8ff]")
# Markdown heading marker (.md only; `**` is a mask in these reports, never emphasis): `## 一、综合`
MD_HEADING = re.compile(r"^#{1,6}\s+")

# --- metadata -----------------------------------------------------------------------------------
# Words that make a first line a title: `2023年北京市政府工作报告`, `…统计公报`
# A first line this short with no sentence punctuation is a name: `白岳峰`, `外海街道`.
MAX_BARE_TITLE_CHARS = 30
# Punctuation a name does not hold: `各位代表：`, `一是…，`
NOT_IN_TITLES = re.compile(r"[，,。；;：:！？!?、]")
REPORT_WORD = re.compile(r"报告|公报|工作情况|谋划|纲要|规划|计划|总结")
# A congress's resolution (`…会议关于深圳市人民政府工作报告的决议`), which some files print above
# the report: no title itself, it names the report it approves
RESOLUTION = re.compile(r".*?关于(?P<approved>.+)的决议|.*决议")
# A year on its own in a file name, not inside a hash: `_2023_`, `2023年`; not `a2023b`
NAME_YEAR = re.compile(r"(?<![0-9A-Za-z])(\d{4})(?![0-9A-Za-z])")
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


def load_document(path: str | Path, *, max_chars: int = MAX_REPORT_CHARS) -> Document:
    """Read one report and clean its text; raises DocumentError when it cannot be read.

    A report longer than `max_chars` characters is refused: embedding it would take hours.
    """
    path = Path(path)
    data = _read_bytes(path)
    raw = _extract(path, data)
    _check_length(raw, path.name, max_chars)
    keep = chrome_mask(raw.lines)
    lines = [line for line, kept in zip(raw.lines, keep, strict=True) if kept]
    if not lines:
        raise cannot_read(path.name, "文件是空的或没有文字", "the file is empty or has no text")
    starts = [start for start, kept in zip(raw.starts, keep, strict=False) if kept]
    # search.years owns the year parser; imported here because search imports index, which
    # imports this module
    from assistant.search.years import delivery_date, planned_year

    title = _title(_first_line(lines), raw.meta_title, path.stem)
    text = "\n".join(lines)
    delivered = delivery_date(text)
    return Document(
        doc_id=hashlib.sha256(path.name.encode("utf-8")).hexdigest()[:12],
        title=title,
        year=planned_year(delivered) if delivered else _year(path.name, title, path.stem),
        path=str(path),
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        pages=page_spans(lines, starts, raw.page_count),
        issuer=_issuer(title, path.stem),
        delivered=delivered.isoformat() if delivered else None,
    )


def shown_name(path: str | Path) -> str:
    """A path as text that can always be printed or sent: bytes that are not UTF-8 as `\\xb1`.

    A name written on a GBK system reaches Python as surrogates (`\\udcb1`), which every UTF-8
    encoder (JSON, HTML, the terminal) refuses.
    """
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _read_bytes(path: Path) -> bytes:
    name, kinds = shown_name(path.name), " ".join(sorted(SUPPORTED_SUFFIXES))
    if name != path.name:
        raise cannot_read(
            name,
            "文件名不是 UTF-8 编码（可能是 GBK），请重命名后再添加",
            "the file name is not UTF-8 (GBK?); rename the file",
        )
    if not path.exists():
        raise DocumentError(
            f"找不到文件：{path}，请检查路径。", f"File not found: {path}; check the path."
        )
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise cannot_read(
            name, f"不支持的文件类型，请用 {kinds}", f"unsupported file type; use {kinds}"
        )
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            limit = f"{MAX_FILE_BYTES // 2**20} MB"
            raise cannot_read(
                name, f"文件过大（超过 {limit}）", f"the file is too large (over {limit})"
            )
        return path.read_bytes()
    except OSError as error:
        raise cannot_read(name, str(error.strerror), str(error.strerror)) from error


def _check_length(raw: Extracted, name: str, max_chars: int) -> None:
    chars = sum(len(line) for line in raw.lines)
    if chars > max_chars:
        raise cannot_read(
            name,
            f"报告有 {chars:,} 字，超过上限 {max_chars:,} 字"
            "（可用环境变量 ASSISTANT_MAX_REPORT_CHARS 提高上限）",
            f"the report holds {chars:,} characters, more than the limit of {max_chars:,} "
            "(set ASSISTANT_MAX_REPORT_CHARS to raise it)",
        )


def _extract(path: Path, data: bytes) -> Extracted:
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return read_pdf(data, path.name)
    if suffix == ".docx":
        return read_docx(data, path.name)
    text = _decode(data)
    if text is None:
        raise cannot_read(path.name, *_NOT_TEXT)
    lines = text.splitlines()
    if suffix == ".md":
        lines = [MD_HEADING.sub("", line.strip()) for line in lines]
    return Extracted(clean_lines(lines), [])


# --- metadata -----------------------------------------------------------------------------------


def _first_line(lines: list[str]) -> str:
    """The title line; a title set over two lines (`黔东南苗族侗族自治州` above
    `2016年国民经济和社会发展统计公报`) is joined: the place line alone names no report."""
    if len(lines) > 1 and _is_place_line(lines[0]) and _looks_like_title(lines[1]):
        return lines[0] + lines[1]
    return lines[0]


def _is_place_line(line: str) -> bool:
    match = ISSUER.fullmatch(line)
    return match is not None and REPORT_WORD.search(line) is None


def _title(first_line: str, meta_title: str, stem: str) -> str:
    """The first line if it is a title, else a meaningful metadata title, else the file name;
    a file name naming no report gives way to the report a resolution above it approves, or to
    a first line that is a bare name."""
    from_stem = _title_from_stem(stem)
    for candidate in (first_line, meta_title.strip()):
        if _looks_like_title(candidate) and (_issuer_in(candidate) or not _issuer_in(from_stem)):
            return candidate
    if REPORT_WORD.search(from_stem) is None:
        resolution = RESOLUTION.fullmatch(first_line.strip())
        approved = resolution["approved"] if resolution else None
        if approved and _looks_like_title(approved):
            return approved  # `…会议关于深圳市人民政府工作报告的决议`: 深圳市人民政府工作报告
        if _is_bare_name(first_line):
            return first_line  # `DEV_0.txt` whose first line is `白岳峰`: the line names it
    return from_stem


def _looks_like_title(line: str) -> bool:
    """A short line naming a report; not the congress's resolution on it (`…关于深圳市人民政府
    工作报告的决议`), which some files print above the report's own title."""
    short = 0 < len(line) < 60 and "。" not in line and "；" not in line and line[:2] != "——"
    chrome = HEADING.match(line) or META_LINE.fullmatch(line)
    resolution = RESOLUTION.fullmatch(line.strip()) is not None
    return short and not chrome and not resolution and REPORT_WORD.search(line) is not None


def _is_bare_name(line: str) -> bool:
    """A short line with no sentence punctuation, such as an article title (`白岳峰`); as the
    document's title it is never quoted as an answer."""
    short = 0 < len(line.strip()) <= MAX_BARE_TITLE_CHARS and not NOT_IN_TITLES.search(line)
    return short and not HEADING.match(line) and not META_LINE.fullmatch(line)


def _title_from_stem(stem: str) -> str:
    """`2023_北京市_政府工作报告` -> `2023年北京市政府工作报告`; other names stay as they are."""
    match = STEM_PARTS.fullmatch(stem)
    return f"{match[1]}年{match[2]}{match[3].replace('_', '')}" if match else stem


def _year(name: str, title: str, stem: str) -> int | None:
    """Without a date line: a year leading the file name, else the latest year in the title
    or the file name (a name can be wrong, which is why the date line comes first). When the
    title holds years and none is the name's, the title wins: a file named `2023年洛阳市…公报`
    whose text is `黔东南…2016年…统计公报` is the 2016 bulletin."""
    from assistant.search.years import explicit_years, is_year  # see load_document

    match = LEADING_YEAR.match(name)
    leading = int(match[1]) if match and is_year(match[1]) else None
    in_name = {leading} if leading else {int(y) for y in NAME_YEAR.findall(stem) if is_year(y)}
    in_title = explicit_years(title)
    if in_title and not in_title & in_name:
        return max(in_title)
    return leading or max(in_title | in_name, default=None)


def _issuer(title: str, stem: str) -> str | None:
    """The body in a corpus file name (`2023_北京市_…`), else one that starts the title or name
    of a report. An article's title (`广州大学法学院`, `西土城站 (北京市)`) names a place it is
    about, not a body that issued it: asked about 北京大学, the place filter must not keep only
    the articles titled 北京."""
    match = STEM_PARTS.fullmatch(stem)
    if match and CJK_NAME.fullmatch(match[2]):
        return match[2]
    if not REPORT_WORD.search(f"{title} {stem}"):
        return None
    return _issuer_in(title) or _issuer_in(stem)


def _issuer_in(text: str) -> str | None:
    matches = (ISSUER.match(piece) for piece in ISSUER_SPLIT.split(text))
    return next((match[0] for match in matches if match), None)

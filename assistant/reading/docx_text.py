"""Word (.docx) files -> lines: body paragraphs and table rows in document order, and the title.

A table stands where it stands in the document, one line per row, cells joined by ` | `.
"""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Iterator
from typing import Any

from assistant.reading.extraction import Extracted, cannot_read, clean_lines, require_parser

log = logging.getLogger(__name__)

# A .docx is a zip; a small one can unpack to gigabytes (a zip bomb). What the zip's directory
# declares is checked before anything is unpacked, and Python's zipfile never unpacks more of
# a part than declared. A real report: a few MB unpacked, 20-100 parts.
MAX_DOCX_UNPACKED = 200 * 2**20
MAX_DOCX_PARTS = 2_000


def read_docx(data: bytes, name: str) -> Extracted:
    """Paragraphs and table rows (cells joined by ` | `) in document order, and the title."""
    docx = require_parser("docx", "python-docx", name)
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    check_docx_size(data, name)
    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for block in _docx_blocks(document.element.body):
            if block.tag.endswith("}tbl"):
                lines.extend(_table_rows(Table(block, document)))
            else:
                lines.append(Paragraph(block, document).text)
        title = document.core_properties.title or ""
    except Exception as error:
        log.debug("python-docx failed on %s: %r", name, error)
        zh, en = "不是有效的 Word（.docx）文件", "not a valid Word (.docx) file"
        raise cannot_read(name, zh, en) from error
    return Extracted(clean_lines(lines), [], meta_title=title)


def check_docx_size(data: bytes, name: str) -> None:
    """Refuse a .docx whose parts, as its zip directory declares them, are too many or too big."""
    try:
        parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip at all: python-docx says "not a valid Word file"
    unpacked = sum(part.file_size for part in parts)
    if len(parts) > MAX_DOCX_PARTS or unpacked > MAX_DOCX_UNPACKED:
        limit = f"{MAX_DOCX_UNPACKED // 2**20} MB / {MAX_DOCX_PARTS}"
        raise cannot_read(
            name,
            f"Word 文件解压后过大（{unpacked // 2**20} MB，{len(parts)} 个部件；上限 {limit}）",
            f"the Word file unpacks too large ({unpacked // 2**20} MB in {len(parts)} parts; "
            f"the limit is {limit} parts)",
        )


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

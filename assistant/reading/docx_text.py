"""Word (.docx) files -> lines: body paragraphs and table rows in document order, and the title.

A table stands where it stands in the document, one line per row, cells joined by ` | `.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from typing import Any

from assistant.reading.extraction import Extracted, cannot_read, clean_lines, require_parser

log = logging.getLogger(__name__)


def read_docx(data: bytes, name: str) -> Extracted:
    """Paragraphs and table rows (cells joined by ` | `) in document order, and the title."""
    docx = require_parser("docx", "python-docx", name)
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
        title = document.core_properties.title or ""
    except Exception as error:
        log.debug("python-docx failed on %s: %r", name, error)
        zh, en = "不是有效的 Word（.docx）文件", "not a valid Word (.docx) file"
        raise cannot_read(name, zh, en) from error
    return Extracted(clean_lines(lines), [], meta_title=title)


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

"""What the format readers share: the lines they return, and how they strip, classify and fail.

`documents` dispatches a file to a reader (`pdf_text`, `docx_text`, or its own text decoding) and
hands the lines to `web_cleanup`; all of them use the pieces here, so none imports another's
internals: the `Extracted` lines, line stripping, the clause rule (headings: `headings.py`), the
bilingual "cannot read" error with the optional-parser import that raises it.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from assistant.errors import DocumentError

# Clause punctuation, never in a title, a menu item or a table row: `，` `。` `；`
SENTENCE_PUNCT = re.compile(r"[，。；！？]")


@dataclass
class Extracted:
    """Lines of a file before chrome removal; `starts[i]`: the PDF page line i starts on."""

    lines: list[str]
    starts: list[int]
    page_count: int = 0
    meta_title: str = ""


def clean_lines(lines: Iterable[str]) -> list[str]:
    """Lines stripped of surrounding (also full-width, zero-width) spaces; empty ones dropped."""
    stripped = (line.strip().strip("\u200b\ufeff").strip() for line in lines)
    return [line for line in stripped if line]


def cannot_read(name: str, zh: str, en: str) -> DocumentError:
    return DocumentError(f"无法读取文件 {name}：{zh}。", f"Cannot read {name}: {en}.")


def require_parser(module: str, package: str, name: str) -> Any:
    """Import a parser, or say which package to install."""
    try:
        return importlib.import_module(module)
    except ImportError as error:
        zh, en = f"缺少 {package}，请运行 pip install {package}", f"run pip install {package}"
        raise cannot_read(name, zh, en) from error

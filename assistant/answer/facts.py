"""The figures table ("数据一览"): every quantity in the indexed reports, with where it stands.

One row per figure: report, year the passage speaks of, section, indicator, value, unit,
qualifier, the sentence it is in and its offsets, so staff can browse, search and export
(CSV) the numbers before a meeting and check each one at its source.
"""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Collection, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from assistant.answer.figures import find_figures
from assistant.index.store import StoredIndex
from assistant.index.tokenizer import normalize, to_simplified
from assistant.schema import Chunk, ReportInfo
from assistant.search.years import chunk_years

# What makes a spreadsheet read a cell as a formula (or, tab and CR, shift it): `=` `+` `-` `@`
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class FigureRow:
    """One figure of one report sentence."""

    report: str
    year: int | None
    section: str
    indicator: str
    figure: str
    value: float | None
    unit: str
    qualifier: str
    sentence: str
    file: str
    page: int | None
    paragraph: int
    start: int
    end: int


def figure_rows(index: StoredIndex, *, reports: Collection[str] | None = None) -> list[FigureRow]:
    """All figures of the index (or of the given report doc_ids), in report order."""
    rows: list[FigureRow] = []
    for chunk in index.chunks:
        if reports and chunk.doc_id not in reports:
            continue
        rows.extend(_chunk_rows(chunk, index.reports[chunk.doc_id]))
    return rows


def _chunk_rows(chunk: Chunk, report: ReportInfo) -> Iterator[FigureRow]:
    years = chunk_years(chunk, report.year)
    year = next(iter(years)) if len(years) == 1 else report.year
    for s, e in chunk.sentences:
        sentence = chunk.text[s:e]
        for figure in find_figures(sentence):
            yield FigureRow(
                report=report.title,
                year=year,
                section=" › ".join(chunk.section_path),
                indicator=figure.indicator,
                figure=figure.text,
                value=figure.value,
                unit=figure.unit,
                qualifier=figure.qualifier,
                sentence=sentence,
                file=report.file,
                page=chunk.page,
                paragraph=chunk.paragraph,
                start=chunk.start + s,
                end=chunk.start + e,
            )


def search_rows(rows: list[FigureRow], query: str) -> list[FigureRow]:
    """Rows whose indicator, figure or sentence contains every word of `query`."""
    words = to_simplified(normalize(query)).split()
    if not words:
        return rows
    return [row for row in rows if all(word in _haystack(row) for word in words)]


def _haystack(row: FigureRow) -> str:
    return normalize(f"{row.indicator} {row.figure} {row.sentence} {row.year or ''}")


def rows_to_csv(rows: list[FigureRow], *, documents_dir: Path | None = None) -> str:
    """CSV text with a header row (UTF-8 with BOM when written, so Excel reads Chinese).

    File paths are relative to `documents_dir` (a file outside it: its name alone), so the
    server's folders are not handed out; text cells cannot run as spreadsheet formulas.
    """
    buffer = io.StringIO()
    columns = list(FigureRow.__dataclass_fields__)
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    for row in rows:
        cells = {**asdict(row), "file": shown_path(row.file, documents_dir)}
        writer.writerow({key: inert_cell(value) for key, value in cells.items()})
    return buffer.getvalue()


def inert_cell(value: object) -> object:
    """A text cell a spreadsheet would run as a formula gets a leading `'`: `=1+1` -> `'=1+1`."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def shown_path(file: str, documents_dir: Path | None) -> str:
    """`/srv/app/documents/a/b.pdf` -> `a/b.pdf`; a file elsewhere (or no folder): `b.pdf`."""
    path = Path(file)
    if documents_dir is not None:
        with contextlib.suppress(ValueError, OSError):
            return path.resolve().relative_to(documents_dir.resolve()).as_posix()
    return path.name

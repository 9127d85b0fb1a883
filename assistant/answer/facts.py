"""The figures table ("数据一览"): every quantity in the indexed reports, with where it stands.

One row per figure: report, year the passage speaks of, section, indicator, value, unit,
qualifier, the sentence it is in and its offsets, so staff can browse, search and export
(CSV) the numbers before a meeting and check each one at its source.
"""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from assistant.answer.figures import find_figures
from assistant.index.store import StoredIndex
from assistant.index.tokenizer import normalize, to_simplified
from assistant.schema import Chunk, Quote, ReportInfo
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
    """All figures of the index (or of the given report doc_ids), in report order: the rows
    stored with the index when it was built, else (an older index) computed now."""
    stored = index.stored_figures()
    if stored is None:
        chunks = [c for c in index.chunks if not reports or c.doc_id in reports]
        return [row for chunk in chunks for row in _chunk_rows(chunk, index.reports[chunk.doc_id])]
    return [_stored_row(row) for row in stored if not reports or row.get("doc_id") in reports]


def report_figure_rows(report: ReportInfo, chunks: Iterable[Chunk]) -> list[FigureRow]:
    """The figures of one report's chunks: what an index build stores (`figures.jsonl`)."""
    return [row for chunk in chunks for row in _chunk_rows(chunk, report)]


def stored_row(doc_id: str, row: FigureRow) -> dict[str, Any]:
    """A row as `figures.jsonl` holds it: its fields and the doc_id of its report."""
    return {"doc_id": doc_id, **asdict(row)}


def _stored_row(stored: dict[str, Any]) -> FigureRow:
    return FigureRow(**{name: stored[name] for name in FigureRow.__dataclass_fields__})


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
                page=chunk.page_at(chunk.start + s),
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


YEARLY_COLUMNS = ("year", "value", "unit", "quote", "report", "section", "paragraph")


def quotes_to_csv(quotes: Sequence[Quote]) -> str:
    """The answers of a question across years as CSV text, one row a quote, oldest first:
    the year it reports on, its figure's value and unit, the sentence and where it stands."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(YEARLY_COLUMNS)
    for quote in sorted(quotes, key=lambda quote: quote.year or 0):
        figure, citation = quote.figure, quote.citation
        cells = (
            quote.year,
            figure.value if figure else None,
            figure.unit if figure else "",
            quote.text,
            citation.report,
            " › ".join(citation.section),
            citation.paragraph,
        )
        writer.writerow([inert_cell(cell) for cell in cells])
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

"""The figures table: rows from the index, search, CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from assistant.answer.facts import figure_rows, rows_to_csv, search_rows
from assistant.engine import ReportAssistant
from assistant.index.store import load_index


def test_rows_cite_their_sentence(hashing_assistant: ReportAssistant) -> None:
    hashing_assistant.build()
    index = load_index(hashing_assistant.settings.index_dir)
    rows = figure_rows(index)
    by_figure = {row.figure: row for row in rows}
    row = by_figure["增长35.7%"]
    assert row.indicator == "工业投资" and row.value == 35.7 and row.unit == "%"
    assert row.year == 2022  # the section is 一、2022年工作情况
    chunk = next(c for c in index.chunks if c.start <= row.start < c.end)
    assert chunk.text[row.start - chunk.start : row.end - chunk.start] == row.sentence


def test_search_and_csv(hashing_assistant: ReportAssistant) -> None:
    hashing_assistant.build()
    rows = figure_rows(load_index(hashing_assistant.settings.index_dir))
    found = search_rows(rows, "專精特新")  # traditional characters find simplified text
    assert [row.figure for row in found] == ["新增60家", "57家"]  # both in that sentence
    table = list(csv.DictReader(io.StringIO(rows_to_csv(found))))
    assert table[0]["figure"] == "新增60家" and table[0]["report"]
    assert search_rows(rows, "  ") == rows


def test_figures_page_search_and_export(hashing_assistant: ReportAssistant) -> None:
    from assistant.web.figures import export_csv, search_figures

    hashing_assistant.build()
    rows, note = search_figures(hashing_assistant, "投资")
    assert [row[2] for row in rows] == ["增长35.7%", "约50.44%"] and "共 2 条" in note
    path = export_csv(hashing_assistant, "投资")
    text = Path(path).read_text(encoding="utf-8-sig")
    assert text.startswith("report,year,section,indicator") and "35.7" in text

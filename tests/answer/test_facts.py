"""The figures table: rows from the index, search, CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from assistant.answer.facts import FigureRow, figure_rows, rows_to_csv, search_rows
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
    assert str(hashing_assistant.settings.documents_dir) not in text


def _row(**values: object) -> FigureRow:
    base = dict(
        report="报告",
        year=2023,
        section="一、",
        indicator="投资",
        figure="增长5%",
        value=-3.2,
        unit="%",
        qualifier="",
        sentence="投资增长5%。",
        file="documents/报告.txt",
        page=None,
        paragraph=1,
        start=0,
        end=7,
    )
    return FigureRow(**{**base, **values})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("sentence", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("投资增长5%。", "投资增长5%。"),
    ],
)
def test_csv_cells_never_run_as_formulas(sentence: str, written: str) -> None:
    (line,) = csv.DictReader(io.StringIO(rows_to_csv([_row(sentence=sentence, report=sentence)])))
    assert line["sentence"] == written and line["report"] == written
    assert line["value"] == "-3.2"  # a number stays a number


def test_csv_paths_are_relative_to_the_documents_folder(tmp_path: Path) -> None:
    documents = tmp_path / "documents"
    rows = [
        _row(file=str(documents / "2023" / "报告.pdf")),
        _row(file="/srv/elsewhere/外部.txt"),
    ]
    table = list(csv.DictReader(io.StringIO(rows_to_csv(rows, documents_dir=documents))))
    assert [line["file"] for line in table] == ["2023/报告.pdf", "外部.txt"]
    assert str(tmp_path) not in rows_to_csv(rows, documents_dir=documents)
    (line,) = csv.DictReader(io.StringIO(rows_to_csv(rows[:1])))
    assert line["file"] == "报告.pdf"

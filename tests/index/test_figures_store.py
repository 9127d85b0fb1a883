"""The figures table is built at indexing time, stored in the generation, kept in step."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.answer.facts import figure_rows
from assistant.engine import ReportAssistant
from assistant.index.store import FIGURES_FILE, current_generation, load_index
from tests.conftest import SMALL_REPORT, indexed_assistant, write_report

OTHER = """样本县2024年政府工作报告
一、2023年工作回顾
全县粮食产量达到58.6万吨，新建公园7个。
二、2024年工作安排
推进乡村振兴。
"""
THIRD = """新区2025年政府工作报告
一、2024年工作回顾
新增城镇就业3100人。
"""


def stored(assistant: ReportAssistant) -> list[dict[str, object]]:
    folder = current_generation(assistant.settings.index_dir)
    assert folder is not None
    lines = (folder / FIGURES_FILE).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def titles(rows: list[dict[str, object]]) -> set[object]:
    return {row["report"] for row in rows}


@pytest.fixture
def two_reports(tmp_path: Path) -> ReportAssistant:
    source = tmp_path / "src"
    files = [write_report(source, "a.txt", SMALL_REPORT), write_report(source, "b.txt", OTHER)]
    return indexed_assistant(tmp_path, files)


def test_the_build_stores_each_reports_figures(two_reports: ReportAssistant) -> None:
    rows = stored(two_reports)
    assert titles(rows) == {"示例街道2023年工作报告", "样本县2024年政府工作报告"}
    index = load_index(two_reports.settings.index_dir)
    by_figure = {row["figure"]: row for row in rows}
    grain = by_figure["58.6万吨"]
    assert (grain["value"], grain["unit"], grain["year"]) == (58.6, "万吨", 2023)
    assert index.reports[str(grain["doc_id"])].title == "样本县2024年政府工作报告"
    assert [row.figure for row in figure_rows(index)] == [row["figure"] for row in rows]


def test_the_table_is_read_not_recomputed(two_reports: ReportAssistant) -> None:
    folder = current_generation(two_reports.settings.index_dir)
    assert folder is not None
    rows = stored(two_reports)
    rows[0]["figure"] = "读自索引"
    text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    (folder / FIGURES_FILE).write_text(text, encoding="utf-8")
    index = load_index(two_reports.settings.index_dir)
    assert figure_rows(index)[0].figure == "读自索引"
    doc_id = str(rows[-1]["doc_id"])
    assert {row.report for row in figure_rows(index, reports={doc_id})} == {rows[-1]["report"]}


def test_an_older_index_without_the_file_computes_the_table(two_reports: ReportAssistant) -> None:
    expected = figure_rows(load_index(two_reports.settings.index_dir))
    folder = current_generation(two_reports.settings.index_dir)
    assert folder is not None
    (folder / FIGURES_FILE).unlink()
    index = load_index(two_reports.settings.index_dir)
    assert index.stored_figures() is None and figure_rows(index) == expected and expected


def test_removing_and_adding_a_report_keeps_the_table_in_step(
    two_reports: ReportAssistant, tmp_path: Path
) -> None:
    two_reports.remove(["b.txt"])
    assert titles(stored(two_reports)) == {"示例街道2023年工作报告"}
    two_reports.add([write_report(tmp_path / "new", "c.txt", THIRD)])
    rows = stored(two_reports)
    assert titles(rows) == {"示例街道2023年工作报告", "新区2025年政府工作报告"}
    assert "新增城镇就业3100人" in {row["sentence"].rstrip("。") for row in rows}
    index = load_index(two_reports.settings.index_dir)
    assert {row.report for row in figure_rows(index)} == titles(rows)

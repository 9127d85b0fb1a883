"""Searching several places' reports: the place filter, and 去年 counted per place."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.engine import ReportAssistant
from tests.conftest import indexed_assistant, write_report


def report(place: str, year: int, value: str, *, delivered: str = "") -> str:
    return (
        f"{place}政府工作报告\n{delivered or f'——{year}年1月10日'}在{place}人民代表大会会议上\n"
        f"一、{year - 1}年工作回顾\n全市地区生产总值{value}亿元。\n"
        f"二、{year}年主要任务\n建设龙舟公园。\n"
    )


@pytest.fixture
def places(tmp_path: Path) -> ReportAssistant:
    files = {
        "2022_示例市_政府工作报告.txt": report("示例市", 2022, "1100"),
        "2023_示例市_政府工作报告.txt": report("示例市", 2023, "1200"),
        "2021_样本市_政府工作报告.txt": report("样本市", 2021, "700"),
        # misnamed: its date line says it is the 2022 report (reviewing 2021)
        "2025_样本市_政府工作报告.txt": report("样本市", 2022, "800"),
    }
    return indexed_assistant(
        tmp_path, [write_report(tmp_path / "src", name, text) for name, text in files.items()]
    )


def test_a_named_place_searches_its_reports_only(places: ReportAssistant) -> None:
    searcher = places.searcher()
    query = searcher.understand("样本地区生产总值是多少？")
    hits, _ = searcher.search(query, k=10)
    issuers = {searcher.index.reports[hit.chunk.doc_id].issuer for hit in hits}
    assert query.places == {"样本市"} and issuers == {"样本市"}
    hits, _ = searcher.search(query, k=10, use_places=False)
    assert {searcher.index.reports[hit.chunk.doc_id].issuer for hit in hits} == {"示例市", "样本市"}


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("样本市去年地区生产总值是多少？", "800"),  # 去年 = 2021: 样本市's newest report is 2022
        ("示例市去年地区生产总值是多少？", "1200"),  # 去年 = 2022
        ("样本市2021年地区生产总值是多少？", "800"),  # the misnamed file reviews 2021
        ("样本市2020年GDP是多少？", "700"),
    ],
)
def test_years_count_from_the_place_asked_about(
    places: ReportAssistant, question: str, value: str
) -> None:
    answer = places.ask(question)
    assert f"{value}亿元" in answer.hits[0].chunk.text  # the right year's report comes first
    if answer.quote is not None:  # and is quoted when the answer model is sure enough
        assert f"{value}亿元" in answer.quote.text


def test_the_misnamed_report_keeps_its_own_year(places: ReportAssistant) -> None:
    years = {Path(r.file).name: r.year for r in places.reports()}
    assert years["2025_样本市_政府工作报告.txt"] == 2022


def test_next_years_report_moves_last_year_for_its_place_only(places: ReportAssistant) -> None:
    """Staff add 样本市's 2023 report: 样本市's 去年 becomes 2022, 示例市's stays 2022."""
    before = places.ask("示例市去年地区生产总值是多少？").hits[0].chunk.text
    write_report(
        places.settings.documents_dir, "2023_样本市_政府工作报告.txt", report("样本市", 2023, "900")
    )
    places.build()
    assert "900亿元" in places.ask("样本市去年地区生产总值是多少？").hits[0].chunk.text
    assert places.ask("示例市去年地区生产总值是多少？").hits[0].chunk.text == before

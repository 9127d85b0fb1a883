"""Questions across years: one quote per year, oldest first, each from the report of that year."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answer import answer_dict, answer_text
from assistant.engine import ReportAssistant
from assistant.reading.documents import load_document
from tests.conftest import indexed_assistant, write_report

# The year each value was reached in; the report of the next year reviews it.
GDP = {
    2013: "610",
    2014: "655",
    2015: "702",
    2016: "748",
    2017: "801",
    2018: "857",
    2019: "902",
    2020: "915",
    2021: "1003",
    2022: "1061",
}


def city_report(city: str, year: int, value: str) -> str:
    """A report delivered in January of `year`: it reviews `year - 1` and plans `year`."""
    return (
        f"{city}{year}年政府工作报告\n"
        f"——{year}年1月15日在{city}第十六届人民代表大会第三次会议上\n"
        f"一、{year - 1}年工作回顾\n"
        f"全市地区生产总值达到{value}亿元，比上年增长{year % 3 + 6}.5%，城乡居民收入稳步提高。\n"
        "新建学校三所，改造老旧小区一批。\n"
        f"二、{year}年主要任务\n"
        f"地区生产总值预期增长{year % 5 + 5}%左右。\n建设龙舟公园，推进城市更新。\n"
    )


def write_reports(folder: Path, city: str, values: dict[int, str]) -> list[Path]:
    """One report a year, each delivered the year after the one it reviews."""
    return [
        write_report(
            folder, f"{year + 1}_{city}政府工作报告.txt", city_report(city, year + 1, value)
        )
        for year, value in values.items()
    ]


def build(root: Path, cities: dict[str, dict[int, str]]) -> ReportAssistant:
    files = [
        path
        for city, values in cities.items()
        for path in write_reports(root / "src", city, values)
    ]
    return indexed_assistant(root, files)


@pytest.fixture(scope="module")
def ten_years(tmp_path_factory: pytest.TempPathFactory) -> ReportAssistant:
    """Ten reports of one city: more than the passages one search hands the answer layer."""
    return build(tmp_path_factory.mktemp("ten"), {"示例市": GDP})


def report_text(file: str) -> str:
    return load_document(Path(file)).text


@pytest.mark.parametrize("question", ["近几年示例市地区生产总值变化", "历年GDP是多少？"])
def test_each_year_answers_oldest_first(ten_years: ReportAssistant, question: str) -> None:
    answer = ten_years.ask(question)
    assert answer.found and answer.across_years
    assert [quote.year for quote in answer.by_report] == sorted(GDP)
    for quote in answer.by_report:
        assert quote.citation.year == quote.year + 1  # the next year's report reviews it
        assert f"{GDP[quote.year]}亿元" in quote.text
        assert quote.figure is not None and quote.figure.text == f"{GDP[quote.year]}亿元"
        text = report_text(quote.citation.file)
        assert text[quote.citation.start : quote.citation.end] == quote.text
    assert answer.quote == answer.by_report[-1]  # the main answer: the newest year
    # its passage leads the list when the search found it
    assert answer.quote.text in answer.hits[0].chunk.text


def test_a_range_of_years_keeps_those_years(ten_years: ReportAssistant) -> None:
    answer = ten_years.ask("从2016年到2019年地区生产总值")
    assert [quote.year for quote in answer.by_report] == [2016, 2017, 2018, 2019]
    assert answer.quote is not None and "902亿元" in answer.quote.text


def test_one_year_is_not_a_trend(ten_years: ReportAssistant) -> None:
    answer = ten_years.ask("2019年地区生产总值是多少？")
    assert not answer.across_years and answer.by_report == ()


def test_a_trend_quotes_what_each_year_reached_not_its_target(ten_years: ReportAssistant) -> None:
    """Each report also plans `地区生产总值预期增长6%左右`: a target, not a year's figure."""
    answer = ten_years.ask("近几年地区生产总值增长多少")
    assert answer.by_report and all("预期" not in quote.text for quote in answer.by_report)
    assert all("比上年增长" in quote.text for quote in answer.by_report)


def test_json_and_text_carry_each_years_figure(ten_years: ReportAssistant) -> None:
    answer = ten_years.ask("近几年示例市地区生产总值变化")
    entries = answer_dict(answer)["by_report"]
    first = entries[0]
    assert (first["year"], first["value"], first["unit"]) == (2013, 610.0, "亿元")
    assert first["citation"]["year"] == 2014 and first["figure"] == "610亿元"
    assert [entry["year"] for entry in entries] == sorted(GDP)
    text = answer_text(answer)
    assert "旧在前" in text and text.index("2013：") < text.index("2022：")


def test_a_named_place_answers_from_its_reports_only(tmp_path: Path) -> None:
    other = {2020: "5000", 2021: "5300", 2022: "5600"}
    assistant = build(tmp_path, {"示例市": {2020: "915", 2021: "1003"}, "样本市": other})
    answer = assistant.ask("样本市近几年地区生产总值变化")
    assert [quote.year for quote in answer.by_report] == [2020, 2021, 2022]
    assert all("样本市" in quote.citation.report for quote in answer.by_report)
    answer = assistant.ask("示例市历年地区生产总值")
    assert [quote.figure.text for quote in answer.by_report if quote.figure] == [
        "915亿元",
        "1003亿元",
    ]


@pytest.mark.parametrize(
    ("question", "years"),
    [
        ("近几年GDP变化", sorted(GDP)),
        ("示例市这几年地区生产总值的走势", sorted(GDP)),
        ("2016—2019年地区生产总值", [2016, 2017, 2018, 2019]),
    ],
)
def test_with_the_bundled_model(
    ten_years_e5: ReportAssistant, question: str, years: list[int]
) -> None:
    """The product: the real model over ten years of one city."""
    answer = ten_years_e5.ask(question)
    assert [quote.year for quote in answer.by_report] == years
    assert [quote.figure.text for quote in answer.by_report if quote.figure] == [
        f"{GDP[year]}亿元" for year in years
    ]


@pytest.fixture(scope="module")
def ten_years_e5(tmp_path_factory: pytest.TempPathFactory) -> ReportAssistant:
    root = tmp_path_factory.mktemp("ten-e5")
    return indexed_assistant(root, write_reports(root / "src", "示例市", GDP), embedder="e5-small")


@pytest.mark.parametrize("year", [2015, 2019, 2021])
def test_one_years_amount_comes_from_the_report_that_reviews_it(
    ten_years: ReportAssistant, year: int
) -> None:
    """`2019年…是多少` is the 2020 report's result, never the 2019 report's target."""
    answer = ten_years.ask(f"{year}年示例市地区生产总值是多少？")
    assert answer.found and answer.quote is not None
    assert f"达到{GDP[year]}亿元" in answer.quote.text
    assert answer.quote.citation.year == year + 1


def test_each_year_is_the_asked_indicators_figure(tmp_path: Path) -> None:
    """A review sentence that echoes the question's words around another indicator's figure
    (adversarial, so the hashing embedder's chooser would take it): the line stays GDP's."""
    files = []
    for year, value in ((2020, "915"), (2021, "1003"), (2022, "1061")):
        text = (
            city_report("示例市", year + 1, value)
            .replace("全市地区生产总值达到", "经济总量达到")
            .replace("新建学校三所", f"全市地区生产总值是多少亿元？研发投入{year - 1900}亿元")
        )
        files.append(write_report(tmp_path / "src", f"{year + 1}_示例市政府工作报告.txt", text))
    answer = indexed_assistant(tmp_path, files).ask("近几年示例市GDP是多少亿元？")
    values = [quote.figure.value if quote.figure else None for quote in answer.by_report]
    assert values == [915.0, 1003.0, 1061.0]

"""Years asked and years spoken of; review vs plan parts."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.schema import Chunk
from assistant.search.query import understand
from assistant.search.years import (
    YearAnchor,
    arabic_years,
    chunk_part,
    chunk_years,
    delivery_date,
    explicit_years,
    named_years,
    part_factor,
    passage_years,
    planned_year,
    question_years,
    report_anchor,
    year_factor,
    years_in,
)


def chunk(*path: str, text: str = "正文。") -> Chunk:
    return Chunk("c", "d", tuple(path), 1, text, 0, len(text))


@pytest.mark.parametrize(
    ("question", "newest", "years"),
    [
        ("2022年新增几家企业？", 2023, {2022}),
        ("去年工业投资增长多少？", 2023, {2022}),
        ("今年要建什么？", 2023, {2023}),
        ("前年和明年", 2023, {2021, 2024}),
        ("去年怎样", None, set()),
        ("工业投资增长多少？", 2023, set()),
        # explicit years, with and without 年
        ("2019年北京市地区生产总值是多少？", 2026, {2019}),
        ("北京2019GDP", 2026, {2019}),
        ("2019 年的目标", 2026, {2019}),
        # amounts are not years
        ("装机容量达到2000万千瓦了吗？", 2026, set()),
        ("新增2020个充电桩", 2026, set()),
        ("增长2021%", 2026, set()),
        ("投资12019亿元", 2026, set()),
        ("2025.5亿元", 2026, set()),
        # 比上年 compares, it names no year; 上年 alone does
        ("比上年增长多少？", 2023, set()),
        ("较上年提高多少？", 2023, set()),
        ("上年粮食产量多少？", 2023, {2022}),
        ("上一年呢", 2023, {2022}),
        # Chinese numerals
        ("二〇二二年新增几家企业？", 2026, {2022}),
        ("二零二二年新增几家企业？", 2026, {2022}),
        ("二○二一年呢", 2026, {2021}),
        ("二十二年来", 2026, set()),
        # ranges
        ("2019年至2023年累计完成多少？", 2026, {2019, 2020, 2021, 2022, 2023}),
        ("2019—2023年", 2026, {2019, 2020, 2021, 2022, 2023}),
        ("从2019年到2021年", 2026, {2019, 2020, 2021}),
        ("2020-2022年增速", 2026, {2020, 2021, 2022}),
        # five-year plans and the five years before the report
        ("十三五期间GDP增长多少？", 2026, {2016, 2017, 2018, 2019, 2020}),
        ("“十四五”规划目标", 2026, {2021, 2022, 2023, 2024, 2025}),
        ("第十五届人大", 2026, set()),
        ("过去五年城镇新增就业多少？", 2023, {2018, 2019, 2020, 2021, 2022}),
        ("过去五年", None, set()),
        ("今年和2019年", 2023, {2019, 2023}),
    ],
)
def test_question_years(question: str, newest: int | None, years: set[int]) -> None:
    assert question_years(question, newest=newest) == years


@pytest.mark.parametrize(
    ("path", "report_year", "years"),
    [
        (("一、2022年工作情况", "（一）稳经济"), 2023, {2022}),
        (("三、加强政府自身建设",), 2023, {2022, 2023}),
        ((), None, set()),
        # five-year reviews cover five years, not the report's two
        (("一、过去五年工作回顾",), 2023, {2018, 2019, 2020, 2021, 2022}),
        (("一、“十三五”时期经济社会发展回顾",), 2021, {2016, 2017, 2018, 2019, 2020}),
        (("二、“十四五”时期的主要目标与任务",), 2021, {2021, 2022, 2023, 2024, 2025}),
        (("二、今后五年工作的总体要求和主要目标",), 2023, {2023, 2024, 2025, 2026, 2027}),
        (("三、二〇二三年重点任务",), 2023, {2023}),
    ],
)
def test_chunk_years(path: tuple[str, ...], report_year: int | None, years: set[int]) -> None:
    assert chunk_years(chunk(*path), report_year) == years


@pytest.mark.parametrize(
    ("asked", "spoken", "factor"),
    [
        ({2022}, {2022}, 1.25),
        ({2021}, {2022, 2023}, 0.8),
        (set(), {2022}, 1.0),
        ({2022}, set(), 1.0),
    ],
)
def test_year_factor(asked: set[int], spoken: set[int], factor: float) -> None:
    assert year_factor(asked, spoken, named=spoken) == factor


def test_a_span_speaks_of_a_year_less_than_the_year_itself() -> None:
    """A 2026 report's `“十四五”时期发展成就和2025年主要工作` covers 2021-2025; asked about 2023 it
    matches, but less than the 2024 report's `一、2023年工作回顾`; asked about 2025 it names it."""
    five_years = chunk("一、“十四五”时期发展成就和2025年主要工作")
    spoken = chunk_years(five_years, 2026)
    assert spoken == set(range(2021, 2026)) and named_years(five_years) == {2025}
    review = chunk("一、2023年工作回顾")
    span = year_factor({2023}, spoken, named_years(five_years))
    assert 1.0 < span < year_factor({2023}, chunk_years(review, 2024), named_years(review))
    assert year_factor({2025}, spoken, named_years(five_years)) == 1.25
    unheaded = chunk()  # the report's own two years, a match like a heading's
    assert year_factor({2023}, chunk_years(unheaded, 2024), named_years(unheaded)) == 1.25


@pytest.mark.parametrize(
    ("heading", "part"),
    [
        ("一、2021年工作回顾", "review"),
        ("二、2022年主要任务", "plan"),
        ("三、2021年工作安排", "plan"),
        ("一、2022年工作情况", "review"),
        ("三、加强政府自身建设", None),
        # names targets and tasks, but reviews how they were met
        ("一、2022年主要目标任务完成情况", "review"),
        ("一、过去五年工作回顾", "review"),
        ("二、未来五年工作的总体要求和主要目标任务", "plan"),
        ("二、2023年工作谋划", "plan"),
        ("三、2021年重点任务", "plan"),
        ("二、2019年主要工作", "plan"),  # named for its year's work
        ("三、关于2026年工作", "plan"),
        ("一、“十四五”时期发展成就和2025年主要工作", "review"),  # achievements: what was done
        ("二、“十四五”时期发展成就和“十五五”时期主要目标任务", "plan"),
        ("二、“十五五”时期发展的主要考虑", "plan"),
        ("一、2018年工作回顾", "review"),
    ],
)
def test_chunk_part(heading: str, part: str | None) -> None:
    assert chunk_part(chunk(heading)) == part


@pytest.mark.parametrize(
    ("question", "part", "factor"),
    [
        ("深圳市2023年地区生产总值是多少？", "review", 1.15),
        ("深圳市2023年地区生产总值是多少？", "plan", 0.85),
        ("2023年地区生产总值预期增长目标是多少？", "plan", 1.15),
        ("2023年坚持什么产业当家？", "review", 1.0),
        ("2023年GDP是多少？", None, 1.0),
        ("地区生产总值是多少？", "plan", 1.0),  # no year: no preference
    ],
)
def test_part_factor(question: str, part: str | None, factor: float) -> None:
    assert part_factor(understand(question).part_wanted, part) == factor


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("2022年地区生产总值增长5%", {2022}),
        ("比上年增长5%，今年目标6%", set()),  # relative words need an anchor
        ("装机2000万千瓦", set()),
        ("二〇二二年", {2022}),
        ("2019年至2023年", {2019, 2023}),  # the ends only: a passage names them
    ],
)
def test_explicit_years(text: str, years: set[int]) -> None:
    assert explicit_years(text) == years


@pytest.mark.parametrize(
    ("text", "anchor", "years"),
    [
        # a January report: 今年 is the year it plans
        ("今年地区生产总值增长5.5%左右", YearAnchor(today=2023, review=2022), {2023}),
        # a late-December report (永州, 2022-12-28): 今年 is the year it reviews
        ("今年地区生产总值增长5.5%左右", YearAnchor(today=2022, review=2022), {2022}),
        ("明年", YearAnchor(today=2022, review=2022), {2023}),
        ("过去五年", YearAnchor(today=2022, review=2021), {2017, 2018, 2019, 2020, 2021}),
    ],
)
def test_years_in_with_anchor(text: str, anchor: YearAnchor, years: set[int]) -> None:
    assert years_in(text, anchor) == years


@pytest.mark.parametrize(
    ("head", "delivered"),
    [
        ("政府工作报告\n——2019年1月14日在北京市第十五届人大二次会议上", date(2019, 1, 14)),
        ("邢台市政府工作报告 （2012年1月31日 刘大群）\n——在邢台市人大会议上", date(2012, 1, 31)),
        (
            "2020年政府工作报告\n（2020年5月14日）\n在成都市第十七届人民代表大会第三次会议上",
            date(2020, 5, 14),
        ),
        ("政府工作报告\n——二〇二一年一月二十三日在北京市第十五届人大四次会议上", date(2021, 1, 23)),
        ("原标题：政府工作报告——\n二〇二三年一月十五日在北京市人大会议上", date(2023, 1, 15)),
        ("永州市政府工作报告（2021年12月30日 陈爱林）\n——在永州市人大会议上", date(2021, 12, 30)),
        # a bulletin's publication date names no meeting
        ("2023年周口市统计公报\n2024年3月29日", None),
        ("应勇市长在上海市第十五届人民代表大会第二次会议的政府工作报告（2019年）", None),
        # a date inside prose is not a date line
        ("政府工作报告\n" + "正文" * 50 + "2023年1月10日" + "正文" * 50, None),
    ],
)
def test_delivery_date(head: str, delivered: date | None) -> None:
    assert delivery_date(head) == delivered


@pytest.mark.parametrize(
    ("delivered", "year"),
    [(date(2023, 1, 10), 2023), (date(2021, 8, 23), 2021), (date(2021, 12, 30), 2022)],
)
def test_planned_year(delivered: date, year: int) -> None:
    assert planned_year(delivered) == year


def test_december_report_speaks_of_the_year_it_reviews() -> None:
    anchor = report_anchor(2023, "2022-12-28")
    passage = chunk("三、加强政府自身建设", text="今年地区生产总值增长5.5%左右。")
    assert anchor == YearAnchor(today=2022, review=2022)
    assert passage_years(passage, 2023, anchor=anchor) == {2022, 2023}
    reviewed = chunk("一、2022年工作回顾", text="今年增长5.5%。")
    assert passage_years(reviewed, 2023, anchor=anchor) == {2022}


@pytest.mark.parametrize(
    ("text", "written"),
    [("二〇二一年北京", "2021年北京"), ("二零二二年", "2022年"), ("一二三四五", "一二三四五")],
)
def test_arabic_years(text: str, written: str) -> None:
    assert arabic_years(text) == written


def test_a_chinese_numeral_year_is_searched_as_digits() -> None:
    assert understand("二〇二一年城镇新增就业").tokens == understand("2021年城镇新增就业").tokens

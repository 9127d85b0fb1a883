"""A question understood: places named, and relative years counted from that place's reports."""

from __future__ import annotations

import pytest

from assistant.search.query import understand

ISSUERS = {"北京市": 2026, "永州市": 2025, "外海街道": 2023}


@pytest.mark.parametrize(
    ("question", "places", "years"),
    [
        ("北京去年地区生产总值是多少？", {"北京市"}, {2025}),
        ("永州去年规模工业增加值增长多少？", {"永州市"}, {2024}),
        ("外海今年要建什么？", {"外海街道"}, {2023}),
        ("去年地区生产总值是多少？", set(), {2025}),  # no place: the newest report of all
        ("永州过去五年城镇新增就业", {"永州市"}, {2020, 2021, 2022, 2023, 2024}),
        ("永州2019年财政收入", {"永州市"}, {2019}),
    ],
)
def test_places_and_their_years(question: str, places: set[str], years: set[int]) -> None:
    query = understand(question, newest_year=2026, issuers=ISSUERS)
    assert (set(query.places), set(query.years)) == (places, years)


@pytest.mark.parametrize(
    ("question", "trend", "years"),
    [
        ("近几年GDP变化", True, set()),
        ("历年地区生产总值是多少？", True, set()),
        ("歷年GDP變化趨勢", True, set()),  # traditional characters, read simplified
        ("这几年财政收入的走势", True, set()),
        ("近年来城镇新增就业逐年增加吗", True, set()),
        ("每年新增多少家规上企业", True, set()),
        ("历次报告提到的专精特新企业", True, set()),
        ("从2019年到2023年地区生产总值", True, {2019, 2020, 2021, 2022, 2023}),
        ("2019—2023年GDP", True, {2019, 2020, 2021, 2022, 2023}),
        ("2023年GDP是多少", False, {2023}),
        ("地区生产总值是多少？", False, set()),
        ("应对气候变化有哪些措施？", False, set()),  # a topic, not a change over years
        ("去年新增几家企业？", False, {2025}),
    ],
)
def test_questions_across_years(question: str, trend: bool, years: set[int]) -> None:
    query = understand(question, newest_year=2026)
    assert (query.wants_trend, set(query.years)) == (trend, years)


def test_a_trend_asks_for_the_figure_and_searches_its_indicator_only() -> None:
    query = understand("近几年GDP变化", newest_year=2026)
    assert query.wants_amount and query.indicator == "地区生产总值"
    assert query.part_wanted == "review"  # the figures reached, not the targets
    assert not {"变化", "近几"} & set(query.topic)


@pytest.mark.parametrize(
    ("question", "reading"),
    [
        ("2021年北京GDP是多少？", ("北京市", "2021年", "地区生产总值")),
        (
            "二〇二二年北京规上工业增加值预期目标是多少？",
            ("北京市", "2022年", "规模以上工业增加值", "目标"),
        ),
        ("从2019年到2023年北京地区生产总值", ("北京市", "2019—2023年", "地区生产总值", "逐年")),
        ("龙舟公园在哪里？", ()),  # names no place, year or indicator
    ],
)
def test_how_a_question_was_read(question: str, reading: tuple[str, ...]) -> None:
    issuers = {"北京市": 2024, "外海街道": 2023}
    assert understand(question, issuers=issuers).reading == reading


def test_an_english_question_is_embedded_with_its_report_words() -> None:
    """The multilingual model meets the reports' own wording; the question stays English."""
    query = understand("What was Sichuan's GDP in 2024?")
    assert query.embedded.startswith("what was sichuan's gdp in 2024?")
    assert "四川" in query.embedded and "地区生产总值" in query.embedded
    assert not query.in_chinese
    assert understand("四川2024年GDP是多少？").in_chinese


def test_an_abbreviation_only_people_use_is_embedded_with_the_reports_name() -> None:
    # the model meets `地区生产总值`, as the reports write it, not only `GDP`
    assert understand("2024年深圳GDP是多少？").embedded.endswith(" 地区生产总值")
    assert understand("2024年深圳地区生产总值是多少？").embedded == "2024年深圳地区生产总值是多少?"


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        # bigrams inside words: no `近看` across 附近|看病, no `会改` across 会|改造; words
        # that frame the question (附近, 会不会, 办法) name no topic
        ("附近看病的医院有新建的吗？", {"看病", "医院", "新建"}),
        ("老房子会不会改造？", {"老房", "房子", "改造"}),
        ("空气不好有什么办法？", {"空气"}),
        ("能源问题怎么解决？", {"能源", "解决"}),  # 能 frames, 能源 names
        ("2022年规模以上工业增加值是多少？", {"规模", "工业", "增加", "加值"}),
    ],
)
def test_the_topic_is_the_questions_words(question: str, topic: set[str]) -> None:
    assert set(understand(question).topic) == topic


def test_town_and_country_in_residents_words_search_the_reports_words() -> None:
    from assistant.search.plain_words import report_words

    assert {"城镇居民", "城镇"} <= set(report_words("黔东南城里人人均收入多少？"))
    assert {"农村", "乡村"} <= set(report_words("乡下的路修了多少公里？"))

"""Evidence features that say whether a sentence holds the kind of answer asked for."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.answer.asked import asked_of, kind_features, masked_name
from assistant.answer.evidence import (
    FEATURES,
    Candidate,
    _amount_features,
    _asked_part_features,
    _text_before,
    _year_features,
    is_caption,
    with_gaps,
)
from assistant.answer.figures import answering_figure
from assistant.answer.table_rows import lines_above_table
from assistant.answer.units import asked_unit
from assistant.schema import Chunk, Hit, ReportInfo
from assistant.search.query import understand
from assistant.search.searcher import QueryScores

REVIEW = ("一、2024年工作回顾",)
PLAN = ("二、2025年工作安排",)


def chunk(section: tuple[str, ...], text: str = "") -> Chunk:
    return Chunk("c", "d", section, 1, text, 0, len(text))


def asked_part(question: str, sentence: str, section: tuple[str, ...]) -> tuple[float, ...]:
    """(unit_miss, unasked_target, part_miss) of `sentence` for `question`."""
    query = understand(question)
    figure = answering_figure(query.simplified, sentence)
    unit = asked_unit(query.simplified)
    return _asked_part_features(query, sentence, chunk(section, sentence), figure, unit)


@pytest.mark.parametrize(
    ("question", "sentence", "section", "expected"),
    [
        # (unit_miss, unasked_target, part_miss)
        ("2024年地区生产总值是多少亿元？", "地区生产总值64697亿元，增长5.7%。", REVIEW, (0, 0, 0)),
        ("2024年地区生产总值是多少亿元？", "地区生产总值增长5.7%。", REVIEW, (1, 0, 0)),
        ("2024年地区生产总值是多少？", "主要预期目标是：地区生产总值增长5.5%。", PLAN, (0, 1, 1)),
        (
            "2025年地区生产总值增长目标是多少？",
            "主要预期目标是：地区生产总值增长5.5%。",
            PLAN,
            (0, 0, 0),
        ),
        ("2025年地区生产总值增长目标是多少？", "地区生产总值增长5.7%。", REVIEW, (0, 0, 1)),
        ("哪个村要进行三旧改造？", "加快推进七东村三旧改造。", PLAN, (0, 0, 0)),  # not an amount
        # a change asked, no unit named: a level does not answer it, a rate or a rise does
        ("2024年进出口总额增长了多少？", "进出口总额超3.6万亿元。", REVIEW, (1, 0, 0)),
        ("2024年进出口总额增长了多少？", "进出口总额增长5.3%。", REVIEW, (0, 0, 0)),
        ("2024年基础养老金提高了多少？", "基础养老金月最低标准提高20元。", REVIEW, (0, 0, 0)),
        ("2024年基础养老金提高了多少呢？", "基础养老金标准达到每月200元。", REVIEW, (1, 0, 0)),
        # `增加多少学位` asks a count of new places: the count answers it
        ("要增加多少中小学学位？", "增加中小学学位2万个。", PLAN, (0, 0, 0)),
    ],
)
def test_what_the_question_asks_for(
    question: str, sentence: str, section: tuple[str, ...], expected: tuple[int, int, int]
) -> None:
    assert asked_part(question, sentence, section) == expected


def candidate(cosine: float, english: float) -> Candidate:
    values = [0.0] * len(FEATURES)
    values[FEATURES.index("cosine")] = cosine
    values[FEATURES.index("english")] = english
    hit = Hit(chunk(REVIEW, "x"), 1.0, 0)
    return Candidate(hit, 1, 0, 1, tuple(values))


def test_cosine_gaps_are_measured_from_the_best_and_kept_apart_for_english() -> None:
    gap, english_gap = FEATURES.index("cosine_gap"), FEATURES.index("english_cosine_gap")
    chinese = with_gaps([candidate(0.9, 0.0), candidate(0.8, 0.0)])
    assert [round(c.values[gap], 6) for c in chinese] == [0.0, -0.1]
    assert [c.values[english_gap] for c in chinese] == [0.0, 0.0]
    english = with_gaps([candidate(0.7, 1.0), candidate(0.75, 1.0)])
    assert [round(c.values[english_gap], 6) for c in english] == [-0.05, 0.0]


def test_cosines_are_read_against_the_questions_typical_one() -> None:
    scores = QueryScores(np.array([0.7, 0.8, 0.9, 0.95]), np.zeros(4), np.zeros(3))
    assert scores.typical_dense == pytest.approx(0.85)
    assert QueryScores(np.array([]), np.array([]), np.zeros(3)).typical_dense == 0.0


def report(title: str, year: int) -> ReportInfo:
    return ReportInfo("d", title, year, "f.txt", "0", 0, 1, "2026-01-01")


def test_a_year_in_chinese_numerals_is_read_as_a_year() -> None:
    """`二〇二二年` in a sentence is 2022 (it once crashed the whole batch: int('二〇二二'))."""
    query = understand("2022年地区生产总值是多少？")
    sentence = "二〇二二年全市地区生产总值增长5%。"
    work_report = report("2023年示例市政府工作报告", 2023)
    match, other, _ = _year_features(query, sentence, chunk(REVIEW, sentence), work_report)
    assert (match, other) == (1.0, 0.0)
    other_year = "二〇二一年全市地区生产总值增长5%。"
    assert _year_features(query, other_year, chunk(REVIEW, other_year), work_report)[:2] == (
        0.0,
        1.0,
    )


@pytest.mark.parametrize(
    ("title", "missed"),
    [
        ("2023年示例市政府工作报告", 0.0),  # delivered in 2023, it reviews 2022
        ("2023年示例市国民经济和社会发展统计公报", 1.0),  # it reports on 2023 alone
    ],
)
def test_a_bulletin_reports_on_its_own_year(title: str, missed: float) -> None:
    query = understand("2022年社会消费品零售总额是多少？")
    sentence = "全年全市社会消费品零售总额1954.60亿元，同比增长6.4%。"
    passage = chunk((), sentence)
    assert _year_features(query, sentence, passage, report(title, 2023))[2] == missed


@pytest.mark.parametrize(
    ("sentence", "miss"),
    [
        ("全市地区生产总值达3.68万亿元、增长5.8%。", 0.0),
        ("全市生产总值4.32万亿元。", 0.0),  # another name of the same indicator
        ("全社会研发投入2236.6亿元、增长18.9%。", 1.0),  # another indicator's figure
        ("战略性新兴产业增加值增长10.5%，占地区生产总值比重42.3%。", 1.0),
        ("全市人均地区生产总值26858元，比上年增长12.9%。", 1.0),  # per head: another indicator
        ("单位地区生产总值能耗较2020年下降11.7%。", 1.0),  # per unit of output: energy intensity
        # GDP is the share's denominator, not what it counts
        ("数字经济核心产业增加值占地区生产总值比重达到10%左右。", 1.0),
    ],
)
def test_the_figure_must_be_the_asked_indicators(sentence: str, miss: float) -> None:
    query = understand("2024年深圳GDP是多少？")
    figure = answering_figure(query.simplified, sentence)
    assert _amount_features(query, sentence, figure)[-1] == miss


@pytest.mark.parametrize(
    ("question", "sentence", "unasked"),
    [
        ("去年全国城镇新增就业多少人？", "城镇新增就业累计超过6000万人。", 1.0),
        ("去年居民收入增长多少？", "居民人均可支配收入年均增长5.4%。", 1.0),
        ("过去五年城镇新增就业多少人？", "城镇新增就业累计超过6000万人。", 0.0),  # asked
        ("去年全国城镇新增就业多少人？", "城镇新增就业1256万人。", 0.0),
        ("PM2.5降了多少？", "PM2.5年均浓度同比下降8%。", 0.0),  # one year's average
    ],
)
def test_a_figure_over_several_years_is_marked_when_one_year_is_asked(
    question: str, sentence: str, unasked: float
) -> None:
    query = understand(question)
    figure = answering_figure(query.simplified, sentence)
    position = FEATURES.index("unasked_span") - FEATURES.index("figure")
    assert _amount_features(query, sentence, figure)[position] == unasked


def test_a_yearly_average_is_not_an_amount_per_head() -> None:
    query = understand("2022年深圳细颗粒物浓度是多少？")
    sentence = "PM2.5年平均浓度降至16微克/立方米。"
    figure = answering_figure(query.simplified, sentence)
    assert _amount_features(query, sentence, figure)[-1] == 0.0


def test_a_figure_per_head_answers_a_question_per_head() -> None:
    query = understand("2024年深圳人均地区生产总值是多少？")
    sentence = "全市人均地区生产总值26858元，比上年增长12.9%。"
    figure = answering_figure(query.simplified, sentence)
    assert _amount_features(query, sentence, figure)[-1] == 0.0


def test_the_answering_figure_must_be_in_the_asked_unit() -> None:
    """Another figure of the sentence in 亿元 does not make a growth rate an amount."""
    sentence = "全区地区生产总值增长4.2%左右，规上工业增加值突破1000亿元。"
    assert asked_part("2024年广西地区生产总值总量是多少亿元？", sentence, REVIEW)[0] == 1.0


@pytest.mark.parametrize(
    ("sentence", "caption"),
    [
        ("表1 2023年末周口市常住人口数及其构成", True),
        ("图1 2017-2023年周口市粮食总产量", True),
        ("表3主要农产品产量", True),
        ("表明全市经济稳中向好。", False),  # 表 starts a word, not a caption
        ("图书馆新增藏书10万册。", False),
        ("常住人口 | 万人 | 866.60", False),  # a table row states a value
    ],
)
def test_a_caption_is_no_candidate(sentence: str, caption: bool) -> None:
    assert is_caption(sentence) == caption


@pytest.mark.parametrize(
    ("question", "sentence", "miss"),
    [
        ("龙溪路什么时候通车？", "龙溪路将于2025年底前建成通车。", 0.0),
        ("龙溪路什么时候通车？", "加快推进龙溪路建设。", 1.0),  # the report does not say when
        ("龍溪路幾時通車？", "加快推进龙溪路建设。", 1.0),  # Hong Kong words, read simplified
        ("吴少阳在什么时候去世？", "元和九年（814年）九月，吴少阳去世。", 0.0),
        ("龙溪路建设进展如何？", "加快推进龙溪路建设。", 0.0),  # no time asked
        # open text gives times as ages, seasons and what came before (CMRC 2018 trial)
        ("他何时开始写第一本寓言？", "九岁的一天，他开始写他的第一本寓言故事。", 0.0),
        ("峡谷什么时候会短期关闭？", "只有在春季化雪的时候可能会短期关闭。", 0.0),
        ("长宗我部家何时成为从属势力？", "四国征伐后，长宗我部家随即成为丰臣家的从属势力。", 0.0),
        ("陈伯坛先生诞辰纪念活动在哪天举行？", "办好陈伯坛先生诞辰160周年纪念活动。", 1.0),
        ("乡里组织什么时候开始瓦解的？", "乡里组织在唐末藩镇混战中瓦解。", 0.0),  # an era
        # a time of day, a clock time, a year spaced from its digits as extracted text has it
        ("这种蛇通常什么时候出没？", "这种蛇通常在夜间出没。", 0.0),
        ("车站的营业时间是什么时候？", "营业时间为5时30分至22时30分。", 0.0),
        ("学院成立于哪一年？", "学院成立于 1985 年，是学校的重要学院之一。", 0.0),
        ("学院成立于哪一年？", "学院是学校的重要学院之一，有两个专业。", 1.0),
    ],
)
def test_a_time_asked_must_be_given(question: str, sentence: str, miss: float) -> None:
    asked = asked_of(understand(question).simplified)
    assert kind_features(asked, sentence)[3] == miss


# The seed report masks names with `**`; a sentence holding the asked thing only under a mask
# does not say its name.
SEED_SENTENCE = (
    "民生保障持续强化,全区规模最大、占地39亩的****花园项目破土动工,成功争取高新一小、****学校、"
    "实验小学等项目落户建设,力促全区最大、****人民医院发热门诊顺利建成,****医院新院区项目建设有序推进。"
)


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        ("占地39亩的花园项目叫什么名字？", SEED_SENTENCE),
        ("发热门诊建在哪家医院？", SEED_SENTENCE),
        ("占地334亩的工业园项目叫什么？", "重点项目加快推进,占地334****工业园项目率先破土动工。"),
    ],
)
def test_a_name_the_report_masks_is_no_answer(question: str, sentence: str) -> None:
    assert masked_name(understand(question), sentence)


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        # the name stands before the mask
        ("哪个村要进行三旧改造？", "实施七东村**“三旧”改造、中华大道沿线老旧小区改造工程。"),
        # half the name is there
        ("那个公园叫什么名字？", "龙**公园入选《**市观鸟地图》。"),
        # one hospital is named, another masked
        ("哪家医院在建新院区？", "江门市人民医院新院区、****医院住院综合大楼项目建设。"),
        # a mask in a sentence answering a question that asks no name
        ("街道有没有帮忙搞应急救援队伍？", "支持本地****救援队发展壮大。"),
    ],
)
def test_a_name_that_is_there_is_not_masked(question: str, sentence: str) -> None:
    assert not masked_name(understand(question), sentence)


class ChunksOnly:
    """The part of a StoredIndex `_text_before` reads: its chunks in document order."""

    def __init__(self, chunks: list[Chunk]) -> None:
        self.chunks = chunks


HEADER = (
    "表1 2023年年末户籍人口及其构成\n指标名称 年末数（人） 比重（%）\n全州总户籍人口 4899310 100.0"
)
ROWS = "#男性 2617299 53.4\n#女性 2282011 46.6"


def test_a_tables_header_in_the_chunk_before_is_read_with_its_rows() -> None:
    # a bulletin's table whose rows run on into the next chunk, below its header
    first = Chunk("c0", "d", ("人口",), 1, HEADER, 0, len(HEADER))
    rows = Chunk("c1", "d", ("人口",), 1, ROWS, len(HEADER) + 1, len(HEADER) + 1 + len(ROWS))
    before = _text_before(ChunksOnly([first, rows]), Hit(rows, 1.0, row=1))  # type: ignore[arg-type]
    above = lines_above_table(before + rows.text, len(before), "#男性 2617299 53.4")
    assert above == ["指标名称 年末数（人） 比重（%）", "表1 2023年年末户籍人口及其构成"]


def test_another_reports_chunk_is_not_read_before_a_reports_first() -> None:
    other = Chunk("c0", "other", ("人口",), 1, HEADER, 0, len(HEADER))
    rows = Chunk("c1", "d", ("人口",), 1, ROWS, 0, len(ROWS))
    assert _text_before(ChunksOnly([other, rows]), Hit(rows, 1.0, row=1)) == ""  # type: ignore[arg-type]

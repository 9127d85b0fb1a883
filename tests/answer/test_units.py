"""The unit a question asks in, and whether a sentence states a quantity in it."""

from __future__ import annotations

import pytest

from assistant.answer.units import RANK, asked_unit, holds_unit
from tests.answer.test_figures import SEED_ECONOMY, SEED_FIRMS


@pytest.mark.parametrize(
    ("question", "unit"),
    [
        ("2024年广西地区生产总值总量是多少亿元？", "元"),
        ("城镇新增就业多少万人？", "人"),
        ("新增了几家专精特新企业？", "家"),
        ("牛奶产量是多少吨？", "吨"),
        ("几个村获奖？", "个"),
        ("中华大道升级改造花了多少钱？", "元"),  # money
        ("吸引了多少台湾青年创业？", None),  # 台湾 is no unit 台
        ("惠及多少家庭？", None),  # families are counted in 户, not 家
        ("近几年地区生产总值增长多少？", None),  # 近几年: recent years, not the unit 年
        ("这几年新建了几所学校？", "所"),
        ("工业投资增长多少？", None),  # a rate, no unit named
        ("规上工业增加值是多少？", None),
        ("2023年城镇调查失业率是多少？", "%"),  # a rate is stated in %, not by a count
        ("工业产值在全区占多大比重？", "%"),
        ("城镇化率提高了多少？", None),  # a change: 个百分点 answers it too
        ("黔东南2023年生产总值在贵州排第几？", RANK),  # a place in a ranking
        ("第几届冬运会在辽宁办？", None),  # an ordinal of a thing
    ],
)
def test_asked_unit(question: str, unit: str | None) -> None:
    assert asked_unit(question) == unit


@pytest.mark.parametrize(
    ("sentence", "unit", "held"),
    [
        (SEED_ECONOMY, "元", True),  # 104.86亿元: any magnitude of 元
        ("初步预计，全区地区生产总值增长4.2%左右。", "元", False),  # a growth rate, not an amount
        (SEED_FIRMS, "家", True),
        (SEED_FIRMS, "个", True),  # `几个` is answered by any counting word
        (SEED_FIRMS, "间", True),  # so is Hong Kong's `幾多間`
        (SEED_FIRMS, "吨", False),
        ("城镇新增就业106万人。", "人", True),
        ("新增认定高层次人才111人。", "名", True),  # 名 and 人 count people alike
        ("建成高速公路120千米。", "公里", True),
        ("新增认定高层次人才111人。", "家", False),
        ("推行一次挂号管三天。", "天", True),  # a lone Chinese numeral is no figure, yet an answer
        ("推行一次挂号管理。", "天", False),
    ],
)
def test_holds_unit(sentence: str, unit: str, held: bool) -> None:
    assert holds_unit(sentence, unit) is held


@pytest.mark.parametrize(
    ("sentence", "held"),
    [
        ("增速居全省第2位。", True),
        ("连续36年居全国首位。", True),
        ("经济总量保持全国第5位。", True),
        ("第一产业增加值占全州生产总值的比重为20.9%。", False),  # an ordinal naming a sector
        ("全州生产总值1329.65亿元，比上年增长4.0%。", False),
    ],
)
def test_a_ranking_is_stated_in_words(sentence: str, held: bool) -> None:
    assert holds_unit(sentence, RANK) == held


def test_dollars_are_money() -> None:
    assert holds_unit("斥资77亿美元收购希尔夏品牌。", "元")

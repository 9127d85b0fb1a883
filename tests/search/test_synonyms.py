"""One indicator, many names."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.index.tokenizer import tokenize
from assistant.search.plain_words import PLAIN_WORDS, report_words
from assistant.search.query import understand
from assistant.search.synonyms import find_indicator


@pytest.mark.parametrize(
    ("question", "indicator"),
    [
        ("北京去年GDP是多少？", "地区生产总值"),
        ("2022年经济总量多少", "地区生产总值"),
        ("地区生产总值是多少？", "地区生产总值"),
        ("规上工业增加值增长多少？", "规模以上工业增加值"),
        ("规模工业增加值增长多少", "规模以上工业增加值"),  # 永州's wording
        ("规上工业企业有多少家", "规模以上工业"),
        ("社零总额多少", "社会消费品零售总额"),
        ("PM2.5浓度是多少？", "细颗粒物"),
        ("细颗粒物年均浓度", "细颗粒物"),
        ("研发投入强度是多少", "研发投入强度"),
        ("全社会研发经费支出相当于全市生产总值的比例", "研发投入强度"),  # longest name wins
        ("新增城镇就业多少人", "城镇新增就业"),
        ("一般公共预算收入多少", "一般公共预算收入"),
        ("财政收入多少", "财政收入"),
        ("要建哪些医院？", None),
    ],
)
def test_find_indicator(question: str, indicator: str | None) -> None:
    found = find_indicator(question.lower())
    assert (found[0].name if found else None) == indicator


@pytest.mark.parametrize(
    ("question", "wording"),
    [
        ("北京去年GDP是多少？", "地区生产总值"),
        ("社零总额多少", "社会消费品零售总额"),
        ("pm25浓度是多少？", "细颗粒物"),
        ("研发强度是多少", "研发经费支出相当于"),
        ("财政收入多少", "一般公共预算收入"),  # searched one way ...
        ("规上工业增加值增长多少？", "规模以上工业增加值"),
    ],
)
def test_the_report_wording_is_searched(question: str, wording: str) -> None:
    query = understand(question)
    assert set(tokenize(wording)) <= set(query.tokens)


@pytest.mark.parametrize(
    "question",
    # names reports write themselves (深圳 writes 规上) are recognised but not searched
    ["PM2.5浓度是多少？", "地区生产总值是多少？", "经济总量多少"],
)
def test_report_wordings_search_only_themselves(question: str) -> None:
    assert understand(question).tokens == understand(question, use_synonyms=False).tokens
    assert understand(question).indicator is not None


def test_one_way_wordings() -> None:
    # ... a 一般公共预算收入 question is not answered with all revenue (全部财政收入)
    assert "全部" not in understand("一般公共预算收入多少").tokens


def test_an_abbreviation_no_report_writes_is_read_as_the_name_for_the_topic() -> None:
    query = understand("2022年GDP是多少？")
    assert query.indicator == "地区生产总值"
    assert "gdp" not in query.topic and "生产" in query.topic


def test_synonyms_can_be_switched_off() -> None:
    query = understand("2022年GDP是多少？", use_synonyms=False)
    assert query.indicator is None and "生产" not in query.tokens


@pytest.mark.parametrize(
    ("question", "searched"),
    [
        ("在四川看病报销比例是多少？", {"医疗", "就医", "医保"}),
        ("政府打算怎么节省开支？", {"压缩", "支出"}),
        ("孩子上幼儿园免费吗？", {"学前"}),
        ("规上工业增加值是多少？", set()),  # asked in report words: nothing added
    ],
)
def test_everyday_words_also_search_report_words(question: str, searched: set[str]) -> None:
    tokens = set(understand(question).tokens)
    assert searched <= tokens
    assert bool(report_words(question)) == bool(searched)


@pytest.mark.parametrize(
    ("question", "report_word"),
    [
        ("退休金今年涨了多少？", "基本养老金"),
        ("诈骗电话多不多，政府管不管？", "电信网络诈骗"),
        ("我们小区能不能装电梯？", "加装电梯"),
        ("菜价涨了没有？", "菜篮子"),
        ("孩子放学后有人管吗？", "课后服务"),
    ],
)
def test_a_residents_word_searches_the_reports_own(question: str, report_word: str) -> None:
    assert set(tokenize(report_word)) <= set(understand(question).tokens)


# Words on nearly every page of a report: as a stand-in they would cover any question.
PAGE_WORDS = {"工作", "发展", "建设", "推进", "服务", "加强", "提升", "完善", "项目", "管理"}


def test_every_row_of_the_everyday_table_names_a_few_specific_report_words() -> None:
    for plain, words in PLAIN_WORDS.items():
        listed = words.split()
        assert 1 <= len(listed) <= 6, plain
        assert not set(listed) & PAGE_WORDS, plain


def test_every_report_word_of_the_everyday_table_is_in_the_reports() -> None:
    folders = [Path("/work/shared/corpus"), Path(__file__).resolve().parents[2] / "documents"]
    if not folders[0].is_dir():
        pytest.skip("the shared corpus is not on this machine")
    text = "".join(
        p.read_text(encoding="utf-8", errors="ignore") for f in folders for p in f.rglob("*.txt")
    )
    assert [w for words in PLAIN_WORDS.values() for w in words.split() if w not in text] == []

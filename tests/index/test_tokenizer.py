"""The Chinese tokenizer: n-grams, numbers kept whole, question words dropped, 繁→简."""

from __future__ import annotations

import pytest

from assistant.index.tokenizer import prepare_question, tokenize, tokenize_query


def test_unigrams_and_bigrams_of_cjk_runs() -> None:
    assert tokenize("工业投资") == ["工", "业", "投", "资", "工业", "业投", "投资"]


def test_a_clause_is_not_one_token() -> None:
    tokens = tokenize("坚持制造业当家，坚持产城人文融合发展")
    assert "制造" in tokens and "坚持制造业当家" not in tokens


@pytest.mark.parametrize(
    ("text", "number"),
    [("增加值104.86亿元", "104.86"), ("增长35.7%", "35.7"), ("ＣＢＤ建设", "cbd")],
)
def test_numbers_and_latin_words_stay_whole(text: str, number: str) -> None:
    assert number in tokenize(text)


def test_no_bigram_across_punctuation() -> None:
    assert "业投" not in tokenize("工业，投资")


@pytest.mark.parametrize(
    ("question", "absent", "present"),
    [
        ("工业投资增长多少？", ["多少", "少"], ["投资", "增长"]),
        ("要扩建哪些医院项目？", ["哪些"], ["医院", "扩建"]),
        ("中东村整治是以什么为切入点？", ["什么", "么为"], ["切入"]),
    ],
)
def test_question_words_are_dropped(question: str, absent: list[str], present: list[str]) -> None:
    tokens = tokenize_query(question)
    assert not set(absent) & set(tokens)
    assert set(present) <= set(tokens)


def test_traditional_question_finds_simplified_tokens() -> None:
    assert {"经济", "体量"} <= set(tokenize_query("創造了多少經濟體量？"))


@pytest.mark.parametrize(
    ("question", "read"),
    [
        ("外海係唔係有新嘅公園？", "外海是不是有新的公园?"),  # 唔 = 不
        ("邊條村要搞三舊改造？", "哪条村要搞三旧改造?"),  # 边 before a measure word = 哪
        ("嗰個項目幾時完成？", "那个项目什么时候完成?"),  # 嗰 = 那
        ("外海舊年工業投資增長咗幾多？", "外海去年工业投资增长了多少?"),  # 舊年 = 去年
        ("點解要搵工？係咪冇補貼？", "为什么要找工?是不是没有补贴?"),
        ("周邊道路", "周边道路"),  # 边 alone stays
    ],
)
def test_hong_kong_colloquial_words_are_read(question: str, read: str) -> None:
    assert prepare_question(question) == read

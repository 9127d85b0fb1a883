"""An English question read in the reports' words."""

from __future__ import annotations

import pytest

from assistant.search.english import in_report_words
from assistant.search.query import understand


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("what was sichuan's gdp in 2024?", "2024年 四川 地区生产总值 是多少"),
        ("how many new urban jobs did anhui add last year?", "安徽 新增 城镇新增就业 去年 是多少"),
        ("which village will build a park?", "村 将 建设 公园 是什么"),
        ("hello", ""),
    ],
)
def test_in_report_words(question: str, words: str) -> None:
    assert set(in_report_words(question).split()) == set(words.split())


def test_an_english_question_is_embedded_as_asked_and_matched_in_report_words() -> None:
    query = understand("What was Sichuan's GDP in 2024?")
    assert query.embedded.startswith("what was sichuan")
    assert "四川" in query.tokens and query.years == {2024} and query.wants_amount
    assert not query.in_chinese
    chinese = understand("2024年四川地区生产总值是多少？")
    assert chinese.in_chinese and chinese.embedded == chinese.simplified

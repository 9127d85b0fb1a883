"""`ReportAssistant` at its edges: odd questions and odd passage counts never raise a traceback."""

from __future__ import annotations

import pytest

from assistant.config import MAX_PASSAGES
from assistant.engine import ReportAssistant
from assistant.errors import QuestionError

ODD_QUESTIONS = [
    "？？？！！！",
    "。，、；：",
    "😀😀🎉",
    "the",
    "What",
    "2023",
    "3.14",
    "问" * 500,
    "a" * 500,
    "？" * 500,
    "\u202e工业投资增长多少",
]


@pytest.mark.parametrize(
    "question", ["？？？！！！", "😀😀🎉", "the", "What", "2023", "3.14", "a" * 500]
)
def test_a_question_naming_nothing_is_not_found(
    seed_assistant: ReportAssistant, question: str
) -> None:
    """With the real model: an emoji's embedding lands near some sentence, which is no answer."""
    assert not seed_assistant.ask(question).found


@pytest.mark.parametrize("question", ODD_QUESTIONS)
def test_odd_questions_get_an_answer_or_not_found(
    hashing_assistant: ReportAssistant, question: str
) -> None:
    hashing_assistant.build()
    answer = hashing_assistant.ask(question)
    assert answer.found in (True, False)
    assert not answer.found or answer.quote is not None


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("\u202e工业投资增长多少", "工业投资增长多少"),
        ("工业\x00投资\x1b[31m增长", "工业投资[31m增长"),
        ("\u2066工业\u2069投资\u200f", "工业投资"),
        ("工业\t投资\r\n增长\x85", "工业 投资 增长"),
        ("  \x07 工业投资 \x7f", "工业投资"),
    ],
)
def test_control_characters_are_dropped(
    hashing_assistant: ReportAssistant, given: str, kept: str
) -> None:
    assert hashing_assistant.check_question(given) == kept


@pytest.mark.parametrize(
    ("question", "k", "zh"),
    [
        ("\u202e\x00\u2066", None, "问题为空"),
        (2023, None, "问题应是一段文字"),
        (["工业投资"], None, "问题应是一段文字"),
        ("工业投资", 0, "段落数 k"),
        ("工业投资", MAX_PASSAGES + 1, "段落数 k"),
        ("工业投资", "3", "段落数 k"),
        ("工业投资", [1], "段落数 k"),
        ("工业投资", True, "段落数 k"),
    ],
)
def test_bad_questions_and_k_are_refused_in_both_languages(
    hashing_assistant: ReportAssistant, question: object, k: object, zh: str
) -> None:
    with pytest.raises(QuestionError) as raised:
        hashing_assistant.ask(question, k=k)  # type: ignore[arg-type]
    assert zh in raised.value.zh and raised.value.en


def test_money_asked_is_not_answered_without_money(seed_assistant: ReportAssistant) -> None:
    """With the real model: the seed says 中华大道 was upgraded, not what it cost; the sentence
    saying so holds no 元 and is no answer. What the seed does state in 元 is still quoted."""
    assert not seed_assistant.ask("中华大道升级改造花了多少钱？").found
    answer = seed_assistant.ask("2022年规模以上工业增加值是多少亿元？")
    assert answer.found and answer.quote is not None and "104.86亿元" in answer.quote.text


def test_when_asked_is_not_answered_without_a_time(seed_assistant: ReportAssistant) -> None:
    """With the real model: the seed says the 陈伯坛 anniversary event will be held, not when;
    the sentence naming it is no answer to 哪天, though it answers what the anniversary is."""
    assert not seed_assistant.ask("陈伯坛先生诞辰纪念活动在哪天举行？").found
    answer = seed_assistant.ask("陈伯坛先生诞辰纪念活动是多少周年？")
    assert answer.found and answer.quote is not None and "160周年" in answer.quote.text


def test_the_quoted_passage_is_listed_first(seed_assistant: ReportAssistant) -> None:
    """The quote of `物业小区建立党组织的情况怎样？` stands in the second passage retrieval ranks;
    the answer lists that passage first, so its citation and the quote agree."""
    answer = seed_assistant.ask("物业小区建立党组织的情况怎样？")
    assert answer.found and answer.quote is not None
    assert answer.quote.text in answer.hits[0].chunk.text
    assert answer.citations[0].start <= answer.quote.citation.start


def test_a_five_year_total_is_no_answer_for_one_year(seed_assistant: ReportAssistant) -> None:
    """The seed's only 累计 figure of talents: `累计引进境外高端人才超40人` is asked for `一共`,
    not for the year's new ones."""
    assert seed_assistant.ask("外海一共引进了多少境外高端人才？").found
    asked_for_the_year = seed_assistant.ask("外海去年新引进境外高端人才多少人？")
    assert not asked_for_the_year.found or "累计" not in asked_for_the_year.quote.text


def test_new_ones_are_no_answer_for_a_total(seed_assistant: ReportAssistant) -> None:
    """The seed counts this year's new 专精特新 firms (新增60家, 新增2家…小巨人) but states no
    total of them: `一共` is 未找到, the new ones are answered."""
    assert not seed_assistant.ask("外海目前一共有几家专精特新企业？").found
    new_ones = seed_assistant.ask("外海2022年新增了多少家专精特新企业？")
    assert new_ones.found and new_ones.quote is not None and "新增" in new_ones.quote.text

"""The product, end to end: the real bundled e5-small model over the seed report.

These are the tests that show the assistant works: dev-set questions get the exact sentence
that answers, with a citation that points at it; unanswerable ones get "not found".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.engine import ReportAssistant
from assistant.evaluation import evaluate, load_questions
from assistant.reading.documents import load_document
from tests.conftest import SEED, SHARED

pytestmark = pytest.mark.e2e
DEV = SHARED / "eval" / "dev_questions.jsonl"


@pytest.fixture(scope="module")
def dev_result(seed_assistant: ReportAssistant) -> dict:
    if not DEV.exists():
        pytest.skip(f"dev question set not found at {DEV}")
    return evaluate(load_questions(DEV), lambda q: seed_assistant.ask(q))


def test_dev_set_meets_the_bar(dev_result: dict) -> None:
    overall = dev_result["overall"]
    assert overall["hit@5"] == 1.0
    assert overall["hit@1"] >= 0.95
    assert overall["answer_accuracy"] >= 0.85
    # The answer model was fitted on other questions (docs/benchmarks.md), not tuned so that
    # no dev question is refused: 3 of 30 are, today.
    assert overall["answerable_refused"] <= 3
    assert dev_result["by_kind"]["figure"]["answer_accuracy"] >= 0.9


def test_every_unanswerable_dev_question_is_not_found(dev_result: dict) -> None:
    assert dev_result["by_kind"]["unanswerable"]["not_found_recall"] == 1.0


@pytest.mark.parametrize(
    ("question", "quote_part", "section_part"),
    [
        ("去年工业投资增长多少？", "工业投资增长35.7%", "（二）全力以赴稳经济"),
        ("中东村要建什么公园？", "龙舟公园", "有序开展**村整治"),
        ("2022年新增几家专精特新小巨人企业？", "新增2家专精特新“小巨人”企业", "2022年工作情况"),
        ("規上工業增加值是多少？", "104.86亿元", "稳经济"),  # traditional characters
    ],
)
def test_resident_questions_get_the_exact_sentence(
    seed_assistant: ReportAssistant, question: str, quote_part: str, section_part: str
) -> None:
    answer = seed_assistant.ask(question)
    assert answer.found and answer.quote is not None
    assert quote_part in answer.quote.text
    section = " › ".join(answer.quote.citation.section).replace("(", "（").replace(")", "）")
    assert section_part in section


def test_quote_is_copied_exactly_from_the_report(seed_assistant: ReportAssistant) -> None:
    document = load_document(SEED)
    answer = seed_assistant.ask("外海集聚了全区多少比例的规上工业企业？")
    assert answer.quote is not None
    citation = answer.quote.citation
    assert document.text[citation.start : citation.end] == answer.quote.text
    assert Path(citation.file).name == SEED.name
    assert citation.report == document.title
    for hit, passage in zip(answer.hits, answer.citations, strict=False):
        assert document.text[passage.start : passage.end] == hit.chunk.text


def test_figure_question_emphasises_the_figure(seed_assistant: ReportAssistant) -> None:
    answer = seed_assistant.ask("工业投资增长多少？")
    assert answer.quote is not None and answer.quote.figure is not None
    assert answer.quote.figure.text == "增长35.7%"


def test_masked_words_are_quoted_as_they_stand(seed_assistant: ReportAssistant) -> None:
    answer = seed_assistant.ask("2022年开放了多少家医疗机构？")
    assert answer.quote is not None and "34****医疗机构" in answer.quote.text


@pytest.mark.parametrize(
    "question", ["江门到广州的高铁多久一班？", "怎么申请公租房？", "外海的房价是多少？"]
)
def test_unanswerable_questions_are_not_found(
    seed_assistant: ReportAssistant, question: str
) -> None:
    answer = seed_assistant.ask(question)
    assert not answer.found and answer.quote is None
    assert answer.hits  # the nearest passages are still shown


@pytest.mark.parametrize(
    ("question", "quote_part"),
    [
        ("外海去年工業投資增長咗幾多？", "工业投资增长35.7%"),  # Hong Kong colloquial
    ],
)
def test_colloquial_questions_get_the_quote(
    seed_assistant: ReportAssistant, question: str, quote_part: str
) -> None:
    answer = seed_assistant.ask(question)
    assert answer.found and answer.quote is not None
    assert quote_part in answer.quote.text

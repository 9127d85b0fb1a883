"""The generated hard negatives of `benchmarks/ablated_reports.py`: the sentence holding the
answer is cut, its neighbours stay, and a question whose answer cannot be cut cleanly is no
negative at all (a mislabelled negative teaches the decider to refuse answerable questions)."""

from __future__ import annotations

import sys

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

from ablated_reports import cut_answers

REPORT = (
    "一、经济运行\n"
    "全市地区生产总值3.24万亿元，增长3.3%。工业增加值占地区生产总值比重提高到35.1%。\n"
    "二、民生\n"
    "新增就业12万人；地区生产总值3.24万亿元的目标已经完成。\n"
)


def test_the_sentence_holding_the_answer_is_cut_and_its_neighbours_stay() -> None:
    cut = cut_answers(REPORT, ["地区生产总值3.24万亿元"])
    assert cut is not None
    assert "3.24万亿元" not in cut
    assert "工业增加值占地区生产总值比重提高到35.1%。" in cut
    assert "新增就业12万人；" in cut
    assert "一、经济运行\n" in cut and "二、民生\n" in cut


def test_an_answer_too_short_to_cut_safely_makes_no_negative() -> None:
    assert cut_answers(REPORT, ["12万"]) is None


def test_an_answer_found_only_across_white_space_makes_no_negative() -> None:
    spaced = REPORT.replace("3.24万亿元", "3.24 万亿元")
    assert cut_answers(spaced, ["地区生产总值3.24万亿元"]) is None

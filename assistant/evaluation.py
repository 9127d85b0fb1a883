"""Question sets with known answers, and the metrics: hit@k, MRR, answer accuracy, "not found".

A question set is JSON lines: `{"id", "question", "answers": [...], "kind"}`; `answers` are exact
substrings of a report and an empty list means the reports do not answer it. A passage or quote
answers when it contains a gold answer, compared with white space removed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.schema import Answer

WHITESPACE = re.compile(r"\s+")
CUTOFFS = (1, 3, 5)


@dataclass(frozen=True)
class Outcome:
    """One question's result, reduced to what the metrics need."""

    kind: str
    answerable: bool
    first_hit: int | None  # 1-based rank of the first answering passage
    answered_correctly: bool
    said_not_found: bool


def load_questions(path: Path) -> list[dict[str, Any]]:
    """The question set; ValueError names the first line that is not `{"question": "…", …}`."""
    with path.open(encoding="utf-8") as handle:
        lines = [(number, line) for number, line in enumerate(handle, 1) if line.strip()]
    return [_question_row(number, line) for number, line in lines]


def _question_row(number: int, line: str) -> dict[str, Any]:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as error:
        raise ValueError(f"line {number} is not JSON ({error.msg})") from error
    if not isinstance(row, dict) or not isinstance(row.get("question"), str):
        raise ValueError(f'line {number} is not a JSON object with a "question" text')
    return row


def contains_answer(text: str, answers: Iterable[str]) -> bool:
    compact = WHITESPACE.sub("", text)
    return any(WHITESPACE.sub("", gold) in compact for gold in answers if gold.strip())


def judge(question: dict[str, Any], answer: Answer) -> Outcome:
    gold = question.get("answers") or []
    first_hit = next(
        (rank for rank, hit in enumerate(answer.hits, 1) if contains_answer(hit.chunk.text, gold)),
        None,
    )
    correct = bool(gold) and answer.quote is not None and contains_answer(answer.quote.text, gold)
    return Outcome(
        kind=str(question.get("kind", "")),
        answerable=bool(gold),
        first_hit=first_hit,
        answered_correctly=correct,
        said_not_found=not answer.found,
    )


def _ratio(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def summarize(outcomes: list[Outcome]) -> dict[str, Any]:
    """Metrics over answerable questions, and not-found precision/recall over all."""
    answerable = [o for o in outcomes if o.answerable]
    refused = [o for o in outcomes if o.said_not_found]
    unanswerable = [o for o in outcomes if not o.answerable]
    metrics: dict[str, Any] = {"questions": len(outcomes), "answerable": len(answerable)}
    for cutoff in CUTOFFS:
        hits = sum(1 for o in answerable if o.first_hit and o.first_hit <= cutoff)
        metrics[f"hit@{cutoff}"] = _ratio(hits, len(answerable))
    reciprocal = sum(1 / o.first_hit for o in answerable if o.first_hit)
    metrics["mrr"] = round(reciprocal / len(answerable), 4) if answerable else None
    correct = sum(o.answered_correctly for o in answerable)
    metrics["answer_accuracy"] = _ratio(correct, len(answerable))
    metrics["answerable_refused"] = sum(o.said_not_found for o in answerable)
    right_refusals = sum(1 for o in refused if not o.answerable)
    metrics["not_found_precision"] = _ratio(right_refusals, len(refused))
    metrics["not_found_recall"] = _ratio(right_refusals, len(unanswerable))
    return metrics


def evaluate(questions: list[dict[str, Any]], ask: Callable[[str], Answer]) -> dict[str, Any]:
    """Ask every question; metrics overall and by `kind`."""
    outcomes = [judge(question, ask(question["question"])) for question in questions]
    kinds = sorted({o.kind for o in outcomes})
    return {
        "overall": summarize(outcomes),
        "by_kind": {kind: summarize([o for o in outcomes if o.kind == kind]) for kind in kinds},
    }


def format_report(result: dict[str, Any]) -> str:
    """A fixed-width table of the metrics, one row per group."""
    columns = [
        "questions",
        "hit@1",
        "hit@3",
        "hit@5",
        "mrr",
        "answer_accuracy",
        "answerable_refused",
        "not_found_precision",
        "not_found_recall",
    ]
    rows = [("overall", result["overall"]), *list(result["by_kind"].items())]
    lines = ["group".ljust(14) + "".join(column[:12].rjust(13) for column in columns)]
    for name, metrics in rows:
        cells = ["-" if metrics[c] is None else str(metrics[c]) for c in columns]
        lines.append(name.ljust(14) + "".join(cell.rjust(13) for cell in cells))
    return "\n".join(lines)

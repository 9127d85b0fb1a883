"""The passages list: one entry per paragraph of a report, adjacent chunks merged."""

from __future__ import annotations

import pytest

from assistant.answer.render import passages
from assistant.schema import Chunk, Citation, Hit

PARAGRAPH = "第一句话。第二句话。第三句话。第四句话。"  # offsets 0..20 in the document


def hit(start: int, end: int, score: float, *, file: str = "a.txt", paragraph: int = 1) -> tuple:
    text = PARAGRAPH[start:end] if paragraph == 1 else "别的段落。"
    chunk = Chunk(f"{file}{start}", file, ("一、",), paragraph, text, start, end)
    citation = Citation("报告", file, ("一、",), paragraph, None, start, end)
    return Hit(chunk, score), citation


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        # (start, end, score[, file, paragraph]) -> [(text, start, end, score)]
        ([(5, 10, 0.9), (0, 5, 0.8)], [("第一句话。第二句话。", 0, 10, 0.9)]),
        ([(0, 5, 0.9), (10, 15, 0.5)], [("第一句话。…第三句话。", 0, 15, 0.9)]),
        ([(0, 10, 0.9), (5, 15, 0.7)], [("第一句话。第二句话。第三句话。", 0, 15, 0.9)]),
        ([(0, 15, 0.9), (5, 10, 0.7)], [("第一句话。第二句话。第三句话。", 0, 15, 0.9)]),
        (
            [(0, 5, 0.9), (0, 5, 0.8, "b.txt", 1), (5, 10, 0.7)],
            [("第一句话。第二句话。", 0, 10, 0.9), ("第一句话。", 0, 5, 0.8)],
        ),
        (
            [(0, 5, 0.9), (30, 35, 0.8, "a.txt", 2)],
            [("第一句话。", 0, 5, 0.9), ("别的段落。", 30, 35, 0.8)],
        ),
    ],
)
def test_chunks_of_one_paragraph_are_one_passage(spans: list[tuple], expected: list) -> None:
    pairs = [
        hit(
            s[0],
            s[1],
            s[2],
            file=s[3] if len(s) > 3 else "a.txt",
            paragraph=s[4] if len(s) > 4 else 1,
        )
        for s in spans
    ]
    shown = passages([h for h, _ in pairs], [c for _, c in pairs])
    assert [(p.text, p.citation.start, p.citation.end, p.score) for p in shown] == expected
    keys = [(p.citation.file, p.citation.section, p.citation.paragraph) for p in shown]
    assert len(keys) == len(set(keys))  # no two entries read the same citation

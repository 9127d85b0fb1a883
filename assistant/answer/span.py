"""Where a quote starts and ends in its passage: the chosen sentence, joined with a neighbour
when it is too short to stand alone, and with the sentence before when it points back to it."""

from __future__ import annotations

import re

from assistant.answer.evidence import MIN_QUOTE_CHARS, Candidate

# A sentence that opens by pointing back to the one before: a consequence (`因此`), what came
# after (`此后`), a contrast (`但`), or a pronoun or demonstrative for what it named (`该书`,
# `其叶`, `他`, `这一`). On CMRC 2018 trial, 106 chosen sentences opened so; 10 of the 25 that
# missed the answer held it once quoted with the sentence before.
POINTS_BACK = re.compile(
    r"\s*(?:因此|所以|因而|由此|从而|于是|此后|之后|随后|其后|后来|但|然而|不过"
    r"|此|这|该|其|他|她|它|牠)"
)


def chosen_text(best: Candidate) -> str:
    """The text the chooser picks: the sentence, with its neighbour when it is short. What it
    points back to is context added for the reader, not part of what answers."""
    start, end = extend_short(best)
    chunk = best.hit.chunk
    return chunk.text[start - chunk.start : end - chunk.start]


def with_what_it_points_to(best: Candidate, start: int) -> int:
    """Where the quote starts: at the sentence before, on the same line, when the quote opens by
    pointing back to it (`因此，…`, `此后…`, `该书…`, `他曾任…`), since alone it would say
    nothing a reader could check (`因此，购买及使用受到严格管制` without what it follows from);
    else `start`."""
    chunk = best.hit.chunk
    if not POINTS_BACK.match(chunk.text[start - chunk.start :]):
        return start
    before = [chunk.start + s for s, e in chunk.sentences if chunk.start + e <= start]
    if not before or "\n" in chunk.text[before[-1] - chunk.start : start - chunk.start]:
        return start
    return before[-1]


def extend_short(best: Candidate) -> tuple[int, int]:
    """Offsets of the quote: the sentence, joined with the next one on its line (or else the
    previous one) when it is too short to stand alone, like a lead phrase or a clause. A
    sentence on another line is another paragraph or table row (`钢材 吨 1577693 48.8`) and
    is never glued to it."""
    chunk = best.hit.chunk
    spans = [(chunk.start + s, chunk.start + e) for s, e in chunk.sentences]
    position = spans.index((best.start, best.end))
    if best.end - best.start >= MIN_QUOTE_CHARS:
        return best.start, best.end

    def same_line(start: int, end: int) -> bool:
        return "\n" not in chunk.text[start - chunk.start : end - chunk.start]

    if position + 1 < len(spans) and same_line(best.end, spans[position + 1][0]):
        return best.start, spans[position + 1][1]
    if position > 0 and same_line(spans[position - 1][1], best.start):
        return spans[position - 1][0], best.end
    return best.start, best.end

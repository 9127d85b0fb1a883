"""From hits to an answer: the exact sentence that answers, the figure in it, and its citation.

The quote is always `document.text[start:end]` of one sentence (or two adjacent ones when the
first is too short to stand alone) from the top passages, chosen by how much of the question's
informative wording it holds (IDF-weighted n-gram coverage), the rank of its passage, and, for
questions that ask for an amount, whether it holds a figure. When the best evidence is too weak
the answer is "not found" with the nearest passages, never a guess.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from assistant.answer.figures import answering_figure
from assistant.index import StoredIndex, tokenize
from assistant.schema import Answer, Chunk, Citation, Hit, Quote, ReportInfo
from assistant.search import Query, QueryScores, passage_years

# Sentences are drawn from this many top passages.
QUOTE_PASSAGES = 3
# A sentence shorter than this (a lead phrase like `持续壮大经济基本盘。`, a clause after `；`)
# is quoted with its neighbour: on CMRC 2018 this raised answer accuracy from 0.73 to 0.76
# (16 -> 45 characters) while the dev set stayed at 0.93.
MIN_QUOTE_CHARS = 45
PASSAGE_PRIOR_WEIGHT = 0.3
FIGURE_BONUS = 0.15


@dataclass(frozen=True)
class Evidence:
    """How strongly the best passage and sentence match; decides "found"."""

    similarity: float
    coverage: float


@dataclass(frozen=True)
class Thresholds:
    """When the reports count as answering. Calibrated for e5-small on the dev set plus
    unanswerable questions (docs/benchmarks.md): the passages must cover 30% of the
    question's topic weight, or be semantically very close (paraphrased questions)."""

    coverage: float = 0.3
    similarity: float = 0.89

    def found(self, evidence: Evidence) -> bool:
        return evidence.coverage >= self.coverage or evidence.similarity >= self.similarity


@dataclass(frozen=True)
class _Sentence:
    hit: Hit
    rank: int
    start: int  # offsets into the document text
    end: int
    coverage: float
    score: float


def token_weights(
    index: StoredIndex, tokens: list[str], *, with_titles: bool = False
) -> dict[str, float]:
    """BM25's IDF of each distinct question token; a token no chunk holds weighs the most.

    `with_titles` counts a report's title as part of each of its chunks, so the name in every
    title (`外海街道`) weighs little, as a word on every page would."""
    total = len(index.chunks)
    in_titles = index.title_token_frequency() if with_titles else {}
    weights = {}
    for token in set(tokens):
        frequency = min(total, index.chunk_frequency(token) + in_titles.get(token, 0))
        weights[token] = math.log(1 + (total - frequency + 0.5) / (frequency + 0.5))
    return weights


def coverage(weights: dict[str, float], text: str) -> float:
    """Share of the question's token weight found in `text`."""
    total = sum(weights.values())
    if total <= 0:
        return 0.0
    present = set(tokenize(text))
    return sum(weight for token, weight in weights.items() if token in present) / total


def topic_coverage(weights: dict[str, float], text: str) -> float:
    """Share of the question's topic weight that `text` covers.

    A missing bigram whose two characters are both covered by found bigrams only straddles a
    word boundary (`产业当家`: `业当`), so it does not count as missing."""
    present = set(tokenize(text))
    found = {term for term in weights if term in present}
    found_chars = {char for term in found for char in term}
    missing = {
        term
        for term in weights
        if term not in present and not (len(term) == 2 and set(term) <= found_chars)
    }
    found_weight = sum(weights[term] for term in found)
    total = found_weight + sum(weights[term] for term in missing)
    return found_weight / total if total > 0 else 0.0


def citation_for(chunk: Chunk, report: ReportInfo, start: int, end: int) -> Citation:
    """Where document text [start:end] of `chunk` stands."""
    return Citation(
        report=report.title,
        file=report.file,
        section=chunk.section_path,
        paragraph=chunk.paragraph,
        page=chunk.page,
        start=start,
        end=end,
        year=report.year,
    )


def _sentences(
    query: Query, hits: list[Hit], weights: dict[str, float], index: StoredIndex
) -> list[_Sentence]:
    top = hits[0].score if hits else 1.0
    found = []
    for rank, hit in enumerate(hits[:QUOTE_PASSAGES], 1):
        chunk = hit.chunk
        # The report's title stands in front of every sentence: `深圳市…` in the question
        # then favours 深圳's report over a like sentence of another city's.
        title = index.reports[chunk.doc_id].title
        for s, e in chunk.sentences:
            text = chunk.text[s:e]
            share = coverage(weights, f"{title} {text}")
            wanted = query.wants_amount and answering_figure(query.simplified, text)
            bonus = FIGURE_BONUS if wanted else 0.0
            score = share + PASSAGE_PRIOR_WEIGHT * hit.score / top + bonus
            found.append(_Sentence(hit, rank, chunk.start + s, chunk.start + e, share, score))
    return found


def _extend_short(best: _Sentence) -> tuple[int, int]:
    """Offsets of the quote: the sentence, joined with the next one in its chunk (or else the
    previous one) when it is too short to stand alone, like a lead phrase or a clause."""
    chunk = best.hit.chunk
    spans = [(chunk.start + s, chunk.start + e) for s, e in chunk.sentences]
    position = spans.index((best.start, best.end))
    if best.end - best.start >= MIN_QUOTE_CHARS:
        return best.start, best.end
    if position + 1 < len(spans):
        return best.start, spans[position + 1][1]
    if position > 0:
        return spans[position - 1][0], best.end
    return best.start, best.end


def _about_asked_year(query: Query, hits: list[Hit], index: StoredIndex) -> list[Hit]:
    """When the question names a year, quote only from passages that speak of it (if any do):
    a longer sentence about another year must not outscore the short right one."""
    asked = query.years
    if not asked:
        return hits
    matching = [
        hit
        for hit in hits
        if asked & passage_years(hit.chunk, index.reports[hit.chunk.doc_id].year)
    ]
    return matching or hits


def choose_quote(
    query: Query, hits: list[Hit], index: StoredIndex, scores: QueryScores
) -> tuple[Quote | None, Evidence]:
    """The best quote among the top hits, and the evidence behind it."""
    weights = token_weights(index, scores.query_tokens)
    sentences = _sentences(query, _about_asked_year(query, hits, index), weights, index)
    evidence = topic_evidence(query, hits, index, scores)
    if not sentences:
        return None, evidence
    best = max(sentences, key=lambda sentence: (sentence.score, -sentence.rank))
    start, end = _extend_short(best)
    chunk = best.hit.chunk
    text = chunk.text[start - chunk.start : end - chunk.start]
    report = index.reports[chunk.doc_id]
    figure = answering_figure(query.simplified, text) if query.wants_amount else None
    quote = Quote(text, citation_for(chunk, report, start, end), figure)
    return quote, evidence


def _in_context(chunk: Chunk, index: StoredIndex) -> str:
    """A passage with what a reader sees around it: report title and section headings."""
    title = index.reports[chunk.doc_id].title
    return f"{title} {' '.join(chunk.section_path)}\n{chunk.text}"


def topic_evidence(
    query: Query, hits: list[Hit], index: StoredIndex, scores: QueryScores
) -> Evidence:
    """The best dense similarity, and how much of the question's topic the top passages cover
    (with their report title and headings). Topic words found nowhere in the reports weigh
    the most, so
    `外海街道的GDP是多少？` is not taken as answered by passages about 外海街道."""
    # Squared IDF: one rare topic word (`GDP`, `常住人口`) outweighs the report's own name.
    weights = token_weights(index, list(query.topic), with_titles=True)
    weights = {term: weight * weight for term, weight in weights.items()}
    best = max(
        (topic_coverage(weights, _in_context(hit.chunk, index)) for hit in hits[:QUOTE_PASSAGES]),
        default=0.0,
    )
    return Evidence(float(np.max(scores.dense, initial=0.0)), best)


def answer_from_hits(
    query: Query,
    hits: list[Hit],
    index: StoredIndex,
    scores: QueryScores,
    *,
    thresholds: Thresholds | None = None,
) -> Answer:
    """The answer to `question` given its hits: a quote when the evidence is strong enough."""
    thresholds = thresholds or Thresholds()
    quote, evidence = choose_quote(query, hits, index, scores)
    found = (
        quote is not None
        and thresholds.found(evidence)
        and not _other_year(query, quote, hits, index)
    )
    citations = tuple(
        citation_for(hit.chunk, index.reports[hit.chunk.doc_id], hit.chunk.start, hit.chunk.end)
        for hit in hits
    )
    by_report = quotes_by_report(query, hits, index, scores, thresholds) if found else ()
    return Answer(query.text, found, quote if found else None, tuple(hits), citations, by_report)


def _other_year(query: Query, quote: Quote, hits: list[Hit], index: StoredIndex) -> bool:
    """True when the question names a year the quoted passage does not speak of: the 2022
    figure is no answer to "2021年…?" (the wrong year is the classic fact-checking error)."""
    asked = query.years
    chunk = next(
        hit.chunk
        for hit in hits
        if hit.chunk.start <= quote.citation.start < hit.chunk.end
        and index.reports[hit.chunk.doc_id].file == quote.citation.file
    )
    return bool(asked) and not asked & passage_years(chunk, quote.citation.year)


def quotes_by_report(
    query: Query, hits: list[Hit], index: StoredIndex, scores: QueryScores, thresholds: Thresholds
) -> tuple[Quote, ...]:
    """Each report's own answer, newest first, when several reports answer a question that
    names no year (the same indicator is reported every year with a different value)."""
    if query.years:
        return ()
    groups: dict[str, list[Hit]] = {}
    for hit in hits:
        groups.setdefault(hit.chunk.doc_id, []).append(hit)
    quotes = []
    for group in groups.values() if len(groups) > 1 else ():
        quote, evidence = choose_quote(query, group, index, scores)
        if quote is not None and evidence.coverage >= thresholds.coverage:
            quotes.append(quote)
    if len(quotes) < 2:
        return ()
    return tuple(sorted(quotes, key=lambda quote: -(quote.citation.year or 0)))

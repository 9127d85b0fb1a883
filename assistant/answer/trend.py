"""Answers across years: `历年…`, `近几年GDP变化`, `从2019年到2023年…` get one quote per year.

A city office holds ten years of its own reports, and each reports the same indicator with a
different value. Each report answers on its own, with the same answer model as any question
(`quote.decide`, `quote.quotable`), from its own best passages (`Searcher.search_each_report`),
so a year whose report ranks low overall still answers. Each quote is about the year it reports
on (a 2023 report's review speaks of 2022: `years.reported_year`); the answers run oldest to
newest, one per year, and the newest is the main answer.
"""

from __future__ import annotations

from collections.abc import Mapping

from assistant.answer.model import AnswerModel
from assistant.answer.quote import (
    answer_from_hits,
    decide,
    hit_citations,
    quotable,
    quote_of,
    quoted_first,
)
from assistant.index import StoredIndex
from assistant.schema import Answer, Hit, Quote
from assistant.search import Query, QueryScores
from assistant.search.years import chunk_part


def answer_across_years(
    query: Query,
    hits: list[Hit],
    each_report: Mapping[str, list[Hit]],
    index: StoredIndex,
    scores: QueryScores,
    model: AnswerModel,
) -> Answer:
    """The answer to a question across years: `by_report` holds one quote per year, oldest
    first, and the main quote is the newest year's; the usual answer when no year answers."""
    yearly = trend_quotes(query, hits, each_report, index, scores, model)
    if not yearly:
        return answer_from_hits(query, hits, index, scores, model)
    shown = quoted_first(hits, yearly[-1], index)
    citations = hit_citations(shown, index)
    return Answer(query.text, True, yearly[-1], tuple(shown), citations, yearly, across_years=True)


def trend_quotes(
    query: Query,
    hits: list[Hit],
    each_report: Mapping[str, list[Hit]],
    index: StoredIndex,
    scores: QueryScores,
    model: AnswerModel,
) -> tuple[Quote, ...]:
    """Each year's quote, oldest first: of the reports of one place, each report's own answer
    when the model would quote it, kept when its year is among those asked (if any); when two
    reports speak of one year, the one the model is surer of."""
    chosen: dict[int, tuple[float, Quote]] = {}
    for doc_id, group in each_report.items():
        if not group or not _same_place(doc_id, hits, index):
            continue
        group = _in_part_wanted(query, group)
        decision = decide(query, group, index, scores, model, stating_indicator=True)
        if decision.best is None or not quotable(query, decision, model):
            continue
        quote = quote_of(query, decision.best, index)
        year = quote.year
        if year is None or (query.years and year not in query.years):
            continue
        if year not in chosen or decision.logit > chosen[year][0]:
            chosen[year] = (decision.logit, quote)
    return tuple(quote for _, (_, quote) in sorted(chosen.items()))


def _in_part_wanted(query: Query, group: list[Hit]) -> list[Hit]:
    """A report's passages in the part asked about, if any: the figure a year reached is in
    the review, not in the plan's target for the next year (`预期增长6%`)."""
    wanted = query.part_wanted
    matching = [hit for hit in group if wanted is None or chunk_part(hit.chunk) in (wanted, None)]
    return matching or group


def _same_place(doc_id: str, hits: list[Hit], index: StoredIndex) -> bool:
    """Whether report `doc_id` is issued by the place of the best hit: with no place named
    (the search then keeps every place), the line of years is that place's alone."""
    if not hits:
        return True
    return index.reports[doc_id].issuer == index.reports[hits[0].chunk.doc_id].issuer

"""From hits to an answer: the exact sentence that answers, the figure in it, and its citation.

The quote is always `document.text[start:end]` of one sentence (or two adjacent ones when the
first is too short to stand alone). Every sentence of the top passages is a candidate
(`evidence.py`); the answer model's chooser picks the most likely one, and its decider says
whether the evidence is strong enough to quote it. When it is not, or when the question names a
year the quoted passage does not speak of, the answer is 未找到 with the nearest passages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from assistant.answer.asked import masked_name
from assistant.answer.coverage import topic_coverage, topic_weights
from assistant.answer.evidence import (
    CHANGE_ASK,
    FEATURES,
    SHARE_ASK,
    Candidate,
    candidates,
    with_gaps,
)
from assistant.answer.figures import (
    CN_DIGITS,
    COUNT_UNITS,
    PERCENT_UNITS,
    answering_figure,
    clause_of,
    find_figures,
)
from assistant.answer.model import AnswerModel
from assistant.answer.span import extend_short, with_what_it_points_to
from assistant.answer.units import RANK_ASK, RATE_ASK, asked_unit
from assistant.index import StoredIndex
from assistant.schema import Answer, Chunk, Citation, Hit, Quote, ReportInfo
from assistant.search import Query, QueryScores
from assistant.search.plain_words import stand_ins
from assistant.search.years import chunk_part, report_passage_years, reported_year

# What the decider sees: the chosen sentence's features, and these about the whole question.
# `asks_amount`: the amount features of the sentence mean something only when one is asked.
QUESTION_FEATURES = (
    "chooser_logit",
    "chooser_margin",
    "best_topic",
    "best_passage_cosine",
    "asks_amount",
)
DECISION_FEATURES = FEATURES + QUESTION_FEATURES
# The topic coverage of the question is measured over this many top passages.
TOPIC_PASSAGES = 3
# `一共有多少家`, `现在总共有多少`: a total is asked
TOTAL_ASK = re.compile(r"一共|总共|共有|总数|现有|目前有|现在有|累计|合计|总计")
# A figure that counts new ones (`新增2家`, `新引进博士15人`), and a sentence that states a
# total beside it (`新增4个、总数达到8个`, `累计引进…`)
NEW_ONES = re.compile(r"新(?:增|引进|认定|培育|建|开工|落户|签约|注册|设)")
# A question asking how many new ones in all (`一共新增了多少`; not the 新 of `专精特新`)
NEW_ASK = re.compile(rf"{NEW_ONES.pattern}|增加|新的")
# A number in any writing: digits (full-width too) or a Chinese numeral (`两岁`, `四所`, `半年`)
ANY_NUMBER = re.compile(rf"[0-9０-９{CN_DIGITS}万亿半]")
# `哪几座`, `哪几门语言`: which ones, by name, not how many; `个税起征点会不会提高？`: whether,
# not by how much; `这个数量叫做什么`, `数量为什么变少`: what or why, of an amount
NOT_HOW_MANY = re.compile(r"哪几|会不会|能不能|是不是|有没有|可不可以|要不要|吗[？?]?$|什么|为何")
A_TOTAL = re.compile(
    r"累计|总数|总量|共有|共计|总计|合计|一共|总共|现有|拥有|达到?[\d一二三四五六七八九十]"
)


@dataclass(frozen=True)
class Decision:
    """The chosen candidate and the evidence behind the found / 未找到 decision."""

    best: Candidate | None
    values: tuple[float, ...]  # DECISION_FEATURES of `best`
    logit: float  # the decider's log-odds that quoting `best` answers the question


def citation_for(chunk: Chunk, report: ReportInfo, start: int, end: int) -> Citation:
    """Where document text [start:end] of `chunk` stands."""
    return Citation(
        report=report.title,
        file=report.file,
        section=chunk.section_path,
        paragraph=chunk.paragraph,
        page=chunk.page_at(start),
        start=start,
        end=end,
        year=report.year,
    )


def decide(
    query: Query,
    hits: list[Hit],
    index: StoredIndex,
    scores: QueryScores,
    model: AnswerModel,
    *,
    stating_indicator: bool = False,
) -> Decision:
    """The most likely sentence and how sure the model is that it answers; with
    `stating_indicator`, among the sentences stating the asked indicator's figure if any do
    (each year of a trend must be the same indicator's value)."""
    found = question_candidates(query, hits, index, scores)
    if stating_indicator and query.wants_amount and query.indicator:
        stating = [c for c in found if c.feature("figure") and not c.feature("indicator_miss")]
        found = with_gaps(stating) if stating else found
    if not found:
        return Decision(None, (), -np.inf)
    rows = np.array([candidate.values for candidate in found], dtype=np.float64)
    logits = model.chooser.logits(rows)
    order = np.argsort(-logits, kind="stable")
    best = found[int(order[0])]
    margin = float(logits[order[0]] - logits[order[1]]) if len(order) > 1 else 10.0
    topic = _best_topic(query, hits, index)
    values = (
        *best.values,
        float(logits[order[0]]),
        margin,
        topic,
        _best_dense(scores),
        float(query.wants_amount),
    )
    logit = float(model.decider.logits(np.array([values]))[0])
    return Decision(best, values, logit)


def _best_topic(query: Query, hits: list[Hit], index: StoredIndex) -> float:
    """How much of the question's topic the best of the top passages covers, with their report
    title and headings: `外海街道的GDP是多少？` is not answered by passages about 外海街道."""
    weights = topic_weights(index, query)
    covering = stand_ins(query.simplified, query.topic)
    return max(
        (
            topic_coverage(weights, _in_context(hit.chunk, index), covering)
            for hit in hits[:TOPIC_PASSAGES]
        ),
        default=0.0,
    )


def _best_dense(scores: QueryScores) -> float:
    return float(np.max(scores.dense, initial=0.0)) - scores.typical_dense


def _in_context(chunk: Chunk, index: StoredIndex) -> str:
    """A passage with what a reader sees around it: report title and section headings."""
    title = index.reports[chunk.doc_id].title
    return f"{title} {' '.join(chunk.section_path)}\n{chunk.text}"


def question_candidates(
    query: Query, hits: list[Hit], index: StoredIndex, scores: QueryScores
) -> list[Candidate]:
    """The sentences the answer is chosen from: those of the passages about the asked year."""
    return candidates(query, _about_asked_year(query, hits, index), index, scores)


def _about_asked_year(query: Query, hits: list[Hit], index: StoredIndex) -> list[Hit]:
    """When the question names a year, quote only from passages that speak of it (if any do):
    a longer sentence about another year must not outscore the short right one. An amount of a
    year is taken from the part that reports on that year, if any passage does: `2019年…是多少`
    from the 2020 report's review, not the 2019 report's targets."""
    if not query.years:
        return hits
    matching = [
        hit
        for hit in hits
        if query.years & report_passage_years(hit.chunk, index.reports[hit.chunk.doc_id])
    ]
    wanted = query.part_wanted
    reporting = [
        hit
        for hit in matching
        if chunk_part(hit.chunk) in (wanted, None)
        and reported_year(hit.chunk, index.reports[hit.chunk.doc_id]) in query.years
    ]
    return (reporting if wanted else []) or matching or hits


def quote_of(query: Query, best: Candidate, index: StoredIndex) -> Quote:
    """The quote for a chosen sentence: the text as chosen (`span.extend_short`), from the
    sentence it points back to if it does (`span.with_what_it_points_to`), with its figure
    (read in the text as chosen) and citation."""
    chosen_start, end = extend_short(best)
    chunk = best.hit.chunk
    chosen = chunk.text[chosen_start - chunk.start : end - chunk.start]
    figure = answering_figure(query.simplified, chosen) if query.wants_amount else None
    start = with_what_it_points_to(best, chosen_start)
    text = chunk.text[start - chunk.start : end - chunk.start]
    report = index.reports[chunk.doc_id]
    citation = citation_for(chunk, report, start, end)
    return Quote(text, citation, figure, reported_year(chunk, report))


def answer_from_hits(
    query: Query, hits: list[Hit], index: StoredIndex, scores: QueryScores, model: AnswerModel
) -> Answer:
    """The answer to `query` given its hits: a quote when the model is sure enough."""
    decision = decide(query, hits, index, scores, model)
    found = quotable(query, decision, model)
    quote = quote_of(query, decision.best, index) if decision.best else None
    if not found or quote is None:
        citations = hit_citations(hits, index)
        return Answer(query.text, False, None, tuple(hits), citations, ())
    by_report = quotes_by_report(query, hits, index, scores, model)
    quote = newest_report_quote(quote, by_report, index)
    shown = quoted_first(hits, quote, index)
    return Answer(query.text, True, quote, tuple(shown), hit_citations(shown, index), by_report)


def newest_report_quote(quote: Quote, by_report: tuple[Quote, ...], index: StoredIndex) -> Quote:
    """The answer to a question naming no year, when several reports of the chosen one's issuer
    answer it: the newest one's quote (`城镇居民人均可支配收入多少？` over a 2016 and a 2023
    bulletin asks for the 2023 figure). Texts without an issuer (articles, whose titles may
    hold any year) keep the chosen quote. `by_report` is newest first."""
    if not by_report or _report_year(by_report[0]) <= _report_year(quote):
        return quote  # no newer report answers it (one report: the usual case)
    issuers = {report.file: report.issuer for report in index.reports.values()}
    issuer = issuers.get(quote.citation.file)
    if not issuer:
        return quote
    same = (other for other in by_report if issuers.get(other.citation.file) == issuer)
    newest = next(same, quote)
    return newest if _report_year(newest) > _report_year(quote) else quote


def _report_year(quote: Quote) -> int:
    return quote.citation.year or 0


def quoted_first(hits: list[Hit], quote: Quote, index: StoredIndex) -> list[Hit]:
    """The hits with the quote's passage first: the answer layer has read every sentence of
    the top passages, so the passage it quotes is the best-matching one (and it may have ranked
    below the few passages shown)."""
    cited = quote.citation
    holding = [
        hit
        for hit in hits
        if index.reports[hit.chunk.doc_id].file == cited.file
        and hit.chunk.start <= cited.start < hit.chunk.end
    ]
    if not holding:
        return hits
    first = holding[0].chunk.chunk_id
    return [holding[0], *(hit for hit in hits if hit.chunk.chunk_id != first)]


def hit_citations(hits: list[Hit], index: StoredIndex) -> tuple[Citation, ...]:
    """Each hit's whole chunk, cited."""
    return tuple(
        citation_for(hit.chunk, index.reports[hit.chunk.doc_id], hit.chunk.start, hit.chunk.end)
        for hit in hits
    )


def quotable(query: Query, decision: Decision, model: AnswerModel) -> bool:
    """Whether the chosen sentence is quoted: no rule settles the question (`ruled_out`) and
    the model is sure enough."""
    return not ruled_out(query, decision) and decision.logit >= model.threshold


def ruled_out(query: Query, decision: Decision) -> bool:
    """Whether the question is 未找到 whatever the decider says: there is no candidate, the
    question names nothing (a topic term: not only emoji, punctuation, a stop word or a bare
    number, whose embedding can land anywhere; every question of the dev, train, held-out and
    CMRC sets names one), or the sentence does not hold what is asked: it is about another
    year, holds the asked name only masked (`****花园项目` for `花园项目叫什么名字`), no money,
    no number or only rates for an amount, no time for a when, a several years' figure for one
    year's amount, or only new ones for a total."""
    best = decision.best
    if best is None or not query.topic:
        return True
    return (
        other_year(query, best)
        or masked_name(query, best.sentence)
        or money_missing(query, best)
        or number_missing(query, best)
        or rate_for_count(query, best)
        or time_missing(best)
        or span_unasked(best)
        or total_unstated(query, best)
    )


def total_unstated(query: Query, best: Candidate) -> bool:
    """True when the question asks a total (`外海现在专精特新企业总共有多少家？`) and the sentence
    counts only new ones (`新增2家专精特新“小巨人”企业`), stating no total. Of the 18 training
    questions asking a total whose right sentence was found, none is refused by it."""
    asked = query.simplified
    if not (query.wants_amount and TOTAL_ASK.search(asked)) or NEW_ASK.search(asked):
        return False
    sentence = best.sentence
    figure = answering_figure(asked, sentence)
    if figure is None or A_TOTAL.search(sentence):
        return False
    counted = f"{clause_of(sentence, figure)}{figure.indicator}"
    return NEW_ONES.search(counted) is not None


def span_unasked(best: Candidate) -> bool:
    """True when the question asks an amount and the sentence's figure is over several years
    (`城镇新增就业累计超过6000万人` for `去年城镇新增就业多少人？`): a five-year total is not the
    year's figure. Of 450 right answers to amount questions on the training sources, 3 had
    such a figure, each asked for it (`so far`) or one year's average (`PM2.5年均浓度`)."""
    return best.feature("unasked_span") > 0


def time_missing(best: Candidate) -> bool:
    """True when the question asks when (`什么时候开工`, `哪天举行`) and the sentence gives no time:
    its topic matches, but it does not say when (`推进南京禄口机场三期工程前期工作`). On the
    training sources no right answer lacked a time; the learned weight alone (-5) was outweighed
    by a strong topic match."""
    return best.feature("when_miss") > 0


def money_missing(query: Query, best: Candidate) -> bool:
    """True when the question asks an amount of money (`花了多少钱`, `多少亿元`) and the sentence
    states none: a count or a rate is no answer, however strong the rest of the evidence
    (`中华大道升级改造花了多少钱？` was quoted a sentence without a single 元). Unlike a count's
    unit (`两个校区` answers `几个`), money is always written with its unit."""
    return asked_unit(query.simplified) == "元" and best.feature("unit_miss") > 0


def number_missing(query: Query, best: Candidate) -> bool:
    """True when the question asks an amount and the sentence holds no number at all, in digits
    or numerals: `上调退休人员基本养老金。` does not say by how much. On the fit's sources it
    refuses no right answer; of the 32 questions it settles, the decider let 2 through."""
    asked = query.simplified
    return (
        query.wants_amount
        and not NOT_HOW_MANY.search(asked)
        and ANY_NUMBER.search(best.sentence) is None
    )


def rate_for_count(query: Query, best: Candidate) -> bool:
    """True when the question asks how many in all or in a counting unit (`一共接待了多少游客`,
    `多少人次`) and every figure of the sentence is a rate (`接待游客增长8%`): a growth rate
    does not count them. Only such questions: residents ask a change or a share in words the
    rate patterns do not know (`便宜了多少`, `多多少`, `幾成`), and a rate answers those. On the
    fit's sources it refuses no right answer (8 settled, 1 of them let through)."""
    asked = query.simplified
    counted = TOTAL_ASK.search(asked) is not None or asked_unit(asked) in COUNT_UNITS
    if not (query.wants_amount and counted) or any(
        pattern.search(asked)
        for pattern in (SHARE_ASK, CHANGE_ASK, RATE_ASK, RANK_ASK, NOT_HOW_MANY)
    ):
        return False
    figures = find_figures(best.sentence)
    return bool(figures) and all(figure.unit in PERCENT_UNITS for figure in figures)


def other_year(query: Query, best: Candidate) -> bool:
    """True when the question names a year the passage does not speak of: the 2022 figure is
    no answer to "2021年…?" (the wrong year is the classic fact-checking error)."""
    return bool(query.years) and best.feature("passage_year_miss") > 0


def quotes_by_report(
    query: Query, hits: list[Hit], index: StoredIndex, scores: QueryScores, model: AnswerModel
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
        decision = decide(query, group, index, scores, model)
        if decision.best is not None and quotable(query, decision, model):
            quotes.append(quote_of(query, decision.best, index))
    if len(quotes) < 2:
        return ()
    return tuple(sorted(quotes, key=lambda quote: -_report_year(quote)))

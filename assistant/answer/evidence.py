"""The evidence for each candidate sentence: what the answer model weighs.

Every sentence of the top passages is a candidate. Its features are signals that survive
paraphrase and a change of language — the sentence's own embedding against the question (made
at index time), how much of the question's informative wording it holds, where its passage
ranks — and whether it holds the kind of answer the question asks for (an amount, a place of
the asked kind, the asked year). `model.py` turns them into a probability.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np

from assistant.answer.asked import Asked, asked_of, kind_features
from assistant.answer.coverage import coverage, token_weights, topic_coverages, topic_weights
from assistant.answer.figures import (
    CHANGE,
    PERCENT_UNITS,
    TABLE_HEADER,
    answering_figure,
    clause_of,
)
from assistant.answer.table_rows import (
    bare_row,
    lines_above_table,
    parent_row_name,
    with_header_unit,
)
from assistant.answer.units import RANK, asked_unit, holds_unit, in_unit
from assistant.answer.word_vectors import Nearness, load_word_vectors, nearness
from assistant.index import StoredIndex, tokenize
from assistant.index.tokenizer import normalize
from assistant.schema import Chunk, Figure, Hit, ReportInfo
from assistant.search import Query, QueryScores
from assistant.search.plain_words import stand_ins
from assistant.search.years import (
    chunk_part,
    explicit_years,
    is_date_line,
    report_passage_years,
)

# Sentences are drawn from this many top passages (the gold sentence is in the top 8 passages
# for 0.9 of the answerable training questions, in the top 3 for 0.8).
CANDIDATE_PASSAGES = 8
# A sentence shorter than this (a lead phrase like `持续壮大经济基本盘。`, a clause after `；`)
# is quoted with its neighbour: on CMRC 2018 this raised answer accuracy from 0.73 to 0.76.
MIN_QUOTE_CHARS = 45
# A share in the text before a % figure: `占地区生产总值比重35.1%`, `占比50.44%`
SHARE_WORDS = re.compile(r"占|比重|比例")
# An amount per head (`人均地区生产总值`) or per unit of output (`单位地区生产总值能耗`, energy
# intensity) is another indicator than the total it is named after. Not `年平均浓度`: an average
# over time.
PER_UNIT = re.compile(
    r"人均|每人|每万人|每千人|每百人|单位(?:地区|国内)?生产总值|单位gdp|单位工业增加值"
)
# A question that asks for a share or a rate
SHARE_ASK = re.compile(r"比例|比重|占比|百分|增速|增幅|降幅|增长|下降|率|%")
# A question asking how much something changed, naming no unit: `增长了多少`, `降幅`; not
# `增加多少中小学学位`, which asks how many new places (a noun follows, not the question's end)
CHANGE_ASK = re.compile(
    r"(?:增长|增加|下降|减少|提高|提升|降低|上涨|涨)了?(?:多少|几)(?![\u4e00-\u9fff](?<![呢啊呀吗]))"
    r"|增速|增幅|降幅|涨幅"
)
CHANGE_WORDS = re.compile(CHANGE)
# A figure over several years, in the clause before it (`城镇新增就业累计超过6000万人`,
# `年均增长5.4%`, `五年来`): a year's amount is not answered by it. `年均浓度` is one year's
# average (PM2.5), not an average over years.
SPAN_WORDS = re.compile(r"累计|年均(?!浓度)|[两三四五十]年(?:来|间)|以来")
# A question that asks for such a figure: `一共`, `累计`, `年均`, `十四五` (English: `so far`)
SPAN_ASK = re.compile(
    r"累计|年均|一共|总共|共有|几年|以来|过去|[两三四五十]年|十[三四五]五|历年|近年|这些年|这几年"
    r"|so far|in total|cumulative|average annual|since"
)
# A table or figure caption (`表1 2023年末周口市常住人口数及其构成`, `图1 …`): it names what
# the rows below count, it states no value of its own, so like a title it is never a quote
CAPTION = re.compile(r"^\s*[表图]\s*\d+(?!\d)[^。；！？|]{2,40}$")
# A sentence that states a target, not a result: `今年…主要预期目标是：…`, `力争达到8%`
TARGET_WORDS = re.compile(r"目标|预期|力争")

FEATURES = (
    "cosine",  # sentence vector · question vector, above the question's typical_dense
    "cosine_gap",  # cosine minus the best candidate's (0 for the best)
    "passage_cosine",  # the passage's vector · question vector, above typical_dense
    # the two cosines in spreads above the median (dense_spread): how far they stand out
    "cosine_z",
    "passage_z",
    "passage_score",  # the passage's fused score / the top passage's
    "inverse_rank",  # 1 / rank of the passage
    "coverage",  # IDF share of the question's tokens in title + sentence
    "topic",  # share of the question's topic weight in title + headings + sentence
    "near_topic",  # topic, a missing term counted by the nearest word in meaning
    "figure",  # an amount is asked and the sentence holds a figure that answers it
    "no_figure",  # an amount is asked and the sentence holds none
    "unasked_share",  # the answering figure is a share (`占…比重35.1%`) the question did not ask
    "unasked_span",  # the answering figure is over several years (`累计`, `年均`), not asked
    "indicator_miss",  # an indicator is asked (GDP) and the answering figure is another one's
    "unit_miss",  # the asked unit (`多少亿元`, a rate in %, a ranking) is not in the sentence
    "unasked_target",  # a result is asked and the sentence states a target (`预期目标…增长5%`)
    "part_miss",  # a year's amount is asked and the passage is in the other part (plan/review)
    "kind_match",  # the asked kind (`村` of `哪个村`) is in the sentence
    "kind_miss",  # a kind is asked and it is not
    "who_miss",  # `谁` is asked and the sentence names no office holder
    "when_miss",  # a time is asked (`什么时候`) and the sentence gives none
    "year_match",  # the sentence names an asked year
    "year_other",  # the sentence names years, none of them asked
    "passage_year_miss",  # a year is asked and the passage is about other years
    "short",  # too short to stand alone: quoted with a neighbour
    "english",  # the question is not in Chinese: lexical signals are void
    # cosine_gap for an English question only: its words match the reports' only through a
    # glossary, so the sentence's own embedding must count for more than in Chinese
    "english_cosine_gap",
)
GAP, ENGLISH, ENGLISH_GAP = (
    FEATURES.index(name) for name in ("cosine_gap", "english", "english_cosine_gap")
)


@dataclass(frozen=True)
class Candidate:
    """One sentence of one passage; `start`/`end` are offsets into the document text."""

    hit: Hit
    rank: int
    start: int
    end: int
    values: tuple[float, ...]  # in FEATURES order

    def feature(self, name: str) -> float:
        return self.values[FEATURES.index(name)]

    @property
    def sentence(self) -> str:
        """The sentence as its passage holds it."""
        chunk = self.hit.chunk
        return chunk.text[self.start - chunk.start : self.end - chunk.start]


@dataclass(frozen=True)
class _Context:
    """What every candidate of one question is compared with."""

    query: Query
    index: StoredIndex
    token_weights: dict[str, float]
    topic_weights: dict[str, float]
    stand_ins: dict[str, tuple[str, ...]]  # report words covering everyday topic words
    near: Nearness | None  # the topic terms' nearness to words, None without word vectors
    # the tokens of a title, a heading or a table's header: each recurs in many candidates
    tokens: dict[str, set[str]]
    asked: Asked  # the kind of thing, person or time asked
    top_score: float
    asked_unit: str | None
    spread: float  # QueryScores.dense_spread


def candidates(
    query: Query, hits: list[Hit], index: StoredIndex, scores: QueryScores
) -> list[Candidate]:
    """Every sentence of the top passages, with its features."""
    context = _Context(
        query=query,
        index=index,
        token_weights=token_weights(index, list(query.tokens)),
        topic_weights=topic_weights(index, query),
        stand_ins=stand_ins(query.simplified, query.topic),
        near=nearness(load_word_vectors(index.embedder_name), query.topic, query.simplified),
        tokens={},
        asked=asked_of(query.simplified),
        top_score=hits[0].score if hits and hits[0].score > 0 else 1.0,
        asked_unit=asked_unit(query.simplified) if query.wants_amount else None,
        spread=scores.dense_spread,
    )
    found: list[Candidate] = []
    typical = scores.typical_dense
    if context.near is not None:
        context.near.read(_passage_texts(hits[:CANDIDATE_PASSAGES], index))
    for rank, hit in enumerate(hits[:CANDIDATE_PASSAGES], 1):
        row = hit.row if hit.row >= 0 else None
        cosines = _sentence_cosines(index, row, scores.query_vector, hit.chunk)
        passage_cosine = float(scores.dense[row]) - typical if row is not None else 0.0
        for (s, e), cosine in zip(hit.chunk.sentences, cosines - typical, strict=True):
            sentence = hit.chunk.text[s:e]
            if is_date_line(sentence) or is_caption(sentence):
                continue
            values = _features(context, hit, rank, s, e, float(cosine), passage_cosine)
            start, end = hit.chunk.start + s, hit.chunk.start + e
            found.append(Candidate(hit, rank, start, end, tuple(values)))
    return with_gaps(found)


def _passage_texts(hits: list[Hit], index: StoredIndex) -> list[str]:
    """The passages' sentences, headings and reports' titles: the texts candidates are read in."""
    texts = []
    for hit in hits:
        chunk = hit.chunk
        texts.append(f"{index.reports[chunk.doc_id].title} {' '.join(chunk.section_path)}")
        texts.extend(chunk.text[start:end] for start, end in chunk.sentences)
    return texts


def is_caption(sentence: str) -> bool:
    return CAPTION.match(sentence.strip()) is not None


def with_gaps(found: list[Candidate]) -> list[Candidate]:
    """`found` with each cosine gap measured from the best cosine among them."""
    best = max((candidate.values[0] for candidate in found), default=0.0)
    result = []
    for candidate in found:
        values = list(candidate.values)
        values[GAP] = values[0] - best
        values[ENGLISH_GAP] = values[GAP] * values[ENGLISH]
        result.append(replace(candidate, values=tuple(values)))
    return result


def _sentence_cosines(
    index: StoredIndex, row: int | None, vector: np.ndarray, chunk: Chunk
) -> np.ndarray:
    if row is None:
        return np.zeros(len(chunk.sentences))
    return index.chunk_sentence_vectors(row) @ vector


def _text_before(index: StoredIndex, hit: Hit) -> str:
    """The text of the chunk before `hit`'s in its report, up to where `hit`'s begins, and a
    line break; "" for a report's first chunk."""
    chunk = hit.chunk
    if hit.row <= 0:
        return ""
    previous = index.chunks[hit.row - 1]
    if previous.doc_id != chunk.doc_id or previous.start >= chunk.start:
        return ""
    return previous.text[: chunk.start - previous.start] + "\n"


def _features(
    context: _Context, hit: Hit, rank: int, s: int, e: int, cosine: float, passage_cosine: float
) -> list[float]:
    query, chunk = context.query, hit.chunk
    text = chunk.text[s:e]
    report = context.index.reports[chunk.doc_id]
    headings = " ".join(chunk.section_path)
    before = _text_before(context.index, hit) if bare_row(text) else ""
    # what a table row counts, and in what: its table's header and caption, in this chunk or
    # the one before it (a table's rows run on past a chunk's end)
    above = lines_above_table(before + chunk.text, len(before) + s, text)
    table = " ".join([*above, parent_row_name(chunk.text, s, text)])
    # the figure that answers an amount question, read once for the features about it; a table
    # row of numbers only is read with its header's unit
    read = with_header_unit(text, above, TABLE_HEADER) if query.wants_amount else text
    figure = answering_figure(query.simplified, read) if query.wants_amount else None
    topic_text = f"{report.title} {headings} {table}\n{text}"
    # tokens of the parts joined by spaces: no bigram spans a space, so they are the whole's
    present = _tokens(context, report.title) | _tokens(context, table) | set(tokenize(text))
    topic_present = present | _tokens(context, headings)
    return [
        cosine,
        0.0,  # cosine_gap, filled in once every candidate is known
        passage_cosine,
        cosine / context.spread,
        passage_cosine / context.spread,
        hit.score / context.top_score,
        1.0 / rank,
        coverage(context.token_weights, present),
        *topic_coverages(
            context.topic_weights, topic_text, context.stand_ins, context.near, topic_present
        ),
        *_amount_features(query, read, figure),
        *_asked_part_features(query, read, chunk, figure, context.asked_unit),
        *kind_features(context.asked, text),
        *_year_features(query, text, chunk, report),
        float(e - s < MIN_QUOTE_CHARS),
        float(not query.in_chinese),
        0.0,  # english_cosine_gap, filled in with cosine_gap
    ]


def _tokens(context: _Context, part: str) -> set[str]:
    if part not in context.tokens:
        context.tokens[part] = set(tokenize(part))
    return context.tokens[part]


def _amount_features(
    query: Query, text: str, figure: Figure | None
) -> tuple[float, float, float, float, float]:
    """(figure, no_figure, unasked_share, unasked_span, indicator_miss): "地区生产总值是多少" is
    not answered by "…占地区生产总值比重35.1%" nor by "研发投入2236.6亿元", "去年新增就业多少人"
    not by "新增就业累计超过6000万人", "财政收入是多少" not by a count of companies."""
    if not query.wants_amount:
        return 0.0, 0.0, 0.0, 0.0, 0.0
    if figure is None:  # the sentence holds no figure at all
        return 0.0, 1.0, 0.0, 0.0, 0.0
    share = figure.unit in PERCENT_UNITS and SHARE_WORDS.search(text[: figure.start][-12:])
    unasked = float(bool(share) and not SHARE_ASK.search(query.simplified))
    span = SPAN_WORDS.search(clause_of(text, figure)) is not None
    unasked_span = float(span and not SPAN_ASK.search(query.simplified))
    return 1.0, 0.0, unasked, unasked_span, float(_other_indicator(query, figure))


def _other_indicator(query: Query, figure: Figure) -> bool:
    """The question names an indicator and the figure is another one's: `研发投入` for GDP, or
    the indicator per head or per unit of output (`人均地区生产总值`, `单位地区生产总值能耗`)
    when the question did not ask for it."""
    names = query.indicator_names
    if not names:
        return False
    named = normalize(figure.indicator)
    if not SHARE_ASK.search(query.simplified):
        # a share's indicator is what comes before `占`: the asked GDP is its denominator
        # (`数字经济核心产业增加值占国内生产总值比重`), not what it counts
        named = named.split("占", 1)[0]
    per_unit = PER_UNIT.search(named) is not None and not PER_UNIT.search(query.simplified)
    return per_unit or not any(name in named for name in names)


def _asked_part_features(
    query: Query, text: str, chunk: Chunk, figure: Figure | None, unit: str | None
) -> tuple[float, float, float]:
    """(unit_miss, unasked_target, part_miss): "2024年地区生产总值是多少亿元" is not answered by
    a growth rate, nor by the next year's target list, nor from the plan part of a report.
    `figure` answers the question in `text`; `unit` is the one it asks in (`asked_unit`)."""
    if not query.wants_amount:
        return 0.0, 0.0, 0.0
    if unit is not None:
        unit_miss = not _answers_in_unit(figure, text, unit)
    else:  # `增长了多少` asks a change: a level (`超3.6万亿元`) does not answer it
        unit_miss = CHANGE_ASK.search(query.simplified) is not None and not _is_change(figure)
    target = float(not query.wants_plan and TARGET_WORDS.search(text) is not None)
    wanted, part = query.part_wanted, chunk_part(chunk)
    part_miss = float(wanted is not None and part is not None and wanted != part)
    return float(unit_miss), target, part_miss


def _is_change(figure: Figure | None) -> bool:
    """A figure of change: a rate (`4.2%`, `0.5个百分点`) or one said to grow (`提高20元`)."""
    if figure is None:
        return False
    return figure.unit in PERCENT_UNITS or CHANGE_WORDS.search(figure.qualifier) is not None


def _answers_in_unit(figure: Figure | None, text: str, unit: str) -> bool:
    """Whether the figure answering the question in `text` is in the asked unit: `广西地区
    生产总值是多少亿元` is not answered by `地区生产总值增长4.2%`, whatever else the sentence
    counts in 亿元."""
    if unit == RANK:  # a ranking is stated in words (`居全省第2位`), not by the figure
        return holds_unit(text, unit)
    return in_unit(figure.unit, unit) if figure else holds_unit(text, unit)


def _year_features(
    query: Query, text: str, chunk: Chunk, report: ReportInfo
) -> tuple[float, float, float]:
    if not query.years:
        return 0.0, 0.0, 0.0
    named = explicit_years(text)  # `2022年`, `二〇二二年`
    match = float(bool(named & query.years))
    other = float(bool(named) and not named & query.years)
    passage_miss = float(not query.years & report_passage_years(chunk, report))
    return match, other, passage_miss

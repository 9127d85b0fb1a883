"""A question understood once: the text as searched, its tokens, years, and what it asks for.

Built by `understand()` before the search and passed down to the answer layer, so no part
re-parses the raw question (and a traditional-character question is read in simplified
characters everywhere).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from assistant.index.tokenizer import prepare_question, tokenize, tokenize_query, topic_terms
from assistant.search.english import in_report_words
from assistant.search.places import named_places
from assistant.search.plain_words import report_words
from assistant.search.synonyms import Indicator, as_named, find_indicator, search_wordings
from assistant.search.years import YEAR_RANGE, arabic_years, question_years

STRONG_ASK_RE = re.compile(
    r"多少|[几幾](?!乎)|多大|多高|多长|多長|多远|多遠|多久|多重|多快|比例|比重|[占佔]比"
    r"|百分之|百分比|百分点|第几|排名|增速|增幅|降幅|数量|总量|总额|金额"
)
# Words that ask for a number unless the question is open: 增长, 下降
WEAK_ASK_RE = re.compile(r"增长|增長|下降|提高|降低|减少|增加|上涨|回落")
# Open questions: 什么, 哪些, 如何 …
OPEN_ASK_RE = re.compile(r"什么|哪些|哪|怎么|怎样|如何|为什么|为何|是否|措施|举措")
CJK = re.compile(r"[\u3400-\u9fff]")
# A question about a target or plan: `预期增长目标是多少？`, `计划新建…`
PLAN_QUESTION = re.compile(r"目标|预期|计划|安排|打算|任务|将要|要求")
# A question across years: `历年…`, `近几年…变化`, `…的趋势`; not `气候变化` (a topic, not a trend)
TREND_WORDS = re.compile(
    r"历年|历次|近几年|这几年|近年来|近年|逐年|每年|年年|多年来|变化(?:情况)?|趋势|走势"
)
NOT_TREND = re.compile(r"气候变化")


@dataclass(frozen=True)
class Query:
    """What the rest of the pipeline needs to know about one question."""

    text: str  # as asked, stripped
    simplified: str  # NFKC, lower case, simplified characters; English read in report words
    embedded: str  # what the dense search embeds: the question as asked, normalised (English:
    # with its report words after it)
    tokens: tuple[str, ...]  # BM25 tokens, question words removed
    topic: tuple[str, ...]  # content bigrams and words a passage must mention to answer
    years: frozenset[int]  # years asked about, relative ones resolved
    wants_amount: bool  # 多少, 几家, 比重 …
    wants_plan: bool  # 目标, 计划 …: the plan part of a report, not its review
    places: frozenset[str] = frozenset()  # issuers of indexed reports the question names
    indicator: str | None = None  # the indicator's name (synonyms.py): GDP -> 地区生产总值
    indicator_names: tuple[str, ...] = ()  # every name of that indicator: its figure's wording
    wants_trend: bool = False  # 历年, 近几年, 从2019年到2023年 …: one answer per year

    @property
    def in_chinese(self) -> bool:
        """False for a question in English: its BM25 tokens are the report words it names
        (english.py), and its lexical evidence is weaker than a Chinese question's."""
        return CJK.search(self.text) is not None

    @property
    def reading(self) -> tuple[str, ...]:
        """How the question was read, for a line under the answer (`按 北京市 · 2021年 ·
        地区生产总值 理解`): the place, years and indicator it names; () when it names none."""
        parts = [*sorted(self.places), *_years_read(self.years)]
        parts += [self.indicator] if self.indicator else []
        if not parts:
            return ()
        if self.wants_trend:
            parts.append("逐年")
        elif self.part_wanted == "plan":
            parts.append("目标")
        return tuple(parts)

    @property
    def part_wanted(self) -> str | None:
        """The part of a report an amount question about a year is answered from."""
        if not ((self.years or self.wants_trend) and self.wants_amount):
            return None
        return "plan" if self.wants_plan else "review"


def understand(
    question: str,
    *,
    newest_year: int | None = None,
    issuers: Mapping[str, int | None] | None = None,
    use_synonyms: bool = True,
) -> Query:
    """`question` read once. `issuers` maps each indexed report's issuer to its newest year:
    the places the question names come from it, and 去年/今年 count from the newest report of
    those places (else from `newest_year`, the newest report of all)."""
    prepared = prepare_question(question)
    simplified = prepared if CJK.search(prepared) else in_report_words(prepared)
    places = named_places(simplified, issuers or {})
    place_years = [year for place in places if issuers and (year := issuers[place])]
    anchor = max(place_years, default=newest_year)
    trend = asks_for_trend(simplified)
    terms = searched_terms(simplified, trend=trend)
    found = find_indicator(simplified) if use_synonyms else None
    tokens, topic = _tokens_and_topic(terms, simplified, found)
    return Query(
        text=question.strip(),
        simplified=simplified,
        embedded=_embedded(prepared, simplified, found),
        tokens=tuple(tokens),
        topic=tuple(topic),
        years=frozenset(question_years(simplified, newest=anchor)),
        # `近几年GDP变化` asks for the figure of each year
        wants_amount=asks_for_quantity(simplified) or (trend and found is not None),
        wants_plan=bool(PLAN_QUESTION.search(simplified)),
        places=places,
        indicator=found[0].name if found else None,
        indicator_names=found[0].names if found else (),
        wants_trend=trend,
    )


def _embedded(prepared: str, simplified: str, found: tuple[Indicator, str] | None) -> str:
    """What the model embeds: the question as asked, with the reports' own wording after it
    where the question does not use it, so that the multilingual model meets that wording:
    an English question's report words (english.py), the indicator's name for a name only
    people use (`GDP`, `社零`)."""
    embedded = prepared if simplified is prepared else f"{prepared} {simplified}"
    if found and found[1] in found[0].abbreviations:
        embedded = f"{embedded} {found[0].name}"
    return embedded


def _tokens_and_topic(
    terms: str, simplified: str, found: tuple[Indicator, str] | None
) -> tuple[list[str], list[str]]:
    """BM25 tokens, with the report words of everyday words (看病: 就医 医疗) and the searched
    names of an abbreviated indicator (GDP: 地区生产总值); the topic a passage must cover."""
    tokens, topic = tokenize_query(terms), topic_terms(terms)
    extra = tokenize(" ".join(report_words(terms)))
    if found:
        indicator, used = found
        extra += tokenize(" ".join(search_wordings(indicator, used, simplified)))
        topic = topic_terms(as_named(terms, indicator, used))
    tokens += [token for token in dict.fromkeys(extra) if token not in tokens]
    return tokens, topic


def searched_terms(simplified: str, *, trend: bool) -> str:
    """The text tokens and topic come from: `二〇二一年` as `2021年` (a year, not four rare
    characters); in a question across years without `历年`, `变化`, which ask of the figure
    and are no words a passage must hold."""
    terms = arabic_years(simplified)
    return TREND_WORDS.sub(" ", terms) if trend else terms


def asks_for_trend(question: str) -> bool:
    """Whether `question` (simplified) asks across years: `历年`, `近几年`, `变化`, `趋势`, or a
    range of years (`从2019年到2023年`, `2019—2023年`); `2023年GDP是多少` asks one year."""
    if TREND_WORDS.search(NOT_TREND.sub("", question)):
        return True
    return YEAR_RANGE.search(arabic_years(question)) is not None


def _years_read(years: frozenset[int]) -> list[str]:
    """`2021年`; three or more years in a row as a range: `2019—2023年`."""
    ordered = sorted(years)
    if len(ordered) >= 3 and ordered[-1] - ordered[0] == len(ordered) - 1:
        return [f"{ordered[0]}—{ordered[-1]}年"]
    return [f"{year}年" for year in ordered]


def asks_for_quantity(question: str) -> bool:
    """Whether `question` wants a number: 多少, 几家, 比重, 第几 … or 增长 in a closed question."""
    if STRONG_ASK_RE.search(question):
        return True
    return bool(WEAK_ASK_RE.search(question)) and not OPEN_ASK_RE.search(question)

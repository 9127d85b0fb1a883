"""A question understood once: the text as searched, its tokens, years, and what it asks for.

Built by `understand()` before the search and passed down to the answer layer, so no part
re-parses the raw question (and a traditional-character question is read in simplified
characters everywhere).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.index.tokenizer import prepare_question, tokenize_query, topic_terms
from assistant.search.years import question_years

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


@dataclass(frozen=True)
class Query:
    """What the rest of the pipeline needs to know about one question."""

    text: str  # as asked, stripped
    simplified: str  # NFKC, lower case, simplified characters: what is embedded and matched
    tokens: tuple[str, ...]  # BM25 tokens, question words removed
    topic: tuple[str, ...]  # content bigrams and words a passage must mention to answer
    years: frozenset[int]  # years asked about, relative ones resolved
    wants_amount: bool  # 多少, 几家, 比重 …
    wants_plan: bool  # 目标, 计划 …: the plan part of a report, not its review

    @property
    def in_chinese(self) -> bool:
        """False for a question in English (or pinyin): BM25 has nothing to match, since the
        reports are Chinese (only stray numbers would match), so the dense search decides."""
        return CJK.search(self.simplified) is not None

    @property
    def part_wanted(self) -> str | None:
        """The part of a report an amount question about a year is answered from."""
        if not (self.years and self.wants_amount):
            return None
        return "plan" if self.wants_plan else "review"


def understand(question: str, *, newest_year: int | None = None) -> Query:
    """`question` read once; `newest_year` (the newest report's year) anchors 去年 and 今年."""
    simplified = prepare_question(question)
    return Query(
        text=question.strip(),
        simplified=simplified,
        tokens=tuple(tokenize_query(question)),
        topic=tuple(topic_terms(question)),
        years=frozenset(question_years(simplified, newest=newest_year)),
        wants_amount=asks_for_quantity(simplified),
        wants_plan=bool(PLAN_QUESTION.search(simplified)),
    )


def asks_for_quantity(question: str) -> bool:
    """Whether `question` wants a number: 多少, 几家, 比重, 第几 … or 增长 in a closed question."""
    if STRONG_ASK_RE.search(question):
        return True
    return bool(WEAK_ASK_RE.search(question)) and not OPEN_ASK_RE.search(question)

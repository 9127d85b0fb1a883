"""Indicator names: one indicator, many names. A small table, extended by adding a row.

Reports and residents name the same figure differently (GDP = 地区生产总值 = 生产总值 = 经济总量;
规上 = 规模以上, which 永州 writes 规模工业; 社零 = 社会消费品零售总额; PM2.5 = 细颗粒物). The
question's indicator is found here; for an abbreviation no report writes (GDP, 社零) the
indicator's name is added to its BM25 tokens and stands for it when judging whether a passage
covers the question's topic.

Checked against the corpus: 财政收入 (全部财政收入, 财政总收入: all revenue) is not
一般公共预算收入 (a part of it; 邢台 and 永州 report both), so a 财政收入 question also searches
一般公共预算收入 (the big cities report only that), but not the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.index.tokenizer import normalize


@dataclass(frozen=True)
class Indicator:
    """One indicator: its name, the names it is recognised by, and what is searched besides
    the question's words. Measured on benchmarks/city_years.py: searching every other name
    (经济总量, 国内生产总值 for 地区生产总值; 规模以上 for 规上, which 深圳 writes itself) pulled
    the reports' long target lists, which name every indicator, above the one result; so only
    an abbreviation reports do not write (GDP, 社零) searches the name and its `wordings`."""

    name: str
    wordings: tuple[str, ...] = ()  # searched, with the name, for an abbreviation
    aliases: tuple[str, ...] = ()  # other names reports write: recognised, not searched
    abbreviations: tuple[str, ...] = ()  # names only people use
    also_search: tuple[str, ...] = ()  # searched, one way, when asked by the name itself

    @property
    def names(self) -> tuple[str, ...]:
        """Every name that, in a question, means this indicator."""
        return (self.name, *self.wordings, *self.aliases, *self.abbreviations)


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "地区生产总值",
        wordings=("生产总值",),
        aliases=("国内生产总值", "地方生产总值", "经济总量"),
        abbreviations=("gdp",),
    ),
    # 规上 is how people say it; a report may write only 规模以上 (the seed does, for 增加值)
    Indicator(
        "规模以上工业增加值", aliases=("规模工业增加值",), abbreviations=("规上工业增加值",)
    ),  # 永州: 规模工业
    Indicator("规模以上工业", aliases=("规模工业",), abbreviations=("规上工业",)),
    Indicator("规模以上", abbreviations=("规上",)),
    Indicator(
        "社会消费品零售总额",
        aliases=("消费品零售总额",),
        abbreviations=("社零额", "社零"),
    ),
    Indicator("细颗粒物", aliases=("pm2.5",), abbreviations=("pm25",)),
    Indicator(
        "研发投入强度",
        wordings=("研发经费支出相当于",),  # 北京, 上海
        aliases=("研发经费投入强度", "研发投入占地区生产总值比重"),
        abbreviations=("研发强度", "r&d经费投入强度"),
    ),
    Indicator("城镇新增就业", aliases=("新增城镇就业",)),
    Indicator("一般公共预算收入", aliases=("一般预算收入", "地方一般公共预算收入")),
    Indicator(
        "财政收入",
        aliases=("全部财政收入", "财政总收入"),
        also_search=("一般公共预算收入",),
    ),
)


def find_indicator(question: str) -> tuple[Indicator, str] | None:
    """The indicator `question` (simplified, lower case) names, and the name it uses: the
    longest name found, so 规上工业增加值 is that indicator, not just 规上."""
    text = normalize(question)
    found = [(len(name), indicator, name) for indicator in INDICATORS for name in indicator.names]
    matches = [(length, indicator, name) for length, indicator, name in found if name in text]
    if not matches:
        return None
    _, indicator, name = max(matches, key=lambda match: match[0])
    return indicator, name


def search_wordings(indicator: Indicator, used: str, question: str) -> list[str]:
    """What to search besides the question's words, given the name `used` in it."""
    if used in indicator.abbreviations:
        wanted = (indicator.name, *indicator.wordings)
    elif used == indicator.name:
        wanted = indicator.also_search
    else:
        wanted = ()
    text = normalize(question)
    return [wording for wording in wanted if wording not in text]


def as_named(question: str, indicator: Indicator, used: str) -> str:
    """`question` with an abbreviation (GDP, 社零) replaced by the indicator's name."""
    text = normalize(question)
    return text.replace(used, indicator.name) if used in indicator.abbreviations else text

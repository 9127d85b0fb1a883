"""The unit a question asks its amount in, and whether a sentence states one in it.

`多少亿元` asks for money, `几家` for a count of firms: a growth rate or a count of projects is
no answer, however well its words match.
"""

from __future__ import annotations

import re

from assistant.answer.figures import BASE_UNITS, CN_DIGITS, COUNT_UNITS, NOT_UNITS, find_figures

__all__ = ["RANK", "asked_unit", "holds_unit", "in_unit"]

# `多少亿元`, `几家`, `多少万人`: the unit a question names after its question word
_UNIT_ALTERNATIVES = "|".join(re.escape(unit) for unit in BASE_UNITS)
# (`近几年`, `这几年`, `前几天` name a span of time, not the unit of an amount)
ASKED_UNIT_RE = re.compile(
    rf"(?:多少|(?<![近这前头])[几幾])(?:万亿|亿|万)?(?P<unit>{_UNIT_ALTERNATIVES})"
)
# Words after 多少 that begin with a unit's character: `多少台湾青年`, `多少家庭` (counted in 户)
ASKED_NOT_UNITS = (*NOT_UNITS, "台湾", "家庭")
# `花了多少钱`: money, counted in 元 at any magnitude
MONEY_ASK = re.compile(r"(?:多少|几)钱")
# `在全省排第几`, `排名第几` (not `第几届`, an ordinal of a thing): a place in a ranking, which
# a sentence states as `第2位`, `首位`, `前列`, never as an amount in a unit; RANK stands for it
# as the asked unit
RANK_ASK = re.compile(r"排第几|排名|第几[位名]|[居列]第几|(?:全国|全省|全市)第几|排[在到]?哪")
RANK = "位次"
_ORDINAL = r"第[\d一二三四五六七八九十]+"
# (not `第一产业`, `第十五届`: an ordinal names a thing unless a ranking word comes with it)
RANK_WORDS = re.compile(
    rf"(?:居|排|列|全国|全省|全市|全区|全州)[^，。；]{{0,6}}{_ORDINAL}|{_ORDINAL}[位名]"
    r"|首位|榜首|前列|前[\d一二三四五六七八九十]+[位名强]"
)
# `失业率是多少`, `占比多少`, `占多大比重`: a rate or share, stated in % (`调查失业率5.5%左右`); not
# `城镇化率提高了多少`, a change answered in 个百分点
RATE_ASK = re.compile(
    r"(?:率|比重|比例|占比)(?:是|为|有|大概|大约|约)?(?:多少|几)|(?:多少|多大)(?:比重|比例)"
)
# `几个` asks for a count in any counting word: `5项`, `3所`, `12家` answer it; so does Hong
# Kong's `幾多間` (間 counts firms, schools and shops alike)
ANY_COUNT = frozenset({"个", "间"})


def asked_unit(question: str) -> str | None:
    """The base unit a question asks its amount in (`多少亿元` -> 元, `几家` -> 家, `多少钱` ->
    元, `失业率是多少` -> %, `排第几` -> RANK), or None."""
    if MONEY_ASK.search(question):
        return "元"
    if RANK_ASK.search(question):
        return RANK
    if RATE_ASK.search(question):
        return "%"
    match = ASKED_UNIT_RE.search(question)
    if match is None or question.startswith(ASKED_NOT_UNITS, match.start("unit")):
        return None
    return match["unit"]


# Units that count the same thing: `多少名人才` is answered by `111人`
SAME_UNITS = (
    frozenset({"人", "名", "位"}),
    frozenset({"公里", "千米", "km"}),
    frozenset({"平方公里", "平方千米"}),
    frozenset({"%", "％"}),
    frozenset({"个百分点", "百分点"}),
    frozenset({"标箱", "标准箱"}),
    frozenset({"公斤", "千克"}),
    frozenset({"元", "美元"}),  # `花了多少钱` is answered in dollars too
)


def in_unit(figure_unit: str, unit: str) -> bool:
    """Whether a figure's unit is `unit` at any magnitude (亿元 for 元, 万人 for 人), or one
    counting the same (`人` for `名`); `个` is matched by any counting word."""
    base = figure_unit.lstrip("万亿")
    if base == unit or (unit in ANY_COUNT and base in COUNT_UNITS):
        return True
    return any(base in same and unit in same for same in SAME_UNITS)


def holds_unit(sentence: str, unit: str) -> bool:
    """Whether `sentence` states a quantity in `unit` (`in_unit`), a lone Chinese numeral too
    (`一次挂号管三天`, which is no figure); for RANK, a place in a ranking."""
    if unit == RANK:
        return RANK_WORDS.search(sentence) is not None
    if any(in_unit(figure.unit, unit) for figure in find_figures(sentence)):
        return True
    same = next((group for group in SAME_UNITS if unit in group), {unit})
    units = COUNT_UNITS if unit in ANY_COUNT else tuple(same)
    return any(re.search(rf"[\d{CN_DIGITS}][万亿]?{re.escape(u)}", sentence) for u in units)

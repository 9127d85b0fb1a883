"""Quantities in Chinese report text: find them, read their numbers, pick the one that answers.

This module owns the figure rules, as pure functions with no heavy imports:

- `find_figures(sentence)`: every quantity (qualifier + number + unit, e.g. `超400亿元`,
  `增长35.7%`, `三百多家`) left to right, with offsets into the sentence and the indicator
  it measures (`工业投资` in `工业投资增长35.7%`).
- `parse_number(text)`: Arabic or Chinese numerals to a float.
- `answering_figure(question, sentence)`: for a question that asks an amount.

Value convention: a figure's value stays in its stated unit, so `1.2万户` is value 1.2 with
unit `万户` and `两万人` is value 2 with unit `万人`; `parse_number("1.2万")` on its own
does scale (12000.0), because there the whole string is the number.
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.answer.table_rows import header_pattern, row_pattern, table_row_figure
from assistant.schema import Figure
from assistant.search.years import is_year

__all__ = ["answering_figure", "find_figures", "parse_number"]


def _words(text: str) -> tuple[str, ...]:
    """A space-separated word list as a tuple, so long lists stay readable."""
    return tuple(text.split())


# Chinese numeral characters without 万/亿 (those are read as part of the unit): 三百, 一千二百
CN_DIGITS = "零〇一二两三四五六七八九十百千"
CN_VALUES = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
CN_VALUES |= {"六": 6, "七": 7, "八": 8, "九": 9}
CN_SMALL = {"十": 10, "百": 100, "千": 1000}

# Arabic number, optional sign and thousands separators: 104.86, 1,008, -0.57
ARABIC = r"[-−]?\d+(?:,\d{3}(?!\d))*(?:\.\d+)?"
# Chinese numeral, 万/亿 only inside: 三百, 十五, 三万五千 (but 两万 -> 两 + unit 万)
CHINESE = rf"[{CN_DIGITS}]+(?:[万亿][{CN_DIGITS}]+)*"
# A number not glued to a letter, digit, `+`, ordinal 第/届 or rate 每: not PM2.5, 第二批, 每千人
NUMBER = rf"(?<![A-Za-z0-9_.+＋第届每]){ARABIC}|(?<![第届每几数{CN_DIGITS}万亿]){CHINESE}"
# Range separator between two numbers: 10—20亿元, 5至8个, 2-3所, 2~3个
RANGE_SEP = r"[—–\-~～至到]"

# A change word right before the number: 增长35.7%, 下降2.1%, 提高到80%
CHANGE = r"新增|净增|增长|增加|下降|提高|提升|降低|减少|上涨|上升|回落|下滑|扩大|缩小|回升"
# An approximation or bound right before the number: 超400亿元, 近70%, 约50.44%
APPROX = (
    r"不少于|不低于|不高于|不超过|不多于|超过|超出|突破|将近|接近|大约|约为|不足|不到|低于|高于"
    r"|超|逾|近|约"
)
# Magnitude glued to the unit: 亿元, 万户, 万亿元
MAGNITUDES = ("万亿", "亿", "万")
# Units, at least the brief's list; longest first so 个百分点 beats 个 and 平方米 beats 米.
COUNT_UNITS = _words(
    "家 个 人 人次 名 户 列 项 所 座 套 台套 间 条 只 头 辆 艘 台 批 件 场 场次 次 张 位 例 处"
    " 栋 部 篇 户次"
)
MEASURE_UNITS = _words(
    "元 美元 % ％ ‰ 个百分点 百分点 亩 公顷 平方米 平方公里 平方千米 立方米 方 公里 千米 米 km 微克"
    " 英寸 吨 千克 公斤 千瓦时 千瓦 兆瓦 千伏安 千伏 度 担 斤 羽 标箱 标准箱 个工作日 工作日"
    " 天 年 周年 周岁 个月 小时 分钟 倍 岁 微克/立方米"
)
BASE_UNITS = sorted(COUNT_UNITS + MEASURE_UNITS, key=len, reverse=True)
TABLE_ROW = row_pattern(BASE_UNITS)
TABLE_HEADER = header_pattern(BASE_UNITS)

# The whole figure: 增长35.7%, 超百亿, 三百多家, 100多万人, 1.2万户, 10—20亿元, 80岁以上
FIGURE_RE = re.compile(
    rf"""
    (?P<change>(?:{CHANGE})(?:到|至)?)?(?P<approx>{APPROX})?
    (?P<low>{NUMBER})(?:{RANGE_SEP}(?P<high>{ARABIC}|{CHINESE}))?
    (?P<more>多|余)?(?P<mag>{"|".join(MAGNITUDES)})?(?P<more2>多|余)?
    (?P<base>{"|".join(re.escape(unit) for unit in BASE_UNITS)})?
    (?P<after>以上|左右|以内|以下)?
    """,
    re.VERBOSE,
)
# Arabic number with a trailing magnitude, for parse_number: 1.2万 -> 12000
SCALED_RE = re.compile(rf"^(?P<number>{ARABIC})(?P<mag>万亿|亿|万)?$")
# Where a unit character starts a longer word: 5项目 is not `5项`, 十一次全会 is an ordinal
NOT_UNITS = _words("项目 场所 人民币 天然 方面 台阶 台州 部门 倍增 次全会 次会议 次党代会")
# Idioms whose numerals are not quantities: 走进千家万户
IDIOMS = ("千家万户", "千方百计", "万家灯火", "千万不")
# Clause delimiters that bound an indicator
DELIMITERS = "，,；;。、：:！!？?\n"
# Words trimmed from the front of an indicator: 其中 第一产业增加值 -> 第一产业增加值
LEADING = _words(
    "其中 实现 完成 达到 同比 比上年末 比上年同期 比上年 全年 年内 今年 去年 累计 以及 分别 另外"
    " 此外 初步预计 预计 初步核算"
)
# A year opening an indicator, dropped when words remain: 到2025年每千人口拥有 -> 每千人口拥有
YEAR_PREFIX_RE = re.compile(r"^(?:到|至|截至)?\d{4}年(?:底|末|度)?")
# A whole indicator that is only a joiner, so the figure inherits: 分别增长12.5%和13%
JOINERS = ("和", "及", "与", "并", "或", "各", "共", "分别")
# A list number opening a paragraph: 57.中心城区…, 16．“1+4+N”…
LIST_MARK_RE = re.compile(r"^\d+[.．、]")
# A parenthesis right after a figure, skipped when reading on: 1万户（次）
PAREN_RE = re.compile(r"^[（(][^）)]*[）)]")
# Words trimmed from the end of an indicator: 城镇化率为 -> 城镇化率, 收入实际 -> 收入
TRAILING = _words(
    "同比 比上年末 比上年同期 比上年 较上年 分别 实际 名义 年均 平均 达到 达 完成 实现 为 是"
    " 共计 共 合计 总计 累计 已 各 均 增至 降至 升至 增加到 提高到"
)
# Brackets, quotes, masks' neighbours and footnote marks stripped from an indicator's ends
EDGE_CHARS = "()（）“”\"'‘’《》【】 ①②③④⑤⑥⑦⑧⑨⑩"
# Where the noun phrase after a count figure stops: 5名一线产业工人被评为 -> 一线产业工人
AFTER_STOPS = _words(
    "均 被 获 成为 入选 落户 实现 全覆盖 全部 全面 的 已 在 分别 成功 开展 选择 获批 通过 完成"
)
# Approximations that make a lone Chinese digit a quantity: 近五年, 约两倍
SINGLE_DIGIT_APPROX = ("近", "将近", "接近", "约", "大约", "超", "超过", "逾")
PERCENT_UNITS = ("%", "％", "‰")
# Qualifiers that make a figure approximate, so an exact one wins a tie: 超过百亿 vs 100.4亿元
APPROX_WORDS = set(APPROX.split("|")) | {"多", "余", "左右"}
# Bracket pairs kept whole when an indicator's ends are stripped: 博士(后)
PAIRS = (("(", ")"), ("（", "）"), ("“", "”"))


def parse_number(text: str) -> float | None:
    """Read `104.86`, `1,008`, `-0.57`, `1.2万`, `三百`, `一千二百`, `两万`, `百`; else None."""
    text = text.strip()
    scaled = SCALED_RE.match(text)
    if scaled:
        number = float(scaled["number"].replace(",", "").replace("−", "-"))
        return number * _magnitude(scaled["mag"] or "")
    if text and all(ch in CN_VALUES or ch in CN_SMALL or ch in "万亿" for ch in text):
        return _chinese_number(text)
    return None


def _magnitude(mag: str) -> float:
    """The multiplier of a magnitude word: 万 -> 1e4, 亿 -> 1e8, 万亿 -> 1e12."""
    return {"": 1.0, "万": 1e4, "亿": 1e8, "万亿": 1e12}[mag]


def _chinese_number(text: str) -> float:
    """Chinese numeral to float: 二十一 -> 21, 三万五千 -> 35000; bare digits 二〇二二 -> 2022."""
    if all(ch in CN_VALUES for ch in text):
        return float("".join(str(CN_VALUES[ch]) for ch in text))
    total, section, digit = 0, 0, 0
    for ch in text:
        if ch in CN_VALUES:
            digit = CN_VALUES[ch]
        elif ch in CN_SMALL:
            section += (digit or 1) * CN_SMALL[ch]
            digit = 0
        elif ch == "万":
            total += (section + digit or 1) * 10_000
            section = digit = 0
        else:  # 亿 scales everything read so far
            total = (total + section + digit or 1) * 100_000_000
            section = digit = 0
    return float(total + section + digit)


def find_figures(sentence: str) -> list[Figure]:
    """Every quantity in `sentence`, left to right, with its indicator; never raises. A table
    row (`钢材 吨 1577693 48.8`) states one, in its unit cell."""
    figures = [
        figure
        for match in FIGURE_RE.finditer(sentence)
        if (figure := _to_figure(match, sentence)) is not None
    ]
    if not figures and (row := table_row_figure(sentence, TABLE_ROW)) is not None:
        return [row]
    return _with_indicators(sentence, figures)


def _to_figure(match: re.Match[str], sentence: str) -> Figure | None:
    """The figure a regex match stands for, or None for a year, an ordinal, an idiom, no unit."""
    mag, base = match["mag"] or "", match["base"] or ""
    unit = mag + base
    if not unit or _is_year(match["low"], unit) or _in_idiom(sentence, match.start("low")):
        return None
    if base and sentence.startswith(NOT_UNITS, match.start("base")):
        return None
    if sentence.startswith(("”", "’"), match.end()):
        return None  # a name such as “外资10条”, “16条”
    if match["low"][0] in CN_DIGITS and not _chinese_is_quantity(match, unit, sentence):
        return None
    prefix = (match["change"] or "") + (match["approx"] or "")
    parts = [prefix, match["more"] or match["more2"], match["after"]]
    return Figure(
        text=match[0],
        value=parse_number(match["low"]),
        unit=unit,
        qualifier=" ".join(part for part in parts if part),
        start=match.start(),
        end=match.end(),
    )


def _is_year(number: str, unit: str) -> bool:
    """`2022年` is a year, not a duration: four digits between 1949 and 2100 before 年."""
    return unit == "年" and is_year(number)


def _in_idiom(sentence: str, start: int) -> bool:
    """Whether the numeral at `start` belongs to an idiom like 千家万户."""
    window = sentence[max(0, start - 3) : start + 4]
    return any(idiom in window for idiom in IDIOMS)


def _chinese_is_quantity(match: re.Match[str], unit: str, sentence: str) -> bool:
    """Chinese numerals count only when well formed and clearly a quantity.

    A lone digit is usually a set phrase (一批, 两个确立, 一年来) unless approximated
    (近五年) or a measure (两个百分点); a bare 百亿/千万 must end its clause (超百亿,
    not 千亿级, “千万工程”); 百千万 and 零 are names and 十二次 an ordinal.
    """
    numeral = match["low"]
    if not _well_formed(numeral):
        return False
    if match["base"] == "次":
        return False  # 十二次全会: Chinese-numeral 次 is an ordinal in reports
    if not match["base"]:
        follower = sentence[match.end() : match.end() + 1]
        return not (follower and (_is_cjk(follower) or follower in "”’"))
    if any(ch in CN_SMALL for ch in numeral) or unit.startswith(("万", "亿")):
        return True
    return match["approx"] in SINGLE_DIGIT_APPROX or unit in ("个百分点", "百分点", "倍")


def _well_formed(numeral: str) -> bool:
    """Whether magnitudes fall within each 万 section: 一千二百 yes, 百千 and 零 no."""
    if numeral[0] in "零〇":
        return False
    last = 10_000
    for ch in numeral:
        if ch in CN_SMALL:
            if CN_SMALL[ch] >= last:
                return False
            last = CN_SMALL[ch]
        elif ch in "万亿":
            last = 10_000
    return True


def _is_cjk(ch: str) -> bool:
    """Whether `ch` is a CJK ideograph (so a word goes on after it)."""
    return "\u4e00" <= ch <= "\u9fff"


def _with_indicators(sentence: str, figures: list[Figure]) -> list[Figure]:
    """The figures again, each with the words it measures filled in."""
    result: list[Figure] = []
    for index, figure in enumerate(figures):
        previous = result[-1] if result else None
        following = figures[index + 1].start if index + 1 < len(figures) else len(sentence)
        indicator = _indicator(sentence, figure, previous, following)
        result.append(replace(figure, indicator=indicator))
    return result


def _indicator(sentence: str, figure: Figure, previous: Figure | None, following: int) -> str:
    """What `figure` measures: the words before it, or after it for counts and `X%的Y`."""
    before = _before_text(sentence, figure, previous)
    after = _after_text(sentence, figure, following)
    inherited = previous.indicator if previous else ""
    base = figure.unit.removeprefix("万").removeprefix("亿")
    share_of = figure.unit in PERCENT_UNITS and sentence.startswith("的", figure.end)
    if base in COUNT_UNITS or share_of:
        candidates = (after, before, inherited)
    else:
        candidates = (before, inherited, after)
    return next((text for text in candidates if text), "")


def _before_text(sentence: str, figure: Figure, previous: Figure | None) -> str:
    """Words between the previous delimiter (or figure) and `figure`, trimmed."""
    left = previous.end if previous else 0
    for position in range(figure.start - 1, left - 1, -1):
        if sentence[position] in DELIMITERS:
            left = position + 1
            break
    text = sentence[left : figure.start]
    if previous and left == previous.end:
        text = text.lstrip("和及与并或")  # 第一批116项和第二批82项 -> 第二批
    return _trim(text)


def _after_text(sentence: str, figure: Figure, following: int) -> str:
    """The noun phrase after `figure` up to a delimiter, the next figure or a verb."""
    start = figure.end + 1 if sentence.startswith("的", figure.end) else figure.end
    end = start
    while end < following and sentence[end] not in DELIMITERS:
        end += 1
    text = PAREN_RE.sub("", sentence[start:end])
    if text.startswith(JOINERS):
        return ""  # 116项和第二批82项: what follows is the next item, not the thing counted
    stops = [text.find(stop) for stop in AFTER_STOPS if stop in text]
    return _trim(text[: min(stops)] if stops else text)


def _trim(text: str) -> str:
    """Strip brackets, quotes and connectives (其中, 同比, 达到 …) from both ends."""
    previous = None
    text = LIST_MARK_RE.sub("", text)
    while text != previous:
        previous = text
        text = _strip_edges(text)
        for word in LEADING:
            text = text.removeprefix(word)
        for word in TRAILING:
            text = text.removesuffix(word)
    text = "" if text in JOINERS else text
    return YEAR_PREFIX_RE.sub("", text) or text


def _strip_edges(text: str) -> str:
    """Strip brackets and quotes from both ends, but keep a pair whole: 博士(后)."""
    stripped = text.strip(EDGE_CHARS)
    for opener, closer in PAIRS:
        if stripped.count(opener) > stripped.count(closer) and text.endswith(closer):
            stripped += closer
        if stripped.count(closer) > stripped.count(opener) and text.startswith(opener):
            stripped = opener + stripped
        if stripped.count(opener) > stripped.count(closer):
            stripped = stripped[: stripped.rindex(opener)]  # 专席（人社 -> 专席
    return stripped


# Words that always ask for a number: 多少, 几家, 比重, 第几
# Question words asking for a share, which a % figure answers: 比重是多少
SHARE_ASK_RE = re.compile(r"比例|比重|占比|百分|增速|增幅|降幅|增长|下降|率")


def answering_figure(question: str, sentence: str) -> Figure | None:
    """The figure in `sentence` that best answers `question`, or None.

    The score is how many character bigrams of the question the figure's indicator,
    qualifier and unit share, plus half a point when its unit is the one asked for
    (`几家` -> 家, `比重` -> %). Ties go to the figure whose indicator and own clause
    share more (`财政收入达到多少` -> `达到100.4亿元` over `超过百亿`), then to an exact
    figure over an approximate one, then to the leftmost.
    """
    figures = find_figures(sentence)
    if not figures:
        return None
    wanted = _bigrams(question)
    return max(figures, key=lambda figure: _rank(figure, sentence, question, wanted))


def _rank(
    figure: Figure, sentence: str, question: str, wanted: set[str]
) -> tuple[float, int, bool, int]:
    """Sort key for `answering_figure`: score, clause overlap, exactness, leftmost."""
    context = _bigrams(figure.indicator) | _bigrams(clause_of(sentence, figure))
    exact = not any(word in figure.qualifier for word in APPROX_WORDS)
    return (_score(figure, question, wanted), len(wanted & context), exact, -figure.start)


def clause_of(sentence: str, figure: Figure) -> str:
    """The raw words from the previous delimiter up to `figure`'s end, qualifier included."""
    start = max(sentence.rfind(mark, 0, figure.start) for mark in DELIMITERS) + 1
    return sentence[start : figure.end]


def _score(figure: Figure, question: str, wanted: set[str]) -> float:
    """Bigram overlap between the question and the figure's words, with a unit bonus."""
    words = figure.indicator + figure.qualifier.replace(" ", "") + figure.unit
    score = float(len(wanted & _bigrams(words)))
    asked_share = figure.unit in PERCENT_UNITS and SHARE_ASK_RE.search(question)
    return score + (0.5 if figure.unit[-1] in question or asked_share else 0.0)


def _bigrams(text: str) -> set[str]:
    """Character bigrams of `text`: 工业投资 -> {工业, 业投, 投资}."""
    return {text[i : i + 2] for i in range(len(text) - 1)}

"""Years: the one parser of years in Chinese text, a report's own years, and year matching.

A report delivered in 2023 reviews 2022 ("一、2022年工作情况") and plans 2023 ("二、2023年工作
谋划"); residents ask "去年…" meaning the year before the newest report of the place they ask
about. Matching the two lets a search prefer the right report and the right part of it.

Everything that reads a year out of text (questions, headings, a report's date line, the
figure rules) uses this module, so `2000万千瓦`, `比上年` and `二〇二二年` are decided once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from assistant.schema import Chunk, ReportInfo

FIRST_YEAR, LAST_YEAR = 1949, 2100
CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0}

# A four-digit year: `2019`; not inside a longer number (`12019`, `2019.5`)
_ARABIC = r"(?<![\d.])(?:19[5-9]\d|20\d\d)(?![\d.])"
# A year in Chinese numerals: `二〇二二`, `二零二二`
_CHINESE = r"[〇零○一二三四五六七八九]{4}(?=年)"
_ONE_YEAR = rf"(?:{_ARABIC}|{_CHINESE})"
# What makes four bare digits an amount, not a year: `2000万千瓦`, `2019个`, `2020%`
_AMOUNT_AFTER = (
    r"\s*(?:[万亿千百余多个元吨人户家项条米亩辆套张件所座次台倍名斤度天种位支场处栋间只批起例份部篇]"
    r"|%|％|‰|公里|平方|千瓦|小时|分钟|标箱)"
)
# `2019年`, `2019` (not an amount), `二〇二二年`
YEAR = re.compile(rf"({_ONE_YEAR})(?:年|(?!{_AMOUNT_AFTER}))")
# `2019年至2023年`, `2019—2023年`, `从2019年到2023年`, `2019-2023`
YEAR_RANGE = re.compile(
    rf"({_ONE_YEAR})年?\s*(?:至|到|—+|–|-|~|～|－)\s*({_ONE_YEAR})(?:年|(?!{_AMOUNT_AFTER}))"
)
# Five-year plans: `十三五` (2016–2020), `十四五` (2021–2025); not `十五届`
FIVE_YEAR_PLAN = re.compile(r"十([一二三四五六])五(?![届次])")
FIRST_PLAN_START = 1951  # 一五 began in 1953; 十一五 in 2006 = 1951 + 5 × 11
# Relative years, counted from the year an anchor calls 今年. `比上年增长` names no year.
RELATIVE_YEARS = {"前年": -2, "去年": -1, "上一年": -1, "上年": -1, "今年": 0, "本年": 0, "明年": 1}
RELATIVE_YEAR = re.compile(r"前年|去年|上一年|(?<![比较同与于])上年|今年|本年|明年")
# The five years a report looks back on (`过去五年工作回顾`) or ahead to (`今后五年`)
PAST_FIVE = re.compile(r"过去五年|近五年|五年来")
NEXT_FIVE = re.compile(r"今后五年|未来五年")


@dataclass(frozen=True)
class YearAnchor:
    """What relative words mean where they are written: `today` is 今年, `review` the last
    year reviewed (a report delivered in late December reviews the year it is in)."""

    today: int
    review: int


def is_year(number: str) -> bool:
    """Four digits between 1949 and 2100: `2022` (a year before 年, not a duration)."""
    return len(number) == 4 and number.isdigit() and FIRST_YEAR <= int(number) <= LAST_YEAR


def _year_value(written: str) -> int | None:
    """`2022` or `二〇二二` as an int, None outside 1949–2100."""
    digits = "".join(str(CN_DIGITS.get(char, char)) for char in written)
    return int(digits) if is_year(digits) else None


def explicit_years(text: str) -> set[int]:
    """Years written out: `2019年`, `2019`, `二〇二二年`; a range gives its two ends."""
    return {year for match in YEAR.finditer(text) if (year := _year_value(match[1]))}


def _ranges(text: str) -> set[int]:
    years: set[int] = set()
    for match in YEAR_RANGE.finditer(text):
        first, last = _year_value(match[1]), _year_value(match[2])
        if first and last and 0 < last - first <= 30:
            years |= set(range(first, last + 1))
    return years


def _plans(text: str) -> set[int]:
    years: set[int] = set()
    for match in FIVE_YEAR_PLAN.finditer(text):
        start = FIRST_PLAN_START + 5 * (10 + CN_DIGITS[match[1]])
        years |= set(range(start, start + 5))
    return years


def _relative(text: str, anchor: YearAnchor) -> set[int]:
    years = {anchor.today + RELATIVE_YEARS[word] for word in RELATIVE_YEAR.findall(text)}
    if PAST_FIVE.search(text):
        years |= set(range(anchor.review - 4, anchor.review + 1))
    if NEXT_FIVE.search(text):
        years |= set(range(anchor.review + 1, anchor.review + 6))
    return years


def years_in(text: str, anchor: YearAnchor | None = None) -> set[int]:
    """Every year `text` speaks of: explicit years, ranges, 十三五/十四五, and (given an anchor)
    去年/今年/明年/上年 and 过去五年."""
    years = explicit_years(text) | _ranges(text) | _plans(text)
    return years | _relative(text, anchor) if anchor else years


CHINESE_YEAR = re.compile(r"[〇零○一二三四五六七八九]{4}(?=年)")


def arabic_years(text: str) -> str:
    """`二〇二一年` written `2021年`, as reports and the BM25 tokens mostly have it."""
    return CHINESE_YEAR.sub(lambda m: str(_year_value(m[0]) or m[0]), text)


def question_years(question: str, *, newest: int | None) -> set[int]:
    """Years a question asks about; relative ones count from `newest`, the newest report of the
    place asked about (its 今年; 过去五年 are the five years before it)."""
    anchor = YearAnchor(today=newest, review=newest - 1) if newest is not None else None
    return years_in(question, anchor)


# --- a report's own years -----------------------------------------------------------------------

# `——2012年1月31日在…`, `（2020年5月14日）`, `二〇二一年一月二十三日在北京市…`
_NUMBER = r"[0-9]{1,2}|[一二三四五六七八九十]{1,3}"
DATE = re.compile(rf"({_ARABIC}|[〇零○一二三四五六七八九]{{4}})年({_NUMBER})月({_NUMBER})日")
# The date line stands among a report's first lines, which are short (title, date, speaker).
HEAD_LINES = 15
HEAD_LINE_CHARS = 80
# The meeting a report is delivered at: `第十五届人民代表大会第二次会议`
MEETING = re.compile(r"代表大会|会议")
# Reports delivered from November on (永州: late December) plan the next year.
FIRST_MONTH_PLANNING_AHEAD = 11


def _small_number(written: str) -> int:
    """`23`, `二十三`, `十二`, `三十一` -> int."""
    if written.isdigit():
        return int(written)
    tens, _, ones = written.rpartition("十")
    if "十" not in written:
        return CN_DIGITS[written]
    return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[ones] if ones else 0)


def delivery_date(text: str) -> date | None:
    """The date a report was delivered, from its date line among the first lines: a date on
    a short line that (or whose next line) names the meeting (`在…人民代表大会…会议上`).
    A statistical bulletin's publication date names no meeting and is not taken."""
    lines = text.splitlines()[: HEAD_LINES + 1]
    for line, after in zip(lines, [*lines[1:], ""], strict=False):
        match = DATE.search(line) if len(line) <= HEAD_LINE_CHARS else None
        if match and MEETING.search(line + after) and (delivered := _date(match)):
            return delivered
    return None


def is_date_line(line: str) -> bool:
    """`——2021年1月10日在样本市人民代表大会会议上`: when and where a report was delivered, not
    something it says (never quoted as an answer)."""
    short = len(line) <= HEAD_LINE_CHARS
    return short and DATE.search(line) is not None and MEETING.search(line) is not None


def _date(match: re.Match[str]) -> date | None:
    year = _year_value(match[1])
    try:
        return date(year, _small_number(match[2]), _small_number(match[3])) if year else None
    except (ValueError, KeyError):
        return None


def planned_year(delivered: date) -> int:
    """The year a report delivered on `delivered` plans (and is filed under)."""
    return delivered.year + (delivered.month >= FIRST_MONTH_PLANNING_AHEAD)


def report_anchor(year: int | None, delivered: str | None = None) -> YearAnchor | None:
    """What 今年 and 过去五年 mean inside a report planning `year`, delivered on `delivered`
    (ISO date): a December report's 今年 is the year it reviews."""
    if year is None:
        return None
    today = date.fromisoformat(delivered).year if delivered else year
    return YearAnchor(today=today, review=year - 1)


def newest_year(reports: Iterable[ReportInfo]) -> int | None:
    """The newest report's year: what `去年` and `今年` count from."""
    return max((report.year for report in reports if report.year), default=None)


# --- passages -----------------------------------------------------------------------------------


# A statistical bulletin reports on the year in its title (`2023年周口市…统计公报`), a work
# report on the year before the one it is delivered in, and it plans that one
ONE_YEAR_REPORT = re.compile(r"统计公报")


def reports_its_own_year(title: str) -> bool:
    return ONE_YEAR_REPORT.search(title) is not None


def chunk_years(
    chunk: Chunk,
    report_year: int | None,
    *,
    anchor: YearAnchor | None = None,
    one_year: bool = False,
) -> set[int]:
    """Years a passage speaks of: those of its section headings (`一、过去五年工作回顾` is five
    years), else its report's two years (the one reviewed and the one planned), or its one
    year for a report on one year (`one_year`: a statistical bulletin)."""
    anchor = anchor or report_anchor(report_year)
    years = {year for part in chunk.section_path for year in years_in(part, anchor)}
    if years or report_year is None:
        return years
    return {report_year} if one_year else {report_year - 1, report_year}


def named_years(chunk: Chunk) -> set[int]:
    """The years a passage's headings write out (`2025年主要工作`), not those of a span they
    name (`“十四五”时期`, `过去五年`)."""
    return {year for part in chunk.section_path for year in explicit_years(part)}


def passage_years(
    chunk: Chunk,
    report_year: int | None,
    *,
    anchor: YearAnchor | None = None,
    one_year: bool = False,
) -> set[int]:
    """Every year a passage may speak of: its headings' (or report's) and those written in its
    text (relative words in the text only when the report's anchor is given)."""
    written = years_in(chunk.text, anchor) if anchor else explicit_years(chunk.text)
    return chunk_years(chunk, report_year, anchor=anchor, one_year=one_year) | written


def report_passage_years(chunk: Chunk, report: ReportInfo) -> set[int]:
    """`passage_years` of a chunk of `report`, the report's kind considered (a bulletin speaks
    of one year)."""
    return passage_years(chunk, report.year, one_year=reports_its_own_year(report.title))


def reported_year(chunk: Chunk, report: ReportInfo) -> int | None:
    """The one year a passage reports on: its headings' single year (`一、2021年工作回顾`), else
    the year its part speaks of (a 2023 report reviews 2022 and plans 2023)."""
    years = chunk_years(chunk, report.year, anchor=report_anchor(report.year, report.delivered))
    if len(years) == 1:
        return next(iter(years))
    if report.year is None or reports_its_own_year(report.title):
        return None
    return report.year if chunk_part(chunk) == "plan" else report.year - 1


MATCH_BOOST = 1.25
CONFLICT_PENALTY = 0.8
# Halfway (geometrically) between no preference and a match: a span speaks of many years
SPAN_BOOST = MATCH_BOOST**0.5

# A report's parts: what was done (`一、2022年工作回顾`) and what is planned (`二、2023年工作安排`).
# `一、2022年主要目标任务完成情况` names targets but reviews them: these words decide first.
CLEAR_REVIEW_HEADING = re.compile(r"完成情况|执行情况|回顾|总结")
REVIEW_HEADING = re.compile(r"情况|成就|成绩|成效")
PLAN_HEADING = re.compile(r"安排|任务|谋划|目标|建议|计划|部署|展望|思路|要求|重点|主要考虑")
# `二、2019年主要工作`, `三、关于2026年工作`: a part named for its year's work is its plan, unless
# it names achievements too (`一、“十四五”时期发展成就和2025年主要工作` reviews 2025)
YEAR_WORK_HEADING = re.compile(r"工作$")
PART_BOOST = 1.15
PART_PENALTY = 0.85


def chunk_part(chunk: Chunk) -> str | None:
    """`review`, `plan`, or None, from the chunk's top-level heading."""
    top = chunk.section_path[0] if chunk.section_path else ""
    if CLEAR_REVIEW_HEADING.search(top):
        return "review"
    if PLAN_HEADING.search(top):
        return "plan"
    if REVIEW_HEADING.search(top):
        return "review"
    return "plan" if YEAR_WORK_HEADING.search(top) else None


def part_factor(wanted: str | None, part: str | None) -> float:
    """For amounts: a plan question prefers plan sections, any other prefers reviews
    (`2023年地区生产总值是多少` is the 2024 report's result, not the 2023 target).
    `wanted` is the part a question asks about (`Query.part_wanted`), None for no preference."""
    if wanted is None or part is None:
        return 1.0
    return PART_BOOST if part == wanted else PART_PENALTY


def year_factor(asked: set[int] | frozenset[int], spoken: set[int], named: set[int]) -> float:
    """Score multiplier: prefer passages about the asked year, demote those about other years.
    A passage whose headings speak of the year only inside a span (`“十四五”时期发展成就` for
    2023) gets SPAN_BOOST: it covers the year among others, and loses to that year's review.
    `named` are the years the headings write out (`named_years`); a passage without year
    headings speaks of its report's two years, a match like a named one."""
    if not asked or not spoken:
        return 1.0
    if not asked & spoken:
        return CONFLICT_PENALTY
    if asked & named or len(spoken) <= 2:
        return MATCH_BOOST
    return SPAN_BOOST

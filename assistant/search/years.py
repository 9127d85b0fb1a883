"""Which years a question asks about, and which years a passage speaks of.

A report delivered in 2023 reviews 2022 ("一、2022年工作情况") and plans 2023 ("二、2023年工作
谋划"); residents ask "去年…" meaning the year before the newest report. Matching the two lets a
search prefer the right report and the right part of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.schema import Chunk, ReportInfo

# `2022年`, `2022`, `二〇二二年` is rare in questions and not handled.
YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")
# Relative years, counted from the newest report's year.
RELATIVE_YEARS = {"前年": -2, "去年": -1, "上一年": -1, "上年": -1, "今年": 0, "本年": 0, "明年": 1}
RELATIVE_YEAR = re.compile("|".join(RELATIVE_YEARS))

MATCH_BOOST = 1.25
CONFLICT_PENALTY = 0.8


def newest_year(reports: Iterable[ReportInfo]) -> int | None:
    """The newest report's year: what `去年` and `今年` count from."""
    return max((report.year for report in reports if report.year), default=None)


def question_years(question: str, *, newest: int | None) -> set[int]:
    """Years named in the question, absolute or (given the newest report's year) relative."""
    years = {int(year) for year in YEAR.findall(question)}
    if newest is not None:
        years |= {newest + RELATIVE_YEARS[word] for word in RELATIVE_YEAR.findall(question)}
    return years


def chunk_years(chunk: Chunk, report_year: int | None) -> set[int]:
    """Years a passage speaks of: those in its section headings, else its report's two years."""
    years = {int(year) for part in chunk.section_path for year in YEAR.findall(part)}
    if years or report_year is None:
        return years
    return {report_year - 1, report_year}


def passage_years(chunk: Chunk, report_year: int | None) -> set[int]:
    """Every year a passage may speak of: its headings' (or report's) and those in its text."""
    return chunk_years(chunk, report_year) | {int(year) for year in YEAR.findall(chunk.text)}


# A report's parts: what was done (`一、2022年工作回顾`) and what is planned (`二、2023年工作安排`).
REVIEW_HEADING = re.compile(r"回顾|情况|成就|总结|成绩|成效")
PLAN_HEADING = re.compile(r"安排|任务|谋划|目标|建议|计划|部署|展望|思路")
PART_BOOST = 1.15
PART_PENALTY = 0.85


def chunk_part(chunk: Chunk) -> str | None:
    """`review`, `plan`, or None, from the chunk's top-level heading."""
    top = chunk.section_path[0] if chunk.section_path else ""
    if PLAN_HEADING.search(top):
        return "plan"
    return "review" if REVIEW_HEADING.search(top) else None


def part_factor(wanted: str | None, part: str | None) -> float:
    """For amounts: a plan question prefers plan sections, any other prefers reviews
    (`2023年地区生产总值是多少` is the 2024 report's result, not the 2023 target).
    `wanted` is the part a question asks about (`Query.part_wanted`), None for no preference."""
    if wanted is None or part is None:
        return 1.0
    return PART_BOOST if part == wanted else PART_PENALTY


def year_factor(asked: set[int], spoken: set[int]) -> float:
    """Score multiplier: prefer passages about the asked year, demote those about other years."""
    if not asked or not spoken:
        return 1.0
    return MATCH_BOOST if asked & spoken else CONFLICT_PENALTY

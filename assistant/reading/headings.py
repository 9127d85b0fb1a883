"""The one set of section-heading rules: the readers ask "is this line a heading?"
(`HEADING`), the chunker asks "at which level?" (`heading_level`); both get the same answer.

"一、二线城市" is not a heading: a numeral right after 、 is an enumeration. The one unnumbered
kind is a report's part (`2025年工作安排建议`), and only as a line of its own.
"""

from __future__ import annotations

import re

# `第一部分 …`, `第三章 …`, `第二节`, `第12章`
PART_HEADING = re.compile(r"^第[一二三四五六七八九十百零\d]{1,4}[部章节篇]")
# `一、2022年工作情况`; not `一、二线城市` (a numeral right after 、 is an enumeration).
LEVEL1_HEADING = re.compile(r"^[一二三四五六七八九十]{1,3}、(?![一二三四五六七八九十两])")
# `（一）坚决有力防疫情` or half-width `(一)…`
LEVEL2_HEADING = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[)）]")
# `1.加快…`, `2．…`, `3、…`; not `1.5亿元` (a digit after the dot is a decimal).
LEVEL3_HEADING = re.compile(r"^\d{1,2}(?:[.．](?!\d)|、)")
# `（1）…`, `(2)…`
LEVEL4_HEADING = re.compile(r"^[（(]\d{1,2}[)）]")
# A report's part named without a number, as some provinces write it: `2025年工作安排建议`,
# `“十四五”时期工作回顾`, `过去五年工作回顾` — the whole line, short, no clause inside.
UNNUMBERED_PART = re.compile(
    r"^(?:20\d{2}年|过去五年|今后五年|“十[一二三四五六七八九]五”)[^，。；：,;:、]{0,16}"
    r"(?:回顾|安排|部署|建议|总结|任务|情况|成就)$"
)
HEADING_LEVELS = (
    (PART_HEADING, 1),
    (UNNUMBERED_PART, 1),
    (LEVEL1_HEADING, 1),
    (LEVEL2_HEADING, 2),
    (LEVEL3_HEADING, 3),
    (LEVEL4_HEADING, 4),
)
# Any of the above at the start of a line (`HEADING.match(line)`).
HEADING = re.compile("|".join(f"(?:{pattern.pattern})" for pattern, _ in HEADING_LEVELS))


def heading_level(line: str) -> int | None:
    """The level of a numbered heading at the start of `line`, or None."""
    for pattern, level in HEADING_LEVELS:
        if pattern.match(line):
            return level
    return None

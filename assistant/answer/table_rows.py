"""Rows of statistical tables as the readers flatten them, read as figures.

A PDF's cells come out split by spaces (`钢材 吨 1577693 48.8`), a .docx's by ` | `
(`钢材 | 吨 | 1577693 | 48.8`). Such a row states its figure with the unit in a cell of its own,
which the figure pattern of running text (`1577693吨`) does not see: asked `钢材产量多少吨？`,
the row must count as holding an amount in 吨. The first number after the row's name is its
value; the growth and share columns after it are not read.

A row marked `#` (or `其中`) is a part of the row above it (`#铁路 万人 148.62` under
`旅客运输总量 万人 4448.38`): `parent_row_name` gives that row's name, which says what `铁路`
counts.

A bulletin's table often names its unit once, in the header (`指标名称 年末数（人） 比重（%）`), and
its rows hold numbers only (`#男性 2617299 53.4`): `with_header_unit` reads such a row with the
header's first unit in its unit cell, for the evidence only (the quote stays the row as written).
"""

from __future__ import annotations

import re

from assistant.schema import Figure

CELL_SEP = r"(?:\s*\|\s*|\s+)"
NUMBER = r"-?\d+(?:\.\d+)?"


def _alternatives(units: list[str]) -> str:
    """The units as one pattern's alternatives, longest first (`万吨` before `吨`)."""
    return "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True))


def _ends_in_number(line: str) -> bool:
    """Every table row ends in a number; most sentences fail this at their last character,
    before a row pattern (whose open name parts backtrack over a long sentence) is tried."""
    return line.rstrip()[-1:].isdigit()


def row_pattern(units: list[str]) -> re.Pattern[str]:
    """`<name> <unit> <number> [<number>...]` on one line, nothing else."""
    unit = _alternatives(units)
    return re.compile(
        rf"^(?P<name>[^\d|]*?[\u4e00-\u9fff）)][^\d|]*?){CELL_SEP}"
        rf"(?P<unit>(?:万|亿)?(?:{unit})){CELL_SEP}(?P<value>{NUMBER})(?:{CELL_SEP}{NUMBER})*\s*$"
    )


def table_row_figure(line: str, pattern: re.Pattern[str]) -> Figure | None:
    """The figure a table row states in its unit cell, or None when `line` is no such row."""
    match = pattern.match(line.strip()) if _ends_in_number(line) else None
    if match is None:
        return None
    offset = len(line) - len(line.lstrip())
    return Figure(
        text=match["value"] + match["unit"],
        value=float(match["value"]),
        unit=match["unit"],
        qualifier="",
        start=offset + match.start("unit"),
        end=offset + match.end("value"),
        indicator=re.sub(r"\s+|^其中[:：]|^#", "", match["name"]),
    )


# A row of numbers only: `#男性 2617299 53.4`, `乡村 | 3245038 | 66.2` (a name of one cell: not
# `钢材 吨`, whose unit has a cell of its own)
BARE_ROW = re.compile(
    rf"^(?P<name>[^\d|\s]+){CELL_SEP}(?P<numbers>{NUMBER}(?:{CELL_SEP}{NUMBER})*)$"
)
CJK = re.compile(r"[\u4e00-\u9fff]")
# A table's rows are looked back over for its header, at most this many lines (the bulletins'
# tables run to about 15 rows)
MAX_TABLE_ROWS = 30


def header_pattern(units: list[str]) -> re.Pattern[str]:
    """A header cell naming its column's unit: `年末数（人）`, `绝对数(亿元)`."""
    unit = _alternatives(units)
    return re.compile(rf"[（(](?P<unit>(?:万|亿)?(?:{unit}))[）)]")


def bare_row(line: str) -> re.Match[str] | None:
    """`line` as a row of numbers only, or None."""
    if not _ends_in_number(line):
        return None
    match = BARE_ROW.match(line.strip())
    return match if match and CJK.search(match["name"]) else None


def lines_above_table(text: str, start: int, row: str) -> list[str]:
    """For a row of numbers only (at `start` in `text`), the two lines above its table's rows,
    nearest first: its header and caption (`表1 2023年年末户籍人口及其构成`), which say what
    `#男性` counts and in what unit; else []."""
    if bare_row(row) is None:
        return []
    lines = text[:start].splitlines()[-MAX_TABLE_ROWS:]
    while lines and bare_row(lines[-1]):
        lines.pop()  # another row of the same table
    return lines[::-1][:2]


def with_header_unit(row: str, above: list[str], header: re.Pattern[str]) -> str:
    """`row` with its table header's first unit as its unit cell, when it is a row of numbers
    only and `above` (`lines_above_table`) begins with a header naming a unit; else `row`."""
    bare = bare_row(row)
    if bare is None or not above:
        return row
    named = header.search(above[0])
    if named is None or re.search(r"\d", header.sub("", above[0])):
        return row  # the line above the rows is no header naming a unit
    return f"{bare['name']} {named['unit']} {bare['numbers']}"


# A row that is a part of the one above it: `#铁路 亿吨 0.80`, `其中：铁路 …`
PART_ROW = re.compile(r"^\s*(?:#|其中[:：]?)")
# A row's name: the text before its first cell separator and number
ROW_NAME = re.compile(r"^\s*([^\d|\s]+)")


def parent_row_name(text: str, start: int, row: str) -> str:
    """For a part row (at `start` in `text`), the name of the row it is a part of, the nearest
    row above not marked as a part (`货物运输总量` for `#铁路 亿吨 0.80`); else ``."""
    if not PART_ROW.match(row) or not _ends_in_number(row):
        return ""
    for line in reversed(text[:start].splitlines()[-MAX_TABLE_ROWS:]):
        if not _ends_in_number(line):
            return ""  # the table's header: no row above is its whole
        name = ROW_NAME.match(line)
        if not PART_ROW.match(line) and name:
            return name[1]
    return ""

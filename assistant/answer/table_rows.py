"""Rows of statistical tables as the readers flatten them, read as figures.

A PDF's cells come out split by spaces (`钢材 吨 1577693 48.8`), a .docx's by ` | `
(`钢材 | 吨 | 1577693 | 48.8`). Such a row states its figure with the unit in a cell of its own,
which the figure pattern of running text (`1577693吨`) does not see: asked `钢材产量多少吨？`,
the row must count as holding an amount in 吨. The first number after the row's name is its
value; the growth and share columns after it are not read.
"""

from __future__ import annotations

import re

from assistant.schema import Figure

CELL_SEP = r"(?:\s*\|\s*|\s+)"
NUMBER = r"-?\d+(?:\.\d+)?"


def row_pattern(units: list[str]) -> re.Pattern[str]:
    """`<name> <unit> <number> [<number>...]` on one line, nothing else."""
    unit = "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True))
    return re.compile(
        rf"^(?P<name>[^\d|]*?[\u4e00-\u9fff）)][^\d|]*?){CELL_SEP}"
        rf"(?P<unit>(?:万|亿)?(?:{unit})){CELL_SEP}(?P<value>{NUMBER})(?:{CELL_SEP}{NUMBER})*\s*$"
    )


def table_row_figure(line: str, pattern: re.Pattern[str]) -> Figure | None:
    """The figure a table row states in its unit cell, or None when `line` is no such row."""
    match = pattern.match(line.strip())
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

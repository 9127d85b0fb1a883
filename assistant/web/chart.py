"""The chart under an answer across years, and its CSV: the markup `html.py` puts there.

Drawn on the server as inline SVG (no script, no network), scaled to the page's width so it
fits a 390 px phone: one point per year, each a link to that year's quote at its source with
a tooltip. Every string from a report is escaped; the CSV cells cannot run as formulas
(`facts.quotes_to_csv`).
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Callable, Sequence
from urllib.parse import quote as url_quote

from assistant.answer import quotes_to_csv
from assistant.schema import Quote

WIDTH, HEIGHT = 360, 180
# Room around the plot: value labels above the points, year labels below the axis
PAD_X, PAD_TOP, PAD_BOTTOM = 24, 28, 24
# With more points than this, every other year is labelled (ten years on a phone)
LABELLED_YEARS = 8
CSV_NAME = "历年数据.csv"


def charted(quotes: Sequence[Quote]) -> list[int]:
    """Positions in `quotes` of the points drawn, oldest first: one per year, the figures of
    the unit most of them share; [] when fewer than two would be drawn."""
    units = Counter(q.figure.unit for q in quotes if q.figure and q.figure.value is not None)
    if not units:
        return []
    unit = units.most_common(1)[0][0]
    by_year: dict[int, int] = {}
    for position, quote in enumerate(quotes):
        year = quote.year or quote.citation.year
        figure = quote.figure
        if year and figure and figure.unit == unit and figure.value is not None:
            by_year.setdefault(year, position)
    return [by_year[year] for year in sorted(by_year)] if len(by_year) >= 2 else []


def chart_html(quotes: Sequence[Quote], targets: Sequence[str]) -> str:
    """The SVG chart of `quotes` (see `charted`), point i linking to `targets[i]`; "" when
    there are not two points of one unit to draw."""
    drawn = charted(quotes)
    if not drawn:
        return ""
    points = [_point(quotes[i], targets[i]) for i in drawn]
    years = [year for year, _, _, _ in points]
    values = [value for _, value, _, _ in points]
    x_of, y_of = _scale(years, WIDTH - 2 * PAD_X, PAD_X), _value_scale(values)
    first = quotes[drawn[0]].figure
    unit = html.escape(first.unit if first else "")
    line = " ".join(f"{x_of(year):.1f},{y_of(value):.1f}" for year, value, _, _ in points)
    marks = "".join(
        _mark(x_of(year), y_of(value), year, value, tip, href, labelled=_labelled(n, len(points)))
        for n, (year, value, tip, href) in enumerate(points)
    )
    return (
        f'<figure class="ra-chart"><svg viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'role="img" aria-label="历年数值（{unit}）" xmlns="http://www.w3.org/2000/svg">'
        f'<text x="4" y="12" font-size="11" fill="currentColor">单位：{unit}</text>'
        f'<line x1="{PAD_X}" y1="{HEIGHT - PAD_BOTTOM}" x2="{WIDTH - PAD_X}" '
        f'y2="{HEIGHT - PAD_BOTTOM}" stroke="currentColor" stroke-opacity="0.3"/>'
        f'<polyline points="{line}" fill="none" stroke="#2563eb" stroke-width="2"/>'
        f"{marks}</svg></figure>"
    )


def _point(quote: Quote, href: str) -> tuple[int, float, str, str]:
    """(year, value, tooltip, link) of one quote that has a figure."""
    assert quote.figure is not None and quote.figure.value is not None  # charted() chose it
    year = quote.year or quote.citation.year or 0
    tip = f"{year}年：{quote.figure.text} · 《{quote.citation.report}》 {quote.text}"
    return year, quote.figure.value, tip, href


def _scale(years: Sequence[int], span: float, start: float) -> Callable[[int], float]:
    """Year -> x: the first year at `start`, the last `span` to its right."""
    low, high = min(years), max(years)
    return lambda year: start + (year - low) / (high - low) * span


def _value_scale(values: Sequence[float]) -> Callable[[float], float]:
    """Value -> y: the smallest value at the bottom of the plot, the largest at its top."""
    low, high = min(values), max(values)
    if high == low:
        low, high = low - 1, high + 1
    span = HEIGHT - PAD_TOP - PAD_BOTTOM - 8
    return lambda value: PAD_TOP + (high - value) / (high - low) * span


def _labelled(n: int, count: int) -> bool:
    """Whether point `n` of `count` gets its year and value written (the last one always)."""
    return count <= LABELLED_YEARS or n % 2 == (count - 1) % 2


def _mark(
    x: float, y: float, year: int, value: float, tip: str, href: str, *, labelled: bool
) -> str:
    """One point: a link to its quote with a tooltip, its value above and its year below."""
    labels = (
        f'<text x="{x:.1f}" y="{y - 9:.1f}" font-size="10" text-anchor="middle" '
        f'fill="currentColor">{value:g}</text>'
        f'<text x="{x:.1f}" y="{HEIGHT - 8}" font-size="10" text-anchor="middle" '
        f'fill="currentColor">{year}</text>'
        if labelled
        else ""
    )
    return (
        f'<a href="{html.escape(href)}" class="ra-point"><title>{html.escape(tip)}</title>'
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="#2563eb"/></a>{labels}'
    )


def csv_link_html(quotes: Sequence[Quote]) -> str:
    """A link that downloads the quotes as CSV (UTF-8 with BOM, so a spreadsheet reads the
    Chinese), built into the page: nothing is stored on the server."""
    data = "data:text/csv;charset=utf-8," + url_quote("\ufeff" + quotes_to_csv(quotes), safe="")
    return f'<a class="ra-csv" download="{CSV_NAME}" href="{html.escape(data)}">下载 CSV</a>'

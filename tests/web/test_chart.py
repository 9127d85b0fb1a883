"""The chart and CSV under an answer across years: points, links, escaping, formulas."""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import unquote

from assistant.answer import quotes_to_csv
from assistant.schema import Answer, Citation, Figure, Quote
from assistant.web.chart import chart_html, charted, csv_link_html
from assistant.web.html import render_answer_html


def quote(year: int, value: float | None, unit: str = "亿元", text: str = "") -> Quote:
    figure = None if value is None else Figure(f"{value:g}{unit}", value, unit, "", 0, 3)
    citation = Citation(
        f"示例市{year + 1}年政府工作报告",
        f"docs/{year + 1}.txt",
        ("一、回顾",),
        2,
        None,
        10,
        30,
        year + 1,
    )
    return Quote(text or f"地区生产总值{value}{unit}。", citation, figure, year)


YEARS = [quote(2020, 915), quote(2021, 1003), quote(2022, 1061)]


def test_one_point_per_year_each_a_link_with_a_tooltip() -> None:
    svg = chart_html(YEARS, ["#a", "#b", "#c"])
    assert svg.count("<circle") == 3 and svg.count("<a href=") == 3
    assert re.findall(r'<a href="([^"]+)"', svg) == ["#a", "#b", "#c"]
    assert svg.count("<title>") == 3 and "2021年：1003亿元" in svg
    assert "单位：亿元" in svg and 'viewBox="0 0 360 180"' in svg and 'width="100%"' in svg
    assert "<script" not in svg and "http://" not in svg.replace("http://www.w3.org/2000/svg", "")


def test_the_larger_value_is_drawn_higher() -> None:
    svg = chart_html(YEARS, ["#a", "#b", "#c"])
    ys = [float(y) for y in re.findall(r'<circle cx="[\d.]+" cy="([\d.]+)"', svg)]
    xs = [float(x) for x in re.findall(r'<circle cx="([\d.]+)"', svg)]
    assert ys[0] > ys[1] > ys[2] and xs == sorted(xs)


def test_only_figures_of_one_unit_are_drawn() -> None:
    mixed = [quote(2020, 915), quote(2021, 8.5, "%"), quote(2022, 1061), quote(2023, None)]
    assert charted(mixed) == [0, 2]
    assert chart_html([quote(2020, 915), quote(2021, 8.5, "%")], ["#a", "#b"]) == ""
    assert chart_html([quote(2020, 915)], ["#a"]) == ""


def test_markup_from_a_report_is_escaped() -> None:
    evil = quote(2021, 1003, text='<script>alert(1)</script>"><b>')
    svg = chart_html([quote(2020, 915), evil], ["#a", '#b"><script>'])
    assert "<script>" not in svg and "&lt;script&gt;alert(1)" in svg
    assert 'href="#b&quot;&gt;&lt;script&gt;"' in svg


def test_csv_rows_oldest_first_and_no_formula_runs() -> None:
    rows = [quote(2022, 1061), quote(2021, 1003, text="=HYPERLINK(1)")]
    table = list(csv.reader(io.StringIO(quotes_to_csv(rows))))
    assert table[0] == ["year", "value", "unit", "quote", "report", "section", "paragraph"]
    assert [row[:3] for row in table[1:]] == [["2021", "1003", "亿元"], ["2022", "1061", "亿元"]]
    assert table[1][3] == "'=HYPERLINK(1)" and table[1][4] == "示例市2022年政府工作报告"
    assert table[1][5:] == ["一、回顾", "2"]


def test_the_csv_link_downloads_the_table_from_the_page() -> None:
    link = csv_link_html(YEARS)
    href = re.search(r'href="data:text/csv;charset=utf-8,([^"]+)"', link)
    assert href and 'download="历年数据.csv"' in link
    assert unquote(href[1]) == "\ufeff" + quotes_to_csv(YEARS)


def test_the_answer_page_shows_chart_and_csv_under_the_quotes() -> None:
    answer = Answer("近几年GDP变化", True, YEARS[-1], (), (), tuple(YEARS), across_years=True)
    page = render_answer_html(answer, uid="u")
    assert page.index("ra-years") < page.index("<svg") < page.index("下载 CSV")
    assert "历年的回答（按年份，旧在前）" in page and "2021年（2022年报告）" in page
    # no source view: each point links to its line in the list, which exists
    for target in re.findall(r'<a href="#(ra-y-[^"]+)" class="ra-point"', page):
        assert f'id="{target}"' in page
    assert len(re.findall(r'class="ra-point"', page)) == 3


def test_no_chart_without_two_figures() -> None:
    words = (quote(2020, None, text="建设公园。"), quote(2021, None, text="改造小区。"))
    answer = Answer("近几年做了什么", True, words[-1], (), (), words, across_years=True)
    page = render_answer_html(answer, uid="u")
    assert "<svg" not in page and "下载 CSV" not in page and "改造小区" in page


def test_a_point_opens_its_quote_where_the_page_shows_its_source() -> None:
    from assistant.schema import SourceParagraph, SourceView
    from assistant.web.html import span_key

    answer = Answer("近几年GDP变化", True, YEARS[-1], (), (), tuple(YEARS), across_years=True)
    view = SourceView(YEARS[1].citation, (SourceParagraph("原文。", 0, ("一、回顾",), 2, None),))
    page = render_answer_html(answer, {span_key(YEARS[1].citation): view}, uid="u")
    links = re.findall(r'<a href="#([^"]+)" class="ra-point"', page)
    assert links == ["ra-y-u-0", "ra-src-u-101", "ra-y-u-2"]
    assert 'id="ra-src-u-101"' in page  # the 查看原文 view of the 2021 quote

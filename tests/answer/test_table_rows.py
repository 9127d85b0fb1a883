"""Table rows as the readers flatten them count as figures in their unit cell."""

from __future__ import annotations

import pytest

from assistant.answer.figures import TABLE_HEADER, answering_figure, find_figures
from assistant.answer.table_rows import lines_above_table, parent_row_name, with_header_unit
from assistant.answer.units import holds_unit


@pytest.mark.parametrize(
    ("row", "indicator", "value", "unit"),
    [
        ("钢材 吨 1577693 48.8", "钢材", 1577693.0, "吨"),  # a PDF row: cells split by spaces
        ("铁路 万人 148.62 -5.1", "铁路", 148.62, "万人"),
        ("其中：辣椒制品 万吨 1.11 12.0", "辣椒制品", 1.11, "万吨"),
        ("钢材 | 吨 | 1577693 | 48.8", "钢材", 1577693.0, "吨"),  # a .docx row
    ],
)
def test_a_row_states_its_figure_in_its_unit_cell(
    row: str, indicator: str, value: float, unit: str
) -> None:
    [figure] = find_figures(row)
    assert (figure.indicator, figure.value, figure.unit) == (indicator, value, unit)
    assert holds_unit(row, unit.lstrip("万亿"))


@pytest.mark.parametrize(
    "line",
    [
        "男性 2617299 53.4",  # no unit cell: the unit is in the table's header
        "全年地区生产总值939.05亿元，比上年增长13.3%",  # running text keeps its own figures
        "2023年 吨 5",  # no name
    ],
)
def test_other_lines_are_not_rows(line: str) -> None:
    assert all(figure.text != line for figure in find_figures(line))
    assert not any(figure.indicator == "" and figure.unit == "吨" for figure in find_figures(line))


def test_an_amount_question_is_answered_by_the_row() -> None:
    figure = answering_figure("周口2023年钢材产量多少吨？", "钢材 吨 1577693 48.8")
    assert figure is not None and figure.value == 1577693.0


TABLE = (
    "表1 2023年年末户籍人口及其构成\n"
    "指标名称 年末数（人） 比重（%）\n"
    "全州总户籍人口 4899310 100.0\n"
    "#男性 2617299 53.4\n"
)


@pytest.mark.parametrize(
    ("text", "row", "read"),
    [
        (TABLE, "#男性 2617299 53.4", "#男性 人 2617299 53.4"),  # the header's first unit
        ("全年粮食产量稳定。\n男性 2617299 53.4\n", "男性 2617299 53.4", "男性 2617299 53.4"),
        (TABLE, "钢材 吨 1577693 48.8", "钢材 吨 1577693 48.8"),  # a unit cell of its own
    ],
)
def test_a_row_of_numbers_takes_its_headers_unit(text: str, row: str, read: str) -> None:
    above = lines_above_table(text + row, len(text), row)
    assert with_header_unit(row, above, TABLE_HEADER) == read


def test_the_row_then_answers_in_that_unit() -> None:
    row = "#男性 2617299 53.4"
    read = with_header_unit(row, lines_above_table(TABLE + row, len(TABLE), row), TABLE_HEADER)
    figure = answering_figure("户籍人口里男性有多少人？", read)
    assert figure is not None and figure.value == 2617299 and figure.unit == "人"


def test_a_row_of_numbers_is_read_with_its_tables_header_and_caption() -> None:
    row = "#男性 2617299 53.4"
    heading = " ".join(lines_above_table(TABLE + row, len(TABLE), row))
    assert "户籍人口" in heading and "年末数" in heading
    assert lines_above_table("全年粮食产量稳定。\n", 9, "粮食产量稳定。") == []


# 周口's 2023 bulletin, table 6 as the PDF reader gives it
TRANSPORT = (
    "表6 2023年周口市交通运输主要指标及增速\n指标 单位 绝对数 增长%\n"
    "旅客运输总量 万人 4448.38 110.6\n#铁路 万人 148.62 132.9\n#公路 万人 4299.76 109.9\n"
    "货物运输总量 亿吨 2.92 6.6\n"
)


@pytest.mark.parametrize(
    ("row", "parent"),
    [
        ("#铁路 万人 148.62 132.9", "旅客运输总量"),  # what 铁路 counts
        ("#公路 万人 4299.76 109.9", "旅客运输总量"),  # past another part
        ("货物运输总量 亿吨 2.92 6.6", ""),  # a whole, no part
        ("指标 单位 绝对数 增长%", ""),
    ],
)
def test_a_part_row_is_read_with_the_row_it_is_a_part_of(row: str, parent: str) -> None:
    assert parent_row_name(TRANSPORT, TRANSPORT.index(row), row) == parent

"""Table rows as the readers flatten them count as figures in their unit cell."""

from __future__ import annotations

import pytest

from assistant.answer.figures import answering_figure, find_figures
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

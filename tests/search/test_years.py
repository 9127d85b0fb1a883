"""Years asked and years spoken of; review vs plan parts."""

from __future__ import annotations

import pytest

from assistant.schema import Chunk
from assistant.search.query import understand
from assistant.search.years import chunk_part, chunk_years, part_factor, question_years, year_factor


def chunk(*path: str, text: str = "正文。") -> Chunk:
    return Chunk("c", "d", tuple(path), 1, text, 0, len(text))


@pytest.mark.parametrize(
    ("question", "newest", "years"),
    [
        ("2022年新增几家企业？", 2023, {2022}),
        ("去年工业投资增长多少？", 2023, {2022}),
        ("今年要建什么？", 2023, {2023}),
        ("前年和明年", 2023, {2021, 2024}),
        ("去年怎样", None, set()),
        ("工业投资增长多少？", 2023, set()),
    ],
)
def test_question_years(question: str, newest: int | None, years: set[int]) -> None:
    assert question_years(question, newest=newest) == years


@pytest.mark.parametrize(
    ("path", "report_year", "years"),
    [
        (("一、2022年工作情况", "（一）稳经济"), 2023, {2022}),
        (("三、加强政府自身建设",), 2023, {2022, 2023}),
        ((), None, set()),
    ],
)
def test_chunk_years(path: tuple[str, ...], report_year: int | None, years: set[int]) -> None:
    assert chunk_years(chunk(*path), report_year) == years


@pytest.mark.parametrize(
    ("asked", "spoken", "factor"),
    [
        ({2022}, {2022}, 1.25),
        ({2021}, {2022, 2023}, 0.8),
        (set(), {2022}, 1.0),
        ({2022}, set(), 1.0),
    ],
)
def test_year_factor(asked: set[int], spoken: set[int], factor: float) -> None:
    assert year_factor(asked, spoken) == factor


@pytest.mark.parametrize(
    ("heading", "part"),
    [
        ("一、2021年工作回顾", "review"),
        ("二、2022年主要任务", "plan"),
        ("三、2021年工作安排", "plan"),
        ("一、2022年工作情况", "review"),
        ("三、加强政府自身建设", None),
    ],
)
def test_chunk_part(heading: str, part: str | None) -> None:
    assert chunk_part(chunk(heading)) == part


@pytest.mark.parametrize(
    ("question", "part", "factor"),
    [
        ("深圳市2023年地区生产总值是多少？", "review", 1.15),
        ("深圳市2023年地区生产总值是多少？", "plan", 0.85),
        ("2023年地区生产总值预期增长目标是多少？", "plan", 1.15),
        ("2023年坚持什么产业当家？", "review", 1.0),
        ("2023年GDP是多少？", None, 1.0),
        ("地区生产总值是多少？", "plan", 1.0),  # no year: no preference
    ],
)
def test_part_factor(question: str, part: str | None, factor: float) -> None:
    assert part_factor(understand(question).part_wanted, part) == factor

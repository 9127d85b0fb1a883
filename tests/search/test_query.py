"""A question understood: places named, and relative years counted from that place's reports."""

from __future__ import annotations

import pytest

from assistant.search.query import understand

ISSUERS = {"北京市": 2026, "永州市": 2025, "外海街道": 2023}


@pytest.mark.parametrize(
    ("question", "places", "years"),
    [
        ("北京去年地区生产总值是多少？", {"北京市"}, {2025}),
        ("永州去年规模工业增加值增长多少？", {"永州市"}, {2024}),
        ("外海今年要建什么？", {"外海街道"}, {2023}),
        ("去年地区生产总值是多少？", set(), {2025}),  # no place: the newest report of all
        ("永州过去五年城镇新增就业", {"永州市"}, {2020, 2021, 2022, 2023, 2024}),
        ("永州2019年财政收入", {"永州市"}, {2019}),
    ],
)
def test_places_and_their_years(question: str, places: set[str], years: set[int]) -> None:
    query = understand(question, newest_year=2026, issuers=ISSUERS)
    assert (set(query.places), set(query.years)) == (places, years)

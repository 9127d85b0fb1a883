"""The places a question names, among the indexed reports' issuers."""

from __future__ import annotations

import pytest

from assistant.search.places import named_places, short_name

ISSUERS = (
    "北京市",
    "上海市",
    "广西",
    "广西壮族自治区",
    "外海街道",
    "国务院",
    "黔东南苗族侗族自治州",
)


@pytest.mark.parametrize(
    ("issuer", "short"),
    [
        ("北京市", "北京"),
        ("广西壮族自治区", "广西"),
        ("新疆维吾尔自治区", "新疆"),
        ("宁夏回族自治区", "宁夏"),
        ("内蒙古自治区", "内蒙古"),
        ("黔东南苗族侗族自治州", "黔东南"),
        ("外海街道", "外海"),
        ("香港特别行政区", "香港"),
        ("沙县", "沙县"),  # one character left: keep the name
        ("国务院", "国务院"),
        ("广西", "广西"),
    ],
)
def test_short_name(issuer: str, short: str) -> None:
    assert short_name(issuer) == short


@pytest.mark.parametrize(
    ("question", "places"),
    [
        ("2021年北京市地区生产总值是多少？", {"北京市"}),
        ("北京去年GDP多少", {"北京市"}),
        ("上海和北京的目标", {"上海市", "北京市"}),
        ("广西2024年粮食产量", {"广西", "广西壮族自治区"}),
        ("广西壮族自治区城镇新增就业", {"广西", "广西壮族自治区"}),
        ("外海有几家小巨人企业？", {"外海街道"}),
        ("外海街道新增几家企业", {"外海街道"}),
        ("黔东南去年生产总值", {"黔东南苗族侗族自治州"}),
        ("全国GDP增长目标是多少？", {"国务院"}),
        ("我国去年粮食产量", {"国务院"}),
        ("国家的财政赤字率", {"国务院"}),
        ("北京在全国排第几", {"北京市"}),  # a place named: 全国 is a comparison
        ("新增几家国家级专精特新企业？", set()),  # a title, not the country
        ("深圳去年GDP", set()),  # no report of 深圳 indexed: no filter
        ("工业投资增长多少？", set()),
    ],
)
def test_named_places(question: str, places: set[str]) -> None:
    assert named_places(question, ISSUERS) == places


def test_national_words_need_a_national_report() -> None:
    assert named_places("全国GDP", ("北京市",)) == frozenset()

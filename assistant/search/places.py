"""The places a question names, matched against the issuing bodies of the indexed reports.

A report's issuer comes from its file name or title (`reading/documents.py`: `北京市`, `广西`,
`广西壮族自治区`, `外海街道`, `国务院`). People name a place without its suffix (北京, 外海) or
with it, and the corpus names the same province both ways (`2025_广西_…`, `2026_广西壮族自治区_…`),
so each issuer is known by its full name and its short form. 全国/我国/国家 name the State
Council's reports (issuer `国务院`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# A body's kind, which people leave out: 北京市 -> 北京, 外海街道 -> 外海, 广西壮族自治区 -> 广西
BODY_SUFFIX = re.compile(
    r"(?:特别行政区|自治区|自治州|自治县|自治旗|街道|新区|地区|省|市|县|区|州|盟|旗|镇|乡)$"
)
# Peoples named in autonomous bodies: 广西壮族 -> 广西, 黔东南苗族侗族 -> 黔东南, 新疆维吾尔 -> 新疆
PEOPLES = re.compile(
    r"(?:(?:壮|回|苗|侗|土家|藏|彝|布依|哈尼|傣|蒙古|朝鲜|瑶|白|羌|黎|畲|满|仡佬|哈萨克)族|维吾尔)+$"
)
# A short form must keep two characters: 沙县 stays 沙县
MIN_SHORT_CHARS = 2
NATIONAL_ISSUER = "国务院"
# The whole country; not `国家级`, `国家高新区`, `国家中心城市` (titles a city holds)
NATIONAL_WORDS = re.compile(
    r"全国|我国|国家(?!级|高新|重点|中心|实验|战略|自主|标准|森林|园林|卫生|文明|历史|综合|新区)"
)


def short_name(issuer: str) -> str:
    """`北京市` -> `北京`, `广西壮族自治区` -> `广西`, `外海街道` -> `外海`; else the name."""
    short = PEOPLES.sub("", BODY_SUFFIX.sub("", issuer))
    return short if len(short) >= MIN_SHORT_CHARS else issuer


def named_places(question: str, issuers: Iterable[str]) -> frozenset[str]:
    """The issuers `question` names, in full or short (`北京` names `北京市`; `广西` names both
    `广西` and `广西壮族自治区`); with none, the State Council's reports when it says
    全国/我国/国家."""
    known = set(issuers)
    named = {issuer for issuer in known if short_name(issuer) in question}
    if not named and NATIONAL_ISSUER in known and NATIONAL_WORDS.search(question):
        named = {NATIONAL_ISSUER}
    return frozenset(named)

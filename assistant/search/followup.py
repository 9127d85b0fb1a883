"""Follow-up questions completed from the conversation, by rules (no language model).

    complete("河南呢？", ["2024年四川粮食产量是多少？"]) -> ("2024年河南粮食产量是多少？", True)

A question that leaves something out (`X呢？`, `那去年呢？`, `配套什么？`, `具体包括哪些人？`) takes
the year, the place, the indicator and what was asked from the earlier question; what the new
question names replaces its counterpart (a year the year, a place the place, an indicator the
indicator). A question that stands on its own is returned as asked. Relative years (去年) stay
words: the year logic of `search/years.py` resolves them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.index.tokenizer import to_simplified

# Provinces and major cities by their short names (space-separated, to read and edit easily)
PROVINCE_NAMES = (
    "北京 天津 河北 山西 内蒙古 辽宁 吉林 黑龙江 上海 江苏 浙江 安徽 福建 "
    "江西 山东 河南 湖北 湖南 广东 广西 海南 重庆 四川 贵州 云南 西藏 "
    "陕西 甘肃 青海 宁夏 新疆 台湾 香港 澳门"
)
CITY_NAMES = (
    "深圳 广州 杭州 成都 武汉 南京 苏州 西安 郑州 长沙 合肥 福州 厦门 "
    "济南 青岛 沈阳 大连 长春 哈尔滨 石家庄 太原 呼和浩特 南昌 南宁 海口 "
    "贵阳 昆明 拉萨 兰州 西宁 银川 乌鲁木齐 宁波 无锡 佛山 东莞 珠海 江门 "
    "永州 邢台 鄂州 洛阳 周口 黔东南"
)
PROVINCES = tuple(PROVINCE_NAMES.split())
CITIES = tuple(CITY_NAMES.split())
NATIONAL = ("全国", "我国", "国家", "中国")
# `广西壮族自治区`, `四川省`, `深圳市`: a known name with its optional suffix
KNOWN_PLACE = re.compile(
    "(?:" + "|".join(sorted(PROVINCES + CITIES, key=len, reverse=True)) + ")"
    r"(?:壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市)?"
)
# `中东村`, `外海街道`, `蓬江区`: a name ending in a place word (2+ characters before it)
SUFFIX_PLACE = re.compile(r"[\u4e00-\u9fff]{2,6}?(?:街道|社区|村|镇|乡|区|县|市|州|盟)")
NATIONAL_PLACE = re.compile("|".join(NATIONAL))
# Words that name the whole country (not `国家`: `国家5A级旅游景区` is about a province too)
# `2024年`, `2024`, `去年` (not `比上年`: a comparison); `那一年` points back at the earlier year
YEAR_WORD = re.compile(
    r"(?<!\d)(?:19|20)\d\d(?:年度|年)?(?!\d)|前年|去年|(?<!比)上一?年|今年|本年|明年"
)
SAME_YEAR = re.compile(r"那一年|那年|这一年|当年|同年|同期")
# What a question asks: `是多少`, `多少`, `几`, `什么`, `哪些` … (longest first)
ASK = re.compile(
    r"是多少|有多少|为多少|达到多少|达多少|多少|[几幾](?!乎)|是什么|有什么|什么|哪些|哪个|哪一|哪"
    r"|如何|怎么样|怎么|怎样|是否|有没有|多大|多高|多长|吗"
)
# Words that lean on an earlier question: `其中…`, `具体包括哪些人？`, `一共拉动了多少消费？`
LEANING_START = re.compile(
    r"^(?:其中|具体|一共|总共|合计|分别|另外|此外|还有|这些|这个|它们|它|该|此)"
)
LEAD = re.compile(r"^(?:那么|那|还有|又|而|换成|换作|如果是|要是)+")
# ... or anywhere: `有什么具体措施？`
LEANING_WORD = re.compile(r"具体|其中|分别|这些|这项|该项|此项")
TRAILING = re.compile(r"[\s?？。！!，,、]+$")
# Words that say nothing of a topic on their own: `2025年的目标是多少？`, `定的目标呢？`
FILLER = re.compile(
    r"[的是有了定又还都呢吗要将啊呀做干]|那么|那|分别|目标|预期|计划|任务|情况|打算|准备"
)
GENERIC = re.compile(r"目标|预期目标|计划|任务")
# A unit or classifier right after 多少 is part of the question, not the indicator: `多少人`
UNIT_TAIL = re.compile(r"^[个家项名所座人元亿万千百斤吨辆台条次件户亩套只位倍]*$")
CLASSIFIER_LEAD = re.compile(r"^[个家项名所座条次件户套只位]")
# What follows the question word but is not an indicator: `按多少安排`
NOT_INDICATOR = re.compile(r"^(?:安排|左右|以上|以内|目标|计划|呢)")
HEAD_TRAILING = re.compile(r"(?:达到|达|是|有|为|按|约|大约|了|共|一共)+$")
THIN_CHARS = 2


@dataclass(frozen=True)
class Parts:
    """A question cut at its year, its place and its question word."""

    text: str
    year: tuple[int, int] | None  # (start, end) spans into text
    place: tuple[int, int] | None

    def span_text(self, span: tuple[int, int] | None) -> str:
        return self.text[span[0] : span[1]] if span else ""


def complete(question: str, context: Sequence[str]) -> tuple[str, bool]:
    """`question` completed from the earlier questions `context` (oldest first), and whether
    it was rewritten. Each earlier question is itself completed from the ones before it."""
    base = ""
    for earlier in context:
        earlier = (earlier or "").strip()
        if earlier:
            base = complete_one(earlier, base) if base else standing(earlier)
    question = (question or "").strip()
    if not base or not question:
        return question, False
    simplified = to_simplified(question)  # 那廣東呢？ reads as 那广东呢？
    completed = complete_one(simplified, to_simplified(base))
    return (completed, True) if completed != simplified else (question, False)


def complete_one(question: str, base: str) -> str:
    """`question` completed from one earlier (already complete) question `base`."""
    if not leans_on_earlier(question):
        return question
    new, old = parse(question), parse(base)
    result = old
    if new.year:
        result = substitute(result, "year", new.span_text(new.year))
    if new.place:
        result = substitute(result, "place", new.span_text(new.place))
    rest = remainder(new)
    return with_rest(result, rest) if rest else ask_mark(result.text)


def standing(question: str) -> str:
    """A first question as it can stand: `那粮食产量呢？` -> `粮食产量？`."""
    bare = re.sub(r"呢$", "", TRAILING.sub("", LEAD.sub("", question)))
    return ask_mark(bare) if bare != TRAILING.sub("", question) else question


def leans_on_earlier(question: str) -> bool:
    """Whether `question` leaves out what an earlier question said (`X呢？`, `那…`, `其中…`)."""
    bare = TRAILING.sub("", question)
    if bare.endswith("呢") or bare.startswith("那") or "又" in bare:
        return True
    rest = remainder(parse(question))
    return bool(LEANING_START.match(rest) or LEANING_WORD.search(rest)) or is_thin(rest)


def is_thin(rest: str) -> bool:
    """Too little of a topic to stand alone: `配套什么`, `的目标是多少`, `` (only a year)."""
    content = FILLER.sub("", ASK.sub("", rest))
    return len(content) <= THIN_CHARS


def parse(question: str) -> Parts:
    text = TRAILING.sub("", question.strip())
    year = YEAR_WORD.search(text)
    return Parts(
        text, year.span() if year else None, find_place(text, year.span() if year else None)
    )


def find_place(text: str, year: tuple[int, int] | None) -> tuple[int, int] | None:
    """A province or city by name, else a `…村/街道/区` name at the start, else 全国/国家."""
    known = KNOWN_PLACE.search(text)
    if known:
        return known.span()
    start = year[1] if year and year[0] == 0 else 0
    lead = LEAD.match(text, start)
    start = lead.end() if lead else start
    suffixed = SUFFIX_PLACE.match(text, start)
    if suffixed and not ASK.search(suffixed.group(0)):
        return suffixed.span()
    national = NATIONAL_PLACE.search(text)
    return national.span() if national else None


def remainder(parts: Parts) -> str:
    """What the question says besides its year and place, lead words (那, 又) removed."""
    text = parts.text
    for span in sorted(filter(None, (parts.year, parts.place)), reverse=True):
        text = text[: span[0]] + text[span[1] :]
    text = SAME_YEAR.sub("", text)
    text = LEAD.sub("", text.strip())
    text = re.sub(r"呢$", "", text)
    return re.sub(r"^[的是]+", "", text)


def substitute(parts: Parts, slot: str, value: str) -> Parts:
    """`parts` with its year (or place) replaced by `value`, or `value` put in front."""
    span = parts.year if slot == "year" else parts.place
    if span is None:  # a place goes after a leading year; a year goes first
        at = parts.year[1] if slot == "place" and parts.year and parts.year[0] == 0 else 0
        span = (at, at)
    text = parts.text[: span[0]] + value + parts.text[span[1] :]
    return parse(text)


def split_ask(parts: Parts) -> tuple[str, str, str, str]:
    """(prefix with year and place, head, question word, tail) of a parsed question."""
    spans = [s for s in (parts.year, parts.place) if s]
    cut = max((end for _, end in spans), default=0)
    ask = ASK.search(parts.text, cut)
    if ask is None:
        return parts.text[:cut], parts.text[cut:], "", ""
    return parts.text[:cut], parts.text[cut : ask.start()], ask.group(0), parts.text[ask.end() :]


def indicator_in_tail(tail: str) -> bool:
    """`引进了多少博士`: the indicator follows the question word; `多少人`, `按多少安排`: not."""
    noun = CLASSIFIER_LEAD.sub("", tail)
    return bool(noun) and not UNIT_TAIL.match(tail) and not NOT_INDICATOR.match(noun)


def with_rest(parts: Parts, rest: str) -> str:
    """The earlier question (year and place already changed) completed with what is new."""
    prefix, head, ask, tail = split_ask(parts)
    noun = CLASSIFIER_LEAD.sub("", tail)  # `件民生实事` -> `民生实事`
    indicator = noun if indicator_in_tail(tail) else HEAD_TRAILING.sub("", head)
    content = FILLER.sub("", ASK.sub("", rest))
    if LEANING_START.match(rest) or LEANING_WORD.search(rest):  # more on the same thing
        return f"{parts.text}，{rest}？"
    if not ASK.search(rest):
        if not content:  # `定的目标呢？`: the same indicator's target
            word = GENERIC.search(rest)
            indicator += word.group(0) if word else ""
            return ask_mark(replace_indicator(prefix, head, ask, tail, indicator))
        return ask_mark(replace_indicator(prefix, head, ask, tail, rest))
    if not content or (len(content) <= THIN_CHARS and GENERIC.search(rest)):  # `的目标是多少`
        return ask_mark(prefix + indicator + rest)
    if len(content) <= THIN_CHARS:  # `配套什么？`: more about the same thing
        return f"{parts.text}，{rest}？"
    return ask_mark(prefix + rest)  # `那一年减税降费有多少？`: a new topic, same year and place


def replace_indicator(prefix: str, head: str, ask: str, tail: str, new: str) -> str:
    """The question with its indicator replaced by `new` (a unit after 多少 goes with it)."""
    if indicator_in_tail(tail):
        classifier = CLASSIFIER_LEAD.match(tail)
        return prefix + head + ask + (classifier.group(0) if classifier else "") + new
    kept = HEAD_TRAILING.search(head)
    tail = "" if UNIT_TAIL.match(tail) else tail
    return prefix + new + (kept.group(0) if kept else "") + (ask or "是多少") + tail


def ask_mark(text: str) -> str:
    return TRAILING.sub("", text) + "？"


__all__ = ["complete"]

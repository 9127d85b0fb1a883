"""What a question asks for beyond its topic, and whether a sentence holds it: a kind of thing
(`哪个村` -> a 村), a person (`谁`), a time (`什么时候`), a name (`叫什么`) the report may mask."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.search import Query

# `哪个村`, `哪些企业`, `什么公园`: the word after the question word names the kind of answer.
ASKED_KIND = re.compile(
    r"(?:哪个|哪些|哪家|哪几个|哪几家|哪几项|哪一|哪|什么样的|什么)([\u4e00-\u9fff]{1,2})"
)
# Words that follow a question word without naming a kind: `什么时候` is a time, `哪些方面`.
NOT_A_KIND = re.compile(r"^(?:时|方|样|么|是|要|会|能|在|有|的|地|人|都|也|让|叫|做|办|用)")
ASKS_WHO = re.compile(r"谁|哪位|什么人")
PERSON_WORDS = re.compile(r"同志|书记|主任|市长|省长|区长|镇长|县长|主席|总理")
# A question asking when: `什么时候建成`, `哪天举行`, `幾時通車` (traditional is simplified first)
ASKS_WHEN = re.compile(r"什么时候|什么时间|何时|哪天|哪一天|几时|哪年|哪一年|几月|哪个月|几号")
# A question asking what something is called: `花园项目叫什么名字`, `建在哪家医院`
ASKS_NAME = re.compile(r"叫什么|什么名字|名称|哪家|哪所|哪座|哪个|哪条|哪间")
# The thing whose name `叫什么` asks: the words before it, after any `的`
# (`占地39亩的花园项目叫什么` -> 花园项目)
NAMED_BEFORE = re.compile(r"([\u4e00-\u9fff]{2,}?)(?:叫什么|的名字|的名称|名称)")
# A name the report masks with `**`: the mask stands where the name's own characters would,
# after a digit, punctuation or 的, at most four characters before the named kind
# (`占地39亩的****花园项目`, `、****人民医院`; not `龙**公园`, whose name is only half masked).
MASKED_BEFORE = r"(?:^|(?<=[^\u4e00-\u9fff*])|(?<=的))\*{2,}[\u4e00-\u9fff]{0,4}"
# A time a sentence gives: a year, month or day, or a span (`年底前`, `上半年`, `三季度`); in
# open text also a time of day or year, an age, or a clause of what came before (`九岁的一天`,
# `春季化雪的时候`, `平日早上`, `夜间`, `5时30分`, `四国征伐后，`, an era `唐末`: CMRC answers a
# `何时` with these). Extracted text often spaces a number from its unit (`1985 年`).
TIME_WORDS = re.compile(
    r"[\d一二三四五六七八九十〇零]+\s?(?:年|月|日|号|岁)|\d+\s?[时点]|年底|年内|年末|年初|年前"
    r"|上半年|下半年|季度|今年|明年|去年|底前|期间|届时|世纪|时期"
    r"|时候|当日|当天|之后|以后|之前|以前|早上|早晨|晚上|上午|下午|中午|正午|凌晨"
    r"|夜间|夜晚|夜里|深夜|半夜|午夜|白天|日间|清晨|傍晚|黄昏"
    r"|[春夏秋冬](?:季|天)|夏至|冬至|后[，,]"
    r"|[秦汉晋隋唐宋元明清][初末朝代]|末年|初年|年间"
)


@dataclass(frozen=True)
class Asked:
    """What one question asks for, read once for all its candidate sentences."""

    kind: str | None  # `村` of `哪个村`
    who: bool  # `谁`, `哪位`
    when: bool  # `什么时候`, `哪天`


def asked_of(question: str) -> Asked:
    """What `question` (simplified) asks for."""
    return Asked(
        asked_kind(question),
        ASKS_WHO.search(question) is not None,
        ASKS_WHEN.search(question) is not None,
    )


def asked_kind(question: str) -> str | None:
    """The kind of thing asked for: `村` in `哪个村要进行三旧改造？`, `经济` in `什么经济带`."""
    for match in ASKED_KIND.finditer(question):
        word = match[1]
        if not NOT_A_KIND.match(word):
            return word
    return None


def masked_name(query: Query, text: str) -> bool:
    """Whether `query` asks a name and `text` holds that kind of thing only with its name
    masked: the report does not say it, so quoting the sentence answers nothing."""
    asked = query.simplified
    if not ASKS_NAME.search(asked):
        return False
    word = _named_thing(asked, text)
    if not word:
        return False
    masked = len(re.findall(MASKED_BEFORE + re.escape(word), text))
    return masked > 0 and masked == text.count(word)


def _named_thing(asked: str, text: str) -> str | None:
    """The words of `asked` naming the thing whose name it asks, as `text` holds them: the
    longest tail (two characters at least) of the words before `叫什么`, else the asked kind."""
    before = NAMED_BEFORE.search(asked)
    if not before:
        kind = asked_kind(asked)
        return kind if kind and kind in text else None
    words = before[1].rsplit("的", 1)[-1]
    tails = (words[i:] for i in range(len(words) - 1))
    return next((tail for tail in tails if tail in text), None)


def kind_features(asked: Asked, text: str) -> tuple[float, float, float, float]:
    """(kind_match, kind_miss, who_miss, when_miss) of sentence `text`: does it hold the kind
    of thing, the person or the time asked?"""
    kind = asked.kind
    if kind is None:
        match = miss = 0.0
    else:
        match = 1.0 if kind in text else 0.5 if kind[0] in text else 0.0
        miss = float(match == 0.0)
    who_miss = float(asked.who and not PERSON_WORDS.search(text))
    when_miss = float(asked.when and not TIME_WORDS.search(text))
    return match, miss, who_miss, when_miss

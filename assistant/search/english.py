"""An English question read in the reports' own words, for BM25 and the answer's evidence.

The multilingual model links an English question to a Chinese passage by meaning, but BM25, the
place filter and the answer's coverage features need the reports' words: `Sichuan` is 四川,
`GDP` is 地区生产总值, `how many` asks an amount. Two plain files beside this module hold them:
`english_places.tsv` (provinces, the reports' cities, Jiangmen's districts, the Greater Bay Area)
and `english_glossary.tsv` (the vocabulary of government work reports, grouped by topic). The
dense search still embeds the question as asked.

A question is read word by word before its phrases are matched: hyphens are spaces, a British
spelling is read the American way, and a word the glossary does not list is read as its base
form when that is listed (`parks` -> `park`, `completed` -> `complete`), so the files list each
phrase once. Longer phrases win over their words (`industrial park` before `park`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import MappingProxyType

GLOSSARY_FILE = Path(__file__).with_name("english_glossary.tsv")
PLACES_FILE = Path(__file__).with_name("english_places.tsv")
# One of the reports' words: CJK characters, letters and digits (`产业园`, `5g基站`, `pm2.5`)
REPORT_WORD = re.compile(r"[\u3400-\u9fff0-9a-z.]+")
# An English word, as phrases and questions are split into words: `pm2.5` -> `pm`
ENGLISH_WORD = re.compile(r"[a-z]+")
# Hyphens and dashes join words the glossary lists apart: `high-tech`, `talent-strengthening`
HYPHEN = re.compile(r"[-‐‑–—]")
# Endings a listed word may carry in a question, and what replaces them: `cities` -> `city`,
# `craftsmen` -> `craftsman`
ENDINGS = (
    ("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("d", ""), ("ing", ""),
    ("ing", "e"), ("men", "man"),
)  # fmt: skip
# A base form keeps three letters: `has` is not `ha`, `uses` is `use`
MIN_STEM = 3
# Plurals that are not: `news` is not `new` (新增)
UNINFLECTED = frozenset({"news", "feed"})
# British spellings, read the American way the glossary writes them: `organisation`,
# `neighbourhood`, `centre`, `programme`
BRITISH = (
    (re.compile(r"is(e|ed|es|ing|ation|ations)$"), r"iz\1"),
    (re.compile(r"(?<=[a-z]{2})our"), "or"),
    (re.compile(r"tre(s?)$"), r"ter\1"),
    (re.compile(r"mme(s?)$"), r"m\1"),
)
# Questions that ask an amount, read as the Chinese question word the rules know.
ASKS_AMOUNT = re.compile(
    r"\bhow (?:many|much|big|large|long|fast|high|far|quickly|often)\b"
    r"|\bwhat (?:share|percentage|proportion|rate|ratio|place|amount|number)\b"
    r"|\brank(?:s|ed|ing)?\b"
)
ASKS_WHICH = re.compile(r"\bwhich\b|\bwhat\b")
# `what was X's GDP`: a `what` question about one of these (base forms) asks an amount too
AMOUNT_WORDS = re.compile(
    r"\b(?:gdp|output|growth|rate|ratio|revenue|income|job|economy|size|number|total|target"
    r"|share|proportion|percentage|amount|volume|population)\b"
)
YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def normalize(text: str) -> str:
    """Lower case, hyphens as spaces, one space between words: `High-tech  zone` -> `high tech
    zone`."""
    text = HYPHEN.sub(" ", text.lower().replace("’", "'"))
    return " ".join(text.split())


def load_glossary(path: Path) -> dict[str, str]:
    """`english phrase<TAB>中文 words` lines -> {phrase: words}; `#` lines are comments. A
    malformed line, a word that is not a report word or a phrase listed twice is a ValueError
    naming the line."""
    glossary: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        where = f"{path.name}:{number}"
        phrase, words = parse_line(line, where=where)
        if phrase in glossary:
            raise ValueError(f"{where}: {phrase!r} is listed twice")
        glossary[phrase] = words
    return glossary


def parse_line(line: str, *, where: str = "glossary") -> tuple[str, str]:
    """`industrial park<TAB>产业园 工业园` -> (`industrial park`, `产业园 工业园`)."""
    english, tab, chinese = line.partition("\t")
    phrase, words = normalize(english), chinese.split()
    if not tab or not phrase or not words or "\t" in chinese:
        raise ValueError(f"{where}: expected `english phrase<TAB>中文 words`, got {line!r}")
    not_words = [word for word in words if not REPORT_WORD.fullmatch(word)]
    if not_words:
        raise ValueError(f"{where}: not words of a report: {not_words}")
    return phrase, " ".join(words)


PLACES: Mapping[str, str] = MappingProxyType(load_glossary(PLACES_FILE))
TERMS: Mapping[str, str] = MappingProxyType(load_glossary(GLOSSARY_FILE))
WORDING: Mapping[str, str] = MappingProxyType({**TERMS, **PLACES})
# Every English word of a listed phrase: a question's word is kept as written when listed
VOCABULARY = frozenset(word for phrase in WORDING for word in ENGLISH_WORD.findall(phrase))
# Longest first, so that a phrase wins over its words at the same place
LONGEST_FIRST = sorted(WORDING, key=len, reverse=True)
PATTERN = re.compile(r"\b(?:" + "|".join(map(re.escape, LONGEST_FIRST)) + r")\b")


def american(word: str) -> str:
    """`specialised` -> `specialized`, `labour` -> `labor`, `centre` -> `center`."""
    for spelling, replacement in BRITISH:
        word = spelling.sub(replacement, word)
    return word


def candidate_forms(word: str) -> Iterator[str]:
    """`word`, its American spelling, then each of their base forms (`planned` -> `plann`,
    `plan`), most literal first."""
    for spelling in dict.fromkeys((word, american(word))):
        yield spelling
        for ending, replacement in ENDINGS:
            stem = spelling[: -len(ending)]
            if spelling.endswith(ending) and len(stem) >= MIN_STEM:
                yield stem + replacement
                if stem[-1] == stem[-2]:  # a doubled consonant: `planned`, `mapping`
                    yield stem[:-1]


def base_form(word: str, vocabulary: frozenset[str] = VOCABULARY) -> str:
    """`word` as the glossary lists it: itself when listed, else the first of its spellings and
    base forms that is (`parks` -> `park`, `centres` -> `center`), else itself."""
    if word in UNINFLECTED:
        return word
    return next((form for form in candidate_forms(word) if form in vocabulary), word)


def question_word(text: str) -> str | None:
    """`是多少` for a question that asks an amount, `是什么` for another what/which question."""
    if ASKS_AMOUNT.search(text) or (ASKS_WHICH.search(text) and AMOUNT_WORDS.search(text)):
        return "是多少"
    return "是什么" if ASKS_WHICH.search(text) else None


def in_report_words(question: str) -> str:
    """The Chinese words an English question names, with its years and question word:
    `what was sichuan's gdp in 2024?` -> `2024年 四川 地区生产总值 生产总值 是多少`."""
    text = normalize(question)
    read = ENGLISH_WORD.sub(lambda word: base_form(word.group()), text)
    words = [f"{year}年" for year in YEAR.findall(text)]
    for phrase in PATTERN.findall(read):
        words += WORDING[phrase].split()
    if asked := question_word(read):
        words.append(asked)
    return " ".join(dict.fromkeys(words))

"""Residents' words read in the reports' words: 看病 is 就医/医疗, 生孩子 is 生育.

People ask in everyday words; reports write official ones. Neither BM25 nor the small embedding
model links `看病` with `医疗` reliably, so a question naming an everyday word also searches the
report words for it (added to its BM25 tokens, one way: a question in report words is not
widened). Several report words per everyday word: any of them may be the one a report uses.
The table is `plain_words.tsv`, extended by adding a row; every report word in it occurs in
the corpus.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from assistant.index.tokenizer import normalize

PLAIN_WORDS_FILE = Path(__file__).with_name("plain_words.tsv")


def _read_table(path: Path) -> dict[str, str]:
    """everyday word -> report words (space-separated), from the TAB-separated table."""
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            plain, words = line.split("\t")
            table[plain.strip()] = words.strip()
    return table


PLAIN_WORDS = _read_table(PLAIN_WORDS_FILE)


def report_words(question: str) -> list[str]:
    """The report words for the everyday words `question` (simplified) names, in order."""
    found: list[str] = []
    for plain, words in PLAIN_WORDS.items():
        if plain in question:
            found += [word for word in words.split() if word not in question]
    return list(dict.fromkeys(found))


def stand_ins(question: str, terms: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """For each of `terms` (a question's topic bigrams) inside an everyday word of `question`,
    the report words that stand for it: a passage writing 医疗 covers the 看病 asked about.
    The words are read as questions are (NFKC, lower case: the table's `5G基站` is `5g基站`),
    so a passage is compared in the same reading (`coverage.topic_coverages`)."""
    found: dict[str, tuple[str, ...]] = {}
    for plain, words in PLAIN_WORDS.items():
        if plain in question:
            for term in terms:
                if term in plain:
                    found[term] = found.get(term, ()) + tuple(normalize(words).split())
    return found

"""Words near in meaning: the embedding model's own vectors for single words.

A resident asks about 空气 where the report writes 大气, about 租房 where it writes 出租屋, about
餐厅 where it writes 餐饮. The sentence's embedding against the question is a weak signal for
this (the sentence says much else besides), and the words do not match. The words' own vectors,
from the same model, link them word by word: a topic term of the question counts as covered by
the nearest word of the sentence, as far as that word is nearer than chance.

The vectors are made offline (`benchmarks/build_word_vectors.py`) for one embedding model, for
jieba's 60,000 most frequent words and the words of the corpus reports, and shipped beside that
model's calibration; another model has none, and its answer model leaves the feature out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.answer.model import calibration_file

# A word in the table: 2 to 4 Chinese characters (what the table was made of)
WORD_LENGTHS = (2, 3, 4)
CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
# Parts of texts whose words are kept: about 2.7 KB each (a 46-character sentence's words, as
# measured), so 20,000 are about 55 MB, every sentence of a 3,500-chunk index
CACHED_PARTS = 20_000


@dataclass(frozen=True)
class WordVectors:
    """Unit vectors for words, reduced to the directions that carry most of their spread."""

    rows: dict[str, int]
    vectors: np.ndarray  # int8 (n, d), each row a unit vector times 127
    # the cosine that two unrelated words reach: the 99th percentile over random word pairs,
    # measured when the table was made. Below it, nearness means nothing.
    chance: float
    # a part of a text -> the table's words in it. Passages recur across questions, and the
    # table never changes, so each is read once a process (emptied past CACHED_PARTS).
    _words_in: dict[str, frozenset[str]] = field(default_factory=dict, compare=False)

    def words_in(self, part: str) -> frozenset[str]:
        """Every 2- to 4-character run of Chinese in `part` that the table holds."""
        found = self._words_in.get(part)
        if found is None:
            if len(self._words_in) >= CACHED_PARTS:
                self._words_in.clear()
            found = self._words_in[part] = frozenset(_words(part, self.rows))
        return found

    def vectors_of(self, words: Iterable[str]) -> np.ndarray:
        """The unit vectors of `words`, each of which the table holds."""
        return self.vectors[[self.rows[word] for word in words]].astype(np.float32) / 127.0


@dataclass
class Nearness:
    """How near each word of a text comes to each of one question's topic terms."""

    table: WordVectors
    terms: list[str]  # the topic terms the table holds a meaning for
    term_vectors: np.ndarray
    # a part of a text (split at spaces) -> the best cosine of its words to each term, or None
    # for a part without words of the table. A report's title and a chunk's headings recur in
    # the text of every candidate sentence under them.
    _best: dict[str, np.ndarray | None] = field(default_factory=dict)

    def closeness(self, text: str) -> dict[str, float]:
        """For each known topic term, how near the nearest word of `text` comes to it: 0 at
        chance, 1 for the same word."""
        if not self.terms:
            return {}
        parts = text.split()
        self.read(parts)
        found = [best for part in parts if (best := self._best[part]) is not None]
        if not found:
            return dict.fromkeys(self.terms, 0.0)
        chance = self.table.chance
        scaled = np.clip((np.max(found, axis=0) - chance) / (1.0 - chance), 0.0, 1.0)
        return dict(zip(self.terms, scaled.tolist(), strict=True))

    def read(self, texts: Iterable[str]) -> None:
        """Measures the words of the parts of `texts` not read yet, in one product: reading
        all the passages' sentences at once costs one product, not one per sentence."""
        new = {part for text in texts for part in text.split() if part not in self._best}
        if not new:
            return
        words_of = {part: self.table.words_in(part) for part in new}
        words = sorted(set().union(*words_of.values()))
        cosines = dict(zip(words, self.table.vectors_of(words) @ self.term_vectors.T, strict=True))
        for part, found in words_of.items():
            self._best[part] = np.max([cosines[w] for w in found], axis=0) if found else None


def nearness(table: WordVectors | None, terms: Iterable[str], question: str) -> Nearness | None:
    """How near words come to `terms`; a term the table lacks (`老房`, a bigram cut from
    `老房子`) is read as the longest word of `question` that the table holds and contains it."""
    if table is None:
        return None
    # longest first, then first in the question: the same choice in every process
    words = sorted(table.words_in(question), key=lambda word: (-len(word), question.find(word)))
    meant = {
        term: term if term in table.rows else next((word for word in words if term in word), term)
        for term in terms
    }
    known = [term for term in terms if meant[term] in table.rows]
    return Nearness(table, known, table.vectors_of(meant[term] for term in known))


def _words(text: str, rows: dict[str, int]) -> set[str]:
    pieces = {
        run[start : start + length]
        for run in CJK_RUN.findall(text)
        for length in WORD_LENGTHS
        for start in range(len(run) - length + 1)
    }
    return pieces & rows.keys()


def word_vectors_file(embedder: str) -> Path:
    return calibration_file(embedder).with_suffix(".words.npz")


@lru_cache(maxsize=4)
def load_word_vectors(embedder: str) -> WordVectors | None:
    """The table made with `embedder`, or None when there is none (any other model)."""
    path = word_vectors_file(embedder)
    if not path.is_file():
        return None
    with np.load(path) as data:
        words = [str(word) for word in data["words"]]
        return WordVectors(
            rows={word: i for i, word in enumerate(words)},
            vectors=data["vectors"],
            chance=float(data["chance"]),
        )

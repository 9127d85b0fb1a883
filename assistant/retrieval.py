"""Hybrid search: dense (FAISS, cosine) and BM25 (character n-grams), fused by normalised scores.

Dense search finds paraphrases; BM25 finds exact figures and names. Each score is rescaled to
[0, 1] over the candidates (BM25 by its best score, cosine between the best and the 50th best),
then mixed 0.3 dense + 0.7 BM25. Measured against reciprocal-rank fusion and z-scores on the
dev set and CMRC 2018 (docs/benchmarks.md), this ranked the answering passage first most often:
unlike rank fusion it keeps how far ahead a clear BM25 winner is. When no word of the question
occurs in the reports, BM25 is all zero and the dense ranking decides alone.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np

from assistant.embedders import Embedder
from assistant.figures import asks_for_quantity
from assistant.lexical import prepare_question, tokenize_query
from assistant.schema import Hit
from assistant.store import StoredIndex
from assistant.years import (
    chunk_part,
    chunk_years,
    newest_year,
    part_factor,
    question_years,
    year_factor,
)

DENSE_WEIGHT = 0.3
# The cosine of the CANDIDATES-th best chunk maps to 0: below it, dense similarity is noise.
CANDIDATES = 50


def top_indices(scores: np.ndarray, count: int, allowed: np.ndarray | None = None) -> list[int]:
    """Indices of the `count` highest scores (best first), among `allowed` rows if given."""
    if allowed is not None:
        scores = np.where(allowed, scores, -np.inf)
    count = min(count, int(np.isfinite(scores).sum()))
    if count <= 0:
        return []
    best = np.argpartition(-scores, count - 1)[:count]
    return [int(i) for i in best[np.argsort(-scores[best], kind="stable")]]


def rescale_dense(dense: np.ndarray, *, candidates: int = CANDIDATES) -> np.ndarray:
    """Cosine mapped to [0, 1]: the best chunk 1, the `candidates`-th best (or worst) 0."""
    if dense.size == 0:
        return dense
    ordered = np.sort(dense)[::-1]
    best, floor = ordered[0], ordered[min(candidates, dense.size) - 1]
    if best <= floor:
        return np.ones_like(dense)
    return np.clip((dense - floor) / (best - floor), 0.0, 1.0)


def rescale_lexical(lexical: np.ndarray) -> np.ndarray:
    """BM25 divided by its best score; all zero when no question word occurs anywhere."""
    best = float(lexical.max(initial=0.0))
    return lexical / best if best > 0 else np.zeros_like(lexical)


def fuse(
    dense: np.ndarray, lexical: np.ndarray, *, dense_weight: float = DENSE_WEIGHT
) -> np.ndarray:
    """The hybrid score of every chunk."""
    return dense_weight * rescale_dense(dense) + (1 - dense_weight) * rescale_lexical(lexical)


def ranks_of(scores: np.ndarray) -> np.ndarray:
    """1-based rank of every row by descending score."""
    ranks = np.empty(scores.size, dtype=np.int64)
    ranks[np.argsort(-scores, kind="stable")] = np.arange(1, scores.size + 1)
    return ranks


@dataclass
class QueryScores:
    """Raw per-chunk scores of one question, kept for answer selection and "not found"."""

    dense: np.ndarray
    lexical: np.ndarray
    query_tokens: list[str]


class Searcher:
    """Searches one loaded index with the model that built it."""

    def __init__(self, index: StoredIndex, embedder: Embedder) -> None:
        index.check_embedder(embedder.name)
        self.index = index
        self.embedder = embedder
        self._doc_ids = np.array([chunk.doc_id for chunk in index.chunks])
        report_years = {doc_id: report.year for doc_id, report in index.reports.items()}
        self._chunk_years = [chunk_years(c, report_years.get(c.doc_id)) for c in index.chunks]
        self.newest_year = newest_year(index.reports.values())
        self._chunk_parts = [chunk_part(chunk) for chunk in index.chunks]

    def score(self, question: str) -> QueryScores:
        """Cosine similarity and BM25 score of every chunk for `question`."""
        count = len(self.index.chunks)
        query = self.embedder.encode_queries([prepare_question(question)])
        dense = np.zeros(count, dtype=np.float32)
        if count:
            similarity, rows = self.index.vectors.search(query, count)
            dense[rows[0]] = similarity[0]
        tokens = tokenize_query(question)
        lexical = np.zeros(count, dtype=np.float32)
        if count and tokens:
            lexical = np.asarray(self.index.bm25.get_scores(tokens), dtype=np.float32)
        return QueryScores(dense, lexical, tokens)

    def search(
        self,
        question: str,
        *,
        k: int = 5,
        reports: Collection[str] | None = None,
        use_years: bool = True,
    ) -> tuple[list[Hit], QueryScores]:
        """The `k` best chunks (of the given report doc_ids, if any) and the raw scores.

        With `use_years`, passages about the year the question names are preferred."""
        scores = self.score(question)
        rows = np.flatnonzero(np.isin(self._doc_ids, list(reports))) if reports else None
        rows = np.arange(len(self.index.chunks)) if rows is None else rows
        dense, lexical = scores.dense[rows], scores.lexical[rows]
        fused = fuse(dense, lexical)
        if use_years:
            fused = fused * self._year_factors(question, rows)
        dense_ranks, lexical_ranks = ranks_of(dense), ranks_of(lexical)
        hits = []
        for position in top_indices(fused, k):
            row = int(rows[position])
            ranks = {"dense": int(dense_ranks[position])}
            if lexical[position] > 0:
                ranks["lexical"] = int(lexical_ranks[position])
            hits.append(
                Hit(
                    chunk=self.index.chunks[row],
                    score=float(fused[position]),
                    ranks=ranks,
                    scores={"dense": float(dense[position]), "lexical": float(lexical[position])},
                )
            )
        return hits, scores

    def _year_factors(self, question: str, rows: np.ndarray) -> np.ndarray:
        asked = question_years(question, newest=self.newest_year)
        wants_amount = bool(asked) and asks_for_quantity(question)
        return np.array(
            [
                year_factor(asked, self._chunk_years[row])
                * part_factor(question, wants_amount, self._chunk_parts[row])
                for row in rows
            ]
        )

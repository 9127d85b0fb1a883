"""Hybrid search: dense (FAISS, cosine) and BM25 (character n-grams), fused by reciprocal rank.

Dense search finds paraphrases; BM25 finds exact figures and names. Reciprocal-rank fusion needs
no score calibration between the two, and a retriever with nothing to say (BM25 when no term of
the question occurs anywhere) simply does not vote.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from assistant.embedders import Embedder
from assistant.lexical import prepare_question, tokenize_query
from assistant.schema import Hit
from assistant.store import StoredIndex
from assistant.years import chunk_years, question_years, year_factor

RRF_K = 60
# How deep each retriever's list goes before fusion.
CANDIDATES = 50


def reciprocal_rank_fusion(
    rankings: Mapping[str, Sequence[int]], *, k: int = RRF_K
) -> list[tuple[int, float, dict[str, int]]]:
    """Fuse ranked id lists: score(id) = sum over lists of 1 / (k + rank).

    Returns (id, score, {list name: 1-based rank}) best first; ties keep the id order.
    """
    scores: dict[int, float] = {}
    ranks: dict[int, dict[str, int]] = {}
    for name, ranking in rankings.items():
        for rank, item in enumerate(ranking, 1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
            ranks.setdefault(item, {})[name] = rank
    order = sorted(scores, key=lambda item: (-scores[item], item))
    return [(item, scores[item], ranks[item]) for item in order]


def top_indices(scores: np.ndarray, count: int, allowed: np.ndarray | None = None) -> list[int]:
    """Indices of the `count` highest scores (best first), among `allowed` rows if given."""
    if allowed is not None:
        scores = np.where(allowed, scores, -np.inf)
    count = min(count, int(np.isfinite(scores).sum()))
    if count <= 0:
        return []
    best = np.argpartition(-scores, count - 1)[:count]
    return [int(i) for i in best[np.argsort(-scores[best], kind="stable")]]


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
        self.newest_year = max((y for y in report_years.values() if y), default=None)

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
        self, question: str, *, k: int = 5, reports: Collection[str] | None = None
    ) -> tuple[list[Hit], QueryScores]:
        """The `k` best chunks (of the given report doc_ids, if any) and the raw scores."""
        scores = self.score(question)
        allowed = np.isin(self._doc_ids, list(reports)) if reports else None
        rankings = {"dense": top_indices(scores.dense, CANDIDATES, allowed)}
        if scores.lexical.max(initial=0.0) > 0:
            positive = scores.lexical > 0
            mask = positive if allowed is None else positive & allowed
            rankings["lexical"] = top_indices(scores.lexical, CANDIDATES, mask)
        asked = question_years(question, newest=self.newest_year)
        fused = [
            (row, score * year_factor(asked, self._chunk_years[row]), ranks)
            for row, score, ranks in reciprocal_rank_fusion(rankings)
        ]
        fused = sorted(fused, key=lambda item: -item[1])[:k]
        hits = [
            Hit(
                chunk=self.index.chunks[row],
                score=score,
                ranks=ranks,
                scores={"dense": float(scores.dense[row]), "lexical": float(scores.lexical[row])},
            )
            for row, score, ranks in fused
        ]
        return hits, scores

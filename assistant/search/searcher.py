"""Search one loaded index: embed and tokenize the understood question, score every chunk,
fuse (see `fusion.py`), prefer passages about the asked year and part of a report."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np

from assistant.index import Embedder, StoredIndex
from assistant.schema import Hit
from assistant.search.fusion import fuse, top_indices
from assistant.search.query import Query, understand
from assistant.search.years import chunk_part, chunk_years, newest_year, part_factor, year_factor

# A chunk shorter than this (`各位代表！`, `主要做了以下工作。`) answers nothing, yet its vector is
# close to any question and BM25's length normalisation favours it: its score is scaled down
# by length / SHORT_CHUNK_CHARS, to at least MIN_LENGTH_FACTOR. (Of 4,690 chunks of the train
# corpus, 57 are this short; no training answer lies in one.)
SHORT_CHUNK_CHARS = 20
MIN_LENGTH_FACTOR = 0.3


@dataclass
class QueryScores:
    """Raw per-chunk scores of one question, kept for answer selection and "not found"."""

    dense: np.ndarray
    lexical: np.ndarray
    query_tokens: list[str]
    query_vector: np.ndarray  # (dimension,), L2-normalised: sentences are scored against it


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
        lengths = np.array([len(chunk.text) for chunk in index.chunks], dtype=np.float32)
        self._length_factor = np.clip(lengths / SHORT_CHUNK_CHARS, MIN_LENGTH_FACTOR, 1.0)

    def understand(self, question: str) -> Query:
        """`question` read once, 去年/今年 counted from this index's newest report."""
        return understand(question, newest_year=self.newest_year)

    def score(self, query: Query) -> QueryScores:
        """Cosine similarity and BM25 score of every chunk for `query`."""
        count = len(self.index.chunks)
        vector = self.embedder.encode_queries([query.simplified])[0]
        # Every chunk is scored, so a plain product beats a FAISS search that sorts them all.
        dense = self.index.stored_vectors() @ vector if count else np.zeros(0, np.float32)
        tokens = list(query.tokens) if query.in_chinese else []
        lexical = np.zeros(count, dtype=np.float32)
        if count and tokens:
            lexical = np.asarray(self.index.bm25.get_scores(tokens), dtype=np.float32)
        return QueryScores(dense.astype(np.float32), lexical, tokens, vector)

    def search(
        self,
        query: Query,
        *,
        k: int = 5,
        reports: Collection[str] | None = None,
        use_years: bool = True,
    ) -> tuple[list[Hit], QueryScores]:
        """The `k` best chunks (of the given report doc_ids, if any) and the raw scores.

        With `use_years`, passages about the year the question names are preferred."""
        scores = self.score(query)
        rows = np.flatnonzero(np.isin(self._doc_ids, list(reports))) if reports else None
        rows = np.arange(len(self.index.chunks)) if rows is None else rows
        dense, lexical = scores.dense[rows], scores.lexical[rows]
        fused = fuse(dense, lexical) * self._length_factor[rows]
        if use_years:
            fused = fused * self._year_factors(query, rows)
        hits = [
            Hit(self.index.chunks[int(rows[p])], float(fused[p]), int(rows[p]))
            for p in top_indices(fused, k)
        ]
        return hits, scores

    def _year_factors(self, query: Query, rows: np.ndarray) -> np.ndarray:
        wanted = query.part_wanted
        return np.array(
            [
                year_factor(query.years, self._chunk_years[row])
                * part_factor(wanted, self._chunk_parts[row])
                for row in rows
            ]
        )

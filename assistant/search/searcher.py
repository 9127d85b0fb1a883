"""Search one loaded index: embed and tokenize the understood question, score every chunk,
fuse (see `fusion.py`), prefer passages about the asked year and part of a report."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from assistant.index import Embedder, StoredIndex
from assistant.index.tokenizer import load_segmenter
from assistant.schema import Chunk, Hit, ReportInfo
from assistant.search.fusion import fuse, top_indices
from assistant.search.query import Query, understand
from assistant.search.years import (
    chunk_part,
    chunk_years,
    named_years,
    newest_year,
    part_factor,
    report_anchor,
    reports_its_own_year,
    year_factor,
)

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
    query_vector: np.ndarray  # (dimension,), L2-normalised: sentences are scored against it

    @cached_property
    def typical_dense(self) -> float:
        """The question's median cosine with the passages of this index. The answer layer
        reads cosines against it: how high cosines run depends on the corpus (one report on
        one topic scores higher everywhere than 39 reports), how far one stands out less so."""
        return float(np.median(self.dense)) if len(self.dense) else 0.0

    @cached_property
    def dense_spread(self) -> float:
        """How widely the question's cosines with the passages spread (their standard
        deviation): on one report they crowd together, so a sentence 0.05 above the median
        stands out there more than among 39 reports."""
        return max(float(np.std(self.dense)), 1e-3) if len(self.dense) else 1.0


class Searcher:
    """Searches one loaded index with the model that built it."""

    def __init__(self, index: StoredIndex, embedder: Embedder) -> None:
        index.check_embedder(embedder.name)
        self.index = index
        self.embedder = embedder
        self._doc_ids = np.array([chunk.doc_id for chunk in index.chunks])
        self._chunk_years = [self._years_of(chunk) for chunk in index.chunks]
        self._named_years = [named_years(chunk) for chunk in index.chunks]
        self.newest_year = newest_year(index.reports.values())
        self._chunk_parts = [chunk_part(chunk) for chunk in index.chunks]
        lengths = np.array([len(chunk.text) for chunk in index.chunks], dtype=np.float32)
        self._length_factor = np.clip(lengths / SHORT_CHUNK_CHARS, MIN_LENGTH_FACTOR, 1.0)
        self.issuers = issuer_years(index.reports.values())
        load_segmenter()  # the question's topic words need it

    def _years_of(self, chunk: Chunk) -> set[int]:
        report = self.index.reports.get(chunk.doc_id)
        if report is None:
            return chunk_years(chunk, None)
        anchor = report_anchor(report.year, report.delivered)
        return chunk_years(
            chunk, report.year, anchor=anchor, one_year=reports_its_own_year(report.title)
        )

    def understand(self, question: str, *, use_synonyms: bool = True) -> Query:
        """`question` read once: the places it names among this index's issuers, 去年/今年
        counted from the newest report of those places (else of the whole index)."""
        return understand(
            question,
            newest_year=self.newest_year,
            issuers=self.issuers,
            use_synonyms=use_synonyms,
        )

    def score(self, query: Query) -> QueryScores:
        """Cosine similarity and BM25 score of every chunk for `query`."""
        count = len(self.index.chunks)
        vector = self.embedder.encode_queries([query.embedded])[0]
        # Every chunk is scored, so a plain product beats a FAISS search that sorts them all.
        dense = self.index.stored_vectors() @ vector if count else np.zeros(0, np.float32)
        lexical = np.zeros(count, dtype=np.float32)
        if count and query.tokens:
            lexical = np.asarray(self.index.bm25.get_scores(list(query.tokens)), dtype=np.float32)
        return QueryScores(dense.astype(np.float32), lexical, vector)

    def search(
        self,
        query: Query,
        *,
        k: int = 5,
        reports: Collection[str] | None = None,
        use_years: bool = True,
        use_places: bool = True,
    ) -> tuple[list[Hit], QueryScores]:
        """The `k` best chunks (of the given report doc_ids, if any) and the raw scores.

        With `use_years`, passages about the year the question names are preferred; with
        `use_places`, a question naming a place some report is issued by searches that
        place's reports only (北京's figure is no answer to a question about 上海)."""
        scores = self.score(query)
        wanted = self._place_reports(query, reports) if use_places else reports
        rows, fused = self._fused(query, scores, wanted, use_years=use_years)
        return self._hits(rows, fused, top_indices(fused, k)), scores

    def search_each_report(
        self,
        query: Query,
        scores: QueryScores,
        *,
        k: int = 5,
        reports: Collection[str] | None = None,
    ) -> dict[str, list[Hit]]:
        """The `k` best chunks of every report (of the place asked about, within `reports`),
        from scores already computed: a question across years needs each year's report, also
        when ten reports of one city say the same thing and the top hits come from two."""
        wanted = self._place_reports(query, reports)
        rows, fused = self._fused(query, scores, wanted, use_years=True)
        doc_ids = self._doc_ids[rows]
        found = {}
        for doc_id in dict.fromkeys(doc_ids.tolist()):
            positions = np.flatnonzero(doc_ids == doc_id)
            best = positions[top_indices(fused[positions], k)]
            found[str(doc_id)] = self._hits(rows, fused, best)
        return found

    def _fused(
        self,
        query: Query,
        scores: QueryScores,
        wanted: Collection[str] | None,
        *,
        use_years: bool,
    ) -> tuple[np.ndarray, np.ndarray]:
        """The rows searched (those of the `wanted` doc_ids, else all) and their fused scores."""
        rows = np.flatnonzero(np.isin(self._doc_ids, list(wanted))) if wanted else None
        rows = np.arange(len(self.index.chunks)) if rows is None else rows
        dense, lexical = scores.dense[rows], scores.lexical[rows]
        fused = fuse(dense, lexical) * self._length_factor[rows]
        if use_years:
            fused = fused * self._year_factors(query, rows)
        return rows, fused

    def _hits(self, rows: np.ndarray, fused: np.ndarray, positions: Iterable[int]) -> list[Hit]:
        return [
            Hit(self.index.chunks[int(rows[p])], float(fused[p]), int(rows[p])) for p in positions
        ]

    def _place_reports(
        self, query: Query, reports: Collection[str] | None
    ) -> Collection[str] | None:
        """The doc_ids of the places the question names, within `reports` if given; `reports`
        alone when the two have none in common (the caller's choice wins)."""
        if not query.places:
            return reports
        named = {d for d, r in self.index.reports.items() if r.issuer in query.places}
        chosen = named & set(reports) if reports else named
        return chosen or reports

    def _year_factors(self, query: Query, rows: np.ndarray) -> np.ndarray:
        wanted = query.part_wanted
        return np.array(
            [
                year_factor(query.years, self._chunk_years[row], self._named_years[row])
                * part_factor(wanted, self._chunk_parts[row])
                for row in rows
            ]
        )


def issuer_years(reports: Iterable[ReportInfo]) -> dict[str, int | None]:
    """Each issuer's newest report year: what 去年 counts from for a question about it."""
    years: dict[str, int | None] = {}
    for report in reports:
        if report.issuer:
            years[report.issuer] = max(report.year or 0, years.get(report.issuer) or 0) or None
    return years

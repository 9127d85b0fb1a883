"""Hybrid search: dense (FAISS, cosine) and BM25 (character n-grams), fused by normalised scores.

Dense search finds paraphrases; BM25 finds exact figures and names. Each score is rescaled to
[0, 1] over the candidates (BM25 by its best score, cosine between the best and the 50th best),
then mixed 0.3 dense + 0.7 BM25. Measured against reciprocal-rank fusion and z-scores on the
dev set and CMRC 2018 (docs/benchmarks.md), this ranked the answering passage first most often:
unlike rank fusion it keeps how far ahead a clear BM25 winner is. When no word of the question
occurs in the reports, BM25 is all zero and the dense ranking decides alone.
"""

from __future__ import annotations

import numpy as np

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

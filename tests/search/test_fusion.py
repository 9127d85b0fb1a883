"""Score fusion and top-k selection as pure functions."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.search.fusion import fuse, rescale_dense, rescale_lexical, top_indices


@pytest.mark.parametrize(
    ("dense", "lexical", "order"),
    [
        ([0.9, 0.8, 0.7], [0.0, 0.0, 0.0], [0, 1, 2]),  # no BM25 match: dense decides
        ([0.9, 0.8, 0.7], [1.0, 9.0, 0.0], [1, 0, 2]),  # a clear BM25 winner wins
        ([0.9, 0.8, 0.7], [5.0, 5.0, 5.0], [0, 1, 2]),  # BM25 ties: dense breaks them
        # dev question d018: BM25 is sure (6.14 vs 2.81), dense ranks the answer lower
        ([0.862, 0.899, 0.895, 0.80], [6.14, 2.81, 2.4, 0.0], [0, 1, 2, 3]),
    ],
)
def test_fusion_order(dense: list[float], lexical: list[float], order: list[int]) -> None:
    fused = fuse(np.array(dense), np.array(lexical))
    assert list(np.argsort(-fused, kind="stable")) == order


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([0.9, 0.5, 0.7], [1.0, 0.0, 0.5]),
        ([0.8, 0.8], [1.0, 1.0]),
        ([], []),
    ],
)
def test_rescale_dense(scores: list[float], expected: list[float]) -> None:
    assert rescale_dense(np.array(scores)).tolist() == pytest.approx(expected)


def test_rescale_dense_floor_is_the_candidate_depth() -> None:
    scaled = rescale_dense(np.array([1.0, 0.9, 0.8, 0.1]), candidates=3)
    assert scaled.tolist() == pytest.approx([1.0, 0.5, 0.0, 0.0])


@pytest.mark.parametrize(
    ("scores", "expected"), [([2.0, 1.0, 0.0], [1.0, 0.5, 0.0]), ([0.0, 0.0], [0.0, 0.0])]
)
def test_rescale_lexical(scores: list[float], expected: list[float]) -> None:
    assert rescale_lexical(np.array(scores)).tolist() == pytest.approx(expected)


@pytest.mark.parametrize(
    ("scores", "count", "allowed", "expected"),
    [
        ([0.1, 0.9, 0.5], 2, None, [1, 2]),
        ([0.1, 0.9, 0.5], 5, None, [1, 2, 0]),
        ([0.1, 0.9, 0.5], 2, [True, False, True], [2, 0]),
        ([0.1, 0.9, 0.5], 2, [False, False, False], []),
    ],
)
def test_top_indices(scores, count, allowed, expected) -> None:  # type: ignore[no-untyped-def]
    mask = None if allowed is None else np.array(allowed)
    assert top_indices(np.array(scores), count, mask) == expected

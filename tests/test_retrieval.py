"""Reciprocal-rank fusion and top-k selection as pure functions."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.retrieval import reciprocal_rank_fusion, top_indices


@pytest.mark.parametrize(
    ("rankings", "order"),
    [
        ({"dense": [1, 2, 3]}, [1, 2, 3]),
        ({"dense": [1, 2, 3], "lexical": [3, 2, 1]}, [1, 3, 2]),  # 1 and 3 tie: id order
        ({"dense": [1, 2, 3], "lexical": [2, 3]}, [2, 3, 1]),
        ({"dense": [5, 1], "lexical": [1, 9]}, [1, 5, 9]),
        ({"dense": [], "lexical": [4]}, [4]),
    ],
)
def test_fusion_order(rankings: dict[str, list[int]], order: list[int]) -> None:
    assert [item for item, _, _ in reciprocal_rank_fusion(rankings)] == order


def test_fusion_records_ranks_and_scores() -> None:
    fused = reciprocal_rank_fusion({"dense": [7, 8], "lexical": [8]}, k=60)
    assert fused[0] == (8, pytest.approx(1 / 62 + 1 / 61), {"dense": 2, "lexical": 1})
    assert fused[1] == (7, pytest.approx(1 / 61), {"dense": 1})


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

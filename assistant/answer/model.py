"""The answer model: two small logistic regressions, fitted offline, applied per question.

- the *chooser* scores every candidate sentence: how likely it holds the answer;
- the *decider* looks at the chosen sentence and the evidence around it: how likely the quote
  answers the question. Below `threshold` the answer is 未找到.

Logistic regression, because it is explainable (one weight per named feature, printed by
`benchmarks/train_answer_model.py`), fast (a dot product) and was as good as anything else we
tried on a few hundred training questions. The fitted weights live in `calibration/<embedder>.json`,
one file per embedding model, since cosine similarities differ between models; an embedder
without its own file gets `generic.json`, fitted without the absolute cosine features.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

CALIBRATION = Path(__file__).parent / "calibration"
GENERIC = "generic"
# Features a generic model leaves out: their scale belongs to one embedding model (a cosine
# read in spreads too: how widely cosines spread differs from model to model).
MODEL_SPECIFIC = (
    "cosine",
    "passage_cosine",
    "cosine_z",
    "passage_z",
    "best_passage_cosine",
    "near_topic",  # word vectors exist for one model only (`word_vectors`)
)


@dataclass(frozen=True)
class LogisticModel:
    """P(y=1 | x) = sigmoid(weights · (x - mean) / scale + bias), over named features."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float

    def logits(self, rows: np.ndarray) -> np.ndarray:
        return ((rows - self.mean) / self.scale) @ self.weights + self.bias

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            # `+ 0.0` writes a zeroed weight's -0.0 as 0.0, so a refit of the same fit is
            # byte-identical
            "mean": (self.mean.round(6) + 0.0).tolist(),
            "scale": (self.scale.round(6) + 0.0).tolist(),
            "weights": (self.weights.round(6) + 0.0).tolist(),
            "bias": round(float(self.bias), 6),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LogisticModel:
        return cls(
            features=tuple(data["features"]),
            mean=np.array(data["mean"], dtype=np.float64),
            scale=np.array(data["scale"], dtype=np.float64),
            weights=np.array(data["weights"], dtype=np.float64),
            bias=float(data["bias"]),
        )


def fit_logistic(
    rows: np.ndarray,
    labels: np.ndarray,
    features: tuple[str, ...],
    *,
    weights_of_rows: np.ndarray | None = None,
    l2: float = 1.0,
) -> LogisticModel:
    """Maximum-likelihood weights with an L2 penalty, by Newton's method (a few iterations).
    `weights_of_rows` lets each training source count the same, however many rows it has."""
    w = np.ones(len(rows)) if weights_of_rows is None else weights_of_rows
    mean, scale = _standardisation(rows)
    x = np.hstack([(rows - mean) / scale, np.ones((len(rows), 1))])
    weights = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[-1] = 0.0  # the bias is not shrunk
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(x @ weights)))
        gradient = x.T @ (w * (p - labels)) + penalty * weights
        curvature = (x * (w * p * (1 - p))[:, None]).T @ x
        hessian = curvature + np.diag(penalty) + 1e-9 * np.eye(len(penalty))
        step = np.linalg.solve(hessian, gradient)
        weights -= step
        if np.abs(step).max() < 1e-8:
            break
    return LogisticModel(features, mean, scale, weights[:-1], float(weights[-1]))


def _standardisation(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each column's mean and spread; a constant column gets spread 1 (and weight 0)."""
    scale = rows.std(axis=0)
    scale[scale < 1e-9] = 1.0
    return rows.mean(axis=0), scale


def fit_choice(
    rows: np.ndarray,
    groups: np.ndarray,
    labels: np.ndarray,
    features: tuple[str, ...],
    *,
    weights_of_groups: np.ndarray | None = None,
    l2: float = 1.0,
) -> LogisticModel:
    """Weights that rank the right candidates of each group (question) first: a conditional
    logit (softmax over a question's candidates), which learns what sets the answering
    sentence apart from its neighbours rather than from every sentence of every question.
    Groups without a right candidate teach nothing and are left out."""
    from scipy.optimize import minimize

    mean, scale = _standardisation(rows)
    x = (rows - mean) / scale
    names, group_of_row = np.unique(groups, return_inverse=True)
    has_right = np.bincount(group_of_row, weights=labels, minlength=len(names)) > 0
    keep = has_right[group_of_row]
    x, group_of_row, labels = x[keep], group_of_row[keep], labels[keep]
    # `groups` are indices into `weights_of_groups` (one weight per question)
    weight = np.ones(len(names)) if weights_of_groups is None else weights_of_groups[names]

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        scores = x @ w
        top = np.full(len(names), -np.inf)
        np.maximum.at(top, group_of_row, scores)
        expo = np.exp(scores - top[group_of_row])
        total = np.bincount(group_of_row, weights=expo, minlength=len(names))
        right = np.bincount(group_of_row, weights=expo * labels, minlength=len(names))
        used = right > 0
        value = -np.sum(weight[used] * np.log(right[used] / total[used])) + 0.5 * l2 * w @ w
        p_all = expo / total[group_of_row]
        p_right = np.where(labels > 0, expo / np.maximum(right[group_of_row], 1e-300), 0.0)
        grad = x.T @ (weight[group_of_row] * (p_all - p_right)) + l2 * w
        return float(value), grad

    result = minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B")
    return LogisticModel(features, mean, scale, result.x, 0.0)


@dataclass(frozen=True)
class AnswerModel:
    """The chooser, the decider and the decider's threshold (a logit) for one embedder."""

    name: str
    chooser: LogisticModel
    decider: LogisticModel
    threshold: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "chooser": self.chooser.to_dict(),
            "decider": self.decider.to_dict(),
            "threshold": round(self.threshold, 6),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AnswerModel:
        return cls(
            name=str(data["name"]),
            chooser=LogisticModel.from_dict(data["chooser"]),
            decider=LogisticModel.from_dict(data["decider"]),
            threshold=float(data["threshold"]),
        )


def calibration_file(embedder: str) -> Path:
    """Where the model for `embedder` is stored (a path-safe name)."""
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in embedder)
    return CALIBRATION / f"{safe}.json"


def load_answer_model(embedder: str) -> AnswerModel:
    """The fitted model for `embedder`, else the generic one."""
    path = calibration_file(embedder)
    if not path.is_file():
        path = calibration_file(GENERIC)
    return AnswerModel.from_dict(json.loads(path.read_text(encoding="utf-8")))

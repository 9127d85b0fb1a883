"""The decider's threshold as `benchmarks/train_answer_model.py` reads it off the training
utility: between the questions to answer and those to refuse, and the same on every refit."""

from __future__ import annotations

import sys

import numpy as np

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

from train_answer_model import plateau_middle


def test_the_cut_falls_between_what_to_answer_and_what_to_refuse() -> None:
    right = np.linspace(1.0, 3.0, 40)  # answerable, quoting the chosen sentence is right
    unanswerable = np.linspace(-3.0, -1.0, 40)
    logits = np.concatenate([right, unanswerable])
    labels = np.concatenate([np.ones(40), np.zeros(40)])
    answerable = labels > 0
    cut = plateau_middle(logits, labels, np.ones(80), answerable)
    assert -1.0 < cut < 1.0


def test_a_wrong_answer_costs_more_than_a_refusal() -> None:
    # Between 0 and 1 sit answerable questions whose chosen sentence is wrong: answering them
    # costs WRONG_COST each, refusing them costs nothing, so the cut rises above them.
    logits = np.concatenate([np.linspace(2.0, 3.0, 20), np.linspace(0.0, 1.0, 20)])
    labels = np.concatenate([np.ones(20), np.zeros(20)])
    cut = plateau_middle(logits, labels, np.ones(40), np.ones(40, dtype=bool))
    assert 1.0 < cut <= 2.0

"""Why one question got its answer: the candidates the chooser ranked, and the decider's reasons.

For reading failures one by one. Uses the index `benchmarks/realpath.py` built for a corpus:

    python benchmarks/explain.py --corpus seed 疫情防控转段前实施的是什么管理？
    python benchmarks/explain.py --corpus train --top 8 四川去年城镇新增就业多少人？

Prints the top candidates (chooser logit, passage rank, the features that are not zero), then
the decider's contributions (weight × standardised value) for the chosen one, its logit and the
threshold.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from realpath import CACHE, layout  # noqa: E402

from assistant.answer.evidence import CANDIDATE_PASSAGES, FEATURES  # noqa: E402
from assistant.answer.model import load_answer_model  # noqa: E402
from assistant.answer.quote import DECISION_FEATURES, decide, question_candidates  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.engine import ReportAssistant  # noqa: E402


def explain(corpus: str, question: str, top: int) -> None:
    folder = CACHE / corpus
    documents = folder / "documents" if (folder / "documents").is_dir() else layout(corpus)
    settings = Settings(documents_dir=documents, index_dir=folder / "index")
    searcher = ReportAssistant(settings).searcher()
    model = load_answer_model(searcher.index.embedder_name)
    query = searcher.understand(question)
    print(
        f"understood: {query.simplified} | years {sorted(query.years)} | places "
        f"{sorted(query.places)} | amount {query.wants_amount} plan {query.wants_plan}"
    )
    hits, scores = searcher.search(query, k=CANDIDATE_PASSAGES)
    found = question_candidates(query, hits, searcher.index, scores)
    if not found:
        print("no candidates")
        return
    logits = model.chooser.logits(np.array([c.values for c in found]))
    for position in np.argsort(-logits)[:top]:
        candidate = found[position]
        text = searcher.index.chunks[candidate.hit.row].text if candidate.hit.row >= 0 else ""
        sentence = text[
            candidate.start - candidate.hit.chunk.start : candidate.end - candidate.hit.chunk.start
        ]
        shown = {n: round(v, 2) for n, v in zip(FEATURES, candidate.values, strict=True) if v}
        print(f"\n{logits[position]:+.2f} rank {candidate.rank} {sentence[:70]}\n   {shown}")
    decision = decide(query, hits, searcher.index, scores, model)
    decider = model.decider
    parts = (np.array(decision.values) - decider.mean) / decider.scale * decider.weights
    print(
        f"\ndecider logit {decision.logit:+.2f} (threshold {model.threshold:+.2f}, bias "
        f"{decider.bias:+.2f}); largest contributions:"
    )
    for name, part in sorted(zip(DECISION_FEATURES, parts, strict=True), key=lambda p: -abs(p[1]))[
        :8
    ]:
        print(f"   {name:20s} {part:+.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("question")
    parser.add_argument("--corpus", default="seed", help="a folder of benchmarks/.cache/")
    parser.add_argument("--top", type=int, default=5)
    args = parser.parse_args()
    explain(args.corpus, args.question, args.top)


if __name__ == "__main__":
    main()

"""English questions about the Chinese seed report, next to the same questions in Chinese.

benchmarks/data/english_questions.jsonl holds 15 answerable dev questions
(/work/shared/eval/dev_questions.jsonl) in English, with the same ids and the same Chinese gold
answers. Both sets are asked of the seed report's index (bundled model, cached under
benchmarks/.cache/seed_index; `--rebuild` forces a build), k=5, and measured as the dev set is:

    hit@1, hit@5      the first / one of the five passages contains a gold answer
    answer acc.       the answer's quote contains a gold answer ("not found" counts as wrong)
    refused           answerable questions answered "not found"
    quote if forced   the quote that would be shown were the "not found" threshold ignored

    python benchmarks/english.py [--rebuild] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.answer.quote import answer_from_hits, choose_quote  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.evaluation import contains_answer, judge, load_questions, summarize  # noqa: E402
from assistant.index.build import sync_index  # noqa: E402
from assistant.index.embedders import make_embedder  # noqa: E402
from assistant.index.store import current_generation, load_index  # noqa: E402
from assistant.search.searcher import Searcher  # noqa: E402

HERE = Path(__file__).resolve().parent
ENGLISH = HERE / "data" / "english_questions.jsonl"
CHINESE = ROOT.parent / "shared" / "eval" / "dev_questions.jsonl"
INDEX_DIR = HERE / ".cache" / "seed_index"
COLUMNS = ("hit@1", "hit@5", "answer_accuracy", "answerable_refused", "quote_if_forced")


def measure(searcher: Searcher, questions: list[dict[str, Any]]) -> dict[str, Any]:
    """The dev-set metrics of `questions`, plus the accuracy of the quote when forced."""
    outcomes, forced = [], 0
    for item in questions:
        query = searcher.understand(item["question"])
        hits, scores = searcher.search(query, k=5)
        outcomes.append(
            judge(item, answer_from_hits(query, hits, searcher.index, scores))
        )
        quote, _ = choose_quote(query, hits, searcher.index, scores)
        forced += quote is not None and contains_answer(quote.text, item["answers"])
    metrics = summarize(outcomes)
    metrics["quote_if_forced"] = round(forced / len(questions), 4)
    return metrics


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached index")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    embedder = make_embedder("e5-small")
    if args.rebuild or current_generation(INDEX_DIR) is None:
        sync_index(
            [ROOT / "documents"],
            index_dir=INDEX_DIR,
            embedder=embedder,
            chunk_chars=Settings.from_env().chunk_chars,
            rebuild=args.rebuild,
        )
    searcher = Searcher(load_index(INDEX_DIR), embedder)
    english = load_questions(ENGLISH)
    ids = {q["id"] for q in english}
    chinese = [q for q in load_questions(CHINESE) if q["id"] in ids]
    result = {"English": measure(searcher, english), "Chinese": measure(searcher, chinese)}
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"{len(english)} questions, seed report index")
    print(f"{'language':<10}" + "".join(f"{c:>20}" for c in COLUMNS))
    for name, metrics in result.items():
        print(f"{name:<10}" + "".join(f"{metrics[c]:>20}" for c in COLUMNS))


if __name__ == "__main__":
    main()

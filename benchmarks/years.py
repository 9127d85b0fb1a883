"""Year-sensitive questions: does year handling find the right year's report among many?

The seed report plus every report of the shared corpus's city_multiyear/ (five cities 2019–2026
and three more, 69 files, ~1.7M characters) are indexed with the bundled model into
benchmarks/.cache/years_index, kept in step incrementally (8603 chunks: 11 minutes from the
city_years index's vectors; only new text is embedded; `--rebuild` forces all). The questions
of benchmarks/data/city_years.jsonl ask for one city's indicator in one year; the gold answers
are first checked to be in the right report and in no other year's report of that city. Each
question is asked with year handling on and off (`Searcher.search(use_years=...)`, the
engine's 8 passages, hit@5 on the first five):

    right report   the top hit comes from the report that holds the answer (`report_year`)
    answer acc.    the quoted sentence contains a gold answer (a "not found" counts as wrong)
    hit@5          one of the five passages contains a gold answer

    python benchmarks/years.py [--rebuild] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.answer.evidence import CANDIDATE_PASSAGES  # noqa: E402
from assistant.answer.model import AnswerModel, load_answer_model  # noqa: E402
from assistant.answer.quote import answer_from_hits  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.evaluation import contains_answer, load_questions  # noqa: E402
from assistant.index.build import sync_index  # noqa: E402
from assistant.index.embedders import make_embedder  # noqa: E402
from assistant.index.store import load_index  # noqa: E402
from assistant.search.searcher import Searcher  # noqa: E402

HERE = Path(__file__).resolve().parent
CORPUS = ROOT.parent / "shared" / "corpus" / "reports" / "city_multiyear"
SOURCES = [ROOT / "documents", CORPUS]
QUESTIONS = HERE / "data" / "city_years.jsonl"
INDEX_DIR = HERE / ".cache" / "years_index"
# `2023_深圳市_政府工作报告.txt` -> 2023, 深圳市
REPORT_NAME = re.compile(r"^(\d{4})_(.+?)_政府工作报告\.txt$")
METRICS = ("right_report", "answer_accuracy", "hit@5")


def report_file(question: dict[str, Any]) -> str:
    """The file name of the report that answers `question` (its city is named in the question)."""
    cities = {m.group(2) for p in CORPUS.iterdir() if (m := REPORT_NAME.match(p.name))}
    city = next(c for c in cities if c in question["question"])
    return f"{question['report_year']}_{city}_政府工作报告.txt"


def check_questions(questions: list[dict[str, Any]]) -> None:
    """Each gold answer is in its report, and in no other year's report of the same city."""
    for question in questions:
        name = report_file(question)
        city = REPORT_NAME.match(name).group(2)  # type: ignore[union-attr]
        for gold in question["answers"]:
            assert gold in (CORPUS / name).read_text(encoding="utf-8"), (question["id"], gold)
            for other in CORPUS.glob(f"*_{city}_政府工作报告.txt"):
                if other.name != name:
                    text = other.read_text(encoding="utf-8")
                    assert gold not in text, (question["id"], gold, other.name)


def build_if_needed(rebuild: bool) -> None:
    """Bring the index in step with the files (incremental: only new text is embedded)."""
    settings = Settings.from_env()
    built = sync_index(
        SOURCES,
        index_dir=INDEX_DIR,
        embedder=make_embedder("e5-small"),
        chunk_chars=settings.chunk_chars,
        rebuild=rebuild,
    )
    print(f"indexed {built.chunks} chunks in {built.seconds:.0f} s", file=sys.stderr)


def ask(
    searcher: Searcher, model: AnswerModel, question: dict[str, Any], use_years: bool
) -> dict[str, Any]:
    """One question's outcome: the three metrics and what was returned."""
    query = searcher.understand(question["question"])
    hits, scores = searcher.search(query, k=CANDIDATE_PASSAGES, use_years=use_years)
    answer = answer_from_hits(query, hits, searcher.index, scores, model)
    hits = hits[:5]
    quote = answer.quote.text if answer.quote else ""
    top = searcher.index.reports[hits[0].chunk.doc_id] if hits else None
    gold = question["answers"]
    return {
        "id": question["id"],
        "right_report": top is not None and Path(top.file).name == report_file(question),
        "answer_accuracy": contains_answer(quote, gold),
        "hit@5": any(contains_answer(hit.chunk.text, gold) for hit in hits),
        "top_report": Path(top.file).name if top else None,
        "top_section": " / ".join(hits[0].chunk.section_path) if hits else None,
        "quote": quote if answer.found else "(not found)",
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached index")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    questions = load_questions(QUESTIONS)
    check_questions(questions)
    build_if_needed(args.rebuild)
    searcher = Searcher(load_index(INDEX_DIR), make_embedder("e5-small"))
    model = load_answer_model(searcher.embedder.name)
    runs = {
        name: [ask(searcher, model, q, use) for q in questions]
        for name, use in (("with years", True), ("without years", False))
    }
    summary = {
        name: {m: round(sum(r[m] for r in rows) / len(rows), 4) for m in METRICS}
        for name, rows in runs.items()
    }
    if args.json:
        print(
            json.dumps(
                {"questions": len(questions), "summary": summary, "runs": runs},
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    print(f"{len(questions)} questions, {len(searcher.index.reports)} reports indexed")
    print(f"{'method':<15}" + "".join(f"{m:>17}" for m in METRICS))
    for name, row in summary.items():
        print(f"{name:<15}" + "".join(f"{row[m]:>17.3f}" for m in METRICS))
    print("\nfailing with year handling:")
    by_id = {q["id"]: q for q in questions}
    for result in runs["with years"]:
        failed = [m for m in METRICS if not result[m]]
        if failed:
            q = by_id[result["id"]]
            print(
                f"- {q['id']} {q['question']}  gold {q['answers'][0]} ({q['report_year']} report)"
                f"\n    failed {', '.join(failed)}; top hit {result['top_report']} "
                f"[{result['top_section']}]\n    quote: {result['quote'][:120]}"
            )


if __name__ == "__main__":
    main()

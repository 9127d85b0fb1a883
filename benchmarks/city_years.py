"""Year, place and indicator questions over several cities' reports, through the real CLI.

Lays out a documents folder under benchmarks/.cache/city_years/ — the 北京, 上海 and 深圳 reports
of the shared corpus's city_multiyear/ 2019–2026 (24), the misnamed `2014_邢台市` file (the 2012
report) with 邢台 2019, 永州 2023 and 2024 (delivered in late December), and the seed report —
then runs, as subprocesses from the repository root,

    python -m assistant index --documents-dir … --index-dir …
    python -m assistant ask --json --batch benchmarks/data/city_years_multi.jsonl

and scores each answer against the gold quotes of benchmarks/data/city_years_multi.jsonl
(copied from the report that reviews the year asked: a 2023 report reviews 2022):

    right report   the quote (or, if "not found", the top passage) comes from `file`
    answer acc.    the quoted sentence contains a gold answer ("not found" counts as wrong)
    hit@5          one of the five passages contains a gold answer

The same index is then asked in-process with each part switched off in turn (place filter,
the year read from each report's date line instead of its file name, indicator synonyms) to
show what each part is worth; the all-on in-process run must equal the CLI run.

    python benchmarks/city_years.py [--rebuild] [--json] [--skip-cli]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.answer.evidence import CANDIDATE_PASSAGES  # noqa: E402
from assistant.answer.model import AnswerModel, load_answer_model  # noqa: E402
from assistant.answer.quote import answer_from_hits  # noqa: E402
from assistant.answer.render import answer_dict  # noqa: E402
from assistant.evaluation import contains_answer, load_questions  # noqa: E402
from assistant.index.embedders import make_embedder  # noqa: E402
from assistant.index.store import StoredIndex, load_index  # noqa: E402
from assistant.search.searcher import Searcher  # noqa: E402

HERE = Path(__file__).resolve().parent
CORPUS = ROOT.parent / "shared" / "corpus" / "reports" / "city_multiyear"
CACHE = HERE / ".cache" / "city_years"
DOCUMENTS, INDEX_DIR = CACHE / "documents", CACHE / "index"
QUESTIONS = HERE / "data" / "city_years_multi.jsonl"
CITIES = ("北京市", "上海市", "深圳市")
EXTRA = (
    "2014_邢台市_政府工作报告.txt",
    "2019_邢台市_政府工作报告.txt",
    "2023_永州市_政府工作报告.txt",
    "2024_永州市_政府工作报告.txt",
)
# `2023_北京市_政府工作报告.txt` -> 2023
FILE_YEAR = re.compile(r"^(\d{4})_")
K = CANDIDATE_PASSAGES  # as the engine does: the answer is chosen among 8 passages


def report_files() -> list[Path]:
    """The corpus files of the benchmark, plus the seed report."""
    chosen = [
        path
        for path in sorted(CORPUS.glob("*.txt"))
        if any(f"_{city}_" in path.name for city in CITIES) and 2019 <= int(path.name[:4]) <= 2026
    ]
    return chosen + [CORPUS / name for name in EXTRA] + sorted((ROOT / "documents").glob("*.txt"))


def lay_out(rebuild: bool) -> None:
    """The documents folder (copies) and its index, built by the CLI."""
    DOCUMENTS.mkdir(parents=True, exist_ok=True)
    for path in report_files():
        if not (DOCUMENTS / path.name).exists():
            shutil.copyfile(path, DOCUMENTS / path.name)
    command = ["index", *(["--rebuild"] if rebuild else [])]
    print(cli(command).stdout.strip(), file=sys.stderr)


def cli(arguments: list[str]) -> subprocess.CompletedProcess[str]:
    folders = ["--documents-dir", str(DOCUMENTS), "--index-dir", str(INDEX_DIR)]
    command = [sys.executable, "-m", "assistant", arguments[0], *folders, *arguments[1:]]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    return subprocess.run(command, cwd=ROOT, env=env, text=True, capture_output=True, check=True)


def check_questions(questions: list[dict[str, Any]]) -> None:
    """Each gold answer is in its report, and in no other report of the same place."""
    texts = {path.name: re.sub(r"\s", "", path.read_text("utf-8")) for path in report_files()}
    for question in questions:
        name = question["file"]
        place = name.split("_")[1] if "_" in name else name[:4]
        for gold in question["answers"]:
            assert gold in texts[name], (question["id"], gold)
            others = [n for n, text in texts.items() if n != name and place in n and gold in text]
            assert not others, (question["id"], gold, others)


def ask_cli(questions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`assistant ask --json --batch` on the question file: one answer object per question."""
    run = cli(["ask", "--json", "--batch", str(QUESTIONS), "-k", str(K)])
    answers = [json.loads(line) for line in run.stdout.splitlines() if line.strip()]
    assert len(answers) == len(questions), (len(answers), len(questions))
    return answers


def score(question: dict[str, Any], answer: dict[str, Any]) -> dict[str, bool]:
    """Right report, right quote, gold in the top passages, for one answer object."""
    gold = question["answers"]
    quote = answer["answer"]["text"] if answer.get("found") and answer.get("answer") else ""
    cited = answer["answer"]["citation"] if quote else None
    passages = answer.get("passages", [])
    top = cited or (passages[0]["citation"] if passages else {"file": ""})
    return {
        "right_report": Path(top["file"]).name == question["file"],
        "answer_accuracy": bool(quote) and contains_answer(quote, gold),
        "hit@5": any(contains_answer(p["text"], gold) for p in passages[:K]),
    }


def summarise(questions: list[dict[str, Any]], answers: list[dict[str, Any]]) -> dict[str, Any]:
    rows = [score(q, a) for q, a in zip(questions, answers, strict=True)]
    total = {metric: round(sum(r[metric] for r in rows) / len(rows), 3) for metric in rows[0]}
    kinds: dict[str, list[dict[str, bool]]] = {}
    for question, row in zip(questions, rows, strict=True):
        kinds.setdefault(question["kind"], []).append(row)
    by_kind = {
        kind: {m: round(sum(r[m] for r in group) / len(group), 3) for m in group[0]}
        | {"n": len(group)}
        for kind, group in kinds.items()
    }
    failed = [q["id"] for q, r in zip(questions, rows, strict=True) if not r["answer_accuracy"]]
    return {"n": len(rows), **total, "by_kind": by_kind, "failed": failed}


def file_name_years(index: StoredIndex) -> StoredIndex:
    """The index as if each report's year came from its file name (the old reading)."""
    reports = {}
    for doc_id, report in index.reports.items():
        match = FILE_YEAR.match(Path(report.file).name)
        year = int(match[1]) if match else report.year
        reports[doc_id] = dataclasses.replace(report, year=year, delivered=None)
    return dataclasses.replace(index, reports=reports)


def ask_in_process(
    searcher: Searcher, questions: list[dict[str, Any]], *, places: bool, synonyms: bool
) -> list[dict[str, Any]]:
    model: AnswerModel = load_answer_model(searcher.index.embedder_name)
    answers = []
    for question in questions:
        query = searcher.understand(question["question"], use_synonyms=synonyms)
        hits, scores = searcher.search(query, k=K, use_places=places)
        answer = answer_from_hits(query, hits, searcher.index, scores, model)
        answers.append(answer_dict(answer))
    return answers


def ablations(questions: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each part switched off in turn, in-process on the benchmark index."""
    index = load_index(INDEX_DIR)
    embedder = make_embedder("e5-small")
    full, by_name = Searcher(index, embedder), Searcher(file_name_years(index), embedder)
    settings = {
        "all on": (full, True, True),
        "no place filter": (full, False, True),
        "year from file name": (by_name, True, True),
        "no synonyms": (full, True, False),
        "none of the three": (by_name, False, False),
    }
    results = {}
    for name, (searcher, places, synonyms) in settings.items():
        answers = ask_in_process(searcher, questions, places=places, synonyms=synonyms)
        results[name] = summarise(questions, answers)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rebuild", action="store_true", help="re-embed every report")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--skip-cli", action="store_true", help="only the in-process ablations")
    parser.add_argument("--index-only", action="store_true", help="lay out and index, then stop")
    args = parser.parse_args()
    lay_out(args.rebuild)
    if args.index_only:
        return
    questions = load_questions(QUESTIONS)
    check_questions(questions)
    results: dict[str, Any] = {}
    if not args.skip_cli:
        results["cli"] = summarise(questions, ask_cli(questions))
    results |= ablations(questions)
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=1))
        return
    print(f"{'setting':22} {'right report':>12} {'answer acc.':>11} {'hit@5':>6}   failed")
    for name, result in results.items():
        print(
            f"{name:22} {result['right_report']:12.3f} {result['answer_accuracy']:11.3f}"
            f" {result['hit@5']:6.3f}   {' '.join(result['failed'])}"
        )


if __name__ == "__main__":
    main()

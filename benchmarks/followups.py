"""Two-turn conversations: is the elliptical second turn answered from the first?

The reports named in /work/shared/eval/train_followups.jsonl (paths relative to
/work/shared/corpus) are copied into benchmarks/.cache/followups/documents/ and indexed there
with `python -m assistant index` (once; `--rebuild` forces it). Then every second turn is asked
through `python -m assistant ask --json --batch` with the first turn as `context`, and scored:

    second turn   the quoted sentence contains a gold answer (white space removed), found true
    rewritten     the second turn was completed (`understood_as` differs from the question)
    standalone    a question that stands on its own, asked after an unrelated turn, is kept
                  as asked (each first turn, with another conversation's first turn as context)
    no context    the second turn asked alone, for comparison

    python benchmarks/followups.py [--rebuild] [--json] [--file other_followups.jsonl]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
if not SHARED.is_dir():  # a worktree next to the main checkout
    SHARED = Path("/work/shared")
CORPUS = SHARED / "corpus"
CONVERSATIONS = SHARED / "eval" / "train_followups.jsonl"
CACHE = Path(__file__).resolve().parent / ".cache" / "followups"
WHITESPACE = re.compile(r"\s+")


def load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def assistant(*args: str, stdin_file: Path | None = None) -> str:
    """Run `python -m assistant …` from the repo root over the cached folders; its stdout."""
    command = [sys.executable, "-m", "assistant", *args]
    command += ["--documents-dir", str(CACHE / "documents"), "--index-dir", str(CACHE / "index")]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def build(conversations: list[dict[str, Any]], rebuild: bool) -> None:
    """Copy the reports the conversations name into the cache folder and index it."""
    documents = CACHE / "documents"
    documents.mkdir(parents=True, exist_ok=True)
    for file in sorted({turn["file"] for c in conversations for turn in c["turns"]}):
        target = documents / Path(file).name
        if not target.exists():
            shutil.copy(CORPUS / file, target)
    print(assistant("index", *(["--rebuild"] if rebuild else [])).strip(), file=sys.stderr)


def ask_batch(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Results by id of `ask --json --batch` over rows `{"id", "question", "context"}`."""
    batch = CACHE / "batch.jsonl"
    batch.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    out = assistant("ask", "--json", "--batch", str(batch))
    return {result["id"]: result for result in map(json.loads, out.splitlines())}


def right(result: dict[str, Any], answers: list[str]) -> bool:
    text = WHITESPACE.sub("", (result.get("answer") or {}).get("text") or "")
    return bool(result.get("found")) and any(WHITESPACE.sub("", a) in text for a in answers)


def score(conversations: list[dict[str, Any]]) -> dict[str, Any]:
    with_context = [
        {
            "id": c["id"],
            "question": c["turns"][1]["question"],
            "context": [c["turns"][0]["question"]],
        }
        for c in conversations
    ]
    alone = [{"id": c["id"], "question": c["turns"][1]["question"]} for c in conversations]
    # Each first turn stands on its own: asked after another conversation's first turn.
    firsts = [c["turns"][0]["question"] for c in conversations]
    standalone = [
        {"id": c["id"], "question": firsts[i], "context": [firsts[i - 1]]}
        for i, c in enumerate(conversations)
    ]
    asked, bare, kept = ask_batch(with_context), ask_batch(alone), ask_batch(standalone)
    rows = []
    for c in conversations:
        gold = c["turns"][1]["answers"]
        result = asked[c["id"]]
        rows.append(
            {
                "id": c["id"],
                "type": c.get("followup_type"),
                "question": c["turns"][1]["question"],
                "understood_as": result.get("understood_as"),
                "right": right(result, gold),
                "right_without_context": right(bare[c["id"]], gold),
                "quote": (result.get("answer") or {}).get("text"),
            }
        )
    n = len(rows)
    kept_as_asked = sum(kept[r["id"]].get("understood_as") == r["question"] for r in standalone)
    return {
        "conversations": n,
        "second_turn_accuracy": round(sum(r["right"] for r in rows) / n, 3),
        "without_context": round(sum(r["right_without_context"] for r in rows) / n, 3),
        "rewritten": round(sum(r["understood_as"] != r["question"] for r in rows) / n, 3),
        "standalone_kept": round(kept_as_asked / n, 3),
        "rows": rows,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=CONVERSATIONS)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    conversations = load(args.file)
    build(conversations, args.rebuild)
    result = score(conversations)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    for row in result["rows"]:
        mark = "ok " if row["right"] else "NO "
        print(f"{mark}{row['id']} {row['type']:<16} {row['question']} -> {row['understood_as']}")
        if not row["right"]:
            print(f"      quoted: {row['quote']}")
    summary = {k: v for k, v in result.items() if k != "rows"}
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

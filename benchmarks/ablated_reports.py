"""Hard unanswerable questions generated from the train set: each train report with the sentences
that answer its questions cut out, indexed on its own, and its questions asked of it.

The held-out seed questions the report does not answer are of the hard kind: their topic is in
the report (中华大道升级改造 is there, what it cost is not), so the passages found are on topic
and one sentence stands out. The fit's other negatives are questions asked of another place's
reports, whose topic is missing altogether. Cutting the answer out of a real report makes the
hard kind from every answerable train question: the section, its neighbours and the question's
words stay; only the sentence holding the value is gone.

    python benchmarks/ablated_reports.py                  # builds .cache/ablated/<report>/
    python benchmarks/ablated_reports.py --split holdout  # ... and asks the holdout's questions

A question becomes a negative only when every occurrence of every gold answer could be cut
(gold answers shorter than MIN_GOLD_CHARS would cut unrelated sentences, so those questions are
skipped). Indexes are built by `sync_index` with the train index's vectors, as in
`single_reports.py`: only the passages the cut changed are embedded.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from realpath import (  # noqa: E402
    CACHE,
    CORPUS,
    SETS,
    ask_alone,
    by_report,
    compact,
    outcome,
    print_table,
    read_jsonl,
    select,
    summarise,
)
from single_reports import index_alone, train_vectors  # noqa: E402

ABLATED = "ablated"
# Gold answers of one to three characters (两个, 三条) occur in many unrelated sentences.
MIN_GOLD_CHARS = 4
SENTENCE_START = re.compile(r"[。！？；!?;\n]")


def ablated_corpus(file: str) -> str:
    """The cache folder of one train report's index with its answers cut out."""
    return f"{ABLATED}/{Path(file).stem}"


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence(s) around text[start:end]: from after the previous sentence end to the next
    one, inclusive."""
    before = max((m.end() for m in SENTENCE_START.finditer(text, 0, start)), default=0)
    after = SENTENCE_START.search(text, end)
    return before, after.end() if after else len(text)


def cut_answers(text: str, golds: list[str]) -> str | None:
    """`text` without every sentence holding one of `golds`; None when some gold cannot be cut
    (too short, or only found once white space is ignored)."""
    spans = []
    for gold in golds:
        if len(compact(gold)) < MIN_GOLD_CHARS or gold not in text:
            return None
        spans += [
            sentence_span(text, m.start(), m.end()) for m in re.finditer(re.escape(gold), text)
        ]
    kept, last = [], 0
    for start, end in sorted(spans):
        kept.append(text[last:start] if start > last else "")
        last = max(last, end)
    cut = "".join(kept) + text[last:]
    return None if any(compact(gold) in compact(cut) for gold in golds) else cut


def ablate(file: str, rows: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """The report of `file` with the answers of all `rows` cut out, and the rows that became
    unanswerable (answers emptied; `cut_from` keeps what was cut)."""
    text = (CORPUS / file).read_text(encoding="utf-8")
    negatives = []
    for row in rows:
        if row["answers"] and cut_answers(text, row["answers"]) is not None:
            negatives.append({**row, "answers": [], "cut_from": row["answers"]})
    for row in negatives:
        text = cut_answers(text, row["cut_from"]) or text
    return text, negatives


def build(questions: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """One index per report of `questions`, its answers cut out; returns report file -> its
    questions made unanswerable by the cut (reports with none left out)."""
    embedder, chunk_chars = train_vectors()
    negatives = {}
    for file, rows in by_report(questions).items():
        text, cut = ablate(file, rows)
        if cut:
            index_alone(ablated_corpus(file), file, text, embedder, chunk_chars)
            negatives[file] = cut
    count = sum(len(rows) for rows in negatives.values())
    print(
        f"{len(negatives)} reports, {count} questions cut out, in {CACHE / ABLATED}",
        file=sys.stderr,
    )
    return negatives


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=["fit", "holdout", "all"], default="all")
    args = parser.parse_args()
    questions = select(read_jsonl(SETS["train"][0]), args.split, 0)
    negatives = [row for rows in build(questions).values() for row in rows]
    if args.split == "fit":
        return  # the fit reads them itself (train_answer_model.py)
    replies = ask_alone(negatives, corpus_of=ablated_corpus)
    results = [outcome(row, reply) for row, reply in zip(negatives, replies, strict=True)]
    print_table(
        summarise(results), f"train {args.split} with answers cut ({len(results)} questions)"
    )


if __name__ == "__main__":
    main()

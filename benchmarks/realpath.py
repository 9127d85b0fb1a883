"""Answer quality measured through the real path: files on disk, the CLI, its JSON output.

Other benchmarks call the library in-process with documents built in memory. This one runs the
product exactly as a user does, so what it scores is what a user gets, reading included:

1. lays out a folder of plain report files for a corpus under `benchmarks/.cache/<corpus>/`;
2. runs `python -m assistant index <documents>` (incremental: unchanged files keep their vectors)
   and `python -m assistant ask --json --batch <questions>` as subprocesses from the repo root,
   so the code of this checkout is what answers;
3. scores each JSON line with the answer rule of /work/shared/eval/README.md: an answerable
   question is right when `found` is true and the quote contains a gold answer (white space
   removed from both); an unanswerable one (`answers == []`) is right when `found` is false.

Corpus `files`: the shared PDFs and .docx reports copied as they are, so reading them is measured
too. A question with a `page` (1-based, PDF) also scores the page: `page` is the share of them whose
answer cites that page (citation.page), a refusal counting as a miss.

Also measured: passage hit@1/@5 (a shown passage contains a gold answer) and `sent@5`, whether any
single sentence of the five passages contains it (the ceiling for a sentence chooser).

Held-out split of train_questions.jsonl: a report `file` is "holdout" when the first 8 hex digits
of sha256(file path as written in the `file` field, UTF-8), read as an integer, are 0 mod 4
(about 25% of reports), otherwise "fit". Variants (english/traditional) follow the `file` of
their `source_id` question, so a restated question never crosses the split.

    python benchmarks/realpath.py --set dev|train|cmrc-dev|cmrc-trial [--split fit|holdout|all]
    python benchmarks/realpath.py --questions FILE.jsonl --corpus NAME   # NAME: a corpus below
    python benchmarks/realpath.py --set train --split holdout --alone   # each report on its own
    python benchmarks/realpath.py --questions benchmarks/data/heldout_files.jsonl --corpus files
    options: --limit N (first N questions), --json (summary as JSON)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / "benchmarks" / ".cache"
SHARED = REPO.parent / "shared"  # shared/ lies beside the repository (as in CI)
EVAL = SHARED / "eval"
CORPUS = SHARED / "corpus"
SEED_NAME = "外海街道2022年工作情况和2023年工作谋划.txt"
SETS = {  # question set -> (questions file, corpus); CMRC question files are written by layout()
    "dev": (EVAL / "dev_questions.jsonl", "seed"),
    "train": (EVAL / "train_questions.jsonl", "train"),
    "cmrc-dev": (CACHE / "cmrc-dev" / "questions.jsonl", "cmrc-dev"),
    "cmrc-trial": (CACHE / "cmrc-trial" / "questions.jsonl", "cmrc-trial"),
}
WHITESPACE = re.compile(r"\s+")
SENTENCE_END = re.compile(r"(?<=[。！？；!?;])|\n")  # split after these, and at line breaks
HOLDOUT_MODULUS = 4  # one report in 4 held out
ALONE = "alone"  # `--alone`: benchmarks/.cache/alone/<report>/, one index per train report
FILE_FOLDERS = ("pdf", "docx")  # corpus `files`: these folders of the shared corpus, as they are


def compact(text: str) -> str:
    return WHITESPACE.sub("", text)


def contains(text: str, golds: list[str]) -> bool:
    """The answer rule: some gold answer is in the text, white space removed from both."""
    return any(compact(gold) and compact(gold) in compact(text) for gold in golds)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    path.write_text(text, encoding="utf-8")


def put(path: Path, text: str) -> None:
    """Write only when the content differs, so an unchanged corpus stays unchanged on disk."""
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def copy(source: Path, target: Path) -> None:
    """Copy a binary file only when its bytes differ (`put` for .pdf and .docx)."""
    if not target.exists() or target.read_bytes() != source.read_bytes():
        target.write_bytes(source.read_bytes())


def layout(corpus: str) -> Path:
    """The documents folder of a corpus (and, for CMRC, its questions file); returns the folder."""
    documents = CACHE / corpus / "documents"
    documents.mkdir(parents=True, exist_ok=True)
    if corpus == "seed":
        seed = CORPUS / "seed" / "000_5996cca815c49451.txt"
        put(documents / SEED_NAME, seed.read_text(encoding="utf-8"))
    elif corpus == "train":
        for name in sorted({row["file"] for row in read_jsonl(SETS["train"][0])}):
            put(documents / Path(name).name, (CORPUS / name).read_text(encoding="utf-8"))
    elif corpus == "files":
        for folder in FILE_FOLDERS:
            for source in sorted((CORPUS / folder).iterdir()):
                copy(source, documents / source.name)
    elif corpus in ("cmrc-dev", "cmrc-trial"):
        source = EVAL / "cmrc2018" / f"cmrc2018_{corpus.split('-')[1]}_squad.json"
        questions = []
        for article in json.loads(source.read_text(encoding="utf-8"))["data"]:
            for paragraph in article["paragraphs"]:
                name = re.sub(r"[^\w-]", "_", paragraph["id"])  # DEV_0, TRIAL_800: already safe
                text = f"{article['title']}\n{paragraph['context'].strip()}\n"
                put(documents / f"{name}.txt", text)
                for qa in paragraph["qas"]:
                    golds = list(dict.fromkeys(a["text"] for a in qa["answers"]))
                    questions.append(
                        {
                            "id": qa["id"],
                            "question": qa["question"],
                            "answers": golds,
                            "kind": "cmrc",
                            "paragraph": paragraph["id"],
                        }
                    )
        write_jsonl(CACHE / corpus / "questions.jsonl", questions)
    elif not any(documents.iterdir()):
        sys.exit(f"unknown corpus {corpus!r} and {documents} is empty: put its files there first")
    return documents


def split_of(file: str) -> str:
    """The deterministic fit/holdout split of a train report (rule in the docstring)."""
    digest = int(hashlib.sha256(file.encode("utf-8")).hexdigest()[:8], 16)
    return "holdout" if digest % HOLDOUT_MODULUS == 0 else "fit"


def report_files(questions: list[dict[str, Any]]) -> dict[str, str | None]:
    """Each question's report: its `file`, or for a variant its source question's."""
    own = {row["id"]: row.get("file") for row in questions}
    return {row["id"]: own.get(row.get("source_id"), row.get("file")) for row in questions}


def by_report(questions: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The questions grouped by their report (`report_files`), in the reports' name order."""
    files = report_files(questions)
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in questions:
        groups[files[row["id"]] or ""].append(row)
    return dict(sorted(groups.items()))


def select(questions: list[dict[str, Any]], split: str, limit: int) -> list[dict[str, Any]]:
    """Questions of one split (only for sets with a `file` field), then the first `limit`."""
    if split != "all":
        files = report_files(questions)
        chosen = []
        for row in questions:
            file = files[row["id"]]
            if file is None:
                sys.exit("--split needs questions with a `file` field (the train set)")
            if split_of(file) == split:
                chosen.append(row)
        questions = chosen
    return questions[:limit] if limit else questions


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """`python -m assistant ...` from the repo root, so this checkout's code runs."""
    command = [sys.executable, "-m", "assistant", *args]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr}{done.stdout}")
    return done


def folders_of(corpus: str, documents: Path) -> list[str]:
    """The CLI's folder options for a corpus: its cached index and its documents."""
    return ["--index-dir", str(CACHE / corpus / "index"), "--documents-dir", str(documents)]


def index_corpus(corpus: str, documents: Path) -> str:
    """`assistant index` of the corpus into its cache folder; what the CLI printed."""
    return cli("index", str(documents), *folders_of(corpus, documents)).stdout.strip()


def ask_all(questions: list[dict[str, Any]], corpus: str, documents: Path) -> list[dict]:
    """Index the corpus, ask every question in one batch, return one reply per question."""
    folders = folders_of(corpus, documents)
    started = time.perf_counter()
    print(index_corpus(corpus, documents), file=sys.stderr)
    batch = CACHE / corpus / "batch.jsonl"
    write_jsonl(batch, [{"id": row["id"], "question": row["question"]} for row in questions])
    indexed = time.perf_counter()
    replies = [
        json.loads(line)
        for line in cli("ask", "--json", "--batch", str(batch), *folders).stdout.splitlines()
        if line.strip()
    ]
    seconds = time.perf_counter() - indexed
    print(
        f"index {indexed - started:.0f} s; ask {seconds:.0f} s for {len(questions)} questions",
        file=sys.stderr,
    )
    if [reply.get("id") for reply in replies] != [row["id"] for row in questions]:
        sys.exit("ask --batch did not return one line per question, in order")
    return replies


def alone_corpus(file: str) -> str:
    """The cache folder of one train report's own index (`benchmarks/single_reports.py`)."""
    return f"{ALONE}/{Path(file).stem}"


def ask_alone(
    questions: list[dict[str, Any]], corpus_of: Callable[[str], str] = alone_corpus
) -> list[dict]:
    """Ask each train question of an index holding only its own report (`--alone`), or the
    index `corpus_of` its report names."""
    replies: dict[str, dict] = {}
    for file, rows in by_report(questions).items():
        corpus = corpus_of(file)
        if not (CACHE / corpus / "index").is_dir():
            sys.exit(f"no index {CACHE / corpus}: build it first (single_reports.py)")
        answered = ask_all(rows, corpus, CACHE / corpus / "documents")
        replies.update((row["id"], reply) for row, reply in zip(rows, answered, strict=True))
    return [replies[row["id"]] for row in questions]


def outcome(question: dict[str, Any], reply: dict[str, Any]) -> dict[str, Any]:
    """One question's result under the answer rule."""
    golds = question.get("answers") or []
    quote = (reply.get("answer") or {}).get("text") if reply.get("found") else None
    passages = [passage["text"] for passage in reply.get("passages", [])][:5]  # the top 5 shown
    rank = next((i for i, text in enumerate(passages, 1) if contains(text, golds)), None)
    sentences = [s for text in passages for s in SENTENCE_END.split(text) if s.strip()]
    answered = bool(reply.get("found"))
    citation = (reply.get("answer") or {}).get("citation") if answered else None
    return {
        "id": question["id"],
        "kind": question.get("kind", "?"),
        "question": question["question"],
        "answers": golds,
        "found": answered,
        "quote": quote,
        "gold_rank": rank,
        "sentence_hit": bool(golds) and any(contains(s, golds) for s in sentences),
        "correct": (answered and contains(quote or "", golds)) if golds else not answered,
        "citation": citation,
        "page": question.get("page"),
        "page_hit": bool(citation) and citation.get("page") == question.get("page"),
        "passages": passages,
    }


def summarise(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per kind, then "all": counts and rates (rates over the row's questions)."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in results:
        groups[row["kind"]].append(row)
    groups["all"] = results
    table = []
    for kind, rows in groups.items():
        answerable = [row for row in rows if row["answers"]]
        absent = [row for row in rows if not row["answers"]]
        a = len(answerable) or 1  # avoid 0/0 in rows without answerable questions
        paged = [row for row in rows if row.get("page")]
        table.append(
            {
                "kind": kind,
                "n": len(rows),
                "accuracy": sum(row["correct"] for row in rows) / (len(rows) or 1),
                "answerable": len(answerable),
                "refused": sum(not row["found"] for row in answerable) / a,
                "wrong_quote": sum(row["found"] and not row["correct"] for row in answerable) / a,
                "hit@1": sum(row["gold_rank"] == 1 for row in answerable) / a,
                "hit@5": sum(row["gold_rank"] is not None for row in answerable) / a,
                "sent@5": sum(row["sentence_hit"] for row in answerable) / a,
                "unanswerable": len(absent),
                "said_not_found": sum(not row["found"] for row in absent) / (len(absent) or 1),
                "paged": len(paged),
                "page": sum(row["page_hit"] for row in paged) / (len(paged) or 1),
            }
        )
    return table


def print_table(table: list[dict[str, Any]], title: str) -> None:
    print(title)
    print(
        f"{'kind':<14}{'n':>5}{'acc':>7} | {'ans':>4}{'refused':>9}{'wrong':>7}"
        f"{'hit@1':>7}{'hit@5':>7}{'sent@5':>7} | {'unans':>5}{'not found':>10}"
        f" | {'paged':>5}{'page':>7}"
    )
    for row in table:
        answerable = (
            f"{row['answerable']:>4}{row['refused']:>9.3f}{row['wrong_quote']:>7.3f}"
            f"{row['hit@1']:>7.3f}{row['hit@5']:>7.3f}{row['sent@5']:>7.3f}"
            if row["answerable"]
            else f"{0:>4}{'':>37}"
        )
        absent = (
            f"{row['unanswerable']:>5}{row['said_not_found']:>10.3f}"
            if row["unanswerable"]
            else f"{0:>5}"
        )
        paged = f"{row['paged']:>5}{row['page']:>7.3f}" if row["paged"] else f"{0:>5}"
        print(
            f"{row['kind']:<14}{row['n']:>5}{row['accuracy']:>7.3f} | {answerable} | "
            f"{absent:<15} | {paged}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=sorted(SETS), help="a named question set")
    parser.add_argument("--questions", type=Path, help="any question file (with --corpus)")
    parser.add_argument("--corpus", help="corpus for --questions: seed, train, files, ...")
    parser.add_argument("--split", choices=["fit", "holdout", "all"], default="all")
    parser.add_argument("--limit", type=int, default=0, help="first N questions (0 = all)")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument(
        "--alone",
        action="store_true",
        help="train set: ask each question of an index of its report alone",
    )
    args = parser.parse_args()
    if bool(args.set) == bool(args.questions) or (args.questions and not args.corpus):
        parser.error("give --set, or --questions with --corpus")
    path, corpus = SETS[args.set] if args.set else (args.questions, args.corpus)
    documents = layout(corpus)
    questions = select(read_jsonl(path), args.split, args.limit)
    replies = ask_alone(questions) if args.alone else ask_all(questions, corpus, documents)
    results = [outcome(question, reply) for question, reply in zip(questions, replies, strict=True)]
    name = (args.set or path.stem) + ("" if args.split == "all" else f"-{args.split}")
    corpus = ALONE if args.alone else corpus
    write_jsonl(CACHE / corpus / f"{name}-results.jsonl", results)
    table = summarise(results)
    if args.json:
        print(json.dumps({"set": name, "corpus": corpus, "by_kind": table}, ensure_ascii=False))
    else:
        print_table(table, f"{name} on corpus {corpus} ({len(results)} questions)")


if __name__ == "__main__":
    main()

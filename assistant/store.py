"""The `index/` folder on disk: plain files, written whole, switched atomically.

    index/
      CURRENT                 name of the live generation, replaced atomically (os.replace)
      .lock                   held while a build writes
      gen-<time>-<pid>/       one complete generation
        manifest.json         schema, embedder, dimension, chunker, tokenizer, sources' sha256
        reports.jsonl         one ReportInfo a line
        chunks.jsonl          one Chunk a line (ensure_ascii=False)
        vectors.faiss         FAISS IndexFlatIP over L2-normalised vectors (cosine)
        bm25/                 bm25s files over the lexical tokens

A build writes a new generation beside the live one and then replaces CURRENT, so a crash at any
moment leaves the previous generation in place and loadable; readers notice the new CURRENT.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.errors import EmbedderMismatchError, IndexCorruptError, IndexMissingError
from assistant.lexical import tokenize
from assistant.schema import Chunk, ReportInfo

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
CURRENT_FILE = "CURRENT"
LOCK_FILE = ".lock"
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
    _vector_rows: np.ndarray | None = None

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

    def stored_vectors(self) -> np.ndarray:
        """All chunk vectors, row i for chunk i (read out of FAISS once)."""
        if self._vector_rows is None:
            self._vector_rows = self.vectors.reconstruct_n(0, self.vectors.ntotal)
        return self._vector_rows


def current_generation(index_dir: Path) -> Path | None:
    """The live generation folder, or None when no index was ever completed."""
    try:
        name = (index_dir / CURRENT_FILE).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    return index_dir / name


def load_index(index_dir: Path) -> StoredIndex:
    """Load the live generation; missing or damaged indexes raise errors that say what to do."""
    folder = current_generation(index_dir)
    if folder is None:
        raise IndexMissingError(
            f"未找到索引（{index_dir}），请先运行 `assistant index`。",
            f"No index found in {index_dir}; run `assistant index` first.",
        )
    try:
        return _read_generation(folder)
    except Exception as error:
        raise IndexCorruptError(
            f"索引已损坏，无法读取（{folder}）。{REBUILD_HINT_ZH}",
            f"The index in {folder} is damaged and cannot be read; {REBUILD_HINT_EN}",
        ) from error


def _read_generation(folder: Path) -> StoredIndex:
    import faiss

    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    if manifest.get("schema_version") != SCHEMA_VERSION:
        raise ValueError(f"schema {manifest.get('schema_version')} != {SCHEMA_VERSION}")
    reports = [ReportInfo(**row) for row in _read_jsonl(folder / "reports.jsonl")]
    chunks = [_chunk_from_row(row) for row in _read_jsonl(folder / "chunks.jsonl")]
    vectors = faiss.read_index(str(folder / "vectors.faiss"))
    if vectors.ntotal != len(chunks):
        raise ValueError(f"{vectors.ntotal} vectors for {len(chunks)} chunks")
    bm25 = _load_bm25(folder / "bm25") if chunks else None
    return StoredIndex(
        folder=folder,
        manifest=manifest,
        reports={report.doc_id: report for report in reports},
        chunks=chunks,
        vectors=vectors,
        bm25=bm25,
        document_frequency=_document_frequency(bm25),
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
    return Chunk(**row)


def save_index(
    index_dir: Path,
    *,
    manifest: dict[str, Any],
    reports: list[ReportInfo],
    chunks: list[Chunk],
    vectors: np.ndarray,
) -> Path:
    """Write a complete new generation, then make it live; returns its folder."""
    index_dir.mkdir(parents=True, exist_ok=True)
    folder = index_dir / f"gen-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.time_ns() % 10**6}"
    staging = folder.with_name(folder.name + ".partial")
    staging.mkdir()
    _write_generation(staging, manifest, reports, chunks, vectors)
    os.rename(staging, folder)
    _replace_text(index_dir / CURRENT_FILE, folder.name)
    _remove_old_generations(index_dir, keep={folder.name})
    return folder


def _write_generation(
    folder: Path,
    manifest: dict[str, Any],
    reports: list[ReportInfo],
    chunks: list[Chunk],
    vectors: np.ndarray,
) -> None:
    import faiss

    manifest = {**manifest, "schema_version": SCHEMA_VERSION, "chunks": len(chunks)}
    _write_json(folder / "manifest.json", manifest)
    _write_jsonl(folder / "reports.jsonl", [asdict(report) for report in reports])
    _write_jsonl(folder / "chunks.jsonl", [asdict(chunk) for chunk in chunks])
    flat = faiss.IndexFlatIP(int(manifest["embedder"]["dimension"]))
    if len(chunks):
        flat.add(np.ascontiguousarray(vectors, dtype=np.float32))
    faiss.write_index(flat, str(folder / "vectors.faiss"))
    if chunks:
        _save_bm25(folder / "bm25", chunks)
    _fsync_tree(folder)


def _save_bm25(folder: Path, chunks: list[Chunk]) -> None:
    import bm25s

    retriever = bm25s.BM25()
    retriever.index([tokenize(chunk.text) for chunk in chunks], show_progress=False)
    retriever.save(str(folder), show_progress=False)


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


def _replace_text(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + f".{os.getpid()}.tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        handle.write(text + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def _remove_old_generations(index_dir: Path, *, keep: set[str]) -> None:
    """Delete finished generations but the live one and the one before it (a reader may be on it)."""
    finished = sorted(p for p in index_dir.glob("gen-*") if not p.name.endswith(".partial"))
    for old in [p for p in finished if p.name not in keep][:-1]:
        shutil.rmtree(old, ignore_errors=True)
    for partial in index_dir.glob("gen-*.partial"):
        if not _written_by_live_process(partial):
            shutil.rmtree(partial, ignore_errors=True)


def _written_by_live_process(partial: Path) -> bool:
    pid = int(partial.name.split("-")[3])
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(pid, 0)
        return pid != os.getpid()
    return False


@contextlib.contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    """One writer at a time; a second build waits for the first."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with (index_dir / LOCK_FILE).open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)

"""Bring the index in line with a set of report files: add new, replace changed, drop deleted.

Unchanged files (same name, same sha256) are neither parsed nor embedded again, and a changed
file's chunks whose text is unchanged keep their vectors. A file that cannot be read is reported
and, if an earlier version of it was indexed, that version is kept: nothing indexed is lost.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from assistant import __version__
from assistant.config import MAX_REPORT_CHARS
from assistant.errors import AssistantError, DocumentError, EmptyCorpusError
from assistant.index.embedders import Embedder
from assistant.index.leftovers import build_lock
from assistant.index.store import (
    StoredIndex,
    discard_staging,
    load_index,
    new_staging,
    save_index,
)
from assistant.index.tokenizer import TOKENIZER_NAME
from assistant.reading.documents import find_document_files, load_document, shown_name
from assistant.reading.structure import CHUNKER_VERSION, chunk_document
from assistant.schema import Chunk, Document, ReportInfo

log = logging.getLogger(__name__)

# stage ("read" | "embed"), done, total
BuildProgress = Callable[[str, int, int], None]


@dataclass
class BuildResult:
    """What a build did, file by file."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    chunks: int = 0
    embedded: int = 0
    seconds: float = 0.0


@dataclass
class _Entry:
    """One report of the index being built."""

    report: ReportInfo
    chunks: list[Chunk]
    vectors: np.ndarray | None = None
    sentence_vectors: np.ndarray | None = None  # every sentence of `chunks`, in order


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def passage_text(chunk: Chunk, title: str) -> str:
    """What is embedded: the report title and innermost heading give a chunk its context."""
    heading = chunk.section_path[-1] if chunk.section_path else ""
    return f"{title} {heading}\n{chunk.text}"


def chunker_settings(chunk_chars: int) -> dict[str, Any]:
    return {"version": CHUNKER_VERSION, "chunk_chars": chunk_chars, "tokenizer": TOKENIZER_NAME}


def sync_index(
    paths: Sequence[Path],
    *,
    index_dir: Path,
    embedder: Embedder,
    chunk_chars: int,
    rebuild: bool = False,
    progress: BuildProgress | None = None,
    max_chars: int = MAX_REPORT_CHARS,
) -> BuildResult:
    """Make the index hold exactly the reports in `paths` (files or folders)."""
    files = find_document_files(paths)
    if not files:
        raise EmptyCorpusError(
            f"没有找到可读取的报告（{', '.join(map(str, paths))}）：支持 .txt .md .pdf .docx。",
            f"No report files found in {', '.join(map(str, paths))}: .txt .md .pdf .docx work.",
        )
    with build_lock(index_dir):
        return sync_files(
            files,
            index_dir=index_dir,
            embedder=embedder,
            chunk_chars=chunk_chars,
            rebuild=rebuild,
            progress=progress,
            max_chars=max_chars,
        )


def sync_files(
    files: Sequence[Path],
    *,
    index_dir: Path,
    embedder: Embedder,
    chunk_chars: int,
    rebuild: bool = False,
    progress: BuildProgress | None = None,
    preloaded: Mapping[str, Document] | None = None,
    max_chars: int = MAX_REPORT_CHARS,
) -> BuildResult:
    """`sync_index` over a list of files (maybe none) for a caller that holds `build_lock`.

    `preloaded` maps a file name to its Document, already read (and checked) by the caller,
    so it is not parsed twice; it is used only while the file's sha256 still matches.
    """
    started = time.perf_counter()
    staging = new_staging(index_dir)  # first: a kill at any later moment leaves only this
    try:
        old = None if rebuild else _previous_index(index_dir, embedder)
        result = BuildResult()
        reading = _Reading(chunk_chars, max_chars, preloaded or {})
        kept = _same_chunking(old, chunk_chars)
        entries = _collect_entries(list(files), kept, reading, result, progress)
        _embed_missing(entries, old, embedder, result, progress)
        _save(index_dir, entries, embedder, chunk_chars, staging, old)
    except BaseException:
        discard_staging(staging)
        raise
    result.chunks = sum(len(entry.chunks) for entry in entries)
    result.seconds = time.perf_counter() - started
    return result


def index_documents(
    documents: Sequence[Document],
    *,
    index_dir: Path,
    embedder: Embedder,
    chunk_chars: int,
    progress: BuildProgress | None = None,
) -> BuildResult:
    """Build a fresh index from documents already in memory (benchmarks, tests)."""
    started = time.perf_counter()
    result = BuildResult(added=[document.path for document in documents])
    entries = [_new_entry(document, chunk_chars) for document in documents]
    with build_lock(index_dir):
        _embed_missing(entries, None, embedder, result, progress)
        _save(index_dir, entries, embedder, chunk_chars, new_staging(index_dir))
    result.chunks = sum(len(entry.chunks) for entry in entries)
    result.seconds = time.perf_counter() - started
    return result


def _previous_index(index_dir: Path, embedder: Embedder) -> StoredIndex | None:
    """The current index if its vectors can be reused (same model), else None."""
    try:
        old = load_index(index_dir, lexical=False)
    except AssistantError as error:
        log.info("building a new index: %s", error.en)
        return None
    if old.embedder_name != embedder.name:
        log.info("model changed: embedding every report again")
        return None
    return old


def _same_chunking(old: StoredIndex | None, chunk_chars: int) -> StoredIndex | None:
    """`old` if its chunks can be kept as they are; after a chunking change every report is
    chunked again, and only the vectors of texts seen before are reused."""
    if old is not None and old.manifest.get("chunker") != chunker_settings(chunk_chars):
        log.info("chunking changed: chunking every report again")
        return None
    return old


@dataclass(frozen=True)
class _Reading:
    """How a build reads files: chunk size, the length ceiling, documents already read."""

    chunk_chars: int
    max_chars: int
    preloaded: Mapping[str, Document]


def _collect_entries(
    files: list[Path],
    old: StoredIndex | None,
    reading: _Reading,
    result: BuildResult,
    progress: BuildProgress | None,
) -> list[_Entry]:
    old_by_name = {Path(r.file).name: r for r in old.reports.values()} if old else {}
    entries: dict[str, _Entry] = {}
    first_with_sha: dict[str, str] = {}
    for done, path in enumerate(files, 1):
        sha = file_sha256(path)
        twin = first_with_sha.get(sha) or (path.name if path.name in entries else None)
        if twin:
            result.failed.append(
                (shown_name(path), f"与 {twin} 重复，已跳过。 / Same as {twin}; skipped.")
            )
        else:
            first_with_sha[sha] = path.name
            previous = old_by_name.get(path.name)
            entry = _entry_for_file(path, sha, old, previous, reading, result)
            if entry:
                entries[path.name] = entry
        if progress:
            progress("read", done, len(files))
    result.removed = sorted(set(old_by_name) - {path.name for path in files})
    return list(entries.values())


def _entry_for_file(
    path: Path,
    sha: str,
    old: StoredIndex | None,
    previous: ReportInfo | None,
    reading: _Reading,
    result: BuildResult,
) -> _Entry | None:
    if old and previous and previous.sha256 == sha:
        result.unchanged.append(path.name)
        return _reused_entry(old, previous, path)
    known = reading.preloaded.get(path.name)
    try:
        if known and known.sha256 == sha:
            document = known
        else:
            document = load_document(path, max_chars=reading.max_chars)
    except DocumentError as error:
        result.failed.append((shown_name(path), str(error)))
        return _reused_entry(old, previous, path) if old and previous else None
    (result.replaced if previous else result.added).append(path.name)
    return _new_entry(document, reading.chunk_chars)


def _reused_entry(old: StoredIndex, report: ReportInfo, path: Path) -> _Entry:
    rows = old.rows_of(report.doc_id)
    vectors = old.stored_vectors()[rows] if rows else None
    sentences = [old.chunk_sentence_vectors(row) for row in rows]
    sentence_vectors = np.concatenate(sentences) if sentences else None
    info = ReportInfo(**{**report.__dict__, "file": str(path)})
    return _Entry(info, [old.chunks[i] for i in rows], vectors, sentence_vectors)


def _new_entry(document: Document, chunk_chars: int) -> _Entry:
    chunks = chunk_document(document, chunk_chars=chunk_chars)
    report = ReportInfo(
        doc_id=document.doc_id,
        title=document.title,
        year=document.year,
        file=document.path,
        sha256=document.sha256,
        pages=len(document.pages),
        chunks=len(chunks),
        added=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        issuer=document.issuer,
        delivered=document.delivered,
    )
    return _Entry(report, chunks)


def _embed_missing(
    entries: list[_Entry],
    old: StoredIndex | None,
    embedder: Embedder,
    result: BuildResult,
    progress: BuildProgress | None,
) -> None:
    """Embed the chunks and sentences of new and changed reports, reusing vectors of text seen
    before. Chunks are embedded with their context (`passage_text`), sentences as quoted."""
    pending = [entry for entry in entries if entry.vectors is None]
    known = _known_vectors(old) if old and pending else {}
    chunk_texts = [[passage_text(c, e.report.title) for c in e.chunks] for e in pending]
    sentence_texts = [sentence_texts_of(entry.chunks) for entry in pending]
    wanted = {text for texts in chunk_texts + sentence_texts for text in texts}
    missing = sorted(wanted - known.keys())
    if missing:
        total = len(missing)
        log.info("embedding %d passages and sentences with %s", total, embedder.name)
        vectors = embedder.encode_passages(
            missing, progress=(lambda done: progress("embed", done, total)) if progress else None
        )
        known.update(zip(missing, vectors, strict=True))
    result.embedded = len(missing)
    for entry, chunks, sentences in zip(pending, chunk_texts, sentence_texts, strict=True):
        entry.vectors = _stack(known, chunks, embedder.dimension)
        entry.sentence_vectors = _stack(known, sentences, embedder.dimension)


def sentence_texts_of(chunks: Sequence[Chunk]) -> list[str]:
    """Every sentence of `chunks`, in order: the rows of the sentence vectors."""
    return [chunk.text[s:e] for chunk in chunks for s, e in chunk.sentences]


def _stack(known: Mapping[str, np.ndarray], texts: list[str], dimension: int) -> np.ndarray:
    rows = [known[text] for text in texts]
    return np.array(rows, dtype=np.float32).reshape(len(texts), dimension)


def _known_vectors(old: StoredIndex) -> dict[str, np.ndarray]:
    """Text -> vector of every chunk (as embedded) and sentence of the old index."""
    titles = {report.doc_id: report.title for report in old.reports.values()}
    vectors = old.stored_vectors()
    known = dict(zip(sentence_texts_of(old.chunks), old.sentence_vectors, strict=True))
    for row, chunk in enumerate(old.chunks):
        known[passage_text(chunk, titles[chunk.doc_id])] = vectors[row]
    return known


def _save(
    index_dir: Path,
    entries: list[_Entry],
    embedder: Embedder,
    chunk_chars: int,
    staging: Path,
    old: StoredIndex | None = None,
) -> None:
    entries = sorted(entries, key=lambda entry: Path(entry.report.file).name)
    chunks = [chunk for entry in entries for chunk in entry.chunks]
    vectors = _concatenate([entry.vectors for entry in entries], embedder.dimension)
    sentences = _concatenate([entry.sentence_vectors for entry in entries], embedder.dimension)
    manifest = {
        "package_version": __version__,
        "embedder": {"name": embedder.name, "dimension": embedder.dimension},
        "chunker": chunker_settings(chunk_chars),
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "sources": [{"file": e.report.file, "sha256": e.report.sha256} for e in entries],
    }
    reports = [entry.report for entry in entries]
    save_index(
        index_dir,
        manifest=manifest,
        reports=reports,
        chunks=chunks,
        vectors=vectors,
        sentence_vectors=sentences,
        staging=staging,
        previous=old,
        figures=_figure_table(entries),
    )


def _figure_table(entries: list[_Entry]) -> list[dict[str, Any]]:
    """The figures table of the reports being saved, stored with them so the table is read,
    not recomputed, on request. Computed for every report (a regex pass, no model): the rows of
    a removed report go with it, and a kept one's rows follow its current file and rules."""
    # answer/ builds on index/, so its figure rules are imported when a build needs them
    from assistant.answer.facts import report_figure_rows, stored_row

    return [
        stored_row(entry.report.doc_id, row)
        for entry in entries
        for row in report_figure_rows(entry.report, entry.chunks)
    ]


def _concatenate(parts: list[np.ndarray | None], dimension: int) -> np.ndarray:
    present = [part for part in parts if part is not None and len(part)]
    return np.concatenate(present) if present else np.zeros((0, dimension), np.float32)

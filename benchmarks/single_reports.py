"""One index per train report, holding that report alone: the situation of a resident whose index
holds one report (the seed), where every passage is on the same place and cosines run high.

A question about a report asked of an index of 39 reports meets other places' passages; asked
of its own report alone, it meets only near neighbours, as a seed question does. The answer
model never saw answerable questions in that situation (its one-report sources are all
negatives), so it refused what residents ask of the seed in their own words.

    python benchmarks/single_reports.py          # builds benchmarks/.cache/alone/<report>/

The indexes are built by `sync_index`, the code `assistant index` runs, with an embedder that
serves the vectors the train index already holds (text -> vector), so no passage is embedded
again; questions are still embedded by the model.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from realpath import ALONE, CACHE, CORPUS, SETS, alone_corpus, layout, put, read_jsonl  # noqa: E402

from assistant.config import Settings  # noqa: E402
from assistant.engine import ReportAssistant  # noqa: E402
from assistant.index.build import _known_vectors, sync_index  # noqa: E402
from assistant.index.embedders import Embedder, Progress  # noqa: E402


class KnownVectors:
    """The embedder of `model`, serving passages whose vectors are known without embedding."""

    def __init__(self, model: Embedder, known: dict[str, np.ndarray]) -> None:
        self.model, self.known = model, known
        self.name, self.dimension = model.name, model.dimension

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self.model.encode_queries(texts)

    def encode_passages(
        self, texts: Sequence[str], *, progress: Progress | None = None
    ) -> np.ndarray:
        missing = [text for text in texts if text not in self.known]
        if missing:
            self.known.update(zip(missing, self.model.encode_passages(missing), strict=True))
        return np.array([self.known[text] for text in texts], dtype=np.float32)


def build(files: Sequence[str]) -> None:
    """An index per report in `files` (paths as in train_questions.jsonl's `file`)."""
    embedder, chunk_chars = train_vectors()
    for file in files:
        text = (CORPUS / file).read_text(encoding="utf-8")
        index_alone(alone_corpus(file), file, text, embedder, chunk_chars)
    print(f"{len(files)} one-report indexes in {CACHE / ALONE}", file=sys.stderr)


def train_vectors() -> tuple[KnownVectors, int]:
    """The model serving the train index's vectors without embedding them again, and the chunk
    size that index was built with."""
    settings = Settings(documents_dir=layout("train"), index_dir=CACHE / "train" / "index")
    searcher = ReportAssistant(settings).searcher()
    return KnownVectors(searcher.embedder, _known_vectors(searcher.index)), settings.chunk_chars


def index_alone(
    corpus: str, file: str, text: str, embedder: KnownVectors, chunk_chars: int
) -> None:
    """`text` as report `file` alone in cache folder `corpus`, indexed by `sync_index` (the code
    `assistant index` runs)."""
    documents = CACHE / corpus / "documents"
    documents.mkdir(parents=True, exist_ok=True)
    put(documents / Path(file).name, text)
    sync_index(
        [documents], index_dir=CACHE / corpus / "index", embedder=embedder, chunk_chars=chunk_chars
    )


def train_files() -> list[str]:
    return sorted({row["file"] for row in read_jsonl(SETS["train"][0])})


if __name__ == "__main__":
    build(train_files())

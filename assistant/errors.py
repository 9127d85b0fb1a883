"""The exception tree. Every user-facing error carries a Chinese and an English sentence.

    AssistantError                 said to the user: what happened, what to do
    ├── DocumentError              a file cannot be read as a report
    ├── EmptyCorpusError           no readable report in the given paths
    ├── IndexMissingError          no index yet
    ├── IndexCorruptError          the index on disk cannot be loaded
    ├── EmbedderMismatchError      the index was built by another embedding model
    ├── EmbedderUnavailableError   the embedding model or its package is not installed
    ├── QuestionError              an empty, over-long or non-text question; a bad k
    └── ReportNotFoundError        a report name that is not in the index

Programmer mistakes stay plain ValueError / TypeError.
"""

from __future__ import annotations


class AssistantError(Exception):
    """An error the user can act on; `str()` gives both languages."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en


class DocumentError(AssistantError):
    """A file cannot be read as a report."""


class EmptyCorpusError(AssistantError):
    """No readable report was found."""


class IndexMissingError(AssistantError):
    """There is no index to search."""


class IndexCorruptError(AssistantError):
    """The index folder exists but cannot be loaded."""


class EmbedderMismatchError(AssistantError):
    """The index was built with another embedding model."""


class EmbedderUnavailableError(AssistantError):
    """The embedding model or its package is missing."""


class QuestionError(AssistantError):
    """The question cannot be answered as asked (empty, too long)."""


class ReportNotFoundError(AssistantError):
    """A report named by the user is not in the index."""

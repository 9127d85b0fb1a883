"""`ReportAssistant`: the one object the CLI and the web app talk to.

It owns the settings, the embedding model (loaded once) and the live index, which it reloads
when a build has switched the index's CURRENT generation, so a running app serves a new report
without a restart and keeps answering from the old index while the build runs.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Collection, Sequence
from pathlib import Path

from assistant.answers import answer_from_hits
from assistant.config import Settings
from assistant.embedders import Embedder, make_embedder
from assistant.errors import QuestionError
from assistant.indexing import BuildProgress, BuildResult, sync_index
from assistant.retrieval import Searcher
from assistant.schema import Answer, ReportInfo
from assistant.store import current_generation, load_index

log = logging.getLogger(__name__)
MAX_PASSAGES = 50


class ReportAssistant:
    """Ask questions of the reports in `settings.index_dir`; (re)build that index."""

    def __init__(self, settings: Settings | None = None, *, embedder: Embedder | None = None):
        self.settings = settings or Settings.from_env()
        self._embedder = embedder
        self._searcher: Searcher | None = None
        self._generation: Path | None = None
        self._lock = threading.Lock()

    @property
    def embedder(self) -> Embedder:
        with self._lock:
            if self._embedder is None:
                self._embedder = make_embedder(self.settings.embedder)
            return self._embedder

    def searcher(self) -> Searcher:
        """The searcher over the live index, reloaded if a build switched generations."""
        embedder = self.embedder
        live = current_generation(self.settings.index_dir)
        with self._lock:
            if self._searcher is None or live != self._generation:
                index = load_index(self.settings.index_dir)
                self._searcher = Searcher(index, embedder)
                self._generation = index.folder
                log.info("serving index %s", index.folder)
            return self._searcher

    def ask(
        self, question: str, *, k: int | None = None, reports: Collection[str] | None = None
    ) -> Answer:
        """Answer `question` from the reports (optionally only those doc_ids)."""
        question = self.check_question(question)
        if k is not None and not 1 <= k <= MAX_PASSAGES:
            raise QuestionError(
                f"段落数 k 应在 1 到 {MAX_PASSAGES} 之间。", f"k must be between 1 and {MAX_PASSAGES}."
            )
        searcher = self.searcher()
        hits, scores = searcher.search(question, k=k or self.settings.top_k, reports=reports)
        return answer_from_hits(question, hits, searcher.index, scores)

    def check_question(self, question: str) -> str:
        """The stripped question, or a QuestionError for an empty or over-long one."""
        question = (question or "").strip()
        if not question:
            raise QuestionError("问题为空，请输入一个问题。", "The question is empty; please ask one.")
        limit = self.settings.max_question_chars
        if len(question) > limit:
            raise QuestionError(
                f"问题太长（{len(question)} 字），请控制在 {limit} 字以内。",
                f"The question is too long ({len(question)} characters); keep it under {limit}.",
            )
        return question

    def build(
        self,
        paths: Sequence[Path] | None = None,
        *,
        rebuild: bool = False,
        progress: BuildProgress | None = None,
    ) -> BuildResult:
        """Bring the index in line with `paths` (default: the documents folder)."""
        return sync_index(
            list(paths or [self.settings.documents_dir]),
            index_dir=self.settings.index_dir,
            embedder=self.embedder,
            chunk_chars=self.settings.chunk_chars,
            rebuild=rebuild,
            progress=progress,
        )

    def reports(self) -> list[ReportInfo]:
        """The indexed reports, newest year first."""
        index = self.searcher().index
        return sorted(index.reports.values(), key=lambda r: (-(r.year or 0), r.title))

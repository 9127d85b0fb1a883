"""`ReportAssistant`: the one object the CLI and the web app talk to.

It owns the settings, the embedding model (loaded once) and the live index, which it reloads
when a build has switched the index's CURRENT generation, so a running app serves a new report
without a restart and keeps answering from the old index while the build runs.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import re
import shutil
import threading
import time
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path

from assistant.answer.evidence import CANDIDATE_PASSAGES
from assistant.answer.model import AnswerModel, load_answer_model
from assistant.answer.quote import answer_from_hits
from assistant.answer.source import source_view
from assistant.answer.trend import answer_across_years
from assistant.config import MAX_PASSAGES, Settings
from assistant.errors import AssistantError, DocumentError, QuestionError
from assistant.index.build import BuildProgress, BuildResult, sync_files, sync_index
from assistant.index.embedders import Embedder, make_embedder
from assistant.index.leftovers import build_lock, remove_leftovers
from assistant.index.library import (
    INCOMING_FOLDER,
    REMOVED_FOLDER,
    AddResult,
    RemoveResult,
    find_report,
    folder_hashes,
    keep_copy,
    move_out,
    safe_file_name,
    same_name,
    stage_copy,
)
from assistant.index.store import current_generation, load_index, read_reports
from assistant.reading.documents import (
    find_document_files,
    load_document,
)
from assistant.reading.pdf_text import page_image
from assistant.schema import Answer, Citation, Document, ReportInfo, SourceView
from assistant.search.followup import complete
from assistant.search.searcher import Searcher

log = logging.getLogger(__name__)
# Characters a question never needs, and that could reorder or hide what is echoed back:
# C0/C1 controls `\x00` `\x1b`, bidi embeddings and overrides `\u202e`, isolates `\u2066`, marks
QUESTION_NOISE = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
# Tab and line breaks separate words: `工业\n投资` -> `工业 投资`
QUESTION_SPACE = re.compile(r"[\t\n\r]+")


class ReportAssistant:
    """Ask questions of the reports in `settings.index_dir`; (re)build that index."""

    def __init__(self, settings: Settings | None = None, *, embedder: Embedder | None = None):
        self.settings = settings or Settings.from_env()
        self._embedder = embedder
        self._searcher: Searcher | None = None
        self._answer_model: AnswerModel | None = None
        self._generation: Path | None = None
        self._lock = threading.Lock()

    @property
    def embedder(self) -> Embedder:
        with self._lock:
            if self._embedder is None:
                self._embedder = make_embedder(self.settings.embedder)
            return self._embedder

    @property
    def answer_model(self) -> AnswerModel:
        """The fitted answer model for this assistant's embedder (loaded once)."""
        name = self.embedder.name
        with self._lock:
            if self._answer_model is None:
                self._answer_model = load_answer_model(name)
            return self._answer_model

    def searcher(self) -> Searcher:
        """The searcher over the live index, reloaded if a build switched generations.

        The new generation is loaded outside the lock, so questions keep being answered from
        the old one meanwhile; if it cannot be loaded, the old one keeps serving.
        """
        embedder = self.embedder
        with self._lock:
            current, generation = self._searcher, self._generation
        try:
            live = current_generation(self.settings.index_dir)
            if current is not None and live == generation:
                return current
            index = load_index(self.settings.index_dir)
            searcher = Searcher(index, embedder)
        except AssistantError as error:
            if current is None:
                raise
            log.warning("still serving %s; the new index failed to load: %s", generation, error.en)
            return current
        with self._lock:
            self._searcher, self._generation = searcher, index.folder
        log.info("serving index %s", index.folder)
        return searcher

    def ask(
        self,
        question: str,
        *,
        k: int | None = None,
        reports: Collection[str] | None = None,
        context: Sequence[str] = (),
    ) -> Answer:
        """Answer `question` from the reports (optionally only those doc_ids); `context` holds
        the conversation's earlier questions, oldest first, that an elliptical question
        (`河南呢？`) is completed from (`Answer.understood_as`)."""
        question = self.check_question(question)
        check_k(k)
        understood, rewritten = complete(question, [str(c) for c in context or ()])
        searcher = self.searcher()
        query = searcher.understand(understood)
        shown = k or self.settings.top_k
        # The answer is chosen among more passages than are shown.
        hits, scores = searcher.search(query, k=max(shown, CANDIDATE_PASSAGES), reports=reports)
        if query.wants_trend:  # each year's report answers, however low it ranks overall
            each = searcher.search_each_report(query, scores, k=CANDIDATE_PASSAGES, reports=reports)
            answer = answer_across_years(
                query, hits, each, searcher.index, scores, self.answer_model
            )
        else:
            answer = answer_from_hits(query, hits, searcher.index, scores, self.answer_model)
        return dataclasses.replace(
            answer,
            question=question,
            understood_as=understood if rewritten else "",
            reading=query.reading,
            hits=answer.hits[:shown],
            citations=answer.citations[:shown],
        )

    def sources(self, citations: Sequence[Citation]) -> list[SourceView | None]:
        """Each citation's source view (None when its report has left the index); a PDF page
        is rendered once however often it is cited."""
        index = self.searcher().index
        doc_ids = {report.file: report.doc_id for report in index.reports.values()}
        images: dict[tuple[str, int], bytes | None] = {}
        views: list[SourceView | None] = []
        for citation in citations:
            doc_id = doc_ids.get(citation.file)
            if doc_id is None:
                views.append(None)
                continue
            view = source_view(index, doc_id, citation.start, citation.end)
            page = view.citation.page
            if page is not None and citation.file.lower().endswith(".pdf"):
                if (citation.file, page) not in images:
                    images[citation.file, page] = self._page_image(citation.file, page)
                view = dataclasses.replace(view, page_image=images[citation.file, page])
            views.append(view)
        return views

    def _page_image(self, file: str, page: int) -> bytes | None:
        """The PDF page as PNG, from the file as recorded or by name in the documents folder."""
        for path in (Path(file), self.settings.documents_dir / Path(file).name):
            if path.is_file():
                try:
                    return page_image(path, page)
                except Exception as error:  # a damaged file: the view shows the text only
                    log.warning("cannot render page %s of %s: %s", page, path, error)
                    return None
        return None

    def check_question(self, question: str) -> str:
        """The cleaned question, or a QuestionError for an empty, over-long or non-text one."""
        if not isinstance(question, str | None):
            raise QuestionError("问题应是一段文字。", "The question must be text (a string).")
        question = clean_question(question or "")
        if not question:
            raise QuestionError(
                "问题为空，请输入一个问题。", "The question is empty; please ask one."
            )
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
            max_chars=self.settings.max_report_chars,
        )

    def reports(self) -> list[ReportInfo]:
        """The indexed reports, newest year first."""
        return newest_first(self.searcher().index.reports.values())

    def report_list(self) -> list[ReportInfo]:
        """The indexed reports, newest year first, read without loading the model or vectors."""
        return newest_first(read_reports(self.settings.index_dir))

    def add(
        self,
        paths: Sequence[Path],
        *,
        names: Sequence[str] | None = None,
        replace: bool = False,
        progress: BuildProgress | None = None,
    ) -> AddResult:
        """Check each file, copy the good ones into the documents folder, then sync the index.

        `names` are the file names to save under (default: each path's name), e.g. an
        upload's original name. A file that cannot be read is refused and not copied; one whose
        content is already there changes nothing; a different file with a taken name replaces
        the old one only with `replace`.
        """
        names = list(names) if names is not None else [Path(path).name for path in paths]
        if len(names) != len(paths):
            raise ValueError("one name per path")
        result = AddResult()
        with build_lock(self.settings.index_dir):
            present = folder_hashes(self.settings.documents_dir)
            preloaded: dict[str, Document] = {}
            for path, given in zip(paths, names, strict=True):
                try:
                    self._add_one(Path(path), given, present, preloaded, replace, result)
                except AssistantError as error:
                    result.refused.append((given, error))
            if preloaded:
                result.build = self._sync_folder(preloaded=preloaded, progress=progress)
        return result

    def _add_one(
        self,
        path: Path,
        given: str,
        present: dict[str, str],
        preloaded: dict[str, Document],
        replace: bool,
        result: AddResult,
    ) -> None:
        name = safe_file_name(given)
        incoming = stage_copy(path, name, self.settings.documents_dir)
        try:
            document = load_document(incoming, max_chars=self.settings.max_report_chars)
            twin = next((other for other, sha in present.items() if sha == document.sha256), None)
            if twin:
                result.present.append((given, twin))
                return
            taken = same_name(name, present)
            if taken and not replace:
                raise DocumentError(
                    f"已有另一份报告叫 {taken}；如要替换，请加 --replace（或勾选“替换同名报告”）。",
                    f"A different report named {taken} is already there; "
                    "use --replace to replace it.",
                )
            target = self.settings.documents_dir / name
            if taken:  # the old version stays recoverable, like a removed report
                old = self.settings.documents_dir / taken
                keep_copy(old, self._bin_folder())
                if taken != name:  # `x.TXT` replacing `x.txt`: one file, the new name
                    old.unlink()
                    del present[taken]
            os.replace(incoming, target)
        finally:
            incoming.unlink(missing_ok=True)
            with contextlib.suppress(OSError):
                incoming.parent.rmdir()  # only when empty: another add may be using it
        (result.replaced if taken else result.added).append(name)
        present[name] = document.sha256
        preloaded[name] = dataclasses.replace(document, path=str(target))

    def remove(
        self, reports: Sequence[str], *, progress: BuildProgress | None = None
    ) -> RemoveResult:
        """Move reports (file name, title or doc_id) to `documents/.removed/`, then sync."""
        result = RemoveResult()
        with build_lock(self.settings.index_dir):
            known = read_reports(self.settings.index_dir)
            chosen = {report.doc_id: report for report in (find_report(r, known) for r in reports)}
            bin_folder = self._bin_folder()
            for report in chosen.values():
                result.removed.append(report)
                moved = move_out(self.settings.documents_dir / Path(report.file).name, bin_folder)
                if moved:
                    result.moved.append((Path(report.file).name, str(moved)))
            result.build = self._sync_folder(progress=progress)
        return result

    def clean_leftovers(self) -> None:
        """Remove what a killed run left: staged uploads (`.incoming/`), partial generations.

        Under the build lock: an `add` holds it while its file sits in `.incoming/`.
        """
        with build_lock(self.settings.index_dir):
            shutil.rmtree(self.settings.documents_dir / INCOMING_FOLDER, ignore_errors=True)
            remove_leftovers(self.settings.index_dir)

    def _bin_folder(self) -> Path:
        """Where files taken out of the documents folder now go: `.removed/<time>/`."""
        return self.settings.documents_dir / REMOVED_FOLDER / time.strftime("%Y%m%d-%H%M%S")

    def _sync_folder(
        self,
        *,
        preloaded: dict[str, Document] | None = None,
        progress: BuildProgress | None = None,
    ) -> BuildResult:
        """Sync with the documents folder (even when empty); the caller holds the build lock."""
        folder = self.settings.documents_dir
        return sync_files(
            find_document_files([folder]) if folder.is_dir() else [],
            index_dir=self.settings.index_dir,
            embedder=self.embedder,
            chunk_chars=self.settings.chunk_chars,
            progress=progress,
            preloaded=preloaded,
            max_chars=self.settings.max_report_chars,
        )


def clean_question(text: str) -> str:
    """`text` without control and bidi characters, line breaks as spaces, stripped."""
    return QUESTION_NOISE.sub("", QUESTION_SPACE.sub(" ", text)).strip()


def check_k(k: object) -> None:
    """Refuse a passage count that is not a whole number from 1 to MAX_PASSAGES."""
    if k is None:
        return
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= MAX_PASSAGES:
        raise QuestionError(
            f"段落数 k 应是 1 到 {MAX_PASSAGES} 之间的整数（收到 {str(k)[:20]!r}）。",
            f"k must be a whole number from 1 to {MAX_PASSAGES} (got {str(k)[:20]!r}).",
        )


def newest_first(reports: Iterable[ReportInfo]) -> list[ReportInfo]:
    return sorted(reports, key=lambda r: (-(r.year or 0), r.title, r.file))

"""Frozen dataclasses that flow between modules. No logic lives here.

Document --structure--> Chunk --retrieval--> Hit --answers--> Answer
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    """One page of a PDF: `document.text[start:end]` is its text (1-based `number`)."""

    number: int
    start: int
    end: int


@dataclass(frozen=True)
class Document:
    """A report as read from disk, cleaned; every offset elsewhere points into `text`."""

    doc_id: str
    title: str
    year: int | None
    path: str
    text: str
    sha256: str
    pages: tuple[Page, ...] = ()
    issuer: str | None = None
    delivered: str | None = None  # ISO date of the report's date line, e.g. `2021-12-30`

    def page_at(self, offset: int) -> int | None:
        """The page number holding character `offset`, or None for a paged-less file."""
        for page in self.pages:
            if page.start <= offset < page.end:
                return page.number
        return self.pages[-1].number if self.pages and offset >= self.pages[-1].end else None


@dataclass(frozen=True)
class Chunk:
    """A few sentences of one paragraph of one section: `document.text[start:end] == text`.

    `sentences` holds (start, end) pairs relative to `start`; `paragraph` counts the
    body paragraphs of the innermost section from 1.
    """

    chunk_id: str
    doc_id: str
    section_path: tuple[str, ...]
    paragraph: int
    text: str
    start: int
    end: int
    page: int | None = None  # the page the chunk starts on
    sentences: tuple[tuple[int, int], ...] = ()
    # (offset relative to `start`, page number) where a later page begins inside the chunk: a
    # paragraph runs over a page break, and a sentence after it is cited on its own page
    page_breaks: tuple[tuple[int, int], ...] = ()

    def page_at(self, offset: int) -> int | None:
        """The page holding document offset `offset` of this chunk."""
        page = self.page
        for relative, number in self.page_breaks:
            if offset - self.start >= relative:
                page = number
        return page


@dataclass(frozen=True)
class Citation:
    """Where a quote stands, so a person can check it."""

    report: str
    file: str
    section: tuple[str, ...]
    paragraph: int
    page: int | None
    start: int
    end: int
    year: int | None = None


@dataclass(frozen=True)
class Hit:
    """A chunk returned by a search; `score` is the fused score that orders hits, `row` the
    chunk's row in the index (-1 when it comes from elsewhere)."""

    chunk: Chunk
    score: float
    row: int = -1


@dataclass(frozen=True)
class Passage:
    """What a list of supporting passages shows: the hits of one paragraph of one report,
    merged; `citation` spans them all and `score` is the best hit's."""

    text: str
    score: float
    citation: Citation


@dataclass(frozen=True)
class ReportInfo:
    """One indexed report as the index records it (no text: that lives in the chunks)."""

    doc_id: str
    title: str
    year: int | None
    file: str
    sha256: str
    pages: int
    chunks: int
    added: str
    issuer: str | None = None
    delivered: str | None = None  # ISO date of the report's date line


@dataclass(frozen=True)
class Figure:
    """A quantity in report text, e.g. `增长35.7%`: value 35.7, unit `%`, qualifier `增长`.

    `start`/`end` are offsets into the sentence it was found in.
    """

    text: str
    value: float | None
    unit: str
    qualifier: str
    start: int
    end: int
    indicator: str = ""


@dataclass(frozen=True)
class Quote:
    """The exact sentence(s) that answer, the figure in them (if any) and the citation."""

    text: str
    citation: Citation
    figure: Figure | None = None
    year: int | None = None  # the year the quoted passage reports on (a 2023 report's review: 2022)


@dataclass(frozen=True)
class Answer:
    """What the assistant says: a quote when `found`, and always the supporting hits.

    `citations[i]` cites `hits[i]`. `by_report` holds each report's own quote, newest first,
    when several reports answer a question that names no year; for a question across years
    (`Query.wants_trend`), one quote per year reported on, oldest first."""

    question: str  # as asked
    found: bool
    quote: Quote | None
    hits: tuple[Hit, ...]
    citations: tuple[Citation, ...] = ()
    by_report: tuple[Quote, ...] = ()
    understood_as: str = ""  # the question completed from the conversation; "" = as asked
    across_years: bool = False  # `by_report` is one quote per year, oldest first
    reading: tuple[str, ...] = ()  # how the question was read: place, years, indicator


@dataclass(frozen=True)
class SourceParagraph:
    """One paragraph of a report as the source view shows it; `mark` is the (start, end) of
    the highlighted text relative to `text`, or None."""

    text: str
    start: int
    section: tuple[str, ...]
    paragraph: int
    page: int | None
    mark: tuple[int, int] | None = None


@dataclass(frozen=True)
class SourceView:
    """A quote in its place: the paragraph holding it and a few around it, and for a PDF the
    page it is on (`page_image`: PNG bytes, or None)."""

    citation: Citation
    paragraphs: tuple[SourceParagraph, ...]
    page_image: bytes | None = None

"""The source view: a quote shown in its place in the report, from the index's chunks.

    source_view(index, doc_id, start, end) -> SourceView

The paragraph that holds document text [start:end] (the quote), with that text marked, and a
few paragraphs before and after it, each with its section path, so a reader can check the quote
in context without opening the file.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.index.store import StoredIndex
from assistant.schema import Chunk, Citation, SourceParagraph, SourceView

AROUND = 2  # paragraphs shown before and after the quoted one


def source_view(
    index: StoredIndex, doc_id: str, start: int, end: int, *, around: int = AROUND
) -> SourceView:
    """The paragraph holding [start:end] of report `doc_id`, marked, and `around` on each side.

    ValueError when the report is not in the index or no chunk holds `start`."""
    report = index.reports.get(doc_id)
    if report is None:
        raise ValueError(f"no report {doc_id!r} in the index")
    paragraphs = group_paragraphs([index.chunks[row] for row in index.rows_of(doc_id)])
    at = next((i for i, chunks in enumerate(paragraphs) if holds(chunks, start)), None)
    if at is None:
        raise ValueError(f"no paragraph of {doc_id!r} holds offset {start}")
    shown = paragraphs[max(0, at - around) : at + around + 1]
    target = paragraphs[at]
    citation = Citation(
        report=report.title,
        file=report.file,
        section=target[0].section_path,
        paragraph=target[0].paragraph,
        page=page_at(target, start),
        start=start,
        end=end,
        year=report.year,
    )
    views = tuple(paragraph_view(chunks, start, end) for chunks in shown)
    return SourceView(citation=citation, paragraphs=views)


def group_paragraphs(chunks: Sequence[Chunk]) -> list[list[Chunk]]:
    """Chunks in document order, grouped by paragraph (same section path and number)."""
    groups: list[list[Chunk]] = []
    for chunk in sorted(chunks, key=lambda c: c.start):
        last = groups[-1][-1] if groups else None
        if last and (last.section_path, last.paragraph) == (chunk.section_path, chunk.paragraph):
            groups[-1].append(chunk)
        else:
            groups.append([chunk])
    return groups


def holds(chunks: Sequence[Chunk], offset: int) -> bool:
    return chunks[0].start <= offset < chunks[-1].end


def page_at(chunks: Sequence[Chunk], offset: int) -> int | None:
    """The page holding `offset` (a paragraph may run over a page break)."""
    inside = [c for c in chunks if c.start <= offset < c.end]
    return inside[0].page_at(offset) if inside else chunks[0].page


def paragraph_view(chunks: Sequence[Chunk], start: int, end: int) -> SourceParagraph:
    """One paragraph's text (its chunks joined), with [start:end] marked when it is inside."""
    text, position = "", chunks[0].start
    for chunk in chunks:
        gap = chunk.start - position
        text += (" " * gap if gap > 0 else "") + chunk.text[max(0, -gap) :]
        position = max(position, chunk.end)
    first = chunks[0]
    mark = None
    if first.start <= start < end <= position:
        mark = (start - first.start, end - first.start)
    return SourceParagraph(text, first.start, first.section_path, first.paragraph, first.page, mark)

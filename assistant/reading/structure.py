"""Report structure: heading hierarchy, sentences and chunks, all as offsets into `Document.text`.

Chinese reports number their parts `一、` > `（一）` > `1.` > `（1）`, and many paragraphs open with
a short lead phrase that ends in `。` (`持续壮大经济基本盘。…`). Chunks are a few sentences of one
section, so a citation (section path, paragraph) always names where the words stand.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from assistant.reading.headings import heading_level
from assistant.schema import Chunk, Document

# Bump when chunking changes, so an index built the old way is rebuilt rather than mixed.
# Version 2: a report's part named without a number (`2025年工作安排建议`) is a heading.
# Versions 3-4: only a report's title or name gives its issuer (an article title names no issuer);
# a chunk knows where a page begins inside it; a title over two lines is a title.
# Version 5: a congress's resolution on the report, printed above it, is not its title (a file
# name naming no report takes the title of the report it approves).
CHUNKER_VERSION = 5


# A sentence ends at 。！？；(and half-width forms), with closing quotes/brackets kept:
# `…“乙类乙管”措施要求。` | `…示范点。”` stays whole; `104.86亿元` is never split (no `.` here).
SENTENCE_END = re.compile(r"[。！？；!?;]+[”’\"」』）)】》]*")
# A lead phrase: up to 24 characters, no comma or figure, closed by 。 at paragraph start:
# `持续壮大经济基本盘。` (but not `规模以上工业增加值104.86亿元。`, a statement of fact)
LEAD_PHRASE = re.compile(r"^[^，,。；;：:！？!?\s\d%％.．]{2,24}。")
# The first clause of a numbered line whose body follows on the same line.
FIRST_CLAUSE = re.compile(r"^[^。；;：:！？!?]{1,60}[。；;：:！？!?]")

MAX_HEADING_CHARS = 60


@dataclass(frozen=True)
class Paragraph:
    """One line of the document: its offsets, section path, and number within that section."""

    start: int
    end: int
    section_path: tuple[str, ...]
    number: int


def heading_title(line: str) -> str | None:
    """The heading text of a numbered line: the whole short line, or its first clause."""
    if len(line) <= MAX_HEADING_CHARS and not SENTENCE_END.search(line[:-1]):
        return line.rstrip("。；;：:")
    clause = FIRST_CLAUSE.match(line)
    return clause.group(0)[:-1] if clause else None


def lead_phrase(line: str) -> str | None:
    """`持续壮大经济基本盘` for `持续壮大经济基本盘。坚持…`; None without a body after it."""
    match = LEAD_PHRASE.match(line)
    if match and match.end() < len(line):
        return match.group(0)[:-1]
    return None


def iter_lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every non-empty line."""
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip():
            yield start, end
        start = end + 1


def split_paragraphs(document: Document) -> list[Paragraph]:
    """Body paragraphs with their section paths; heading-only lines are not paragraphs."""
    path: list[tuple[int, str]] = []
    counts: dict[tuple[str, ...], int] = {}
    paragraphs = []
    title_lines = _title_line_count(document)
    for index, (start, end) in enumerate(iter_lines(document.text)):
        line = document.text[start:end]
        if index < title_lines:
            continue
        level = heading_level(line)
        title = heading_title(line) if level else None
        if level and title:
            path = [(lvl, name) for lvl, name in path if lvl < level] + [(level, title)]
            if title == line.rstrip("。；;：:"):
                continue
        section = tuple(name for _, name in path)
        lead = None if level else lead_phrase(line)
        key = section + ((lead,) if lead else ())
        counts[section] = counts.get(section, 0) + 1
        paragraphs.append(Paragraph(start, end, key, counts[section]))
    return paragraphs


def _title_line_count(document: Document) -> int:
    """How many leading lines are the title (read from the text, on one line or two)."""
    first, second = [*document.text.split("\n", 2), "", ""][:2]
    if first == document.title:
        return 1
    return 2 if first + second == document.title else 0


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`; a line break also ends a sentence."""
    spans = []
    for line_start, line_end in iter_lines(text):
        start = line_start
        for match in SENTENCE_END.finditer(text, line_start, line_end):
            spans.append((start, match.end()))
            start = match.end()
        if start < line_end:
            spans.append((start, line_end))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def chunk_document(document: Document, *, chunk_chars: int = 200) -> list[Chunk]:
    """Chunks of about `chunk_chars` characters: whole sentences, never across a section."""
    chunks: list[Chunk] = []
    groups = _group_paragraphs(split_paragraphs(document), chunk_chars)
    for group in groups:
        for start, end in _sentence_windows(document.text, group, chunk_chars):
            chunks.append(_make_chunk(document, group[0], start, end))
    return chunks


def _group_paragraphs(paragraphs: list[Paragraph], chunk_chars: int) -> list[list[Paragraph]]:
    """Consecutive short paragraphs of one section are chunked together (table rows, lists)."""
    groups: list[list[Paragraph]] = []
    for paragraph in paragraphs:
        last = groups[-1] if groups else []
        length = sum(p.end - p.start for p in last) + paragraph.end - paragraph.start
        if last and last[0].section_path == paragraph.section_path and length <= chunk_chars:
            last.append(paragraph)
        else:
            groups.append([paragraph])
    return groups


def _sentence_windows(text: str, group: list[Paragraph], chunk_chars: int) -> list[tuple[int, int]]:
    """Greedy windows of whole sentences; a short tail joins the window before it."""
    start, end = group[0].start, group[-1].end
    windows: list[list[int]] = []
    for s, e in split_sentences(text[start:end]):
        if windows and (e - windows[-1][0]) <= chunk_chars:
            windows[-1][1] = e
        else:
            windows.append([s, e])
    if len(windows) > 1 and windows[-1][1] - windows[-1][0] < chunk_chars // 3:
        tail = windows.pop()
        windows[-1][1] = tail[1]
    return [(start + s, start + e) for s, e in windows]


def _make_chunk(document: Document, paragraph: Paragraph, start: int, end: int) -> Chunk:
    text = document.text[start:end]
    digest = hashlib.sha1(f"{document.doc_id}:{start}:{end}:{text}".encode()).hexdigest()
    sentences = tuple((s, e) for s, e in split_sentences(text))
    return Chunk(
        chunk_id=digest[:16],
        doc_id=document.doc_id,
        section_path=paragraph.section_path,
        paragraph=paragraph.number,
        text=text,
        start=start,
        end=end,
        page=document.page_at(start),
        sentences=sentences,
        page_breaks=tuple(
            (page.start - start, page.number) for page in document.pages if start < page.start < end
        ),
    )

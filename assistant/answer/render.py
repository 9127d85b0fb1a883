"""Answers as the JSON object of the CLI and the API, and as plain text for a terminal."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from assistant.schema import Answer, Citation, Hit, Passage, Quote

NOT_FOUND_ZH = "未找到：报告中没有直接回答这个问题的内容。以下是最接近的段落。"


def citation_dict(citation: Citation) -> dict[str, Any]:
    return {
        "report": citation.report,
        "file": citation.file,
        "year": citation.year,
        "section": list(citation.section),
        "paragraph": citation.paragraph,
        "page": citation.page,
        "start": citation.start,
        "end": citation.end,
    }


def quote_dict(quote: Quote) -> dict[str, Any]:
    """`{"text", "year", "figure", "value", "unit", "citation"}`; `year` is the year the quote
    reports on (a 2023 report's review: 2022), `citation.year` the report's own."""
    figure = quote.figure
    return {
        "text": quote.text,
        "year": quote.year,
        "figure": figure.text if figure else None,
        "value": figure.value if figure else None,
        "unit": figure.unit if figure else None,
        "citation": citation_dict(quote.citation),
    }


def passages(hits: Sequence[Hit], citations: Sequence[Citation]) -> list[Passage]:
    """One passage per paragraph of a report: hits from the same paragraph are merged, in the
    order of their best hit, text in document order (a gap between chunks shows as `…`)."""
    groups: dict[tuple[str, tuple[str, ...], int], list[tuple[Hit, Citation]]] = {}
    for hit, citation in zip(hits, citations, strict=False):
        key = (citation.file, citation.section, citation.paragraph)
        groups.setdefault(key, []).append((hit, citation))
    return [merged(members) for members in groups.values()]


def merged(members: list[tuple[Hit, Citation]]) -> Passage:
    """Hits of one paragraph as one passage spanning them all."""
    ordered = sorted(members, key=lambda member: member[1].start)
    text, end = "", ordered[0][1].start
    for hit, citation in ordered:
        if citation.end <= end and text:
            continue  # inside what is already there
        overlap = max(0, end - citation.start)
        text += ("" if citation.start <= end else "…") + hit.chunk.text[overlap:]
        end = max(end, citation.end)
    first = ordered[0][1]
    return Passage(
        text=text,
        score=max(hit.score for hit, _ in members),
        citation=dataclasses.replace(first, end=end),
    )


def answer_dict(answer: Answer) -> dict[str, Any]:
    """`{"question", "found", "answer": {"text", "figure", "citation"} | null, "passages": [...],
    "by_report": [...]}`."""
    return {
        "question": answer.question,
        "understood_as": answer.understood_as or answer.question,
        "reading": list(answer.reading),
        "found": answer.found,
        "answer": None if answer.quote is None else quote_dict(answer.quote),
        "by_report": [quote_dict(quote) for quote in answer.by_report],
        "passages": [
            {
                "rank": rank,
                "score": round(passage.score, 6),
                "text": passage.text,
                "citation": citation_dict(passage.citation),
            }
            for rank, passage in enumerate(passages(answer.hits, answer.citations), 1)
        ],
    }


def citation_text(citation: Citation) -> str:
    """`外海街道… · 一、… › （二）… · 第1段 · 第3页`"""
    parts = [citation.report, " › ".join(citation.section) or "正文", f"第{citation.paragraph}段"]
    if citation.page is not None:
        parts.append(f"第{citation.page}页")
    return " · ".join(parts)


def by_report_label(answer: Answer) -> str:
    """What the list of each report's answers is: year by year, or each year's report."""
    return "历年的回答（按年份，旧在前）" if answer.across_years else "各年度报告的回答（新在前）"


def answer_text(answer: Answer) -> str:
    """The answer for a terminal: the quote and its citation, then the passages."""
    lines = [f"理解为：{answer.understood_as}"] if answer.understood_as else []
    if answer.quote:
        lines += [f"答：「{answer.quote.text}」", f"    —— {citation_text(answer.quote.citation)}"]
    else:
        lines.append(NOT_FOUND_ZH)
    if answer.by_report:
        lines.append(f"\n{by_report_label(answer)}：")
    for quote in answer.by_report:
        year = quote.year if answer.across_years else quote.citation.year
        lines += [f"  {year or ''}：「{quote.text}」", f"    —— {citation_text(quote.citation)}"]
    for rank, passage in enumerate(passages(answer.hits, answer.citations), 1):
        lines += ["", f"[{rank}] {citation_text(passage.citation)}", f"    {passage.text}"]
    return "\n".join(lines)

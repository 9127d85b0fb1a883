"""Heading, sentence and chunk rules, table-driven."""

from __future__ import annotations

import pytest

from assistant.reading.structure import (
    chunk_document,
    heading_level,
    heading_title,
    lead_phrase,
    split_paragraphs,
    split_sentences,
)
from assistant.schema import Document


@pytest.mark.parametrize(
    ("line", "level"),
    [
        ("一、2022年工作情况", 1),
        ("十二、其他工作", 1),
        ("一、二线城市房价保持稳定。", None),
        ("（一）坚决有力防疫情", 2),
        ("(二)全力以赴稳经济,稳中向好态势不断巩固", 2),
        ("1.加快产业升级", 3),
        ("2．优化营商环境", 3),
        ("1.5亿元用于改造。", None),
        ("（1）完善机制", 4),
        ("第一部分 总体要求", 1),
        ("坚持制造业当家。", None),
    ],
)
def test_heading_level(line: str, level: int | None) -> None:
    assert heading_level(line) == level


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("（一）坚决有力防疫情,人民生命安全有效保障", "（一）坚决有力防疫情,人民生命安全有效保障"),
        ("（一）稳住经济大盘。全年地区生产总值增长5%，" + "好" * 60, "（一）稳住经济大盘"),
        ("1." + "很长的一句话没有标点" * 10, None),
    ],
)
def test_heading_title(line: str, title: str | None) -> None:
    assert heading_title(line) == title


@pytest.mark.parametrize(
    ("line", "lead"),
    [
        ("持续壮大经济基本盘。坚持稳字当头、稳中求进。", "持续壮大经济基本盘"),
        ("持续壮大经济基本盘。", None),  # nothing after it: an ordinary sentence
        ("经济运行稳中有进,实现规模以上工业产值超400亿元。", None),
    ],
)
def test_lead_phrase(line: str, lead: str | None) -> None:
    assert lead_phrase(line) == lead


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("甲。乙！丙？", ["甲。", "乙！", "丙？"]),
        ("全面贯彻“乙类乙管”措施要求。下一句。", ["全面贯彻“乙类乙管”措施要求。", "下一句。"]),
        ("他说：“好。”然后走了。", ["他说：“好。”", "然后走了。"]),
        ("增加值104.86亿元,占比35.7%;投资增长。", ["增加值104.86亿元,占比35.7%;", "投资增长。"]),
        ("没有句号的一行\n第二行。", ["没有句号的一行", "第二行。"]),
        ("（见附表。）接着。", ["（见附表。）", "接着。"]),
    ],
)
def test_split_sentences(text: str, sentences: list[str]) -> None:
    assert [text[s:e] for s, e in split_sentences(text)] == sentences


REPORT = "\n".join(
    [
        "示例街道工作报告",
        "一、2022年工作情况",
        "2022年，街道各项工作取得新成效。",
        "（一）稳经济",
        "规模以上工业增加值104.86亿元。工业投资增长35.7%。" * 6,
        "二、2023年工作谋划",
        "（一）兴产业",
        "持续壮大经济基本盘。坚持稳字当头。",
        "锻造制造业优势长板。坚持“工业立街”不动摇。",
    ]
)


def make_document(text: str = REPORT) -> Document:
    return Document("doc", "示例街道工作报告", 2023, "x.txt", text, "sha")


def test_paragraphs_carry_section_paths() -> None:
    document = make_document()
    paths = [p.section_path for p in split_paragraphs(document)]
    assert paths == [
        ("一、2022年工作情况",),
        ("一、2022年工作情况", "（一）稳经济"),
        ("二、2023年工作谋划", "（一）兴产业", "持续壮大经济基本盘"),
        ("二、2023年工作谋划", "（一）兴产业", "锻造制造业优势长板"),
    ]


@pytest.mark.parametrize("chunk_chars", [40, 100, 200, 1000])
def test_chunks_are_exact_slices_within_one_section(chunk_chars: int) -> None:
    document = make_document()
    chunks = chunk_document(document, chunk_chars=chunk_chars)
    assert chunks
    for chunk in chunks:
        assert document.text[chunk.start : chunk.end] == chunk.text
        for s, e in chunk.sentences:
            assert chunk.text[s:e].strip()
        assert "二、2023年工作谋划" not in chunk.text  # headings are paths, not body
    sections = {chunk.section_path for chunk in chunks}
    assert len(sections) == 4


def test_chunk_ids_are_deterministic() -> None:
    first = [c.chunk_id for c in chunk_document(make_document())]
    assert first == [c.chunk_id for c in chunk_document(make_document())]
    assert len(set(first)) == len(first)


def test_masked_words_are_kept() -> None:
    document = make_document("一、概况\n率先开放34****医疗机构，建成2****服务站。")
    (chunk,) = chunk_document(document)
    assert "34****医疗机构" in chunk.text

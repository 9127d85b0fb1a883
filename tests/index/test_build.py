"""Building, updating and loading the index folder (hashing embedder: fast, deterministic)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.engine import ReportAssistant
from assistant.errors import (
    EmbedderMismatchError,
    EmptyCorpusError,
    IndexCorruptError,
    IndexMissingError,
)
from assistant.index.embedders import HashingEmbedder
from assistant.index.store import current_generation, load_index
from tests.conftest import SMALL_REPORT, texts_to_embed, write_report


def test_build_writes_a_complete_generation(hashing_assistant: ReportAssistant) -> None:
    result = hashing_assistant.build()
    assert len(result.added) == 1 and result.chunks > 0
    index = load_index(hashing_assistant.settings.index_dir)
    (report,) = index.reports.values()
    assert result.embedded == len(texts_to_embed(index.chunks, report.title)) > result.chunks
    folder = current_generation(hashing_assistant.settings.index_dir)
    assert folder is not None
    names = {p.name for p in folder.iterdir()}
    assert {"manifest.json", "chunks.jsonl", "reports.jsonl", "vectors.faiss", "bm25"} <= names
    assert "sentences.npy" in names
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["embedder"] == {"name": "hashing:256", "dimension": 256}
    assert manifest["sources"][0]["sha256"]
    assert "规模以上工业增加值" in (folder / "chunks.jsonl").read_text(
        encoding="utf-8"
    )  # not \\u-escaped


def test_chunks_point_into_the_document_text(hashing_assistant: ReportAssistant) -> None:
    from assistant.reading.documents import load_document

    hashing_assistant.build()
    index = load_index(hashing_assistant.settings.index_dir)
    (report,) = index.reports.values()
    document = load_document(report.file)
    for chunk in index.chunks:
        assert document.text[chunk.start : chunk.end] == chunk.text


def test_unchanged_files_are_not_embedded_again(hashing_assistant: ReportAssistant) -> None:
    hashing_assistant.build()
    again = hashing_assistant.build()
    assert again.unchanged == ["示例街道2023年工作报告.txt"] and again.embedded == 0


def test_changed_file_is_replaced_and_only_new_text_embedded(
    hashing_assistant: ReportAssistant,
) -> None:
    hashing_assistant.build()
    write_report(
        hashing_assistant.settings.documents_dir,
        text=SMALL_REPORT + "（三）强治理\n新建网格77个。\n",
    )
    result = hashing_assistant.build()
    assert result.replaced == ["示例街道2023年工作报告.txt"]
    assert result.embedded == 2  # the new chunk in context, and its one sentence
    assert "新建网格77个。" in hashing_assistant.ask("新建网格多少个").hits[0].chunk.text


def test_deleted_file_leaves_no_trace(hashing_assistant: ReportAssistant) -> None:
    documents = hashing_assistant.settings.documents_dir
    write_report(documents, "另一份报告.txt", "一、概况\n龙舟公园建成开放。\n")
    hashing_assistant.build()
    (documents / "另一份报告.txt").unlink()
    result = hashing_assistant.build()
    assert result.removed == ["另一份报告.txt"]
    index = load_index(hashing_assistant.settings.index_dir)
    assert all("龙舟公园建成开放" not in chunk.text for chunk in index.chunks)
    assert index.vectors.ntotal == len(index.chunks)
    assert "开放" not in index.bm25.vocab_dict  # BM25 was rebuilt without the report


def test_unreadable_file_keeps_its_earlier_version(hashing_assistant: ReportAssistant) -> None:
    hashing_assistant.build()
    report = hashing_assistant.settings.documents_dir / "示例街道2023年工作报告.txt"
    report.write_bytes(b"")
    result = hashing_assistant.build()
    assert result.failed and "示例街道2023年工作报告.txt" in result.failed[0][0]
    assert hashing_assistant.ask("工业投资增长多少").found


def test_same_content_twice_is_indexed_once(hashing_assistant: ReportAssistant) -> None:
    documents = hashing_assistant.settings.documents_dir
    write_report(documents, "副本.txt")  # sorts first: the original is the duplicate
    result = hashing_assistant.build()
    assert len(result.added) == 1 and len(result.failed) == 1
    assert "重复" in result.failed[0][1] and "Same as" in result.failed[0][1]


def test_empty_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assistant = ReportAssistant(
        Settings(documents_dir=tmp_path / "empty", index_dir=tmp_path / "index"),
        embedder=HashingEmbedder(),
    )
    with pytest.raises(EmptyCorpusError, match="No report files"):
        assistant.build()


def test_missing_index_says_what_to_do(tmp_path: Path) -> None:
    assistant = ReportAssistant(Settings(index_dir=tmp_path / "none"), embedder=HashingEmbedder())
    with pytest.raises(IndexMissingError, match="assistant index"):
        assistant.ask("工业投资增长多少")


def test_corrupt_index_says_how_to_rebuild(hashing_assistant: ReportAssistant) -> None:
    hashing_assistant.build()
    folder = current_generation(hashing_assistant.settings.index_dir)
    assert folder is not None
    (folder / "vectors.faiss").write_bytes(b"garbage")
    with pytest.raises(IndexCorruptError, match="--rebuild"):
        load_index(hashing_assistant.settings.index_dir)


def test_index_of_another_model_is_refused(hashing_assistant: ReportAssistant) -> None:
    hashing_assistant.build()
    other = ReportAssistant(hashing_assistant.settings, embedder=HashingEmbedder(64))
    with pytest.raises(EmbedderMismatchError, match="hashing:256"):
        other.ask("工业投资增长多少")


def test_changing_model_rebuilds_everything(hashing_assistant: ReportAssistant) -> None:
    hashing_assistant.build()
    other = ReportAssistant(hashing_assistant.settings, embedder=HashingEmbedder(64))
    result = other.build()
    index = load_index(hashing_assistant.settings.index_dir)
    (report,) = index.reports.values()
    assert result.embedded == len(texts_to_embed(index.chunks, report.title)) > 0
    assert other.ask("工业投资增长多少").found


def test_a_running_assistant_picks_up_a_new_generation(hashing_assistant: ReportAssistant) -> None:
    hashing_assistant.build()
    assert "龙舟赛" not in hashing_assistant.ask("龙舟赛").hits[0].chunk.text
    write_report(
        hashing_assistant.settings.documents_dir, "新报告.txt", "一、概况\n举办龙舟赛3场。\n"
    )
    builder = ReportAssistant(hashing_assistant.settings, embedder=HashingEmbedder())
    builder.build()
    assert "龙舟赛" in hashing_assistant.ask("龙舟赛").hits[0].chunk.text


def test_partial_generation_is_ignored(hashing_assistant: ReportAssistant) -> None:
    """A build killed before the switch leaves a .partial folder; the live index still loads."""
    hashing_assistant.build()
    index_dir = hashing_assistant.settings.index_dir
    (index_dir / "gen-99999999-000000-999999-1.partial").mkdir()
    assert load_index(index_dir).chunks


GBK_NAME = b"\xb1\xa8\xb8\xe6.txt"  # 报告.txt written by a GBK system: not UTF-8


def test_a_file_name_that_is_not_utf8_is_skipped_with_a_message(
    hashing_assistant: ReportAssistant,
) -> None:
    import os

    from assistant.web.server import prepare_index
    from assistant.web.staff import build_html

    folder = os.fsencode(hashing_assistant.settings.documents_dir)
    with open(os.path.join(folder, GBK_NAME), "wb") as handle:
        handle.write(SMALL_REPORT.replace("示例", "另一").encode("utf-8"))
    result = hashing_assistant.build()
    ((shown, message),) = result.failed
    assert shown.endswith("\\xb1\\xa8\\xb8\\xe6.txt") and "不是 UTF-8" in message
    json.dumps(result.failed, ensure_ascii=False).encode("utf-8")  # printable, sendable
    build_html(result).encode("utf-8")
    assert len(result.added) == 1 and hashing_assistant.ask("工业投资增长多少").found
    prepare_index(hashing_assistant)  # the app's start-up build does not crash either


def test_a_chunking_change_chunks_again_and_reuses_what_it_can(
    hashing_assistant: ReportAssistant,
) -> None:
    """Other chunk sizes give other chunks, but the same sentences: only new texts are embedded."""
    import dataclasses

    hashing_assistant.build()
    settings = dataclasses.replace(hashing_assistant.settings, chunk_chars=40)
    result = ReportAssistant(settings, embedder=HashingEmbedder(256)).build()
    index = load_index(settings.index_dir)
    (report,) = index.reports.values()
    assert result.replaced == [] and result.unchanged == []  # every report chunked again
    assert index.manifest["chunker"]["chunk_chars"] == 40
    sentences = {chunk.text[s:e] for chunk in index.chunks for s, e in chunk.sentences}
    assert 0 < result.embedded < len(texts_to_embed(index.chunks, report.title))
    assert result.embedded <= len(texts_to_embed(index.chunks, report.title)) - len(sentences)

"""Adding, replacing and removing reports while the index stays whole and servable.

Library calls with the hashing embedder for the rules; the CLI as a subprocess; the real corpus
files through `add`; and, with the real model, a build killed mid-embedding and an app that keeps
answering while another process adds a report.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from assistant.config import Settings
from assistant.engine import ReportAssistant
from assistant.errors import (
    DocumentError,
    IndexCorruptError,
    IndexMissingError,
    ReportNotFoundError,
)
from assistant.index.embedders import HashingEmbedder
from assistant.index.library import safe_file_name
from assistant.index.store import current_generation, load_index
from assistant.index.tokenizer import tokenize
from assistant.reading.documents import MAX_FILE_BYTES, load_document
from assistant.reading.structure import chunk_document
from tests.conftest import ROOT, SEED, SMALL_REPORT, indexed_assistant, texts_to_embed, write_report
from tests.processes import run_cli, running_app

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"no corpus at {CORPUS}")
NEW_REPORT = """新区2024年政府工作报告
一、2023年工作回顾
（一）产业发展
新区引进龙舟赛事运营企业9家，举办国际龙舟赛3场。
（二）民生保障
新建养老驿站14个，日间照料床位420张。
"""
REPORT_NAME = "示例街道2023年工作报告.txt"


def hashing(tmp_path: Path) -> ReportAssistant:
    """An assistant over the small report, already indexed."""
    return indexed_assistant(tmp_path)


@pytest.fixture
def indexed(tmp_path: Path) -> ReportAssistant:
    return hashing(tmp_path)


def incoming(tmp_path: Path, name: str, content: str | bytes = NEW_REPORT) -> Path:
    """A file outside the documents folder, as a user would pass it to `add`."""
    folder = tmp_path / "incoming"
    folder.mkdir(exist_ok=True)
    path = folder / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def folder_state(assistant: ReportAssistant) -> tuple[list[str], Path | None]:
    """The documents folder's visible files and the live generation."""
    documents = assistant.settings.documents_dir
    names = sorted(p.name for p in documents.iterdir() if not p.name.startswith("."))
    return names, current_generation(assistant.settings.index_dir)


# ---- add ---------------------------------------------------------------------------------------


def test_add_copies_the_file_and_embeds_only_its_chunks(
    indexed: ReportAssistant, tmp_path: Path
) -> None:
    source = incoming(tmp_path, "新区2024年政府工作报告.txt")
    result = indexed.add([source])
    assert result.added == ["新区2024年政府工作报告.txt"] and not result.refused
    assert (indexed.settings.documents_dir / source.name).read_bytes() == source.read_bytes()
    build = result.build
    assert build is not None and build.added == [source.name] and build.unchanged == [REPORT_NAME]
    document = load_document(source)
    chunks = chunk_document(document, chunk_chars=200)
    assert build.embedded == len(texts_to_embed(chunks, document.title))
    assert len(chunks) < build.chunks
    answer = indexed.ask("举办国际龙舟赛几场？")
    assert answer.found and "国际龙舟赛3场" in answer.quote.text  # type: ignore[union-attr]
    assert not (indexed.settings.documents_dir / ".incoming").exists()


def test_same_content_changes_nothing(indexed: ReportAssistant, tmp_path: Path) -> None:
    before = folder_state(indexed)
    twin = incoming(tmp_path, "副本.txt", SMALL_REPORT)
    result = indexed.add([twin, indexed.settings.documents_dir / REPORT_NAME])
    assert [given for given, _ in result.present] == ["副本.txt", REPORT_NAME]
    assert {existing for _, existing in result.present} == {REPORT_NAME}
    assert result.build is None and folder_state(indexed) == before


def test_the_same_new_file_twice_is_added_once(indexed: ReportAssistant, tmp_path: Path) -> None:
    source = incoming(tmp_path, "新区.txt")
    result = indexed.add([source, source])
    assert result.added == ["新区.txt"] and result.present == [("新区.txt", "新区.txt")]
    assert len(indexed.report_list()) == 2


def test_a_different_file_with_a_taken_name_needs_replace(
    indexed: ReportAssistant, tmp_path: Path
) -> None:
    before = folder_state(indexed)
    changed = incoming(tmp_path, REPORT_NAME, SMALL_REPORT.replace("35.7%", "36.9%"))
    refused = indexed.add([changed])
    ((name, error),) = refused.refused
    assert name == REPORT_NAME and "--replace" in error.zh and "--replace" in error.en
    assert folder_state(indexed) == before and "35.7%" in indexed.ask("工业投资增长").quote.text  # type: ignore[union-attr]
    replaced = indexed.add([changed], replace=True)
    assert replaced.replaced == [REPORT_NAME] and replaced.build is not None
    assert replaced.build.replaced == [REPORT_NAME]
    assert replaced.build.embedded == 2  # the changed chunk and its changed sentence
    assert "36.9%" in indexed.ask("工业投资增长").quote.text  # type: ignore[union-attr]
    (kept,) = (indexed.settings.documents_dir / ".removed").rglob(REPORT_NAME)
    assert kept.read_text(encoding="utf-8") == SMALL_REPORT  # the old version is recoverable


@pytest.mark.parametrize(
    "variant", [REPORT_NAME.replace(".txt", ".TXT"), REPORT_NAME.replace(".txt", ".Txt")]
)
def test_a_name_differing_only_in_case_is_the_same_name(
    indexed: ReportAssistant, tmp_path: Path, variant: str
) -> None:
    before = folder_state(indexed)
    changed = incoming(tmp_path, variant, SMALL_REPORT.replace("35.7%", "36.9%"))
    ((name, error),) = indexed.add([changed]).refused
    assert name == variant and REPORT_NAME in error.zh and "--replace" in error.en
    assert folder_state(indexed) == before
    replaced = indexed.add([changed], replace=True)
    assert replaced.replaced == [variant]
    names, _ = folder_state(indexed)
    assert variant in names and REPORT_NAME not in names
    assert len(indexed.report_list()) == 1  # one report, not two
    assert "36.9%" in indexed.ask("工业投资增长").quote.text  # type: ignore[union-attr]


def test_gbk_text_is_accepted_and_read_correctly(indexed: ReportAssistant, tmp_path: Path) -> None:
    source = incoming(tmp_path, "新区GBK.txt", NEW_REPORT.encode("gbk"))
    result = indexed.add([source])
    assert result.added == ["新区GBK.txt"]
    assert "新建养老驿站14个" in indexed.ask("新建养老驿站多少个").quote.text  # type: ignore[union-attr]
    stored = (indexed.settings.documents_dir / "新区GBK.txt").read_bytes()
    assert stored == NEW_REPORT.encode("gbk")  # copied byte for byte, decoded when read


@pytest.mark.parametrize(
    ("given", "saved"),
    [
        ("报告.txt", "报告.txt"),
        ("../../逃逸报告.txt", "逃逸报告.txt"),
        ("..\\..\\windows\\报告.pdf", "报告.pdf"),
        ("/etc/passwd.md", "passwd.md"),
        ("报\x00告\n<1>.txt", "报告_1_.txt"),
        ("a\u202etxt.exe.txt", "atxt.exe.txt"),  # right-to-left override dropped
        ("..隐藏.docx", "隐藏.docx"),
        ("~$锁.docx", "锁.docx"),
        ("很" * 200 + ".txt", "很" * 65 + ".txt"),  # at most 200 bytes
    ],
)
def test_safe_file_name(given: str, saved: str) -> None:
    assert safe_file_name(given) == saved


@pytest.mark.parametrize("given", ["..", "../", ".txt", "报告.exe", "报告", "/"])
def test_unusable_names_are_refused(given: str) -> None:
    with pytest.raises(DocumentError) as caught:
        safe_file_name(given)
    assert caught.value.zh and caught.value.en


def test_a_name_with_dot_dot_stays_inside_the_folder(
    indexed: ReportAssistant, tmp_path: Path
) -> None:
    source = incoming(tmp_path, "新区.txt")
    result = indexed.add([source], names=["../../逃逸报告.txt"])
    assert result.added == ["逃逸报告.txt"]
    assert (indexed.settings.documents_dir / "逃逸报告.txt").exists()
    assert not (tmp_path / "逃逸报告.txt").exists() and not (ROOT / "逃逸报告.txt").exists()


def encrypted_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=str(ROOT / "tests" / "fixtures" / "example_report.pdf"))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def scanned_pdf() -> bytes:
    """Pages without a text layer, as a scanner makes them."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


BAD_FILES = [
    ("空.txt", lambda: b"", "空的", "empty"),
    ("假的.pdf", lambda: b"hello, not a pdf", "不是有效的 PDF", "not a valid PDF"),
    ("加密.pdf", encrypted_pdf, "已加密", "encrypted"),
    ("扫描件.pdf", scanned_pdf, "没有文字层", "no text layer"),
    ("坏的.docx", lambda: b"PK\x03\x04 not a zip", "Word", "Word"),
    ("二进制.txt", lambda: bytes(range(256)) * 50, "不是文本文件", "not a text file"),
    ("报告.exe", lambda: NEW_REPORT.encode(), "不支持的文件类型", "unsupported file type"),
]


@pytest.mark.parametrize(("name", "content", "zh", "en"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_files_are_refused_and_nothing_is_lost(
    indexed: ReportAssistant, tmp_path: Path, name: str, content, zh: str, en: str
) -> None:
    before = folder_state(indexed)
    result = indexed.add([incoming(tmp_path, name, content())])
    ((given, error),) = result.refused
    assert given == name and zh in error.zh and en in error.en
    assert result.build is None and folder_state(indexed) == before
    assert not (indexed.settings.documents_dir / ".incoming").exists()
    assert indexed.ask("工业投资增长多少").found


def test_a_huge_file_is_refused_before_it_is_read(
    indexed: ReportAssistant, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    huge = tmp_path / "incoming" / "巨大.txt"
    huge.parent.mkdir()
    with huge.open("wb") as handle:  # sparse: 100 MB on paper, nothing on disk
        handle.truncate(MAX_FILE_BYTES + 1)
    read: list[str] = []
    monkeypatch.setattr("shutil.copyfile", lambda source, *_: read.append(Path(source).name))
    monkeypatch.setattr(Path, "read_bytes", lambda path: read.append(path.name) or b"")
    before = folder_state(indexed)
    result = indexed.add([huge])
    ((_, error),) = result.refused
    assert "过大" in error.zh and "too large" in error.en and "100 MB" in error.en
    assert read == [] and folder_state(indexed) == before


def test_a_missing_file_is_refused(indexed: ReportAssistant, tmp_path: Path) -> None:
    ((_, error),) = indexed.add([tmp_path / "没有这个文件.txt"]).refused
    assert "找不到" in error.zh and "not found" in error.en


def test_good_files_are_added_beside_refused_ones(indexed: ReportAssistant, tmp_path: Path) -> None:
    result = indexed.add([incoming(tmp_path, "空.txt", b""), incoming(tmp_path, "新区.txt")])
    assert result.added == ["新区.txt"] and [name for name, _ in result.refused] == ["空.txt"]
    assert len(indexed.report_list()) == 2


# ---- remove ------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["新区.txt", "新区", "新区2024年政府工作报告", "doc_id"])
def test_remove_leaves_no_trace(indexed: ReportAssistant, tmp_path: Path, key: str) -> None:
    indexed.add([incoming(tmp_path, "新区.txt")])
    new = next(r for r in indexed.report_list() if r.file.endswith("新区.txt"))
    result = indexed.remove([new.doc_id if key == "doc_id" else key])
    assert [r.doc_id for r in result.removed] == [new.doc_id]
    assert result.build is not None and result.build.removed == ["新区.txt"]
    index = load_index(indexed.settings.index_dir)
    assert (
        set(index.reports) == {r.doc_id for r in indexed.report_list()}
        and new.doc_id not in index.reports
    )
    assert all(chunk.doc_id != new.doc_id for chunk in index.chunks)
    assert index.vectors.ntotal == len(index.chunks)
    for token in ("驿站", "赛事", "照料"):  # only the removed report had these
        assert token not in index.bm25.vocab_dict
    scores = index.bm25.get_scores(["驿站", "赛事", "照料"])
    assert len(scores) == len(index.chunks) and not scores.any()
    assert "国际龙舟赛" not in indexed.ask("国际龙舟赛").hits[0].chunk.text
    # The file is kept, hidden, where a person can move it back.
    ((name, moved),) = result.moved
    assert name == "新区.txt" and Path(moved).read_text(encoding="utf-8") == NEW_REPORT
    assert Path(moved).parent.parent == indexed.settings.documents_dir / ".removed"
    assert not (indexed.settings.documents_dir / "新区.txt").exists()


def test_unknown_report_lists_the_known_ones(indexed: ReportAssistant) -> None:
    with pytest.raises(ReportNotFoundError) as caught:
        indexed.remove(["没有这份报告"])
    assert "找不到报告 没有这份报告" in caught.value.zh and REPORT_NAME in caught.value.zh
    assert "No report" in caught.value.en and REPORT_NAME in caught.value.en
    assert len(indexed.report_list()) == 1


def test_removing_the_last_report_leaves_an_empty_index(indexed: ReportAssistant) -> None:
    indexed.remove([REPORT_NAME])
    assert indexed.report_list() == [] and load_index(indexed.settings.index_dir).chunks == []
    assert not indexed.ask("工业投资增长多少").found
    back = next((indexed.settings.documents_dir / ".removed").rglob(REPORT_NAME))
    assert indexed.add([back]).added == [REPORT_NAME]  # undo: add it again
    assert indexed.ask("工业投资增长多少").found


def test_report_list_fields(indexed: ReportAssistant) -> None:
    (report,) = indexed.report_list()
    assert report.title == "示例街道2023年工作报告" and report.year == 2023
    assert report.chunks == len(load_index(indexed.settings.index_dir).chunks)
    assert len(report.sha256) == 64 and report.added[:4].isdigit()
    assert Path(report.file).name == REPORT_NAME


# ---- BM25 kept up to date without re-tokenizing -------------------------------------------------


QUERIES = [["工业", "投资"], ["龙舟"], ["驿站", "养老"], ["35.7"], ["的"], ["没有这个词"]]


def test_bm25_scores_equal_those_of_bm25s(tmp_path: Path) -> None:
    import bm25s

    from assistant.index.bm25 import count_terms, save_lexical

    document = load_document(write_report(tmp_path / "docs", "新区.txt", NEW_REPORT + SMALL_REPORT))
    chunks = chunk_document(document, chunk_chars=60)
    reference = bm25s.BM25()
    reference.index([tokenize(chunk.text) for chunk in chunks], show_progress=False)
    save_lexical(tmp_path, count_terms(chunks, None, []))
    ours = bm25s.BM25.load(str(tmp_path / "bm25"))
    assert set(ours.vocab_dict) == set(reference.vocab_dict)
    for query in QUERIES[:-1]:  # the last one is unknown to both: the searcher never asks it
        expected = reference.get_scores(query)
        np.testing.assert_allclose(ours.get_scores(query), expected, rtol=1e-5, atol=1e-6)


def test_an_updated_index_equals_a_fresh_one(indexed: ReportAssistant, tmp_path: Path) -> None:
    indexed.add([incoming(tmp_path, "新区.txt")])
    indexed.remove([REPORT_NAME])
    indexed.add(
        [
            indexed.settings.documents_dir
            / ".removed"
            / next(
                p.relative_to(indexed.settings.documents_dir / ".removed")
                for p in (indexed.settings.documents_dir / ".removed").rglob(REPORT_NAME)
            )
        ]
    )
    updated = load_index(indexed.settings.index_dir)
    fresh_settings = Settings(
        documents_dir=indexed.settings.documents_dir,
        index_dir=tmp_path / "fresh",
        embedder="hashing",
    )
    ReportAssistant(fresh_settings, embedder=HashingEmbedder()).build()
    fresh = load_index(tmp_path / "fresh")
    assert [c.chunk_id for c in updated.chunks] == [c.chunk_id for c in fresh.chunks]
    assert set(updated.bm25.vocab_dict) == set(fresh.bm25.vocab_dict)
    for query in QUERIES:
        tokens = [t for t in query if t in fresh.bm25.vocab_dict]
        if not tokens:
            continue
        np.testing.assert_allclose(
            updated.bm25.get_scores(tokens), fresh.bm25.get_scores(tokens), rtol=1e-6
        )
    np.testing.assert_allclose(updated.stored_vectors(), fresh.stored_vectors())


# ---- the CLI -----------------------------------------------------------------------------------


def test_cli_add_reports_remove(tmp_path: Path) -> None:
    write_report(tmp_path / "documents")
    assert run_cli("index", cwd=tmp_path).returncode == 0
    new = incoming(tmp_path, "新区.txt")
    added = run_cli("add", str(new), cwd=tmp_path)
    assert added.returncode == 0 and "已添加 / added: 新区.txt" in added.stdout
    again = run_cli("add", str(new), cwd=tmp_path)
    assert again.returncode == 0 and "already there as 新区.txt" in again.stdout
    bad = run_cli("add", str(incoming(tmp_path, "坏.pdf", b"%PDF-oops")), str(new), cwd=tmp_path)
    assert bad.returncode == 1 and "坏.pdf" in bad.stderr and "not a valid PDF" in bad.stderr
    assert "Traceback" not in bad.stderr and "WARNING" not in bad.stderr
    listed = run_cli("reports", cwd=tmp_path)
    assert listed.returncode == 0 and "新区.txt" in listed.stdout and "共 2 份报告" in listed.stdout
    rows = [
        json.loads(line) for line in run_cli("reports", "--json", cwd=tmp_path).stdout.splitlines()
    ]
    assert {row["file"].split("/")[-1] for row in rows} == {"新区.txt", REPORT_NAME}
    assert set(rows[0]) >= {"title", "year", "pages", "chunks", "sha256", "added", "file"}
    removed = run_cli("remove", "新区", cwd=tmp_path)
    assert removed.returncode == 0 and "removed" in removed.stdout
    unknown = run_cli("remove", "新区", cwd=tmp_path)
    assert (
        unknown.returncode == 1 and "找不到报告" in unknown.stderr and "No report" in unknown.stderr
    )
    assert "Traceback" not in unknown.stderr


# ---- safe swaps --------------------------------------------------------------------------------


def test_a_failed_build_leaves_the_old_index_and_no_staging(
    indexed: ReportAssistant, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    live = current_generation(indexed.settings.index_dir)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("assistant.index.store.save_lexical", broken)
    with pytest.raises(RuntimeError):
        indexed.add([incoming(tmp_path, "新区.txt")])
    assert current_generation(indexed.settings.index_dir) == live
    assert not list(indexed.settings.index_dir.glob("*.partial"))
    assert indexed.ask("工业投资增长多少").found


def test_leftovers_of_dead_writers_are_cleaned(indexed: ReportAssistant, tmp_path: Path) -> None:
    index_dir = indexed.settings.index_dir
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True
    )
    pid = int(dead.stdout)
    (index_dir / f"gen-20260101-000000-{pid}-000001.partial").mkdir()
    (index_dir / f"CURRENT.{pid}.tmp").write_text("gen-x\n")
    living = index_dir / f"gen-20260101-000000-{os.getppid()}-000002.partial"  # our parent lives
    living.mkdir()
    indexed.add([incoming(tmp_path, "新区.txt")])
    assert sorted(p.name for p in index_dir.glob("*.partial")) == [living.name]
    assert not list(index_dir.glob("CURRENT.*.tmp"))
    assert len([p for p in index_dir.glob("gen-*") if not p.name.endswith(".partial")]) == 2


def test_a_running_assistant_keeps_its_index_if_the_new_one_is_broken(
    indexed: ReportAssistant, tmp_path: Path
) -> None:
    assert indexed.ask("工业投资增长多少").found
    index_dir = indexed.settings.index_dir
    broken = index_dir / "gen-29990101-000000-1-000001"
    shutil.copytree(current_generation(index_dir), broken)  # type: ignore[arg-type]
    (broken / "chunks.jsonl").write_text("{not json", encoding="utf-8")
    (index_dir / "CURRENT").write_text(broken.name + "\n")
    assert indexed.ask("工业投资增长多少").found  # still the old generation
    fresh = ReportAssistant(indexed.settings, embedder=HashingEmbedder())
    with pytest.raises(IndexCorruptError):
        fresh.ask("工业投资增长多少")


@pytest.mark.parametrize("damage", ["folder", "bytes", "outside", "missing"])
def test_a_running_assistant_keeps_serving_when_current_is_damaged(
    indexed: ReportAssistant, damage: str
) -> None:
    assert indexed.ask("工业投资增长多少").found
    pointer = indexed.settings.index_dir / "CURRENT"
    pointer.unlink()
    if damage == "folder":
        pointer.mkdir()
    elif damage == "bytes":
        pointer.write_bytes(b"\xb1\xa8\xb8\xe6")
    elif damage == "outside":
        pointer.write_text("../../", encoding="utf-8")
    assert indexed.ask("工业投资增长多少").found  # still the generation in memory
    fresh = ReportAssistant(indexed.settings, embedder=HashingEmbedder())
    with pytest.raises(IndexMissingError if damage == "missing" else IndexCorruptError):
        fresh.ask("工业投资增长多少")
    indexed.build(rebuild=True)
    assert fresh.ask("工业投资增长多少").found


def _staged(index_dir: Path, name: str) -> bool:
    """Whether a build's staging folder holds `name` yet ("" = the folder exists)."""
    return any((partial / name).exists() for partial in index_dir.glob("*.partial"))


def test_killed_at_any_moment_the_index_still_loads(tmp_path: Path) -> None:
    """SIGKILL `assistant index` at each stage of a build (hashing model, many files)."""
    if not CORPUS.is_dir():
        pytest.skip("needs the corpus")
    assistant = hashing(tmp_path)
    index_dir = assistant.settings.index_dir
    reports = sorted((CORPUS / "reports" / "provincial_2025").glob("*.txt"))[:12]
    for report in reports:
        shutil.copy(report, assistant.settings.documents_dir)
    started = 0.0
    moments = {
        "starting": lambda: time.monotonic() - started > 0.3,
        "reading": lambda: _staged(index_dir, ""),
        "writing chunks": lambda: _staged(index_dir, "chunks.jsonl"),
        "writing vectors": lambda: _staged(index_dir, "vectors.faiss"),
        "writing bm25": lambda: _staged(index_dir, "bm25"),
    }
    environment = {**os.environ, "ASSISTANT_EMBEDDER": "hashing"}
    killed_mid_build = []
    for moment, reached in moments.items():
        started = time.monotonic()
        build = subprocess.Popen(
            [sys.executable, "-m", "assistant", "index", "--rebuild"], cwd=tmp_path, env=environment
        )
        while build.poll() is None and not reached():
            time.sleep(0.001)
        if build.poll() is None:
            killed_mid_build.append(moment)
        build.send_signal(signal.SIGKILL)
        build.wait()
        index = load_index(index_dir)
        assert index.vectors.ntotal == len(index.chunks) > 0, moment
        assert ReportAssistant(assistant.settings, embedder=HashingEmbedder()).ask("工业投资").hits
    assert len(killed_mid_build) >= 3, killed_mid_build
    finished = run_cli("index", cwd=tmp_path)
    assert finished.returncode == 0, finished.stderr
    assert len(load_index(index_dir).reports) == len(reports) + 1
    assert not list(index_dir.glob("*.partial"))


# ---- the real model ----------------------------------------------------------------------------


def copy_of(assistant: ReportAssistant, folder: Path) -> tuple[Path, Path]:
    """Its documents and index copied into `folder` (documents/, index/), ready to change."""
    docs, index_dir = folder / "documents", folder / "index"
    shutil.copytree(assistant.settings.documents_dir, docs)
    shutil.copytree(assistant.settings.index_dir, index_dir, ignore=shutil.ignore_patterns(".lock"))
    return docs, index_dir


@pytest.mark.e2e
@needs_corpus
def test_sigkill_while_embedding_keeps_the_old_index(
    seed_assistant: ReportAssistant, tmp_path: Path
) -> None:
    """A real build killed while it embeds; the old index answers; the next build tidies up."""
    docs, index_dir = copy_of(seed_assistant, tmp_path)
    old = current_generation(index_dir)
    for report in sorted((CORPUS / "reports" / "city_multiyear").glob("*.txt"))[:3]:
        shutil.copy(report, docs)
    command = [sys.executable, "-m", "assistant", "index", "-v", "--documents-dir", str(docs)]
    command += ["--index-dir", str(index_dir)]
    build = subprocess.Popen(command, cwd=tmp_path, stderr=subprocess.PIPE, text=True)
    assert build.stderr is not None
    for line in build.stderr:  # wait until it is embedding, then a moment more
        if "embedding" in line:
            break
    time.sleep(1.0)
    assert build.poll() is None, "the build ended before it could be killed"
    build.send_signal(signal.SIGKILL)
    build.wait()
    assert list(index_dir.glob("*.partial")), "the killed build left its staging folder"
    assert current_generation(index_dir) == old
    reader = ReportAssistant(
        Settings(documents_dir=docs, index_dir=index_dir), embedder=seed_assistant.embedder
    )
    answer = reader.ask("2022年新增几家专精特新小巨人企业？")
    assert answer.found and "小巨人" in answer.quote.text  # type: ignore[union-attr]
    for report in docs.glob("20*_*.txt"):
        report.unlink()
    result = reader.build()
    assert result.embedded == 0 and result.unchanged == [SEED.name]
    assert not list(index_dir.glob("*.partial")) and current_generation(index_dir) != old


@pytest.mark.e2e
@needs_corpus
def test_the_app_answers_during_a_reindex_and_then_finds_the_new_report(
    seed_assistant: ReportAssistant, tmp_path: Path
) -> None:
    from gradio_client import Client

    docs, index_dir = copy_of(seed_assistant, tmp_path)
    new_report = CORPUS / "reports" / "other" / "2023_洛阳市_国民经济和社会发展统计公报.txt"
    with running_app(docs, index_dir, tmp_path / "app.log") as url:
        client = Client(url, verbose=False, analytics_enabled=False)
        answers: list[dict] = []
        errors: list[BaseException] = []
        stop = threading.Event()

        def keep_asking() -> None:
            while not stop.is_set():
                try:
                    answers.append(
                        client.predict("2022年新增几家专精特新小巨人企业？", api_name="/ask")
                    )
                except BaseException as error:  # every failure fails the test
                    errors.append(error)

        asker = threading.Thread(target=keep_asking)
        asker.start()
        try:
            add = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "assistant",
                    "add",
                    str(new_report),
                    "--documents-dir",
                    str(docs),
                    "--index-dir",
                    str(index_dir),
                ],
                cwd=tmp_path,
                capture_output=True,
                text=True,
                timeout=600,
            )
            during = len(answers)
        finally:
            stop.set()
            asker.join(timeout=60)
        assert add.returncode == 0, add.stderr
        assert not errors and during >= 3
        assert all(a["found"] and "小巨人" in a["answer"]["text"] for a in answers)
        after = client.predict("2023年洛阳全市生产总值达到多少？", api_name="/ask")
    assert after["answer"]["citation"]["file"].endswith(new_report.name)
    assert "5481.6亿元" in after["answer"]["text"]


# ---- the real corpus files through `add` (hashing model: this is about pages and sections) ------


@pytest.fixture(scope="module")
def corpus_assistant(tmp_path_factory: pytest.TempPathFactory) -> ReportAssistant:
    if not CORPUS.is_dir():
        pytest.skip("needs the corpus")
    root = tmp_path_factory.mktemp("corpus")
    settings = Settings(
        documents_dir=root / "documents", index_dir=root / "index", embedder="hashing"
    )
    assistant = ReportAssistant(settings, embedder=HashingEmbedder())
    files = sorted((CORPUS / "pdf").glob("*.pdf")) + sorted((CORPUS / "docx").glob("*.docx"))
    files.append(CORPUS / "reports" / "provincial_2026" / "2026_云南省_政府工作报告.txt")
    result = assistant.add(files)
    assert not result.refused and len(result.added) == len(files)
    return assistant


CORPUS_SENTENCES = [
    (
        "年末全市金融机构本外币各项存款余额5625.03亿元",
        "周口市统计公报2023.pdf",
        8,
        "七、财政和金融",
        None,
    ),
    (
        "全市参加城镇职工基本养老保险人数138.96万人",
        "周口市统计公报2023.pdf",
        10,
        "十、人民生活和社会保障",
        None,
    ),
    (
        "全州有卫生机构3710个",
        "黔东南苗族侗族自治州2023年国民经济和社会发展统计公报.pdf",
        18,
        "十一、卫生和社会服务",
        None,
    ),
    (
        "新能源汽车新上牌26.5万辆",
        "2025年上海市政府工作报告.docx",
        None,
        "一、2024年工作回顾",
        "生态文明建设取得新成效",
    ),
    (
        "开通地铁17号线全线和6号线南延",
        "2025年北京市政府工作报告.docx",
        None,
        "二、2025年工作总体要求和重点任务",
        "持续加强交通综合治理",
    ),
    ("推动5500家企业“小升规”", "2025年广东省政府工作报告.docx", None, "二、2025年工作安排", None),
    (
        "推广麒麟区西门街老街有机更新模式",
        "2026_云南省_政府工作报告.txt",
        None,
        "三、2026年重点工作",
        "深入推进城市更新",
    ),
]


@pytest.mark.parametrize(("sentence", "file", "page", "part", "heading"), CORPUS_SENTENCES)
def test_corpus_sentences_come_back_with_page_and_section(
    corpus_assistant: ReportAssistant,
    sentence: str,
    file: str,
    page: int | None,
    part: str,
    heading: str | None,
) -> None:
    hit = corpus_assistant.ask(sentence).hits[0]
    assert sentence in hit.chunk.text.replace(" ", "")
    report = next(r for r in corpus_assistant.report_list() if r.doc_id == hit.chunk.doc_id)
    assert Path(report.file).name == file
    assert hit.chunk.page == page
    assert hit.chunk.section_path[0] == part
    if heading:
        assert hit.chunk.section_path[-1] == heading


def test_corpus_reports_are_listed_and_the_scrape_is_clean(
    corpus_assistant: ReportAssistant,
) -> None:
    reports = {Path(r.file).name: r for r in corpus_assistant.report_list()}
    assert reports["周口市统计公报2023.pdf"].pages == 13
    assert reports["黔东南苗族侗族自治州2023年国民经济和社会发展统计公报.pdf"].pages == 21
    index = load_index(corpus_assistant.settings.index_dir)
    scrape = reports["2026_云南省_政府工作报告.txt"].doc_id
    text = "\n".join(chunk.text for chunk in index.chunks if chunk.doc_id == scrape)
    assert "现在，我代表省人民政府，向大会报告工作" in text
    for chrome in (
        "【字体",
        "分享到",
        "点击图片进入专题",
        "来源：云南日报",
        "您的位置",
        "相关文档",
    ):
        assert chrome not in text

"""The CLI as a user runs it: real subprocesses, the JSON contract, and bad input."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest

from tests.conftest import write_report
from tests.processes import run_cli


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A folder with documents/ holding one small report, indexed into index/."""
    write_report(tmp_path / "documents")
    result = run_cli("index", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return tmp_path


def test_help_is_instant_and_lists_commands(tmp_path: Path) -> None:
    result = run_cli("--help", cwd=tmp_path)
    assert result.returncode == 0
    for command in ("index", "ask", "eval", "serve"):
        assert command in result.stdout


def test_ask_json_contract(project: Path) -> None:
    result = run_cli("ask", "工业投资增长多少？", "--json", "-k", "3", cwd=project)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert set(answer) == {
        "question",
        "understood_as",
        "reading",
        "found",
        "answer",
        "passages",
        "by_report",
    }
    assert answer["understood_as"] == answer["question"]  # nothing to complete it from
    assert len(answer["passages"]) <= 3
    passage = answer["passages"][0]
    assert set(passage) == {"rank", "score", "text", "citation"}
    assert set(passage["citation"]) >= {
        "report",
        "file",
        "section",
        "paragraph",
        "page",
        "start",
        "end",
    }
    if answer["found"]:
        assert set(answer["answer"]) >= {"text", "citation"}


def test_ask_batch_echoes_ids_in_order(project: Path) -> None:
    batch = project / "questions.jsonl"
    rows = [
        {"id": "b", "question": "工业投资增长多少？", "kind": "x"},
        {"id": "a", "question": "龙舟公园"},
    ]
    batch.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    result = run_cli("ask", "--json", "--batch", str(batch), cwd=project)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["b", "a"]
    assert lines[0]["question"] == "工业投资增长多少？" and "passages" in lines[0]


def test_ask_with_context_completes_a_followup(project: Path) -> None:
    args = ["ask", "那规模以上工业增加值呢？", "--json", "--context", "2022年工业投资增长多少？"]
    answer = json.loads(run_cli(*args, cwd=project).stdout)
    assert answer["question"] == "那规模以上工业增加值呢？"
    assert answer["understood_as"] == "2022年规模以上工业增加值多少？"
    assert "104.86亿元" in answer["answer"]["text"]
    text = run_cli(*args[:2], "--context", "2022年工业投资增长多少？", cwd=project).stdout
    assert text.startswith("理解为：2022年规模以上工业增加值多少？")


def test_ask_batch_takes_context(project: Path) -> None:
    batch = project / "questions.jsonl"
    rows = [
        {"id": "1", "question": "2023年呢？", "context": ["2022年工业投资增长多少？"]},
        {"id": "2", "question": "建成几所学校？", "context": ["打造什么公园？"]},
        {"id": "3", "question": "2023年呢？", "context": "not a list"},
    ]
    batch.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    result = run_cli("ask", "--json", "--batch", str(batch), cwd=project)
    assert result.returncode == 0, result.stderr
    first, second, third = (json.loads(line) for line in result.stdout.splitlines())
    assert first["understood_as"] == "2023年工业投资增长多少？"
    assert second["understood_as"] == "建成几所学校？"  # stands on its own
    assert third["id"] == "3" and "context" in third["error"]["en"]


def test_settings_from_environment(project: Path, tmp_path: Path) -> None:
    moved = project / "elsewhere"
    (project / "index").rename(moved)
    result = run_cli(
        "ask", "工业投资", "--json", cwd=project, env={"ASSISTANT_INDEX_DIR": str(moved)}
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("args", "zh", "en"),
    [
        (["ask", ""], "问题为空", "empty"),
        (["ask", "问" * 10_000], "问题太长", "too long"),
        (["ask", "工业投资", "--index-dir", "nowhere"], "未找到索引", "No index found"),
        (["index", "empty-folder"], "没有找到可读取的报告", "No report files"),
        (["index", "no-such-path"], "", "no-such-path"),
        (["eval", "missing.jsonl"], "无法读取问题集", "Cannot read question set"),
        (["ask", "--batch", "gbk.jsonl"], "不是 UTF-8", "not UTF-8"),
        (["ask", "--batch", "list.jsonl"], "第 1 行不是 JSON 对象", "Line 1 is not a JSON object"),
        (["eval", "gbk.jsonl"], "不是 UTF-8", "not UTF-8"),
        (["eval", "list.jsonl"], "line 1", "not a JSON object"),
        (["eval", "broken.jsonl"], "line 2", "not JSON"),
        (["index", "--index-dir", "a-file"], "是一个文件", "is a file, not a folder"),
        (["ask", "工业投资", "--index-dir", "a-file"], "是一个文件", "is a file"),
        (["reports", "--index-dir", "a-file"], "是一个文件", "is a file"),
        (["ask", "工业投资", "-k", "21"], "段落数 k", "k must be"),
        (["serve", "--port", "99999"], "端口 99999 不能用", "from 1 to 65535"),
    ],
)
def test_bad_input_gets_a_clear_message(project: Path, args: list[str], zh: str, en: str) -> None:
    (project / "empty-folder").mkdir()
    (project / "gbk.jsonl").write_bytes('{"question": "工业投资"}'.encode("gb18030"))
    (project / "list.jsonl").write_text("[1, 2]\n", encoding="utf-8")
    (project / "broken.jsonl").write_text('{"question": "a"}\n{oops\n', encoding="utf-8")
    (project / "a-file").write_text("not a folder", encoding="utf-8")
    result = run_cli(*args, cwd=project)
    assert result.returncode == 1
    assert zh in result.stderr and en in result.stderr
    assert "Traceback" not in result.stderr


def test_corrupt_index_is_reported_and_rebuild_fixes_it(project: Path) -> None:
    generation = (project / "index" / "CURRENT").read_text().strip()
    (project / "index" / generation / "chunks.jsonl").write_text("{not json", encoding="utf-8")
    broken = run_cli("ask", "工业投资", cwd=project)
    assert (
        broken.returncode == 1 and "--rebuild" in broken.stderr and "Traceback" not in broken.stderr
    )
    assert run_cli("index", "--rebuild", cwd=project).returncode == 0
    assert run_cli("ask", "工业投资", cwd=project).returncode == 0


def test_serve_on_a_busy_port_says_so(project: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        result = run_cli("serve", "--port", port, cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "端口已被占用" in result.stderr and "choose another --port" in result.stderr


def test_a_bad_setting_in_the_environment_is_a_message(project: Path) -> None:
    result = run_cli("ask", "工业投资", cwd=project, env={"ASSISTANT_MAX_REPORT_CHARS": "lots"})
    assert result.returncode == 1 and "ASSISTANT_MAX_REPORT_CHARS" in result.stderr
    assert "Traceback" not in result.stderr


def _damage_pointer(index: Path, how: str) -> None:
    pointer = index / "CURRENT"
    if how == "folder":
        pointer.unlink()
        pointer.mkdir()
        (pointer / "x").write_text("x")
    elif how == "bytes":
        pointer.write_bytes(b"\xb1\xa8\xff\xfe gen")
    else:
        pointer.write_text("../../etc\n")


@pytest.mark.parametrize("how", ["folder", "bytes", "outside"])
def test_a_damaged_current_pointer_says_rebuild_and_rebuild_fixes_it(
    project: Path, how: str
) -> None:
    _damage_pointer(project / "index", how)
    for command in (["ask", "工业投资"], ["reports"], ["figures"]):
        broken = run_cli(*command, cwd=project)
        assert broken.returncode == 1 and "Traceback" not in broken.stderr, broken.stderr
        assert "索引已损坏" in broken.stderr and "index --rebuild" in broken.stderr
    assert run_cli("index", "--rebuild", cwd=project).returncode == 0
    assert run_cli("ask", "工业投资", cwd=project).returncode == 0


def test_index_without_rebuild_also_repairs_a_damaged_pointer(project: Path) -> None:
    _damage_pointer(project / "index", "folder")
    assert run_cli("index", cwd=project).returncode == 0
    assert run_cli("ask", "工业投资", cwd=project).returncode == 0


def test_a_file_name_that_is_not_utf8_is_skipped_with_a_message(project: Path) -> None:
    folder = os.fsencode(project / "documents")
    with open(os.path.join(folder, b"\xb1\xa8\xb8\xe6.txt"), "w", encoding="utf-8") as handle:
        handle.write("另一份报告\n一、工作\n投资增长5%。\n")
    result = run_cli("index", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "\\xb1\\xa8\\xb8\\xe6.txt" in result.stderr and "not UTF-8" in result.stderr
    assert run_cli("ask", "工业投资增长多少？", cwd=project).returncode == 0


def test_unreadable_file_fails_the_build_but_keeps_the_index(project: Path) -> None:
    (project / "documents" / "坏文件.pdf").write_bytes(b"this is not a pdf")
    result = run_cli("index", cwd=project)
    assert result.returncode == 1
    assert "坏文件.pdf" in result.stderr and "Traceback" not in result.stderr
    asked = run_cli("ask", "工业投资增长多少？", "--json", cwd=project)
    assert asked.returncode == 0 and "35.7%" in asked.stdout


def test_figures_csv_and_table(project: Path) -> None:
    exported = run_cli("figures", "--csv", "--search", "投资", cwd=project)
    assert exported.returncode == 0, exported.stderr
    lines = exported.stdout.splitlines()
    assert lines[0].startswith("report,year,section,indicator,figure") and len(lines) == 3
    table = run_cli("figures", "示例街道2023年工作报告.txt", cwd=project)
    assert "增长35.7%" in table.stdout and "figures" in table.stdout
    unknown = run_cli("figures", "没有这份报告", cwd=project)
    assert unknown.returncode == 1 and "找不到报告" in unknown.stderr


def test_a_fault_on_one_batch_line_costs_only_that_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from assistant.cli import _ask_batch
    from assistant.engine import ReportAssistant

    class Faulty:
        def ask(self, question: str, **_: object) -> object:
            if question == "坏":
                raise ValueError("a bug")
            return real.ask(question)

    write_report(tmp_path / "documents")
    from assistant.config import Settings
    from assistant.index.embedders import HashingEmbedder

    settings = Settings(documents_dir=tmp_path / "documents", index_dir=tmp_path / "index")
    real = ReportAssistant(settings, embedder=HashingEmbedder())
    real.build()
    batch = tmp_path / "b.jsonl"
    batch.write_text('{"id": 1, "question": "坏"}\n{"id": 2, "question": "龙舟公园"}\n', "utf-8")
    assert _ask_batch(Faulty(), batch, None) == 0
    first, second = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert first["id"] == 1 and "ValueError" in first["error"]["en"] and first["error"]["zh"]
    assert second["id"] == 2 and "passages" in second

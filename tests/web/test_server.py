"""`python app.py` serves first: it listens over the index it has while it brings it up to date,
clears what an interrupted run left, and has no anonymous upload route without a staff page."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from assistant.engine import ReportAssistant
from assistant.web.server import INDEX_READY
from tests.processes import running_app

SEED_QUESTION = "2022年新增几家专精特新小巨人企业？"


def _long_new_report(path: Path, lines: int = 600) -> None:
    """A report of distinct sentences (no vector can be reused), long enough to embed a while."""
    body = [
        f"第{i}项：推进第{i}号道路工程建设，完成投资{i * 7 % 97}.{i % 10}亿元。"
        for i in range(lines)
    ]
    path.write_text("新港街道2024年工作报告\n一、2023年工作情况\n" + "\n".join(body), "utf-8")


def _post_upload(url: str) -> int:
    boundary = "ra-boundary"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="x.txt"\r\n'
        f"Content-Type: text/plain\r\n\r\n{'x' * 1000}\r\n--{boundary}--\r\n"
    ).encode()
    request = urllib.request.Request(
        url + "gradio_api/upload",
        data=body,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_the_app_answers_from_its_index_while_new_files_are_indexed(
    seed_assistant: ReportAssistant, tmp_path: Path
) -> None:
    from gradio_client import Client

    docs, index = tmp_path / "documents", tmp_path / "index"
    shutil.copytree(seed_assistant.settings.documents_dir, docs)
    shutil.copytree(seed_assistant.settings.index_dir, index)
    _long_new_report(docs / "新港街道2024年工作报告.txt")
    (docs / ".incoming").mkdir()
    (docs / ".incoming" / "half-uploaded.pdf").write_bytes(b"%PDF-1.4 cut")
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    partial = index / f"gen-20200101-000000-{process.pid}-000001.partial"
    partial.mkdir()
    log = tmp_path / "app.log"
    with running_app(docs, index, log, ready=False) as url:
        client = Client(url, verbose=False, analytics_enabled=False)
        early = client.predict(SEED_QUESTION, api_name="/ask")
        still_building = INDEX_READY not in log.read_text()
        assert _post_upload(url) == 403
        _wait_for(INDEX_READY, log)
        late = client.predict("第7号道路工程建设完成投资多少？", api_name="/ask")
    assert "第7号道路" in late["answer"]["text"]
    assert early["found"] and "小巨人" in early["answer"]["text"]
    assert still_building, "the build should still be running when the first answer came"
    assert not (docs / ".incoming").exists() and not partial.exists()


def _wait_for(line: str, log: Path, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while line not in log.read_text():
        if time.monotonic() > deadline:
            pytest.fail(f"no {line!r}:\n{log.read_text()}")
        time.sleep(0.5)

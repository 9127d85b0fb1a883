"""Shared fixtures: small reports in tmp folders, the real seed report, the app as a subprocess."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.engine import ReportAssistant
from assistant.index.build import passage_text, sentence_texts_of
from assistant.index.embedders import HashingEmbedder
from assistant.schema import Chunk

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "documents" / "外海街道2022年工作情况和2023年工作谋划.txt"
SHARED = ROOT.parent / "shared"

SMALL_REPORT = """示例街道2023年工作报告
一、2022年工作情况
（一）稳经济
规模以上工业增加值104.86亿元。工业投资增长35.7%，占固定资产投资比重约50.44%。
年内新增60家专精特新企业、57家规上企业。
（二）惠民生
建成3所学校，新增学位1200个。改造老旧小区12个。
二、2023年工作谋划
（一）兴产业
持续壮大经济基本盘。坚持制造业当家，推动龙溪路建设。
（二）优环境
打造龙舟公园，建设城央绿廊。
"""


def texts_to_embed(chunks: list[Chunk], title: str) -> set[str]:
    """What a build embeds for these chunks: each chunk in context and each of its sentences."""
    return {passage_text(chunk, title) for chunk in chunks} | set(sentence_texts_of(chunks))


def write_report(
    folder: Path, name: str = "示例街道2023年工作报告.txt", text: str = SMALL_REPORT
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def hashing_assistant(tmp_path: Path) -> ReportAssistant:
    """An assistant over one small report, with the test-only hashing embedder."""
    documents = tmp_path / "documents"
    write_report(documents)
    settings = Settings(documents_dir=documents, index_dir=tmp_path / "index", embedder="hashing")
    return ReportAssistant(settings, embedder=HashingEmbedder())


@pytest.fixture(scope="session")
def seed_assistant(tmp_path_factory: pytest.TempPathFactory) -> ReportAssistant:
    """The real product: bundled e5-small model over the seed report (built once per run)."""
    root = tmp_path_factory.mktemp("seed")
    documents = root / "documents"
    documents.mkdir()
    shutil.copy(SEED, documents / SEED.name)
    assistant = ReportAssistant(Settings(documents_dir=documents, index_dir=root / "index"))
    assistant.build()
    return assistant


# ---- the app as a subprocess -------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def running_app(
    docs: Path,
    index: Path,
    log: Path,
    *,
    env: dict[str, str] | None = None,
    timeout: float = 300,
) -> Iterator[str]:
    """`python app.py` over `docs`/`index` on a free port until the block ends; yields its URL.

    `env` adds or overrides environment variables (e.g. ASSISTANT_ADMIN_PASSWORD).
    """
    port = free_port()
    environment = {
        **os.environ,
        "ASSISTANT_DOCUMENTS_DIR": str(docs),
        "ASSISTANT_INDEX_DIR": str(index),
        "GRADIO_SERVER_PORT": str(port),
        "GRADIO_SERVER_NAME": "127.0.0.1",
        "GRADIO_ANALYTICS_ENABLED": "False",
        **(env or {}),
    }
    with log.open("w") as out:
        app = subprocess.Popen(
            [sys.executable, "app.py"],
            cwd=ROOT,
            env=environment,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        url = f"http://127.0.0.1:{port}/"
        _wait_until_up(url, app, log, timeout)
        yield url
    finally:
        app.terminate()
        try:
            app.wait(timeout=10)
        except subprocess.TimeoutExpired:
            app.kill()
            app.wait()


def _wait_until_up(url: str, app: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if app.poll() is not None:
            pytest.fail(f"app exited with {app.returncode}:\n{log.read_text()}")
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as response:
            if response.status == 200:
                return
        time.sleep(0.5)
    pytest.fail(f"app not up after {timeout} s:\n{log.read_text()}")

"""Shared fixtures: small reports in tmp folders, the real seed report indexed.

The app and the CLI as subprocesses: tests/processes.py (benchmarks use it too).
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.engine import ReportAssistant
from assistant.index.build import passage_text, sentence_texts_of
from assistant.index.embedders import Embedder, HashingEmbedder
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


def indexed_assistant(
    root: Path,
    files: Sequence[Path] | None = None,
    *,
    embedder: str = "hashing",
    model: Embedder | None = None,
) -> ReportAssistant:
    """An assistant over `files` (default: SMALL_REPORT) in root/documents, indexed in root/index.

    `embedder` is the model's setting (`hashing`, `e5-small`, a folder); `model` a loaded one
    to share between fixtures.
    """
    documents = root / "documents"
    if files is None:
        write_report(documents)
    else:
        documents.mkdir(parents=True, exist_ok=True)
        for path in files:
            shutil.copy(path, documents / path.name)
    if model is None and embedder == "hashing":
        model = HashingEmbedder()
    settings = Settings(documents_dir=documents, index_dir=root / "index", embedder=embedder)
    assistant = ReportAssistant(settings, embedder=model)
    assistant.build()
    return assistant


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
    return indexed_assistant(tmp_path_factory.mktemp("seed"), [SEED], embedder="e5-small")

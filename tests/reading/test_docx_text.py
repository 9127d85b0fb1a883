"""docx_text: tables stand where they are in the document, rows on lines of their own."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from assistant.errors import DocumentError
from assistant.reading.documents import load_document
from assistant.reading.docx_text import MAX_DOCX_PARTS, check_docx_size
from assistant.reading.structure import split_paragraphs
from tests.report_files import CORPUS, needs_corpus


def make_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("2025年示例省政府工作报告")
    document.add_paragraph("　　规模以上工业增加值104.86亿元。")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "指标"
    table.cell(0, 2).text = "增长（%）"
    for row, values in enumerate([("工业投资", "58.20", "35.7"), ("其中：技改", "", "12.0")], 1):
        for col, value in enumerate(values):
            table.cell(row, col).text = value
    document.add_paragraph("表后的段落。")
    document.save(str(path))
    return path


def test_docx_tables_stand_where_they_are(tmp_path: Path) -> None:
    document = load_document(make_docx(tmp_path / "2025年示例省政府工作报告.docx"))
    assert document.text.split("\n") == [
        "2025年示例省政府工作报告",
        "规模以上工业增加值104.86亿元。",
        "指标 | 增长（%）",
        "工业投资 | 58.20 | 35.7",
        "其中：技改 | 12.0",
        "表后的段落。",
    ]
    assert (document.title, document.year, document.issuer) == (
        "2025年示例省政府工作报告",
        2025,
        "示例省",
    )


@needs_corpus
def test_real_docx_beijing() -> None:
    document = load_document(CORPUS / "docx" / "2025年北京市政府工作报告.docx")
    assert (document.title, document.year, document.issuer) == (
        "2025年北京市政府工作报告",
        2025,
        "北京市",
    )
    assert (
        "\n现在，我代表北京市人民政府，向大会报告政府工作，请予审议，并请市政协委员提出意见。\n"
        in (document.text)
    )
    assert "来源：北京日报" not in document.text


@needs_corpus
def test_real_docx_tables_in_order() -> None:
    # named 洛阳 2023, but the file holds 黔东南's 2016 bulletin (see the report of this module)
    document = load_document(CORPUS / "docx" / "2023年洛阳市国民经济和社会发展统计公报.docx")
    text = document.text
    assert "\n居民消费价格总指数 | 1.5\n" in text
    assert "\n其中：一般公共预算收入 | 110.68 | 6.9\n" in text
    assert text.index("凯里市居民消费价格") < text.index("居民消费价格总指数 | 1.5")
    assert text.index("居民消费价格总指数 | 1.5") < text.index("全年全州财税收入达到156.40亿元")


@needs_corpus
def test_the_text_names_the_report_when_the_file_name_is_wrong() -> None:
    """Its title is set over two lines (the place, then `2016年…统计公报`): joined, it names
    the report, and the wrong name's place and year lose to it."""
    document = load_document(CORPUS / "docx" / "2023年洛阳市国民经济和社会发展统计公报.docx")
    assert (document.title, document.year, document.issuer) == (
        "黔东南苗族侗族自治州2016年国民经济和社会发展统计公报",
        2016,
        "黔东南苗族侗族自治州",
    )
    paragraphs = split_paragraphs(document)
    first = document.text[paragraphs[0].start : paragraphs[0].end]
    assert first.startswith("黔东南州统计局")  # the two title lines are no paragraphs


def _zip_bomb(path: Path, unpacked: int) -> Path:
    """A .docx whose document.xml unpacks to `unpacked` bytes of zeros, written as a stream."""
    block = b"\0" * 2**20
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            for _ in range(unpacked // len(block)):
                part.write(block)
    return path


@pytest.fixture(scope="module")
def zip_bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bomb")
    return _zip_bomb(folder / "炸弹.docx", 1536 * 2**20)  # 1.5 GB of XML


def test_a_zip_bomb_is_refused_fast_with_bounded_memory(zip_bomb: Path) -> None:
    assert zip_bomb.stat().st_size < 5 * 2**20
    script = (
        "import sys, time\n"
        "from assistant.errors import DocumentError\n"
        "from assistant.reading.documents import load_document\n"
        "started = time.monotonic()\n"
        "try:\n"
        "    load_document(sys.argv[1])\n"
        "except DocumentError as error:\n"
        "    print(error)\n"
        "print(time.monotonic() - started)\n"
        # VmHWM, not ru_maxrss: ru_maxrss keeps the peak of the forked test process before exec
        "peak = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0]\n"
        "print(int(peak.split()[1]) // 1024)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(zip_bomb)], capture_output=True, text=True, check=True
    )
    message, seconds, peak_mb = done.stdout.splitlines()
    assert "解压后过大" in message and "unpacks too large" in message and "1536 MB" in message
    assert float(seconds) < 5 and int(peak_mb) < 300


def test_a_docx_of_too_many_parts_is_refused(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "多部件.docx")
    with zipfile.ZipFile(path, "a") as archive:
        for number in range(MAX_DOCX_PARTS):
            archive.writestr(f"extra/part{number}.xml", "<x/>")
    with pytest.raises(DocumentError, match=f"上限 .*{MAX_DOCX_PARTS}.*limit"):
        load_document(path)


def test_an_ordinary_docx_is_well_within_the_limits(tmp_path: Path) -> None:
    check_docx_size(make_docx(tmp_path / "报告.docx").read_bytes(), "报告.docx")

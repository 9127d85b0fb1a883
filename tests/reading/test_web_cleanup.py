"""web_cleanup: web-page chrome lines dropped, report content kept, on rules and real scrapes."""

from __future__ import annotations

import pytest

from assistant.reading.documents import load_document
from assistant.reading.extraction import clean_lines
from assistant.reading.web_cleanup import chrome_mask
from tests.report_files import CORPUS, needs_corpus

# The widget bar of a scraped page (上海, 2026), one word a line
WIDGETS = ["下载", "打印", "全屏", "收藏", "【字号：", "加大", "还原", "减小", "】"]
CHROME_CASES = [
    ([*WIDGETS, "2026年某省政府工作报告"], ["2026年某省政府工作报告"]),
    (["【字体：", "大", "中", "小", "】", "各位代表："], ["各位代表："]),
    (
        ["来源：解放日报", "时间：2026-02-09", "来源 : 南方日报", "（来源：青海日报）", "正文。"],
        ["正文。"],
    ),
    (["来源:", "四川日报", "2026年02月10日 07时41分", "分享：", "正文。"], ["正文。"]),
    (
        ["您的位置:", "首页", ">", "云南要闻", "云南要闻", "2026年政府工作报告"],
        ["2026年政府工作报告"],
    ),
    (["<!-- 陈吉宁同志作政府工作报告。 -->", "原标题：政府工作报告", "各位代表："], ["各位代表："]),
    (["殷勇同志作政府工作报告。本报记者 戴冰摄", "各位代表："], ["各位代表："]),
    (
        ["正文一。", "正文二。", "正文三。", "责任编辑：", "李莎莎", "相关报道：", "热议报告"],
        ["正文一。", "正文二。", "正文三。"],
    ),
    # content that looks a little like chrome stays
    (
        ["资料来源：本公报数据来自州统计局。", "大", "时间：", "一、2022年工作情况"],
        ["资料来源：本公报数据来自州统计局。", "大", "一、2022年工作情况"],
    ),
    (["相关报道：", "正文。"], ["相关报道：", "正文。"]),  # a trailer is only looked for at the end
]


@pytest.mark.parametrize(("lines", "kept"), CHROME_CASES)
def test_chrome_lines_are_dropped(lines: list[str], kept: list[str]) -> None:
    mask = chrome_mask(lines)
    assert [line for line, keep in zip(lines, mask, strict=True) if keep] == kept


@needs_corpus
def test_real_dirty_scrape() -> None:
    path = CORPUS / "reports" / "provincial_2026" / "2026_上海市_政府工作报告.txt"
    document = load_document(path)
    lines = document.text.split("\n")
    chrome = {*WIDGETS, "相关报道："}
    assert not chrome & set(lines)
    assert not [line for line in lines if line.startswith(("来源：", "时间："))]
    assert lines[0] == document.title == "2026年上海市政府工作报告"
    assert "各位代表：" in lines and lines[-1].startswith("各位代表，团结凝聚力量")
    original = [line.strip() for line in path.read_text("utf-8").splitlines() if line.strip()]
    assert len(original) - len(lines) == 12  # the chrome lines, nothing else


@needs_corpus
def test_real_texts_only_lose_lines() -> None:
    """Over the whole text corpus: lines are kept verbatim, in order, and few are dropped."""
    for path in sorted((CORPUS / "reports").rglob("*.txt")):
        original = clean_lines(path.read_text("utf-8").splitlines())
        kept = load_document(path).text.split("\n")
        remaining = iter(original)
        assert all(line in remaining for line in kept), path.name
        assert len(original) - len(kept) <= 25, path.name

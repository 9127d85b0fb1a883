"""The one heading rule: readers (`HEADING`) and the chunker (`heading_level`) agree."""

from __future__ import annotations

import pytest

from assistant.reading import documents, extraction, pdf_text, structure, web_cleanup
from assistant.reading.headings import HEADING, heading_level


@pytest.mark.parametrize(
    ("line", "level"),
    [
        ("一、2022年工作情况", 1),
        ("十二、其他工作", 1),
        ("一、二线城市房价保持稳定。", None),
        ("三、两岸交流", None),  # 两 after 、 reads as an enumeration (一、两个…): a known limit
        ("（一）坚决有力防疫情", 2),
        ("(二)全力以赴稳经济", 2),
        ("1.加快产业升级", 3),
        ("2．优化营商环境", 3),
        ("3、做好民生工作", 3),
        ("1.5亿元用于改造。", None),
        ("（1）完善机制", 4),
        ("第一部分 总体要求", 1),
        ("第三章 保障措施", 1),
        ("第二节 产业", 1),
        ("第十二篇", 1),
        ("坚持制造业当家。", None),
        ("2022年工作回顾", 1),  # a part named without a number, on a line of its own
        ("2025年工作安排建议", 1),
        ("“十四五”时期工作回顾", 1),
        ("过去五年工作回顾", 1),
        ("2022年工作回顾。过去一年，全省上下……", None),  # a sentence, not a heading
        ("2019年十大民生实事工作目标", None),
        ("2023年全市经济运行总体平稳", None),
    ],
)
def test_readers_and_chunker_agree(line: str, level: int | None) -> None:
    assert heading_level(line) == level
    assert bool(HEADING.match(line)) == (level is not None)


def test_every_reader_uses_the_one_rule() -> None:
    for module in (documents, pdf_text, web_cleanup):
        assert module.HEADING is HEADING
    assert structure.heading_level is heading_level
    assert not hasattr(extraction, "HEADING")

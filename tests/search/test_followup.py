"""Follow-up questions completed from the earlier turn: a table of real turns (all of
/work/shared/eval/train_followups.jsonl and the seed report's), and questions left alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.engine import ReportAssistant
from assistant.index.embedders import HashingEmbedder
from assistant.search.followup import complete
from tests.conftest import SHARED, write_report
from tests.report_files import needs_corpus

# (earlier question, follow-up, completed question)
FOLLOWUPS = [
    # seed report (外海街道)
    ("2022年外海引进了多少博士？", "高层次人才呢？", "2022年外海引进了多少高层次人才？"),
    ("中东村要建什么公园？", "那七东村呢？", "七东村要建什么公园？"),
    ("中东村要建什么公园？", "配套什么？", "中东村要建什么公园，配套什么？"),
    (
        "2024年四川地区生产总值是多少？",
        "增长了多少？",
        "2024年四川地区生产总值是多少，增长了多少？",
    ),
    ("2024年四川地区生产总值是多少？", "那廣東呢？", "2024年广东地区生产总值是多少？"),
    ("2024年四川地区生产总值是多少？", "那衡阳市呢？", "2024年衡阳市地区生产总值是多少？"),
    (
        "2024年四川新增了多少家专精特新企业？",
        "高新技术企业呢？",
        "2024年四川新增了多少家高新技术企业？",
    ),
    (
        "2024年四川粮食产量是多少？",
        "那新疆维吾尔自治区呢？",
        "2024年新疆维吾尔自治区粮食产量是多少？",
    ),
    ("2023年四川粮食产量是多少？", "今年的目标呢？", "今年四川粮食产量目标是多少？"),
    ("2024年四川城镇新增就业多少人？", "2025年打算怎么做？", "2025年四川城镇新增就业打算怎么做？"),
    ("2024年四川粮食产量是多少？", "换成河南呢？", "2024年河南粮食产量是多少？"),
    ("2024年四川粮食产量是多少？", "河南的情况呢？", "2024年河南粮食产量是多少？"),
    ("2025年江西要办几件民生实事？", "都有哪些？", "2025年江西民生实事都有哪些？"),
    ("2025年江西要办几件民生实事？", "为什么？", "2025年江西要办几件民生实事，为什么？"),
    (
        "2025年浙江要推进哪些民生实事？",
        "有什么具体措施？",
        "2025年浙江要推进哪些民生实事，有什么具体措施？",
    ),
    ("2022年获得多少个一等奖？", "二等奖呢？", "2022年获得多少个二等奖？"),
    ("四川粮食产量是多少？", "那去年呢？", "去年四川粮食产量是多少？"),
    ("2022年外海街道工业投资增长多少？", "那2024年呢？", "2024年外海街道工业投资增长多少？"),
    ("2024年成都市地区生产总值是多少？", "深圳市呢？", "2024年深圳市地区生产总值是多少？"),
    ("2024年四川粮食产量是多少？", "广西壮族自治区呢？", "2024年广西壮族自治区粮食产量是多少？"),
    ("2023年四川粮食产量是多少？", "今年呢？", "今年四川粮食产量是多少？"),
    ("外海街道2023年要建什么公园？", "那中东村呢？", "中东村2023年要建什么公园？"),
    # train_followups.jsonl
    ("2023年全国粮食产量是多少？", "那2024年呢？", "2024年全国粮食产量是多少？"),
    ("2021年全国城镇新增就业多少人？", "2022年呢？", "2022年全国城镇新增就业多少人？"),
    ("2024年国家赤字率按多少安排？", "2025年又定的是多少？", "2025年国家赤字率定的是多少？"),
    ("2015年我国国内生产总值是多少？", "那2013年呢？", "2013年我国国内生产总值是多少？"),
    (
        "2024年四川城镇新增就业多少人？",
        "2025年的目标是多少？",
        "2025年四川城镇新增就业目标是多少？",
    ),
    ("2024年湖南粮食总产量有多少斤？", "2025年定的目标呢？", "2025年湖南粮食总产量目标有多少？"),
    ("2024年四川粮食产量是多少？", "河南呢？", "2024年河南粮食产量是多少？"),
    ("2024年江苏地区生产总值是多少？", "山东呢？", "2024年山东地区生产总值是多少？"),
    ("2025年广西经济增长的预期目标是多少？", "那云南呢？", "2025年云南经济增长的预期目标是多少？"),
    (
        "2024年贵州哪个景区评上了国家5A级旅游景区？",
        "陕西呢？",
        "2024年陕西哪个景区评上了国家5A级旅游景区？",
    ),
    ("湖北2024年新能源汽车产量是多少？", "安徽呢？", "安徽2024年新能源汽车产量是多少？"),
    ("2024年浙江城镇新增就业多少人？", "那粮食产量呢？", "2024年浙江粮食产量多少？"),
    ("2024年陕西地区生产总值是多少？", "新能源汽车产量呢？", "2024年陕西新能源汽车产量是多少？"),
    ("2019年全国国内生产总值是多少？", "那一年减税降费有多少？", "2019年全国减税降费有多少？"),
    ("2025年山东地区生产总值增长目标是多少？", "就业目标呢？", "2025年山东就业目标是多少？"),
    (
        "2025年江西要办的10件民生实事有哪些？",
        "其中跟老年人有关的是哪一件？",
        "2025年江西要办的10件民生实事有哪些，其中跟老年人有关的是哪一件？",
    ),
    (
        "2025年浙江打算为多少重点群体提供就业帮扶？",
        "具体包括哪些人？",
        "2025年浙江打算为多少重点群体提供就业帮扶，具体包括哪些人？",
    ),
    (
        "2024年湖南以旧换新卖了多少辆汽车和多少台家电？",
        "一共拉动了多少消费？",
        "2024年湖南以旧换新卖了多少辆汽车和多少台家电，一共拉动了多少消费？",
    ),
    (
        "2024年海南接待了多少入境游客？",
        "那全部游客人数增长了多少？",
        "2024年海南全部游客人数增长了多少？",
    ),
    (
        "2025年国家拟发行多少超长期特别国债？",
        "其中拿多少支持消费品以旧换新？",
        "2025年国家拟发行多少超长期特别国债，其中拿多少支持消费品以旧换新？",
    ),
]

# (earlier question, a question that stands on its own)
STANDALONE = [
    ("2024年四川地区生产总值是多少？", "工业增加值比上年增长多少？"),
    ("2024年四川地区生产总值是多少？", "2024年廣東地區生產總值是多少？"),
    ("中东村要建什么公园？", "2022年新增几家专精特新小巨人企业？"),
    ("2024年四川粮食产量是多少？", "要扩建哪些医院项目？"),
    ("2024年四川粮食产量是多少？", "2023年坚持什么产业当家？"),
    ("2024年浙江城镇新增就业多少人？", "湖北2024年新能源汽车产量是多少？"),
    ("要扩建哪些医院项目？", "中东村整治是以什么为切入点？"),
]


@pytest.mark.parametrize(("earlier", "question", "expected"), FOLLOWUPS)
def test_followup_is_completed(earlier: str, question: str, expected: str) -> None:
    assert complete(question, [earlier]) == (expected, True)


@pytest.mark.parametrize(("earlier", "question"), STANDALONE)
def test_standalone_question_is_kept(earlier: str, question: str) -> None:
    assert complete(question, [earlier]) == (question, False)


@needs_corpus
def test_every_training_conversation_is_in_the_table() -> None:
    path = SHARED / "eval" / "train_followups.jsonl"
    table = {(earlier, question): expected for earlier, question, expected in FOLLOWUPS}
    for line in path.read_text(encoding="utf-8").splitlines():
        first, second = json.loads(line)["turns"]
        assert (first["question"], second["question"]) in table


def test_no_context_or_empty_question_is_kept() -> None:
    assert complete("河南呢？", []) == ("河南呢？", False)
    assert complete("", ["2024年四川粮食产量是多少？"]) == ("", False)


def test_each_earlier_turn_is_completed_in_turn() -> None:
    context = ["2024年四川粮食产量是多少？", "河南呢？"]
    assert complete("那2023年呢？", context) == ("2023年河南粮食产量是多少？", True)
    # a first turn that itself leans on nothing is read as it stands
    assert complete("河南呢？", ["那粮食产量呢？"]) == ("河南粮食产量？", True)


def province_report(name: str, grain: str) -> str:
    return f"2025年{name}政府工作报告\n一、2024年工作回顾\n全省粮食产量{grain}亿斤，再创新高。\n"


def test_a_place_named_is_answered_from_its_reports(tmp_path: Path) -> None:
    documents = tmp_path / "documents"
    write_report(documents, "2025年河南省政府工作报告.txt", province_report("河南省", "1344"))
    write_report(documents, "2025年四川省政府工作报告.txt", province_report("四川省", "726.8"))
    settings = Settings(documents_dir=documents, index_dir=tmp_path / "index", embedder="hashing")
    assistant = ReportAssistant(settings, embedder=HashingEmbedder())
    assistant.build()
    answer = assistant.ask("河南呢？", context=["2024年四川粮食产量是多少？"])
    assert answer.understood_as == "2024年河南粮食产量是多少？"
    assert answer.citations and {c.report for c in answer.citations} == {"2025年河南省政府工作报告"}
    both = assistant.ask("2024年粮食产量是多少？")  # no place: every report
    assert len({c.report for c in both.citations}) == 2

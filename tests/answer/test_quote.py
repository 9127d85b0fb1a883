"""Choosing the quote, deciding "not found", and answers from several years' reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answer.asked import asked_kind
from assistant.answer.coverage import topic_coverage
from assistant.answer.evidence import Candidate
from assistant.answer.quote import number_missing, rate_for_count
from assistant.answer.span import extend_short, with_what_it_points_to
from assistant.config import Settings
from assistant.engine import ReportAssistant
from assistant.index.embedders import HashingEmbedder
from assistant.reading.structure import split_sentences
from assistant.schema import Chunk, Hit
from assistant.search import understand
from assistant.search.plain_words import stand_ins
from tests.conftest import write_report


@pytest.mark.parametrize(
    ("weights", "text", "expected"),
    [
        ({"投资": 1.0, "增长": 1.0}, "工业投资增长35.7%", 1.0),
        ({"投资": 1.0, "gdp": 3.0}, "工业投资增长", 0.25),
        # `业当` straddles 产业|当家: both halves found, so it is not missing
        ({"产业": 1.0, "业当": 5.0, "当家": 1.0}, "坚持制造业当家，发展产业", 1.0),
        ({"常住": 4.0, "人口": 2.0}, "流动人口", 2.0 / 6.0),
        ({}, "任何文字", 0.0),
    ],
)
def test_topic_coverage(weights: dict[str, float], text: str, expected: float) -> None:
    assert topic_coverage(weights, text) == pytest.approx(expected)


def test_a_report_word_covers_the_everyday_word_it_stands_for() -> None:
    """`附近看病的医院有新建的吗？`: a passage on 医疗 covers the 看病 asked about."""
    query = understand("附近看病的医院有新建的吗？")
    weights = {term: 1.0 for term in query.topic}
    covering = stand_ins(query.simplified, query.topic)
    text = "推进医院新院区建设，提升医疗服务水平"
    assert covering == {"看病": ("就医", "医疗", "诊疗")}
    assert topic_coverage(weights, text, covering) > topic_coverage(weights, text)
    assert topic_coverage(weights, "推进医院新院区建设", covering) == topic_coverage(
        weights, "推进医院新院区建设"
    )


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("哪个村要进行三旧改造？", "村要"),
        ("计划沿江打造一个什么经济带？", "经济"),
        ("哪些企业落户外海？", "企业"),
        ("什么时候完成？", None),  # a time, not a kind of thing
        ("工业投资增长多少？", None),
    ],
)
def test_asked_kind(question: str, kind: str | None) -> None:
    assert asked_kind(question) == kind


def yearly_report(year: int, value: str) -> str:
    return (
        f"示例市{year}年政府工作报告\n一、{year - 1}年工作回顾\n全市地区生产总值{value}亿元。\n"
        f"二、{year}年主要任务\n建设龙舟公园。\n"
    )


@pytest.fixture
def yearly(tmp_path: Path) -> ReportAssistant:
    documents = tmp_path / "documents"
    for year, value in ((2021, "1000"), (2022, "1100"), (2023, "1200")):
        write_report(documents, f"{year}_示例市_政府工作报告.txt", yearly_report(year, value))
    settings = Settings(documents_dir=documents, index_dir=tmp_path / "index", embedder="hashing")
    assistant = ReportAssistant(settings, embedder=HashingEmbedder())
    assistant.build()
    return assistant


def test_each_report_answers_newest_first(yearly: ReportAssistant) -> None:
    answer = yearly.ask("示例市地区生产总值是多少？", k=5)
    assert answer.found
    years = [quote.citation.year for quote in answer.by_report]
    assert years == sorted(years, reverse=True) and len(years) == 3
    assert "1200亿元" in answer.by_report[0].text


def test_naming_no_year_the_newest_report_answers(tmp_path: Path) -> None:
    """The older bulletin words the question more closely (城镇居民 against 城镇常住居民), yet
    the question naming no year asks for today's figure: the 2023 one, its passage first."""
    documents = tmp_path / "documents"
    old = "示例州2016年统计公报\n一、2016年发展情况\n全州城镇居民人均可支配收入25282元。\n"
    new = "示例州2023年统计公报\n一、2023年发展情况\n全州城镇常住居民人均可支配收入40867元。\n"
    write_report(documents, "2016_示例州_统计公报.txt", old)
    write_report(documents, "2023_示例州_统计公报.txt", new)
    settings = Settings(documents_dir=documents, index_dir=tmp_path / "index", embedder="hashing")
    assistant = ReportAssistant(settings, embedder=HashingEmbedder())
    assistant.build()
    answer = assistant.ask("示例州城镇居民人均可支配收入多少？")
    assert answer.quote is not None and "40867元" in answer.quote.text
    assert answer.quote.text in answer.hits[0].chunk.text
    assert [quote.citation.year for quote in answer.by_report] == [2023, 2016]


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("示例市2021年地区生产总值是多少？", "1100"),
        ("示例市2020年地区生产总值是多少？", "1000"),
        ("去年地区生产总值是多少？", "1200"),
    ],
)
def test_a_named_year_picks_that_years_report(
    yearly: ReportAssistant, question: str, value: str
) -> None:
    answer = yearly.ask(question)
    assert answer.quote is not None and f"{value}亿元" in answer.quote.text
    assert answer.by_report == ()


def test_page_shows_each_years_answer(yearly: ReportAssistant) -> None:
    from assistant.web.html import render_answer_html

    page = render_answer_html(yearly.ask("示例市地区生产总值是多少？"))
    assert "各年度报告的回答" in page
    assert page.index("2023年报告") < page.index("2022年报告") < page.index("2021年报告")


def test_a_year_no_report_speaks_of_is_not_found(yearly: ReportAssistant) -> None:
    answer = yearly.ask("示例市2015年地区生产总值是多少？")
    assert not answer.found and answer.hits


def test_a_title_line_is_the_title_not_an_answer(tmp_path: Path) -> None:
    """A CMRC-style file: the article title on the first line, the paragraph after it."""
    documents = tmp_path / "documents"
    write_report(
        documents, "DEV_7.txt", "白岳峰\n白岳峰是中国篮球运动员，司职中锋，效力于浙江队。\n"
    )
    settings = Settings(documents_dir=documents, index_dir=tmp_path / "index", embedder="hashing")
    assistant = ReportAssistant(settings, embedder=HashingEmbedder())
    assistant.build()
    answer = assistant.ask("白岳峰打什么位置？")
    assert answer.hits[0].chunk.text.startswith("白岳峰是")
    assert [report.title for report in assistant.reports()] == ["白岳峰"]
    if answer.quote is not None:
        assert answer.quote.text != "白岳峰" and answer.quote.citation.report == "白岳峰"


def test_a_report_word_covers_whatever_its_case_or_width() -> None:
    """The table writes `5g` (as questions are read: NFKC, lower case); reports write `5G`."""
    covering = {"网速": ("5g",)}
    for text in ("新建5G基站3000个", "新建５Ｇ基站3000个"):
        assert topic_coverage({"网速": 1.0}, text, covering) == 1.0
    assert topic_coverage({"网速": 1.0}, "新建基站3000个", covering) == 0.0


def _candidate(text: str, sentence: int) -> Candidate:
    spans = tuple(split_sentences(text))
    chunk = Chunk("c", "d", (), 1, text, 100, 100 + len(text), sentences=spans)
    start, end = spans[sentence]
    return Candidate(Hit(chunk, 1.0, 0), 1, 100 + start, 100 + end, ())


def test_a_short_sentence_is_quoted_with_the_next_on_its_line_only() -> None:
    prose = "持续壮大经济基本盘。全年地区生产总值增长5%，工业投资增长35.7%，消费增长3%。"
    assert extend_short(_candidate(prose, 0)) == (100, 100 + len(prose))
    rows = "钢材 吨 1577693 48.8\n鲜、冷藏肉 吨 242158 39.9"
    first = _candidate(rows, 0)
    assert extend_short(first) == (first.start, first.end)  # a table row stands alone


def test_a_sentence_pointing_back_is_quoted_with_the_one_it_points_to() -> None:
    reason = "次磷酸可以将碘还原为氢碘酸，而氢碘酸又可以将麻黄碱还原为甲基苯丙胺。"
    then = "因此，次磷酸被列为第一类易制毒化学品，购买及使用受到严格管制。"
    chosen = _candidate(reason + then, 1)
    assert with_what_it_points_to(chosen, chosen.start) == 100  # the reason comes with it
    first = _candidate(reason + then, 0)
    assert with_what_it_points_to(first, first.start) == first.start  # nothing before it
    plain = _candidate(reason + "次磷酸购买及使用受到严格管制。", 1)
    assert with_what_it_points_to(plain, plain.start) == plain.start  # it stands alone
    lines = _candidate(reason + "\n" + then, 1)  # another paragraph: it is not glued to it
    assert with_what_it_points_to(lines, lines.start) == lines.start


@pytest.mark.parametrize(
    ("question", "sentence", "missing"),
    [
        # an amount asked, no number at all: it does not say by how much
        ("2021年退休人员基本养老金上调幅度是多少？", "上调退休人员基本养老金。", True),
        ("重庆今年退休人员的养老金涨多少？", "适当提高退休人员基本养老金。", True),
        ("2021年退休人员基本养老金上调幅度是多少？", "上调退休人员基本养老金4.5%。", False),
        ("全香港共有几所高中书院？", "全香港共四所高中书院，分别为明爱华德中书院等。", False),
        # which ones, whether: no amount is asked of the sentence
        ("达曼的卫星城有哪几座？", "达曼的卫星城有Khobar以及渔业农业中心Qatif。", False),
        ("2018年个税起征点会不会提高？", "提高个人所得税起征点，增加专项费用扣除。", False),
    ],
)
def test_an_amount_asked_needs_a_number(question: str, sentence: str, missing: bool) -> None:
    assert number_missing(understand(question), _candidate(sentence, 0)) is missing


@pytest.mark.parametrize(
    ("question", "sentence", "only_rates"),
    [
        # how many visitors, answered only by how fast their number grew
        ("海南去年一共接待了多少游客？", "接待游客增长8%，入境游客增长115.6%。", True),
        ("海南去年一共接待了多少游客？", "接待游客增长8%，其中入境游客111万、增长115.6%。", False),
        # a change asked in plain words is answered by a rate: only a total or a count is checked
        ("国家统一采购的药去年便宜了多少？", "集采药品耗材平均降价47.4%。", False),
        # a rate, a change or a rank asked is answered in %
        ("2024年城镇调查失业率是多少？", "城镇调查失业率5.1%。", False),
        ("海南去年接待游客增长了多少？", "接待游客增长8%。", False),
        ("去年海南低保标准会不会提高？", "城乡低保标准分别提高6%和11%。", False),
    ],
)
def test_a_count_asked_is_not_answered_by_rates(
    question: str, sentence: str, only_rates: bool
) -> None:
    assert rate_for_count(understand(question), _candidate(sentence, 0)) is only_rates

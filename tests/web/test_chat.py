"""The web chat: handlers called directly on real indexes (the bundled e5 model), and the
`/ask` API through `gradio_client` against `python app.py` running as a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.answer.render import NOT_FOUND_ZH, answer_dict, citation_text, passages
from assistant.config import MAX_PASSAGES, Settings
from assistant.engine import ReportAssistant
from assistant.index.embedders import Embedder, make_embedder
from assistant.schema import Answer, Citation, Figure, Quote, ReportInfo
from assistant.web import chat as ui
from assistant.web import html as markup
from assistant.web import server as serving
from tests.conftest import ROOT, SEED, indexed_assistant
from tests.processes import running_app

pytestmark = pytest.mark.e2e

# A report whose text holds markup: it must be shown as text, never run.
MARKUP_NAME = "示例镇2021年政府工作报告.txt"
MARKUP_REPORT = """示例镇2021年政府工作报告
一、2020年工作回顾
网页安全检查写入了<script>alert(1)</script>和<b>粗体</b>两段标记，页面必须原样显示这些标记。
二、2021年工作安排
示例镇计划新建3座污水处理厂，改善河道水质。
"""
MARKUP_QUESTION = "网页安全检查写入了哪两段标记？"
FIGURE_QUESTION = "2022年新增几家专精特新小巨人企业？"
UNANSWERABLE = "外海街道有多少常住人口？"


# ---- fixtures: real indexes in tmp folders, built once per module -------------------------------


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return make_embedder("e5-small")


def _assistant(docs: Path, index: Path, embedder: Embedder) -> ReportAssistant:
    return ReportAssistant(Settings(documents_dir=docs, index_dir=index), embedder=embedder)


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> ReportAssistant:
    """The seed report alone."""
    return indexed_assistant(
        tmp_path_factory.mktemp("seed"), [SEED], embedder="e5-small", model=embedder
    )


@pytest.fixture(scope="module")
def two(
    tmp_path_factory: pytest.TempPathFactory, seed: ReportAssistant, embedder: Embedder
) -> ReportAssistant:
    """The seed report and the markup report; the seed's vectors are reused, not re-embedded."""
    root = tmp_path_factory.mktemp("two")
    shutil.copytree(seed.settings.documents_dir, root / "docs")
    (root / "docs" / MARKUP_NAME).write_text(MARKUP_REPORT, encoding="utf-8")
    shutil.copytree(seed.settings.index_dir, root / "index")
    assistant = _assistant(root / "docs", root / "index", embedder)
    assistant.build()
    return assistant


def _doc_id(assistant: ReportAssistant, file_name: str) -> str:
    return next(r.doc_id for r in assistant.reports() if Path(r.file).name == file_name)


# ---- rendering an answer ----------------------------------------------------------------------


def test_answer_html_holds_quote_figure_and_citation(seed: ReportAssistant) -> None:
    answer = seed.ask(FIGURE_QUESTION)
    assert answer.found and answer.quote and answer.quote.figure
    page = markup.render_answer_html(answer)
    quote = answer.quote
    assert "<mark>新增2家</mark>" in page
    assert markup.quote_html(quote) in page.split("</blockquote>")[0]
    assert markup.quote_html(quote).replace("<mark>", "").replace("</mark>", "") == quote.text
    assert citation_text(quote.citation) in page
    assert page.index("ra-quote") < page.index("ra-passage")  # the answer comes first
    assert page.count("<details") == len(passages(answer.hits, answer.citations))
    assert f"<mark>{quote.text}</mark>" in page  # highlighted inside its passage


def test_not_found_shows_message_and_nearest_passages(seed: ReportAssistant) -> None:
    answer = seed.ask(UNANSWERABLE)
    assert not answer.found
    page = markup.render_answer_html(answer)
    assert NOT_FOUND_ZH in page
    assert "ra-quote" not in page and "<mark>" not in page
    assert page.count("<details") == len(passages(answer.hits, answer.citations)) > 0


CITATION = Citation("报告", "docs/报告.txt", ("一、总体", "（一）经济"), 2, 3, 110, 120, 2023)


@pytest.mark.parametrize(
    ("text", "start", "end", "expected"),
    [
        ("增长35.7%。", 0, 7, "<mark>增长35.7%</mark>。"),
        ("a<b>c", 1, 4, "a<mark>&lt;b&gt;</mark>c"),
        ("abc", 2, 9, "abc"),  # out of range: nothing marked
        ("abc", 2, 2, "abc"),
    ],
)
def test_marked(text: str, start: int, end: int, expected: str) -> None:
    assert markup.marked(text, start, end) == expected


def test_passage_highlights_quote_only_inside_its_own_file() -> None:
    quote = Quote("乙句。", Citation("报告", "docs/报告.txt", ("一、总体",), 2, 3, 112, 115, 2023))
    chunk_citation = Citation("报告", "docs/报告.txt", ("一、总体",), 2, 3, 107, 123, 2023)
    inside = markup.passage_html(1, "甲句甲句。乙句。丙句丙", chunk_citation, quote)
    assert "<mark>乙句。</mark>" in inside
    other = Citation("别的", "docs/别的.txt", ("一、总体",), 2, None, 107, 123, 2022)
    assert "<mark>" not in markup.passage_html(1, "甲句甲句。乙句。丙句丙", other, quote)
    assert "第3页" in inside and "一、总体" in inside


def test_citation_and_short_not_found_without_hits() -> None:
    figure = Figure("3座", 3.0, "座", "", 2, 4)
    answer = Answer("问？", True, Quote("新建3座厂。", CITATION, figure), (), ())
    page = markup.render_answer_html(answer)
    assert "新建<mark>3座</mark>厂。" in page
    assert "报告 · 一、总体 › （一）经济 · 第2段 · 第3页" in page
    nothing = markup.render_answer_html(Answer("问？", False, None, (), ()))
    assert markup.NOT_FOUND_SHORT in nothing and "<details" not in nothing


# ---- safety -----------------------------------------------------------------------------------


def test_markup_in_a_report_is_escaped(two: ReportAssistant) -> None:
    page = markup.render_answer_html(two.ask(MARKUP_QUESTION))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;粗体&lt;/b&gt;" in page
    assert "<script" not in page and "<b>" not in page


def test_markup_in_a_question_is_escaped(seed: ReportAssistant) -> None:
    _, _, page = ui.respond("<img src=x onerror=alert(1)>工业投资？", [], None, seed)
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<img" not in page


# ---- chat turns and errors --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "zh", "en"),
    [
        ("", "问题为空", "The question is empty"),
        ("   ", "问题为空", "The question is empty"),
        ("工业" * 251, "问题太长", "too long"),
    ],
)
def test_question_errors_reply_in_both_languages(
    seed: ReportAssistant, question: str, zh: str, en: str
) -> None:
    box, history, page = ui.respond(question, [], None, seed)
    assert box == "" and len(history) == 1
    assert 'class="ra-error"' in page and zh in page and en in page
    assert "Traceback" not in page


def test_control_characters_are_not_echoed(seed: ReportAssistant) -> None:
    _, history, page = ui.respond("\u202e工业\x1b投资\u2066增长多少", [], None, seed)
    assert history[0]["question"] == "工业投资增长多少"
    assert not any(ch in page for ch in "\u202e\x1b\u2066")


def test_missing_index_replies_in_both_languages(tmp_path: Path, embedder: Embedder) -> None:
    assistant = _assistant(tmp_path / "docs", tmp_path / "no-index", embedder)
    _, _, page = ui.respond(FIGURE_QUESTION, [], None, assistant)
    assert ui.INDEX_TROUBLE[0] in page and ui.INDEX_TROUBLE[1] in page
    assert "assistant index" not in page and str(tmp_path) not in page
    assert ui.known_reports(assistant) == []


def test_unexpected_failure_is_a_polite_reply() -> None:
    class Broken:
        def ask(self, *args: object, **kwargs: object) -> Answer:
            raise RuntimeError("boom")

    page = ui.answer_or_error_html(Broken(), "问？")  # type: ignore[arg-type]
    assert ui.UNEXPECTED[0] in page and ui.UNEXPECTED[1] in page and "boom" not in page


def test_history_is_kept_newest_first_and_cleared(seed: ReportAssistant) -> None:
    _, history, _ = ui.respond(FIGURE_QUESTION, [], None, seed)
    _, history, page = ui.respond(UNANSWERABLE, history, None, seed)
    assert [turn["question"] for turn in history] == [FIGURE_QUESTION, UNANSWERABLE]
    assert page.index(UNANSWERABLE) < page.index(FIGURE_QUESTION)
    assert ui.clear() == ("", [], markup.render_conversation([]))


# ---- report filter ----------------------------------------------------------------------------


def test_followup_is_completed_from_the_chat_and_shown(seed: ReportAssistant) -> None:
    _, history, _ = ui.respond("中东村要建什么公园？", [], None, seed)
    _, history, page = ui.respond("配套什么？", history, None, seed)
    assert ui.earlier_questions(history) == ["中东村要建什么公园？", "配套什么？"]
    newest = history[-1]["html"]
    assert "理解为：中东村要建什么公园，配套什么？" in newest
    assert "龙舟公园" in newest and newest in page
    assert "理解为" not in history[0]["html"]  # the first question was taken as asked


def test_every_answer_and_passage_opens_its_source(seed: ReportAssistant) -> None:
    page = ui.answer_or_error_html(seed, FIGURE_QUESTION)
    answer = seed.ask(FIGURE_QUESTION)
    assert answer.quote is not None
    shown = len(passages(answer.hits, answer.citations))
    assert page.count(">查看原文</a>") == 1 + shown
    assert page.count('class="ra-source"') == 1 + shown
    assert f"<mark>{markup.html.escape(answer.quote.text)}</mark>" in page
    assert "《外海街道2022年工作情况和2023年工作谋划》 一、2022年工作情况 › (二)" in page
    assert 'href="?q=2022%E5%B9%B4' in page


def test_share_link_question_is_answered_on_load(seed: ReportAssistant) -> None:
    box, history, page = ui.shared_question({"q": FIGURE_QUESTION}, seed)
    assert box == "" and [turn["question"] for turn in history] == [FIGURE_QUESTION]
    assert "新增2家" in page
    assert ui.shared_question({}, seed)[1] == []


def test_followup_through_the_api(seed: ReportAssistant) -> None:
    first = "2022年外海引进了多少博士？"
    result = ui.ask_json(seed, "高层次人才呢？", context=[first])
    assert result["understood_as"] == "2022年外海引进了多少高层次人才？"
    assert result["found"] and "新增认定高层次人才111人" in result["answer"]["text"]
    alone = ui.ask_json(seed, FIGURE_QUESTION, context=[first])
    assert alone["understood_as"] == FIGURE_QUESTION


def test_filter_only_with_more_than_one_report(seed: ReportAssistant, two: ReportAssistant) -> None:
    assert not ui.filter_visible(seed.reports())
    assert ui.filter_visible(two.reports())
    assert _filter_box(ui.build_ui(seed)).visible is False
    assert _filter_box(ui.build_ui(two)).visible is True
    assert ui.refresh_filter(two)[0]["visible"] is True


def test_filter_choices_and_selection() -> None:
    reports = [_report("a", 2023, "甲报告"), _report("b", 2021, "乙报告"), _report("c", 2023, "丙")]
    choices = ui.report_choices(reports)
    assert choices[:2] == [("2023年的全部报告", "year:2023"), ("2021年的全部报告", "year:2021")]
    assert ("2021年 · 乙报告", "b") in choices
    assert ui.selected_reports(["year:2023"], reports) == ["a", "c"]
    assert ui.selected_reports(["b", "year:2021"], reports) == ["b"]
    assert ui.selected_reports([], reports) == []
    one_year = [_report("a", 2023, "甲"), _report("c", 2023, "丙")]
    assert all(not value.startswith("year:") for _, value in ui.report_choices(one_year))


def test_filter_limits_the_passages(two: ReportAssistant) -> None:
    markup = _doc_id(two, MARKUP_NAME)
    _, _, page = ui.respond(FIGURE_QUESTION, [], [markup], two)
    assert "示例镇2021年政府工作报告" in page and "外海街道" not in page


def _report(doc_id: str, year: int, title: str) -> ReportInfo:
    return ReportInfo(doc_id, title, year, f"{title}.txt", "0" * 64, 0, 1, "2026-01-01")


def _filter_box(demo: object) -> object:
    import gradio as gr

    return next(b for b in demo.blocks.values() if isinstance(b, gr.Accordion))  # type: ignore[attr-defined]


# ---- API --------------------------------------------------------------------------------------


def test_ask_json_is_the_cli_contract(seed: ReportAssistant) -> None:
    assert ui.ask_json(seed, FIGURE_QUESTION) == answer_dict(seed.ask(FIGURE_QUESTION))
    assert 1 <= len(ui.ask_json(seed, FIGURE_QUESTION, k=2)["passages"]) <= 2  # k hits, merged
    assert 1 <= len(ui.ask_json(seed, FIGURE_QUESTION, k="3")["passages"]) <= 3


@pytest.mark.parametrize(
    ("question", "k"),
    [
        (FIGURE_QUESTION, "abc"),
        (FIGURE_QUESTION, [1]),
        (FIGURE_QUESTION, 0),
        (FIGURE_QUESTION, MAX_PASSAGES + 1),
        (FIGURE_QUESTION, 2.5),
        (2023, None),
        (["工业投资"], None),
    ],
)
def test_bad_api_arguments_raise_bilingual_gradio_errors(
    seed: ReportAssistant, question: object, k: object
) -> None:
    import gradio as gr

    with pytest.raises(gr.Error, match=r"(段落数 k|问题应是).* / .*(k must|must be text)"):
        ui.ask_json(seed, question, k)  # type: ignore[arg-type]


def test_ask_json_errors_raise_gradio_errors(seed: ReportAssistant) -> None:
    import gradio as gr

    with pytest.raises(gr.Error, match=r"问题为空.*The question is empty"):
        ui.ask_json(seed, " ")


def test_only_public_endpoint_is_ask(seed: ReportAssistant) -> None:
    demo = ui.build_ui(seed)
    public = [fn.api_name for fn in demo.fns.values() if fn.api_visibility == "public"]
    assert public == ["ask"]


def test_index_is_stale(tmp_path: Path, seed: ReportAssistant) -> None:
    settings = seed.settings
    assert not serving.index_is_stale(settings)
    assert serving.index_is_stale(Settings(documents_dir=tmp_path, index_dir=tmp_path / "none"))
    newer = tmp_path / "newer"
    newer.mkdir()
    shutil.copy(SEED, newer)
    future = time.time() + 3600
    os.utime(newer / SEED.name, (future, future))
    assert serving.index_is_stale(Settings(documents_dir=newer, index_dir=settings.index_dir))


# ---- the app as a subprocess, through gradio_client --------------------------------------------


def cli_json(assistant: ReportAssistant, question: str) -> dict[str, object]:
    settings = assistant.settings
    command = [
        sys.executable,
        "-m",
        "assistant",
        "ask",
        question,
        "--json",
        "--index-dir",
        str(settings.index_dir),
        "--documents-dir",
        str(settings.documents_dir),
    ]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_api_through_gradio_client_equals_cli(seed: ReportAssistant, tmp_path: Path) -> None:
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    settings = seed.settings
    with running_app(settings.documents_dir, settings.index_dir, tmp_path / "app.log") as url:
        client = Client(url, verbose=False, analytics_enabled=False)
        result = client.predict(FIGURE_QUESTION, api_name="/ask")
        short = client.predict(question=FIGURE_QUESTION, k=2, api_name="/ask")
        for question, k in ((FIGURE_QUESTION, "abc"), (FIGURE_QUESTION, [1]), (2023, 3)):
            with pytest.raises(AppError, match=r"(段落数 k|问题应是).*(k must|must be text)"):
                client.predict(question=question, k=k, api_name="/ask")
        followup = client.predict(
            question="那七东村呢？", context=["中东村要建什么公园？"], api_name="/ask"
        )
    assert result["found"] is True
    assert "新增2家专精特新“小巨人”企业" in result["answer"]["text"]
    assert result["answer"]["citation"]["section"][0] == "一、2022年工作情况"
    assert result == cli_json(seed, FIGURE_QUESTION)
    assert 1 <= len(short["passages"]) <= 2
    assert followup["understood_as"] == "七东村要建什么公园？"
    assert "正在建立索引" not in (tmp_path / "app.log").read_text()  # the index was up to date


def test_the_page_shows_how_a_question_was_read(seed: ReportAssistant) -> None:
    """Place, year and indicator, in a line under the answer; none for a plain question."""
    page = ui.answer_or_error_html(seed, "外海2022年规上工业增加值是多少？")
    assert "按 外海街道 · 2022年 · 规模以上工业增加值 理解" in page
    assert "ra-reading" not in ui.answer_or_error_html(seed, "中东村要建什么公园？")

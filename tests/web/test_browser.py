"""The chat page in headless Chromium: ask, see the quote and its citation, on a desktop and a
390-px phone; report markup shows as text; no request leaves 127.0.0.1.

The app starts with no index, so this also checks that `serve` builds one before serving.
Screenshots go to a tmp folder, and to docs/screenshots/ when SAVE_SCREENSHOTS=1.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.processes import running_app

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
SEED = next((ROOT / "documents").glob("*.txt"))
MARKUP_NAME = "示例镇2021年政府工作报告.txt"
MARKUP_REPORT = """示例镇2021年政府工作报告
一、2020年工作回顾
网页安全检查写入了<script>alert(1)</script>和<b>粗体</b>两段标记，页面必须原样显示这些标记。
"""
QUESTION = "2022年新增几家专精特新小巨人企业？"
QUOTE_PART = "新增2家专精特新“小巨人”企业"
CITATION_PART = "外海街道2022年工作情况和2023年工作谋划 · 一、2022年工作情况 › (二)"
SCREENSHOTS = ROOT / "docs" / "screenshots"

if not CHROMIUM.exists():
    pytest.skip(
        "Chromium is not installed at /usr/bin/chromium (apt-get install chromium)",
        allow_module_level=True,
    )


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app over the seed report and a report holding markup; it builds its own index."""
    root = tmp_path_factory.mktemp("browser")
    docs = root / "docs"
    docs.mkdir()
    shutil.copy(SEED, docs)
    (docs / MARKUP_NAME).write_text(MARKUP_REPORT, encoding="utf-8")
    with running_app(docs, root / "index", root / "app.log") as url:
        assert "索引完成" in (root / "app.log").read_text()  # built before serving
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def open_page(
    browser: Any, url: str, width: int, height: int, phone: bool
) -> tuple[Any, list[str]]:
    """A fresh page on the app, with every requested URL (and any dialog, as `dialog:`) recorded."""
    context = browser.new_context(
        viewport={"width": width, "height": height},
        is_mobile=phone,
        has_touch=phone,
        locale="zh-CN",
    )
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    # An alert() from report text would open a dialog: record it (and dismiss it).
    page.on(
        "dialog", lambda dialog: (requests.append(f"dialog:{dialog.message}"), dialog.dismiss())
    )
    # Never "networkidle": a Gradio page keeps a connection open.
    page.goto(url, wait_until="load")
    page.locator("#ra-question textarea").wait_for(timeout=30_000)
    return page, requests


def ask(page: Any, question: str) -> None:
    """Type a question, submit it, wait for the reply to this question."""
    box = page.locator("#ra-question textarea")
    box.fill(question)
    box.press("Enter")
    # generous: other work may hold both cores while the app loads the model
    page.locator(".ra-turn").first.locator(".ra-question", has_text=question[:20]).wait_for(
        timeout=180_000
    )


def only_local(requests: list[str]) -> None:
    """Every request went to 127.0.0.1 (and no dialog opened)."""
    outside = [url for url in requests if urlsplit(url).hostname != "127.0.0.1"]
    assert requests and not outside, outside


def save(page: Any, tmp: Path, name: str, *, full_page: bool) -> None:
    path = tmp / name
    page.screenshot(path=str(path), full_page=full_page)
    assert path.stat().st_size > 10_000
    if os.environ.get("SAVE_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, SCREENSHOTS / name)


def test_desktop_answer_with_quote_and_citation(app_url: str, browser: Any, tmp_path: Path) -> None:
    page, requests = open_page(browser, app_url, 1280, 900, phone=False)
    # two reports: a filter, shown once the page has loaded the report list
    page.get_by_text("按报告 / 年份筛选").first.wait_for(state="visible", timeout=30_000)
    ask(page, QUESTION)
    answer = page.locator(".ra-turn").first
    assert QUOTE_PART in answer.locator(".ra-quote").inner_text()
    assert answer.locator(".ra-quote mark").inner_text() == "新增2家"
    assert CITATION_PART in answer.locator(".ra-cite").inner_text()
    first = answer.locator("details.ra-passage").first
    first.locator(":scope > summary").click()
    assert QUOTE_PART in first.locator(":scope > p mark").inner_text()
    save(page, tmp_path, "answer-desktop.png", full_page=True)
    only_local(requests)
    page.context.close()


def test_phone_answer_fits_390_px(app_url: str, browser: Any, tmp_path: Path) -> None:
    page, requests = open_page(browser, app_url, 390, 844, phone=True)
    ask(page, QUESTION)
    answer = page.locator(".ra-turn").first
    assert QUOTE_PART in answer.locator(".ra-quote").inner_text()
    assert CITATION_PART in answer.locator(".ra-cite").inner_text()
    assert answer.locator(".ra-cite").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    save(page, tmp_path, "answer-phone.png", full_page=False)
    only_local(requests)
    page.context.close()


def test_report_markup_is_shown_not_run(app_url: str, browser: Any) -> None:
    page, requests = open_page(browser, app_url, 1280, 900, phone=False)
    ask(page, "网页安全检查写入了哪两段<b>标记</b>？")
    turn = page.locator(".ra-turn").first
    assert "<b>标记</b>" in turn.locator(".ra-question").inner_text()
    turn.locator("details.ra-passage > summary").first.click()
    shown = turn.inner_text()
    assert "<script>alert(1)</script>" in shown and "<b>粗体</b>" in shown
    assert page.locator("#ra-conversation script, #ra-conversation b").count() == 0
    only_local(requests)
    page.context.close()


def test_filter_by_report(app_url: str, browser: Any) -> None:
    page, requests = open_page(browser, app_url, 1280, 900, phone=False)
    page.get_by_text("按报告 / 年份筛选").first.click()
    page.get_by_label("只在这些报告中找（不选 = 全部报告）").click()
    page.get_by_role("option", name="2021年 · 示例镇2021年政府工作报告").click()
    page.keyboard.press("Escape")
    ask(page, QUESTION)
    passages = page.locator(".ra-turn").first.locator("details.ra-passage > summary")
    assert passages.count() >= 1
    assert all("示例镇" in text for text in passages.all_inner_texts())
    only_local(requests)
    page.context.close()


# ---- follow-ups and the source view -------------------------------------------------------------

FIRST = "2022年外海引进了多少博士？"
FOLLOWUP = "高层次人才呢？"
FOLLOWUP_QUOTE = "新增认定高层次人才111人"
PDF = ROOT / "tests" / "fixtures" / "example_report.pdf"


def open_source(page: Any, turn: Any, opener: Any) -> Any:
    """Tap 查看原文 and return the source view it opened (the one the address now targets)."""
    opener.click()
    view = page.locator(".ra-source:target")
    view.wait_for(state="visible", timeout=30_000)
    return view


def test_phone_followup_then_source_view(app_url: str, browser: Any, tmp_path: Path) -> None:
    page, requests = open_page(browser, app_url, 390, 844, phone=True)
    ask(page, FIRST)
    ask(page, FOLLOWUP)
    turn = page.locator(".ra-turn").first
    assert "理解为：2022年外海引进了多少高层次人才？" in turn.locator(".ra-understood").inner_text()
    assert FOLLOWUP_QUOTE in turn.locator(".ra-quote").inner_text()
    answer = turn.locator(".ra-answer > .ra-open")
    view = open_source(page, turn, answer)
    assert FOLLOWUP_QUOTE in view.locator(".ra-source-para mark").inner_text()
    assert "一、2022年工作情况" in view.locator(".ra-crumbs").inner_text()
    assert view.locator(".ra-source-para").count() > 1  # the paragraphs around it too
    assert view.locator(".ra-source-para mark").is_visible()  # on the first screen
    assert view.locator(".ra-before .ra-source-para").count() >= 1  # 上文, folded away
    assert "《外海街道2022年工作情况和2023年工作谋划》" in view.locator(".ra-formal").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    box = view.bounding_box()
    assert box is not None and box["width"] <= 390 and box["y"] <= 1  # it fills the screen
    save(page, tmp_path, "source-phone.png", full_page=False)
    view.locator(".ra-close").click()
    page.locator(".ra-source:target").wait_for(state="detached", timeout=30_000)
    assert turn.locator(".ra-quote").is_visible()  # back in the chat, at the answer
    assert page.locator(".ra-source:visible").count() == 0
    only_local(requests)
    page.context.close()


def test_share_link_opens_the_same_answer(app_url: str, browser: Any) -> None:
    from urllib.parse import quote

    page, requests = open_page(browser, f"{app_url}?q={quote(QUESTION)}", 390, 844, phone=True)
    turn = page.locator(".ra-turn").first
    turn.locator(".ra-quote").wait_for(timeout=60_000)
    assert QUOTE_PART in turn.locator(".ra-quote").inner_text()
    assert QUESTION in turn.locator(".ra-question").inner_text()
    only_local(requests)
    page.context.close()


@pytest.fixture(scope="module")
def pdf_app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app over the one-page PDF fixture alone."""
    root = tmp_path_factory.mktemp("browser-pdf")
    docs = root / "docs"
    docs.mkdir()
    shutil.copy(PDF, docs)
    with running_app(docs, root / "index", root / "app.log") as url:
        yield url


def test_pdf_source_view_shows_the_page(pdf_app_url: str, browser: Any, tmp_path: Path) -> None:
    page, requests = open_page(browser, pdf_app_url, 1280, 900, phone=False)
    ask(page, "工业投资增长多少？")
    turn = page.locator(".ra-turn").first
    quote = turn.locator(".ra-quote").inner_text()
    view = open_source(page, turn, turn.locator(".ra-answer > .ra-open"))
    assert "".join(view.locator(".ra-source-para mark").inner_text().split()) == "".join(
        quote.split()
    )
    assert "页" in view.locator(".ra-crumbs").inner_text()
    save(page, tmp_path, "source-desktop.png", full_page=False)
    image = view.locator("img.ra-page")
    image.scroll_into_view_if_needed()
    assert page.evaluate("(img) => img.complete && img.naturalWidth", image.element_handle()) > 500
    assert "，第1页" in view.locator(".ra-formal").inner_text()
    only_local(requests)
    page.context.close()


@pytest.fixture(scope="module")
def years_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app over four yearly reports of one city (the figures of test_trend)."""
    from tests.answer.test_trend import city_report

    root = tmp_path_factory.mktemp("years")
    docs = root / "docs"
    docs.mkdir()
    for year, value in ((2019, "902"), (2020, "915"), (2021, "1003"), (2022, "1061")):
        name = f"{year + 1}_示例市政府工作报告.txt"
        (docs / name).write_text(city_report("示例市", year + 1, value), encoding="utf-8")
    with running_app(docs, root / "index", root / "app.log") as url:
        yield url


def test_phone_trend_answer_draws_each_year(years_url: str, browser: Any, tmp_path: Path) -> None:
    """Across years at 390 px: one line per year, a chart whose points link to the quotes, a
    CSV, and how the question was read."""
    page, requests = open_page(browser, years_url, 390, 844, phone=True)
    ask(page, "近几年示例市地区生产总值是多少？")
    turn = page.locator(".ra-turn").first
    assert "按 示例市 · 地区生产总值 · 逐年 理解" in turn.locator(".ra-reading").inner_text()
    shown = turn.inner_text()
    assert all(f"达到{value}亿元" in shown for value in ("902", "915", "1003", "1061"))
    assert turn.locator("svg a").count() == 4 and turn.locator("svg").first.is_visible()
    assert turn.locator("a[download]").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    save(page, tmp_path, "trend-phone-test.png", full_page=True)
    only_local(requests)
    page.context.close()

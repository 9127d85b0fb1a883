"""The staff page at `/staff`: add, list and remove reports, behind a password.

    mount_staff_page(demo, assistant)    adds the page when ASSISTANT_ADMIN_PASSWORD is set

Without that variable nothing of this module reaches the app: no page, no event, no trace in the
config or the API. With it, the page is a separate route left out of the navigation bar, so
residents on `/` never see it. The password box is only a gate for the eyes: every handler
checks the password again (`hmac.compare_digest`), because a Gradio event, even one hidden from
the API (`api_visibility="private"`), can still be posted to the queue by hand. Wrong guesses
are slowed per client (`PasswordGate`) without sleeping, so they never hold the shared queue.
No staff event is an API endpoint, so `/ask` stays the only one and cannot change the index.
"""

from __future__ import annotations

import hmac
import html
import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.errors import AssistantError

if TYPE_CHECKING:
    import gradio as gr

    from assistant.engine import ReportAssistant
    from assistant.index.build import BuildResult
    from assistant.index.library import AddResult, RemoveResult

log = logging.getLogger(__name__)

PASSWORD_ENV = "ASSISTANT_ADMIN_PASSWORD"
STAFF_PATH = "staff"
STAFF_TITLE = "报告管理 / Staff"
UPLOAD_TYPES = [".pdf", ".docx", ".txt", ".md"]
# Wrong guesses a client may make at once (typos); after that it waits 1, 2, 4 … s, at most
# 10 minutes, between guesses: about six guesses an hour for someone trying them all.
FREE_GUESSES = 5
FIRST_WAIT, LONGEST_WAIT = 1.0, 600.0
MAX_CLIENTS = 10_000  # clients remembered at once, so a flood of addresses cannot fill memory
TABLE_HEADERS = [
    "标题 title",
    "年份 year",
    "页 pages",
    "段 chunks",
    "sha256",
    "添加 added",
    "文件 file",
]
STAGES = {"read": "读取 / reading", "embed": "向量 / embedding"}


class WrongPasswordError(AssistantError):
    """The staff password was missing or wrong."""


def staff_password() -> str | None:
    """The staff password from the environment, or None: no staff page at all."""
    return os.environ.get(PASSWORD_ENV) or None


def check_password(given: str | None, expected: str) -> None:
    """Raise WrongPasswordError unless `given` is the password (constant-time comparison)."""
    if not hmac.compare_digest((given or "").encode("utf-8"), expected.encode("utf-8")):
        raise WrongPasswordError("密码不对，请重试。", "Wrong password; please try again.")


@dataclass
class _Misses:
    count: int = 0
    until: float = 0.0  # no guess from this client is checked before this time


class PasswordGate:
    """The staff password, with wrong guesses slowed per client (its IP address).

    A client that keeps guessing wrong is refused at once, without checking, until its wait is
    over; nothing sleeps, so neither the queue nor other clients (the staff) wait for it.
    """

    def __init__(self, expected: str, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.expected = expected
        self._clock = clock
        self._misses: dict[str, _Misses] = {}
        self._lock = threading.Lock()

    def check(self, given: str | None, client: str = "") -> None:
        """Raise WrongPasswordError for a wrong guess, or for any guess while `client` waits."""
        now = self._clock()
        with self._lock:
            misses = self._misses.get(client)
            wait = misses.until - now if misses else 0.0
        if wait > 0:
            raise WrongPasswordError(
                f"密码错误次数太多，请 {int(wait) + 1} 秒后再试。",
                f"Too many wrong passwords; try again in {int(wait) + 1} s.",
            )
        try:
            check_password(given, self.expected)
        except WrongPasswordError:
            self._missed(client, now)
            raise
        with self._lock:
            self._misses.pop(client, None)

    def _missed(self, client: str, now: float) -> None:
        with self._lock:
            if client not in self._misses and len(self._misses) >= MAX_CLIENTS:
                self._forget_oldest()
            misses = self._misses.setdefault(client, _Misses())
            misses.count += 1
            extra = misses.count - FREE_GUESSES
            if extra > 0:
                misses.until = now + min(FIRST_WAIT * 2 ** (extra - 1), LONGEST_WAIT)

    def _forget_oldest(self) -> None:
        oldest = sorted(self._misses, key=lambda client: self._misses[client].until)
        for client in oldest[: MAX_CLIENTS // 10]:
            del self._misses[client]


def client_of(request: Any) -> str:
    """The address a Gradio request came from ("" when Gradio gives none, as in tests)."""
    client = getattr(request, "client", None)
    return str(getattr(client, "host", "") or "")


# ---- handlers: plain functions, called by the page and by tests ------------------------------


def report_rows(assistant: ReportAssistant) -> list[list[Any]]:
    """One table row per indexed report (none when there is no index yet)."""
    try:
        reports = assistant.report_list()
    except AssistantError as error:
        log.info("no reports to list: %s", error.en)
        return []
    return [
        [r.title, r.year or "", r.pages or "", r.chunks, r.sha256[:12], r.added, Path(r.file).name]
        for r in reports
    ]


def report_options(assistant: ReportAssistant) -> list[tuple[str, str]]:
    """(label, doc_id) of each indexed report, for the removal list."""
    try:
        reports = assistant.report_list()
    except AssistantError:
        return []
    return [(f"{r.title} · {Path(r.file).name}", r.doc_id) for r in reports]


def add_reports(
    assistant: ReportAssistant,
    password: str,
    gate: PasswordGate,
    files: Sequence[str] | None,
    *,
    replace: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
    client: str = "",
) -> str:
    """Add uploaded files (saved under their original names); the outcome as HTML."""
    try:
        gate.check(password, client)
        if not files:
            raise AssistantError(
                "请先选择要上传的报告文件。", "Choose report files to upload first."
            )
        paths = [Path(file) for file in files]
        result = assistant.add(paths, replace=replace, progress=progress)
    except AssistantError as error:
        return error_html(error)
    return add_result_html(result)


def remove_reports(
    assistant: ReportAssistant,
    password: str,
    gate: PasswordGate,
    doc_ids: Sequence[str] | None,
    *,
    client: str = "",
) -> str:
    """Take the chosen reports out of the index; the outcome as HTML."""
    try:
        gate.check(password, client)
        if not doc_ids:
            raise AssistantError("请先选择要移出的报告。", "Choose the reports to remove first.")
        result = assistant.remove(list(doc_ids))
    except AssistantError as error:
        return error_html(error)
    return remove_result_html(result)


# ---- HTML -------------------------------------------------------------------------------------


def error_html(error: AssistantError) -> str:
    return (
        f'<div class="ra-error"><p>{html.escape(error.zh)}</p>'
        f'<p lang="en">{html.escape(error.en)}</p></div>'
    )


def add_result_html(result: AddResult) -> str:
    lines = [f"已添加 / added: {name}" for name in result.added]
    lines += [f"已替换 / replaced: {name}" for name in result.replaced]
    lines += [
        f"已有相同内容的报告 {twin}，未改动 / already there as {twin}, nothing changed: {given}"
        for given, twin in result.present
    ]
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    refused = "".join(
        f"<li><b>{html.escape(given)}</b>：{html.escape(error.zh)}<br>"
        f'<span lang="en">{html.escape(error.en)}</span></li>'
        for given, error in result.refused
    )
    body = f"<ul>{items}</ul>" if items else ""
    if refused:
        body += f'<p>未添加 / refused:</p><ul class="ra-refused">{refused}</ul>'
    return f'<div class="ra-staff-result">{body}{build_html(result.build)}</div>'


def remove_result_html(result: RemoveResult) -> str:
    items = "".join(
        f"<li>已移出 / removed: {html.escape(r.title)} ({html.escape(Path(r.file).name)})</li>"
        for r in result.removed
    )
    return f'<div class="ra-staff-result"><ul>{items}</ul>{build_html(result.build)}</div>'


def build_html(build: BuildResult | None) -> str:
    if build is None:
        return "<p>索引未改动 / the index is unchanged.</p>"
    failed = "".join(
        f"<li>{html.escape(Path(path).name)}: {html.escape(message)}</li>"
        for path, message in build.failed
    )
    summary = (
        f"<p>索引已更新 / index updated: {build.chunks} 段 chunks, "
        f"{build.embedded} 新向量 embedded, {build.seconds:.1f} s</p>"
    )
    return summary + (f"<p>未能读取 / could not read:</p><ul>{failed}</ul>" if failed else "")


# ---- page -------------------------------------------------------------------------------------


def mount_staff_page(
    demo: gr.Blocks, assistant: ReportAssistant, *, password: str | None = None
) -> bool:
    """Add the staff page to `demo` when a password is set; True if it was added."""
    expected = password or staff_password()
    if not expected:
        return False
    checker = PasswordGate(expected)  # lives as long as the app: its memory of wrong guesses
    import gradio as gr

    # A second page gives every page a navigation bar; residents must not see one. "hidden",
    # not False: only a mounted (hidden) Navbar reaches the page's navigation settings.
    with demo:
        gr.Navbar(visible="hidden", main_page_name=False)  # type: ignore[arg-type]
    with demo.route(STAFF_TITLE, f"/{STAFF_PATH}", show_in_navbar=False):
        gr.Navbar(visible="hidden", main_page_name=False)  # type: ignore[arg-type]
        gr.Markdown(f"## {STAFF_TITLE}\n上传、查看、移出报告。Upload, list and remove reports.")
        with gr.Row(equal_height=True) as gate:
            password_box = gr.Textbox(label="密码 / password", type="password", scale=4)
            enter = gr.Button("进入 / enter", variant="primary", scale=1)
        gate_message = gr.HTML("")
        with gr.Column(visible=False) as panel:
            _panel(gr, assistant, checker, password_box, enter, gate, gate_message, panel)
    return True


def _panel(
    gr: Any,
    assistant: ReportAssistant,
    checker: PasswordGate,
    password_box: Any,
    enter: Any,
    gate: Any,
    gate_message: Any,
    panel: Any,
) -> None:
    """The page behind the gate, and every event, each checking the password itself."""
    files = gr.File(
        label="上传报告 / upload reports", file_count="multiple", file_types=UPLOAD_TYPES
    )
    replace = gr.Checkbox(label="替换同名报告 / replace a report of the same name", value=False)
    add_button = gr.Button("添加并更新索引 / add and index", variant="primary")
    status = gr.HTML("")
    table = gr.Dataframe(headers=TABLE_HEADERS, interactive=False, label="已索引的报告 / reports")
    chosen = gr.Dropdown(choices=[], multiselect=True, label="要移出的报告 / reports to remove")
    remove_button = gr.Button("移出所选报告 / remove", variant="stop")
    private = {"api_visibility": "private", "concurrency_limit": 1, "concurrency_id": "staff"}

    def unlock(password: str, request: Any = None) -> tuple[Any, ...]:
        try:
            checker.check(password, client_of(request))
        except AssistantError as error:
            return gr.update(), gr.update(visible=False), error_html(error), [], gr.update()
        return (
            gr.update(visible=False),
            gr.update(visible=True),
            "",
            report_rows(assistant),
            gr.update(choices=report_options(assistant), value=[]),
        )

    tracker = gr.Progress()  # Gradio fills in an argument whose default is a gr.Progress

    def add(
        password: str,
        uploads: list[str] | None,
        replace_it: bool,
        request: Any = None,
        progress: Any = tracker,
    ) -> tuple[Any, ...]:
        page = add_reports(
            assistant,
            password,
            checker,
            uploads,
            replace=replace_it,
            progress=_bar(progress),
            client=client_of(request),
        )
        return page, *_listing(gr, assistant, password, checker.expected), None

    def remove(password: str, doc_ids: list[str] | None, request: Any = None) -> tuple[Any, ...]:
        page = remove_reports(assistant, password, checker, doc_ids, client=client_of(request))
        return page, *_listing(gr, assistant, password, checker.expected)

    for handler in (unlock, add, remove):
        # Gradio passes the request to a parameter typed gr.Request; the annotations here are
        # strings (`from __future__`) naming a module Gradio cannot see, so set the class.
        handler.__annotations__["request"] = gr.Request

    listing = [table, chosen]
    for trigger in (enter.click, password_box.submit):
        trigger(unlock, [password_box], [gate, panel, gate_message, *listing], **private)
    add_button.click(add, [password_box, files, replace], [status, *listing, files], **private)
    remove_button.click(remove, [password_box, chosen], [status, *listing], **private)


def _listing(gr: Any, assistant: ReportAssistant, password: str, expected: str) -> tuple[Any, Any]:
    """The table and removal choices, only for the right password."""
    if not hmac.compare_digest((password or "").encode(), expected.encode()):
        return [], gr.update(choices=[], value=[])
    return report_rows(assistant), gr.update(choices=report_options(assistant), value=[])


def _bar(tracker: Any) -> Callable[[str, int, int], None]:
    def update(stage: str, done: int, total: int) -> None:
        tracker(done / max(total, 1), desc=STAGES.get(stage, stage))

    return update

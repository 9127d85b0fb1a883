"""Serving the web app: bring a stale index up to date, load the model once, launch Gradio."""

from __future__ import annotations

import logging
import os
import sys
from typing import TYPE_CHECKING, ClassVar

from assistant.config import Settings
from assistant.errors import AssistantError
from assistant.index import CURRENT_FILE, current_generation
from assistant.web.chat import CONCURRENCY, build_ui
from assistant.web.html import CSS

if TYPE_CHECKING:
    import gradio as gr

    from assistant.engine import ReportAssistant

FONTS = ("Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "sans-serif")
MONO_FONTS = ("Noto Sans Mono CJK SC", "ui-monospace", "Consolas", "monospace")


def theme() -> gr.themes.Base:
    """Soft, with system fonts only: Gradio's default theme would fetch Google Fonts."""
    import gradio as gr

    return gr.themes.Soft(font=list(FONTS), font_mono=list(MONO_FONTS))


def index_is_stale(settings: Settings) -> bool:
    """No index yet, or a report (or the folder, for a deleted file) changed since it was built."""
    if current_generation(settings.index_dir) is None:
        return True
    built = (settings.index_dir / CURRENT_FILE).stat().st_mtime
    folder = settings.documents_dir
    if not folder.is_dir():
        return False
    paths = [folder, *folder.rglob("*")]
    return any(path.stat().st_mtime > built for path in paths if not path.name.startswith("."))


class ConsoleProgress:
    """Build progress on the console, a line per stage and every tenth of the way."""

    LABELS: ClassVar[dict[str, str]] = {"read": "读取 / reading", "embed": "向量 / embedding"}

    def __init__(self) -> None:
        self._last: tuple[str, int] = ("", -1)

    def __call__(self, stage: str, done: int, total: int) -> None:
        tenth = done * 10 // max(total, 1)
        if (stage, tenth) != self._last:
            self._last = (stage, tenth)
            console.info("%s: %d/%d", self.LABELS.get(stage, stage), done, total)


def _console_logger() -> logging.Logger:
    """INFO lines on stderr for the person who started the server, whatever the CLI's level."""
    logger = logging.getLogger("assistant.serve")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    return logger


console = _console_logger()


def prepare_index(assistant: ReportAssistant) -> None:
    """Build the index first when it is missing or older than a report; never stop serving."""
    settings = assistant.settings
    if not index_is_stale(settings):
        return
    console.info("正在建立索引 / building the index from %s ...", settings.documents_dir)
    try:
        result = assistant.build(progress=ConsoleProgress())
    except AssistantError as error:
        console.warning("未能建立索引 / could not build the index: %s / %s", error.zh, error.en)
        return
    for path, message in result.failed:
        console.warning("未能读取 / could not read: %s: %s", path, message)
    console.info("索引完成 / indexed: %d 段 chunks, %.1f s", result.chunks, result.seconds)


def serve(settings: Settings, *, host: str | None = None, port: int | None = None) -> None:
    """Bring the index up to date, load the model and index once, then serve until stopped."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    from assistant.engine import ReportAssistant

    assistant = ReportAssistant(settings)
    prepare_index(assistant)
    demo = build_ui(assistant)  # loads the model and the index (via reports())
    demo.queue(default_concurrency_limit=CONCURRENCY)
    demo.launch(
        server_name=host or os.environ.get("GRADIO_SERVER_NAME") or "127.0.0.1",
        server_port=port or int(os.environ.get("GRADIO_SERVER_PORT") or 7860),
        theme=theme(),
        css=CSS,
        footer_links=["api"],
        ssr_mode=False,
        pwa=False,
        mcp_server=False,
        show_error=False,
        max_file_size="100mb",  # staff uploads: refused by Gradio before they are stored
    )

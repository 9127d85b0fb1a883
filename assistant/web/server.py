"""Serving the web app: launch Gradio over the index there is, then bring it up to date.

The app listens within seconds of starting: a stale index (or none) is rebuilt in a
background thread while the old one keeps answering. Without a staff page the upload route
Gradio always has is closed, so nobody can store files on the server.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from typing import TYPE_CHECKING, Any, ClassVar

from assistant.config import Settings
from assistant.errors import AssistantError
from assistant.index import CURRENT_FILE, current_generation
from assistant.web.chat import CONCURRENCY, build_ui
from assistant.web.html import CSS
from assistant.web.staff import staff_password

if TYPE_CHECKING:
    import gradio as gr

    from assistant.engine import ReportAssistant

FONTS = ("Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "sans-serif")
MONO_FONTS = ("Noto Sans Mono CJK SC", "ui-monospace", "Consolas", "monospace")
DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 7860
# Gradio's file upload routes, open on every Gradio app whether or not it has a File component
UPLOAD_PATHS = frozenset({"/gradio_api/upload", "/upload"})
INDEX_READY = "索引已就绪 / index ready"


def theme() -> gr.themes.Base:
    """Soft, with system fonts only: Gradio's default theme would fetch Google Fonts."""
    import gradio as gr

    return gr.themes.Soft(font=list(FONTS), font_mono=list(MONO_FONTS))


def index_is_stale(settings: Settings) -> bool:
    """No index yet, or a report (or the folder, for a deleted file) changed since it was built."""
    try:
        if current_generation(settings.index_dir) is None:
            return True
    except AssistantError:  # a damaged pointer: the build repairs it
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
    """Clear what an interrupted run left, then build when the index is missing or stale.

    Runs beside the serving app; never raises, so a failed build leaves the old index serving.
    """
    settings = assistant.settings
    try:
        assistant.clean_leftovers()
        if index_is_stale(settings):
            _build(assistant)
    except AssistantError as error:
        console.warning("未能建立索引 / could not build the index: %s / %s", error.zh, error.en)
        return
    except Exception:
        console.exception("未能建立索引 / could not build the index")
        return
    console.info(INDEX_READY)


def _build(assistant: ReportAssistant) -> None:
    console.info("正在建立索引 / building the index from %s ...", assistant.settings.documents_dir)
    result = assistant.build(progress=ConsoleProgress())
    for path, message in result.failed:
        console.warning("未能读取 / could not read: %s: %s", path, message)
    console.info("索引完成 / indexed: %d 段 chunks, %.1f s", result.chunks, result.seconds)


def listen_address(host: str | None, port: int | None) -> tuple[str, int]:
    """Host and port from the flags, then GRADIO_SERVER_NAME/PORT; AssistantError if unusable."""
    host = host or os.environ.get("GRADIO_SERVER_NAME") or DEFAULT_HOST
    given = port if port is not None else os.environ.get("GRADIO_SERVER_PORT") or DEFAULT_PORT
    text = str(given).strip()
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise AssistantError(
            f"端口 {given} 不能用：应是 1 到 65535 之间的整数。",
            f"Port {given} cannot be used: it must be a whole number from 1 to 65535.",
        )
    return host, int(text)


class RefuseUploads:
    """ASGI middleware: 403 for Gradio's upload routes (used when there is no staff page)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"].rstrip("/") in UPLOAD_PATHS:
            from starlette.responses import PlainTextResponse

            refusal = PlainTextResponse("上传未开放 / uploads are closed", status_code=403)
            await refusal(scope, receive, send)
            return
        await self.app(scope, receive, send)


def app_options() -> dict[str, Any]:
    """FastAPI options: the upload routes closed unless a staff page needs them."""
    if staff_password():
        return {}
    from starlette.middleware import Middleware

    return {"middleware": [Middleware(RefuseUploads)]}


def serve(settings: Settings, *, host: str | None = None, port: int | None = None) -> None:
    """Load the model and the index there is, listen, then update the index in the background."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    from assistant.engine import ReportAssistant

    server_name, server_port = listen_address(host, port)
    assistant = ReportAssistant(settings)
    demo = build_ui(assistant)  # loads the model and the index (via reports())
    demo.queue(default_concurrency_limit=CONCURRENCY)
    try:
        demo.launch(
            server_name=server_name,
            server_port=server_port,
            theme=theme(),
            css=CSS,
            footer_links=["api"],
            ssr_mode=False,
            pwa=False,
            mcp_server=False,
            show_error=False,
            max_file_size="100mb",  # staff uploads: refused by Gradio before they are stored
            app_kwargs=app_options(),
            prevent_thread_lock=True,  # so the index update starts only once the app listens
        )
    except OSError as error:
        raise AssistantError(
            f"无法在 {server_name}:{server_port} 上启动（端口已被占用？），请用 --port 换一个。",
            f"Cannot listen on {server_name}:{server_port} ({error}); choose another --port.",
        ) from error
    threading.Thread(
        target=prepare_index, args=(assistant,), name="index-update", daemon=True
    ).start()
    demo.block_thread()

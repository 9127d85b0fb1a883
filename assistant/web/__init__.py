"""The web app: the chat page, the staff page, the figures table, serving."""

from assistant.web.chat import build_ui
from assistant.web.server import serve

__all__ = ["build_ui", "serve"]

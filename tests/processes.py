"""The app and the CLI as subprocesses, for tests and benchmarks alike (no pytest here).

Benchmarks put the project folder on sys.path and `from tests.processes import start_app`.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from assistant.web.server import INDEX_READY

ROOT = Path(__file__).resolve().parents[1]


class AppDidNotStart(RuntimeError):
    """`python app.py` exited or did not answer in time; the message holds its log."""


@dataclass(frozen=True)
class RunningApp:
    url: str
    process: subprocess.Popen[bytes]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def start_app(
    env: Mapping[str, str] | None = None,
    *,
    log: Path | None = None,
    timeout: float = 300,
    ready: bool = True,
) -> Iterator[RunningApp]:
    """`python app.py` on a free port on 127.0.0.1 until the block ends.

    `env` adds to this process's environment (ASSISTANT_INDEX_DIR, ...); the app's output goes
    to `log` (default: a temporary file), which is quoted when it does not come up. The app
    listens before its index is up to date; `ready` waits for the index as well.
    """
    port = free_port()
    environment = {
        **os.environ,
        "GRADIO_ANALYTICS_ENABLED": "False",
        **(env or {}),
        "GRADIO_SERVER_PORT": str(port),
        "GRADIO_SERVER_NAME": "127.0.0.1",
    }
    with contextlib.ExitStack() as stack:
        if log is None:
            log = Path(stack.enter_context(tempfile.TemporaryDirectory())) / "app.log"
        with log.open("w") as out:
            process = subprocess.Popen(
                [sys.executable, "app.py"], cwd=ROOT, env=environment, stdout=out, stderr=out
            )
        stack.callback(_stop, process)
        app = RunningApp(f"http://127.0.0.1:{port}/", process)
        _wait_until_up(app, log, timeout)
        if ready:
            _wait_for_line(INDEX_READY, app, log, timeout)
        yield app


@contextlib.contextmanager
def running_app(
    docs: Path,
    index: Path,
    log: Path,
    *,
    env: Mapping[str, str] | None = None,
    timeout: float = 300,
    ready: bool = True,
) -> Iterator[str]:
    """The app over `docs`/`index` (output in `log`) until the block ends; yields its URL."""
    folders = {"ASSISTANT_DOCUMENTS_DIR": str(docs), "ASSISTANT_INDEX_DIR": str(index)}
    with start_app({**folders, **(env or {})}, log=log, timeout=timeout, ready=ready) as app:
        yield app.url


def _wait_until_up(app: RunningApp, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if app.process.poll() is not None:
            raise AppDidNotStart(f"app exited with {app.process.returncode}:\n{log.read_text()}")
        with contextlib.suppress(OSError), urllib.request.urlopen(app.url, timeout=2) as response:
            if response.status == 200:
                return
        time.sleep(0.5)
    raise AppDidNotStart(f"app not up after {timeout:.0f} s:\n{log.read_text()}")


def _wait_for_line(line: str, app: RunningApp, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while line not in log.read_text(errors="replace"):
        if app.process.poll() is not None or time.monotonic() > deadline:
            raise AppDidNotStart(f"no {line!r} from the app:\n{log.read_text()}")
        time.sleep(0.2)


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def run_cli(
    *args: str, cwd: Path, env: Mapping[str, str] | None = None, embedder: str = "hashing"
) -> subprocess.CompletedProcess[str]:
    """`python -m assistant ARGS` in `cwd` (with the test-only hashing model unless told)."""
    environment = {**os.environ, "ASSISTANT_EMBEDDER": embedder, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )

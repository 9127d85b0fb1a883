"""What a build leaves behind, and the lock that keeps to one build at a time.

Finished generations but the live one and the one before are deleted; a `.partial` generation or
a `CURRENT.*.tmp` is deleted once the process named in it is gone (a build killed midway).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

from assistant.errors import IndexMissingError

CURRENT_FILE = "CURRENT"
LOCK_FILE = ".lock"
# The writer's pid in a leftover: `gen-20261127-145242-16457-700128.partial`, `CURRENT.16457.tmp`
WRITER_PID = re.compile(r"^(?:gen-\d{8}-\d{6}-|CURRENT\.)(\d+)[-.]")


def remove_old_generations(index_dir: Path, *, keep: set[str]) -> None:
    """Delete finished generations but the live one and the one before (a reader may use it)."""
    finished = sorted(p for p in index_dir.glob("gen-*") if not p.name.endswith(".partial"))
    for old in [p for p in finished if p.name not in keep][:-1]:
        shutil.rmtree(old, ignore_errors=True)
    remove_leftovers(index_dir)


def remove_leftovers(index_dir: Path) -> None:
    """Delete staging folders and CURRENT temporaries of writers that are no longer running."""
    for partial in index_dir.glob("gen-*.partial"):
        if not _written_by_live_process(partial):
            shutil.rmtree(partial, ignore_errors=True)
    for temporary in index_dir.glob(f"{CURRENT_FILE}.*.tmp"):  # left by a kill mid-switch
        if not _written_by_live_process(temporary):
            temporary.unlink(missing_ok=True)


def _written_by_live_process(leftover: Path) -> bool:
    """Whether another running process may still be writing this leftover."""
    match = WRITER_PID.search(leftover.name)
    if match is None:
        return False
    pid = int(match[1])
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(pid, 0)
        return pid != os.getpid()
    return False


def check_index_folder(index_dir: Path) -> None:
    """Refuse an index folder setting that names a file (a typo in --index-dir)."""
    if index_dir.exists() and not index_dir.is_dir():
        raise IndexMissingError(
            f"索引文件夹 {index_dir} 是一个文件，不是文件夹；请换一个 --index-dir。",
            f"The index folder {index_dir} is a file, not a folder; choose another --index-dir.",
        )


@contextlib.contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    """One writer at a time; a second build waits for the first."""
    check_index_folder(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    with (index_dir / LOCK_FILE).open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)

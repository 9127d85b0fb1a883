"""The documents folder: file names made safe, files staged and checked before they join it,
removed reports kept in `.removed/`, reports found by name. `ReportAssistant.add/remove` use it.
"""

from __future__ import annotations

import os
import re
import shutil
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import AssistantError, DocumentError, ReportNotFoundError
from assistant.index.build import BuildResult, file_sha256
from assistant.reading.documents import MAX_FILE_BYTES, SUPPORTED_SUFFIXES, find_document_files
from assistant.schema import ReportInfo

INCOMING_FOLDER = ".incoming"  # files being checked before they join the documents folder
REMOVED_FOLDER = ".removed"  # removed reports, kept so a removal can be undone by hand
MAX_NAME_BYTES = 200  # ext4 allows 255 bytes; leave room for `.2` and the like
# Characters that separate paths or trip shells and Windows: `a/b` `a\b` `a:b` `a*b` `a?b` `a|b`
UNSAFE_NAME_CHARS = re.compile(r'[\\/:*?"<>|]')


@dataclass
class AddResult:
    """What `ReportAssistant.add` did with each file; `build` is None when nothing changed."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    present: list[tuple[str, str]] = field(default_factory=list)  # (given, file with that content)
    refused: list[tuple[str, AssistantError]] = field(default_factory=list)
    build: BuildResult | None = None


@dataclass
class RemoveResult:
    """The reports taken out of the index and where their files went."""

    removed: list[ReportInfo] = field(default_factory=list)
    moved: list[tuple[str, str]] = field(default_factory=list)  # (file name, path in .removed/)
    build: BuildResult | None = None


def safe_file_name(given: str) -> str:
    """A plain file name to save a report under; DocumentError when nothing usable is left.

    Only the last part of a path is kept (`../../x.txt` -> `x.txt`); control and invisible
    characters go, characters that break paths or shells become `_`, leading dots go (a
    hidden file would not be indexed); Chinese names stay as they are.
    """
    name = unicodedata.normalize("NFC", given).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = UNSAFE_NAME_CHARS.sub("_", name).strip().lstrip(".~$ ")
    stem, suffix = Path(name).stem, Path(name).suffix
    while len(name.encode("utf-8")) > MAX_NAME_BYTES and stem:
        stem = stem[:-1]
        name = stem + suffix
    kinds = " ".join(sorted(SUPPORTED_SUFFIXES))
    if not stem:
        raise DocumentError(
            f"文件名 {given!r} 不能用，请改一个名字（{kinds}）。",
            f"The file name {given!r} cannot be used; rename the file ({kinds}).",
        )
    if suffix.lower() not in SUPPORTED_SUFFIXES:
        raise DocumentError(
            f"无法添加 {name}：不支持的文件类型，请用 {kinds}。",
            f"Cannot add {name}: unsupported file type; use {kinds}.",
        )
    return name


def same_name(name: str, present: Collection[str]) -> str | None:
    """The file in `present` that `name` would be on a case-blind disk: `x.TXT` is `x.txt`."""
    key = unicodedata.normalize("NFC", name).casefold()
    return next((n for n in present if unicodedata.normalize("NFC", n).casefold() == key), None)


def stage_copy(path: Path, name: str, documents_dir: Path) -> Path:
    """Copy `path` to `documents/.incoming/<name>` (hidden: never indexed), size checked first."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise DocumentError(
            f"找不到文件：{path}，请检查路径。", f"File not found: {path}; check the path."
        ) from error
    if not path.is_file() or size > MAX_FILE_BYTES:
        limit = f"{MAX_FILE_BYTES // 2**20} MB"
        raise DocumentError(
            f"无法读取文件 {name}：不是文件，或文件过大（超过 {limit}）。",
            f"Cannot read {name}: not a file, or the file is too large (over {limit}).",
        )
    incoming = documents_dir / INCOMING_FOLDER / name
    incoming.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, incoming)
    with incoming.open("rb") as handle:  # on disk before it is renamed into the folder
        os.fsync(handle.fileno())
    return incoming


def folder_hashes(folder: Path) -> dict[str, str]:
    """File name -> sha256 of each report in the documents folder."""
    if not folder.is_dir():
        return {}
    return {path.name: file_sha256(path) for path in find_document_files([folder])}


def find_report(given: str, reports: Sequence[ReportInfo]) -> ReportInfo:
    """The one report named by doc_id, file name, file stem or title."""
    key = given.strip()
    matches = [
        report
        for report in reports
        if key in (report.doc_id, Path(report.file).name, Path(report.file).stem, report.title)
    ]
    if len(matches) == 1:
        return matches[0]
    listed = "\n".join(f"  {Path(r.file).name}  ({r.title}, {r.doc_id})" for r in reports[:40])
    if matches:
        raise ReportNotFoundError(
            f"有 {len(matches)} 份报告都叫 {key}，请用文件名或 doc_id 指明：\n{listed}",
            f"{len(matches)} reports match {key}; name one by file name or doc_id.",
        )
    raise ReportNotFoundError(
        f"找不到报告 {key}。已有的报告：\n{listed or '  （无）'}",
        f"No report {key} in the index. Known reports: "
        + (", ".join(Path(r.file).name for r in reports[:40]) or "none"),
    )


def move_out(path: Path, bin_folder: Path) -> Path | None:
    """Move a report file into the bin folder (recoverable); None when it is not there."""
    if not path.is_file():
        return None
    target = _free_name(bin_folder, path)
    os.replace(path, target)
    return target


def keep_copy(path: Path, bin_folder: Path) -> Path:
    """A copy of `path` in the bin folder (a hard link: instant, and the file stays in place)."""
    target = _free_name(bin_folder, path)
    try:
        os.link(path, target)
    except OSError:  # a file system without hard links
        shutil.copy2(path, target)
    return target


def _free_name(bin_folder: Path, path: Path) -> Path:
    bin_folder.mkdir(parents=True, exist_ok=True)
    target = bin_folder / path.name
    number = 1
    while target.exists():
        number += 1
        target = bin_folder / f"{path.stem}.{number}{path.suffix}"
    return target

"""House rules that can be checked mechanically: modules under 400 lines, functions under 40.

Gradio and argparse wiring (a page's layout, a parser's arguments) reads top to bottom and is
allowed to be longer; files others are rewriting are listed in KNOWN until they land.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 40
# Wiring: builds a Gradio page or an argparse parser, one component or argument a line.
WIRING = {
    "assistant/web/chat.py:build_ui",
    "assistant/web/staff.py:_panel",
    "assistant/cli.py:build_parser",
}
# Known offenders in files being rewritten elsewhere (remove an entry when it is fixed).
KNOWN: set[str] = set()


def offenders(package: Path = ROOT / "assistant", *, root: Path = ROOT) -> list[str]:
    """`path: module N lines` and `path:line name() N lines` for every rule broken."""
    found = []
    for path in sorted(package.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        name = path.relative_to(root).as_posix()
        lines = len(source.splitlines())
        if lines > MAX_MODULE_LINES:
            found.append(f"{name}: module {lines} lines")
        for node in ast.walk(ast.parse(source)):
            is_function = isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            if is_function and f"{name}:{node.name}" not in WIRING:
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    found.append(f"{name}:{node.lineno} {node.name}() {length} lines")
    return found


def test_no_module_or_function_is_too_long() -> None:
    assert [entry for entry in offenders() if entry not in KNOWN] == []


def test_the_check_finds_a_long_function(tmp_path: Path) -> None:
    package = tmp_path / "assistant"
    package.mkdir()
    body = "".join(f"    x{n} = {n}\n" for n in range(MAX_FUNCTION_LINES))
    (package / "long.py").write_text(f"def long():\n{body}", encoding="utf-8")
    assert offenders(package, root=tmp_path) == ["assistant/long.py:1 long() 41 lines"]


if __name__ == "__main__":  # python tests/test_house.py: the list, for planning
    print("\n".join(offenders()) or "none")

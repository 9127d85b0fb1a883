"""`assistant index | add | remove | reports | ask | eval | serve`: parse, call, print.

Errors the user can act on (AssistantError) print in Chinese and English and exit 1, with no
traceback. Heavy packages load only in the command that needs them, so `--help` is instant.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assistant.config import Settings
from assistant.errors import AssistantError

log = logging.getLogger("assistant")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    # pypdf warns about every broken file it is shown; the refusal message says it better.
    logging.getLogger("pypdf").setLevel(logging.INFO if args.verbose else logging.ERROR)
    # Filter at the handler: bm25s sets its own logger to DEBUG when it is imported, later.
    logging.getLogger().handlers[0].setLevel(logging.INFO if args.verbose else logging.WARNING)
    try:
        settings = Settings.from_env(
            index_dir=args.index_dir, documents_dir=args.documents_dir, embedder=args.embedder
        )
        return int(args.handler(args, settings) or 0)
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # the last line of defence: a message, never a traceback
        _print_error(_as_assistant_error(error), verbose=args.verbose)
        return 1


def _as_assistant_error(error: Exception) -> AssistantError:
    """The error as said to the user; a file system error names its file, a bug says -v."""
    if isinstance(error, AssistantError):
        return error
    if isinstance(error, OSError):
        where = f"{error.filename}：" if error.filename else ""
        return AssistantError(
            f"文件操作失败：{where}{error.strerror or error}。",
            f"A file operation failed: {error}.",
        )
    log.debug("unexpected error", exc_info=error)
    return AssistantError(
        f"出现意外错误（{type(error).__name__}）；加 -v 可查看详情。",
        f"Unexpected error ({type(error).__name__}: {str(error)[:200]}); run with -v for details.",
    )


def _print_error(error: AssistantError, *, verbose: bool) -> None:
    if verbose and error.__traceback__ is not None:
        import traceback

        traceback.print_exception(error, file=sys.stderr)
    print(f"错误：{error.zh}\nError: {error.en}", file=sys.stderr)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="assistant",
        description="政府工作报告问答：引用原文并注明出处。Quote-exact QA over reports.",
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--index-dir", help="index folder (default: index/, ASSISTANT_INDEX_DIR)")
    common.add_argument("--documents-dir", help="reports folder (default: documents/)")
    common.add_argument("--embedder", help="e5-small (default), or a sentence-transformers model")
    common.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    commands = parser.add_subparsers(dest="command", required=True)

    index = commands.add_parser("index", parents=[common], help="build or update the index")
    index.add_argument("paths", nargs="*", type=Path, help="files or folders (default: documents/)")
    index.add_argument("--rebuild", action="store_true", help="re-read and re-embed everything")
    index.set_defaults(handler=run_index)

    add = commands.add_parser("add", parents=[common], help="add report files and index them")
    add.add_argument("files", nargs="+", type=Path, help=".txt .md .pdf .docx files")
    add.add_argument("--replace", action="store_true", help="replace a report of the same name")
    add.set_defaults(handler=run_add)

    remove = commands.add_parser("remove", parents=[common], help="take reports out of the index")
    remove.add_argument("reports", nargs="+", help="file name, title or doc_id (see `reports`)")
    remove.set_defaults(handler=run_remove)

    reports = commands.add_parser("reports", parents=[common], help="list the indexed reports")
    reports.add_argument("--json", action="store_true", help="print JSON lines")
    reports.set_defaults(handler=run_reports)

    figures = commands.add_parser("figures", parents=[common], help="the figures in the reports")
    figures.add_argument("reports", nargs="*", help="file name, title or doc_id (default: all)")
    figures.add_argument("--search", default="", help="only rows matching these words")
    figures.add_argument("--csv", action="store_true", help="print CSV (default: a table)")
    figures.set_defaults(handler=run_figures)

    ask = commands.add_parser("ask", parents=[common], help="ask a question")
    ask.add_argument("question", nargs="?", help="the question, e.g. 工业投资增长多少？")
    ask.add_argument("-k", type=int, default=None, help="passages to show (default 5)")
    ask.add_argument("--json", action="store_true", help="print one JSON object")
    ask.add_argument("--batch", type=Path, help='JSON lines with "question" (and "id", "context")')
    ask.add_argument(
        "--context",
        action="append",
        default=[],
        metavar="EARLIER",
        help="an earlier question of the conversation (repeatable, oldest first)",
    )
    ask.set_defaults(handler=run_ask)

    evaluate = commands.add_parser("eval", parents=[common], help="score a question set")
    evaluate.add_argument("questions", type=Path, help="JSON lines: id, question, answers, kind")
    evaluate.add_argument("-k", type=int, default=5)
    evaluate.add_argument("--json", action="store_true")
    evaluate.set_defaults(handler=run_eval)

    serve = commands.add_parser("serve", parents=[common], help="start the web chat")
    serve.add_argument("--host", default=None, help="default 127.0.0.1 (GRADIO_SERVER_NAME)")
    serve.add_argument("--port", type=int, default=None, help="default 7860 (GRADIO_SERVER_PORT)")
    serve.set_defaults(handler=run_serve)
    return parser


def _assistant(settings: Settings) -> Any:
    from assistant.engine import ReportAssistant

    return ReportAssistant(settings)


def run_index(args: argparse.Namespace, settings: Settings) -> int:
    with _ProgressBar() as bar:
        result = _assistant(settings).build(
            args.paths or None, rebuild=args.rebuild, progress=bar.update
        )
    return _print_build(result)


def _print_build(result: Any) -> int:
    """The one-line summary of a BuildResult; files that could not be read go to stderr."""
    print(
        f"索引完成 / indexed: {len(result.added)} 新增 added, "
        f"{len(result.replaced)} 更新 replaced, "
        f"{len(result.removed)} 删除 removed, {len(result.unchanged)} 未变 unchanged; "
        f"{result.chunks} 段 chunks, {result.embedded} 新向量 embedded, {result.seconds:.1f} s"
    )
    for path, message in result.failed:
        print(f"未能读取 / could not read: {path}: {message}", file=sys.stderr)
    return 1 if result.failed else 0


def run_add(args: argparse.Namespace, settings: Settings) -> int:
    with _ProgressBar() as bar:
        result = _assistant(settings).add(args.files, replace=args.replace, progress=bar.update)
    for name in result.added:
        print(f"已添加 / added: {name}")
    for name in result.replaced:
        print(f"已替换 / replaced: {name}")
    for given, twin in result.present:
        print(f"已有相同内容的报告，未改动 / already there as {twin}, nothing changed: {given}")
    for given, error in result.refused:
        print(f"未添加 / refused: {given}\n  {error.zh}\n  {error.en}", file=sys.stderr)
    status = _print_build(result.build) if result.build else 0
    return 1 if result.refused else status


def run_remove(args: argparse.Namespace, settings: Settings) -> int:
    result = _assistant(settings).remove(args.reports)
    for report in result.removed:
        print(f"已移出索引 / removed: {report.title} ({Path(report.file).name})")
    for name, where in result.moved:
        print(f"  {name} 移到 / moved to: {where}（可移回 / can be moved back）")
    return _print_build(result.build)


REPORT_COLUMNS = (
    ("标题 title", "title"),
    ("年份 year", "year"),
    ("页 pages", "pages"),
    ("段 chunks", "chunks"),
    ("sha256", "sha256"),
    ("添加 added", "added"),
    ("文件 file", "file"),
)


def run_reports(args: argparse.Namespace, settings: Settings) -> int:
    from dataclasses import asdict

    reports = _assistant(settings).report_list()
    if args.json:
        for report in reports:
            print(json.dumps(asdict(report), ensure_ascii=False))
        return 0
    rows = [[label for label, _ in REPORT_COLUMNS]]
    rows += [[_report_cell(report, key) for _, key in REPORT_COLUMNS] for report in reports]
    print(_table(rows))
    print(f"共 {len(reports)} 份报告 / {len(reports)} reports")
    return 0


def run_figures(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.answer.facts import figure_rows, rows_to_csv, search_rows
    from assistant.index.library import find_report

    index = _assistant(settings).searcher().index
    known = list(index.reports.values())
    chosen = {find_report(name, known).doc_id for name in args.reports}
    rows = search_rows(figure_rows(index, reports=chosen or None), args.search)
    if args.csv:
        sys.stdout.write(rows_to_csv(rows, documents_dir=settings.documents_dir))
        return 0
    table = [["年份 year", "指标 indicator", "数值 figure", "出处 section"]]
    table += [[str(r.year or ""), r.indicator, r.figure, r.section] for r in rows]
    print(_table(table))
    print(f"共 {len(rows)} 条 / {len(rows)} figures")
    return 0


def _report_cell(report: Any, key: str) -> str:
    value = getattr(report, key)
    if key == "sha256":
        return str(value)[:12]
    if key == "file":
        return Path(value).name
    if key == "pages" and not value:
        return "-"  # not a paged file (txt, md, docx)
    return "" if value is None else str(value)


def _table(rows: list[list[str]]) -> str:
    """Columns padded by display width (a Chinese character is two columns wide)."""
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(c + " " * (w - _width(c)) for c, w in zip(r, widths, strict=True)) for r in rows
    ]
    return "\n".join(line.rstrip() for line in lines)


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def run_ask(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.answer.render import answer_dict, answer_text

    assistant = _assistant(settings)
    if args.batch:
        return _ask_batch(assistant, args.batch, args.k)
    answer = assistant.ask(args.question or "", k=args.k, context=args.context)
    if args.json:
        print(json.dumps(answer_dict(answer), ensure_ascii=False))
    else:
        print(answer_text(answer))
    return 0


def _ask_batch(assistant: Any, path: Path, k: int | None) -> int:
    """One result line per input line, in order, with the input's id echoed."""
    from assistant.answer.render import answer_dict

    try:
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except UnicodeDecodeError as error:
        raise AssistantError(
            f"问题文件 {path} 不是 UTF-8 编码，请另存为 UTF-8。",
            f"{path} is not UTF-8; save it as UTF-8.",
        ) from error
    except OSError as error:
        raise AssistantError(
            f"无法读取问题文件 {path}。", f"Cannot read {path}: {error}"
        ) from error
    for number, line in enumerate(lines, 1):
        row = _parse_batch_line(line, number)
        try:
            question, context = str(row.get("question", "")), _batch_context(row, number)
            result = answer_dict(assistant.ask(question, k=k, context=context))
        except AssistantError as error:
            result = {"question": row.get("question"), "error": {"zh": error.zh, "en": error.en}}
        except Exception as error:  # a fault on one question must not cost the others theirs
            log.exception("line %d failed", number)
            name = type(error).__name__
            result = {
                "question": row.get("question"),
                "error": {
                    "zh": f"第 {number} 行出现意外错误（{name}）。",
                    "en": f"Line {number}: unexpected error ({name}: {error}).",
                },
            }
        print(json.dumps({"id": row.get("id"), **result}, ensure_ascii=False), flush=True)
    return 0


def _batch_context(row: dict[str, Any], number: int) -> list[str]:
    """A batch line's `"context": ["earlier question", …]` (oldest first), or []."""
    context = row.get("context") or []
    if not isinstance(context, list):
        raise AssistantError(
            f"第 {number} 行的 context 应是问题列表。",
            f"Line {number}: context must be a list of questions.",
        )
    return [str(item) for item in context]


def _parse_batch_line(line: str, number: int) -> dict[str, Any]:
    try:
        row = json.loads(line)
    except json.JSONDecodeError:
        row = None
    if not isinstance(row, dict):
        raise AssistantError(
            f"第 {number} 行不是 JSON 对象。", f"Line {number} is not a JSON object."
        )
    return row


def run_eval(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.evaluation import evaluate, format_report, load_questions

    assistant = _assistant(settings)
    try:
        questions = load_questions(args.questions)
    except UnicodeDecodeError as error:
        raise AssistantError(
            f"无法读取问题集 {args.questions}：不是 UTF-8 编码。",
            f"Cannot read question set {args.questions}: not UTF-8.",
        ) from error
    except (OSError, ValueError) as error:
        raise AssistantError(
            f"无法读取问题集 {args.questions}：{error}。",
            f"Cannot read question set {args.questions}: {error}.",
        ) from error
    result = evaluate(questions, lambda question: assistant.ask(question, k=args.k))
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.json else format_report(result))
    return 0


def run_serve(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.web.server import serve

    serve(settings, host=args.host, port=args.port)
    return 0


class _ProgressBar:
    """A tqdm bar per build stage on a terminal; silent otherwise."""

    def __init__(self) -> None:
        self._bar: Any = None
        self._stage = ""
        self._enabled = sys.stderr.isatty()

    def __enter__(self) -> _ProgressBar:
        return self

    def __exit__(self, *_: object) -> None:
        if self._bar is not None:
            self._bar.close()

    def update(self, stage: str, done: int, total: int) -> None:
        if not self._enabled:
            return
        from tqdm import tqdm

        if stage != self._stage:
            if self._bar is not None:
                self._bar.close()
            label = {"read": "读取 reading", "embed": "向量 embedding"}.get(stage, stage)
            self._bar, self._stage = tqdm(total=total, desc=label, unit="", leave=True), stage
        self._bar.n = done
        self._bar.refresh()

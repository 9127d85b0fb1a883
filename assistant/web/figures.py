"""The "数据一览" part of the web page: browse, search and export the figures table.

Staff check a number before a meeting: type 投资 or 2022 and see every figure with its
indicator, the sentence it stands in and where, then export what they see as CSV.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.answer.facts import FigureRow, figure_rows, rows_to_csv, search_rows
from assistant.errors import AssistantError

if TYPE_CHECKING:
    from assistant.engine import ReportAssistant

HEADERS = ["年份", "指标", "数值", "原句", "出处"]
SHOWN_ROWS = 200


def matching_rows(assistant: ReportAssistant, query: str) -> list[FigureRow]:
    """Figures of all indexed reports whose indicator, figure or sentence match `query`."""
    return search_rows(figure_rows(assistant.searcher().index), query or "")


def table_rows(rows: Sequence[FigureRow]) -> list[list[Any]]:
    """Rows for the on-page table (plain text cells; Gradio shows them as text)."""
    return [
        [row.year or "", row.indicator, row.figure, row.sentence, _where(row)]
        for row in rows[:SHOWN_ROWS]
    ]


def _where(row: FigureRow) -> str:
    parts = [row.report, row.section or "正文", f"第{row.paragraph}段"]
    if row.page is not None:
        parts.append(f"第{row.page}页")
    return " · ".join(parts)


def summary(rows: Sequence[FigureRow]) -> str:
    shown = min(len(rows), SHOWN_ROWS)
    return f"共 {len(rows)} 条数据（显示 {shown} 条）。 / {len(rows)} figures."


def search_figures(assistant: ReportAssistant, query: str) -> tuple[list[list[Any]], str]:
    """The table and its summary line for `query`, or an empty table and the error."""
    try:
        rows = matching_rows(assistant, query)
    except AssistantError as error:
        return [], f"{error.zh} / {error.en}"
    return table_rows(rows), summary(rows)


def export_csv(assistant: ReportAssistant, query: str) -> str:
    """A CSV file (UTF-8 with BOM, so spreadsheet programs read the Chinese) of all matches."""
    rows = matching_rows(assistant, query)
    folder = Path(tempfile.mkdtemp(prefix="figures-"))
    path = folder / "数据一览.csv"
    csv_text = rows_to_csv(rows, documents_dir=assistant.settings.documents_dir)
    path.write_text(csv_text, encoding="utf-8-sig")
    return str(path)


def mount_figures(assistant: ReportAssistant) -> None:
    """Add the folded "数据一览" section to the page being built."""
    import gradio as gr

    with gr.Accordion("数据一览 · 报告中的数据", open=False):
        with gr.Row(equal_height=True):
            query = gr.Textbox(
                placeholder="搜索指标或数字，如：投资 2022", show_label=False, scale=4
            )
            export = gr.Button("导出 CSV", size="sm", scale=1, min_width=80)
        note = gr.Markdown("")
        table = gr.Dataframe(headers=HEADERS, interactive=False, wrap=True)
        download = gr.File(label="CSV", visible=True, interactive=False)
        query.submit(
            lambda text: search_figures(assistant, text),
            query,
            [table, note],
            api_visibility="private",
        )
        export.click(
            lambda text: export_csv(assistant, text), query, download, api_visibility="private"
        )

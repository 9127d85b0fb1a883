"""From hits to an answer: the quoted sentence, its figure and citation, or 未找到; rendering."""

from assistant.answer.facts import (
    FigureRow,
    figure_rows,
    quotes_to_csv,
    rows_to_csv,
    search_rows,
)
from assistant.answer.quote import answer_from_hits
from assistant.answer.render import (
    NOT_FOUND_ZH,
    answer_dict,
    answer_text,
    by_report_label,
    citation_text,
    passages,
)

__all__ = [
    "NOT_FOUND_ZH",
    "FigureRow",
    "answer_dict",
    "answer_from_hits",
    "answer_text",
    "by_report_label",
    "citation_text",
    "figure_rows",
    "passages",
    "quotes_to_csv",
    "rows_to_csv",
    "search_rows",
]

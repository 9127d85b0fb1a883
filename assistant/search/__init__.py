"""Search: the question understood once, then hybrid dense + BM25 retrieval, year-aware."""

from assistant.search.query import Query, understand
from assistant.search.searcher import QueryScores, Searcher
from assistant.search.years import chunk_years, newest_year, passage_years

__all__ = [
    "Query",
    "QueryScores",
    "Searcher",
    "chunk_years",
    "newest_year",
    "passage_years",
    "understand",
]

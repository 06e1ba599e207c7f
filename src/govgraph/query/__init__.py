"""Running queries for people: canned queries with parameters, summaries of a store, and results
rendered as aligned tables, CSV or JSON."""

from __future__ import annotations

from dataclasses import dataclass

from ..store import QueryResult, TripleStore
from ..vocab import sparql
from .canned import CannedQuery, canned, canned_queries, query_text
from .render import render

__all__ = ["CannedQuery", "StoreStats", "canned", "canned_queries", "demo_queries", "query_text", "render", "stats"]


@dataclass(frozen=True)
class StoreStats:
    """How many report graphs and quads a store holds, things by type, and entities and figures by report."""

    reports: int
    quads: int
    by_type: QueryResult
    by_report: QueryResult


def stats(store: TripleStore) -> StoreStats:
    """Counts of a store."""
    return StoreStats(
        len(store.report_graphs()),
        store.quad_count(),
        store.query(sparql("stats-by-type")),
        store.query(sparql("stats-by-report")),
    )


def demo_queries(store: TripleStore) -> list[tuple[str, QueryResult]]:
    """The demo's three queries with their titles: agencies, national documents, rates."""
    return [
        ("Agencies, most mentioned first", store.query(sparql("demo-agencies"))),
        ("National documents cited", store.query(sparql("demo-national-documents"))),
        ("Rates reported (%), with the sentence they come from", store.query(sparql("demo-rates"))),
    ]

"""Run the checks that need the store, keep their findings in the checks graph, list them all."""

from __future__ import annotations

from .checks import Figure, previous_year
from .queries_internal import FIGURES, FINDINGS
from .rdf import Triples, add_finding
from .store import OxigraphStore, QueryResult

CHECKS_GRAPH = "https://w3id.org/govgraph/graph/checks"


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if abs(v) >= 10000 else f"{v:g}"


def _num(v: str | None) -> float | None:
    return float(v) if v not in (None, "") else None


def store_figures(store: OxigraphStore) -> list[Figure]:
    out = []
    for o, report, place, indicator, year, value, unit, measure, cv, cu, cd, cb in store.query(FIGURES).rows:
        out.append(
            Figure(o, report, place, indicator, int(str(year)[:4]), float(value), unit, measure, _num(cv), cu, cd, cb)
        )
    return out


def run_checks(store: OxigraphStore) -> QueryResult:
    """Compute the checks across reports, replace the checks graph with their findings, and list
    every finding in the store (the within-report ones were stored with their reports)."""
    g = Triples()
    for n, (now, prev, implied) in enumerate(previous_year(store_figures(store)), 1):
        message = (
            f"{now.measure} {_fmt(now.value)}{now.unit} with its change implies {_fmt(implied)}{now.unit} the year "
            f"before; the previous year's report gives {_fmt(prev.value)}{prev.unit}"
        )
        add_finding(
            g,
            f"{CHECKS_GRAPH}/finding/{n}",
            "previous-year",
            message,
            implied,
            prev.value,
            [now.iri, prev.iri],
            report=now.report,
        )
    store.replace_graph(CHECKS_GRAPH, g.ntriples())
    return store.query(FINDINGS)

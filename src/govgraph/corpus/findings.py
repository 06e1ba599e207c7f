"""Run the checks that need the store, keep their findings in the checks graph, list them all."""

from __future__ import annotations

from ..model import Figure
from ..rdf import Triples, add_finding
from ..resolve.figure_checks import previous_year
from ..store import QueryResult, TripleStore
from ..store.values import Value
from ..vocab import CHECKS_GRAPH, sparql


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if abs(v) >= 10000 else f"{v:g}"


def _num(v: Value | None) -> float | None:
    return float(v) if v not in (None, "") else None  # type: ignore[arg-type]


def _str(v: Value | None) -> str | None:
    return None if v is None else str(v)


def store_figures(store: TripleStore) -> list[Figure]:
    """Every actual figure with an indicator, place and year in the store."""
    out = []
    for o, report, place, indicator, year, value, unit, measure, cv, cu, cd, cb in store.query(sparql("figures")).rows:
        out.append(
            Figure(
                str(o), str(report), str(place), str(indicator), int(str(year)[:4]), float(value),  # type: ignore[arg-type]
                str(unit), str(measure), _num(cv), _str(cu), _str(cd), _str(cb),
            )
        )  # fmt: skip
    return out


def run_checks(store: TripleStore) -> QueryResult:
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
    return store.query(sparql("findings"))

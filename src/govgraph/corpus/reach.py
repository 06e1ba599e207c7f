"""How far each agency, document and reform reaches across the store, kept as counts in the reach graph.

Counting the reports and places that cite a law or take up a reform means reading every
report; doing it once per ingest, rather than once per query, is what lets "the most cited
documents" or "the reforms taken up most widely" answer in milliseconds at ten thousand
reports. Each thing also keeps its rank among its kind (most places, then most reports, then
IRI), so that those queries pick the top ones without sorting thousands by IRI; the overview
ranks agencies, documents and reforms by the places counted here. The counts are recomputed at
the end of every ingest (and by ``govgraph repair``), so they never go stale.
"""

from __future__ import annotations

from ..rdf import reach_triples
from ..store import TripleStore
from ..vocab import REACH_GRAPH, sparql


def ranked(rows: list[tuple[str, str, int, int, int]]) -> list[tuple[str, str, int, int, int, int]]:
    """(iri, type, reports, places, first year) rows with each one's rank among its type: 1 for the most places,
    then the most reports, then the IRI in code-point order (the order the canned queries list them in).

    >>> [(x, n) for x, _, _, _, _, n in ranked([("b", "R", 2, 2, 2020), ("a", "R", 2, 2, 2021), ("c", "R", 1, 3, 2020),
    ...                                          ("d", "D", 5, 2, 2019)])]
    [('c', 1), ('d', 1), ('a', 2), ('b', 3)]
    """
    out: list[tuple[str, str, int, int, int, int]] = []
    seen: dict[str, int] = {}
    for x, t, r, p, y in sorted(rows, key=lambda row: (-row[3], -row[2], row[0])):
        seen[t] = seen.get(t, 0) + 1
        out.append((x, t, r, p, y, seen[t]))
    return out


def count_reach(store: TripleStore) -> int:
    """Replace the reach graph with the type, report count, place count, first year and rank of each agency,
    document and reform named in at least two places (the rest are one place's own); return how many were
    counted. The overview ranks what it draws by these place counts (:mod:`..views.overview`)."""
    rows = [
        (x, t, int(r), int(p), int(y[:4]))
        for name in ("reach", "reach-agencies")
        for x, t, r, p, y in store.query(sparql(name)).texts
        if x and t and r and p and y
    ]
    store.replace_graph(REACH_GRAPH, reach_triples(ranked(rows)).ntriples())
    return len(rows)

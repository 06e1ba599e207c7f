"""How far each document and reform reaches across the store, kept as counts in the reach graph.

Counting the reports and places that cite a law or take up a reform means reading every
report; doing it once per ingest, rather than once per query, is what lets "the most cited
documents" or "the reforms taken up most widely" answer in milliseconds at ten thousand
reports. The counts are recomputed at the end of every ingest, so they never go stale.
"""

from __future__ import annotations

from ..rdf import reach_triples
from ..store import TripleStore
from ..vocab import REACH_GRAPH, sparql


def count_reach(store: TripleStore) -> int:
    """Replace the reach graph with the type, report count, place count and first year of each document
    and reform named in at least two places (the rest are one place's own); return how many were counted."""
    rows = [
        (x, t, int(r), int(p), int(y[:4]))
        for x, t, r, p, y in store.query(sparql("reach")).texts
        if x and t and r and p and y
    ]
    store.replace_graph(REACH_GRAPH, reach_triples(rows).ntriples())
    return len(rows)

"""The overview read for itself: the corpus graph cut down to what the overview draws.

The overview shows places and the entities named by the most places. Building the whole corpus graph
for it means reading every (report, entity) pair of the store into Python: hundreds of thousands at
ten thousand reports. Here the store counts the places of every entity itself (one aggregate query),
and only the entities the overview keeps, and the places it draws, are read pair by pair. The graph
this gives holds every report, and those entities and places with the same attributes the corpus
graph gives them, so the overview drawn from it is the one drawn from the whole corpus graph.
"""

from __future__ import annotations

import networkx as nx

from ..store import TripleStore
from ..vocab import sparql
from .network import OVERVIEW_TOP, _cells, _values, add_mentions, entity_table, reports_graph


def overview_graph(store: TripleStore, top: int = OVERVIEW_TOP) -> nx.Graph:
    """Every report, the ``top`` entities named by the most places and the places that name them, as
    :func:`.network.corpus_graph` would give them; the ranking of every entity named in two places or
    more is kept in ``g.graph["shared"]`` for :func:`.network.overview_view`.

    >>> import tempfile, govgraph
    >>> s = govgraph.open_store(tempfile.mkdtemp() + "/s", write=True)
    >>> _ = govgraph.ingest(["data/reports/haikou-2022-fazhi.txt"], s)
    >>> g = overview_graph(s)
    >>> [d["type"] for _, d in g.nodes(data=True)], g.graph["shared"]
    (['report'], [])
    """
    g = reports_graph(store)
    counted = [(e, t, label, int(n)) for e, t, label, n in _cells(store.query(sparql("overview-shared")))]
    entities = entity_table([[e, t, label] for e, t, label, _ in counted])
    places = {e: n for e, _, _, n in counted}
    ranked = sorted(places, key=lambda e: (-places[e], entities[e][1]))
    g.graph["shared"] = [(e, places[e]) for e in ranked]
    chosen = ranked[:top]
    _add_pairs(g, store, chosen, entities)
    named_in = sorted(set().union(*(g.nodes[e]["places"] for e in chosen if e in g)))
    for clause in _values(named_in):
        entities.update(entity_table(_cells(store.query(sparql("overview-places", places=clause)))))
    _add_pairs(g, store, named_in, entities)
    for clause in _values(chosen):
        for e, alt in sorted(_cells(store.query(sparql("overview-labels", entities=clause)))):
            if e in g:
                g.nodes[e].setdefault("alts", []).append(alt)
    return g


def _add_pairs(g: nx.Graph, store: TripleStore, chosen: list[str], entities: dict[str, tuple[str | None, str]]) -> None:
    """Read which reports name the ``chosen`` entities, and add them to ``g`` as the corpus graph does."""
    for clause in _values(chosen):
        rows = _cells(store.query(sparql("overview-mentions", entities=clause)))
        add_mentions(g, [[r, e] for e, reports in rows for r in reports.split()], entities)

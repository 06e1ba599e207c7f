"""The overview read for itself: the corpus graph cut down to what the overview draws.

The overview shows places and the entities named by the most places. Building the whole corpus graph
for it means reading every (report, entity) pair of the store into Python: hundreds of thousands at
ten thousand reports. Here the ranking comes from the place counts ingest keeps in the reach graph
(:mod:`..corpus.reach`; labels read only for the entities that can be among the top), and only the
entities the overview keeps, and the places it draws, are read pair by pair. The graph
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
    counted, entities = _ranking(store, top)
    # ties in code-point order of the labels: those read (the top and its ties), then the rest by IRI
    ranked = sorted(counted, key=lambda e: (-counted[e], e not in entities, entities.get(e, (None, ""))[1], e))
    chosen = [e for e in ranked if e in entities][:top]
    taken = set(chosen)
    g.graph["shared"] = [(e, counted[e]) for e in chosen] + [(e, counted[e]) for e in ranked if e not in taken]
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


def _ranking(store: TripleStore, top: int = OVERVIEW_TOP) -> tuple[dict[str, int], dict[str, tuple[str | None, str]]]:
    """How many places name each agency, document and reform named in two places or more, and the type and label
    of those that may be among the ``top`` (every one named by as many places as the ``top``-th or more): from
    the counts ingest keeps in the reach graph, or counted here when that graph holds no agency (a store
    written before ingest counted agencies: ``govgraph repair`` adds them)."""
    rows = _cells(store.query(sparql("overview-reach")))
    if not any(t.endswith("#Agency") for _, t, _ in rows):
        counted_here = _cells(store.query(sparql("overview-shared")))
        return {e: int(n) for e, _, _, n in counted_here}, entity_table(
            [[e, t, label] for e, t, label, _ in counted_here]
        )
    counted = {e: int(n) for e, _, n in rows}
    order = sorted(counted, key=lambda e: (-counted[e], e))
    floor = counted[order[top - 1]] if len(order) >= top else 0
    entities: dict[str, tuple[str | None, str]] = {}
    for clause in _values([e for e in order if counted[e] >= floor]):
        entities.update(entity_table(_cells(store.query(sparql("overview-places", places=clause)))))
    return counted, {e: v for e, v in entities.items() if v[0] in ("agency", "document", "reform")}


def _add_pairs(g: nx.Graph, store: TripleStore, chosen: list[str], entities: dict[str, tuple[str | None, str]]) -> None:
    """Read which reports name the ``chosen`` entities, and add them to ``g`` as the corpus graph does."""
    for clause in _values(chosen):
        rows = _cells(store.query(sparql("overview-mentions", entities=clause)))
        add_mentions(g, [[r, e] for e, reports in rows for r in reports.split()], entities)

"""Report graphs of an older vocabulary brought to the current one, in place (``govgraph repair`` and the
last phase of every ingest run it).

Issue 14 changed what a report graph holds (docs/decisions.md, "Fewer quads a report"): a mention's
target is ``<report>/text#char=S,E`` with ``gg:start``/``gg:end`` on the mention, not a blank node with
an ``oa:TextPositionSelector``; figures are typed ``qb:Observation`` only, without ``gg:value``. Queries
written for the new form find no mention in a graph of the old form, so an older store is upgraded
rather than answered wrongly. Each report is rewritten in memory and replaced in one transaction, its
declared size (``gg:tripleCount``) moved by what the rewrite changed: a whole report stays whole, a
damaged one stays damaged (``validate`` names it).
"""

from __future__ import annotations

import pyoxigraph as ox

from ..vocab import DEF, sparql
from .base import TripleStore

_COUNT = ox.NamedNode(DEF + "tripleCount")
_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")


def old_form_reports(store: TripleStore) -> list[str]:
    """The report graphs of ``store`` written in the vocabulary before issue 14, sorted."""
    return sorted(str(g) for (g,) in store.query(sparql("old-form-reports")).rows)


def upgrade_reports(store: TripleStore) -> list[str]:
    """Rewrite every report graph of the old form (see the module) in the current one; returns their IRIs.

    >>> from govgraph.store.oxigraph import OxigraphStore
    >>> upgrade_reports(OxigraphStore())
    []
    """
    graphs = old_form_reports(store)
    for g in graphs:
        store.replace_graph(g, upgraded_graph(g, store.graph_ntriples(g)))
    return graphs


def upgraded_graph(graph_iri: str, ntriples: str) -> str:
    """One report graph (N-Triples) in the current form, its declared size moved by the change."""
    node = ox.NamedNode(graph_iri)
    mem = ox.Store()
    mem.bulk_load(ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=node)
    before = len(mem)
    mem.update(sparql("upgrade-report", graph=f"<{graph_iri}>"))
    change = len(mem) - before
    for q in list(mem.quads_for_pattern(node, _COUNT, None, node)):
        mem.remove(q)
        declared = int(q.object.value) if isinstance(q.object, ox.Literal) else 0
        mem.add(ox.Quad(node, _COUNT, ox.Literal(str(declared + change), datatype=_INTEGER), node))
    return (mem.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=node) or b"").decode("utf-8")

"""Views of the graph: network views (networkx graphs, drawn as self-contained HTML pages) and two
reports side by side. :func:`build_view` is the one place that turns a view's name and options into
a :class:`View`, for the command line, the server and the Python API alike."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from ..errors import InputError
from ..store import TripleStore
from .network import (
    STYLE,
    View,
    corpus_graph,
    cross_city_view,
    focus_view,
    overview_view,
    reduce,
    report_view,
    types_view,
)

VIEWS = ("report", "focus", "types", "cross-city", "overview")
__all__ = ["VIEWS", "View", "ViewRequest", "build_view", "network", "plain_graph"]


@dataclass(frozen=True)
class ViewRequest:
    """Which view, of what: ``report`` (an id or title), ``focus`` (an entity's name or IRI, with
    ``depth``), ``types`` (entity types), ``cross-city`` or ``overview``; at most ``max_nodes`` drawn."""

    view: str = "overview"
    report: str | None = None
    focus: str | None = None
    depth: int = 1
    types: tuple[str, ...] = ()
    max_nodes: int = 1500


def build_view(store: TripleStore | nx.Graph, request: ViewRequest) -> View:
    """The view ``request`` names, reduced to at most ``request.max_nodes`` nodes; ``store`` may be a
    store or a corpus graph already built from one. Raises ``NotFound`` for an unknown report or entity.

    >>> import tempfile, govgraph
    >>> s = govgraph.open_store(tempfile.mkdtemp() + "/s", write=True)
    >>> _ = govgraph.ingest(["data/reports/haikou-2022-fazhi.txt"], s)
    >>> v = build_view(s, ViewRequest("report", report="460100-2022-fazhi"))
    >>> v.graph.number_of_nodes() > 50
    True
    """
    if request.view not in VIEWS:
        raise InputError(request.view, f"no such view (choose from {', '.join(VIEWS)})")
    g = store if isinstance(store, nx.Graph) else corpus_graph(store)
    if request.view == "report":
        if not request.report:
            raise InputError("report", "the report view needs a report id or title")
        view = report_view(g, request.report)
    elif request.view == "focus":
        if not request.focus:
            raise InputError("focus", "the focus view needs an entity's name or IRI")
        view = focus_view(g, request.focus, request.depth)
    elif request.view == "types":
        unknown = [t for t in request.types if t not in STYLE or t == "report"]
        if unknown or not request.types:
            raise InputError(",".join(request.types), "unknown entity types (agency, document, reform, place)")
        view = types_view(g, list(request.types))
    elif request.view == "cross-city":
        view = cross_city_view(g)
    else:
        view = overview_view(g)
    return reduce(view, request.max_nodes)


def plain_graph(view: View) -> nx.Graph:
    """The view's graph with only strings and numbers as attributes, so that ``nx.write_graphml`` and
    ``nx.write_gexf`` can write it: sets become counts and ``;``-joined lists, examples become text."""
    h = nx.Graph(name=view.title)
    for n, d in view.graph.nodes(data=True):
        attrs: dict[str, str | int] = {"type": d["type"], "label": str(d["label"])}
        reports = sorted(str(r) for r in d.get("reports", ()))
        places = sorted(str(p) for p in d.get("places", ()))
        attrs["report_count"] = len(reports)
        attrs["place_count"] = len(places)
        attrs["reports"] = ";".join(reports)
        attrs["places"] = ";".join(places)
        if d.get("place"):
            attrs["place"] = str(d["place"])
        if d.get("year"):
            attrs["year"] = str(d["year"])
        attrs["examples"] = "\n".join(f"{r} · {p} · {s}" for r, p, s in d.get("examples", []))
        h.add_node(str(n), **attrs)
    for a, b, d in view.graph.edges(data=True):
        h.add_edge(str(a), str(b), rel=str(d.get("rel", "")), weight=int(d.get("weight", 1)))
    return h


def network(
    store: TripleStore,
    view: str = "overview",
    *,
    report: str | None = None,
    focus: str | None = None,
    depth: int = 1,
    types: tuple[str, ...] | list[str] = (),
    max_nodes: int = 1500,
) -> nx.Graph:
    """A network view of the store as a networkx graph with plain attributes (``nx.write_graphml`` and
    ``nx.write_gexf`` write it as it is). ``view`` is one of :data:`VIEWS`.

    >>> import tempfile, govgraph, networkx as nx
    >>> s = govgraph.open_store(tempfile.mkdtemp() + "/s", write=True)
    >>> _ = govgraph.ingest(["data/reports/haikou-2022-fazhi.txt"], s)
    >>> g = network(s, "report", report="460100-2022-fazhi")
    >>> g.nodes["https://w3id.org/govgraph/agency/460100/海口市司法局"]["type"]
    'agency'
    >>> nx.write_graphml(g, tempfile.mkdtemp() + "/g.graphml")
    """
    return plain_graph(build_view(store, ViewRequest(view, report, focus, depth, tuple(types), max_nodes)))

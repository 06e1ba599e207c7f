"""Views of the graph: network views (networkx graphs, drawn as self-contained HTML pages), views over
time (a reform's diffusion, an indicator across places and years, drawn as charts) and two reports
side by side. :func:`build_view` is the one place that turns a view's name and options into a
:class:`View`, for the command line, the server and the Python API alike."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import networkx as nx

from ..errors import InputError
from ..store import TripleStore
from .network import (
    ENTITY_TYPES,
    STYLE,
    View,
    corpus_graph,
    cross_city_view,
    fill,
    focus_view,
    group,
    only_report,
    overview_view,
    reduce,
    report_view,
    types_view,
)
from .overview import overview_graph
from .timeline import indicator_view, reform_view

VIEWS = ("auto", "report", "focus", "types", "cross-city", "overview", "reform", "indicator")
__all__ = ["STYLE", "VIEWS", "View", "ViewRequest", "build_view", "corpus_graph", "network", "plain_graph"]


@dataclass(frozen=True)
class ViewRequest:
    """Which view, of what: ``report`` (an id or title), ``focus`` (an entity's name or IRI, with
    ``depth``), ``types`` (entity types), ``cross-city``, ``overview``, ``reform`` (a reform's name: its
    diffusion over places and years), ``indicator`` (an indicator's id or label: its values over places
    and years), or ``auto``: the report's view when the store holds one report, else the overview. At most
    ``max_nodes`` are kept; more than ``visible`` are drawn as groups that open on click."""

    view: str = "auto"
    report: str | None = None
    focus: str | None = None
    depth: int = 1
    types: tuple[str, ...] = ()
    max_nodes: int = 1500
    reform: str | None = None
    indicator: str | None = None
    visible: int = 80


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
    if isinstance(store, nx.Graph):
        g = store
    elif request.view in ("auto", "overview"):  # the overview reads only what it draws (views.overview)
        g = overview_graph(store)
        if request.view == "auto" and only_report(g):
            g = corpus_graph(store)
    else:
        g = corpus_graph(store)
    name = request.view
    if name == "auto":
        only = only_report(g)
        name, request = ("report", replace(request, report=only)) if only else ("overview", request)
    if name in ("reform", "indicator"):
        key = request.reform if name == "reform" else request.indicator
        if not key:
            raise InputError(name, f"the {name} view needs a{'n' if name == 'indicator' else ''} {name}'s name")
        return reform_view(g, key) if name == "reform" else indicator_view(g, key)
    view = group(reduce(_network_view(g, name, request), request.max_nodes), request.visible)
    _fill(g, view)
    return view


_BUDGET = 5000  # mentions read for a view's evidence before only the nodes drawn at first get theirs


def _fill(g: nx.Graph, view: View) -> None:
    """Read where the view's nodes are named (:func:`fill`): all of them when that is at most ``_BUDGET``
    reports in all, else the nodes drawn at first (a collapsed group's members then list their reports
    without sentences)."""
    nodes = [n for n, d in view.graph.nodes(data=True) if d.get("type") in ENTITY_TYPES]
    if sum(min(200, len(view.graph.nodes[n].get("reports", ()))) for n in nodes) > _BUDGET:
        members = {m for ms in view.groups.values() for m in ms}
        nodes = [n for n in nodes if n not in members]
    fill(g, nodes)
    for n in nodes:
        if n in g:
            view.graph.nodes[n]["examples"] = g.nodes[n]["examples"]


def _network_view(g: nx.Graph, name: str, request: ViewRequest) -> View:
    """The network view ``name`` of the corpus graph, before it is reduced and grouped."""
    if name == "report":
        if not request.report:
            raise InputError("report", "the report view needs a report id or title")
        return report_view(g, request.report)
    if name == "focus":
        if not request.focus:
            raise InputError("focus", "the focus view needs an entity's name or IRI")
        return focus_view(g, request.focus, request.depth)
    if name == "types":
        unknown = [t for t in request.types if t not in ENTITY_TYPES]
        if unknown or not request.types:
            raise InputError(",".join(request.types), "unknown entity types (agency, document, reform, place)")
        return types_view(g, list(request.types))
    if name == "cross-city":
        return cross_city_view(g)
    return overview_view(g)


_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: object) -> str:
    """``value`` as text without the characters XML 1.0 forbids (report text is untrusted and may carry
    control characters, which would make a GraphML or GEXF file unreadable).

    >>> xml_text("第\x0b一")
    '第一'
    """
    return _XML_ILLEGAL.sub("", str(value))


def plain_graph(view: View) -> nx.Graph:
    """The view's graph with only strings and numbers as attributes, so that ``nx.write_graphml`` and
    ``nx.write_gexf`` can write it: sets become counts and ``;``-joined lists, examples become text, and
    no string holds a character XML forbids."""
    h = nx.Graph(name=xml_text(view.title))
    for n, d in view.graph.nodes(data=True):
        attrs: dict[str, str | int] = {"type": d["type"], "label": xml_text(d["label"])}
        reports = sorted(str(r) for r in d.get("reports", ()))
        places = sorted(str(p) for p in d.get("places", ()))
        attrs["report_count"] = len(reports)
        attrs["place_count"] = len(places)
        attrs["reports"] = xml_text(";".join(reports))
        attrs["places"] = xml_text(";".join(places))
        if d.get("place"):
            attrs["place"] = xml_text(d["place"])
        if d.get("year"):
            attrs["year"] = xml_text(d["year"])
        attrs["examples"] = xml_text("\n".join(f"{r} · {p} · {s}" for r, p, s in d.get("examples", [])))
        h.add_node(xml_text(n), **attrs)
    for a, b, d in view.graph.edges(data=True):
        h.add_edge(xml_text(a), xml_text(b), rel=xml_text(d.get("rel", "")), weight=int(d.get("weight", 1)))
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
    wanted = ViewRequest(view, report, focus, depth, tuple(types), max_nodes, visible=max_nodes)  # no groups
    return plain_graph(build_view(store, wanted))

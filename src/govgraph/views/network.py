"""Network views of the graph: networkx builds and reduces them, pyvis holds the drawing data.

The page is self-contained: vis-network's JavaScript and CSS (shipped inside the pyvis
package) are inlined, nothing is fetched. Strings from reports never reach the page as
HTML: node data travels as JSON (with ``</`` escaped), and the tooltips, the details panel
and the legend are built in the browser with ``textContent``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import networkx as nx

from ..errors import NotFound
from ..store import QueryResult, TripleStore
from ..vocab import BASE, DEF, sparql

STYLE = {  # entity type: (colour, shape, Chinese name)
    "report": ("#4b5563", "box", "报告"),
    "agency": ("#2563eb", "dot", "机构"),
    "document": ("#d97706", "square", "文件"),
    "reform": ("#16a34a", "triangle", "改革举措"),
    "place": ("#dc2626", "diamond", "地点"),
}
_TYPES = {f"{DEF}{k.capitalize()}": k for k in STYLE}
_SENTENCE = re.compile(r"[。；！？\n]")


@dataclass
class View:
    """A graph ready to draw, and what was left out to make it drawable."""

    graph: nx.Graph
    title: str
    left_out_nodes: int = 0
    left_out_edges: int = 0
    notes: list[str] = field(default_factory=list)


def corpus_graph(store: TripleStore) -> nx.Graph:
    """Reports and the entities they mention, with mention edges and relations between entities."""
    g = nx.Graph()
    texts, places = {}, {}
    g.graph["place_labels"] = {}
    for report, title, text, place, year, place_label in _cells(store.query(sparql("network-reports"))):
        texts[report] = text
        places[report] = place
        if place and place_label:
            g.graph["place_labels"][place] = place_label
        label = f"{title}" if title else report.rsplit("/", 1)[-1]
        g.add_node(report, type="report", label=label, reports={report}, place=place, year=year, examples=[])
    for report, e, etype, label, start, end, path in _cells(store.query(sparql("network-mentions"))):
        kind = _TYPES.get(etype)
        if kind is None or report not in texts:
            continue
        if e not in g:
            g.add_node(e, type=kind, label=label, reports=set(), places=set(), examples=[])
        node = g.nodes[e]
        node["reports"].add(report)
        if places.get(report):
            node["places"].add(places[report])
        if len(node["examples"]) < 3:
            node["examples"].append((g.nodes[report]["label"], path, _sentence(texts[report], int(start), int(end))))
        g.add_edge(report, e, rel="mentions")
    for a, rel, b in _cells(store.query(sparql("network-relations"))):
        if a in g and b in g:
            g.add_edge(a, b, rel=rel)
    return g


def _cells(result: QueryResult) -> list[list[str]]:
    """A result's cells as text, an unbound variable as the empty string."""
    return [["" if c is None else c for c in row] for row in result.texts]


def _sentence(text: str, start: int, end: int, limit: int = 120) -> str:
    """The sentence a mention stands in, as the report wrote it."""
    s = max(
        (m.end() for m in _SENTENCE.finditer(text, max(0, start - limit), start)), default=max(0, start - limit // 2)
    )
    m = _SENTENCE.search(text, end, end + limit)
    return text[s : m.end() if m else min(len(text), end + limit // 2)].strip()


def report_view(g: nx.Graph, report: str) -> View:
    rid = _find(g, report, types=("report",))
    nodes = {rid, *g.neighbors(rid)}
    return View(g.subgraph(nodes).copy(), f"报告：{g.nodes[rid]['label']}")


def focus_view(g: nx.Graph, focus: str, depth: int) -> View:
    node = _find(g, focus)
    return View(nx.ego_graph(g, node, radius=depth).copy(), f"{g.nodes[node]['label']} 的邻域（{depth} 层）")


def types_view(g: nx.Graph, types: list[str]) -> View:
    """Entities of some types, linked where they are named in the same report or related."""
    keep = [n for n, d in g.nodes(data=True) if d["type"] in types]
    h = nx.Graph()
    h.add_nodes_from((n, g.nodes[n]) for n in keep)
    for u, v, d in g.edges(data=True):
        if u in h and v in h:
            h.add_edge(u, v, **d)
    by_report = defaultdict(list)
    for n in keep:
        for r in g.nodes[n]["reports"]:
            by_report[r].append(n)
    weights: Counter[tuple[str, str]] = Counter()
    for members in by_report.values():
        if len(members) <= 60:  # a very long report would tie everything to everything
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    weights[(a, b) if a < b else (b, a)] += 1
    for (a, b), w in weights.items():
        if not h.has_edge(a, b):
            h.add_edge(a, b, rel="same report", weight=w)
    return View(h, "类型：" + "、".join(STYLE[t][2] for t in types))


def cross_city_view(g: nx.Graph) -> View:
    """Entities and concepts named by at least two places, with those places."""
    h = nx.Graph()
    for n, d in g.nodes(data=True):
        if d["type"] != "report" and d["type"] != "place" and len(d.get("places", ())) >= 2:
            h.add_node(n, **d)
            for p in d["places"]:
                if p not in h:
                    h.add_node(p, type="place", label=_place_label(g, p), reports=set(), places={p}, examples=[])
                h.add_edge(p, n, rel="named in")
    for p in [n for n, d in h.nodes(data=True) if d["type"] == "place"]:
        h.nodes[p]["reports"] = {r for r, d in g.nodes(data=True) if d["type"] == "report" and d.get("place") == p}
    return View(h, "跨地区共有的文件、改革与机构")


def overview_view(g: nx.Graph, top: int = 60) -> View:
    """Places (sized by their reports) and the entities named by the most places."""
    view = cross_city_view(g)
    h = view.graph
    ranked = sorted(
        (n for n, d in h.nodes(data=True) if d["type"] != "place"),
        key=lambda n: (-len(h.nodes[n]["places"]), h.nodes[n]["label"]),
    )
    drop = ranked[top:]
    dropped_edges = sum(h.degree(n) for n in drop)
    h.remove_nodes_from(drop)
    h.remove_nodes_from([n for n in list(h) if h.degree(n) == 0])
    return View(
        h,
        f"总览：各地区与被最多地区提及的 {top} 个实体",
        len(drop),
        dropped_edges,
        [f"{len(drop)} entities named by fewer places are aggregated away"],
    )


def _place_label(g: nx.Graph, place: str) -> str:
    if place in g:
        return g.nodes[place]["label"]
    return g.graph.get("place_labels", {}).get(place, place.rsplit("/", 1)[-1])


def _find(g: nx.Graph, key: str, types: tuple[str, ...] | None = None) -> str:
    candidates = [key, BASE + key, BASE + "report/" + key]
    for c in candidates:
        if c in g and (types is None or g.nodes[c]["type"] in types):
            return c
    matches = [n for n, d in g.nodes(data=True) if d["label"] == key and (types is None or d["type"] in types)]
    if not matches:
        raise NotFound(key, "nothing of that name or id in the store")
    return max(matches, key=lambda n: len(g.nodes[n]["reports"]))


def reduce(view: View, max_nodes: int) -> View:
    """Keep the ``max_nodes`` best-connected nodes; say what was left out."""
    g = view.graph
    if g.number_of_nodes() <= max_nodes:
        return view
    keep = sorted(g, key=lambda n: (-g.degree(n), n))[:max_nodes]
    h = g.subgraph(keep).copy()
    view.left_out_nodes += g.number_of_nodes() - h.number_of_nodes()
    view.left_out_edges += g.number_of_edges() - h.number_of_edges()
    view.notes.append(f"kept the {max_nodes} best-connected nodes")
    view.graph = h
    return view

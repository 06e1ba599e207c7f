"""Network views of the graph: networkx builds and reduces them, pyvis holds the drawing data.

The page is self-contained: vis-network's JavaScript and CSS (shipped inside the pyvis
package) are inlined, nothing is fetched. Strings from reports never reach the page as
HTML: node data travels as JSON (with ``</`` escaped), and the tooltips, the details panel
and the legend are built in the browser with ``textContent``.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path

import networkx as nx

from .store import OxigraphStore

BASE = "https://w3id.org/govgraph/"
STYLE = {  # type: (colour, shape, Chinese name)
    "report": ("#4b5563", "box", "报告"),
    "agency": ("#2563eb", "dot", "机构"),
    "document": ("#d97706", "square", "文件"),
    "reform": ("#16a34a", "triangle", "改革举措"),
    "place": ("#dc2626", "diamond", "地点"),
}
_TYPES = {f"https://w3id.org/govgraph/def#{k.capitalize()}": k for k in STYLE}
_SENTENCE = re.compile(r"[。；！？\n]")

_MENTIONS = """PREFIX gg: <https://w3id.org/govgraph/def#> PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?report ?e ?type ?label ?start ?end ?path WHERE {
  GRAPH ?report { ?m oa:hasBody ?e ; prov:wasDerivedFrom/gg:path ?path ; oa:hasTarget/oa:hasSelector ?sel .
                  ?sel oa:start ?start ; oa:end ?end }
  ?e a ?type ; skos:prefLabel ?label .
  VALUES ?type { gg:Agency gg:Document gg:Reform gg:Place }
  FILTER(LANG(?label) = "zh" || LANG(?label) = "")
}"""
_REPORTS = """PREFIX gg: <https://w3id.org/govgraph/def#> PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?report ?title ?text ?place ?year ?placeLabel WHERE {
  GRAPH ?report { ?report a gg:Report ; dcterms:title ?title ; gg:text ?text .
                  OPTIONAL { ?report dcterms:spatial ?place } OPTIONAL { ?report gg:year ?year } }
  OPTIONAL { ?place skos:prefLabel ?placeLabel } }"""
_RELATIONS = """PREFIX gg: <https://w3id.org/govgraph/def#> PREFIX org: <http://www.w3.org/ns/org#>
SELECT DISTINCT ?a ?rel ?b WHERE { { ?a gg:issued ?b BIND("issued" AS ?rel) } UNION
  { ?a org:subOrganizationOf ?b BIND("part of" AS ?rel) } }"""


@dataclass
class View:
    """A graph ready to draw, and what was left out to make it drawable."""

    graph: nx.Graph
    title: str
    left_out_nodes: int = 0
    left_out_edges: int = 0
    notes: list[str] = field(default_factory=list)


def corpus_graph(store: OxigraphStore) -> nx.Graph:
    """Reports and the entities they mention, with mention edges and relations between entities."""
    g = nx.Graph()
    texts, places = {}, {}
    g.graph["place_labels"] = {}
    for report, title, text, place, year, place_label in store.query(_REPORTS).rows:
        texts[report] = text
        places[report] = place
        if place and place_label:
            g.graph["place_labels"][place] = place_label
        label = f"{title}" if title else report.rsplit("/", 1)[-1]
        g.add_node(report, type="report", label=label, reports={report}, place=place, year=year, examples=[])
    for report, e, etype, label, start, end, path in store.query(_MENTIONS).rows:
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
    for a, rel, b in store.query(_RELATIONS).rows:
        if a in g and b in g:
            g.add_edge(a, b, rel=rel)
    return g


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
        raise KeyError(key)
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


def layout(g: nx.Graph, threshold: int = 300) -> dict[str, tuple[float, float]] | None:
    """Positions computed here (physics off in the page) once a graph passes ``threshold`` nodes."""
    if g.number_of_nodes() <= threshold:
        return None
    iterations = 50 if g.number_of_nodes() < 2000 else 20
    pos = nx.spring_layout(g, seed=7, iterations=iterations, k=1.5 / max(1, g.number_of_nodes()) ** 0.5)
    scale = 40 * g.number_of_nodes() ** 0.5
    return {n: (float(x) * scale, float(y) * scale) for n, (x, y) in pos.items()}


def to_pyvis(view: View):
    """A pyvis Network holding the view's nodes and edges (lists filled directly: add_node is quadratic)."""
    from pyvis.network import Network

    g = view.graph
    net = Network(height="100%", width="100%", directed=False, cdn_resources="in_line")
    pos = layout(g)
    for n, d in g.nodes(data=True):
        colour, shape, type_zh = STYLE[d["type"]]
        node = {
            "id": n,
            "label": d["label"][:24],
            "shape": shape,
            "color": colour,
            "type": d["type"],
            "typeZh": type_zh,
            "name": d["label"],
            "size": 7 + 3 * min(8, len(d.get("reports", ()))),
            "reports": len(d.get("reports", ())),
            "examples": [list(x) for x in d.get("examples", [])],
            "font": {"size": 14, "face": "Noto Sans CJK SC, sans-serif"},
        }
        if pos is not None:
            node["x"], node["y"] = pos[n]
        net.nodes.append(node)
        net.node_ids.append(n)
        net.node_map[n] = node
    for u, v, d in g.edges(data=True):
        net.edges.append({"from": u, "to": v, "rel": d.get("rel", ""), "width": min(6, d.get("weight", 1))})
    net.physics_off = pos is not None
    return net


def _lib(name: str) -> str:
    spec = find_spec("pyvis")
    root = Path(next(iter(spec.submodule_search_locations))) / "templates" / "lib" / "vis-9.1.2"
    return (root / name).read_text(encoding="utf-8")


def _json(value: object) -> str:
    """JSON safe inside a <script> element."""
    text = json.dumps(value, ensure_ascii=False)
    return (
        text.replace("</", "<\\/").replace("<!--", "<\\!--").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )


def render_html(view: View) -> str:
    """The self-contained page for a view."""
    net = to_pyvis(view)
    physics = not getattr(net, "physics_off", False)
    options = {
        "physics": {
            "enabled": physics,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120, "avoidOverlap": 0.6},
            "stabilization": {"iterations": 200},
        },
        "interaction": {"hover": True, "tooltipDelay": 100, "hideEdgesOnDrag": True},
        "edges": {"color": {"color": "#9ca3af"}, "smooth": False},
        "layout": {"improvedLayout": net.nodes.__len__() < 150},
    }
    summary = {
        "nodes": len(net.nodes),
        "edges": len(net.edges),
        "leftOutNodes": view.left_out_nodes,
        "leftOutEdges": view.left_out_edges,
        "notes": view.notes,
    }
    legend = [{"type": t, "colour": c, "name": zh} for t, (c, _, zh) in STYLE.items()]
    return _TEMPLATE.format(
        title=html.escape(view.title),
        css=_lib("vis-network.css"),
        js=_lib("vis-network.min.js"),
        nodes=_json(net.nodes),
        edges=_json(net.edges),
        options=_json(options),
        summary=_json(summary),
        legend=_json(legend),
        heading=_json(view.title),
    )


_TEMPLATE = """<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8"><title>{title}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src data:">
<style>{css}</style>
<style>
html, body {{ margin: 0; height: 100%; font-family: "Noto Sans CJK SC", sans-serif; }}
#graph {{ position: absolute; inset: 0; }}
#heading {{ position: absolute; left: 12px; top: 8px; font-size: 16px; background: rgba(255,255,255,.85); padding: 2px 6px; }}
#legend {{ position: absolute; right: 12px; top: 12px; background: rgba(255,255,255,.92); border: 1px solid #ddd; padding: 8px; font-size: 13px; }}
#legend span.sw {{ display: inline-block; width: 12px; height: 12px; margin-right: 6px; vertical-align: middle; }}
#details {{ position: absolute; left: 12px; bottom: 12px; max-width: 46%; max-height: 40%; overflow: auto; background: rgba(255,255,255,.95); border: 1px solid #ddd; padding: 8px; font-size: 13px; display: none; }}
div.vis-tooltip {{ white-space: normal; max-width: 420px; font-size: 13px; }}
.tip-name {{ font-weight: bold; }} .tip-meta {{ color: #555; }} .tip-sentence {{ margin-top: 4px; }}
</style>
<script>{js}</script>
</head><body>
<div id="graph"></div><div id="heading"></div><div id="legend"></div><div id="details"></div>
<script>
(function () {{
  var nodesData = {nodes}, edgesData = {edges}, options = {options}, summary = {summary}, legend = {legend};
  function el(tag, cls, text) {{ var e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; }}
  function tooltip(n) {{
    var box = el("div");
    box.appendChild(el("div", "tip-name", n.name));
    box.appendChild(el("div", "tip-meta", n.typeZh + " · " + n.reports + " 份报告"));
    (n.examples || []).forEach(function (x) {{
      box.appendChild(el("div", "tip-meta", x[0] + " · " + x[1]));
      box.appendChild(el("div", "tip-sentence", x[2]));
    }});
    return box;
  }}
  nodesData.forEach(function (n) {{ n.title = tooltip(n); }});
  document.getElementById("heading").textContent = {heading};
  var lg = document.getElementById("legend");
  legend.forEach(function (t) {{ var row = el("div"); var sw = el("span", "sw"); sw.style.background = t.colour; row.appendChild(sw); row.appendChild(el("span", "", t.name)); lg.appendChild(row); }});
  if (summary.leftOutNodes) lg.appendChild(el("div", "tip-meta", "未显示 " + summary.leftOutNodes + " 个节点"));
  var nodes = new vis.DataSet(nodesData), edges = new vis.DataSet(edgesData);
  var network = new vis.Network(document.getElementById("graph"), {{nodes: nodes, edges: edges}}, options);
  window.govgraph = {{network: network, nodes: nodes, edges: edges, summary: summary, drawn: false, drawnAt: null,
                      stable: !options.physics.enabled}};
  network.once("afterDrawing", function () {{ window.govgraph.drawn = true; window.govgraph.drawnAt = performance.now(); }});
  if (!nodesData.length) {{ window.govgraph.drawn = true; window.govgraph.stable = true;
    document.getElementById("graph").appendChild(el("p", "tip-meta", "没有可显示的节点")); }}
  network.once("stabilizationIterationsDone", function () {{ window.govgraph.stable = true; network.setOptions({{physics: false}}); }});
  network.on("click", function (params) {{
    var panel = document.getElementById("details");
    if (!params.nodes.length) {{ panel.style.display = "none"; return; }}
    var n = nodes.get(params.nodes[0]);
    panel.textContent = "";
    panel.appendChild(tooltip(n));
    panel.appendChild(el("div", "tip-meta", n.id));
    panel.style.display = "block";
  }});
}})();
</script>
</body></html>
"""


def write_view(view: View, path: Path) -> tuple[int, int]:
    """Write the page; returns (nodes, edges) drawn."""
    page = render_html(view)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return view.graph.number_of_nodes(), view.graph.number_of_edges()

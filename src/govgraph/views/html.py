"""A view as one self-contained HTML page: pyvis holds the drawing data, vis-network draws it.

The page is self-contained: vis-network's JavaScript and CSS (shipped inside the pyvis
package) are inlined, nothing is fetched. Strings from reports never reach the page as
HTML: node data travels as JSON (with ``</`` escaped), and the tooltips, the details panel
and the legend are built in the browser with ``textContent``.
"""

from __future__ import annotations

import html
import json
from importlib.util import find_spec
from pathlib import Path

import networkx as nx

from ..errors import InputError
from .network import STYLE, View


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
    assert spec is not None and spec.submodule_search_locations is not None, "pyvis is installed with govgraph"
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
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(page, encoding="utf-8")
        tmp.replace(path)  # a reader never sees half a page
    except OSError as e:
        raise InputError(path, f"cannot write the page ({e.strerror or e})") from None
    return view.graph.number_of_nodes(), view.graph.number_of_edges()

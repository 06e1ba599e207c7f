"""A view as one self-contained HTML page: vis-network draws the networks, the page's own script draws
the charts as SVG.

The page is self-contained: vis-network's JavaScript and CSS (shipped inside the pyvis package)
are inlined, nothing is fetched, and the Content-Security-Policy allows no request. Strings from
reports never reach the page as HTML: node data travels as JSON (with ``</`` escaped), and the
tooltips, the search results, the details panel, the filters and the chart labels are built in the
browser with ``textContent``.
"""

from __future__ import annotations

import html
import json
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import networkx as nx

from ..errors import InputError
from .layout import label_of, layout, node_size
from .network import STYLE, View, evidence

_TREE_CHARS = {"report": 30, "section": 19}  # tree boxes are wider than a network label
_EVIDENCE_CAP = 500  # reports listed per node in the panel (paged there); more are counted


def _reports(g: nx.Graph) -> tuple[list[dict[str, str]], dict[str, int]]:
    """The reports the page may name, as a table (label, place, year) and an index into it."""
    labels = g.graph.get("place_labels", {})
    info = dict(g.graph.get("report_info", {}))
    for n, d in g.nodes(data=True):
        if d.get("type") == "report" and n not in info:
            info[n] = (str(d["label"]), d.get("place", ""), d.get("year", ""))
    named = set().union(*(d.get("reports", ()) for _, d in g.nodes(data=True))) if g else set()
    rows: list[dict[str, str]] = []
    index: dict[str, int] = {}
    for n, (label, place, year) in info.items():
        if n in named:
            index[n] = len(rows)
            rows.append({"label": str(label), "place": labels.get(place, ""), "year": str(year or "")[:4]})
    return rows, index


def _node(g: nx.Graph, n: str, d: dict[str, Any], tree: bool, report_index: dict[str, int]) -> dict[str, Any]:
    """One node as the page's script reads it."""
    colour, shape, type_zh = STYLE[d["type"]]
    name = str(d.get("name") or d["label"])
    node: dict[str, Any] = {
        "id": n,
        "label": label_of(str(d["label"])),
        "name": name,
        "type": d["type"],
        "typeZh": type_zh,
        "alts": list(d.get("alts", [])),
        "shape": shape,
        "color": colour,
        "size": node_size(len(d.get("reports", ()))),
        "reports": len(d.get("reports", ())),
        "font": {"size": 14, "face": "Noto Sans CJK SC, sans-serif"},
    }
    rows = evidence(g, n) if d["type"] not in ("group", "section") else []
    if d["type"] == "figure":
        rows = [(rid, sec, sent) for rid in d.get("reports", ()) for _, sec, sent in d.get("examples", [])[:1]]
    node["ev"] = [[report_index.get(r, r), s, t] for r, s, t in rows[:_EVIDENCE_CAP]]  # a label when not indexed
    node["reps"] = sorted({report_index[r] for r in d.get("reports", ()) if r in report_index})
    if d["type"] == "group":
        node["kind"] = d["kind"]
        node["color"] = {"background": "#f1f5f9", "border": STYLE[d["kind"]][0]}
        node["borderWidth"] = 3
        node["size"] = 28
        node["font"] = {"size": 15, "face": "Noto Sans CJK SC, sans-serif", "bold": True}
    if d["type"] == "figure":
        node.update(measure=d["measure"], value=d["value"], unit=d["unit"], status=d["status"])
    if tree:
        cut = _TREE_CHARS.get(d["type"], 17)
        node.update(parent=d.get("parent", ""), order=d.get("order", 0), shape="box")
        node["label"] = name if len(name) <= cut else name[: cut - 1] + "…"
        node["widthConstraint"] = {"minimum": 14 * (cut + 3) + 16, "maximum": 14 * (cut + 3) + 16}
        node["base"] = node["label"]
        node["color"] = {"background": "#ffffff" if d["type"] != "report" else "#1f2937", "border": colour}
        if d["type"] == "report":
            node["font"] = {"size": 16, "color": "#ffffff", "face": "Noto Sans CJK SC, sans-serif"}
        if d["type"] == "section":
            node["color"] = {"background": "#f3f4f6", "border": colour}
    return node


def _lib(name: str) -> str:
    spec = find_spec("pyvis")
    assert spec is not None and spec.submodule_search_locations is not None, "pyvis is installed with govgraph"
    root = Path(next(iter(spec.submodule_search_locations))) / "templates" / "lib" / "vis-9.1.2"
    return (root / name).read_text(encoding="utf-8")


def _json(value: object) -> str:
    """JSON safe inside a <script> element.

    >>> _json(["</script><b>"])
    '["<\\\\/script><b>"]'
    """
    text = json.dumps(value, ensure_ascii=False)
    return (
        text.replace("</", "<\\/").replace("<!--", "<\\!--").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )


def page_data(view: View) -> dict[str, Any]:
    """Everything the page's script needs, as JSON-ready data: nodes (positions included), edges, the
    groups, the reports, the legend and a summary of what was left out."""
    g = view.graph
    reports, index = _reports(g)
    pos = None if view.tree else layout(g, view.groups)
    nodes = []
    member_of = {m: gid for gid, ms in view.groups.items() for m in ms}
    for n, d in g.nodes(data=True):
        node = _node(g, n, d, view.tree, index)
        if pos is not None:
            node["x"], node["y"] = pos[n]
        if n in member_of:
            node["grp"] = member_of[n]
        nodes.append(node)
    edges = [
        {"from": u, "to": v, "rel": d.get("rel", ""), "w": int(d.get("weight", 1))}
        for u, v, d in g.edges(data=True)
        if g.nodes[u]["type"] != "group" and g.nodes[v]["type"] != "group"
    ]
    shown = {d["type"] for _, d in g.nodes(data=True)} | {d.get("kind") for _, d in g.nodes(data=True)}
    return {
        "nodes": nodes,
        "edges": edges,
        "tree": view.tree,
        "groups": view.groups,
        "reports": reports,
        "legend": [{"type": t, "colour": c, "name": zh} for t, (c, _, zh) in STYLE.items() if t in shown],
        "summary": {
            "nodes": g.number_of_nodes() - len(view.groups),
            "edges": len(edges),
            "leftOutNodes": view.left_out_nodes,
            "leftOutEdges": view.left_out_edges,
            "notes": view.notes,
        },
        "heading": view.title,
    }


def render_html(view: View) -> str:
    """The self-contained page for a view: a network, a tree, or a chart.

    >>> import networkx as nx
    >>> g = nx.Graph()
    >>> g.add_node("a", type="agency", label="<b>局</b>", reports=set(), examples=[])
    >>> page = render_html(View(g, "t"))
    >>> "<b>局</b>" in page, "<b>局<\\\\/b>" in page
    (False, True)
    """
    if view.chart is not None:
        return _CHART_PAGE.format(
            title=html.escape(view.title), style=_STYLE, data=_json(_chart_data(view)), script=_CHART_SCRIPT
        )
    options = {
        "physics": {"enabled": False},
        "interaction": {"hover": True, "tooltipDelay": 100, "hideEdgesOnDrag": True},
        "edges": {
            "color": {"color": "rgba(120,130,145,0.35)", "highlight": "#1d4ed8", "hover": "#1d4ed8"},
            "smooth": False,
            "font": {"size": 12, "strokeWidth": 3},
        },
        "layout": {"improvedLayout": False},
        "nodes": {"font": {"size": 14}},
    }
    return _NETWORK_PAGE.format(
        title=html.escape(view.title),
        css=_lib("vis-network.css"),
        js=_lib("vis-network.min.js"),
        style=_STYLE,
        data=_json(page_data(view)),
        options=_json(options),
        script=_NETWORK_SCRIPT,
    )


def _chart_data(view: View) -> dict[str, Any]:
    assert view.chart is not None
    return {**view.chart, "heading": view.title, "notes": view.notes}


_CSP = (
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'; "
    "style-src 'unsafe-inline'; img-src data:; font-src data:\">"
)

_STYLE = """
html, body { margin: 0; height: 100%; font-family: "Noto Sans CJK SC", sans-serif; font-size: 13px; }
#graph { position: absolute; inset: 0; }
#bar { position: absolute; left: 12px; top: 8px; right: 190px; pointer-events: none; }
#bar > * { pointer-events: auto; }
#heading { font-size: 16px; background: rgba(255,255,255,.9); padding: 2px 6px; display: inline-block; }
#tools { margin-top: 4px; display: flex; gap: 8px; align-items: flex-start; flex-wrap: wrap; }
#tools input, #tools select { font: inherit; padding: 3px 6px; border: 1px solid #bbb; border-radius: 4px; background: #fff; }
#search { width: 220px; }
#results { position: absolute; top: 60px; background: #fff; border: 1px solid #ccc; max-width: 360px; z-index: 5; display: none; }
#results button { display: block; width: 100%; text-align: left; border: 0; background: none; padding: 3px 8px; font: inherit; cursor: pointer; }
#results button:hover { background: #eef2ff; }
#legend { position: absolute; right: 12px; top: 12px; background: rgba(255,255,255,.94); border: 1px solid #ddd; padding: 8px; }
#legend label { display: block; cursor: pointer; }
#legend span.sw { display: inline-block; width: 12px; height: 12px; margin: 0 6px 0 4px; vertical-align: middle; }
#details { position: absolute; right: 12px; bottom: 12px; width: 460px; max-height: 55%; overflow: auto; background: rgba(255,255,255,.97); border: 1px solid #ccc; padding: 8px 10px; display: none; box-shadow: 0 2px 8px rgba(0,0,0,.12); }
#details table { border-collapse: collapse; width: 100%; } #details td, #details th { border-bottom: 1px solid #eee; padding: 2px 4px; text-align: left; vertical-align: top; }
#details button, #pager button { font: inherit; margin: 4px 4px 0 0; }
.ev { margin: 6px 0; } .ev-meta { color: #555; } .ev-sentence { margin-top: 2px; }
div.vis-tooltip { white-space: normal; max-width: 420px; font-size: 13px; pointer-events: none; z-index: 10; }
.tip-name { font-weight: bold; } .tip-meta { color: #555; } .tip-sentence { margin-top: 4px; }
.muted { color: #666; }
svg text { font-family: "Noto Sans CJK SC", sans-serif; }
"""

_NETWORK_PAGE = (
    """<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8"><title>{title}</title>
"""
    + _CSP
    + """
<style>{css}</style>
<style>{style}</style>
<script>{js}</script>
</head><body>
<div id="graph"></div>
<div id="bar"><div id="heading"></div>
<div id="tools"><input id="search" type="search" placeholder="搜索名称…" autocomplete="off">
<select id="place"><option value="">所有地区</option></select><select id="year"><option value="">所有年份</option></select>
<span id="count" class="muted"></span></div><div id="results"></div></div>
<div id="legend"></div><div id="details"></div>
<script>var DATA = {data}, OPTIONS = {options};</script>
<script>{script}</script>
</body></html>
"""
)

_NETWORK_SCRIPT = r"""
(function () {
  "use strict";
  var D = DATA, byId = {}, open = {}, filter = {types: {}, place: "", year: ""}, PAGE = 10;
  D.nodes.forEach(function (n) { byId[n.id] = n; });
  var children = {};
  D.nodes.forEach(function (n) { if (n.parent) (children[n.parent] = children[n.parent] || []).push(n); });
  Object.keys(children).forEach(function (k) { children[k].sort(function (a, b) { return a.order - b.order; }); });
  D.legend.forEach(function (t) { filter.types[t.type] = true; });

  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; }
  function reportLine(i) { if (typeof i === "string") return i; var r = D.reports[i]; return r ? r.label : "（报告）"; }
  function tooltip(n) {
    var box = el("div");
    box.appendChild(el("div", "tip-name", n.name));
    box.appendChild(el("div", "tip-meta", n.typeZh + (n.reports ? " · " + n.reports + " 份报告" : "")));
    (n.ev || []).slice(0, 2).forEach(function (x) {
      box.appendChild(el("div", "tip-meta", reportLine(x[0]) + " · " + x[1]));
      box.appendChild(el("div", "tip-sentence", x[2]));
    });
    return box;
  }

  // which nodes are drawn: type, place and year filters; collapsed groups and sections
  function passes(n) {
    if (n.type === "group") return D.groups[n.id].some(function (m) { return passes(byId[m]); });
    if (n.type !== "report" && n.type !== "section" && filter.types[n.type] === false) return false;
    if ((filter.place || filter.year) && n.reps.length) {
      return n.reps.some(function (i) { var r = D.reports[i];
        return (!filter.place || r.place === filter.place) && (!filter.year || r.year === filter.year); });
    }
    return true;
  }
  function shown(n) {
    if (D.tree) {
      if (!n.parent) return true;
      var p = byId[n.parent];
      return open[p.id] && shown(p) && (n.type === "section" || passes(n));
    }
    if (n.type === "group") return !open[n.id] && passes(n);
    if (n.grp) return !!open[n.grp] && passes(n);
    return passes(n);
  }

  // a tree is laid out here, left to right in the report's order, each time a section opens or closes
  function layoutTree(visible) {
    var row = 0, pos = {};
    function place(n, depth) {
      var kids = (children[n.id] || []).filter(function (c) { return visible[c.id]; });
      var x = n.type === "report" ? 0 : n.type === "section" ? 420 + 360 * (depth - 1) : pos[n.parent].x + 330;
      pos[n.id] = {x: x, y: row * 40};
      if (!kids.length) { row++; return; }
      var first = row;
      kids.forEach(function (c) { place(c, depth + 1); });
      pos[n.id].y = n.type === "report" ? (first + row - 1) * 20 : pos[kids[0].id].y;
    }
    var root = D.nodes.filter(function (n) { return !n.parent; })[0];
    if (root) place(root, 0);
    return pos;
  }

  var VIS = ["id", "label", "shape", "color", "size", "font", "x", "y", "borderWidth", "widthConstraint"];
  function slim(n) { var o = {}; VIS.forEach(function (k) { if (n[k] !== undefined) o[k] = n[k]; }); return o; }   // what vis-network reads
  var nodes = new vis.DataSet(), edges = new vis.DataSet(), network = null;   // made once the data sets are filled
  var drawn = {};
  function refresh() {
    var visible = {}, list = [];
    D.nodes.forEach(function (n) { if (shown(n)) { visible[n.id] = true; list.push(n); } });
    var pos = D.tree ? layoutTree(visible) : null;
    var add = [], upd = [], del = [];
    D.nodes.forEach(function (n) {
      if (visible[n.id]) {
        var item = {id: n.id, hidden: false};
        if (D.tree && n.type === "section") {   // a closed section says how much it holds
          var leaves = open[n.id] ? 0 : (function count(p) { return (children[p] || []).reduce(function (k, c) {
            return k + (c.type === "section" ? count(c.id) : 1); }, 0); })(n.id);
          item.label = n.base + (leaves && !open[n.id] ? " ＋" + leaves : "");
        }
        if (pos) { item.x = pos[n.id].x; item.y = pos[n.id].y; }
        if (!drawn[n.id]) { add.push(Object.assign(slim(n), item)); drawn[n.id] = true; }
        else upd.push(item);
      } else if (drawn[n.id]) { del.push(n.id); delete drawn[n.id]; }
    });
    nodes.remove(del); nodes.update(upd); nodes.add(add);
    // an edge joins what stands for its ends: the node itself, or its collapsed group; parallel ones are counted
    function rep(id) { var n = byId[id]; if (visible[id]) return id; if (n && n.grp && visible[n.grp]) return n.grp; return null; }
    var agg = {}, out = [];
    if (!D.tree && !Object.keys(D.groups).length) {   // nothing collapsed: the edges as they are
      if (!edges.length) edges.add(D.edges.map(function (e, i) { return {id: i, from: e.from, to: e.to, width: Math.min(6, e.w)}; }));
      edges.forEach(function (e) { if (!visible[e.from] || !visible[e.to]) out.push({id: e.id, hidden: true}); else if (e.hidden) out.push({id: e.id, hidden: false}); });
      edges.update(out);
      document.getElementById("count").textContent = "显示 " + list.length + " 个节点，" + D.edges.filter(function (e) { return visible[e.from] && visible[e.to]; }).length + " 条边";
      window.govgraph.visible = list.length;
      return visible;
    }
    D.edges.forEach(function (e) {
      var a = rep(e.from), b = rep(e.to);
      if (!a || !b || a === b) return;
      var k = a < b ? a + "\u0000" + b : b + "\u0000" + a;
      if (!agg[k]) { agg[k] = {id: k, from: a, to: b, n: 0, rel: e.rel}; out.push(agg[k]); }
      agg[k].n += e.w || 1;
    });
    out.forEach(function (e) { var grouped = byId[e.from].type === "group" || byId[e.to].type === "group";
      e.width = Math.min(8, 1 + Math.log2(e.n)); if (grouped && e.n >= 10) e.label = String(e.n);
      if (D.tree) e.smooth = {enabled: true, type: "cubicBezier", forceDirection: "horizontal", roundness: 0.6}; });
    edges.clear(); edges.add(out);
    document.getElementById("count").textContent = "显示 " + list.length + " 个节点，" + out.length + " 条边" +
      (D.summary.leftOutNodes ? "；未显示 " + D.summary.leftOutNodes + " 个节点" : "");
    window.govgraph.visible = list.length;
    return visible;
  }

  function fitTo(ids) {
    network.fit(ids ? {nodes: ids, animation: false} : {animation: false});
    if (network.getScale() > 1.3) network.moveTo({scale: 1.3, animation: false});
  }

  // the details panel: what a node is, and every report that names it, ten at a time
  var panel = document.getElementById("details");
  function showDetails(n, page) {
    panel.textContent = "";
    panel.style.display = "block";
    panel.appendChild(el("div", "tip-name", n.name));
    panel.appendChild(el("div", "tip-meta", n.typeZh + (n.alts && n.alts.length ? " · 又称 " + n.alts.join("、") : "")));
    if (n.type === "group") {
      var ms = D.groups[n.id];
      panel.appendChild(el("div", "", ms.length + " 个" + byId[ms[0]].typeZh + "（点击分组节点展开）："));
      panel.appendChild(el("div", "muted", ms.slice(0, 40).map(function (m) { return byId[m].name; }).join("、") + (ms.length > 40 ? "…" : "")));
      var b = el("button", "", open[n.id] ? "收起" : "展开"); b.id = "toggle";
      b.onclick = function () { toggle(n.id); }; panel.appendChild(b);
      return;
    }
    if (n.grp) { var c = el("button", "", "收起所在分组"); c.id = "collapse"; c.onclick = function () { toggle(n.grp); }; panel.appendChild(c); }
    if (n.type === "figure") {
      panel.appendChild(el("div", "", n.measure + "：" + n.value + (n.unit || "") + "（" + n.status + "）"));
    }
    if (n.type === "section" || n.type === "report") figures(n);
    var ev = n.ev || [];
    if (!ev.length && n.reps && n.reps.length && n.type !== "report") ev = n.reps.map(function (i) { return [i, "", ""]; });   // not read: the reports alone
    if (!ev.length) return;
    page = page || 0;
    var pages = Math.ceil(ev.length / PAGE), from = page * PAGE;
    panel.appendChild(el("div", "tip-meta", "提及它的报告：第 " + (from + 1) + "–" + Math.min(ev.length, from + PAGE) + " 条，共 " + ev.length + " 条" +
      (n.reports > ev.length ? "（共 " + n.reports + " 份报告）" : "")));
    var list = el("div"); list.id = "evidence";
    ev.slice(from, from + PAGE).forEach(function (x) {
      var row = el("div", "ev");
      row.appendChild(el("div", "ev-meta", reportLine(x[0]) + (x[1] ? " · " + x[1] : "")));
      row.appendChild(el("div", "ev-sentence", x[2]));
      list.appendChild(row);
    });
    panel.appendChild(list);
    var pager = el("div"); pager.id = "pager";
    var prev = el("button", "", "上一页"), next = el("button", "", "下一页");
    prev.id = "prev"; next.id = "next"; prev.disabled = page === 0; next.disabled = page >= pages - 1;
    prev.onclick = function () { showDetails(n, page - 1); }; next.onclick = function () { showDetails(n, page + 1); };
    pager.appendChild(prev); pager.appendChild(next); pager.appendChild(el("span", "muted", " " + (page + 1) + " / " + pages));
    panel.appendChild(pager);
  }
  function figures(n) {   // a section's (or the report's) figures as a table
    var rows = [];
    (function walk(p) { (children[p.id] || []).forEach(function (c) { if (c.type === "figure") rows.push(c); else if (c.type === "section" && p.type === "report") walk(c); }); })(n);
    if (!rows.length) return;
    panel.appendChild(el("div", "tip-meta", rows.length + " 个数据"));
    var t = el("table"), h = el("tr");
    ["数据", "数值", "状态"].forEach(function (s) { h.appendChild(el("th", "", s)); }); t.appendChild(h);
    rows.forEach(function (f) { var tr = el("tr"); tr.appendChild(el("td", "", f.measure)); tr.appendChild(el("td", "", f.value + (f.unit || ""))); tr.appendChild(el("td", "", f.status)); t.appendChild(tr); });
    panel.appendChild(t);
  }

  function toggle(id) {
    open[id] = !open[id];
    refresh();
    var n = byId[id];
    if (D.tree) { if (open[id]) fitTo([id].concat((children[id] || []).filter(function (c) { return drawn[c.id]; }).map(function (c) { return c.id; }))); }
    else if (open[id]) fitTo(D.groups[id]);
    showDetails(n);
  }

  // search: any label; reveals the node (opening its group or sections), centres and highlights it
  var highlighted = null;
  function reveal(id) {
    var n = byId[id];
    filter.place = ""; filter.year = ""; filter.types[n.type] = true;
    document.getElementById("place").value = ""; document.getElementById("year").value = "";
    syncLegend();
    if (n.grp) open[n.grp] = true;
    for (var p = n.parent; p; p = byId[p].parent) open[p] = true;
    refresh();
    if (highlighted && drawn[highlighted]) nodes.update({id: highlighted, borderWidth: byId[highlighted].borderWidth || 1, shadow: false});
    nodes.update({id: id, borderWidth: 5, shadow: {enabled: true, color: "#facc15", size: 24, x: 0, y: 0}});
    highlighted = id;
    network.selectNodes([id]);
    network.focus(id, {scale: Math.max(1, network.getScale()), animation: false});
    showDetails(n);
  }
  function matches(q) {
    q = q.trim().toLowerCase();
    if (!q) return [];
    var hits = D.nodes.filter(function (n) { return n.type !== "group" && [n.name].concat(n.alts || []).some(function (s) { return s.toLowerCase().indexOf(q) >= 0; }); });
    hits.sort(function (a, b) { return (a.name.length - b.name.length) || (b.reports - a.reports); });
    return hits;
  }
  var search = document.getElementById("search"), results = document.getElementById("results");
  function showMatches() {
    var hits = matches(search.value);
    results.textContent = "";
    results.style.display = hits.length || search.value.trim() ? "block" : "none";
    if (!hits.length && search.value.trim()) results.appendChild(el("div", "muted", "没有找到"));
    hits.slice(0, 12).forEach(function (n) {
      var b = el("button", "", n.name + " · " + n.typeZh);
      b.onclick = function () { results.style.display = "none"; reveal(n.id); };
      results.appendChild(b);
    });
    return hits;
  }
  search.addEventListener("input", showMatches);
  search.addEventListener("keydown", function (e) {
    if (e.key === "Enter") { var hits = showMatches(); if (hits.length) { results.style.display = "none"; reveal(hits[0].id); } }
  });

  // filters: the legend's types, the places and years of the reports the view names
  var legend = document.getElementById("legend");
  function syncLegend() { legend.querySelectorAll("input").forEach(function (i) { i.checked = filter.types[i.value] !== false; }); }
  D.legend.forEach(function (t) {
    var row = el("label"), box = el("input"), sw = el("span", "sw");
    box.type = "checkbox"; box.checked = true; box.value = t.type;
    box.onchange = function () { filter.types[t.type] = box.checked; refresh(); };
    sw.style.background = t.colour;
    row.appendChild(box); row.appendChild(sw); row.appendChild(el("span", "", t.name)); legend.appendChild(row);
  });
  function options(id, values) {
    var s = document.getElementById(id);
    values.forEach(function (v) { var o = el("option", "", v); o.value = v; s.appendChild(o); });
    s.style.display = values.length > 1 ? "" : "none";
    s.onchange = function () { filter[id] = s.value; refresh(); };
  }
  var used = {};
  D.nodes.forEach(function (n) { (n.reps || []).forEach(function (i) { used[i] = true; }); });
  var rs = Object.keys(used).map(function (i) { return D.reports[i]; });
  options("place", Array.from(new Set(rs.map(function (r) { return r.place; }).filter(Boolean))).sort());
  options("year", Array.from(new Set(rs.map(function (r) { return r.year; }).filter(Boolean))).sort());

  document.getElementById("heading").textContent = D.heading;
  window.govgraph = {network: null, nodes: nodes, edges: edges, summary: D.summary, data: D, drawn: false, drawnAt: null,
                     stable: true, search: function (q) { search.value = q; var h = showMatches(); if (h.length) { results.style.display = "none"; reveal(h[0].id); } return h.length; },
                     toggle: toggle, open: open};
  if (D.tree) {   // open sections in the report's order while the tree stays readable at the default zoom
    var root = D.nodes.filter(function (n) { return !n.parent; })[0];
    if (root) {
      open[root.id] = true;
      var rows = (children[root.id] || []).length, queue = (children[root.id] || []).filter(function (c) { return c.type === "section"; });
      queue.forEach(function (s) {
        var subs = (children[s.id] || []).filter(function (c) { return c.type === "section"; });
        if (subs.length && rows + subs.length <= 26) { open[s.id] = true; rows += subs.length; }
      });
    }
  }
  refresh();
  network = window.govgraph.network = new vis.Network(document.getElementById("graph"), {nodes: nodes, edges: edges}, OPTIONS);
  network.once("afterDrawing", function () {
    window.govgraph.drawn = true; window.govgraph.drawnAt = performance.now();
    if (network.getScale() > 1.3) network.moveTo({scale: 1.3, animation: false});
  });
  var tip = el("div", "vis-tooltip"); tip.id = "tooltip"; document.body.appendChild(tip);   // built on hover only
  network.on("hoverNode", function (params) {
    var n = byId[params.node];
    tip.textContent = ""; tip.appendChild(tooltip(n));
    tip.style.left = params.pointer.DOM.x + 12 + "px";
    tip.style.top = params.pointer.DOM.y + 12 + "px";
    tip.style.visibility = "visible";
  });
  network.on("blurNode", function () { tip.style.visibility = "hidden"; });
  network.on("dragStart", function () { tip.style.visibility = "hidden"; });
  if (D.tree) fitTo();   // a network is fitted by vis-network itself; too close a zoom is undone once drawn
  if (!D.nodes.length) { window.govgraph.drawn = true; document.getElementById("graph").appendChild(el("p", "tip-meta", "没有可显示的节点")); }
  network.on("click", function (params) {
    if (!params.nodes.length) { panel.style.display = "none"; return; }
    var n = byId[params.nodes[0]];
    if (n.type === "group" || (D.tree && n.type === "section" && (children[n.id] || []).length)) toggle(n.id);
    else showDetails(n);
  });
})();
"""

_CHART_PAGE = (
    """<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8"><title>{title}</title>
"""
    + _CSP
    + """
<style>{style}
body {{ overflow: auto; }} #chart {{ margin: 70px 16px 16px 16px; }} #details {{ position: fixed; }}
.row:hover rect.band {{ fill: #eef2ff; }} .hit rect.band {{ fill: #fef9c3; }}
</style>
</head><body>
<div id="bar"><div id="heading"></div>
<div id="tools"><input id="search" type="search" placeholder="搜索地区…" autocomplete="off">
<select id="place"><option value="">所有地区</option></select><select id="year"><option value="">所有年份</option></select>
<span id="count" class="muted"></span></div></div>
<div id="chart"></div><div id="notes" class="muted" style="margin: 0 16px"></div><div id="details"></div>
<script>var DATA = {data};</script>
<script>{script}</script>
</body></html>
"""
)

_CHART_SCRIPT = r"""
(function () {
  "use strict";
  var D = DATA, NS = "http://www.w3.org/2000/svg", PAGE = 10, filter = {place: "", year: ""};
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; }
  function svg(tag, attrs, text) { var e = document.createElementNS(NS, tag); Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); }); if (text !== undefined) e.textContent = text; return e; }
  var panel = document.getElementById("details");
  function details(title, rows, page) {   // rows: [report, section or year, sentence]
    page = page || 0;
    panel.textContent = ""; panel.style.display = "block";
    panel.appendChild(el("div", "tip-name", title));
    var pages = Math.max(1, Math.ceil(rows.length / PAGE)), from = page * PAGE;
    panel.appendChild(el("div", "tip-meta", "第 " + (from + 1) + "–" + Math.min(rows.length, from + PAGE) + " 条，共 " + rows.length + " 条"));
    var list = el("div"); list.id = "evidence";
    rows.slice(from, from + PAGE).forEach(function (x) {
      var r = el("div", "ev"); r.appendChild(el("div", "ev-meta", x[0] + " · " + x[1])); r.appendChild(el("div", "ev-sentence", x[2])); list.appendChild(r);
    });
    panel.appendChild(list);
    var pager = el("div"); pager.id = "pager";
    var prev = el("button", "", "上一页"), next = el("button", "", "下一页"); prev.id = "prev"; next.id = "next";
    prev.disabled = page === 0; next.disabled = page >= pages - 1;
    prev.onclick = function () { details(title, rows, page - 1); }; next.onclick = function () { details(title, rows, page + 1); };
    pager.appendChild(prev); pager.appendChild(next); panel.appendChild(pager);
  }
  var COLOURS = ["#2563eb", "#dc2626", "#16a34a", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#65a30d", "#9333ea", "#ea580c", "#0f766e", "#4b5563"];
  var chart = document.getElementById("chart");

  function timeline() {   // places down, years across, one mark per place and year with its evidence
    var places = D.places.filter(function (p) { return !filter.place || p === filter.place; });
    var years = D.years.filter(function (y) { return !filter.year || y === filter.year; });
    var L = 190, T = 40, CW = Math.max(34, Math.min(70, 900 / Math.max(1, years.length))), RH = 26;
    var s = svg("svg", {width: L + CW * years.length + 30, height: T + RH * places.length + 20, role: "img"});
    years.forEach(function (y, i) {
      s.appendChild(svg("text", {x: L + CW * i + CW / 2, y: T - 12, "text-anchor": "middle", "font-size": 12}, y));
      s.appendChild(svg("line", {x1: L + CW * i + CW / 2, x2: L + CW * i + CW / 2, y1: T - 4, y2: T + RH * places.length, stroke: "#e5e7eb"}));
    });
    var marks = {};
    D.marks.forEach(function (m) { marks[m.place + "\u0000" + m.year] = m; });
    places.forEach(function (p, r) {
      var g = svg("g", {"class": "row", "data-place": p}), y = T + RH * r + RH / 2;
      g.appendChild(svg("rect", {"class": "band", x: 0, y: T + RH * r, width: L + CW * years.length, height: RH, fill: "transparent"}));
      g.appendChild(svg("text", {x: L - 10, y: y + 4, "text-anchor": "end", "font-size": 13}, p));
      var first = true;
      years.forEach(function (yr, i) {
        var m = marks[p + "\u0000" + yr]; if (!m) return;
        var c = svg("circle", {cx: L + CW * i + CW / 2, cy: y, r: Math.min(11, 5 + 2 * m.evidence.length), fill: first ? "#16a34a" : "#86efac", stroke: "#14532d", "class": "mark", "data-place": p, "data-year": yr});
        c.appendChild(svg("title", {}, p + " · " + yr + " · " + m.evidence.length + " 份报告"));
        c.style.cursor = "pointer";
        c.addEventListener("click", function () { details(p + " · " + yr + " · " + D.name, m.evidence); });
        g.appendChild(c); first = false;
      });
      s.appendChild(g);
    });
    chart.textContent = ""; chart.appendChild(s);
    document.getElementById("count").textContent = places.length + " 个地区，" + D.marks.length + " 处采用";
  }

  function lines() {   // one line per place; a year without a value breaks the line
    var pts = D.points.filter(function (p) { return (!filter.place || p.place === filter.place) && (!filter.year || p.year === filter.year); });
    var places = D.places.filter(function (p) { return pts.some(function (q) { return q.place === p; }); });
    var W = 960, H = 440, L = 70, R = 190, T = 20, B = 40, years = D.years;
    var vals = pts.map(function (p) { return p.value; });
    var lo = Math.min(0, Math.min.apply(null, vals)), hi = Math.max.apply(null, vals); if (hi === lo) hi = lo + 1;
    function X(y) { return L + (years.length < 2 ? (W - L - R) / 2 : (years.indexOf(y) * (W - L - R)) / (years.length - 1)); }
    function Y(v) { return T + (H - T - B) * (1 - (v - lo) / (hi - lo)); }
    var s = svg("svg", {width: W, height: H, role: "img"});
    for (var k = 0; k <= 4; k++) { var v = lo + (hi - lo) * k / 4;
      s.appendChild(svg("line", {x1: L, x2: W - R, y1: Y(v), y2: Y(v), stroke: "#eee"}));
      s.appendChild(svg("text", {x: L - 6, y: Y(v) + 4, "text-anchor": "end", "font-size": 11}, +v.toPrecision(4) + (D.unit || ""))); }
    var step = Math.ceil(years.length / 16);
    years.forEach(function (y, i) { if (i % step === 0) s.appendChild(svg("text", {x: X(y), y: H - B + 18, "text-anchor": "middle", "font-size": 11}, y)); });
    var ends = [];
    places.forEach(function (p, i) {
      var colour = COLOURS[i % COLOURS.length], mine = {};
      pts.forEach(function (q) { if (q.place === p) mine[q.year] = q; });
      var g = svg("g", {"class": "series", "data-place": p}), last = null;
      years.forEach(function (y, j) {
        var q = mine[y]; if (!q) return;
        var prev = j > 0 ? mine[years[j - 1]] : null;
        if (prev) g.appendChild(svg("line", {x1: X(prev.year), y1: Y(prev.value), x2: X(y), y2: Y(q.value), stroke: colour, "stroke-width": 2}));
        var c = svg("circle", {cx: X(y), cy: Y(q.value), r: 4, fill: colour, "class": "point"});
        c.appendChild(svg("title", {}, p + " · " + y + " · " + q.value + (D.unit || "")));
        c.addEventListener("click", function () { details(p + " · " + y + " · " + q.value + (D.unit || ""), [[q.report, y, q.sentence]]); });
        c.style.cursor = "pointer";
        g.appendChild(c); last = q;
      });
      s.appendChild(g);
      if (last) ends.push({place: p, y: Y(last.value), x: X(last.year), colour: colour});
    });
    ends.sort(function (a, b) { return a.y - b.y; });   // labels at the right, pushed apart so that none overlap
    for (var e = 1; e < ends.length; e++) if (ends[e].y - ends[e - 1].y < 15) ends[e].y = ends[e - 1].y + 15;
    ends.forEach(function (e) {
      s.appendChild(svg("line", {x1: e.x + 5, y1: e.y, x2: W - R + 6, y2: e.y, stroke: e.colour, "stroke-dasharray": "2,3"}));
      s.appendChild(svg("text", {x: W - R + 10, y: e.y + 4, "font-size": 12, fill: e.colour, "class": "place-label"}, e.place));
    });
    chart.textContent = ""; chart.appendChild(s);
    var t = el("table"), h = el("tr");
    ["地区", "年份", "数值", "报告", "原句"].forEach(function (x) { h.appendChild(el("th", "", x)); }); t.appendChild(h);
    pts.forEach(function (q) { var tr = el("tr"); [q.place, q.year, q.value + (D.unit || ""), q.report, q.sentence].forEach(function (x) { tr.appendChild(el("td", "", String(x))); }); t.appendChild(tr); });
    t.style.marginTop = "12px"; t.style.borderCollapse = "collapse"; chart.appendChild(t);
    document.getElementById("count").textContent = places.length + " 个地区，" + pts.length + " 个数值";
  }

  var draw = D.kind === "reform" ? timeline : lines;
  function options(id, values) {
    var s = document.getElementById(id);
    values.forEach(function (v) { var o = el("option", "", v); o.value = v; s.appendChild(o); });
    s.onchange = function () { filter[id] = s.value; draw(); };
  }
  options("place", D.places.slice().sort()); options("year", D.years);
  var search = document.getElementById("search");
  function find(q) {   // highlights the places whose name holds q and scrolls the first into view
    var hits = 0, first = null;
    chart.querySelectorAll("[data-place]").forEach(function (g) {
      if (g.tagName !== "g") return;
      var hit = !!q && g.getAttribute("data-place").indexOf(q) >= 0;
      g.classList.toggle("hit", hit);
      if (hit) { g.setAttribute("opacity", "1"); hits++; first = first || g; } else g.setAttribute("opacity", q ? "0.25" : "1");
    });
    if (first && first.scrollIntoView) first.scrollIntoView({block: "center"});
    return hits;
  }
  search.addEventListener("input", function () { find(search.value.trim()); });
  document.getElementById("heading").textContent = D.heading;
  document.getElementById("notes").textContent = (D.notes || []).join("；");
  draw();
  window.govgraph = {drawn: true, stable: true, data: D, search: function (q) { search.value = q; return find(q); }};
})();
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
    return view.graph.number_of_nodes() - len(view.groups), view.graph.number_of_edges()

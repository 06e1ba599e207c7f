"""Network views of the graph: networkx builds them, :mod:`.layout` places them, :mod:`.html` draws them.

A corpus graph (:func:`corpus_graph`) holds reports and the entities they mention, and, in
``g.graph``, what the views need besides: the report texts (for the sentence a mention stands
in), the sections of every report with their titles, and every figure. The views cut it down:
one report as a tree of its sections, an entity's neighbourhood, entity types, the entities
shared across places, the overview. A view larger than a page can show is grouped
(:func:`group`): communities split by type become one node each, which the page opens on click.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from ..errors import NotFound
from ..store import QueryResult, TripleStore
from ..vocab import BASE, DEF, sparql

STYLE = {  # node type: (colour, shape, Chinese name)
    "report": ("#374151", "box", "报告"),
    "section": ("#6b7280", "box", "章节"),
    "agency": ("#2563eb", "dot", "机构"),
    "document": ("#d97706", "square", "文件"),
    "reform": ("#16a34a", "triangle", "改革举措"),
    "place": ("#dc2626", "diamond", "地点"),
    "figure": ("#7c3aed", "dot", "数据"),
    "group": ("#94a3b8", "hexagon", "分组"),
}
ENTITY_TYPES = ("agency", "document", "reform", "place")
_TYPES = {f"{DEF}{k.capitalize()}": k for k in ENTITY_TYPES}
_SENTENCE = re.compile(r"[。；！？\n]")


@dataclass
class View:
    """A graph ready to draw, and what was left out to make it drawable.

    ``groups`` maps a group node to its members (drawn collapsed; the page opens them on click);
    ``tree`` marks a view drawn as a tree (each node's ``parent`` attribute); ``chart`` holds the
    data of a view drawn as a chart instead of a network (a reform's timeline, an indicator)."""

    graph: nx.Graph
    title: str
    left_out_nodes: int = 0
    left_out_edges: int = 0
    notes: list[str] = field(default_factory=list)
    groups: dict[str, list[str]] = field(default_factory=dict)
    tree: bool = False
    chart: dict[str, Any] | None = None


def corpus_graph(store: TripleStore) -> nx.Graph:
    """Reports and the entities they mention, with mention edges and relations between entities.

    Each entity node keeps the reports and places that name it; where exactly (``evidence``:
    report → (section path, start, end)), the report texts, a report's sections and its figures are
    read from the store later, for what a view draws (:func:`fill`), and kept in the graph.
    Build it once to draw several views (``build_view`` takes it in place of the store).

    >>> import tempfile, govgraph
    >>> s = govgraph.open_store(tempfile.mkdtemp() + "/s", write=True)
    >>> _ = govgraph.ingest(["data/reports/haikou-2022-fazhi.txt"], s)
    >>> g = corpus_graph(s)
    >>> g.nodes["https://w3id.org/govgraph/agency/460100/海口市司法局"]["type"]
    'agency'
    """
    g = reports_graph(store)
    entities = entity_table(_cells(store.query(sparql("network-entities"))))
    add_mentions(g, _cells(store.query(sparql("network-mentions"))), entities)
    for a, rel, b in _cells(store.query(sparql("network-relations"))):
        if a in g and b in g:
            g.add_edge(a, b, rel=rel)
    for e, alt in sorted(_cells(store.query(sparql("network-labels")))):  # in one order, whatever the store's
        if e in g:
            g.nodes[e].setdefault("alts", []).append(alt)
    return g


def reports_graph(store: TripleStore) -> nx.Graph:
    """A corpus graph that holds the reports only (each with its title, place and year), and the labels of
    their places: what every view of many reports starts from."""
    g = nx.Graph()
    g.graph.update(
        place_labels={}, texts={}, sections={}, figures={}, report_info={}, indicator_figures={}, store=store
    )
    labels = sorted(_cells(store.query(sparql("network-place-labels"))), reverse=True)
    g.graph["place_labels"].update((place, label) for place, label in labels)  # the first in code-point order
    for report, title, place, year in _cells(store.query(sparql("network-reports"))):
        label = title or report.rsplit("/", 1)[-1]
        g.graph["report_info"][report] = (label, place, year)
        g.add_node(
            report, type="report", label=label, reports={report}, place=place, year=year, examples=[], evidence={}
        )
    return g


def entity_table(rows: list[list[str]]) -> dict[str, tuple[str | None, str]]:
    """(entity, type IRI, label) rows as entity → (view type, label); an entity with two labels keeps the first
    in code-point order, whatever order the store gives them in.

    >>> entity_table([["e", DEF + "Place", "静海区"], ["e", DEF + "Place", "天津市静海区"]])
    {'e': ('place', '天津市静海区')}
    """
    return {e: (_TYPES.get(t), label) for e, t, label in sorted(rows, key=lambda r: (r[0], r[2], r[1]), reverse=True)}


def add_mentions(g: nx.Graph, pairs: list[list[str]], entities: dict[str, tuple[str | None, str]]) -> None:
    """Add the (report, entity) pairs of reports in ``g`` naming entities of ``entities``: the entity's node
    (with the reports and places that name it) and its mention edge."""
    for report, e in pairs:
        kind, label = entities.get(e, (None, ""))
        if kind is None or report not in g:
            continue
        if e not in g:
            g.add_node(e, type=kind, label=label, reports=set(), places=set(), examples=[], evidence={})
        node = g.nodes[e]
        node["reports"].add(report)
        if g.nodes[report].get("place"):
            node["places"].add(g.nodes[report]["place"])
        g.add_edge(report, e, rel="mentions")


_IRI = re.compile(r"[^\s<>\"{}|\\^`]+")
_CHUNK = 400  # IRIs per VALUES clause


def _values(iris: list[str], chunk: int = _CHUNK) -> list[str]:
    """``iris`` as VALUES clauses of at most ``chunk`` IRIs each (anything not an IRI left out).

    >>> _values(["https://a/1", "not an iri", "https://a/2"], chunk=1)
    ['<https://a/1>', '<https://a/2>']
    """
    ok = [f"<{i}>" for i in iris if _IRI.fullmatch(i)]
    return [" ".join(ok[k : k + chunk]) for k in range(0, len(ok), chunk)]


def fill(g: nx.Graph, nodes: list[str], cap: int = 200, budget: int = 3000) -> None:
    """Read where ``nodes`` are named, once, from the store the graph was built from: the first mention in
    each report with the sentence around it, for at most ``cap`` reports a node; when that would be more
    than ``budget`` mentions in all, each node is read on its own, for an even share of the budget. Then
    each node's first three examples. Without a store, only the examples are set from what the graph holds."""
    store = g.graph.get("store")
    todo = [n for n in nodes if n in g and not g.nodes[n].get("filled") and g.nodes[n]["type"] in ENTITY_TYPES]
    if store is not None and todo:
        if sum(min(cap, len(g.nodes[n]["reports"])) for n in todo) <= budget:
            batches = [(clause, 10**7) for clause in _values(todo)]
        else:
            share = max(10, budget // len(todo))
            batches = [(clause, 3 * share) for clause in _values(todo, chunk=1)]
        for clause, limit in batches:
            query = sparql("network-evidence", entities=clause, limit=str(limit))
            for report, e, start, end, path, window in _cells(store.query(query)):
                ev, s, t = g.nodes[e]["evidence"], int(start), int(end)
                if report not in ev or s < ev[report][1]:
                    lead = 120 if s > 120 else s  # where the mention starts in the window
                    ev[report] = (path, s, t, _sentence(window, lead, lead + t - s))
        for n in todo:
            ev = g.nodes[n]["evidence"]
            for r in sorted(ev, key=lambda r: (str(g.nodes[r].get("year", "")) if r in g else "", r))[cap:]:
                del ev[r]
    for n in todo:
        d = g.nodes[n]
        d["filled"] = True
        if not d["examples"]:
            d["examples"] = _labelled(g, evidence(g, n)[:3])


def _labelled(g: nx.Graph, rows: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    info = g.graph.get("report_info", {})
    return [(str(info.get(r, (r,))[0]), sec, sent) for r, sec, sent in rows]


def _texts(g: nx.Graph, reports: list[str]) -> None:
    """Read the texts of ``reports`` not read yet."""
    store, texts = g.graph.get("store"), g.graph["texts"]
    for clause in _values([r for r in reports if r not in texts]):
        for report, text in _cells(store.query(sparql("network-texts", reports=clause))):
            texts[report] = text


def _report_details(g: nx.Graph, rid: str) -> None:
    """Read one report's sections, figures and text, once."""
    store = g.graph.get("store")
    if store is None or rid in g.graph["sections"] or not _IRI.fullmatch(rid):
        return
    g.graph["sections"][rid] = {
        path: (title, int(start))
        for path, title, start in _cells(store.query(sparql("network-sections", report=f"<{rid}>")))
    }
    query = sparql("network-figures", bind=f"BIND(<{rid}> AS ?report)", indicator="")
    g.graph["figures"][rid] = _figures(store.query(query))
    _texts(g, [rid])


def indicator_figures(g: nx.Graph, iri: str) -> list[dict[str, Any]]:
    """Every figure of one indicator, in every report (read once, from the store the graph was built from;
    from the graph's figures when it was built without one)."""
    store = g.graph.get("store")
    if store is None:
        return [{**f, "report": r} for r, fs in g.graph.get("figures", {}).items() for f in fs if f["indicator"] == iri]
    if iri not in g.graph["indicator_figures"]:
        query = sparql("network-figures", bind="", indicator=f"?o gg:indicator <{iri}> .")
        rows = _figures(store.query(query), with_report=True)
        _texts(g, sorted({f["report"] for f in rows}))
        g.graph["indicator_figures"][iri] = rows
    return list(g.graph["indicator_figures"][iri])


def _figures(result: QueryResult, with_report: bool = False) -> list[dict[str, Any]]:
    out = []
    for report, path, measure, value, unit, status, indicator, start, end, place, year in _cells(result):
        f = {
            "path": path,
            "measure": measure,
            "value": float(value),
            "unit": unit,
            "status": status or "actual",
            "indicator": indicator,
            "start": int(start),
            "end": int(end),
            "place": place,
            "year": year[:4],
        }
        if with_report:
            f["report"] = report
        out.append(f)
    return sorted(out, key=lambda f: f["start"])


def _cells(result: QueryResult) -> list[list[str]]:
    """A result's cells as text, an unbound variable as the empty string."""
    return [["" if c is None else c for c in row] for row in result.texts]


def _sentence(text: str, start: int, end: int, limit: int = 120) -> str:
    """The sentence a mention stands in, as the report wrote it.

    >>> _sentence("一句。市司法局办理案件100件。另一句。", 3, 6)
    '市司法局办理案件100件。'
    """
    s = max(
        (m.end() for m in _SENTENCE.finditer(text, max(0, start - limit), start)), default=max(0, start - limit // 2)
    )
    m = _SENTENCE.search(text, end, end + limit)
    return text[s : m.end() if m else min(len(text), end + limit // 2)].strip()


def evidence(g: nx.Graph, node: str) -> list[tuple[str, str, str]]:
    """Every report that names ``node``: (report, section path and title, sentence), one per report, in the
    order of the reports' years; from the examples when the graph keeps no texts.

    >>> g = nx.Graph(texts={"r": "一句。市司法局办理案件。"}, sections={"r": {"一": ("总体情况", 0)}})
    >>> g.add_node("e", evidence={"r": ("一", 3, 6)})
    >>> evidence(g, "e")
    [('r', '一 总体情况', '市司法局办理案件。')]
    """
    d = g.nodes[node]
    texts = g.graph.get("texts", {})
    if not d.get("evidence"):
        return [(r, p, s) for r, p, s in d.get("examples", [])]
    sections = g.graph.get("sections", {})
    out = []
    for report, (path, start, end, *said) in d["evidence"].items():
        title = sections.get(report, {}).get(path, ("", 0))[0]
        sentence = said[0] if said else _sentence(texts.get(report, ""), start, end)
        out.append((report, f"{path} {title}".strip(), sentence))
    years = {r: str(g.nodes[r].get("year", "")) if r in g else "" for r, _, _ in out}
    return sorted(out, key=lambda x: (years[x[0]], x[0]))


def report_count(g: nx.Graph) -> int:
    """How many reports the corpus graph holds.

    >>> report_count(nx.Graph())
    0
    """
    return sum(1 for _, d in g.nodes(data=True) if d.get("type") == "report")


def only_report(g: nx.Graph) -> str | None:
    """The report, when the graph holds exactly one."""
    reports = [n for n, d in g.nodes(data=True) if d.get("type") == "report"]
    return reports[0] if len(reports) == 1 else None


def _parent_path(path: str) -> str | None:
    """The enclosing section's path: ``二.(三)`` is in ``二``; a top-level section is in the report.

    >>> _parent_path("二.(三).1"), _parent_path("二"), _parent_path("preamble")
    ('二.(三)', None, None)
    """
    return path.rsplit(".", 1)[0] if "." in path else None


def report_view(g: nx.Graph, report: str) -> View:
    """One report as a tree: the report, its sections in the report's order (titled), and under each
    section the entities first named there and the figures it states."""
    rid = _find(g, report, types=("report",))
    rep = g.nodes[rid]
    _report_details(g, rid)
    fill(g, list(g.neighbors(rid)))
    h = nx.Graph(**g.graph)
    h.add_node(rid, **{**rep, "parent": "", "order": 0})
    sections = dict(g.graph.get("sections", {}).get(rid, {}))
    for n in g.neighbors(rid):
        path = g.nodes[n].get("evidence", {}).get(rid, ("", 0, 0))[0]
        sections.setdefault(path, ("", 0))
    for f in g.graph.get("figures", {}).get(rid, []):
        sections.setdefault(f["path"], ("", f["start"]))
    for path in list(sections):  # every enclosing section, even one the graph does not hold
        parent = _parent_path(path)
        while parent is not None and parent not in sections:
            sections[parent] = ("", sections[path][1])
            parent = _parent_path(parent)
    for path, (title, start) in sections.items():
        parent = _parent_path(path)
        label = f"{_section_name(path)} {title}".strip()
        sid = f"{rid}#section/{path}"
        h.add_node(
            sid,
            type="section",
            label=label,
            path=path,
            reports={rid},
            parent=f"{rid}#section/{parent}" if parent else rid,
            order=start,
            examples=[],
        )
    for sid, d in list(h.nodes(data=True)):
        if d["type"] == "section":
            h.add_edge(d["parent"], sid, rel="section")
    for n in g.neighbors(rid):
        d = g.nodes[n]
        path, start = d.get("evidence", {}).get(rid, ("", 0))[:2]
        sid = f"{rid}#section/{path}"
        h.add_node(n, **{**d, "parent": sid, "order": start})
        h.add_edge(sid, n, rel="names")
    text = g.graph.get("texts", {}).get(rid, "")
    for i, f in enumerate(g.graph.get("figures", {}).get(rid, [])):
        fid = f"{rid}#figure/{i}"
        sid = f"{rid}#section/{f['path']}"
        value = f"{f['value']:,.0f}" if abs(f["value"]) >= 10000 else f"{f['value']:g}"
        h.add_node(
            fid,
            type="figure",
            label=f"{value}{f['unit']}",
            name=f"{f['measure']} {value}{f['unit']}".strip(),
            measure=f["measure"],
            value=f["value"],
            unit=f["unit"],
            status=f["status"],
            reports={rid},
            examples=[(rep["label"], f["path"], _sentence(text, f["start"], f["end"]))],
            parent=sid,
            order=f["start"],
        )
        h.add_edge(sid, fid, rel="states")
    h.graph["root"] = rid
    return View(h, f"报告：{rep['label']}", tree=True)


_PREAMBLE = {"preamble": "导语", "closing": "结语", "problems": "问题与不足", "next": "下一步", "": "正文"}


def _section_name(path: str) -> str:
    """How a section path reads on the page.

    >>> _section_name("二.(三)"), _section_name("preamble"), _section_name("closing.next")
    ('（三）', '导语', '下一步')
    """
    last = path.rsplit(".", 1)[-1]
    if last in _PREAMBLE:
        return _PREAMBLE[last]
    return last.replace("(", "（").replace(")", "）")


def focus_view(g: nx.Graph, focus: str, depth: int) -> View:
    node = _find(g, focus)
    return View(nx.ego_graph(g, node, radius=depth).copy(), f"{g.nodes[node]['label']} 的邻域（{depth} 层）")


def types_view(g: nx.Graph, types: list[str]) -> View:
    """Entities of some types, linked where they are named in the same report or related."""
    keep = [n for n, d in g.nodes(data=True) if d["type"] in types]
    h = nx.Graph(**g.graph)
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
    least = 1 if len(keep) <= 100 else 2  # in a large view, one shared report is not a tie worth a line
    for (a, b), w in weights.items():
        if w >= least and not h.has_edge(a, b):
            h.add_edge(a, b, rel="same report", weight=w)
    return View(h, "类型：" + "、".join(STYLE[t][2] for t in types))


def cross_city_view(g: nx.Graph) -> View:
    """Entities and concepts named by at least two places, with those places."""
    shared = [
        n for n, d in g.nodes(data=True) if d["type"] not in ("report", "place") and len(d.get("places", ())) >= 2
    ]
    return View(_with_places(g, shared), "跨地区共有的文件、改革与机构")


def _with_places(g: nx.Graph, entities: list[str]) -> nx.Graph:
    """``entities`` and the places that name them, each place holding its reports."""
    h = nx.Graph(**g.graph)
    by_place: dict[str, set[str]] = defaultdict(set)
    for r, d in g.nodes(data=True):
        if d["type"] == "report" and d.get("place"):
            by_place[d["place"]].add(r)
    for n in entities:
        h.add_node(n, **g.nodes[n])
        for p in sorted(g.nodes[n]["places"]):  # in one order, so that the layout does not hang on a set's
            if p not in h:
                label = _place_label(g, p)
                h.add_node(p, type="place", label=label, reports=by_place[p], places={p}, examples=[], evidence={})
            h.add_edge(p, n, rel="named in")
    return h


OVERVIEW_TOP = 60  # entities the overview shows


def shared_ranking(g: nx.Graph) -> list[tuple[str, int]]:
    """The entities (not places) named in two places or more, with how many places name them, the most first
    (ties in code-point order of their labels): ``g.graph["shared"]`` when the graph was read for the
    overview alone (:func:`.overview.overview_graph`, which counts them in the store), else counted here."""
    if "shared" in g.graph:
        return list(g.graph["shared"])
    shared = [
        n for n, d in g.nodes(data=True) if d["type"] not in ("report", "place") and len(d.get("places", ())) >= 2
    ]
    ranked = sorted(shared, key=lambda n: (-len(g.nodes[n]["places"]), g.nodes[n]["label"]))
    return [(n, len(g.nodes[n]["places"])) for n in ranked]


def overview_view(g: nx.Graph, top: int = OVERVIEW_TOP) -> View:
    """Places (sized by their reports) and the entities named by the most places."""
    ranked = shared_ranking(g)
    drop = ranked[top:]
    return View(
        _with_places(g, [n for n, _ in ranked[:top]]),
        f"总览：各地区与被最多地区提及的 {top} 个实体",
        len(drop),
        sum(places for _, places in drop),
        [f"{len(drop)} entities named by fewer places are aggregated away"],
    )


def _place_label(g: nx.Graph, place: str) -> str:
    if place in g:
        return str(g.nodes[place]["label"])
    return str(g.graph.get("place_labels", {}).get(place, place.rsplit("/", 1)[-1]))


def _find(g: nx.Graph, key: str, types: tuple[str, ...] | None = None) -> str:
    candidates = [key, BASE + key, BASE + "report/" + key]
    for c in candidates:
        if c in g and (types is None or g.nodes[c]["type"] in types):
            return c
    matches = [
        n
        for n, d in g.nodes(data=True)
        if (d["label"] == key or key in d.get("alts", ())) and (types is None or d["type"] in types)
    ]
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


def group(view: View, visible: int = 80) -> View:
    """Collapse a view of more than ``visible`` nodes into groups: networkx's Louvain communities, split by
    type, each one node that the page opens on click. Places and the entities named by the most reports
    stay single, as many as fit under ``visible`` with the groups.

    >>> g = nx.complete_graph(200)
    >>> nx.set_node_attributes(g, "reform", "type")
    >>> nx.set_node_attributes(g, "", "label")
    >>> v = group(View(g, "t"), visible=50)
    >>> 0 < len(v.groups) and v.graph.number_of_nodes() - sum(map(len, v.groups.values())) <= 50
    True
    """
    g = view.graph
    if view.tree or g.number_of_nodes() <= visible:
        return view
    rank = sorted(g, key=lambda n: (-len(g.nodes[n].get("reports", ())), -g.degree(n), str(n)))
    keep = {n for n in g if g.nodes[n]["type"] in ("place", "report")}
    if len(keep) > visible // 2:  # too many places to show one by one: they are grouped too
        keep = set()
    communities = sorted(nx.community.louvain_communities(g, weight="weight", seed=7, resolution=0.7), key=len)[::-1]
    community = {n: i for i, c in enumerate(communities) for n in c}
    types_in = [{g.nodes[m]["type"] for m in c if m not in keep} for c in communities]
    leftover: set[str] = set()
    while len(communities) > 1 and sum(map(len, types_in)) + len(leftover) > max(4, (visible - len(keep)) * 2 // 3):
        for m in communities.pop():  # too many buckets: the smallest community joins the leftovers (-1)
            community[m] = -1
        leftover |= types_in.pop()
    sizes = Counter((community[m], g.nodes[m]["type"]) for m in g if m not in keep)
    shown = len(keep) + len(sizes)
    for n in rank:
        if n in keep:
            continue
        bucket = (community[n], g.nodes[n]["type"])
        grows = 0 if sizes[bucket] == 1 else 1  # a bucket of one is drawn as its node already
        if shown + grows > visible:
            break
        keep.add(n)
        sizes[bucket] -= 1
        shown += grows
    members: dict[tuple[int, str], list[str]] = defaultdict(list)
    for n in rank:
        if n not in keep:
            members[(community[n], g.nodes[n]["type"])].append(n)
    for (c, kind), ms in members.items():
        if len(ms) == 1:
            continue
        gid = f"group/{c}/{kind}"
        top = [str(g.nodes[m]["label"]) for m in ms[:2]]
        view.groups[gid] = ms
        g.add_node(
            gid,
            type="group",
            kind=kind,
            label=f"{STYLE[kind][2]} ×{len(ms)}",
            name=f"{len(ms)} 个{STYLE[kind][2]}：{'、'.join(top)}…",
            reports=set().union(*(g.nodes[m].get("reports", set()) for m in ms)),
            examples=[],
        )
    view.notes.append(f"{sum(map(len, view.groups.values()))} nodes collapsed into {len(view.groups)} groups")
    return view

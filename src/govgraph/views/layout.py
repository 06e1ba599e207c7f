"""Positions for the network views, computed once in Python so that the page draws with physics off.

A view of up to a few hundred drawn nodes is laid out with ``networkx.spring_layout`` and then
pushed apart until no two labels' boxes overlap. A larger one (a synthetic 5,000-node page, an
ungrouped focus view) is placed by communities: Louvain communities laid out as one small graph,
each community's nodes on a sunflower spiral around its centre, which costs about a second at
5,000 nodes where ``spring_layout`` took 26 s. Members of a collapsed group sit on a grid around
the group's node, ready for when the page opens it. Tree views are laid out in the page itself.
"""

from __future__ import annotations

import math
from collections import defaultdict

import networkx as nx
import numpy as np

Pos = dict[str, tuple[float, float]]
FONT = 14  # px per CJK character at zoom 1
LABEL_CHARS = 12  # labels are cut to this many characters on the page


def label_of(text: str) -> str:
    """A node's label as drawn: at most ``LABEL_CHARS`` characters.

    >>> label_of("海口市综合行政执法局龙华分局执法大队")
    '海口市综合行政执法局龙…'
    """
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def node_size(reports: int) -> int:
    """A node's radius on the page, by how many reports name it.

    >>> node_size(0), node_size(100)
    (8, 20)
    """
    return 8 + 2 * min(6, reports)


def _box(label: str, size: int = 20) -> tuple[float, float]:
    """The width and height a node and its label take on the page (the label is drawn under the shape),
    with a margin."""
    return max(FONT * len(label_of(label)), 2 * size) + 24, 2 * size + FONT + 24


def layout(g: nx.Graph, groups: dict[str, list[str]] | None = None) -> Pos:
    """Positions for every node of ``g``: the drawn ones (group nodes and the nodes of no group) without
    overlapping labels when there are at most 400 of them, and each group's members around their group.

    >>> g = nx.path_graph(["a", "b", "c"])
    >>> nx.set_node_attributes(g, "机构名称", "label")
    >>> pos = layout(g)
    >>> sorted(pos), abs(pos["a"][0] - pos["b"][0]) + abs(pos["a"][1] - pos["b"][1]) > 50
    (['a', 'b', 'c'], True)
    """
    groups = groups or {}
    member_of = {m: gid for gid, ms in groups.items() for m in ms}
    shown = [n for n in g if n not in member_of]
    q = nx.Graph()
    q.add_nodes_from(shown)
    for u, v, d in g.edges(data=True):
        a, b = member_of.get(u, u), member_of.get(v, v)
        if a != b:
            w = q[a][b]["weight"] if q.has_edge(a, b) else 0
            q.add_edge(a, b, weight=w + d.get("weight", 1))
    if q.number_of_nodes() <= 400:
        boxes = {n: _box(str(g.nodes[n].get("label", n)), _size(g.nodes[n])) for n in q}
        pos = _spread(q, boxes)
    else:
        pos = _by_community(q)
    for gid, ms in groups.items():
        pos.update(_grid(ms, pos[gid], g))
    return pos


def _size(d: dict[str, object]) -> int:
    """The radius the page draws a node with: group nodes are 28."""
    reports = d.get("reports", ())
    return 28 if d.get("type") == "group" else node_size(len(reports) if isinstance(reports, (set, list)) else 0)


def _spread(q: nx.Graph, boxes: dict[str, tuple[float, float]]) -> Pos:
    """spring_layout scaled to the labels' area, then overlaps removed."""
    if q.number_of_nodes() == 0:
        return {}
    nodes = list(q)
    raw = nx.spring_layout(q, seed=7, iterations=80, weight=None) if len(nodes) > 1 else {nodes[0]: (0.0, 0.0)}
    area = sum(w * h for w, h in boxes.values())
    scale = math.sqrt(area * 2.2) / 2
    xy = np.array([raw[n] for n in nodes], dtype=float) * scale
    wh = np.array([boxes[n] for n in nodes], dtype=float)
    xy = _remove_overlaps(xy, wh)
    return {n: (float(x), float(y)) for n, (x, y) in zip(nodes, xy, strict=True)}


def _remove_overlaps(xy: np.ndarray, wh: np.ndarray, rounds: int = 200) -> np.ndarray:
    """Push boxes apart, each overlapping pair along the axis where they overlap least, until none overlap.

    >>> xy = _remove_overlaps(np.zeros((2, 2)), np.array([[100.0, 40.0], [100.0, 40.0]]))
    >>> bool(abs(xy[0, 0] - xy[1, 0]) >= 100 or abs(xy[0, 1] - xy[1, 1]) >= 40)
    True
    """
    n = len(xy)
    rng = np.random.default_rng(7)
    xy = xy + rng.normal(0, 0.5, xy.shape)  # two nodes at one point still have a direction to part in
    half = wh / 2
    for _ in range(rounds):
        d = xy[:, None, :] - xy[None, :, :]
        need = half[:, None, :] + half[None, :, :] - np.abs(d)
        overlap = (need[..., 0] > 0) & (need[..., 1] > 0)
        np.fill_diagonal(overlap, False)
        if not overlap.any():
            break
        axis_x = need[..., 0] * wh[None, :, 1] < need[..., 1] * wh[None, :, 0]  # the cheaper way out, relatively
        push = np.zeros_like(d)
        push[..., 0] = np.where(overlap & axis_x, np.sign(d[..., 0] + 1e-9) * (need[..., 0] / 2 + 1), 0)
        push[..., 1] = np.where(overlap & ~axis_x, np.sign(d[..., 1] + 1e-9) * (need[..., 1] / 2 + 1), 0)
        xy = xy + push.sum(axis=1) / np.maximum(1, overlap.sum(axis=1))[:, None] * min(1.0, 4 / math.sqrt(n))
    return xy


def _by_community(q: nx.Graph) -> Pos:
    """Louvain communities laid out as one graph, each community's nodes on a sunflower around its centre."""
    communities = sorted(nx.community.louvain_communities(q, seed=7), key=len, reverse=True)
    of = {n: i for i, c in enumerate(communities) for n in c}
    cq = nx.Graph()
    cq.add_nodes_from(range(len(communities)))
    for u, v in q.edges():
        if of[u] != of[v]:
            cq.add_edge(of[u], of[v])
    radius = [60 * math.sqrt(len(c)) for c in communities]
    raw = nx.spring_layout(cq, seed=7, iterations=50) if len(communities) > 1 else {0: (0.0, 0.0)}
    scale = 2.2 * math.sqrt(sum(r * r for r in radius))
    centres = _remove_overlaps(
        np.array([raw[i] for i in range(len(communities))]) * scale, np.array([[2 * r, 2 * r] for r in radius])
    )
    pos: Pos = {}
    golden = math.pi * (3 - math.sqrt(5))
    for i, c in enumerate(communities):
        cx, cy = centres[i]
        for k, n in enumerate(sorted(c, key=lambda n: (-q.degree(n), str(n)))):  # hubs in the middle
            r, a = 60 * math.sqrt(k), k * golden
            pos[n] = (float(cx + r * math.cos(a)), float(cy + r * math.sin(a)))
    return pos


def _grid(members: list[str], centre: tuple[float, float], g: nx.Graph) -> Pos:
    """A group's members on a grid of label-wide columns centred on the group's node."""
    cols = max(1, math.ceil(math.sqrt(len(members) / 2)))
    width = max(_box(str(g.nodes[m].get("label", m)))[0] for m in members)
    rows: dict[int, list[str]] = defaultdict(list)
    for i, m in enumerate(members):
        rows[i // cols].append(m)
    pos = {}
    for r, ms in rows.items():
        for c, m in enumerate(ms):
            pos[m] = (centre[0] + (c - (cols - 1) / 2) * width, centre[1] + (r - (len(rows) - 1) / 2) * 56)
    return pos

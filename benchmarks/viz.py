"""How long `govgraph viz` takes to build a page, and Chromium to draw it; screenshots of the views.

    python benchmarks/viz.py [--nodes 5000] [--repeat 3] [--store DIR] [--write docs/benchmarks.md]
    python benchmarks/viz.py --screenshots docs/screenshots --store corpus-store

Build: a synthetic view of --nodes nodes (reports, agencies, documents, reforms and places with
random mention edges; not reduced, not grouped: every node drawn) goes through the layout and
page of `govgraph viz` (``govgraph.write_view``). The baseline in the same run is the layout
`govgraph viz` used before (``networkx.spring_layout``, 20 iterations past 2,000 nodes), timed on
the same graph. Overview: a synthetic corpus graph of --big nodes (the shape ``corpus_graph``
gives) through ``build_view`` (overview) and ``write_view``; with --store, the same for a real
store, reading it included. Draw: the page opened in headless Chromium until drawn and until a
hover answers, median of --repeat.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = Path(os.environ.get("VIZ_SRC", ROOT / "src"))  # VIZ_SRC: the sources of the code before, for the baseline
sys.path.insert(0, str(SRC))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import networkx as nx  # noqa: E402
from _common import CHROMIUM_ARGS, emit  # noqa: E402

import govgraph  # noqa: E402
from govgraph.vocab import sparql  # noqa: E402

ARGS = CHROMIUM_ARGS
TYPE_ZH = {"report": "报告", "agency": "机构", "document": "文件", "reform": "改革举措", "place": "地点"}


def screenshot_views() -> list[tuple[str, govgraph.ViewRequest, str]]:
    """The views of docs/screenshots: (file, request, what the page does before the picture)."""
    r = govgraph.ViewRequest
    open_smallest_group = (
        "window.govgraph.toggle(Object.keys(window.govgraph.data.groups).sort((a, b) => "
        "window.govgraph.data.groups[a].length - window.govgraph.data.groups[b].length)[0])"
    )
    return [
        ("report", r("report", report="460100-2022-fazhi"), ""),
        ("report-search", r("report", report="460100-2022-fazhi"), "window.govgraph.search('海口市司法局')"),
        ("cross-city", r("cross-city"), ""),
        ("cross-city-group-open", r("cross-city"), open_smallest_group),
        ("types", r("types", types=("agency", "document")), ""),
        ("types-search", r("types", types=("agency", "document")), "window.govgraph.search('海口市司法局')"),
        ("overview", r("overview"), ""),
        ("reform", r("reform", reform="高效办成一件事"), ""),
        ("indicator", r("indicator", indicator="gdp-growth"), ""),
    ]


def synthetic(n: int, seed: int = 1) -> govgraph.View:
    """A view of ``n`` nodes of every entity type, each mentioned by two of 97 reports, with the node
    attributes a corpus graph has (type, label, reports, places, examples)."""
    rng = random.Random(seed)
    g = nx.Graph()
    kinds = ["report"] * 1 + ["agency"] * 4 + ["document"] * 3 + ["reform"] * 2 + ["place"] * 1
    for i in range(n):
        k = kinds[i % len(kinds)]
        g.add_node(
            f"n{i}",
            type=k,
            label=f"{TYPE_ZH[k]}{i}",
            reports={f"r{i % 97}"},
            places=set(),
            examples=[("某市2022年报告", "二.(一)", f"第{i}个实体出现在这句话里。")],
        )
    nodes = list(g)
    reports = [x for x in nodes if g.nodes[x]["type"] == "report"]
    for x in nodes:
        for r in rng.sample(reports, 2):
            if r != x:
                g.add_edge(r, x, rel="mentions")
    return govgraph.View(g, f"合成图：{n} 个节点")


def synthetic_corpus(n: int, seed: int = 2) -> nx.Graph:
    """A corpus graph of ``n`` nodes in the shape ``corpus_graph`` gives: 4 % reports (at 300 places and
    ten years), 6 % places, the rest entities each named by one to eight reports (most by one or two)."""
    rng = random.Random(seed)
    g = nx.Graph(texts={}, sections={}, figures={}, report_info={}, place_labels={})
    places = [f"p{i}" for i in range(max(2, n * 6 // 100))]
    reports = [f"r{i}" for i in range(max(2, n * 4 // 100))]
    for p in places:
        g.graph["place_labels"][p] = f"地区{p}"
        g.add_node(p, type="place", label=f"地区{p}", reports=set(), places={p}, examples=[], evidence={})
    for i, r in enumerate(reports):
        place, year = places[i % len(places)], str(2015 + i % 10)
        g.graph["texts"][r] = "".join(f"第{k}句话提到了一些机构和改革。" for k in range(40))
        g.graph["report_info"][r] = (f"地区{place}{year}年报告", place, year)
        g.add_node(r, type="report", label=f"地区{place}{year}年报告", reports={r}, place=place, year=year, examples=[])
    kinds = ["agency", "document", "reform"]
    for i in range(n - len(places) - len(reports)):
        e, k = f"e{i}", kinds[i % 3]
        named = rng.sample(reports, min(len(reports), 1 + int(rng.paretovariate(2.0)) % 8))
        g.add_node(e, type=k, label=f"{TYPE_ZH[k]}{i}", reports=set(named), places=set(), examples=[], evidence={})
        for r in named:
            g.nodes[e]["places"].add(g.nodes[r]["place"])
            g.nodes[e]["evidence"][r] = ("一", 20 * (i % 40), 20 * (i % 40) + 4)
            g.add_edge(r, e, rel="mentions")
    return g


def draw_ms(page_path: Path, browser) -> tuple[float, float]:
    page = browser.new_context(bypass_csp=True, viewport={"width": 1400, "height": 900}).new_page()
    t0 = time.perf_counter()
    page.goto(page_path.as_uri())
    page.wait_for_function("window.govgraph && window.govgraph.drawn && window.govgraph.stable", timeout=300000)
    drawn = (time.perf_counter() - t0) * 1000
    node = page.evaluate("window.govgraph.nodes.get({filter: n => !n.hidden})[0].id")
    page.evaluate("(id) => window.govgraph.network.focus(id, {scale: 1.5, animation: false})", node)
    xy = page.evaluate("(id) => window.govgraph.network.canvasToDOM(window.govgraph.network.getPosition(id))", node)
    page.mouse.move(xy["x"], xy["y"])
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=30000)
    interactive = (time.perf_counter() - t0) * 1000
    page.context.close()
    return drawn, interactive


def screenshots(out: Path, store_dir: Path, browser) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with govgraph.open_store(store_dir) as store:  # open while views are built: they read what they quote
        g = govgraph.corpus_graph(store)
        pages = []
        for name, request, action in screenshot_views():
            pages.append((name, Path(tempfile.mkdtemp()) / f"{name}.html", action))
            govgraph.write_view(govgraph.build_view(g, request), pages[-1][1])
    for name, page_path, action in pages:
        page = browser.new_context(bypass_csp=True, viewport={"width": 1400, "height": 900}).new_page()
        page.goto(page_path.as_uri())
        page.wait_for_function("window.govgraph && window.govgraph.drawn && window.govgraph.stable", timeout=120000)
        if action:
            page.evaluate(action)
        page.screenshot(path=str(out / f"{name}.png"))
        page.context.close()
        print("wrote", out / f"{name}.png")


def _command_s(src: Path, store: Path, out: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of `govgraph viz --store STORE -o OUT` (no view option) run from the sources
    in ``src``; the CPU time (user and system, of the command and the threads it ran) is the steadier figure on a
    machine shared with other work."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "govgraph", "viz", "--store", str(store), "-o", str(out)],
        env=env,
        check=True,
        capture_output=True,
    )
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def corpus_nodes(store: govgraph.TripleStore) -> int:
    """How many nodes the store's corpus graph has (its reports and the entities they name), counted in the
    store rather than by building the graph."""
    text = sparql("network-reports").split("SELECT")[0] + (
        "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { { GRAPH ?x { ?x a gg:Report ; dcterms:title ?t } } UNION "
        "{ GRAPH ?r { ?r a gg:Report ; dcterms:title ?t ; gg:mentions ?x } ?x a ?type ; skos:prefLabel ?l . "
        "VALUES ?type { gg:Agency gg:Document gg:Reform gg:Place } FILTER(LANG(?l) = 'zh' || LANG(?l) = '') } }"
    )
    return int(store.query(text).rows[0][0])


def page_only(nodes: int, out: Path) -> float:
    """Write the synthetic page with whatever govgraph is on the path; seconds taken."""
    view = synthetic(nodes)
    t0 = time.perf_counter()
    govgraph.write_view(view, out)
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--nodes", type=int, default=5000)
    ap.add_argument("--big", type=int, default=50000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--write", type=Path, default=None)
    ap.add_argument("--screenshots", type=Path, default=None)
    ap.add_argument("--store", type=Path, default=None)
    ap.add_argument("--store-repeat", type=int, default=3, help="runs of the command on --store (the baseline: one)")
    ap.add_argument("--baseline-src", type=Path, default=None, help="src/ of the code before (git archive COMMIT src)")
    ap.add_argument("--page-only", type=Path, default=None, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.page_only:  # the baseline's page, written by the code before in its own process
        print(f"{page_only(a.nodes, a.page_only):.3f}")
        return 0
    if a.screenshots and a.store is None:
        ap.error("--screenshots needs --store DIR (a store holding the corpus)")
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if a.screenshots:
        with sync_playwright() as p:
            screenshots(a.screenshots, a.store, p.chromium.launch(executable_path=chromium, headless=True, args=ARGS))
        return 0
    tmp = Path(tempfile.mkdtemp())
    rows = [("now", page_only(a.nodes, tmp / "now.html"), tmp / "now.html")]
    if a.baseline_src:
        env = {**os.environ, "VIZ_SRC": str(a.baseline_src.resolve())}
        cmd = [sys.executable, __file__, "--page-only", str(tmp / "before.html"), "--nodes", str(a.nodes)]
        done = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True)
        rows.append(("before", float(done.stdout.split()[-1]), tmp / "before.html"))
    big = synthetic_corpus(a.big)
    t0 = time.perf_counter()
    overview = govgraph.build_view(big, govgraph.ViewRequest("overview"))
    govgraph.write_view(overview, tmp / "overview.html")
    big_s = time.perf_counter() - t0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=ARGS)
        draws: dict[str, list[tuple[float, float]]] = {name: [] for name, _, _ in rows}
        for _ in range(a.repeat):  # alternately, so that both see the same machine
            for name, _, path in rows:
                draws[name].append(draw_ms(path, browser))
        big_draw = [draw_ms(tmp / "overview.html", browser) for _ in range(a.repeat)]
        browser.close()
    drawn = overview.graph.number_of_nodes() - sum(map(len, overview.groups.values())) - len(overview.groups)
    n_edges = synthetic(a.nodes).graph.number_of_edges()
    out = (
        f"### Views, {date.today().isoformat()}, {platform.machine()} {os.cpu_count()} cores (shared with other work), "
        "Debian Chromium headless\n\n"
        f"`python benchmarks/viz.py --nodes {a.nodes} --big {a.big}"
        f"{' --baseline-src …' if a.baseline_src else ''}{' --store …' if a.store else ''}`. A synthetic view of "
        f"{a.nodes:,} nodes and {n_edges:,} edges, every node drawn; a synthetic corpus graph of "
        f"{big.number_of_nodes():,} nodes and {big.number_of_edges():,} edges drawn as the overview ({drawn} nodes and "
        f"{len(overview.groups)} groups drawn). Build is `write_view` (layout and page) in Python; drawing is from "
        f"opening the page to its first drawing, and to a hover answered, median of {a.repeat}, browser start excluded.\n\n"
        "| what | build (s) | page (MiB) | drawn (ms) | answers a hover (ms) |\n|---|---|---|---|---|\n"
    )
    for name, build_s, path in rows:
        what = f"{a.nodes:,}-node page, " + ("this code" if name == "now" else "the code before (baseline)")
        out += (
            f"| {what} | {build_s:.2f} | {path.stat().st_size / 2**20:.1f} | "
            f"{statistics.median(d[0] for d in draws[name]):.0f} | {statistics.median(d[1] for d in draws[name]):.0f} |\n"
        )
    out += (
        f"| overview of the {big.number_of_nodes():,}-node corpus graph (`build_view` + `write_view`) | {big_s:.2f} | "
        f"{(tmp / 'overview.html').stat().st_size / 2**20:.1f} | {statistics.median(d[0] for d in big_draw):.0f} | "
        f"{statistics.median(d[1] for d in big_draw):.0f} |\n"
    )
    if a.store:
        from govgraph.views.overview import overview_graph  # this code's only (the baseline runs this file too)

        with govgraph.open_store(a.store) as store:
            reports, nodes = len(store.report_graphs()), corpus_nodes(store)
            t0 = time.perf_counter()
            overview_graph(store)
            read_s = time.perf_counter() - t0
        runs = {"now": [_command_s(ROOT / "src", a.store, tmp / "store-now.html") for _ in range(a.store_repeat)]}
        if a.baseline_src:
            runs["before"] = [_command_s(a.baseline_src, a.store, tmp / "store-before.html") for _ in range(1)]
        store_draws = {}  # the pages the command wrote, drawn in Chromium as above
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, headless=True, args=ARGS)
            for name in runs:
                store_draws[name] = [draw_ms(tmp / f"store-{name}.html", browser) for _ in range(a.repeat)]
            browser.close()
        out += (
            f"\nA real store ({reports:,} reports, {nodes:,} nodes in the corpus graph; the overview's own reading "
            f"of it, `overview_graph`, {read_s:.1f} s): `govgraph viz --store … -o …` with no view option (the "
            "overview), wall and CPU seconds with Python's start, load average "
            f"{os.getloadavg()[0]:.0f} at the end; the page it wrote drawn in Chromium (median of {a.repeat}):\n\n"
            "| code | wall (s) | CPU (s) | drawn (ms) |\n|---|---|---|---|\n"
        )
        for name, timings in runs.items():
            wall = statistics.median(w for w, _ in timings)
            cpu = statistics.median(c for _, c in timings)
            what = "this code" if name == "now" else "the code before (baseline)"
            drawn_ms = statistics.median(d[0] for d in store_draws[name])
            out += f"| {what}, median of {len(timings)} | {wall:.1f} | {cpu:.1f} | {drawn_ms:.0f} |\n"
    emit(out, a.write)
    return 0


if __name__ == "__main__":
    sys.exit(main())

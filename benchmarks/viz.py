"""Time until a 5,000-node view is drawn and answers a hover, in headless Chromium.

    python benchmarks/viz.py [--nodes 5000] [--repeat 3] [--write docs/benchmarks.md]
    python benchmarks/viz.py --screenshots docs/screenshots --store corpus-store

The graph is synthetic (reports, agencies, documents, reforms and places with random
mention edges) so the figure does not depend on the corpus; it is not reduced (all --nodes
are drawn) and goes through the same layout and page as `govgraph viz` (``govgraph.write_view``).
As a baseline in the same run, the same page is drawn with physics on and 100 stabilisation
iterations instead of precomputed positions.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import networkx as nx  # noqa: E402
from _common import CHROMIUM_ARGS, emit  # noqa: E402

import govgraph  # noqa: E402

ARGS = CHROMIUM_ARGS
TYPE_ZH = {"report": "报告", "agency": "机构", "document": "文件", "reform": "改革举措", "place": "地点"}
SCREENSHOTS = (  # the views of docs/screenshots
    ("report", govgraph.ViewRequest("report", report="460100-2022-fazhi", max_nodes=1500)),
    ("cross-city", govgraph.ViewRequest("cross-city", max_nodes=1500)),
    ("overview", govgraph.ViewRequest("overview", max_nodes=1500)),
)


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


def draw_ms(page_path: Path, browser) -> tuple[float, float]:
    page = browser.new_context(bypass_csp=True, viewport={"width": 1400, "height": 900}).new_page()
    t0 = time.perf_counter()
    page.goto(page_path.as_uri())
    page.wait_for_function("window.govgraph && window.govgraph.drawn && window.govgraph.stable", timeout=300000)
    drawn = (time.perf_counter() - t0) * 1000
    node = page.evaluate("window.govgraph.nodes.getIds()[0]")
    xy = page.evaluate("(id) => window.govgraph.network.canvasToDOM(window.govgraph.network.getPosition(id))", node)
    page.mouse.move(xy["x"], xy["y"])
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=30000)
    interactive = (time.perf_counter() - t0) * 1000
    page.context.close()
    return drawn, interactive


def screenshots(out: Path, store_dir: Path, browser) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with govgraph.open_store(store_dir) as store:
        views = [(name, govgraph.build_view(store, request)) for name, request in SCREENSHOTS]
    for name, view in views:
        page_path = Path(tempfile.mkdtemp()) / f"{name}.html"
        govgraph.write_view(view, page_path)
        page = browser.new_context(bypass_csp=True, viewport={"width": 1400, "height": 900}).new_page()
        page.goto(page_path.as_uri())
        page.wait_for_function("window.govgraph && window.govgraph.drawn && window.govgraph.stable", timeout=120000)
        page.screenshot(path=str(out / f"{name}.png"))
        page.context.close()
        print("wrote", out / f"{name}.png")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--nodes", type=int, default=5000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--write", type=Path, default=None)
    ap.add_argument("--screenshots", type=Path, default=None)
    ap.add_argument("--store", type=Path, default=None)
    a = ap.parse_args()
    if a.screenshots and a.store is None:
        ap.error("--screenshots needs --store DIR (a store holding the corpus)")
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=ARGS)
        if a.screenshots:
            screenshots(a.screenshots, a.store, browser)
            return 0
        view = synthetic(a.nodes)
        tmp = Path(tempfile.mkdtemp())
        t0 = time.perf_counter()
        govgraph.write_view(view, tmp / "fast.html")
        build_s = time.perf_counter() - t0
        page_mb = (tmp / "fast.html").stat().st_size / 2**20
        fast = [draw_ms(tmp / "fast.html", browser) for _ in range(a.repeat)]
        # baseline: the same page with physics on and capped stabilisation, positions discarded
        text = (tmp / "fast.html").read_text(encoding="utf-8")
        text = text.replace('"enabled": false', '"enabled": true, "stabilization": {"iterations": 100}', 1)
        import re

        text = re.sub(r', "x": -?[0-9.e-]+, "y": -?[0-9.e-]+', "", text)
        (tmp / "physics.html").write_text(text, encoding="utf-8")
        slow = [draw_ms(tmp / "physics.html", browser) for _ in range(1)]
        browser.close()
    out = (
        f"### Network view, {date.today().isoformat()}, {platform.machine()} {os.cpu_count()} cores, Debian Chromium, headless\n\n"
        f"Synthetic graph of {view.graph.number_of_nodes():,} nodes and {view.graph.number_of_edges():,} edges; page "
        f"{page_mb:.1f} MiB, built (layout included) in {build_s:.1f} s. Browser start excluded; median of {a.repeat}.\n\n"
        "| page | drawn (ms) | answers a hover (ms) |\n|---|---|---|\n"
        f"| positions precomputed, physics off (what `govgraph viz` writes) | {statistics.median(f[0] for f in fast):.0f} | "
        f"{statistics.median(f[1] for f in fast):.0f} |\n"
        f"| baseline: physics on, 100 stabilisation iterations | {slow[0][0]:.0f} | {slow[0][1]:.0f} |\n"
    )
    emit(out, a.write)
    return 0


if __name__ == "__main__":
    sys.exit(main())

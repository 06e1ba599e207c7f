"""Network views: built from a store, written as one offline page, checked in headless Chromium."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import HAIKOU, ROOT

MALICIOUS = """<img src=x onerror="window.__pwned=1">海口市人民政府2023年法治政府建设情况报告
2023年，我市出台《<img src=x onerror="window.__pwned=2">规范性文件管理办法》和《</script><script>window.__pwned=3</script>实施方案》，
推进“<b onmouseover=window.__pwned=4>互联网+监管</b>”。市司法局办理法律援助案件100件。
一、依法行政
（一）加强监督。市司法局开展执法检查12次。
"""
OTHER_CITY = """三亚市人民政府2022年法治政府建设情况报告
2022年，我市认真落实《法治政府建设实施纲要（2021—2025年）》，推进“互联网+监管”。市司法局办理法律援助案件860件。
"""
SCREENS = ROOT / "out" / "screenshots"  # looked at by people; not committed
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def govgraph(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "govgraph", *args], capture_output=True, text=True, cwd=ROOT, timeout=600
    )


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, tuple[Path, int, int]]:
    """Every view of a store holding the Haikou report and a malicious report, with the counts the command printed."""
    root = tmp_path_factory.mktemp("viz")
    bad = root / "malicious.txt"
    bad.write_text(MALICIOUS, encoding="utf-8")
    other = root / "sanya.txt"
    other.write_text(OTHER_CITY, encoding="utf-8")
    store = root / "store"
    assert govgraph("ingest", str(HAIKOU), str(bad), str(other), "--store", str(store)).returncode == 0
    views = {
        "report": ["--report", "460100-2022-fazhi"],
        "focus": ["--focus", "海口市司法局", "--depth", "2"],
        "types": ["--types", "agency,document"],
        "cross-city": ["--cross-city"],
        "overview": ["--overview"],
        "malicious": ["--report", "460100-2023-fazhi"],
    }
    out = {}
    for name, args in views.items():
        page = root / f"{name}.html"
        r = govgraph("viz", "--store", str(store), "-o", str(page), *args)
        assert r.returncode == 0, r.stderr
        n, e = map(int, re.search(r"(\d+) nodes, (\d+) edges", r.stdout).groups())
        out[name] = (page, n, e)
    return out


def test_pages_are_self_contained(pages):
    for page, _, _ in pages.values():
        text = page.read_text(encoding="utf-8")
        markup = re.sub(r"<(script|style)>.*?</\1>", "", text, flags=re.S)  # the page's own markup
        assert not re.search(r"<(?:script|link|img|iframe)[^>]*(?:src|href)\s*=", markup), page.name
        assert markup.count("<script>") == 0 and "default-src 'none'" in text


def test_report_strings_never_reach_the_page_as_markup(pages):
    text = pages["malicious"][0].read_text(encoding="utf-8")
    assert text.count("</script>") == 2  # vis-network and the page's own script: the payload's is escaped
    assert "<\\/script><script>window.__pwned=3<\\/script>" in text
    assert "<img src=x" not in re.sub(r"<script>.*?</script>", "", text, flags=re.S)
    data = re.search(r"var nodesData = (\[.*?\]), edgesData", text, re.S).group(1)
    names = [n["name"] for n in json.loads(data.replace("<\\/", "</"))]
    assert any("onerror" in n for n in names)  # the payload is there, as data


def test_a_bad_view_request_is_one_line(pages, tmp_path):
    store = pages["report"][0].parent / "store"
    r = govgraph("viz", "--store", str(store), "-o", str(tmp_path / "x.html"), "--focus", "不存在的机构")
    assert r.returncode == 2 and r.stderr.count("\n") == 1
    r = govgraph("viz", "--store", str(store), "-o", str(tmp_path / "x.html"), "--types", "agency,bogus")
    assert r.returncode == 2 and "bogus" in r.stderr


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield b
        b.close()


def open_page(browser, path: Path):
    # bypass_csp lets the test evaluate its own checks; the page's escaping must hold without its CSP
    page = browser.new_context(bypass_csp=True, viewport={"width": 1400, "height": 900}).new_page()
    errors, requests = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    page.wait_for_function("window.govgraph && window.govgraph.drawn && window.govgraph.stable", timeout=90000)
    return page, errors, requests


def test_views_in_chromium(browser, pages):
    SCREENS.mkdir(parents=True, exist_ok=True)
    for name, (path, n, e) in pages.items():
        page, errors, requests = open_page(browser, path)
        assert errors == [], (name, errors)
        assert [r for r in requests if not r.startswith("file://")] == [], name
        assert page.evaluate("[window.govgraph.nodes.length, window.govgraph.edges.length]") == [n, e], name
        page.screenshot(path=str(SCREENS / f"{name}.png"))
        page.context.close()


def hover(page, node_id: str) -> str:
    xy = page.evaluate("(id) => window.govgraph.network.canvasToDOM(window.govgraph.network.getPosition(id))", node_id)
    page.mouse.move(xy["x"], xy["y"])
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
    return page.inner_text("div.vis-tooltip")


def test_hover_shows_the_source_sentence(browser, pages):
    page, _, _ = open_page(browser, pages["report"][0])
    node = page.evaluate("window.govgraph.nodes.get().find(n => n.name === '海口市司法局').id")
    text = hover(page, node)
    lines = text.splitlines()
    assert lines[0] == "海口市司法局" and "机构" in lines[1]
    assert any(" · " in ln and "报告" in ln for ln in lines[2:])  # the report and section of a mention
    assert any("司法局" in ln and " · " not in ln for ln in lines[2:])  # the sentence it stands in
    page.mouse.click(
        *page.evaluate(
            "(id) => { const p = window.govgraph.network.canvasToDOM(window.govgraph.network.getPosition(id)); return [p.x, p.y]; }",
            node,
        )
    )
    assert "海口市司法局" in page.inner_text("#details")
    page.context.close()


def test_malicious_report_runs_no_script(browser, pages):
    page, errors, _ = open_page(browser, pages["malicious"][0])
    for node in page.evaluate("window.govgraph.nodes.getIds()"):
        hover(page, node)
    node = page.evaluate("window.govgraph.nodes.get().find(n => n.name.includes('onerror')).id")
    xy = page.evaluate("(id) => window.govgraph.network.canvasToDOM(window.govgraph.network.getPosition(id))", node)
    page.mouse.click(xy["x"], xy["y"])
    assert "onerror" in page.inner_text("#details")  # shown as text
    assert page.evaluate("window.__pwned === undefined")
    assert errors == []
    page.context.close()

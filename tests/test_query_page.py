"""The query page at ``/`` (issue 13): YASGUI vendored into the package, served by ``govgraph serve``
from its own origin, run in headless Chromium against a small store; no request leaves 127.0.0.1."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from conftest import HAIKOU, ROOT
from servers import govgraph_server

import govgraph

STATIC = ROOT / "src" / "govgraph" / "serve" / "static"
SCREENS = ROOT / "out" / "screenshots"  # looked at by people; docs/screenshots/query-page.png is a copy
ACTIVE = ".tabPanel.active "  # the selected tab's editor and results
MALICIOUS = """<img src=x onerror="window.__pwned=1">海口市人民政府2023年法治政府建设情况报告
2023年，我市出台《<img src=x onerror="window.__pwned=2">规范性文件管理办法》和《</script><script>window.__pwned=3</script>实施方案》。
市司法局办理法律援助案件100件。
"""
EVIL = "SELECT ?text WHERE { ?s ?p ?text FILTER(isLiteral(?text) && CONTAINS(STR(?text), 'onerror')) }"
CONSTRUCT = """PREFIX gg: <https://w3id.org/govgraph/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
CONSTRUCT { ?a skos:prefLabel ?name } WHERE { ?a a gg:Agency ; skos:prefLabel ?name FILTER(CONTAINS(?name, "司法")) }"""


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """The Haikou report and a report whose text is markup."""
    root = tmp_path_factory.mktemp("page")
    bad = root / "malicious.txt"
    bad.write_text(MALICIOUS, encoding="utf-8")
    r = subprocess.run(
        [sys.executable, "-m", "govgraph", "ingest", str(HAIKOU), str(bad), "--store", str(root / "store")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert r.returncode == 0, r.stderr
    return root / "store"


@pytest.fixture(scope="module")
def base(store) -> str:
    with govgraph_server(store, "--workers", "1") as url:
        yield url


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=30) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


# --- the vendored files and how they are served


def test_the_vendored_build_is_the_pinned_one():
    folder = STATIC / "yasgui"
    name, version, integrity = (folder / "VERSION").read_text().split()
    script = (ROOT / "scripts" / "vendor_yasgui.sh").read_text()
    assert (name, version) == ("@zazuko/yasgui", "4.6.2")
    assert f"VERSION={version}" in script and f"INTEGRITY={integrity}" in script
    for line in (folder / "SHA256SUMS").read_text().splitlines():
        digest, file = line.split()
        assert hashlib.sha256((folder / file).read_bytes()).hexdigest() == digest, file
    assert "MIT License" in (folder / "LICENSE").read_text()


def test_the_page_and_its_files_come_from_its_own_origin(base):
    status, headers, body = get(base + "/")
    page = body.decode()
    assert status == 200 and headers["x-content-type-options"] == "nosniff"
    csp = dict(d.strip().split(" ", 1) for d in headers["content-security-policy"].split(";"))
    assert csp["default-src"] == "'self'" and csp["script-src"] == "'self'" and csp["connect-src"] == "'self'"
    assert (
        "unsafe-inline" not in headers["content-security-policy"] and "http" not in headers["content-security-policy"]
    )
    scripts = re.findall(r"<script([^>]*)>", page)
    assert scripts and all("src=" in s or 'type="application/json"' in s for s in scripts)  # nothing inline runs
    links = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert all(u.startswith("/") and not u.startswith("//") for u in links), links
    assert 'data-endpoint="/sparql"' in page and "target-vs-outcome" in page
    for url in links:
        if url.startswith("/static/"):
            status, headers, body = get(base + url, {"Accept-Encoding": "gzip"})
            assert status == 200 and headers["cache-control"] == "public, max-age=31536000, immutable", url
            assert headers["content-encoding"] == "gzip" and headers["x-content-type-options"] == "nosniff"
    js = "/static/yasgui/yasgui.min.js"
    status, headers, body = get(base + js)
    assert status == 200 and headers["content-type"] == "text/javascript; charset=utf-8"
    assert headers["cache-control"] == "no-cache" and body == (STATIC / "yasgui" / "yasgui.min.js").read_bytes()
    assert get(base + js, {"If-None-Match": headers["etag"]})[0] == 304
    assert get(base + "/static/yasgui/yasgui.min.css")[1]["content-type"] == "text/css; charset=utf-8"
    for missing in ("/static/nothing.js", "/static/../app.py", "/static/%2e%2e/app.py", "/static/yasgui"):
        assert get(base + missing)[0] == 404, missing


def test_the_canned_queries_reach_the_page_as_data_not_markup():
    from govgraph.serve.landing import _json_block

    assert _json_block({"q": "</script><img src=x>"}) == '{"q": "\\u003c/script\\u003e\\u003cimg src=x\\u003e"}'


# --- in Chromium


class Page:
    """A page on the query page's URL, with every request it made and every console error."""

    def __init__(self, browser, base: str, *, bypass_csp: bool = False) -> None:
        self.context = browser.new_context(bypass_csp=bypass_csp, viewport={"width": 1400, "height": 1000})
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        # anything not on 127.0.0.1 is recorded (above) and never sent
        self.context.route(re.compile(r"^(?!http://127\.0\.0\.1:).*"), lambda route: route.abort())
        self.page.add_init_script(
            "window.__added = []; new MutationObserver(ms => ms.forEach(m => m.addedNodes.forEach(n => {"
            " if (n.nodeType === 1) [n, ...n.querySelectorAll('*')].forEach(e => window.__added.push(e.tagName)); })))"
            ".observe(document, {childList: true, subtree: true});"
        )
        self.page.goto(base if "#" in base else base + "/")
        self.page.wait_for_function("window.govgraph && window.govgraph.yasgui.getTab()", timeout=30000)

    def run(self, *, keys: bool = True) -> str:
        """Run the editor's query (Ctrl+Enter in the editor, else the run button); the results' text."""
        before = self.page.evaluate("window.govgraph.answers")
        if keys:
            self.page.click(ACTIVE + ".CodeMirror")
            self.page.keyboard.press("Control+Enter")
        else:
            self.page.click(ACTIVE + ".yasqe_queryButton")
        self.page.wait_for_function("(n) => window.govgraph.answers > n", arg=before, timeout=30000)
        self.page.wait_for_selector(ACTIVE + ".yasr_results", timeout=30000)
        return self.page.inner_text(ACTIVE + ".yasr_results")

    def type_query(self, text: str) -> None:
        self.page.click(ACTIVE + ".CodeMirror")
        self.page.keyboard.press("Control+A")
        self.page.keyboard.press("Delete")
        self.page.keyboard.insert_text(text)

    def rows(self) -> list[str]:
        return self.page.eval_on_selector_all(ACTIVE + ".yasr_results tbody tr", "trs => trs.map(t => t.innerText)")

    def outside(self, base: str) -> list[str]:
        return [u for u in self.requests if not u.startswith(base + "/")]


def test_select_and_construct_through_the_page(browser, base, store):
    with govgraph.open_store(store) as s:
        rates = s.query(next(q for q in govgraph.canned_queries() if q.name == "rates-by-place").render())
        graph = s.query(CONSTRUCT)
    assert rates.rows and graph.triples  # the fixture has what the page is to show
    p = Page(browser, base)
    page = p.page
    assert page.evaluate("window.govgraph.yasgui.getTab().getYasqe().config.autocompleters") == [
        "variables",
        "govgraph-prefixes",
    ]  # LOV's class and property completers are off; prefixes are govgraph's own

    # SELECT: a canned query from the menu, opened in a tab of its own, run with the run button
    page.select_option(
        "#canned",
        label=next(
            o
            for o in page.eval_on_selector_all("#canned option", "os => os.map(o => o.textContent)")
            if o.startswith("rates-by-place")
        ),
    )
    assert page.evaluate("window.govgraph.yasgui.getTab().getName()") == "rates-by-place"
    # the running indicator: the run button is busy while the endpoint has not answered
    held = []
    page.route(re.compile(r".*/sparql$"), lambda route: held.append(route))
    page.click(ACTIVE + ".yasqe_queryButton")
    page.wait_for_function(
        "() => document.querySelector('.tabPanel.active .yasqe_queryButton').classList.contains('busy')"
    )
    while not held:
        page.wait_for_timeout(50)
    held[0].continue_()
    page.unroute(re.compile(r".*/sparql$"))
    page.wait_for_selector(ACTIVE + ".yasr_results tbody tr", timeout=30000)
    page.wait_for_function(
        "() => !document.querySelector('.tabPanel.active .yasqe_queryButton').classList.contains('busy')"
    )
    rows = p.rows()
    assert len(rows) == len(rates.rows)
    for shown, row in zip(rows, rates.rows, strict=True):
        assert str(row[rates.variables.index("measure")]) in shown and str(row[0]) in shown
    page.wait_for_timeout(300)
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / "query-page.png"))

    # CONSTRUCT: typed into the editor, run with Ctrl+Enter; the graph comes back as Turtle, shown as triples
    p.type_query(CONSTRUCT)
    text = p.run()
    assert page.evaluate("window.govgraph.yasgui.getTab().getYasr().results.type") == "ttl"
    heads = page.eval_on_selector_all(ACTIVE + ".yasr_results thead th", "ths => ths.map(t => t.innerText.trim())")
    assert heads[1:] == ["subject", "predicate", "object"]
    names = re.findall(r'"([^"]+)"@zh \.$', graph.triples, re.M)  # N-Triples from the store itself
    assert len(p.rows()) == len(graph.triples.splitlines()) == len(names) >= 2
    assert all(f'"{name}"@zh' in text for name in names)

    # ASK and DESCRIBE
    p.type_query("ASK { ?s a <https://w3id.org/govgraph/def#Agency> }")
    assert "true" in p.run().lower()
    p.type_query('DESCRIBE ?a WHERE { ?a <http://www.w3.org/2004/02/skos/core#prefLabel> "海口市司法局"@zh }')
    p.run(keys=False)
    assert len(p.rows()) > 1 and "海口市司法局" in page.inner_text(ACTIVE + ".yasr_results")

    # the raw response, and back; the share button's link is to this page
    page.click(ACTIVE + ".select_response")
    assert "海口市司法局" in page.inner_text(ACTIVE + ".yasr_results")
    page.click(ACTIVE + ".select_table")
    page.click(ACTIVE + ".yasqe_share")
    assert page.input_value(ACTIVE + ".yasqe_sharePopup input").startswith(base + "/")
    page.keyboard.press("Escape")

    # the completers fetch nothing: ask for a class and a prefix
    p.type_query("SELECT * WHERE { ?s a gg")
    page.keyboard.press("Control+Space")
    page.wait_for_timeout(500)
    p.type_query("PREFIX sk")
    page.keyboard.press("Control+Space")
    page.wait_for_timeout(500)

    assert p.outside(base) == [], p.outside(base)
    assert any(u.startswith(base + "/sparql") for u in p.requests)
    assert p.errors == []
    p.context.close()


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "without-csp"])
def test_report_text_in_results_stays_text(browser, base, bypass_csp):
    """Literals holding <img onerror> and </script><script> are shown as text; no element is made of them,
    and no script of them runs, even with the page's Content-Security-Policy out of the way."""
    p = Page(browser, base, bypass_csp=bypass_csp)
    p.type_query(EVIL)
    p.page.evaluate("window.__added = []")  # from here on, only what the results add
    text = p.run()
    p.page.wait_for_timeout(500)  # an <img src=x> would have failed to load by now
    assert '<img src=x onerror="window.__pwned=2">' in text and "</script><script>window.__pwned=3</script>" in text
    assert p.page.evaluate("window.__pwned") is None
    added = set(p.page.evaluate("window.__added"))
    assert not added & {"IMG", "SCRIPT", "IFRAME", "OBJECT"}, added
    assert p.outside(base) == [] and not any(urllib.parse.urlparse(u).path == "/x" for u in p.requests)
    # DOMPurify (YASR's sanitiser) parses the text in an inert document; with the CSP on, Chromium
    # reports the onerror attributes it meets there as blocked handlers. That report is the only error.
    blocked = "Executing inline event handler violates the following Content Security Policy directive"
    assert all(e.startswith(blocked) for e in p.errors), p.errors
    assert bypass_csp or p.errors
    p.context.close()


def test_a_shared_link_cannot_point_the_page_elsewhere(browser, base):
    """The share button's link carries the endpoint and headers; the page keeps its own."""
    link = urllib.parse.urlencode(
        {
            "query": "ASK { ?s a <https://w3id.org/govgraph/def#Agency> }",
            "endpoint": "http://evil.example/sparql",
            "headers": '{"X-Evil": "1"}',
            "tabTitle": "shared",
        }
    )
    p = Page(browser, base + "/#" + link)
    assert p.page.evaluate("window.govgraph.yasgui.getTab().getName()") == "shared"
    assert "true" in p.run().lower()
    assert p.outside(base) == [] and base + "/sparql" in p.requests
    p.context.close()

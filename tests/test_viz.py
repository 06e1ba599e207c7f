"""Network views: built from a store, written as one offline page, checked in headless Chromium."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
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
CITIES = ["儋州市", "杭州市", "宁波市", "温州市", "苏州市", "南京市", "广州市", "深圳市", "成都市", "武汉市", "长沙市"]
SCREENS = ROOT / "out" / "screenshots"  # looked at by people; not committed


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
    more = []
    for i, city in enumerate(CITIES):  # eleven more places that name 互联网+监管, so that its reports take two pages
        more.append(root / f"more-{i}.txt")
        year = 2019 + i % 4
        more[-1].write_text(
            f"{city}人民政府{year}年法治政府建设情况报告\n{year}年，我市推进“互联网+监管”，市司法局办理法律援助案件{100 + i}件。\n",
            encoding="utf-8",
        )
    store = root / "store"
    files = [str(HAIKOU), str(bad), str(other), *map(str, more)]
    assert govgraph("ingest", *files, "--store", str(store)).returncode == 0
    one = root / "one"
    assert govgraph("ingest", str(HAIKOU), "--store", str(one)).returncode == 0
    views = {
        "report": ["--report", "460100-2022-fazhi"],
        "focus": ["--focus", "海口市司法局", "--depth", "2"],
        "types": ["--types", "agency,document"],
        "cross-city": ["--cross-city"],
        "overview": ["--overview"],
        "malicious": ["--report", "460100-2023-fazhi"],
        "auto": [],
        "grouped": ["--types", "agency,document,reform", "--visible", "20"],
        "reform": ["--reform", "互联网+监管"],
        "indicator": ["--indicator", "法律援助案件"],
    }
    out = {}
    for name, args in [*views.items(), ("auto-one", ["--store", str(one)])]:
        page = root / f"{name}.html"
        r = govgraph("viz", "--store", str(store), "-o", str(page), *args)  # a second --store wins
        assert r.returncode == 0, r.stderr
        n, e = map(int, re.search(r"(\d+) nodes, (\d+) edges", r.stdout).groups())
        out[name] = (page, n, e)
    return out


def page_data(path: Path) -> dict:
    """The JSON a page's script reads."""
    text = path.read_text(encoding="utf-8")
    return json.loads(
        re.search(r"var DATA = (\{.*?\});?(?:, OPTIONS|</script>)", text, re.S).group(1).replace("<\\/", "</")
    )


def test_pages_are_self_contained(pages):
    for page, _, _ in pages.values():
        text = page.read_text(encoding="utf-8")
        markup = re.sub(r"<(script|style)>.*?</\1>", "", text, flags=re.S)  # the page's own markup
        assert not re.search(r"<(?:script|link|img|iframe)[^>]*(?:src|href)\s*=", markup), page.name
        assert markup.count("<script>") == 0 and "default-src 'none'" in text


def test_report_strings_never_reach_the_page_as_markup(pages):
    text = pages["malicious"][0].read_text(encoding="utf-8")
    assert text.count("</script>") == 3  # vis-network, the data and the page's own script: the payload's is escaped
    assert "<\\/script><script>window.__pwned=3<\\/script>" in text
    assert "<img src=x" not in re.sub(r"<script>.*?</script>", "", text, flags=re.S)
    names = [n["name"] for n in page_data(pages["malicious"][0])["nodes"]]
    assert any("onerror" in n for n in names)  # the payload is there, as data


def test_a_bad_view_request_is_one_line(pages, tmp_path):
    store = pages["report"][0].parent / "store"
    r = govgraph("viz", "--store", str(store), "-o", str(tmp_path / "x.html"), "--focus", "不存在的机构")
    assert r.returncode == 2 and r.stderr.count("\n") == 1
    r = govgraph("viz", "--store", str(store), "-o", str(tmp_path / "x.html"), "--types", "agency,bogus")
    assert r.returncode == 2 and "bogus" in r.stderr


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
        counts = "d => d.nodes ? [d.nodes.length - Object.keys(d.groups).length, d.edges.length] : null"
        if name not in ("reform", "indicator"):  # what the command counted is on the page; groups are extra
            assert page.evaluate(f"({counts})(window.govgraph.data)") == [n, e], name
        page.screenshot(path=str(SCREENS / f"{name}.png"))
        page.context.close()


def hover(page, node_id: str) -> str:
    xy = page.evaluate("(id) => window.govgraph.network.canvasToDOM(window.govgraph.network.getPosition(id))", node_id)
    page.mouse.move(xy["x"], xy["y"])
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
    return page.inner_text("div.vis-tooltip")


def test_hover_shows_the_source_sentence(browser, pages):
    page, _, _ = open_page(browser, pages["report"][0])
    page.evaluate("window.govgraph.search('海口市司法局')")  # opens its section
    page.mouse.click(5, 895)  # away from the node, so that the hover below is a new one
    node = page.evaluate("window.govgraph.data.nodes.find(n => n.name === '海口市司法局').id")
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
    for sid in page.evaluate("window.govgraph.data.nodes.filter(n => n.type === 'section').map(n => n.id)"):
        if not page.evaluate("(id) => window.govgraph.open[id]", sid):
            page.evaluate("(id) => window.govgraph.toggle(id)", sid)  # every section open: every node drawn
    page.mouse.click(5, 895)
    for node in page.evaluate("window.govgraph.nodes.get({filter: n => !n.hidden}).map(n => n.id)"):
        page.evaluate("(id) => window.govgraph.network.focus(id, {scale: 1.2, animation: false})", node)
        hover(page, node)
    node = page.evaluate("window.govgraph.data.nodes.find(n => n.name.includes('onerror')).id")
    xy = page.evaluate("(id) => window.govgraph.network.canvasToDOM(window.govgraph.network.getPosition(id))", node)
    page.mouse.click(xy["x"], xy["y"])
    assert "onerror" in page.inner_text("#details")  # shown as text
    assert page.evaluate("window.__pwned === undefined")
    assert errors == []
    page.context.close()


def test_no_view_option_draws_the_only_report_or_the_overview(pages):
    assert page_data(pages["auto-one"][0])["tree"] is True  # one report: its tree
    assert page_data(pages["auto-one"][0])["heading"].startswith("报告：海口市")
    assert page_data(pages["auto"][0])["heading"].startswith("总览")  # fourteen reports: the overview


def test_the_overview_read_for_itself_is_the_overview_of_the_whole_corpus_graph(pages):
    """The overview reads only the entities it keeps and the places it draws (views.overview); its page is the
    page drawn from the whole corpus graph, node for node, with the same evidence and positions."""
    import govgraph as gg
    from govgraph.views.html import page_data as data_of
    from govgraph.views.overview import overview_graph

    with gg.open_store(pages["report"][0].parent / "store") as store:
        light = overview_graph(store)
        whole = gg.corpus_graph(store)
        assert light.number_of_nodes() < whole.number_of_nodes()  # it read less
        assert light.graph["shared"] and all(e in light for e, _ in light.graph["shared"][:60])
        views = [gg.build_view(g, gg.ViewRequest("overview")) for g in (store, whole)]
    assert (views[0].left_out_nodes, views[0].left_out_edges) == (views[1].left_out_nodes, views[1].left_out_edges)
    assert data_of(views[0]) == data_of(views[1])
    assert data_of(views[0])["heading"].startswith("总览") and data_of(views[0])["nodes"]


def test_report_view_is_a_tree_of_sections_in_order(pages):
    data = page_data(pages["report"][0])
    by_id = {n["id"]: n for n in data["nodes"]}
    sections = [n for n in data["nodes"] if n["type"] == "section" and by_id[n["parent"]]["type"] == "report"]
    names = [n["name"].split(" ")[0] for n in sorted(sections, key=lambda n: n["order"])]
    assert names[:6] == ["导语", "一", "二", "三", "四", "五"]
    assert all(n["name"] != n["name"].split(" ")[0] for n in sections if n["name"][0] in "一二三四五")  # titled
    figures = [n for n in data["nodes"] if n["type"] == "figure"]
    assert len(figures) > 20 and all(by_id[f["parent"]]["type"] == "section" for f in figures)
    court = [f for f in figures if f["value"] == 98.53]
    assert court and court[0]["unit"] == "%" and "出庭" in court[0]["measure"]
    agency = next(n for n in data["nodes"] if n["name"] == "海口市司法局")
    assert by_id[agency["parent"]]["type"] == "section"
    root = next(n for n in data["nodes"] if not n["parent"])
    assert root["font"]["color"] == "#ffffff" and root["color"]["background"] == "#1f2937"  # light on dark


def overlaps(page) -> list:
    """Pairs of drawn nodes whose boxes (shape and label) overlap on the page as it is shown."""
    return page.evaluate(
        """() => { const g = window.govgraph, ids = g.nodes.getIds({filter: n => !n.hidden});
        const b = ids.map(id => [id, g.network.getBoundingBox(id)]), out = [];
        for (let i = 0; i < b.length; i++) for (let j = i + 1; j < b.length; j++) {
          const p = b[i][1], q = b[j][1];
          if (p.left < q.right - 2 && q.left < p.right - 2 && p.top < q.bottom - 2 && q.top < p.bottom - 2) out.push([b[i][0], b[j][0]]);
        } return out; }"""
    )


def test_tree_opens_a_section_and_lists_its_figures(browser, pages):
    page, errors, _ = open_page(browser, pages["report"][0])
    assert overlaps(page) == []
    before = page.evaluate("window.govgraph.visible")
    sid = page.evaluate(
        "window.govgraph.data.nodes.find(n => n.type === 'section' && n.name.startsWith('（六） 行政应诉')).id"
    )
    page.evaluate("(id) => window.govgraph.toggle(id)", sid)
    assert page.evaluate("window.govgraph.visible") > before
    assert "98.53%" in page.inner_text("#details") and "出庭" in page.inner_text("#details")  # the figures' table
    assert overlaps(page) == []
    assert errors == []
    page.context.close()


def test_grouped_view_opens_a_group_on_click(browser, pages):
    page, errors, _ = open_page(browser, pages["grouped"][0])
    assert page.evaluate("window.govgraph.visible") <= 20
    assert overlaps(page) == []
    gid = page.evaluate("Object.keys(window.govgraph.data.groups)[0]")
    size = page.evaluate("(id) => window.govgraph.data.groups[id].length", gid)
    before = page.evaluate("window.govgraph.visible")
    xy = page.evaluate("(id) => window.govgraph.network.canvasToDOM(window.govgraph.network.getPosition(id))", gid)
    page.mouse.click(xy["x"], xy["y"])
    assert page.evaluate("window.govgraph.visible") == before - 1 + size
    member = page.evaluate("(id) => window.govgraph.data.groups[id][0]", gid)
    assert page.evaluate("(id) => !window.govgraph.nodes.get(id).hidden", member)
    assert "收起" in page.inner_text("#details")
    assert errors == []
    page.context.close()


def test_search_reveals_centres_and_highlights_a_node(browser, pages):
    page, errors, _ = open_page(browser, pages["grouped"][0])
    data = page_data(pages["grouped"][0])
    member = next(m for ms in data["groups"].values() for m in ms)
    name = next(n["name"] for n in data["nodes"] if n["id"] == member)
    page.fill("#search", name)
    page.wait_for_selector("#results button")
    assert name in page.inner_text("#results")
    page.press("#search", "Enter")
    assert page.evaluate("(id) => !window.govgraph.nodes.get(id).hidden", member)  # its group opened
    assert page.evaluate("window.govgraph.network.getSelectedNodes()") == [member]
    assert page.evaluate("(id) => window.govgraph.nodes.get(id).borderWidth", member) == 5
    centre = page.evaluate(
        "(id) => window.govgraph.network.canvasToDOM(window.govgraph.network.getPosition(id))", member
    )
    assert abs(centre["x"] - 700) < 5 and abs(centre["y"] - 450) < 5
    assert name in page.inner_text("#details")
    page.fill("#search", "市政府")  # an other label (skos:altLabel) finds 海口市人民政府
    assert "海口市人民政府" in page.inner_text("#results")
    assert errors == []
    page.context.close()


def test_details_page_through_every_report_that_names_a_node(browser, pages):
    page, errors, _ = open_page(browser, pages["cross-city"][0])
    assert page.evaluate("window.govgraph.search('互联网+监管')") >= 1
    first = page.inner_text("#evidence")
    assert len(page.query_selector_all("#evidence .ev")) == 10 and "共 14 条" in page.inner_text("#details")
    page.click("#next")
    assert len(page.query_selector_all("#evidence .ev")) == 4 and page.inner_text("#evidence") != first
    assert page.is_disabled("#next") and not page.is_disabled("#prev")
    page.click("#prev")
    assert page.inner_text("#evidence") == first
    reports = page_data(pages["cross-city"][0])["reports"]
    assert any(r["label"] in first for r in reports) and "·" in first  # report · section, then the sentence
    assert errors == []
    page.context.close()


def test_filters_by_type_place_and_year(browser, pages):
    page, errors, _ = open_page(browser, pages["types"][0])
    everything = page.evaluate("window.govgraph.visible")
    page.uncheck("#legend input[value=document]")
    assert (
        page.evaluate(
            "window.govgraph.nodes.get({filter: n => !n.hidden}).filter(n => window.govgraph.data.nodes.find(m => m.id === n.id).type === 'document').length"
        )
        == 0
    )
    page.check("#legend input[value=document]")
    assert page.evaluate("window.govgraph.visible") == everything
    page.select_option("#place", "三亚市")
    fewer = page.evaluate("window.govgraph.visible")
    assert 0 < fewer < everything
    page.select_option("#place", "")
    page.select_option("#year", "2019")
    assert 0 < page.evaluate("window.govgraph.visible") < everything
    assert errors == []
    page.context.close()


def test_reform_timeline_places_by_year_with_evidence(browser, pages):
    data = page_data(pages["reform"][0])
    assert data["kind"] == "reform" and len(data["places"]) >= 12 and "2019" in data["years"]
    page, errors, requests = open_page(browser, pages["reform"][0])
    labels = page.evaluate("Array.from(document.querySelectorAll('g.row > text')).map(t => t.textContent)")
    assert labels == data["places"] and "三亚市" in labels
    page.click("circle.mark[data-place='海口市'][data-year='2023']")
    assert "onmouseover" in page.inner_text("#details")  # the malicious sentence, shown as text
    assert page.evaluate("window.govgraph.search('三亚')") == 1
    assert page.evaluate("window.__pwned === undefined") and errors == []
    assert [r for r in requests if not r.startswith("file://")] == []
    page.context.close()


def test_indicator_chart_keeps_gaps_and_labels_places(browser, pages):
    data = page_data(pages["indicator"][0])
    assert data["kind"] == "indicator" and data["unit"] == "件"
    page, errors, _ = open_page(browser, pages["indicator"][0])
    labels = page.evaluate("Array.from(document.querySelectorAll('text.place-label')).map(t => t.textContent)")
    assert sorted(labels) == sorted(data["places"])
    points = page.evaluate("document.querySelectorAll('circle.point').length")
    segments = page.evaluate("document.querySelectorAll('g.series line').length")
    assert points == len(data["points"])
    joined = sum(  # a place's values in consecutive years are joined; others are not
        1
        for p in data["places"]
        for y in data["years"][1:]
        if {(q["place"], q["year"]) for q in data["points"]} >= {(p, y), (p, str(int(y) - 1))}
    )
    assert segments == joined
    assert errors == []
    page.context.close()


def test_search_and_panels_run_no_script_from_report_text(browser, pages):
    page, errors, _ = open_page(browser, pages["malicious"][0])
    page.fill("#search", "onerror")
    page.wait_for_selector("#results button")
    assert "<img" in page.inner_text("#results")  # the payload, as text
    page.click("#results button")
    assert "onerror" in page.inner_text("#details")
    for sid in page.evaluate("window.govgraph.data.nodes.filter(n => n.type === 'section').map(n => n.id)"):
        page.evaluate("(id) => window.govgraph.toggle(id)", sid)
    assert page.evaluate("window.__pwned === undefined") and errors == []
    page.context.close()


def test_serve_draws_the_views_over_time(pages):
    from servers import govgraph_server

    store = pages["report"][0].parent / "store"
    with govgraph_server(store) as base:
        page = urllib.request.urlopen(base + "/view/reform/" + urllib.parse.quote("互联网+监管"), timeout=60).read()
        assert '"kind": "reform"' in page.decode("utf-8")
        page = urllib.request.urlopen(base + "/view/indicator/legal-aid-cases", timeout=60).read()
        assert '"kind": "indicator"' in page.decode("utf-8")
        with pytest.raises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(base + "/view/reform/" + urllib.parse.quote("没有这项改革"), timeout=60)
        assert e.value.code == 404


def test_serve_draws_the_overview_the_command_draws_without_the_corpus_graph(pages, tmp_path):
    """serve's /view/overview reads only what the overview draws (views.overview), as ``govgraph viz`` does:
    its page data is the command's, and the view process builds no corpus graph for it."""
    from servers import govgraph_server

    from govgraph.serve.workers import _view_page

    store = pages["report"][0].parent / "store"
    state: dict = {}
    page, built = _view_page(str(store), "overview", "state-1", state)
    assert built is False and "graph" not in state  # the light path: no corpus graph in the view process
    with govgraph_server(store) as base:
        served = urllib.request.urlopen(base + "/view/overview", timeout=120).read().decode("utf-8")
    for i, text in enumerate((page.decode("utf-8"), served)):
        (tmp_path / f"{i}.html").write_text(text, encoding="utf-8")
        data = page_data(tmp_path / f"{i}.html")
        assert data == page_data(pages["overview"][0]) and data["heading"].startswith("总览")

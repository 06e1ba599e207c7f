"""Linking across the shared corpus: one identity for one thing, concept schemes, canned
queries and checks (skipped when ../shared/corpus is absent)."""

from __future__ import annotations

import pytest
from conftest import CORPUS, HAIKOU

import govgraph
from govgraph import TripleStore
from govgraph import check as run_checks
from govgraph import ingest as ingest_files
from govgraph.query import canned

BASE = "https://w3id.org/govgraph/"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> TripleStore:
    if not CORPUS.is_dir():
        pytest.skip("the shared corpus is absent")
    files = sorted(p for p in CORPUS.rglob("*.txt") if p.name != "README.md")
    s = govgraph.open_store(tmp_path_factory.mktemp("corpus-store") / "s", write=True)
    summary = ingest_files([*files, HAIKOU], s, jobs=2)
    assert not summary.errors
    return s


def rows(store: TripleStore, name: str, **params: str) -> list[dict[str, str]]:
    result = store.query(canned(name).render(params))
    return [dict(zip(result.variables, r, strict=True)) for r in result.texts]


def test_the_2021_plan_is_one_node_cited_from_five_places(store):
    cited = {r["document"]: r for r in rows(store, "documents-most-cited", limit="50")}
    plan = cited["法治政府建设实施纲要（2021—2025年）"]
    # only citations in 《》 count: the guideline takes a plan named without them for a topic, not a citation
    assert int(plan["places"]) >= 3


def test_rule_of_law_indicator_over_places_or_years(store):
    got = rows(store, "indicator-by-place", indicator="负责人出庭应诉率") + rows(
        store, "indicator-by-place", indicator="行政复议纠错率"
    )
    assert len({(r["place"], r["year"]) for r in got}) >= 2


def test_gdp_growth_for_every_provincial_2026_report(store):
    provinces = {p.stem.split("-")[0] for p in (CORPUS / "work-province").glob("*-2026-work.txt")}
    got = rows(store, "indicator-by-place", indicator="indicator/gdp-growth")
    reports = {r["report"] for r in got if r["report"].endswith("0000-2025-work")}
    assert len(reports) >= len(provinces) == 9


def test_state_council_series_spans_thirty_years(store):
    years = [int(r["year"]) for r in rows(store, "national-series", indicator="indicator/gdp-growth")]
    assert max(years) - min(years) >= 30


def test_target_against_outcome_for_ten_years(store):
    got = rows(store, "target-vs-outcome")
    assert len(got) >= 10
    by_year = {int(r["year"]): r for r in got}
    assert by_year[2023]["target"] == "5" and by_year[2023]["outcome"] == "met"  # 5% target, 5.2% reached


def test_check_finds_both_haikou_contradictions(store):
    result = run_checks(store)
    found = [r for r in result.rows if r[0] == BASE + "report/460100-2022-fazhi" and r[2] == "rate-vs-counts"]
    messages = " ".join(r[3] for r in found)
    assert "纠错率 8.12%" in messages and "7.16%" in messages
    assert "调处成功率 97%" in messages


def test_one_identity_for_one_thing(store):
    q = """PREFIX gg: <https://w3id.org/govgraph/def#> PREFIX eli: <http://data.europa.eu/eli/ontology#>
           SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r eli:cites <%s> }"""
    law = BASE + "document/national/中华人民共和国宪法"
    assert int(store.query(q % law).rows[0][0]) >= 3
    gov = BASE + "agency/460100/海口市人民政府"
    q2 = f"PREFIX gg: <https://w3id.org/govgraph/def#> SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE {{ ?r gg:mentions <{gov}> }}"
    assert int(store.query(q2).rows[0][0]) >= 3  # one city's government across years and genres


def test_one_preferred_label_a_language_whichever_reports_describe_a_thing(store):
    """SKOS allows one prefLabel per language. Reports word one thing differently (静海区 in a text, 天津市静海区
    in the district's own title; 互联网＋监管 and 互联网+监管), and each used to add its own wording, which
    doubled every row that joins on the label (reform-diffusion gave 1,902 rows for 1,469 places at 11,000
    reports). Counted over every graph, the ontology's concept schemes included."""
    q = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
           SELECT ?s ?lang (GROUP_CONCAT(DISTINCT ?l; separator="|") AS ?labels) WHERE {
             GRAPH ?g { ?s skos:prefLabel ?l } BIND(LANG(?l) AS ?lang)
           } GROUP BY ?s ?lang HAVING (COUNT(DISTINCT ?l) > 1)"""
    assert store.query(q).texts == []
    jinghai = f"""PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
                 SELECT ?p ?a WHERE {{ <{BASE}place/120118> skos:prefLabel ?p ; skos:altLabel ?a }}"""
    labels = store.query(jinghai).texts
    assert {p for p, _ in labels} == {"天津市静海区"} and "静海区" in {a for _, a in labels}  # the text's wording kept
    places = rows(store, "reform-diffusion", reform="扫黑除恶")
    assert len({p["place"] for p in places}) == len(places)  # one row a place


def test_every_justice_bureau_answers_to_one_type(store):
    got = rows(store, "agency-type-across-cities", type="司法行政机关")
    assert any(r["agency"] == "海口市司法局" for r in got)


def test_reingest_adds_nothing(store, tmp_path):
    before = store.quad_count()
    ingest_files([HAIKOU, CORPUS / "fazhi" / "haikou-2021-fazhi.txt"], store)
    assert store.quad_count() == before


def test_probable_matches_are_close_not_identical(store):
    q = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
           SELECT ?a ?b WHERE { ?a skos:closeMatch ?b . ?a skos:prefLabel ?la . FILTER(CONTAINS(?la, "企业所得税法")) }"""
    pairs = store.query(q).rows
    assert pairs and all(a != b for a, b in pairs)


def test_reform_reach_agrees_with_its_diffusion(store):
    reach = {r["reform"]: r for r in rows(store, "reforms-by-reach", limit="20")}
    assert reach, "no reform taken up in two places"
    for name in list(reach)[:5]:
        places = rows(store, "reform-diffusion", reform=name)
        assert len(places) == int(reach[name]["places"])  # the kept counts match a fresh count
        assert min(int(p["first_year"]) for p in places) == int(reach[name]["first_year"])
    national = rows(store, "reform-diffusion", reform="扫黑除恶")
    assert national[0]["place"] == "中华人民共和国" and len(national) >= 5


def test_agency_reach_is_kept_at_ingest_and_matches_a_fresh_count(store):
    """The reach graph counts agencies named in two places or more (the overview ranks by it), as a count of
    the places whose reports name each agency, made afresh here, gives them."""
    kept = store.query(
        """PREFIX gg: <https://w3id.org/govgraph/def#>
           SELECT ?a ?places ?rank WHERE { GRAPH <https://w3id.org/govgraph/graph/reach> {
             ?a a gg:Agency ; gg:placeCount ?places ; gg:reachRank ?rank } }"""
    ).texts
    fresh = store.query(
        """PREFIX gg: <https://w3id.org/govgraph/def#> PREFIX dcterms: <http://purl.org/dc/terms/>
           SELECT ?a (COUNT(DISTINCT ?p) AS ?places) WHERE { ?a a gg:Agency . ?r gg:mentions ?a ; dcterms:spatial ?p }
           GROUP BY ?a HAVING (COUNT(DISTINCT ?p) >= 2)"""
    ).texts
    assert kept and {a: int(n) for a, n, _ in kept} == {a: int(n) for a, n in fresh}
    assert len({a for a, _, _ in kept}) == len(kept)  # one count and one rank each, however many graphs type it
    assert sorted(int(r) for _, _, r in kept) == list(range(1, len(kept) + 1))  # ranked among agencies
    assert f"{BASE}agency/national/国务院" in {a for a, _, _ in kept}


def test_the_overview_ranked_by_the_reach_graph_is_the_overview_of_the_whole_corpus_graph(store):
    """On a store whose reach graph counts agencies, the overview ranks by those counts (views.overview) and
    draws the page the whole corpus graph gives, node for node."""
    from govgraph.views.html import page_data
    from govgraph.views.overview import _ranking

    counted, _ = _ranking(store)
    agencies = {
        a
        for (a,) in store.query(f"SELECT ?a WHERE {{ GRAPH <{BASE}graph/reach> {{ ?a a <{BASE}def#Agency> }} }}").texts
    }
    assert agencies and agencies <= set(counted)  # the reach graph counts agencies: the overview ranks by it
    views = [govgraph.build_view(g, govgraph.ViewRequest("overview")) for g in (store, govgraph.corpus_graph(store))]
    assert (views[0].left_out_nodes, views[0].left_out_edges) == (views[1].left_out_nodes, views[1].left_out_edges)
    assert page_data(views[0]) == page_data(views[1])


def test_a_province_named_in_a_national_report_is_the_provinces_agency(store):
    """An agency is scoped by the division its name begins with, whichever report names it."""
    q = f"""PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
            PREFIX oa: <http://www.w3.org/ns/oa#>
            SELECT DISTINCT ?a ?g WHERE {{ GRAPH <{BASE}graph/shared> {{ ?a skos:prefLabel "江苏省人民政府"@zh }}
                                         GRAPH ?g {{ ?m oa:hasBody ?a }} }}"""
    got = store.query(q).texts
    assert {a for a, _ in got} == {f"{BASE}agency/320000/江苏省人民政府"}
    assert {g.removeprefix(BASE).split("-")[0] for _, g in got} >= {"report/100000", "report/320000"}

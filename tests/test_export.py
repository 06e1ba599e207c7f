"""``govgraph export``: GraphML and GEXF read back in networkx and igraph, CSV and Parquet tables with typed
columns and values checked against the Haikou report's text, and N-Quads of the whole store."""

from __future__ import annotations

import csv
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import networkx as nx
import pytest
from conftest import HAIKOU, ROOT

import govgraph
from govgraph.views.export import TABLES, xml_safe

BASE = "https://w3id.org/govgraph/"
REPORT = BASE + "report/460100-2022-fazhi"
COUNT = (
    "PREFIX gg: <https://w3id.org/govgraph/def#> PREFIX qb: <http://purl.org/linked-data/cube#> "
    "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a {cls} }}"
)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "store"
    with govgraph.open_store(path, write=True) as s:
        govgraph.ingest([HAIKOU], s)
    return path


@pytest.fixture(scope="module")
def expected(store: Path) -> dict[str, int]:
    """Rows each table must have: the things of each class in the store, counted independently."""
    classes = {"agency": "gg:Agency", "document": "gg:Document", "reform": "gg:Reform", "place": "gg:Place",
               "observation": "qb:Observation"}  # fmt: skip
    with govgraph.open_store(store) as s:
        return {t: int(s.query(COUNT.format(cls=c)).rows[0][0]) for t, c in classes.items()}  # type: ignore[arg-type]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "govgraph", *args], capture_output=True, text=True, cwd=ROOT, timeout=300
    )


def _by(rows: list[dict[str, str]], key: str, value: str) -> dict[str, str]:
    found = [r for r in rows if r[key] == value]
    assert len(found) == 1, (key, value, len(found))
    return found[0]


# ---- tables ------------------------------------------------------------------------------------------------


def test_csv_tables_hold_every_entity_and_observation(store: Path, tmp_path: Path, expected: dict[str, int]) -> None:
    out = tmp_path / "csv"
    r = run("export", "--store", str(store), "--format", "csv", "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert expected["observation"] == 97  # the Haikou report's figures
    tables = {}
    for name, columns in TABLES.items():
        raw = (out / f"{name}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM: spreadsheets read the Chinese as such
        with (out / f"{name}.csv").open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
        assert list(rows[0]) == [c.name for c in columns]
        assert len(rows) == expected[name], name
        assert len({row["iri"] for row in rows}) == len(rows)  # one row per thing
        tables[name] = rows
    assert f"{expected['observation']} observation" in r.stdout
    # figures as the report states them: 纠错31件，纠错率8.12%; 行政机关负责人出庭率98.53%，较上一年度提高57.12个百分点
    rate = _by(tables["observation"], "measure", "纠错率")
    assert (rate["value"], rate["unit"], rate["year"], rate["section"]) == ("8.12", "%", "2022", "二.(八)")
    assert rate["indicator"] == BASE + "indicator/admin-reconsideration-correction-rate"
    assert rate["quote"] == "纠错率8.12%" and rate["place_name"] == "海口市" and rate["report"] == REPORT
    court = _by(tables["observation"], "measure", "行政机关负责人出庭率")
    assert (court["value"], court["change_value"], court["change_unit"], court["change_direction"]) == (
        "98.53", "57.12", "个百分点", "up")  # fmt: skip
    text = HAIKOU.read_text(encoding="utf-8")
    for row in tables["observation"]:  # every quote is the span its offsets name in the report
        assert row["quote"] == text[int(row["start"]) : int(row["end"])]
        assert row["place"] == "" or row["place_name"] != ""  # a label only with its place
        assert row["indicator"] == "" or row["indicator_label"] != ""
    bureau = _by(tables["agency"], "name", "海口市司法局")
    assert bureau["agency_type"] == BASE + "agency-type/justice" and bureau["agency_type_label"]
    assert int(bureau["mentions"]) >= 1 and bureau["reports"] == "1" and bureau["first_year"] == "2022"
    branch = _by(tables["agency"], "name", "海口市综合行政执法局龙华分局")
    assert branch["parent"] == BASE + "agency/460100/海口市综合行政执法局" and branch["parent_name"]
    constitution = _by(tables["document"], "name", "中华人民共和国宪法")
    assert (constitution["kind"], constitution["level"]) == ("law", "national")
    assert _by(tables["place"], "name", "海口市龙华区")["adcode"] == "460106"
    assert _by(tables["reform"], "name", "枫桥经验")["reports"] == "1"


def test_parquet_columns_are_typed(store: Path, tmp_path: Path, expected: dict[str, int]) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    pa = pytest.importorskip("pyarrow")
    with govgraph.open_store(store) as s:
        summary = govgraph.export(s, "parquet", tmp_path / "pq")
    assert sorted(p.name for p in summary.files) == sorted(f"{t}.parquet" for t in TABLES)
    obs = pq.read_table(tmp_path / "pq" / "observation.parquet")
    assert obs.num_rows == expected["observation"] == summary.counts["observation"]
    schema = {f.name: f.type for f in obs.schema}
    assert pa.types.is_decimal(schema["value"]) and pa.types.is_decimal(schema["change_value"])
    assert schema["year"] == schema["start"] == schema["end"] == pa.int64()
    assert schema["measure"] == schema["quote"] == pa.string()
    rows = obs.to_pylist()
    rate = next(r for r in rows if r["measure"] == "纠错率")
    assert rate["value"] == Decimal("8.12") and rate["year"] == 2022 and rate["start"] < rate["end"]
    court = next(r for r in rows if r["measure"] == "行政机关负责人出庭率")
    assert court["value"] == Decimal("98.53") and court["change_value"] == Decimal("57.12")
    assert all(r["value"] is None or isinstance(r["value"], Decimal) for r in rows)
    for name in ("agency", "document", "reform", "place"):
        t = pq.read_table(tmp_path / "pq" / f"{name}.parquet")
        assert t.num_rows == expected[name]
        assert t.schema.field("reports").type == pa.int64() and t.schema.field("iri").type == pa.string()
    pandas = pytest.importorskip("pandas")
    frame = pandas.read_parquet(tmp_path / "pq" / "place.parquet")
    assert frame.set_index("name").loc["海口市", "adcode"] == "460100"


# ---- networks ----------------------------------------------------------------------------------------------


def test_graphml_reads_back_in_networkx_and_igraph(store: Path, tmp_path: Path) -> None:
    igraph = pytest.importorskip("igraph")
    out = tmp_path / "all.graphml"
    r = run("export", "--store", str(store), "--format", "graphml", "-o", str(out))
    assert r.returncode == 0, r.stderr
    g = nx.read_graphml(out)
    with govgraph.open_store(store) as s:
        assert s.report_graphs() == [REPORT]
    bureau = BASE + "agency/460100/海口市司法局"
    assert g.nodes[bureau]["type"] == "agency" and g.nodes[bureau]["label"] == "海口市司法局"
    assert g.nodes[REPORT]["type"] == "report" and g.has_edge(REPORT, bureau)
    assert isinstance(g.nodes[bureau]["report_count"], int) and g.nodes[bureau]["report_count"] == 1
    assert g.number_of_edges() >= g.number_of_nodes() - 1  # the mention edges tie every entity to the report
    ig = igraph.Graph.Read_GraphML(str(out))
    assert (ig.vcount(), ig.ecount()) == (g.number_of_nodes(), g.number_of_edges())
    v = ig.vs.find(id=bureau)
    assert v["label"] == "海口市司法局" and v["type"] == "agency" and v["report_count"] == 1
    assert set(ig.es["rel"]) >= {"mentions"}


def test_gexf_of_a_view_reads_back_in_networkx_and_igraph(store: Path, tmp_path: Path) -> None:
    igraph = pytest.importorskip("igraph")
    out = tmp_path / "report.gexf"
    r = run("export", "--store", str(store), "--format", "gexf", "--view", "report", "--report",
            "460100-2022-fazhi", "-o", str(out))  # fmt: skip
    assert r.returncode == 0, r.stderr
    with govgraph.open_store(store) as s:
        want = govgraph.network(s, "report", report="460100-2022-fazhi", max_nodes=10**9)
    g = nx.read_gexf(out)
    assert (g.number_of_nodes(), g.number_of_edges()) == (want.number_of_nodes(), want.number_of_edges())
    assert f"{want.number_of_nodes()} nodes" in r.stdout
    bureau = BASE + "agency/460100/海口市司法局"
    assert g.nodes[bureau]["label"] == "海口市司法局" and g.nodes[bureau]["type"] == "agency"
    # igraph has no GEXF reader: it takes the file through networkx, attributes and all
    ig = igraph.Graph.from_networkx(g)
    assert (ig.vcount(), ig.ecount()) == (g.number_of_nodes(), g.number_of_edges())
    assert "海口市司法局" in ig.vs["label"]


def test_control_characters_from_report_text_do_not_break_the_xml(tmp_path: Path) -> None:
    igraph = pytest.importorskip("igraph")
    g = nx.Graph(name="t")
    g.add_node("a\x01", label="第\x0b一", type="agency", report_count=1)
    g.add_edge("a\x01", "b", rel="mentions\x1f", weight=1)
    with pytest.raises(ValueError):  # as written without cleaning: unreadable XML
        nx.write_graphml(g, tmp_path / "raw.graphml")
        nx.read_graphml(tmp_path / "raw.graphml")
    nx.write_graphml(xml_safe(g), tmp_path / "clean.graphml")
    back = nx.read_graphml(tmp_path / "clean.graphml")
    assert back.nodes["a"]["label"] == "第一" and back.edges["a", "b"]["rel"] == "mentions"
    assert igraph.Graph.Read_GraphML(str(tmp_path / "clean.graphml")).vcount() == 2


# ---- N-Quads and errors ------------------------------------------------------------------------------------


def test_nquads_hold_every_graph_of_the_store(store: Path, tmp_path: Path) -> None:
    import pyoxigraph

    out = tmp_path / "all.nq"
    with govgraph.open_store(store) as s:
        summary = govgraph.export(s, "nquads", out)
        graphs = s.named_graphs()
        sizes = {g: s.graph_ntriples(g).count("\n") for g in graphs}
        total = s.quad_count()
    assert summary.counts == {"quads": total, "graphs": len(graphs)}
    back = pyoxigraph.Store()
    back.load(path=str(out), format=pyoxigraph.RdfFormat.N_QUADS)
    assert len(back) == total
    for g in graphs:
        assert len(list(back.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(g)))) == sizes[g]


def test_export_refuses_what_it_cannot_do(store: Path, tmp_path: Path) -> None:
    view_on_table = run(
        "export", "--store", str(store), "--format", "csv", "--view", "overview", "-o", str(tmp_path / "x")
    )
    assert view_on_table.returncode == 2 and "graphml and gexf" in view_on_table.stderr
    assert not (tmp_path / "x").exists()
    unknown = run("export", "--store", str(store), "--format", "graphml", "--view", "report", "--report", "nowhere",
                  "-o", str(tmp_path / "y.graphml"))  # fmt: skip
    assert unknown.returncode == 2 and len(unknown.stderr.strip().splitlines()) == 1
    with govgraph.open_store(store) as s, pytest.raises(govgraph.InputError, match="no export format"):
        govgraph.export(s, "xlsx", tmp_path / "z")
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    r = run("export", "--store", str(store), "--format", "csv", "-o", str(blocked / "tables"))
    assert r.returncode == 2 and str(blocked) in r.stderr and "Traceback" not in r.stderr

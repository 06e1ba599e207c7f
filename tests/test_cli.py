"""The command line: contracts, exit codes, one-line errors and the store.

Commands run in-process through click's CliRunner; a few run as real processes, for what only a
process shows (the entry point, exit codes as the shell sees them, ``--help``).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass

import pytest
from click.testing import CliRunner
from conftest import HAIKOU, ROOT

from govgraph.cli import main

GOVGRAPH = [sys.executable, "-m", "govgraph"]


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


def run(*args: str) -> Ran:
    """Run the CLI in this process, from the checkout (demo's default data/reports is relative)."""
    here = os.getcwd()
    os.chdir(ROOT)
    try:
        r = CliRunner().invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(here)
    return Ran(r.exit_code, r.stdout, r.stderr)


def run_process(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*GOVGRAPH, *args], capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_help_and_exit_codes_as_a_process(tmp_path):
    h = run_process("--help")
    assert h.returncode == 0 and "ingest" in h.stdout and "serve" in h.stdout
    for command in (
        "extract",
        "ingest",
        "query",
        "stats",
        "validate",
        "check",
        "compare",
        "viz",
        "serve",
        "push",
        "export",
        "compact",
    ):
        r = run_process(command, "--help")
        assert r.returncode == 0 and "Usage:" in r.stdout, command
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    r = run_process("extract", str(empty))
    assert r.returncode == 2 and r.stderr == f"govgraph: {empty}: the file is empty\n"
    q = run_process("query", "SELECT ?x WHERE { ?x", "--store", str(tmp_path / "nowhere"))
    assert q.returncode == 2 and "Traceback" not in q.stderr and q.stderr.count("\n") == 1


def test_unknown_names_are_one_line_not_found(tmp_path):
    store = tmp_path / "store"
    assert run("ingest", str(HAIKOU), "--store", str(store)).returncode == 0
    for args, word in (
        (("query", "no-such-query"), "no canned query"),
        (("viz", "--focus", "不存在的机关", "-o", str(tmp_path / "v.html")), "nothing of that name"),
        (("viz", "--report", "999999-2099-fazhi", "-o", str(tmp_path / "v.html")), "nothing of that name"),
        (("viz", "--types", "agency,nonsense", "-o", str(tmp_path / "v.html")), "unknown entity types"),
    ):
        r = run(*args, "--store", str(store))
        assert r.returncode == 2 and word in r.stderr and r.stderr.count("\n") == 1, (args, r.stderr)


def test_viz_exports_nothing_half_written(tmp_path):
    store = tmp_path / "store"
    run("ingest", str(HAIKOU), "--store", str(store))
    out = tmp_path / "out" / "report.html"
    r = run("viz", "--report", "460100-2022-fazhi", "-o", str(out), "--store", str(store))
    assert r.returncode == 0 and out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert not list(out.parent.glob(".*.tmp"))


def test_extract_json_contract():
    r = run("extract", str(HAIKOU), "--format", "json")
    assert r.returncode == 0, r.stderr
    j = json.loads(r.stdout)
    assert set(j["report"]) >= {"id", "title", "place", "adcode", "level", "year", "publisher", "published"}
    assert set(j["sections"][0]) >= {"id", "path", "title", "level", "type", "start", "end"}
    assert set(j["entities"][0]) >= {"id", "type", "name", "mentions"}
    assert set(j["entities"][0]["mentions"][0]) == {"text", "start", "end", "section"}
    assert set(j["observations"][0]) >= {
        "id",
        "measure",
        "indicator",
        "value",
        "unit",
        "qualifier",
        "change",
        "text",
        "start",
        "end",
        "section",
    }
    assert {"subject", "predicate", "object", "section"} == set(j["relations"][0])


@pytest.mark.parametrize("fmt", ["turtle", "trig", "jsonld"])
def test_extract_rdf_formats(fmt):
    r = run("extract", str(HAIKOU), "--format", fmt)
    assert r.returncode == 0 and len(r.stdout) > 10000


@pytest.mark.parametrize(
    "content",
    [b"", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "正文".encode() * 100],
    ids=["empty", "binary", "too-big"],
)
def test_bad_inputs_exit_2_with_one_line(tmp_path, content):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    r = run("extract", str(f), "--max-bytes", "300")
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and str(f) in r.stderr and "Traceback" not in r.stderr


def test_ingest_replaces_and_bad_files_leave_the_store_whole(tmp_path):
    store = tmp_path / "store"
    assert run("ingest", str(HAIKOU), "--store", str(store)).returncode == 0
    first = run("query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--store", str(store), "--format", "csv")
    assert run("ingest", str(HAIKOU), "--store", str(store)).returncode == 0
    again = run("query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--store", str(store), "--format", "csv")
    assert first.stdout == again.stdout and int(first.stdout.split()[1]) > 3000
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    r = run("ingest", str(bad), "--store", str(store))
    assert r.returncode == 2 and "empty" in r.stderr and "Traceback" not in r.stderr
    after = run("query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--store", str(store), "--format", "csv")
    assert after.stdout == first.stdout
    v = run("validate", "--store", str(store))
    assert v.returncode == 0 and "conforms" in v.stdout
    s = run("stats", "--store", str(store))
    assert "Observation" in s.stdout and "海口市人民政府2022年法治政府建设情况报告" in s.stdout


def test_malformed_query_exit_2(tmp_path):
    store = tmp_path / "store"
    run("ingest", str(HAIKOU), "--store", str(store))
    r = run("query", "SELECT ?x WHERE { ?x", "--store", str(store))
    assert r.returncode == 2 and r.stderr.startswith("govgraph: malformed SPARQL query") and r.stderr.count("\n") == 1
    q = tmp_path / "agencies.rq"
    q.write_text("PREFIX gg: <https://w3id.org/govgraph/def#>\nSELECT (COUNT(?a) AS ?n) WHERE { ?a a gg:Agency }")
    r = run("query", str(q), "--store", str(store), "--format", "json")
    assert r.returncode == 0 and json.loads(r.stdout)["rows"][0]["n"] == "17"


def test_query_without_store_is_a_clear_error(tmp_path):
    r = run("query", "SELECT * WHERE { ?s ?p ?o }", "--store", str(tmp_path / "nowhere"))
    assert r.returncode == 2 and "no store" in r.stderr


def test_demo(tmp_path):
    r = run("demo", "--store", str(tmp_path / "demo"))
    assert r.returncode == 0, r.stderr
    assert "海口市司法局" in r.stdout and "行政机关负责人出庭率" in r.stdout


def test_readme_queries_run_and_show_what_the_readme_says(tmp_path):
    store = tmp_path / "store"
    assert run("ingest", str(HAIKOU), "--store", str(store)).returncode == 0
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^\$ govgraph query (.+) --store out/demo-store$", readme, re.M)
    assert len(commands) == 3
    for command in commands:
        r = run("query", *command.split(), "--store", str(store))
        assert r.returncode == 0, r.stderr
        rows = [line for line in r.stdout.splitlines()[2:] if not line.startswith("(")]
        assert rows, command
        for line in rows:
            assert line in readme, f"{command}: README lacks {line!r}"


def test_updates_are_refused_by_query(tmp_path):
    store = tmp_path / "store"
    run("ingest", str(HAIKOU), "--store", str(store))
    r = run("query", "PREFIX a: <urn:a:>\nDELETE WHERE { ?s ?p ?o }", "--store", str(store))
    assert r.returncode == 2 and "updates are not run" in r.stderr
    n = run("query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--store", str(store), "--format", "csv")
    assert int(n.stdout.split()[1]) > 3000


def test_parallel_ingest_skips_bad_files(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01" * 100)
    copy = tmp_path / "copy.txt"
    copy.write_text(HAIKOU.read_text(encoding="utf-8"), encoding="utf-8")
    r = run("ingest", str(HAIKOU), str(bad), str(copy), "--store", str(tmp_path / "s"), "--jobs", "2")
    assert r.returncode == 2 and "binary" in r.stderr
    assert "ingested 2 report(s)" in r.stdout and "holds 1 report graph(s)" in r.stdout


def test_compare_files_and_stored_reports(tmp_path):
    store = tmp_path / "store"
    run("ingest", str(HAIKOU), "--store", str(store))
    other = tmp_path / "other.txt"
    other.write_text(
        "三亚市人民政府2022年法治政府建设情况报告\n2022年，我市深入推进“放管服”改革，落实《法治政府建设实施纲要（2021—2025年）》。"
        "市司法局办理法律援助案件1200件。行政机关负责人出庭应诉率达95%。\n",
        encoding="utf-8",
    )
    r = run("compare", "460100-2022-fazhi", str(other), "--store", str(store))
    assert r.returncode == 0, r.stderr
    assert "shared: 法治政府建设实施纲要（2021—2025年）" in r.stdout
    assert "司法行政机关" in r.stdout.split("== agency types")[1].split("==")[0]
    assert re.search(r"法律援助案件\S*\s+A 5426件\s+B 1200件", r.stdout)
    bad = run("compare", "460100-2099-fazhi", str(other), "--store", str(store))
    assert bad.returncode == 2 and "no report" in bad.stderr

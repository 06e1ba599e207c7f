"""The SPARQL endpoint (driven by SPARQLWrapper and curl) and pushing to a real Oxigraph server."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from conftest import HAIKOU, ROOT
from servers import free_port, wait_for
from servers import oxigraph_server as _oxigraph_server

import govgraph
from govgraph import canned_queries
from govgraph import ingest as ingest_files
from govgraph import push as push_store
from govgraph.store.remote import remote_query


def OxigraphStore(path):  # noqa: N802 - a store opened for writing, as the tests here need
    return govgraph.open_store(path, write=True)


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    path = tmp_path_factory.mktemp("serve") / "store"
    ingest_files([HAIKOU], OxigraphStore(path))
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "govgraph",
            "serve",
            "--store",
            str(path),
            "--port",
            str(port),
            "--timeout",
            "3",
            "--max-rows",
            "5000",
        ],
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    url = f"http://127.0.0.1:{port}/sparql"
    wait_for(url, proc)
    yield url, path
    proc.kill()
    proc.wait()


def curl(*args: str) -> subprocess.CompletedProcess[str]:
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    return subprocess.run(["curl", "-s", "-m", "30", *args], capture_output=True, text=True)


def test_sparqlwrapper_select_and_construct(endpoint):
    sw = pytest.importorskip("SPARQLWrapper")
    url, _ = endpoint
    client = sw.SPARQLWrapper(url)
    client.setQuery("PREFIX gg: <https://w3id.org/govgraph/def#> SELECT (COUNT(?a) AS ?n) WHERE { ?a a gg:Agency }")
    client.setReturnFormat(sw.JSON)
    assert client.query().convert()["results"]["bindings"][0]["n"]["value"] == "17"
    client.setMethod(sw.POST)
    client.setQuery("PREFIX gg: <https://w3id.org/govgraph/def#> CONSTRUCT { ?a a gg:Agency } WHERE { ?a a gg:Agency }")
    client.setReturnFormat(sw.TURTLE)
    assert b"govgraph" in client.query().convert()


def test_content_negotiation_with_curl(endpoint):
    url, _ = endpoint
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    for accept, marker in (
        ("text/csv", "n\n"),
        ("text/tab-separated-values", "?n"),
        ("application/sparql-results+xml", "<sparql"),
        ("application/sparql-results+json", '"bindings"'),
    ):
        r = curl("-H", f"Accept: {accept}", "--data-urlencode", f"query={q}", url)
        assert marker in r.stdout, accept
    r = curl(
        "-H",
        "Accept: application/n-triples",
        "-H",
        "Content-Type: application/sparql-query",
        "--data",
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3",
        url,
    )
    assert r.stdout.count(" .\n") == 3
    r = curl("-G", "--data-urlencode", "query=ASK { ?s ?p ?o }", url)
    assert '"boolean":true' in r.stdout


def test_read_only_limits_cors_and_description(endpoint):
    url, _ = endpoint
    r = curl("-w", " %{http_code}", "--data-urlencode", "update=DROP ALL", url)
    assert r.stdout.endswith(" 403") and "read-only" in r.stdout
    r = curl("-w", " %{http_code}", "-H", "Content-Type: application/sparql-update", "--data", "CLEAR ALL", url)
    assert r.stdout.endswith(" 403")
    slow = "query=SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    r = curl("-w", " %{http_code}", "--data-urlencode", slow, url)
    assert r.stdout.endswith(" 503") and "longer than 3 s" in r.stdout
    r = curl("-w", " %{http_code}", "--data-urlencode", "query=SELECT * WHERE { ?s ?p ?o }", url)
    assert r.stdout.endswith(" 413") and "more than 5,000 rows" in r.stdout
    r = curl("-w", " %{http_code}", "--data-urlencode", "query=SELEC", url)
    assert r.stdout.endswith(" 400") and "malformed" in r.stdout
    r = curl("-i", "-H", "Origin: http://example.org", "-G", "--data-urlencode", "query=ASK {}", url)
    assert "access-control-allow-origin" not in r.stdout.lower()  # CORS is off unless --cors
    assert "sd:Service" in curl(url).stdout
    page = curl(url.replace("/sparql", "/")).stdout
    assert "canned" in page and "target-vs-outcome" in page


def test_the_store_is_busy_while_served(endpoint):
    _, path = endpoint
    r = subprocess.run(
        [sys.executable, "-m", "govgraph", "ingest", str(HAIKOU), "--store", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert r.returncode == 2 and "busy" in r.stderr and "Traceback" not in r.stderr


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    with _oxigraph_server(tmp_path_factory.mktemp("oxi")) as base:
        yield base


def test_a_worker_reopens_its_view_when_files_went_away(tmp_path):
    """A read-only view that fails to read (RocksDB compacted files away under it) is opened again
    and the query answered, instead of failing every query from then on."""
    import pyoxigraph as ox

    from govgraph.store.session import ReadSession

    ingest_files([HAIKOU], OxigraphStore(tmp_path / "s"))
    opened: list[str] = []

    class _Gone:
        def query(self, *_, **__):
            raise FileNotFoundError("IO error: No such file or directory: /…/000123.sst")

    def open_store(path: str):
        opened.append(path)
        return _Gone() if len(opened) == 1 else ox.Store.read_only(path)

    session = ReadSession(str(tmp_path / "s"), open_store)
    query = "SELECT ?r WHERE { ?r a <https://w3id.org/govgraph/def#Report> }"
    media, body, rows = session.answer(query, "text/csv", None)
    assert len(opened) == 2 and media == "text/csv" and rows == 1 and b"460100-2022-fazhi" in body


def test_push_to_oxigraph_server_and_same_answers(oxigraph_server, tmp_path):
    from conftest import CORPUS

    files = [HAIKOU] + sorted((CORPUS / "fazhi").glob("*.txt")) if CORPUS.is_dir() else [HAIKOU]
    store = OxigraphStore(tmp_path / "store")
    ingest_files(files, store, jobs=2)
    first = push_store(store, oxigraph_server + "/store")
    assert first.sent == len(store.named_graphs()) and not first.failed
    again = push_store(store, oxigraph_server + "/store")
    assert again.sent == 0 and again.unchanged == first.sent  # a second push changes nothing
    for q in canned_queries():
        text = q.render()
        local = sorted(map(tuple, store.query(text).texts))
        remote = sorted(map(tuple, remote_query(oxigraph_server + "/query", text).texts))
        assert local == remote, q.name


def test_ingest_into_a_server_through_the_store_interface(tmp_path):
    """The same ingest writes to a SPARQL server (Graph Store Protocol) instead of the embedded store."""
    local = OxigraphStore(tmp_path / "local")
    ingest_files([HAIKOU], local)
    with _oxigraph_server(tmp_path / "server") as base:
        r = subprocess.run(
            [
                sys.executable,
                "-m",
                "govgraph",
                "ingest",
                str(HAIKOU),
                "--store",
                base + "/query",
                "--graph-store",
                base + "/store",
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        assert r.returncode == 0, r.stderr
        assert "store holds 1 report graph(s)" in r.stdout
        for q in canned_queries():
            text = q.render()
            got = subprocess.run(
                [sys.executable, "-m", "govgraph", "query", text, "--endpoint", base + "/query", "--format", "json"],
                capture_output=True,
                text=True,
                cwd=ROOT,
            )
            assert got.returncode == 0, got.stderr
            data = json.loads(got.stdout)
            remote = sorted(tuple(row.get(v) for v in data["variables"]) for row in data["rows"])
            assert remote == sorted(map(tuple, local.query(text).texts)), q.name
        r = subprocess.run(
            [sys.executable, "-m", "govgraph", "ingest", str(HAIKOU), "--store", base + "/query"],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        assert r.returncode != 0 and "--graph-store" in r.stderr and "Traceback" not in r.stderr

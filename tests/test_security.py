"""Issue 16: no request leaves the machine, no query takes the endpoint or the command line down.

Every server here listens on 127.0.0.1 only, every wait is bounded in time; SERVICE targets are
sockets the tests open on 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from conftest import HAIKOU, ROOT
from servers import free_port

import govgraph
from govgraph.errors import QueryError
from govgraph.store.guard import QueryGuard, _tokens, check_query, service_targets

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
DEEP = "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"  # 10 KB; segfaulted Oxigraph


# --- helpers


class Listener:
    """A socket on 127.0.0.1 that records whether anything connected to it (a SERVICE target)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.hits: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1)
                with contextlib.suppress(OSError):
                    self.hits.append(conn.recv(200))

    def close(self) -> list[bytes]:
        time.sleep(0.3)  # a late connection still counts
        self._stop.set()
        self._thread.join(2)
        self.sock.close()
        return self.hits


@pytest.fixture
def listener():
    ear = Listener()
    yield ear
    ear.close()


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sec") / "store"
    with govgraph.open_store(path, write=True) as s:
        govgraph.ingest([HAIKOU], s)
    return path


def _processes(text: str) -> list[int]:
    """Ids of live processes whose command line holds ``text``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if text in cmd and state != "Z":
            found.append(int(entry.name))
    return found


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                out.append(int(entry.name))
    return sorted(out)


@contextlib.contextmanager
def server(store: Path, *args: str, workers: int = 2):
    """``govgraph serve`` on 127.0.0.1, ready when its workers are; killed at the end."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "govgraph", "serve", "--store", str(store), "--port", str(port), *args],
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    url = f"http://127.0.0.1:{port}/sparql"
    deadline = time.time() + 60
    while True:
        if proc.poll() is not None:
            raise RuntimeError(proc.stderr.read() if proc.stderr else "server exited")
        try:
            urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=5).read()
            break
        except OSError:
            if time.time() > deadline:
                proc.kill()
                raise
            time.sleep(0.2)
    try:
        yield url, proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()


def post(url: str, query: str | None = None, *, timeout: float = 30, headers=None, data: bytes | None = None):
    """(status, headers, body text) of a POST of ``query`` as a form (or of raw ``data``)."""
    body = data if data is not None else urllib.parse.urlencode({"query": query}).encode()
    hdrs = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
    req = urllib.request.Request(url, data=body, method="POST", headers=hdrs)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read().decode("utf-8", "replace")


def cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "govgraph", *args], capture_output=True, text=True, cwd=ROOT, timeout=timeout
    )


def one_line(text: str) -> bool:
    return text.count("\n") <= 1 and "Traceback" not in text


# --- 1. federation is off


REFUSED = [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:{port}/x?secret=1> { ?s ?p ?o } }",
    "select * where { service <http://127.0.0.1:{port}/x> { ?s ?p ?o } }",
    "SELECT * WHERE { SeRvIcE SILENT <http://127.0.0.1:{port}/x> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE\tsilent\n<http://127.0.0.1:{port}/x>{} }",
    "PREFIX : <http://127.0.0.1:{port}/> SELECT * WHERE { SERVICE:x {} }",
    "PREFIX ex: <http://127.0.0.1:{port}/> SELECT * WHERE { SERVICEex:x {} }",
    "PREFIX : <http://127.0.0.1:{port}/> SELECT * WHERE { ?s ?p ?o.SERVICE:x{} }",
    "PREFIX : <http://127.0.0.1:{port}/> SELECT * WHERE { service silent:x {} }",
    "SELECT * WHERE { OPTIONAL {} SERVICE#c\n<http://127.0.0.1:{port}/x>{} }",
    "SELECT * WHERE { ?s ?p 'a' SERVICE <http://127.0.0.1:{port}/x> {} }",
    'SELECT * WHERE { ?s ?p "\\"" SERVICE <http://127.0.0.1:{port}/x> {} }',
    "SELECT * WHERE { ?s <p:a\\#> ?o . SERVICE <http://127.0.0.1:{port}/x> {} }",
    "PREFIX e: <p:> SELECT * WHERE { ?s e:a\\# ?o . SERVICE <http://127.0.0.1:{port}/x> {} }",
    "PREFIX e: <p:> SELECT * WHERE { ?s e:a\\' ?o . SERVICE <http://127.0.0.1:{port}/x> {} }",
    "SELECT * WHERE { BIND(<http://127.0.0.1:{port}/x> AS ?u) SERVICE ?u {} }",
]
ALLOWED = [
    'SELECT ("SERVICE <http://127.0.0.1:{port}/x> {}" AS ?x) WHERE {}',
    "SELECT ('''\nSERVICE <http://127.0.0.1:{port}/x> {}\n''' AS ?x) WHERE {}",
    "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://127.0.0.1:{port}/x> {}",
    "SELECT ?service WHERE { ?service <http://127.0.0.1:{port}/service> ?o }",
    "PREFIX e: <http://e/> SELECT * WHERE { ?s e:service ?o }",
    'SELECT * WHERE { ?s ?p "a\\" SERVICE <http://127.0.0.1:{port}/x> {}" }',
]


def test_the_guard_refuses_service_however_written_and_only_as_a_keyword():
    for q in REFUSED:
        with pytest.raises(QueryError, match="^federation is disabled"):
            check_query(q.replace("{port}", "9"))
    for q in ALLOWED:
        check_query(q.replace("{port}", "9"))


def test_service_reaches_nothing_from_the_store(store_path, listener):
    """Every spelling that made Oxigraph connect is refused before it runs: the listener hears nothing."""
    with govgraph.open_store(store_path) as store:
        for q in REFUSED:
            with pytest.raises(QueryError) as e:
                store.query(q.replace("{port}", str(listener.port)))
            assert "federation is disabled" in str(e.value) and "\n" not in str(e.value)
        for q in ALLOWED:
            store.query(q.replace("{port}", str(listener.port)))
    assert listener.close() == []


def test_the_guard_agrees_with_rdflib_on_what_is_a_service_call():
    """rdflib's SPARQL parser and the tokeniser see the same SERVICE calls (where rdflib parses at all)."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parser import parseQuery

    def rdflib_services(q: str) -> int:
        found = 0

        def walk(node):
            nonlocal found
            if getattr(node, "name", None) == "ServiceGraphPattern":
                found += 1
            if isinstance(node, dict):
                for v in node.values():
                    walk(v)
            elif isinstance(node, (list, tuple, ParseResults)):
                for v in node:
                    walk(v)

        walk(parseQuery(q))
        return found

    checked = 0
    for q in REFUSED + ALLOWED:
        text = q.replace("{port}", "9")
        try:
            expected = rdflib_services(text)
        except Exception:  # rdflib does not parse every form Oxigraph does (SERVICE:x, ?o.SERVICE)
            continue
        assert len(service_targets(_tokens(text))) == expected, text
        checked += 1
    assert checked >= 12


def test_allow_service_lets_through_only_the_hosts_named(store_path, listener):
    guard = QueryGuard(allow_service=frozenset({f"127.0.0.1:{listener.port}"}))
    guard.check(f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/x> {{}} }}")
    for other in (
        f"SELECT * WHERE {{ SERVICE <http://localhost:{listener.port}/x> {{}} }}",
        f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port + 1}/x> {{}} }}",
        f"SELECT * WHERE {{ SERVICE <http://evil@127.0.0.2:{listener.port}/x> {{}} }}",
        "SELECT * WHERE { SERVICE <file:///etc/passwd> {} }",
        "SELECT * WHERE { BIND(<http://127.0.0.1/> AS ?u) SERVICE ?u {} }",
    ):
        with pytest.raises(QueryError, match="federation is disabled"):
            guard.check(other)
    r = cli(
        "query",
        f"SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{listener.port}/x> {{ ?s ?p ?o }} }}",
        "--store",
        str(store_path),
        "--allow-service",
        "127.0.0.1",
        "--timeout",
        "20",
    )
    assert r.returncode == 0, r.stderr
    hits = listener.close()
    assert hits and hits[0].startswith(b"POST /x")  # the allowed host was called, and only because allowed


# --- the endpoint: one server with small limits for most tests


@pytest.fixture(scope="module")
def endpoint(store_path):
    with server(
        store_path,
        "--timeout",
        "3",
        "--max-rows",
        "5000",
        "--max-triples",
        "1000",
        "--worker-memory-mb",
        "500",
        "--max-body",
        "100000",
    ) as (url, proc):
        yield url, proc


def test_endpoint_refuses_service_with_400_and_reaches_nothing(endpoint, listener):
    url, _ = endpoint
    for q in REFUSED:
        status, _, body = post(url, q.replace("{port}", str(listener.port)))
        assert status == 400 and body.startswith("federation is disabled") and one_line(body), (q, body)
    status, _, _ = post(url, ALLOWED[0].replace("{port}", str(listener.port)))
    assert status == 200
    assert listener.close() == []


def test_serve_allow_service_lets_through_only_the_hosts_named(store_path, listener):
    with server(store_path, "--allow-service", f"127.0.0.1:{listener.port}", "--workers", "1") as (url, _):
        status, _, body = post(url, f"SELECT * WHERE {{ SERVICE <http://localhost:{listener.port}/x> {{}} }}")
        assert status == 400 and body.startswith("federation is disabled")
        assert listener.hits == []
        q = f"SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{listener.port}/y> {{ ?s ?p ?o }} }}"
        assert post(url, q)[0] == 200
    hits = listener.close()
    assert len(hits) == 1 and hits[0].startswith(b"POST /y")


def test_the_guard_bounds_what_crashes_or_stalls_the_engine():
    with pytest.raises(QueryError, match="characters long"):
        check_query("SELECT * WHERE { ?s ?p '" + "x" * 100_001 + "' }")
    with pytest.raises(QueryError, match="tokens"):
        check_query("SELECT * WHERE { " + " BIND(1 AS ?x)" * 3000 + " }")  # overflowed Oxigraph's stack
    with pytest.raises(QueryError, match="path steps"):
        check_query("SELECT * WHERE { ?s " + "/".join(["<p:x>"] * 1000) + " ?o }")  # minutes on an empty store
    with pytest.raises(QueryError, match="string literal is not closed"):
        check_query("SELECT * WHERE { ?s ?p 'open }")
    check_query("SELECT * WHERE { ?s " + "/".join(["<p:x>"] * 100) + " ?o }")
    check_query("SELECT * WHERE { FILTER(" + "(" * 60 + "1" + ")" * 60 + ") }")


def test_the_store_guard_lets_govgraph_s_own_long_values_lists_through(store_path):
    """damaged_reports lists every graph of a batch in VALUES: 20,000 IRIs are no attack."""
    with govgraph.open_store(store_path) as store:
        assert store.damaged_reports([f"https://w3id.org/govgraph/report/{i}" for i in range(20_000)]) == []
    with pytest.raises(QueryError, match="tokens"):  # outside VALUES the token bound holds
        check_query("SELECT * WHERE { " + " BIND(1 AS ?x)" * 3000 + " }", QueryGuard(max_chars=None))


def test_a_query_in_its_own_process_answers_as_in_place(store_path):
    with govgraph.open_store(store_path) as store:
        for q in govgraph.canned_queries()[:4]:
            text = q.render()
            here, there = store.query(text), govgraph.query_isolated(store, text, timeout=60)
            assert (there.variables, there.rows, there.texts) == (here.variables, here.rows, here.texts), q.name


def test_cors_is_off_by_default_and_the_query_page_is_same_origin(endpoint):
    url, _ = endpoint
    status, headers, _ = post(url, "ASK {}", headers={"Origin": "http://evil.example"})
    assert status == 200 and not any(k.lower().startswith("access-control") for k in headers)
    page = urllib.request.urlopen(url.replace("/sparql", "/"), timeout=10).read().decode()
    assert 'data-endpoint="/sparql"' in page  # the page asks its own origin: no CORS needed


def test_cors_allows_only_the_origins_given(store_path):
    with server(store_path, "--cors", "https://ok.example", "--workers", "1") as (url, _):
        _, headers, _ = post(url, "ASK {}", headers={"Origin": "https://ok.example"})
        assert headers.get("access-control-allow-origin") == "https://ok.example"
        _, headers, _ = post(url, "ASK {}", headers={"Origin": "http://evil.example"})
        assert "access-control-allow-origin" not in headers


def test_a_deeply_nested_query_is_refused_before_any_parser(endpoint, store_path):
    url, proc = endpoint
    before = _children(proc.pid)
    status, _, body = post(url, DEEP)
    assert status == 400 and "nests brackets 5,002 deep" in body and one_line(body)
    for _ in range(3):  # it used to kill a worker each time; two such requests ended the endpoint
        assert post(url, DEEP)[0] == 400
    assert post(url, "ASK { ?s ?p ?o }")[0] == 200
    assert _children(proc.pid) == before  # no worker died
    r = cli("query", DEEP, "--store", str(store_path))
    assert r.returncode == 2 and "nests brackets" in r.stderr and one_line(r.stderr)


def test_a_worker_over_its_memory_is_replaced_and_the_request_gets_a_5xx(endpoint):
    url, proc = endpoint
    before = _children(proc.pid)
    assert len(before) == 4  # two query processes, their standby, one view process
    status, _, body = post(url, "SELECT ?c ?f WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1")
    assert status == 500 and "memory" in body and one_line(body), body
    for _ in range(4):  # the pool is whole again: every later request is answered
        assert post(url, "ASK { ?s ?p ?o }")[:1] == (200,)
    deadline = time.time() + 10
    while len(_children(proc.pid)) != 4 and time.time() < deadline:
        time.sleep(0.2)
    after = _children(proc.pid)
    assert len(after) == 4 and len(set(before) - set(after)) == 1  # the one that died, replaced


def test_rows_are_counted_while_read(endpoint):
    url, _ = endpoint
    t0 = time.time()
    status, _, body = post(url, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }")  # 36 million rows
    assert status == 413 and "more than 5,000 rows" in body and time.time() - t0 < 3
    status, _, body = post(url, "CONSTRUCT { ?a ?b ?f } WHERE { ?a ?b ?c . ?d ?e ?f }")
    assert status == 413 and "more than 1,000 triples" in body
    q = 'SELECT ?x WHERE { ?s ?p ?o BIND("line one\\nline two, and more" AS ?x) } LIMIT 5000'
    status, _, body = post(url, q, headers={"Accept": "text/csv"})
    assert status == 200 and body.count("line two") == 5000  # line breaks inside values are no rows
    status, _, body = post(url, q.replace("5000", "5001"), headers={"Accept": "text/csv"})
    assert status == 413


def test_the_request_body_is_bounded(endpoint):
    url, _ = endpoint
    status, _, body = post(url, data=b"query=" + b"x" * 200_000)
    assert status == 413 and "larger than 100,000 bytes" in body
    status, _, body = post(url, data=b"ASK {}" + b" " * 200_000, headers={"Content-Type": "application/sparql-query"})
    assert status == 413


def _give_up_after(url: str, query: str, seconds: float) -> threading.Thread:
    """A client that sends ``query`` and disconnects after ``seconds``."""

    def run() -> None:
        with contextlib.suppress(OSError):
            post(url, query, timeout=seconds)

    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t


def test_a_client_that_goes_away_cancels_its_query(store_path):
    with server(store_path, "--timeout", "60") as (url, proc):
        before = _children(proc.pid)
        clients = [_give_up_after(url, SLOW, 1.0) for _ in range(2)]  # both workers busy, then abandoned
        for c in clients:
            c.join(5)
        t0 = time.time()
        status, _, _ = post(url, "ASK { ?s ?p ?o }", timeout=20)
        waited = time.time() - t0
        assert status == 200 and waited < 5, waited  # it waited 60 s behind abandoned queries before
        deadline = time.time() + 10
        while len(_children(proc.pid)) != len(before) and time.time() < deadline:
            time.sleep(0.2)
        after = _children(proc.pid)
        # both busy workers ended and replaced (a third too when the query moved off the short-query lane
        # started again before its client was seen gone)
        assert len(set(before) - set(after)) >= 2 and len(after) == len(before) == 4


def test_a_full_queue_answers_503_with_retry_after(store_path):
    with server(store_path, "--timeout", "8", "--workers", "1", "--queue", "1") as (url, _):
        clients = [_give_up_after(url, SLOW, 10.0) for _ in range(2)]  # one running, one waiting
        time.sleep(1.5)
        t0 = time.time()
        status, headers, body = post(url, "ASK {}", timeout=10)
        assert status == 503 and headers.get("retry-after") == "5" and "busy" in body and time.time() - t0 < 2
        for c in clients:
            c.join(15)


def test_views_are_built_once_per_store_state(store_path):
    import asyncio

    from govgraph.serve.app import _ViewCache
    from govgraph.serve.workers import QueryWorkers

    with govgraph.open_store(store_path) as store:

        async def run():
            pool = QueryWorkers(str(store_path), 1)
            await pool.start()
            try:
                cache = _ViewCache(store, pool, timeout=120)
                pages = await asyncio.gather(*[cache.page("cross-city") for _ in range(10)], cache.page("overview"))
                again = await cache.page("cross-city")
                return cache, pages, again
            finally:
                await pool.close()

        cache, pages, again = asyncio.run(run())
    assert cache.builds == 1 and cache.renders == 2  # one corpus graph, one page per view, 12 requests
    assert again == pages[0] and b"<html" in again.lower()


# --- 5. no orphans


def _descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        kids = _children(todo.pop())
        out += kids
        todo += kids
    return out


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_workers_end_with_the_server_however_it_ends(store_path, tmp_path, sig):
    import shutil

    own = tmp_path / "store"  # a store no other server here has open
    shutil.copytree(store_path, own)
    with server(own, "--timeout", "60") as (url, proc):
        family = _descendants(proc.pid)  # the query processes, and a resource tracker if there were one
        assert len(family) == 4  # two query processes, their standby, one view process
        _give_up_after(url, SLOW, 30)
        time.sleep(1.0)  # mid-query
        os.kill(proc.pid, sig)
        proc.wait(15)
        deadline = time.time() + 5
        while time.time() < deadline and ([p for p in family if p in _processes("")] or _processes(str(own))):
            time.sleep(0.1)
        assert [p for p in family if p in _processes("")] == [] and _processes(str(own)) == []


# --- 6. the command line


def test_cli_query_has_a_timeout(store_path):
    t0 = time.time()
    r = cli("query", SLOW, "--store", str(store_path), "--timeout", "2")
    assert r.returncode == 2 and "longer than 2 s" in r.stderr and one_line(r.stderr)
    assert time.time() - t0 < 10


def _cli_in_background(store_path: Path, query: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "govgraph", "query", query, "--store", str(store_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    deadline = time.time() + 20
    while not _children(proc.pid) and time.time() < deadline:
        time.sleep(0.1)
    time.sleep(1.5)  # the query process is running the query
    return proc


def test_cli_query_stops_on_ctrl_c_within_a_second(store_path):
    proc = _cli_in_background(store_path, SLOW)
    child = _children(proc.pid)
    t0 = time.time()
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=10)
    assert time.time() - t0 < 1.0
    assert proc.returncode == 130 and "interrupted" in err and one_line(err)
    time.sleep(0.3)
    assert not [p for p in child if p in _processes("govgraph.serve.child")]


def test_cli_turns_a_crashed_query_into_one_line(store_path):
    proc = _cli_in_background(store_path, SLOW)
    for child in _children(proc.pid):
        os.kill(child, signal.SIGSEGV)  # as the engine crashed
    _, err = proc.communicate(timeout=20)
    assert proc.returncode == 2 and "SIGSEGV" in err and one_line(err), err


def test_cli_query_memory_is_bounded(store_path):
    r = cli(
        "query",
        "SELECT ?c ?f WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1",
        "--store",
        str(store_path),
        "--memory-mb",
        "500",
        "--timeout",
        "60",
    )
    assert r.returncode == 2 and "memory" in r.stderr and one_line(r.stderr), r.stderr


# --- 7. fuzz: malformed and adversarial queries, bounded in time

_FUZZ_STORE_SCRIPT = """
import json, sys
import govgraph
from govgraph.errors import GovgraphError
from govgraph.store.oxigraph import OxigraphStore
store = OxigraphStore()
store.replace_graph("http://e/g", "<http://e/a> <http://e/p> <http://e/b> .\\n<http://e/b> <http://e/p> 'x' .")
bad = []
for q in json.load(open(sys.argv[1], encoding="utf-8")):
    try:
        store.query(q)
    except GovgraphError as e:
        if "\\n" in str(e):
            bad.append(("two lines", q[:80], str(e)[:200]))
    except BaseException as e:
        bad.append((type(e).__name__, q[:80], str(e)[:200]))
print(json.dumps(bad))
"""


def _fuzz_queries(port: int, n: int = 300, seed: int = 16) -> list[str]:
    """Malformed and adversarial queries: token soup, deep and flat nesting, huge literals, SERVICE
    spelt every way, unicode (lone surrogates included), and canned queries with bytes changed."""
    import random

    rnd = random.Random(seed)
    words = [
        "SELECT",
        "ASK",
        "CONSTRUCT",
        "DESCRIBE",
        "WHERE",
        "{",
        "}",
        "(",
        ")",
        "[",
        "]",
        "?s",
        "?p",
        "?o",
        "$x",
        ".",
        ";",
        ",",
        "FILTER",
        "OPTIONAL",
        "UNION",
        "MINUS",
        "BIND",
        "AS",
        "VALUES",
        "GRAPH",
        "*",
        "+",
        "/",
        "|",
        "^",
        "!",
        "<http://e/a>",
        "<",
        ">",
        "'x'",
        '"y"',
        '"""z"""',
        "1",
        "2.5",
        "true",
        "a",
        "PREFIX",
        "e:",
        "e:a",
        "BASE",
        "LIMIT",
        "ORDER",
        "BY",
        "GROUP",
        "COUNT",
        "SERVICE",
        "SILENT",
        "#",
        "\\n",
        "<<",
        ">>",
        "\\u0053ERVICE",
        "séRVICE",
        "ſervice",
        "日本語",
        "\\",
        "'",
        '"',
        "@zh",
        "^^",
        "_:b",
        "()",
    ]
    target = f"<http://127.0.0.1:{port}/x>"
    canned = [q.render() for q in govgraph.canned_queries()]
    out: list[str] = []
    while len(out) < n:
        kind = len(out) % 7
        if kind == 0:
            out.append(" ".join(rnd.choice(words) for _ in range(rnd.randint(1, 60))))
        elif kind == 1:
            d = rnd.choice([10, 70, 500, 5000, 20000])
            o, c = rnd.choice([("(", ")"), ("{", "}"), ("[", "]"), ("<<", ">>")])
            out.append("SELECT * WHERE { FILTER(" + o * d + "1" + c * rnd.choice([0, d]) + ") }")
        elif kind == 2:
            lit = rnd.choice(["a", "\\n", "'", '\\"', "日"]) * rnd.randint(1000, 120_000)
            out.append(f'SELECT ("{lit}" AS ?x) WHERE {{}}')
        elif kind == 3:
            kw = "".join(ch.upper() if rnd.random() < 0.5 else ch for ch in "service")
            sep = rnd.choice([" ", "\t", "\n", "#c\n", ""])
            silent = rnd.choice(["", " SILENT ", " silent\n"])
            out.append(
                f"PREFIX : <http://127.0.0.1:{port}/> SELECT * WHERE {{ ?s ?p ?o {kw}{silent}{sep}{target} {{}} }}"
            )
        elif kind == 4:
            chars = "".join(
                chr(rnd.choice([rnd.randint(0, 0x7F), rnd.randint(0x80, 0xFFFF), 0xD800])) for _ in range(80)
            )
            out.append(f"SELECT * WHERE {{ ?s ?p '{chars}' }}" if rnd.random() < 0.5 else chars)
        elif kind == 5:
            q = list(rnd.choice(canned))
            for _ in range(rnd.randint(1, 8)):
                i = rnd.randrange(len(q))
                q[i : i + rnd.randint(0, 3)] = rnd.choice(["", "{", ")", "'", "SERVICE <x:>", "\\", "#", "日"])
            out.append("".join(q))
        else:
            op = rnd.choice(["+", "&&", "||", " UNION ", "/"])
            m = rnd.choice([100, 3000, 20000])
            atom = {"+": "1", "&&": "true", "||": "false", " UNION ": "{}", "/": "<p:x>"}[op]
            body = op.join([atom] * m)
            out.append(
                f"SELECT * WHERE {{ ?s {body} ?o }}"
                if op == "/"
                else f"SELECT * WHERE {{ {body} }}"
                if op == " UNION "
                else f"SELECT ({body} AS ?x) WHERE {{}}"
            )
    return out


def test_fuzz_never_a_traceback_a_crash_or_a_hang(store_path, tmp_path, listener):
    import json

    queries = _fuzz_queries(listener.port)
    started = time.time()
    (tmp_path / "q.json").write_text(json.dumps(queries), encoding="utf-8")
    (tmp_path / "fuzz.py").write_text(_FUZZ_STORE_SCRIPT, encoding="utf-8")
    r = subprocess.run(
        [sys.executable, str(tmp_path / "fuzz.py"), str(tmp_path / "q.json")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=40,
    )
    assert r.returncode == 0, r.stderr[-500:]  # a segfault would be -11
    assert json.loads(r.stdout) == []
    with server(store_path, "--timeout", "2", "--max-body", str(2**20)) as (url, proc):
        workers = _children(proc.pid)
        for q in queries:
            body = q.encode("utf-8", "surrogatepass")
            status, _, text = post(url, data=body, headers={"Content-Type": "application/sparql-query"}, timeout=20)
            assert status in (200, 400, 403, 413, 503), (status, q[:80], text[:200])
            if status != 200:
                assert one_line(text), text
        assert len(_children(proc.pid)) == len(workers) == 4  # the pool never shrank
    assert listener.close() == []
    assert time.time() - started < 60

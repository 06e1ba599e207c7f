"""``govgraph push``: authentication (Basic and Digest, against a small server written here), passwords
kept out of every message and file, ``--verify`` repairing a graph deleted on a real Oxigraph server, and
``--force``."""

from __future__ import annotations

import contextlib
import hashlib
import http.server
import json
import os
import secrets
import subprocess
import sys
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import HAIKOU, ROOT
from servers import oxigraph_server

import govgraph
from govgraph.store.push import STATE_FILE, remote_counts
from govgraph.store.remote import Auth, redact, remote_query, split_credentials

PASSWORD = "s3cret-Pa55"
REPORT = "https://w3id.org/govgraph/report/460100-2022-fazhi"


def run(*args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "govgraph", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        input=stdin if stdin is not None else "",
        env={**os.environ, **(env or {})},
        timeout=300,
    )


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("push") / "store"
    with govgraph.open_store(path, write=True) as s:
        govgraph.ingest([HAIKOU], s)
    return path


# ---- a Graph Store that demands credentials -------------------------------------------------------------


class _GraphStore(http.server.BaseHTTPRequestHandler):
    """PUT, POST, GET and HEAD of graphs held in memory, each request checked against ``scheme`` (basic or
    digest). Like Virtuoso, it refuses a request before reading its body and closes the connection."""

    scheme = "basic"
    realm = "govgraph-test"
    graphs: dict[str, bytes] = {}
    seen: list[str] = []  # "METHOD authorised?" per request, to check what was sent when

    def log_message(self, *args: object) -> None:
        pass

    def do_PUT(self) -> None:  # noqa: N802 - http.server's naming
        self._handle(lambda g, body: self.graphs.__setitem__(g, body))

    def do_POST(self) -> None:  # noqa: N802
        self._handle(lambda g, body: self.graphs.__setitem__(g, self.graphs.get(g, b"") + body))

    def do_GET(self) -> None:  # noqa: N802
        self._handle(None)

    def do_HEAD(self) -> None:  # noqa: N802
        self._handle(None)

    def _handle(self, write: object) -> None:
        ok = self._authorised()
        self.seen.append(f"{self.command} {ok}")
        if not ok:
            self._challenge()  # the body is left unread, as Virtuoso does
            return
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        graph = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)["graph"][0]
        if callable(write):
            write(graph, body)
            self._reply(204, b"")
        elif graph in self.graphs:
            self._reply(200, self.graphs[graph])
        else:
            self._reply(404, b"no such graph")

    def _reply(self, code: int, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _challenge(self) -> None:
        self.send_response(401)
        if self.scheme == "basic":
            self.send_header("WWW-Authenticate", f'Basic realm="{self.realm}"')
        else:
            self.send_header(
                "WWW-Authenticate",
                f'Digest realm="{self.realm}", nonce="{secrets.token_hex(8)}", qop="auth", algorithm=MD5',
            )
        self.send_header("Content-Length", "0")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True

    def _authorised(self) -> bool:
        header = self.headers.get("Authorization", "")
        if self.scheme == "basic":
            import base64

            return header == "Basic " + base64.b64encode(f"dba:{PASSWORD}".encode()).decode()
        if not header.startswith("Digest "):
            return False
        fields = dict(
            (k.strip(), v.strip().strip('"'))
            for k, _, v in (part.partition("=") for part in _split_digest(header[len("Digest ") :]))
        )

        def md5(text: str) -> str:
            return hashlib.md5(text.encode()).hexdigest()

        ha1 = md5(f"{fields.get('username')}:{self.realm}:{PASSWORD}")
        ha2 = md5(f"{self.command}:{fields.get('uri')}")
        expected = md5(f"{ha1}:{fields.get('nonce')}:{fields.get('nc')}:{fields.get('cnonce')}:auth:{ha2}")
        return fields.get("username") == "dba" and fields.get("response") == expected


def _split_digest(text: str) -> list[str]:
    """Split a Digest header's fields on commas outside quotes."""
    parts, current, quoted = [], "", False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        if ch == "," and not quoted:
            parts.append(current)
            current = ""
        else:
            current += ch
    return [*parts, current]


@contextlib.contextmanager
def auth_server(scheme: str) -> Iterator[type[_GraphStore]]:
    handler = type("Handler", (_GraphStore,), {"scheme": scheme, "graphs": {}, "seen": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    handler.url = f"http://127.0.0.1:{server.server_address[1]}/store"  # type: ignore[attr-defined]
    try:
        yield handler
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


# ---- credentials ----------------------------------------------------------------------------------------


def test_userinfo_is_taken_out_of_urls_and_never_repr() -> None:
    url, auth = split_credentials(f"http://dba:{PASSWORD}@127.0.0.1:8890/sparql-graph-crud-auth")
    assert url == "http://127.0.0.1:8890/sparql-graph-crud-auth" and auth is not None
    assert (auth.user, auth.password) == ("dba", PASSWORD) and PASSWORD not in repr(auth)
    assert redact("https://u:p@h/x?graph=y") == "https://h/x?graph=y"
    given = Auth("other", "pw", "digest")
    assert split_credentials("http://a:b@h/x", given) == ("http://h/x", given)  # explicit credentials win
    remote = govgraph.open_store(f"http://dba:{PASSWORD}@127.0.0.1:9/sparql")
    assert remote.location == "http://127.0.0.1:9/sparql"
    with pytest.raises(govgraph.StoreError) as down:
        remote.query("ASK {}")
    assert "http://127.0.0.1:9/sparql" in str(down.value) and PASSWORD not in str(down.value)
    with pytest.raises(govgraph.StoreError, match="no such HTTP authentication"):
        Auth("dba", "x", "kerberos")


@pytest.mark.parametrize("scheme", ["basic", "digest"])
def test_push_authenticates_with_basic_and_digest(store: Path, scheme: str) -> None:
    with auth_server(scheme) as server, govgraph.open_store(store) as s:
        url = server.url  # type: ignore[attr-defined]
        refused = govgraph.push(s, url, user="dba", password="wrong", force=True)
        assert refused.sent == 0 and len(refused.failed) == 1 and "refused access as dba (401)" in refused.failed[0]
        anonymous = govgraph.push(s, url, force=True)
        assert "without credentials" in anonymous.failed[0] and not server.graphs
        before = len(server.seen)
        done = govgraph.push(s, url, user="dba", password=PASSWORD, auth=scheme, force=True)
        during = server.seen[before:]
        graphs = s.named_graphs()
        assert done.sent == len(graphs) and not done.failed
        assert server.graphs[REPORT].decode() == s.graph_ntriples(REPORT)
        # auto answers whichever challenge comes; verifying through Graph Store GETs finds everything in place
        again = govgraph.push(s, url, user="dba", password=PASSWORD, verify=True)
        assert (again.sent, again.verified, again.repaired) == (0, len(graphs), [])
    # no body goes out unauthorised: basic is sent with the first request; digest's challenge comes from a HEAD
    assert during == (["HEAD False"] if scheme == "digest" else []) + ["PUT True"] * len(graphs)


def test_cli_push_takes_the_password_from_the_environment_or_stdin_and_never_shows_it(
    store: Path, tmp_path: Path
) -> None:
    with auth_server("digest") as server:
        url = server.url  # type: ignore[attr-defined]
        env = {"GOVGRAPH_PUSH_PASSWORD": PASSWORD}
        ok = run("push", "--store", str(store), "--endpoint", url, "--user", "dba", "--force", env=env)
        assert ok.returncode == 0 and ok.stdout.startswith("sent "), ok.stderr
        assert REPORT in server.graphs
        piped = run("push", "--store", str(store), "--endpoint", url, "--user", "dba", "--force", stdin=PASSWORD + "\n")
        assert piped.returncode == 0, piped.stderr
        none = run("push", "--store", str(store), "--endpoint", url, "--user", "dba")
        assert none.returncode == 2 and "GOVGRAPH_PUSH_PASSWORD" in none.stderr
        wrong = run("push", "--store", str(store), "--endpoint", url, "--user", "dba", "--force", env={
            "GOVGRAPH_PUSH_PASSWORD": "not-" + PASSWORD})  # fmt: skip
        assert wrong.returncode == 1 and "refused access as dba (401)" in wrong.stderr
        # credentials in the URL work, and are shown nowhere: not in output, errors or the state file
        in_url = url.replace("http://", f"http://dba:{PASSWORD}@")
        good = run("push", "--store", str(store), "--endpoint", in_url, "--force")
        bad = run("push", "--store", str(store), "--endpoint", in_url.replace(PASSWORD, "nope" + PASSWORD), "--force")
        assert good.returncode == 0 and bad.returncode == 1 and "refused access as dba" in bad.stderr
        for r in (ok, piped, none, wrong, good, bad):
            assert PASSWORD not in r.stdout + r.stderr
        assert "nope" not in bad.stderr
        state = (store / STATE_FILE).read_text()
        assert PASSWORD not in state and url in json.loads(state)
    down = run("push", "--store", str(store), "--endpoint", f"http://dba:{PASSWORD}@127.0.0.1:9/store", "--force")
    assert down.returncode == 1 and "http://127.0.0.1:9/store" in down.stderr and PASSWORD not in down.stderr
    bad_url = run("push", "--store", str(store), "--endpoint", f"ftp://dba:{PASSWORD}@h/store")
    assert bad_url.returncode == 2 and PASSWORD not in bad_url.stderr


def test_cli_prompts_for_the_password_on_a_terminal_without_echoing_it(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import click.testing

    from govgraph.cli import main

    monkeypatch.delenv("GOVGRAPH_PUSH_PASSWORD", raising=False)
    monkeypatch.setattr(click.testing._NamedTextIOWrapper, "isatty", lambda self: True)  # as on a terminal
    with auth_server("basic") as server:
        url = server.url  # type: ignore[attr-defined]
        r = click.testing.CliRunner().invoke(
            main, ["push", "--store", str(store), "--endpoint", url, "--user", "dba", "--force"], input=PASSWORD + "\n"
        )
        assert r.exit_code == 0, r.output
        assert "password for dba" in r.output and PASSWORD not in r.output
        assert REPORT in server.graphs


# ---- verify and force against a real Oxigraph server ----------------------------------------------------


def _rows(endpoint: str) -> dict[str, list[tuple[str | None, ...]]]:
    return {q.name: sorted(map(tuple, remote_query(endpoint, q.render()).texts)) for q in govgraph.canned_queries()}


def test_verify_sends_again_a_graph_deleted_on_the_server(store: Path, tmp_path: Path) -> None:
    state = tmp_path / "copy"  # a store of its own: its state file starts empty
    with govgraph.open_store(state, write=True) as s:
        govgraph.ingest([HAIKOU], s)
    with oxigraph_server(tmp_path / "remote") as base, govgraph.open_store(state) as s:
        graphs = s.named_graphs()
        local = {q.name: sorted(map(tuple, s.query(q.render()).texts)) for q in govgraph.canned_queries()}
        first = govgraph.push(s, base + "/store")
        assert first.sent == len(graphs) and _rows(base + "/query") == local
        counts = remote_counts(base + "/store", graphs, base + "/query")
        assert counts == remote_counts(base + "/store", graphs) and counts[REPORT] > 1000
        # the report's graph is dropped on the server, behind govgraph's back
        urllib.request.urlopen(urllib.request.Request(base + "/store?graph=" + urllib.parse.quote(REPORT, safe=""),
                                                      method="DELETE"), timeout=30).read()  # fmt: skip
        assert remote_counts(base + "/store", [REPORT], base + "/query") == {REPORT: 0}
        blind = govgraph.push(s, base + "/store")
        assert (blind.sent, blind.unchanged) == (0, len(graphs))  # the state file alone cannot know
        assert _rows(base + "/query")["rates-by-place"] != local["rates-by-place"]
        fixed = run("push", "--store", str(state), "--endpoint", base + "/store", "--verify",
                    "--query-endpoint", base + "/query")  # fmt: skip
        assert fixed.returncode == 0, fixed.stderr
        assert (
            fixed.stdout.startswith(f"sent 1 graph(s), {counts[REPORT]} triples")
            and f"repaired: {REPORT}" in fixed.stdout
        )
        assert _rows(base + "/query") == local
        # through Graph Store GETs (no query endpoint), nothing differs any more
        again = govgraph.push(s, base + "/store", verify=True)
        assert (again.sent, again.repaired, again.verified) == (0, [], len(graphs))
        forced = run("push", "--store", str(state), "--endpoint", base + "/store", "--force")
        assert forced.returncode == 0 and forced.stdout.startswith(f"sent {len(graphs)} graph(s)"), forced.stderr
        assert _rows(base + "/query") == local


# ---- Virtuoso (Debian's virtuoso-opensource), bound to 127.0.0.1, through its authenticated Graph Store --------

VIRTUOSO_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
CaseMode = 2
DirsAllowed = .
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
ServerThreads = 4
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 120
"""


@contextlib.contextmanager
def virtuoso_server(folder: Path, password: str) -> Iterator[str]:
    """Virtuoso on a fresh database in ``folder``, both its ports bound to 127.0.0.1 (its packaged
    configuration listens on all interfaces), the dba password set; yields its base URL."""
    import shutil
    import time

    from servers import free_port

    exe, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt") or shutil.which("isql")
    if exe is None or isql is None:
        pytest.skip("Virtuoso (Debian package virtuoso-opensource) is not installed")
    folder.mkdir(parents=True, exist_ok=True)
    sql, web = free_port(), free_port()
    (folder / "virtuoso.ini").write_text(VIRTUOSO_INI.format(d=folder, sql=sql, http=web), encoding="utf-8")
    proc = subprocess.Popen(
        [exe, "+foreground", "+configfile", str(folder / "virtuoso.ini")],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{web}"
    try:
        deadline = time.time() + 180
        while True:
            if proc.poll() is not None or time.time() > deadline:
                raise RuntimeError(f"Virtuoso did not start: {(folder / 'virtuoso.log').read_text()[-2000:]}")
            try:
                urllib.request.urlopen(base + "/sparql?query=ASK%7B%7D", timeout=5).read()
                break
            except OSError:
                time.sleep(0.5)
        subprocess.run(
            [isql, f"127.0.0.1:{sql}", "dba", "dba", f"exec=USER_SET_PASSWORD('dba', '{password}');"],
            check=True,
            capture_output=True,
            timeout=60,
        )
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _virtuoso_files() -> list[Path]:
    """Haikou, the fixture corpus and, when the shared corpus is there, its reports (the State Council's give
    national-series and target-vs-outcome rows)."""
    from conftest import CORPUS

    files = [HAIKOU, *sorted((ROOT / "tests" / "fixtures" / "corpus").glob("*.txt"))]
    if CORPUS.is_dir():
        files += sorted(p for p in CORPUS.glob("*/*.txt") if p.name != HAIKOU.name)
    return files


def test_virtuoso_with_digest_auth_gives_the_embedded_answers(tmp_path: Path) -> None:
    """Push to Virtuoso's authenticated Graph Store (digest), verify through its query endpoint, and run every
    canned query there: the same rows as the embedded store, Chinese text intact."""
    local_path = tmp_path / "local"
    with govgraph.open_store(local_path, write=True) as s:
        govgraph.ingest(_virtuoso_files(), s, jobs=2)
    with virtuoso_server(tmp_path / "virtuoso", PASSWORD) as base, govgraph.open_store(local_path) as s:
        gsp, sparql = base + "/sparql-graph-crud-auth", base + "/sparql"
        anonymous = govgraph.push(s, gsp)
        assert anonymous.sent == 0 and "without credentials" in anonymous.failed[0]
        pushed = govgraph.push(s, gsp, user="dba", password=PASSWORD, auth="digest")
        graphs = s.named_graphs()
        assert pushed.sent == len(graphs) and not pushed.failed, pushed.failed[:1]
        checked = govgraph.push(s, gsp, user="dba", password=PASSWORD, verify=True, query_endpoint=sparql)
        assert (checked.sent, checked.repaired, checked.verified) == (0, [], len(graphs))  # counts agree
        for q in govgraph.canned_queries():
            text = q.render()
            local = sorted(map(tuple, s.query(text).texts))
            remote = sorted(map(tuple, remote_query(sparql, text).texts))
            assert local == remote, q.name
        for name, params in {
            "agency-type-across-cities": {"type": "agency-type/government-office"},  # documents joined by "；"
            "indicator-by-place": {"indicator": "indicator/new-market-entities"},  # an implied value (division)
        }.items():
            text = govgraph.query_text(name, params)
            assert sorted(map(tuple, s.query(text).texts)) == sorted(map(tuple, remote_query(sparql, text).texts))

"""A triple store reached over HTTP: SPARQL 1.1 Protocol for queries, the Graph Store HTTP
Protocol for writes. Any store with both (Oxigraph server, Fuseki, GraphDB, Virtuoso) can
hold a govgraph graph: ``govgraph ingest --store QUERY_URL --graph-store GSP_URL``.

Reports are written one graph at a time: PUT replaces a report's graph in one request,
which the server applies as a whole; shared descriptions are POSTed (merged) into the
shared graph.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..errors import QueryError, StoreError
from ..vocab import sparql
from .base import QueryResult, StoreBase, refuse_update, replace_report
from .values import Value, typed


def remote_query(endpoint: str, sparql: str, timeout: float = 120, auth: Auth | None = None) -> QueryResult:
    """Run a query on a SPARQL 1.1 Protocol endpoint; results as the embedded store gives them."""
    endpoint, auth = split_credentials(endpoint, auth)
    data = urllib.parse.urlencode({"query": sparql}).encode()
    req = urllib.request.Request(
        endpoint,
        data=data,
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"},
    )
    payload = json.loads(_send(req, endpoint, timeout, auth))
    if "boolean" in payload:
        return QueryResult([], [], boolean=bool(payload["boolean"]))
    variables = payload["head"]["vars"]
    rows: list[list[Value | None]] = []
    texts: list[list[str | None]] = []
    for b in payload["results"]["bindings"]:
        cells = [b.get(v) for v in variables]
        texts.append([c["value"] if c else None for c in cells])
        rows.append([_value(c) if c else None for c in cells])
    return QueryResult(variables, rows, texts=texts)


def _value(cell: dict[str, str]) -> Value:
    kind = {"typed-literal": "literal"}.get(cell.get("type", "literal"), cell.get("type", "literal"))
    return typed(kind, cell["value"], cell.get("datatype"), cell.get("xml:lang"))


def graph_url(endpoint: str, graph: str) -> str:
    """The Graph Store Protocol URL of one named graph (indirect identification).

    >>> graph_url("http://h:7878/store", "https://w3id.org/govgraph/report/1")
    'http://h:7878/store?graph=https%3A%2F%2Fw3id.org%2Fgovgraph%2Freport%2F1'
    """
    sep = "&" if "?" in endpoint else "?"
    return f"{endpoint}{sep}graph={urllib.parse.quote(graph, safe='')}"


@dataclass(frozen=True)
class Auth:
    """Credentials for a server that demands them: HTTP ``basic``, ``digest`` (Virtuoso's authenticated
    Graph Store endpoint), or ``auto`` (whichever the server's 401 challenge asks for). The password is
    never part of ``repr`` or of any message.

    >>> Auth("dba", "secret")
    Auth(user='dba', scheme='auto')
    """

    user: str
    password: str = field(repr=False)
    scheme: str = "auto"

    def __post_init__(self) -> None:
        if self.scheme not in AUTH_SCHEMES:
            raise StoreError(f"{self.scheme}: no such HTTP authentication (choose from {', '.join(AUTH_SCHEMES)})")


AUTH_SCHEMES = ("auto", "basic", "digest")


def redact(url: str) -> str:
    """``url`` without its userinfo (``user:password@``), as every message shows a URL.

    >>> redact("http://dba:secret@127.0.0.1:8890/sparql-graph-crud-auth?graph=x")
    'http://127.0.0.1:8890/sparql-graph-crud-auth?graph=x'
    >>> redact("http://h/store")
    'http://h/store'
    """
    parts = urllib.parse.urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urllib.parse.urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def split_credentials(url: str, auth: Auth | None = None) -> tuple[str, Auth | None]:
    """The URL without userinfo, and the credentials to use: ``auth`` if given, else those the URL
    carried (``http://user:password@host/...``, percent-decoded), else none.

    >>> split_credentials("http://dba:s%40cret@h:8890/g")
    ('http://h:8890/g', Auth(user='dba', scheme='auto'))
    >>> split_credentials("http://dba:s%40cret@h:8890/g")[1].password
    's@cret'
    """
    parts = urllib.parse.urlsplit(url)
    if parts.username is None:
        return url, auth
    found = Auth(urllib.parse.unquote(parts.username), urllib.parse.unquote(parts.password or ""))
    return redact(url), auth or found


def send_graph(
    endpoint: str,
    graph: str,
    ntriples: bytes,
    method: str = "PUT",
    timeout: float = 120,
    auth: Auth | None = None,
) -> None:
    """PUT (replace) or POST (merge) N-Triples into one named graph of a Graph Store endpoint, with
    ``auth`` (or the credentials in the endpoint's URL) when the server demands them."""
    endpoint, auth = split_credentials(endpoint, auth)
    req = urllib.request.Request(
        graph_url(endpoint, graph), data=ntriples, method=method, headers={"Content-Type": "application/n-triples"}
    )
    _send(req, endpoint, timeout, auth)


def fetch_graph(endpoint: str, graph: str, timeout: float = 120, auth: Auth | None = None) -> bytes | None:
    """GET one named graph of a Graph Store endpoint as N-Triples; ``None`` when the server has no such
    graph (404)."""
    endpoint, auth = split_credentials(endpoint, auth)
    req = urllib.request.Request(graph_url(endpoint, graph), headers={"Accept": "application/n-triples"})
    try:
        return _send(req, endpoint, timeout, auth)
    except _Missing:
        return None


class _Missing(StoreError):
    """A 404 from the server (a Graph Store GET of a graph it does not hold)."""


def _opener(auth: Auth | None, endpoint: str) -> urllib.request.OpenerDirector:
    """An opener that answers the server's challenge (or, for ``basic``, sends the credentials at once)
    with ``auth``, for URLs on the endpoint's host only."""
    if auth is None:
        return urllib.request.build_opener()
    parts = urllib.parse.urlsplit(endpoint)
    root = f"{parts.scheme}://{parts.netloc}/"
    if auth.scheme == "basic":  # sent with the first request: no body is sent twice
        prior = urllib.request.HTTPPasswordMgrWithPriorAuth()
        prior.add_password(None, root, auth.user, auth.password, is_authenticated=True)
        return urllib.request.build_opener(urllib.request.HTTPBasicAuthHandler(prior))
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, root, auth.user, auth.password)
    handlers: list[urllib.request.BaseHandler] = [urllib.request.HTTPDigestAuthHandler(passwords)]
    if auth.scheme == "auto":
        handlers.append(urllib.request.HTTPBasicAuthHandler(passwords))
    return urllib.request.build_opener(*handlers)


def _send(req: urllib.request.Request, endpoint: str, timeout: float, auth: Auth | None = None) -> bytes:
    shown = redact(endpoint)
    try:
        with _opener(auth, shown).open(req, timeout=timeout) as resp:
            return bytes(resp.read())
    except urllib.error.HTTPError as e:
        detail = " ".join(e.read().decode("utf-8", "replace").split())[:200]
        if auth is not None and auth.password:
            detail = detail.replace(auth.password, "***")
        if e.code == 400:
            raise QueryError(f"{shown} refused the query: {detail}") from None
        if e.code == 401:
            who = f"as {auth.user}" if auth is not None else "without credentials (give --user)"
            raise StoreError(f"{shown} refused access {who} (401)") from None
        if e.code == 404:
            raise _Missing(f"{shown} answered 404: {detail}") from None
        raise StoreError(f"{shown} answered {e.code}: {detail}") from None
    except ValueError as e:  # urllib's own complaints about a malformed URL or digest challenge
        raise StoreError(f"{shown}: {redact(str(e))}") from None
    except (urllib.error.URLError, OSError) as e:
        raise StoreError(f"{shown}: {getattr(e, 'reason', e)}") from None


@dataclass
class RemoteStore(StoreBase):
    """The store interface (``govgraph.store.TripleStore``) over HTTP. Queries see the default
    graph, which the server must serve as the union of the named graphs (see the README).
    Read-only unless opened for writing with a Graph Store endpoint."""

    query_endpoint: str
    graph_store: str | None = None
    writable: bool = False

    @property
    def location(self) -> str:
        return self.query_endpoint

    @property
    def read_only(self) -> bool:
        return not self.writable

    def query(self, sparql_text: str) -> QueryResult:
        refuse_update(sparql_text)
        return remote_query(self.query_endpoint, sparql_text)

    def report_graphs(self) -> list[str]:
        return [str(r[0]) for r in self.query(sparql("report-graphs")).rows]

    def named_graphs(self) -> list[str]:
        return sorted(str(r[0]) for r in self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows)

    def has_graph(self, graph_iri: str) -> bool:
        return bool(self.query(f"ASK {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}").boolean)

    def graph_ntriples(self, graph_iri: str) -> str:
        result = self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}")
        return (result.triples or "") + "\n"

    def quad_count(self) -> int:
        rows = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows
        return int(rows[0][0]) if rows and rows[0][0] is not None else 0  # type: ignore[arg-type]

    def damaged_reports(self, graphs: list[str] | None = None) -> list[str]:
        only = f"VALUES ?g {{ {' '.join(f'<{g}>' for g in graphs)} }} " if graphs is not None else ""
        rows = self.query(sparql("damaged-reports", only=only)).rows
        return sorted(str(g) for g, declared, n in rows if declared != n)

    def replace_graph(self, graph_iri: str, ntriples: str, shared_ntriples: str = "", shared_iri: str = "") -> None:
        gsp = self._gsp()
        send_graph(gsp, graph_iri, ntriples.encode("utf-8"))
        if shared_ntriples and shared_iri:
            send_graph(gsp, shared_iri, shared_ntriples.encode("utf-8"), method="POST")

    def writer(self, shared_iri: str, batch_bytes: int = 0) -> _RemoteWriter:
        self._gsp()
        return _RemoteWriter(self, shared_iri)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass

    def _gsp(self) -> str:
        if self.read_only or not self.graph_store:
            raise StoreError(f"{self.query_endpoint}: no Graph Store endpoint to write to (give --graph-store URL)")
        return self.graph_store


@dataclass
class _RemoteWriter:
    store: RemoteStore
    shared_iri: str

    def put(self, graph_iri: str, nquads: bytes, shared: Iterable[str] = ()) -> None:
        replace_report(self.store, graph_iri, nquads, shared, self.shared_iri)

    def __enter__(self) -> _RemoteWriter:
        return self

    def __exit__(self, *_: object) -> None:
        pass


def open_remote(location: str, write: bool = False, graph_store: str | None = None) -> RemoteStore:
    """The SPARQL server whose query endpoint is ``location``; writing needs its Graph Store endpoint."""
    return RemoteStore(location, graph_store, writable=write)

"""A triple store reached over HTTP: SPARQL 1.1 Protocol for queries, the Graph Store HTTP
Protocol for writes. Any store with both (Oxigraph server, Fuseki, GraphDB, Virtuoso) can
hold a govgraph graph: ``govgraph ingest --store QUERY_URL --graph-store GSP_URL``.

Reports are written one graph at a time: PUT replaces a report's graph in one request,
which the server applies as a whole; shared descriptions are POSTed (merged) into the
shared graph.
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field
from email.message import Message

from ..errors import QueryError, StoreError
from ..vocab import sparql
from .base import QueryResult, StoreBase, refuse_update, replace_report
from .guard import STORE_GUARD
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
    never part of ``repr`` or of any message. One ``Auth`` remembers the server's challenge, so a push
    asks for it once and then sends every graph with its credentials already on it.

    >>> Auth("dba", "secret")
    Auth(user='dba', scheme='auto')
    """

    user: str
    password: str = field(repr=False)
    scheme: str = "auto"
    _challenges: dict[str, tuple[str, dict[str, str]] | None] = field(default_factory=dict, repr=False, compare=False)
    _digest: dict[str, urllib.request.HTTPDigestAuthHandler] = field(default_factory=dict, repr=False, compare=False)

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


def _send(req: urllib.request.Request, endpoint: str, timeout: float, auth: Auth | None = None) -> bytes:
    """Send ``req``; with ``auth``, the credentials go on the request before its body is sent (a server
    such as Virtuoso answers 401 and closes the connection without reading a body it did not authorise,
    which the client sees as a broken pipe)."""
    shown = redact(endpoint)
    for attempt in range(2):  # a second time only after a 401 that brought a new challenge (a stale nonce)
        if auth is not None:
            _authorise(req, auth, timeout)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return bytes(resp.read())
        except urllib.error.HTTPError as e:
            if e.code == 401 and auth is not None and attempt == 0 and _learn(auth, req, e.headers):
                continue
            raise _http_error(e, shown, auth) from None
        except ValueError as e:  # urllib's own complaints about a malformed URL
            raise StoreError(f"{shown}: {redact(str(e))}") from None
        except (urllib.error.URLError, OSError) as e:
            if req.data is not None and _refused(req, auth, timeout):
                who = f"as {auth.user}" if auth is not None else "without credentials (give --user)"
                raise StoreError(f"{shown} refused access {who} (401)") from None
            raise StoreError(f"{shown}: {getattr(e, 'reason', e)}") from None
    raise StoreError(f"{shown} refused access as {auth.user if auth else 'anyone'} (401)")  # pragma: no cover


def _http_error(e: urllib.error.HTTPError, shown: str, auth: Auth | None) -> StoreError | QueryError:
    detail = " ".join(e.read().decode("utf-8", "replace").split())[:200]
    if auth is not None and auth.password:
        detail = detail.replace(auth.password, "***")
    if e.code == 400:
        return QueryError(f"{shown} refused the query: {detail}")
    if e.code == 401:
        who = f"as {auth.user}" if auth is not None else "without credentials (give --user)"
        return StoreError(f"{shown} refused access {who} (401)")
    if e.code == 404:
        return _Missing(f"{shown} answered 404: {detail}")
    return StoreError(f"{shown} answered {e.code}: {detail}")


def _authorise(req: urllib.request.Request, auth: Auth, timeout: float) -> None:
    """Put an Authorization header on ``req``: Basic at once when asked for; otherwise the server's challenge,
    learnt from a HEAD of the same URL the first time (so no body goes out unauthorised), answered."""
    site = _site(req.full_url)
    if auth.scheme == "basic":
        challenge: tuple[str, dict[str, str]] | None = ("basic", {})
    else:
        if site not in auth._challenges:
            auth._challenges[site] = _probe(req, timeout)
        challenge = auth._challenges[site]
    if challenge is None:
        return  # the server asked for nothing (yet): a 401 to the request itself will say what it wants
    kind, params = challenge
    if kind == "basic" and auth.scheme != "digest":
        token = base64.b64encode(f"{auth.user}:{auth.password}".encode()).decode("ascii")
        req.add_unredirected_header("Authorization", f"Basic {token}")
    elif kind == "digest" and auth.scheme != "basic":
        digest = _digest_handler(auth, site)
        answer = digest.get_authorization(req, params)
        if answer:
            req.add_unredirected_header("Authorization", f"Digest {answer}")


def _digest_handler(auth: Auth, site: str) -> urllib.request.HTTPDigestAuthHandler:
    """One digest handler per server (it counts the uses of a nonce)."""
    if site not in auth._digest:
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, site, auth.user, auth.password)
        auth._digest[site] = urllib.request.HTTPDigestAuthHandler(passwords)
    return auth._digest[site]


def _probe(req: urllib.request.Request, timeout: float) -> tuple[str, dict[str, str]] | None:
    """The challenge a HEAD of ``req``'s URL gets (``None`` when it gets none)."""
    head = urllib.request.Request(req.full_url, method="HEAD")
    try:
        urllib.request.urlopen(head, timeout=timeout).close()
    except urllib.error.HTTPError as e:
        return _challenge(e.headers) if e.code == 401 else None
    except (urllib.error.URLError, OSError, ValueError):
        return None  # the request itself will report what is wrong
    return None


def _learn(auth: Auth, req: urllib.request.Request, headers: Message) -> bool:
    """Remember the challenge of a 401; whether it is worth trying again (a new challenge, or a stale nonce)."""
    challenge = _challenge(headers)
    site = _site(req.full_url)
    old = auth._challenges.get(site)
    if challenge is None or (old is not None and old[0] == challenge[0] and challenge[1].get("stale") != "true"):
        return False  # the credentials themselves were refused
    auth._challenges[site] = challenge
    req.remove_header("Authorization")
    return True


def _refused(req: urllib.request.Request, auth: Auth | None, timeout: float) -> bool:
    """Whether the server refuses these credentials (or none): asked after a connection broke while a body
    was sent, as a server that refuses a request closes it without reading the body."""
    head = urllib.request.Request(req.full_url, method="HEAD")
    if auth is not None:
        _authorise(head, auth, timeout)
    try:
        urllib.request.urlopen(head, timeout=timeout).close()
    except urllib.error.HTTPError as e:
        return e.code == 401
    except (urllib.error.URLError, OSError, ValueError):
        return False
    return False


def _challenge(headers: Message) -> tuple[str, dict[str, str]] | None:
    """The scheme (``basic`` or ``digest``) and parameters of a 401's WWW-Authenticate; digest preferred.

    >>> from email.message import Message
    >>> m = Message(); m["WWW-Authenticate"] = 'Digest realm="SPARQL", nonce="ab", qop="auth"'
    >>> _challenge(m)
    ('digest', {'realm': 'SPARQL', 'nonce': 'ab', 'qop': 'auth'})
    """
    found: dict[str, dict[str, str]] = {}
    for value in headers.get_all("WWW-Authenticate") or []:
        scheme, _, rest = value.strip().partition(" ")
        found[scheme.lower()] = urllib.request.parse_keqv_list(urllib.request.parse_http_list(rest)) if rest else {}
    for scheme in ("digest", "basic"):
        if scheme in found:
            return scheme, found[scheme]
    return None


def _site(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


@dataclass
class RemoteStore(StoreBase):
    """The store interface (``govgraph.store.TripleStore``) over HTTP. Queries see the default
    graph, which the server must serve as the union of the named graphs (see the README).
    Read-only unless opened for writing with a Graph Store endpoint."""

    query_endpoint: str
    graph_store: str | None = None
    writable: bool = False
    timeout = 120.0  # not a field: seconds to wait for an answer
    guard = STORE_GUARD  # not a field: what a query's text must pass before it is sent (no SERVICE)

    @property
    def location(self) -> str:
        return redact(self.query_endpoint)  # for messages: never a password in the URL

    @property
    def read_only(self) -> bool:
        return not self.writable

    def query(self, sparql_text: str) -> QueryResult:
        """Send a query to the server, once the guard passed it: a server that federates must not be
        made to fetch from elsewhere by a query given here (see ``govgraph.store.guard``)."""
        refuse_update(sparql_text)
        self.guard.check(sparql_text)
        return remote_query(self.query_endpoint, sparql_text, timeout=self.timeout)

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
            raise StoreError(f"{self.location}: no Graph Store endpoint to write to (give --graph-store URL)")
        return self.graph_store


@dataclass
class _RemoteWriter:
    store: RemoteStore
    shared_iri: str

    def put(self, graph_iri: str, nquads: bytes, shared: Iterable[str] = (), records: bytes | None = None) -> None:
        replace_report(self.store, graph_iri, nquads, shared, self.shared_iri)

    def __enter__(self) -> _RemoteWriter:
        return self

    def __exit__(self, *_: object) -> None:
        pass


def open_remote(location: str, write: bool = False, graph_store: str | None = None) -> RemoteStore:
    """The SPARQL server whose query endpoint is ``location``; writing needs its Graph Store endpoint."""
    return RemoteStore(location, graph_store, writable=write)

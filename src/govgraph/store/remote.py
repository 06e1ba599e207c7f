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
from dataclasses import dataclass

from ..errors import QueryError, StoreError
from ..vocab import sparql
from .base import QueryResult, StoreBase, refuse_update, register_backend, replace_report
from .guard import STORE_GUARD
from .values import Value, typed


def remote_query(endpoint: str, sparql: str, timeout: float = 120) -> QueryResult:
    """Run a query on a SPARQL 1.1 Protocol endpoint; results as the embedded store gives them."""
    data = urllib.parse.urlencode({"query": sparql}).encode()
    req = urllib.request.Request(
        endpoint,
        data=data,
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"},
    )
    payload = json.loads(_send(req, endpoint, timeout))
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


def send_graph(endpoint: str, graph: str, ntriples: bytes, method: str = "PUT", timeout: float = 120) -> None:
    """PUT (replace) or POST (merge) N-Triples into one named graph of a Graph Store endpoint."""
    req = urllib.request.Request(
        graph_url(endpoint, graph), data=ntriples, method=method, headers={"Content-Type": "application/n-triples"}
    )
    _send(req, endpoint, timeout)


def _send(req: urllib.request.Request, endpoint: str, timeout: float) -> bytes:
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.read()
    except urllib.error.HTTPError as e:
        detail = " ".join(e.read().decode("utf-8", "replace").split())[:200]
        if e.code == 400:
            raise QueryError(f"{endpoint} refused the query: {detail}") from None
        raise StoreError(f"{endpoint} answered {e.code}: {detail}") from None
    except (urllib.error.URLError, OSError) as e:
        raise StoreError(f"{endpoint}: {getattr(e, 'reason', e)}") from None


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
        return self.query_endpoint

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


def _open(location: str, write: bool = False, graph_store: str | None = None) -> RemoteStore:
    return RemoteStore(location, graph_store, writable=write)


register_backend("http", _open)
register_backend("https", _open)

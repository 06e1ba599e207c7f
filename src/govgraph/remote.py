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

from .store import QueryResult, StoreError, register_backend, replace_report


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
    rows = [[b.get(v, {}).get("value") for v in variables] for b in payload["results"]["bindings"]]
    return QueryResult(variables, rows)


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
        raise StoreError(f"{endpoint} answered {e.code}: {e.read().decode('utf-8', 'replace').strip()[:200]}") from None
    except (urllib.error.URLError, OSError) as e:
        raise StoreError(f"{endpoint}: {getattr(e, 'reason', e)}") from None


@dataclass
class RemoteStore:
    """The store interface (``govgraph.store.TripleStore``) over HTTP. Queries see the default
    graph, which the server must serve as the union of the named graphs (see the README)."""

    query_endpoint: str
    graph_store: str | None = None
    path: None = None  # no folder of ours

    def query(self, sparql: str) -> QueryResult:
        return remote_query(self.query_endpoint, sparql)

    def graphs(self) -> list[str]:
        # a report's graph names the report in it: no scan of every triple of every graph
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a <https://w3id.org/govgraph/def#Report> } }").rows
        return sorted(r[0] for r in rows if r[0])

    def count_graphs(self) -> int:
        return len(self.graphs())

    def has_graph(self, graph_iri: str) -> bool:
        return bool(self.query(f"ASK {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}").boolean)

    def replace_graph(self, graph_iri: str, ntriples: str, shared_ntriples: str = "", shared_iri: str = "") -> None:
        gsp = self._gsp()
        send_graph(gsp, graph_iri, ntriples.encode("utf-8"))
        if shared_ntriples and shared_iri:
            send_graph(gsp, shared_iri, shared_ntriples.encode("utf-8"), method="POST")

    def writer(self, shared_iri: str, batch_bytes: int = 0) -> _RemoteWriter:
        return _RemoteWriter(self, shared_iri)

    def flush(self) -> None:
        pass

    def _gsp(self) -> str:
        if not self.graph_store:
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


def _open(location: str, graph_store: str | None = None) -> RemoteStore:
    return RemoteStore(location, graph_store)


register_backend("http", _open)
register_backend("https", _open)

"""The read side for the SPARQL endpoint: a read-only query session on a store folder, and results
written in the formats the SPARQL 1.1 Protocol returns.

A query process of ``govgraph serve`` holds one :class:`ReadSession`. It runs a query on the
dataset the request names (``default-graph-uri``, ``named-graph-uri``), the one the query names
(``FROM``, ``FROM NAMED``), or else the union of every graph, and writes the result in the media
type the caller chose. A result is counted while it is read from the engine: reading stops at the
row cap plus one, so a result over the cap costs the cap's memory, never the whole result's, and is
refused (:class:`ResultTooLarge`) before anything is written.

Which media type a client gets is the caller's business (HTTP content negotiation); this module
offers the types it writes (:data:`RESULT_TYPES`, :data:`GRAPH_TYPES`) and writes the one chosen.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any, NamedTuple
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from ..errors import QueryError
from .guard import names_dataset

RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
"""Media types of SELECT and ASK results, each with the format written."""

GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "n-triples",
    "application/rdf+xml": "rdf-xml",
    "application/ld+json": "json-ld",
    "application/x-turtle": "turtle",
    "text/plain": "n-triples",
}
"""Media types of CONSTRUCT and DESCRIBE results (graphs), each with the format written."""

_RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "n-triples": ox.RdfFormat.N_TRIPLES,
    "rdf-xml": ox.RdfFormat.RDF_XML,
    "json-ld": ox.RdfFormat.JSON_LD,
}
_BOOLEAN_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

Dataset = tuple[tuple[str, ...], tuple[str, ...]]
"""The default graphs and the named graphs a request names, as IRIs."""


class ResultTooLarge(QueryError):
    """A result with more rows (or triples) than the endpoint returns."""


class Written(NamedTuple):
    """A query's result as written: its media type (None: the caller accepts none that fits the
    result's kind, and ``body`` is empty), the body, and how many rows or triples it holds (``rows``) (None for
    a boolean)."""

    media: str | None
    body: bytes
    rows: int | None


def turtle_as(turtle: str, media: str) -> bytes:
    """A Turtle document in the graph format of ``media`` (one of :data:`GRAPH_TYPES`).

    >>> turtle_as("<http://e/s> <http://e/p> 1 .", "application/n-triples")
    b'<http://e/s> <http://e/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .\\n'
    """
    fmt = _RDF_FORMATS[GRAPH_TYPES[media]]
    if fmt == ox.RdfFormat.TURTLE:
        return turtle.encode("utf-8")
    triples = list(ox.parse(turtle.encode("utf-8"), format=ox.RdfFormat.TURTLE))
    return ox.serialize(triples, format=fmt) or b""


# --- writing results


def _json_term(t: Any) -> dict[str, Any]:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        cell: dict[str, Any] = {"type": "literal", "value": t.value}
        if t.language:
            cell["xml:lang"] = t.language
        elif t.datatype.value != _XSD_STRING:
            cell["datatype"] = t.datatype.value
        return cell
    if isinstance(t, ox.Triple):
        return {
            "type": "triple",
            "value": {k: _json_term(getattr(t, k)) for k in ("subject", "predicate", "object")},
        }
    return {"type": "literal", "value": str(t)}


def _xml_term(t: Any) -> str:
    if isinstance(t, ox.NamedNode):
        return f"<uri>{escape(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{escape(t.value)}</bnode>"
    if isinstance(t, ox.Literal):
        if t.language:
            return f"<literal xml:lang={quoteattr(t.language)}>{escape(t.value)}</literal>"
        if t.datatype.value not in (_XSD_STRING, _LANG_STRING):
            return f"<literal datatype={quoteattr(t.datatype.value)}>{escape(t.value)}</literal>"
        return f"<literal>{escape(t.value)}</literal>"
    return f"<literal>{escape(str(t))}</literal>"


def _csv_value(t: Any) -> str:
    if t is None:
        return ""
    if isinstance(t, ox.BlankNode):
        return f"_:{t.value}"
    return t.value if isinstance(t, (ox.NamedNode, ox.Literal)) else str(t)


def _tsv_value(t: Any) -> str:
    return "" if t is None else str(t).replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def write_solutions(variables: list[str], rows: list[list[Any]], fmt: str) -> bytes:
    """SELECT results in a SPARQL results format (``json``, ``xml``, ``csv``, ``tsv``).

    >>> write_solutions(["x"], [[ox.Literal("a,\\nb")]], "csv")
    b'x\\r\\n"a,\\nb"\\r\\n'
    >>> write_solutions(["x"], [[ox.NamedNode("http://e/a")], [None]], "json")
    b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"uri","value":"http://e/a"}},{}]}}'
    """
    if fmt == "json":
        bindings = [{v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None} for row in rows]
        doc = {"head": {"vars": variables}, "results": {"bindings": bindings}}
        return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if fmt == "xml":
        out = ['<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
        out += [f"<variable name={quoteattr(v)}/>" for v in variables]
        out.append("</head><results>")
        for row in rows:
            cells = "".join(
                f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                for v, t in zip(variables, row, strict=True)
                if t is not None
            )
            out.append(f"<result>{cells}</result>")
        out.append("</results></sparql>")
        return "".join(out).encode("utf-8")
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(variables)
        w.writerows([_csv_value(t) for t in row] for row in rows)
        return buf.getvalue().encode("utf-8")
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines += ["\t".join(_tsv_value(t) for t in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _take(items: Any, cap: int, what: str) -> list[Any]:
    """Up to ``cap`` items of a lazy result; :class:`ResultTooLarge` as soon as there is one more."""
    taken: list[Any] = []
    for item in items:
        if len(taken) == cap:
            raise ResultTooLarge(f"the result has more than {cap:,} {what}; add a LIMIT")
        taken.append(item)
    return taken


def _dataset_arguments(query: str, dataset: Dataset | None, base_iri: str | None) -> dict[str, Any]:
    """How the engine is asked: the dataset the request names overrides the query's own (``FROM``,
    ``FROM NAMED``); with neither, the default graph is the union of every graph."""
    kwargs: dict[str, Any] = {}
    if base_iri:
        kwargs["base_iri"] = base_iri
    try:
        if dataset is not None:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in dataset[0]]
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in dataset[1]]
        elif not names_dataset(query):
            kwargs["use_default_graph_as_union"] = True
    except ValueError as e:
        raise QueryError(f"a graph named in the request is not an IRI: {' '.join(str(e).split())[:200]}") from None
    return kwargs


def _write(
    store: Any,
    query: str,
    result_media: str | None,
    graph_media: str | None,
    max_rows: int,
    max_triples: int,
    dataset: Dataset | None,
    base_iri: str | None,
) -> Written:
    """Run a query and write its result, counting rows (or triples) as they are read."""
    try:
        result = store.query(query, **_dataset_arguments(query, dataset, base_iri))
        if isinstance(result, ox.QueryBoolean):
            if result_media is None:
                return Written(None, b"", None)
            return Written(
                result_media, result.serialize(format=_BOOLEAN_FORMATS[RESULT_TYPES[result_media]]) or b"", None
            )
        if isinstance(result, ox.QuerySolutions):
            if result_media is None:
                return Written(None, b"", None)
            variables = [v.value for v in result.variables]
            rows = [[sol[v] for v in variables] for sol in _take(result, max_rows, "rows")]
            return Written(result_media, write_solutions(variables, rows, RESULT_TYPES[result_media]), len(rows))
        if graph_media is None:
            return Written(None, b"", None)
        triples = _take(result, max_triples, "triples")
        body = ox.serialize(triples, format=_RDF_FORMATS[GRAPH_TYPES[graph_media]]) or b""
        return Written(graph_media, body, len(triples))
    except SyntaxError as e:
        raise QueryError(f"malformed SPARQL query: {' '.join(str(e).split())[:300]}") from None


class ReadSession:
    """A read-only query session on a store folder, opened again once when reading fails.

    ``opener`` opens the folder's store read-only (Oxigraph's own read-only open by default; tests
    pass another). A read-only open sees the files the store had when it was opened; RocksDB
    compacting the store afterwards (the server's own handle does, after a first load) may remove
    files the session has not read yet, and every query touching them would fail from then on, so a
    query that fails to read is answered on the store opened again.

    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> from govgraph.store.oxigraph import OxigraphStore
    >>> OxigraphStore(folder).close()
    >>> ReadSession(folder).answer("ASK { ?s ?p ?o }", "application/sparql-results+json", None)
    Written(media='application/sparql-results+json', body=b'{"head":{},"boolean":false}', rows=None)
    """

    def __init__(self, path: str, opener: Callable[[str], Any] | None = None) -> None:
        self._path = path
        self._open: Callable[[str], Any] = opener or ox.Store.read_only
        self._engine = self._open(path)

    def answer(
        self,
        query: str,
        result_media: str | None,
        graph_media: str | None,
        max_rows: int = 100_000,
        max_triples: int = 1_000_000,
        dataset: Dataset | None = None,
        base_iri: str | None = None,
    ) -> Written:
        """``query`` run and written: a SELECT or ASK result in ``result_media`` (one of
        :data:`RESULT_TYPES`), a graph in ``graph_media`` (one of :data:`GRAPH_TYPES`); None for
        either: the caller accepts no format of that kind. ``dataset``: the default and named graphs
        the request names (None: it names none). ``base_iri``: what relative IRIs resolve against.
        :class:`ResultTooLarge` beyond ``max_rows`` rows or ``max_triples`` triples, and
        :class:`QueryError` (one line) for a malformed query."""
        args = (query, result_media, graph_media, max_rows, max_triples, dataset, base_iri)
        try:
            return _write(self._engine, *args)
        except OSError:
            self._engine = self._open(self._path)
            return _write(self._engine, *args)

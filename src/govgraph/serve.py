"""A read-only SPARQL 1.1 Protocol endpoint over the store (Starlette, served by uvicorn).

``/sparql`` takes GET and POST (form-encoded or ``application/sparql-query``), negotiates
SPARQL results as JSON, XML, CSV or TSV and graphs as Turtle or N-Triples, refuses updates
(403), stops queries at a time limit (503) and refuses results over a row cap (413), each
with a one-line message. Without a query it answers with a SPARQL 1.1 Service Description.
``/`` is a page with a query form pre-filled with the canned queries and links to the
network views at ``/view/…``.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from .canned import canned_queries
from .store import _UPDATE, OxigraphStore

RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES}


@dataclass(frozen=True)
class Limits:
    timeout: float = 30.0  # seconds a query may run
    max_rows: int = 100_000  # rows a SELECT may return


def _negotiate(accept: str, offered: dict, default: str) -> str | None:
    """The offered media type the Accept header prefers (q-values honoured), or None."""
    if not accept.strip():
        return default
    best, best_q = None, 0.0
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        media, q = fields[0].lower(), 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if media in ("*/*", "application/*", "text/*"):
            candidate = default
        else:
            candidate = media if media in offered else None
        if candidate and q > best_q:
            best, best_q = candidate, q
    return best


def _rows_in(body: bytes, media: str) -> int:
    if "json" in media:
        return len(json.loads(body).get("results", {}).get("bindings", []))
    if "xml" in media:
        return body.count(b"<result>")
    return max(0, body.count(b"\n") - 1)


def service_description(endpoint: str) -> str:
    """A SPARQL 1.1 Service Description of the endpoint, in Turtle."""
    formats = " , ".join(
        f"<http://www.w3.org/ns/formats/{f}>"
        for f in (
            "SPARQL_Results_JSON",
            "SPARQL_Results_XML",
            "SPARQL_Results_CSV",
            "SPARQL_Results_TSV",
            "Turtle",
            "N-Triples",
        )
    )
    return f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
[] a sd:Service ;
   sd:endpoint <{endpoint}> ;
   sd:supportedLanguage sd:SPARQL11Query ;
   sd:feature sd:UnionDefaultGraph ;
   sd:resultFormat {formats} .
"""


def make_app(store: OxigraphStore, limits: Limits | None = None, workers: int = 2) -> Starlette:
    """The Starlette application for a store: queries run in worker processes on read-only views."""
    limits = limits or Limits()
    pool = QueryWorkers(str(store.path), workers)

    async def sparql(request: Request) -> Response:
        query = None
        if request.method == "GET":
            if "update" in request.query_params:
                return _refuse_update()
            query = request.query_params.get("query")
        else:
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype == "application/x-www-form-urlencoded":
                form = parse_qs((await request.body()).decode("utf-8", "replace"))
                if "update" in form:
                    return _refuse_update()
                query = form.get("query", [None])[0]
            elif ctype == "application/sparql-query":
                query = (await request.body()).decode("utf-8", "replace")
            elif ctype == "application/sparql-update":
                return _refuse_update()
            else:
                return PlainTextResponse(
                    f"unsupported content type {ctype!r}: use a form or application/sparql-query\n", status_code=415
                )
        if query is None:
            return Response(service_description(str(request.url).split("?")[0]), media_type="text/turtle")
        if _UPDATE.match(query):
            return _refuse_update()
        accept = request.headers.get("accept", "")
        try:
            media, body, rows = await pool.answer(query, accept, limits.timeout)
        except asyncio.TimeoutError:
            return PlainTextResponse(
                f"the query ran longer than {limits.timeout:g} s and was stopped\n", status_code=503
            )
        except SyntaxError as e:
            return PlainTextResponse(f"malformed SPARQL query: {' '.join(str(e).split())[:300]}\n", status_code=400)
        except (OSError, ValueError, RuntimeError) as e:
            return PlainTextResponse(f"the query failed: {' '.join(str(e).split())[:300]}\n", status_code=500)
        if media is None:
            return PlainTextResponse(
                "not acceptable: results come as JSON, XML, CSV or TSV, graphs as Turtle or N-Triples\n",
                status_code=406,
            )
        if rows is not None and rows > limits.max_rows:
            return PlainTextResponse(
                f"the result has more than {limits.max_rows:,} rows; add a LIMIT\n", status_code=413
            )
        return Response(body, media_type=media)

    async def landing(request: Request) -> HTMLResponse:
        queries = [{"name": q.name, "title": q.title, "text": q.render()} for q in canned_queries()]
        data = json.dumps(queries, ensure_ascii=False).replace("</", "<\\/")
        return HTMLResponse(_LANDING.replace("{{queries}}", data))

    async def view(request: Request) -> Response:
        from .viz import corpus_graph, cross_city_view, overview_view, reduce, render_html, report_view

        name = request.path_params["name"]
        g = await asyncio.to_thread(corpus_graph, store)
        try:
            if name == "overview":
                v = overview_view(g)
            elif name == "cross-city":
                v = cross_city_view(g)
            elif re.fullmatch(r"[0-9a-z-]+", name):
                v = report_view(g, name)
            else:
                raise KeyError(name)
        except KeyError:
            return PlainTextResponse(f"no view {html.escape(name)}\n", status_code=404)
        return HTMLResponse(render_html(reduce(v, 1500)))

    routes = [
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/query", sparql, methods=["GET", "POST"]),
        Route("/", landing),
        Route("/view/{name}", view),
    ]

    @contextlib.asynccontextmanager
    async def lifespan(app):
        await pool.start()
        yield
        pool.close()

    cors = Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"], allow_headers=["*"])
    return Starlette(routes=routes, middleware=[cors], lifespan=lifespan)


class QueryWorkers:
    """Processes that answer queries on read-only views of the store. A query past its time limit
    is stopped by ending its process (a running query cannot be interrupted otherwise), and a
    fresh process takes its place."""

    def __init__(self, path: str, size: int) -> None:
        import multiprocessing as mp

        self._ctx = mp.get_context("spawn")
        self._path = path
        self._idle: asyncio.Queue | None = None
        self._size = size

    async def start(self) -> None:
        self._idle = asyncio.Queue()
        for _ in range(self._size):
            self._idle.put_nowait(await asyncio.to_thread(self._spawn))

    def _spawn(self):
        parent, child = self._ctx.Pipe()
        proc = self._ctx.Process(target=_worker_main, args=(self._path, child), daemon=True)
        proc.start()
        return proc, parent

    async def answer(self, query: str, accept: str, timeout: float):
        assert self._idle is not None
        proc, conn = await self._idle.get()
        try:
            conn.send((query, accept))
            ready = await asyncio.to_thread(conn.poll, timeout)
            if not ready:
                proc.kill()
                proc.join()
                proc, conn = await asyncio.to_thread(self._spawn)
                raise asyncio.TimeoutError
            kind, value = conn.recv()
        finally:
            self._idle.put_nowait((proc, conn))
        if kind == "syntax":
            raise SyntaxError(value)
        if kind == "error":
            raise RuntimeError(value)
        return value

    def close(self) -> None:
        while self._idle is not None and not self._idle.empty():
            proc, _ = self._idle.get_nowait()
            proc.kill()


def _worker_main(path: str, conn) -> None:
    view = _View(path)
    while True:
        query, accept = conn.recv()
        try:
            conn.send(("ok", view.answer(query, accept)))
        except SyntaxError as e:
            conn.send(("syntax", str(e)))
        except Exception as e:  # reported to the client as one line
            conn.send(("error", f"{type(e).__name__}: {e}"))


class _View:
    """A worker's read-only view of the store, opened again once when reading fails.

    A read-only view sees the files the store had when it was opened; RocksDB compacting the
    store afterwards (the server's own handle does, after a first load) may remove files the
    view has not opened yet, and every query touching them would fail from then on.

    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> OxigraphStore(folder).close()
    >>> _View(folder).answer("ASK { ?s ?p ?o }", "application/sparql-results+json")[:2]
    ('application/sparql-results+json', b'{"head":{},"boolean":false}')
    """

    def __init__(self, path: str, open_store: Callable[[str], Any] = ox.Store.read_only) -> None:
        self._path, self._open = path, open_store
        self.store = open_store(path)

    def answer(self, query: str, accept: str) -> tuple[str | None, bytes, int | None]:
        try:
            return _answer(self.store, query, accept)
        except OSError:
            self.store = self._open(self._path)
            return _answer(self.store, query, accept)


def _answer(store, query: str, accept: str) -> tuple[str | None, bytes, int | None]:
    """Run and serialise a query in one go (results are lazy: the work happens while serialising)."""
    result = store.query(query, use_default_graph_as_union=True)
    if isinstance(result, (ox.QuerySolutions, ox.QueryBoolean)):
        media = _negotiate(accept, RESULT_TYPES, "application/sparql-results+json")
        if media is None:
            return None, b"", None
        body = result.serialize(format=RESULT_TYPES[media])
        return media, body, _rows_in(body, media) if isinstance(result, ox.QuerySolutions) else None
    media = _negotiate(accept, GRAPH_TYPES, "text/turtle")
    if media is None:
        return None, b"", None
    return media, result.serialize(format=GRAPH_TYPES[media]), None


def _refuse_update() -> Response:
    return PlainTextResponse(
        "this endpoint is read-only: SPARQL updates are refused (the store changes only through 'govgraph ingest')\n",
        status_code=403,
    )


_LANDING = """<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>govgraph SPARQL</title>
<style>body{font-family:"Noto Sans CJK SC",sans-serif;margin:2em;max-width:1100px} textarea{width:100%;height:18em;font-family:monospace}
pre{background:#f6f6f6;padding:1em;overflow:auto;max-height:30em}</style></head><body>
<h1>govgraph SPARQL endpoint</h1>
<p>POST or GET <code>/sparql</code> (SPARQL 1.1 Protocol, read-only). Network views:
<a href="/view/overview">overview</a> · <a href="/view/cross-city">across cities</a>.</p>
<label>Canned query <select id="canned"></select></label>
<form id="form" method="post" action="/sparql"><textarea name="query" id="query"></textarea><br>
<label>Format <select id="accept"><option>text/csv</option><option>application/sparql-results+json</option>
<option>text/tab-separated-values</option><option>application/sparql-results+xml</option></select></label>
<button type="submit">Run</button></form><pre id="out"></pre>
<script>
var queries = {{queries}};
var sel = document.getElementById("canned"), text = document.getElementById("query");
queries.forEach(function (q, i) { var o = document.createElement("option"); o.value = i; o.textContent = q.name + " — " + q.title; sel.appendChild(o); });
function pick() { text.value = queries[sel.value] ? queries[sel.value].text : ""; }
sel.addEventListener("change", pick); pick();
document.getElementById("form").addEventListener("submit", function (e) {
  e.preventDefault();
  fetch("/sparql", {method: "POST", headers: {"Content-Type": "application/sparql-query", "Accept": document.getElementById("accept").value},
                    body: text.value}).then(function (r) { return r.text(); })
    .then(function (t) { document.getElementById("out").textContent = t; });
});
</script></body></html>"""


def serve(store: OxigraphStore, host: str, port: int, limits: Limits) -> None:
    import uvicorn

    uvicorn.run(make_app(store, limits), host=host, port=port, log_level="warning")

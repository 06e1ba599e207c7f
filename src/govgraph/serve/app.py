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
from dataclasses import dataclass
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from ..errors import GovgraphError, StoreError
from ..query.canned import canned_queries
from ..store.base import TripleStore, is_update
from ..store.oxigraph import OxigraphStore
from ..views import ViewRequest, build_view
from ..views.html import render_html
from .landing import LANDING
from .workers import QueryWorkers


@dataclass(frozen=True)
class Limits:
    timeout: float = 30.0  # seconds a query may run
    max_rows: int = 100_000  # rows a SELECT may return


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
    pool = QueryWorkers(store.location, workers)

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
        if is_update(query):
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
        return HTMLResponse(LANDING.replace("{{queries}}", data))

    async def view(request: Request) -> Response:
        name = request.path_params["name"]
        wanted = ViewRequest(name) if name in ("overview", "cross-city") else ViewRequest("report", report=name)
        try:
            v = await asyncio.to_thread(build_view, store, wanted)
        except GovgraphError:
            return PlainTextResponse(f"no view {html.escape(name)}\n", status_code=404)
        return HTMLResponse(render_html(v))

    async def over_time(request: Request) -> Response:  # /view/reform/{name}, /view/indicator/{name}
        kind, name = request.url.path.split("/")[2], request.path_params["name"]
        wanted = ViewRequest(kind, reform=name) if kind == "reform" else ViewRequest(kind, indicator=name)
        try:
            v = await asyncio.to_thread(build_view, store, wanted)
        except GovgraphError:
            return PlainTextResponse(f"no {kind} view {html.escape(name)}\n", status_code=404)
        return HTMLResponse(render_html(v))

    routes = [
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/query", sparql, methods=["GET", "POST"]),
        Route("/", landing),
        Route("/view/reform/{name}", over_time),
        Route("/view/indicator/{name}", over_time),
        Route("/view/{name}", view),
    ]

    @contextlib.asynccontextmanager
    async def lifespan(app):
        await pool.start()
        yield
        pool.close()

    cors = Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"], allow_headers=["*"])
    return Starlette(routes=routes, middleware=[cors], lifespan=lifespan)


def _refuse_update() -> Response:
    return PlainTextResponse(
        "this endpoint is read-only: SPARQL updates are refused (the store changes only through 'govgraph ingest')\n",
        status_code=403,
    )


def serve(store: TripleStore, host: str, port: int, limits: Limits, workers: int = 2) -> None:
    """Serve ``store`` (a store folder, opened read-only) at ``http://host:port/sparql`` until stopped."""
    import uvicorn

    if not isinstance(store, OxigraphStore) or store.path is None:
        raise StoreError(f"{store.location}: serve needs a store folder (a remote server serves itself)")
    uvicorn.run(make_app(store, limits, workers), host=host, port=port, log_level="warning")

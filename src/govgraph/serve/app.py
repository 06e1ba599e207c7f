"""A read-only SPARQL 1.1 Protocol endpoint over the store (Starlette, served by uvicorn).

``/sparql`` takes GET and POST (form-encoded or ``application/sparql-query``), negotiates
SPARQL results as JSON, XML, CSV or TSV and graphs as Turtle, N-Triples, RDF/XML or JSON-LD, refuses updates
(403), refuses SERVICE and over-long or over-nested queries before they run (400), stops queries
at a time limit (503), refuses results over a row or triple cap and bodies over a size cap (413),
answers 503 with Retry-After when its queue is full, ends a query whose client went away, and keeps
one query process for short queries (``workers.QueryWorkers``);
each refusal is one line. See ``docs/security.md``. Without a query it answers with a SPARQL 1.1 Service Description.
``/`` is the query page (YASGUI, served from ``/static/``, see ``landing.py``) with the canned
queries and links to the network views at ``/view/…``.
"""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import html
from collections import OrderedDict
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from ..errors import GovgraphError, QueryError, StoreError
from ..store.base import TripleStore, is_update
from ..store.guard import QueryGuard
from ..store.oxigraph import OxigraphStore
from .landing import landing_page
from .static import PAGE_HEADERS, static_file
from .workers import (
    SHORT_QUERY_SECONDS,
    QueryTimeout,
    QueryWorkers,
    QueueFull,
    ResultTooLarge,
    WorkerDied,
    rdf_document,
)


@dataclass(frozen=True)
class Limits:
    """What one request may cost. Each bound answers with its own status and a one-line message."""

    timeout: float = 30.0  # seconds a query may run (503 beyond)
    max_rows: int = 100_000  # rows a SELECT may return (413 beyond)
    max_triples: int = 1_000_000  # triples a CONSTRUCT or DESCRIBE may return (413 beyond)
    max_body: int = 2**20  # bytes of a POST body (413 beyond)
    max_url: int = 65_536  # bytes of a request's path and query string (414 beyond: POST the query)
    queue: int = 32  # requests waiting for a free worker (503 with Retry-After beyond; 20 clients fit)
    short_query_seconds: float = SHORT_QUERY_SECONDS  # the short-query lane's budget (0: no lane); see QueryWorkers
    worker_memory_mb: int = 2048  # address space of each query process (the query fails beyond)
    view_memory_mb: int = 8192  # address space of the process that builds network views
    view_timeout: float = 600.0  # seconds a network view may take to build (the first, at 10,000 reports)


def service_description(endpoint: str, workers: int = 2, short_query_seconds: float = SHORT_QUERY_SECONDS) -> str:
    """A SPARQL 1.1 Service Description of the endpoint, in Turtle; it says how many query processes
    answer and whether one is kept for short queries (``workers``, ``short_query_seconds``).

    >>> import rdflib
    >>> g = rdflib.Graph().parse(data=service_description("http://127.0.0.1:1/sparql"), format="turtle")
    >>> len(g) > 10
    True
    """
    formats = " , ".join(
        f"<http://www.w3.org/ns/formats/{f}>"
        for f in (
            "SPARQL_Results_JSON",
            "SPARQL_Results_XML",
            "SPARQL_Results_CSV",
            "SPARQL_Results_TSV",
            "Turtle",
            "N-Triples",
            "RDF_XML",
            "JSON-LD",
        )
    )
    lane = _lane_text(workers, short_query_seconds)
    return f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<{endpoint}#service> a sd:Service ;
   sd:endpoint <{endpoint}> ;
   sd:supportedLanguage sd:SPARQL11Query ;
   sd:feature sd:UnionDefaultGraph ;
   sd:resultFormat {formats} ;
   sd:defaultDataset <{endpoint}#dataset> ;
   rdfs:comment "A read-only endpoint: updates are refused (403). The default graph is the union of all graphs only when neither the query (FROM, FROM NAMED) nor the request (default-graph-uri, named-graph-uri) names a dataset; a dataset the request names overrides the query's."@en , "{lane}"@en .
<{endpoint}#dataset> a sd:Dataset ;
   sd:defaultGraph <{endpoint}#union> .
<{endpoint}#union> a sd:Graph ;
   rdfs:comment "The union of every named graph of the store."@en .
"""


def _lane_text(workers: int, short_query_seconds: float) -> str:
    """What the service description says of the query processes and the short-query lane.

    >>> _lane_text(1, 1.0)
    'Queries run in 1 process, one query at a time; no process is kept for short queries.'
    """
    if workers < 2 or short_query_seconds <= 0:
        processes = "1 process" if workers == 1 else f"{workers} processes"
        return f"Queries run in {processes}, one query at a time; no process is kept for short queries."
    return (
        f"Queries run in {workers} processes, one of them kept for short queries: at most {workers - 1} "
        f"run longer than {short_query_seconds:g} s at once; another query that does is stopped and queued "
        "again, to run from the start with its whole time limit when a long query may start."
    )


def _description_response(endpoint: str, accept: str, workers: int, limits: Limits) -> Response:
    """The service description in the RDF format the Accept header prefers (Turtle by default;
    Turtle too when none fits: a description is better than a refusal)."""
    media, body = rdf_document(service_description(endpoint, workers, limits.short_query_seconds), accept)
    return Response(body, media_type=media)


def make_app(
    store: OxigraphStore,
    limits: Limits | None = None,
    workers: int = 2,
    allow_service: Iterable[str] = (),
    cors: Iterable[str] = (),
) -> Starlette:
    """The Starlette application for a store: queries run in worker processes on read-only views.

    ``allow_service``: hosts a SERVICE clause may call (none: federation is off). ``cors``: origins
    whose pages may call the endpoint from a browser (none: only the query page, same origin)."""
    limits = limits or Limits()
    allowed = frozenset(h.lower() for h in allow_service)
    guard = QueryGuard(allow_service=allowed)
    pool = QueryWorkers(
        store.location, workers, limits.worker_memory_mb, limits.queue, allowed, limits.short_query_seconds
    )
    view_pool = QueryWorkers(store.location, 1, limits.view_memory_mb, queue=64)
    views = _ViewCache(store, view_pool, limits.view_timeout)

    async def sparql(request: Request) -> Response:
        endpoint = str(request.url).split("?")[0]
        try:
            query, dataset = await _query_of(request, limits)
        except _Refusal as r:
            return r.response
        except ClientDisconnect:
            return Response(status_code=400)
        if query is None:
            return _description_response(endpoint, request.headers.get("accept", ""), workers, limits)
        if is_update(query):
            return _refuse_update()
        try:
            guard.check(query)
        except QueryError as e:
            return _line(400, str(e))
        work = asyncio.ensure_future(
            pool.answer(
                query,
                request.headers.get("accept", ""),
                limits.timeout,
                limits.max_rows,
                limits.max_triples,
                dataset,
                endpoint,
            )
        )
        gone = asyncio.ensure_future(_disconnected(request))
        try:
            await asyncio.wait({work, gone}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            gone.cancel()
            if not work.done():  # the client went away (or the server stops): the query and its process end now
                work.cancel()
                await asyncio.wait({work})
        if work.cancelled():
            return Response(status_code=499)  # nobody reads it: the client has gone
        return _respond(work, limits)

    async def landing(request: Request) -> HTMLResponse:
        return HTMLResponse(landing_page(), headers=PAGE_HEADERS)

    async def view(request: Request) -> Response:
        name = request.path_params["name"]
        if request.url.path.startswith(("/view/reform/", "/view/indicator/")):
            name = request.url.path.split("/")[2] + "/" + name  # a view over time: /view/reform/NAME
        try:
            page = await views.page(name)
        except GovgraphError:
            return PlainTextResponse(f"no view {html.escape(name)}\n", status_code=404)
        except QueryTimeout:
            return _line(503, f"the view took longer than {limits.view_timeout:g} s to build and was stopped")
        except (WorkerDied, QueueFull) as e:
            return _line(503 if isinstance(e, QueueFull) else 500, str(e) or "the server is busy; try again")
        return HTMLResponse(page)

    routes = [
        Route("/sparql", sparql, methods=["GET", "POST"]),  # GET answers HEAD too (without the body)
        Route("/sparql/", sparql, methods=["GET", "POST"]),  # POST clients do not follow a redirect
        Route("/query", sparql, methods=["GET", "POST"]),
        Route("/query/", sparql, methods=["GET", "POST"]),
        Route("/", landing),
        Route("/static/{path:path}", static_file),
        Route("/view/reform/{name}", view),
        Route("/view/indicator/{name}", view),
        Route("/view/{name}", view),
    ]

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await pool.start()
        await view_pool.start()
        app.state.pool = pool
        try:
            yield
        finally:
            await pool.close()
            await view_pool.close()

    middleware = []
    origins = list(cors)
    if origins:
        middleware.append(
            Middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET", "POST"], allow_headers=["*"])
        )
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)


class _Refusal(Exception):
    """A request refused before any query runs; ``response`` says why."""

    def __init__(self, response: Response) -> None:
        self.response = response


def _line(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """A one-line plain-text answer."""
    return PlainTextResponse(" ".join(message.split()) + "\n", status_code=status, headers=headers)


_DATASET_PARAMS = ("default-graph-uri", "named-graph-uri")
_UTF8 = ("utf-8", "utf8", "us-ascii", "ascii")


def _one_query(values: list[str]) -> str | None:
    """The one ``query`` parameter of a request (None: none); two or more are refused (400)."""
    if len(values) > 1:
        raise _Refusal(_line(400, f"the request carries {len(values)} queries: send one query parameter"))
    return values[0] if values else None


def _dataset_of(params: dict[str, list[str]]) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The dataset a request names (default graphs, named graphs), or None when it names none."""
    default, named = params.get("default-graph-uri", []), params.get("named-graph-uri", [])
    if not default and not named:
        return None
    return tuple(default), tuple(named)


async def _query_of(request: Request, limits: Limits) -> tuple[str | None, Any]:
    """The query a request carries (None: none) and the dataset it names, or :class:`_Refusal`."""
    url_size = len(request.scope.get("raw_path", b"")) + len(request.scope.get("query_string", b""))
    if url_size > limits.max_url:
        raise _Refusal(
            _line(414, f"the request URL is longer than {limits.max_url:,} bytes: POST the query instead of a GET")
        )
    params: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        params.setdefault(key, []).append(value)
    if request.method in ("GET", "HEAD"):
        if "update" in params:
            raise _Refusal(_refuse_update())
        return _one_query(params.get("query", [])), _dataset_of(params)
    ctype, *options = [f.strip() for f in request.headers.get("content-type", "").split(";")]
    ctype = ctype.lower()
    if ctype == "application/sparql-update":
        raise _Refusal(_refuse_update())
    if ctype not in ("application/x-www-form-urlencoded", "application/sparql-query"):
        raise _Refusal(_line(415, f"unsupported content type {ctype!r}: use a form or application/sparql-query"))
    charset = next(
        (o.split("=", 1)[1].strip().strip('"').lower() for o in options if o.lower().startswith("charset=")), "utf-8"
    )
    raw = await _body(request, limits.max_body)
    if ctype == "application/sparql-query":
        # the media type is UTF-8 only (SPARQL 1.1 Protocol): another charset is refused, not misread
        if charset not in _UTF8:
            raise _Refusal(_line(415, f"unsupported charset {charset!r}: a direct POST is sent in UTF-8"))
        if "query" in params:
            raise _Refusal(_line(400, "a direct POST carries its query in the body, not also in the URL"))
        try:
            return raw.decode("utf-8"), _dataset_of(params)
        except UnicodeDecodeError:
            raise _Refusal(_line(400, "the request body is not UTF-8")) from None
    # a form: its percent-escapes are bytes in the charset it declares (UTF-8 unless it says otherwise)
    try:
        codecs.lookup(charset)
    except LookupError:
        raise _Refusal(_line(415, f"unknown charset {charset!r}")) from None
    try:
        form = parse_qs(raw.decode("ascii"), keep_blank_values=True, encoding=charset, errors="strict")
    except (UnicodeDecodeError, ValueError):
        raise _Refusal(_line(400, f"the form is not URL-encoded {charset}")) from None
    for key, values in form.items():
        params.setdefault(key, []).extend(values)
    if "update" in params:
        raise _Refusal(_refuse_update())
    return _one_query(params.get("query", [])), _dataset_of(params)


async def _body(request: Request, limit: int) -> bytes:
    """The request body, read no further than ``limit`` bytes (413 beyond)."""
    too_big = _Refusal(_line(413, f"the request body is larger than {limit:,} bytes"))
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_big
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_big
        chunks.append(chunk)
    return b"".join(chunks)


async def _disconnected(request: Request) -> None:
    """Return when the client has gone away (the server tells with an ``http.disconnect`` message)."""
    while True:
        message = await request.receive()
        if message["type"] == "http.disconnect":
            return


def _respond(work: asyncio.Future, limits: Limits) -> Response:
    """The answer to a finished query, or its error as a status and one line."""
    try:
        media, body, _rows = work.result()
    except QueueFull:
        return _line(
            503,
            "the server is busy: every query worker is taken and the queue is full; try again",
            {"Retry-After": "5"},
        )
    except QueryTimeout:
        return _line(503, f"the query ran longer than {limits.timeout:g} s and was stopped")
    except ResultTooLarge as e:
        return _line(413, str(e))
    except WorkerDied as e:
        return _line(500, str(e))
    except QueryError as e:
        return _line(400 if "memory" not in str(e) else 500, str(e))
    if media is None:
        return _line(
            406,
            "not acceptable: results come as JSON, XML, CSV or TSV, graphs as Turtle, N-Triples, RDF/XML or JSON-LD",
        )
    return Response(body, media_type=media)


class _ViewCache:
    """Network views as HTML pages, each built once per store state and kept (the last 32).

    Pages are built by a process of their own (``QueryWorkers`` of one), which keeps the corpus
    graph under every view and builds it once per store state: neither the graph's memory nor
    the Python work of building it lands in the server's process, so queries never wait on it.
    Concurrent requests for the same page wait for the one build."""

    def __init__(self, store: OxigraphStore, pool: QueryWorkers, timeout: float, size: int = 32) -> None:
        self._store, self._pool, self._timeout, self._size = store, pool, timeout, size
        self._pages: OrderedDict[tuple[str, str], bytes] = OrderedDict()
        self._building: dict[tuple[str, str], asyncio.Future[bytes]] = {}
        self.renders = 0  # pages asked of the view process (for tests)
        self.builds = 0  # corpus graphs it built (for tests)

    async def page(self, name: str) -> bytes:
        key = (store_state(self._store), name)
        if key in self._pages:
            self._pages.move_to_end(key)
            return self._pages[key]
        if key not in self._building:
            task = asyncio.ensure_future(self._render(*key))
            self._building[key] = task
            task.add_done_callback(lambda t: self._done(key, t))
        return await asyncio.shield(self._building[key])

    async def _render(self, state: str, name: str) -> bytes:
        self.renders += 1
        page, built = await self._pool.request(("view", name, state), self._timeout)
        self.builds += built
        return page

    def _done(self, key: tuple[str, str], task: asyncio.Future[bytes]) -> None:
        self._building.pop(key, None)
        if not task.cancelled() and task.exception() is None:
            self._pages[key] = task.result()
            while len(self._pages) > self._size:
                self._pages.popitem(last=False)


def store_state(store: OxigraphStore) -> str:
    """A token that changes whenever the store's content does: RocksDB's current manifest, its size
    and time (every write appends to it). Cheap: two small file reads, whatever the store's size.

    >>> import tempfile, govgraph
    >>> s = govgraph.open_store(tempfile.mkdtemp() + "/s", write=True)
    >>> before = store_state(s)
    >>> _ = govgraph.ingest(["data/reports/haikou-2022-fazhi.txt"], s)
    >>> store_state(s) != before
    True
    """
    if store.path is None:
        return str(store.quad_count())
    try:
        current = (store.path / "CURRENT").read_text(encoding="ascii").strip()
        st = (store.path / current).stat()
        return f"{current}:{st.st_size}:{st.st_mtime_ns}"
    except OSError:
        return str(store.quad_count())


def _refuse_update() -> Response:
    return PlainTextResponse(
        "this endpoint is read-only: SPARQL updates are refused (the store changes only through 'govgraph ingest')\n",
        status_code=403,
    )


def serve(
    store: TripleStore,
    host: str,
    port: int,
    limits: Limits,
    workers: int = 2,
    allow_service: Iterable[str] = (),
    cors: Iterable[str] = (),
) -> None:
    """Serve ``store`` (a store folder, opened read-only) at ``http://host:port/sparql`` until stopped.
    See ``docs/security.md`` for what ``host``, ``allow_service`` and ``cors`` open up."""
    import uvicorn

    if not isinstance(store, OxigraphStore) or store.path is None:
        raise StoreError(f"{store.location}: serve needs a store folder (a remote server serves itself)")
    from .http import head_limited_protocol

    app = make_app(store, limits, workers, allow_service, cors)
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="warning",
        timeout_graceful_shutdown=2,
        http=head_limited_protocol(limits.max_url),
        h11_max_incomplete_event_size=limits.max_url + 16_384,  # the request line at the limit, and headers
    )

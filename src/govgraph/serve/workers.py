"""Query processes (``process.py``) for the server and for ``govgraph query``, and how results are
negotiated, counted and written.

A result is counted while it is read from the engine: reading stops at the row cap plus one, so a
result over the cap costs the cap's memory, never the whole result's, and is refused (413) before
anything is written. The four SPARQL result formats are written here, from the rows read.
"""

from __future__ import annotations

import asyncio
import contextlib
import copyreg
import csv
import io
import json
import os
import select
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from ..errors import GovgraphError, QueryError, StoreBusy, StoreError
from ..store.base import QueryResult, TripleStore, refuse_update
from ..store.guard import DEFAULT_GUARD, QueryGuard, names_dataset
from ..store.values import LangString
from .process import _HEADER, frame

RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}
ALIASES = frozenset({"application/json", "application/xml", "application/x-turtle", "text/plain"})  # named only
STARTUP_SECONDS = 60.0  # a process starting on a busy machine (it imports govgraph and opens the store)
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def _reduce_lang_string(v: LangString) -> tuple[type[LangString], tuple[str, str]]:
    return LangString, (str(v), v.lang)


copyreg.pickle(LangString, _reduce_lang_string)  # results cross from a query process as pickles


class ResultTooLarge(QueryError):
    """A result with more rows (or triples) than the endpoint returns."""


class NotFoundHere(GovgraphError):
    """A view or report a query process did not find (its message as it gave it)."""


class QueueFull(Exception):
    """Every worker is busy and the wait queue is full."""


class QueryTimeout(Exception):
    """The query ran past its time limit and its process was ended."""


class WorkerDied(Exception):
    """The query's process ended while answering (a crash, or the memory cap)."""


def _negotiate(accept: str, offered: dict, default: str) -> str | None:
    """The offered media type the Accept header prefers, or None when none is acceptable.

    Each offered type takes the q-value of the most specific range that matches it (``q=0``
    excludes it, even under ``*/*``); among equal q-values ``default`` comes first, then the
    order of ``offered``.

    >>> _negotiate("text/csv;q=0.5, application/sparql-results+xml", RESULT_TYPES, "text/csv")
    'application/sparql-results+xml'
    >>> _negotiate("text/turtle;q=0, */*", GRAPH_TYPES, "text/turtle")
    'application/n-triples'
    >>> _negotiate("image/png", GRAPH_TYPES, "text/turtle") is None
    True
    """
    if not accept.strip():
        return default
    ranges: list[tuple[str, str, float]] = []
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        kind, _, sub = fields[0].lower().partition("/")
        if not kind:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = max(0.0, min(1.0, float(f[2:])))
                except ValueError:
                    q = 0.0
        ranges.append((kind, sub or "*", q))
    best, best_q = None, 0.0
    for media in [default, *(m for m in offered if m != default)]:
        kind, _, sub = media.partition("/")
        q, specificity = 0.0, -1
        for rk, rs, rq in ranges:
            if media in ALIASES and (rk, rs) != (kind, sub):
                continue  # another name for a type offered under its own: given only when asked for by name
            if (rk, rs) == (kind, sub):
                level = 2
            elif rk == kind and rs == "*":
                level = 1
            elif (rk, rs) == ("*", "*"):
                level = 0
            else:
                continue
            if level > specificity:
                q, specificity = rq, level
        if q > best_q:
            best, best_q = media, q
    return best


def rdf_document(turtle: str, accept: str) -> tuple[str, bytes]:
    """A Turtle document in the RDF format ``accept`` prefers (Turtle when none fits).

    >>> rdf_document("<http://e/s> <http://e/p> 1 .", "application/n-triples")
    ('application/n-triples', b'<http://e/s> <http://e/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .\\n')
    """
    media = _negotiate(accept, GRAPH_TYPES, "text/turtle") or "text/turtle"
    if GRAPH_TYPES[media] == ox.RdfFormat.TURTLE:
        return media, turtle.encode("utf-8")
    triples = list(ox.parse(turtle.encode("utf-8"), format=ox.RdfFormat.TURTLE))
    return media, ox.serialize(triples, format=GRAPH_TYPES[media]) or b""


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


Dataset = tuple[tuple[str, ...], tuple[str, ...]]


def _dataset_arguments(query: str, dataset: Dataset | None, base_iri: str | None) -> dict[str, Any]:
    """How the engine is asked: the dataset the request names (``default-graph-uri``,
    ``named-graph-uri``) overrides the query's own (``FROM``, ``FROM NAMED``); with neither, the
    default graph is the union of every graph."""
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


def _answer(
    store: Any,
    query: str,
    accept: str,
    max_rows: int,
    max_triples: int,
    dataset: Dataset | None = None,
    base_iri: str | None = None,
) -> tuple[str | None, bytes, int | None]:
    """Run a query and write its result, counting rows (or triples) as they are read."""
    try:
        result = store.query(query, **_dataset_arguments(query, dataset, base_iri))
        if isinstance(result, ox.QueryBoolean):
            media = _negotiate(accept, RESULT_TYPES, "application/sparql-results+json")
            if media is None:
                return None, b"", None
            fmt = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML}.get(RESULT_TYPES[media])
            fmt = fmt or {"csv": ox.QueryResultsFormat.CSV}.get(RESULT_TYPES[media], ox.QueryResultsFormat.TSV)
            return media, result.serialize(format=fmt) or b"", None
        if isinstance(result, ox.QuerySolutions):
            media = _negotiate(accept, RESULT_TYPES, "application/sparql-results+json")
            if media is None:
                return None, b"", None
            variables = [v.value for v in result.variables]
            rows = [[sol[v] for v in variables] for sol in _take(result, max_rows, "rows")]
            return media, write_solutions(variables, rows, RESULT_TYPES[media]), len(rows)
        media = _negotiate(accept, GRAPH_TYPES, "text/turtle")
        if media is None:
            return None, b"", None
        triples = _take(result, max_triples, "triples")
        return media, ox.serialize(triples, format=GRAPH_TYPES[media]) or b"", len(triples)
    except SyntaxError as e:
        raise QueryError(f"malformed SPARQL query: {' '.join(str(e).split())[:300]}") from None


class _View:
    """A worker's read-only view of the store, opened again once when reading fails.

    A read-only view sees the files the store had when it was opened; RocksDB compacting the
    store afterwards (the server's own handle does, after a first load) may remove files the
    view has not opened yet, and every query touching them would fail from then on.

    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> from govgraph.store.oxigraph import OxigraphStore
    >>> OxigraphStore(folder).close()
    >>> _View(folder).answer("ASK { ?s ?p ?o }", "application/sparql-results+json")[:2]
    ('application/sparql-results+json', b'{"head":{},"boolean":false}')
    """

    def __init__(self, path: str, open_store: Callable[[str], Any] = ox.Store.read_only) -> None:
        self._path, self._open = path, open_store
        self.store = open_store(path)

    def answer(
        self,
        query: str,
        accept: str,
        max_rows: int = 100_000,
        max_triples: int = 1_000_000,
        dataset: Dataset | None = None,
        base_iri: str | None = None,
    ) -> tuple[str | None, bytes, int | None]:
        try:
            return _answer(self.store, query, accept, max_rows, max_triples, dataset, base_iri)
        except OSError:
            self.store = self._open(self._path)
            return _answer(self.store, query, accept, max_rows, max_triples, dataset, base_iri)


def answer_request(path: str, request: tuple[Any, ...], guard: QueryGuard, state: dict[str, Any]) -> Any:
    """What a query process does with one request (see ``process.py``): ``("answer", query, accept,
    max_rows, max_triples, dataset, base_iri)`` from the server, a written result; ``("result", query)`` from the
    command line, a :class:`QueryResult`; ``("view", name, store_state)`` from the server, a
    network view's HTML page and whether the corpus graph had to be built for it."""
    kind = request[0]
    if kind == "view":
        return _view_page(path, request[1], request[2], state)
    query = request[1]
    guard.check(query)
    if kind == "answer":
        if "view" not in state:
            state["view"] = _View(path)
        return state["view"].answer(query, *request[2:])
    return _store(path, state, guard).query(query)


def _store(path: str, state: dict[str, Any], guard: QueryGuard) -> Any:
    """The process's store handle (read-only, under a shared lock), opened once."""
    from ..store.oxigraph import OxigraphStore

    if "store" not in state:
        state["store"] = OxigraphStore(path, write=False)
        state["store"].guard = guard
    return state["store"]


def _view_page(path: str, name: str, store_state: str, state: dict[str, Any]) -> tuple[bytes, bool]:
    """A network view as an HTML page; the corpus graph under it is built once per store state and
    kept in this process (it is large: hundreds of MB at 1,000 reports), never in the server's."""
    from ..views import build_view
    from ..views.html import render_html
    from ..views.network import corpus_graph

    built = False
    if state.get("graph_state") != store_state:
        state["graph"], state["graph_state"], built = (
            corpus_graph(_store(path, state, DEFAULT_GUARD)),
            store_state,
            True,
        )
    return render_html(build_view(state["graph"], _view_request(name))).encode("utf-8"), built


def _view_request(name: str) -> Any:
    """The view a ``/view/…`` path names: ``overview``, ``cross-city``, ``reform/NAME``, ``indicator/NAME``,
    or a report id."""
    from ..views import ViewRequest

    kind, _, key = name.partition("/")
    if kind == "reform" and key:
        return ViewRequest("reform", reform=key)
    if kind == "indicator" and key:
        return ViewRequest("indicator", indicator=key)
    return ViewRequest(name) if name in ("overview", "cross-city") else ViewRequest("report", report=name)


# --- the processes


def _child_command(path: str, memory_mb: int, allow_service: frozenset[str]) -> list[str]:
    return [
        sys.executable,
        "-m",
        "govgraph.serve.child",
        path,
        str(os.getpid()),
        str(memory_mb),
        json.dumps(sorted(allow_service)),
    ]


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("MALLOC_ARENA_MAX", "2")  # glibc reserves 64 MB of address space per arena otherwise
    env["RUST_BACKTRACE"] = "0"  # a worker out of memory says so in one line
    return env


def _died(code: int | None, memory_mb: int) -> str:
    """Why a query process ended, in words."""
    if code is not None and code < 0:
        import signal

        name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else str(-code)
        cause = f"killed by {name}"
    else:
        cause = f"exit status {code}"
    return (
        f"the query process ended while answering ({cause}); the query may need more than the worker's "
        f"{memory_mb:,} MB of memory, or crashed the engine"
    )


class QueryWorkers:
    """Processes that answer queries on read-only views of the store.

    A query past its time limit, whose client went away, or whose process died, costs that
    process: it is ended and a fresh one takes its place, so the pool never shrinks. Requests
    wait for a free process in a queue of at most ``queue``; beyond that :class:`QueueFull`.
    """

    def __init__(
        self,
        path: str,
        size: int,
        memory_mb: int = 2048,
        queue: int = 16,
        allow_service: frozenset[str] = frozenset(),
    ) -> None:
        self._path, self._size, self._memory_mb, self._queue = path, size, memory_mb, queue
        self._allow = allow_service
        self._idle: asyncio.Queue[asyncio.subprocess.Process] | None = None
        self._procs: set[asyncio.subprocess.Process] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._waiting = 0
        self._closed = False

    @property
    def pids(self) -> list[int]:
        """The query processes' ids (for tests and monitoring)."""
        return [p.pid for p in self._procs if p.returncode is None]

    async def start(self) -> None:
        self._idle = asyncio.Queue()
        for _ in range(self._size):
            self._idle.put_nowait(await self._spawn())

    async def _spawn(self) -> asyncio.subprocess.Process:
        """A new process, once it says it is ready (:class:`WorkerDied` if it does not within a minute)."""
        proc = await asyncio.create_subprocess_exec(
            *_child_command(self._path, self._memory_mb, self._allow),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            env=_child_env(),
        )
        self._procs.add(proc)
        assert proc.stdout is not None
        try:
            await asyncio.wait_for(_read_reply(proc.stdout), STARTUP_SECONDS)
        except (TimeoutError, EOFError, ConnectionError, asyncio.IncompleteReadError):
            _kill(proc)
            self._procs.discard(proc)
            raise WorkerDied(f"a query process did not start ({_died(await proc.wait(), self._memory_mb)})") from None
        return proc

    def _retire(self, proc: asyncio.subprocess.Process) -> None:
        """End ``proc`` and start a process in its place (in the background: the caller may be cancelled)."""
        _kill(proc)
        self._procs.discard(proc)
        task = asyncio.get_running_loop().create_task(self._replace(proc))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _replace(self, old: asyncio.subprocess.Process) -> None:
        """Start a process in place of ``old``, trying again each second until one starts: the pool
        never shrinks."""
        await old.wait()
        while not self._closed and self._idle is not None:
            try:
                self._idle.put_nowait(await self._spawn())
                return
            except WorkerDied:
                await asyncio.sleep(1)

    async def answer(
        self,
        query: str,
        accept: str,
        timeout: float,
        max_rows: int,
        max_triples: int,
        dataset: Dataset | None = None,
        base_iri: str | None = None,
    ) -> tuple[str | None, bytes, int | None]:
        """The written result of ``query``: (media type or None if none fits ``accept``, body, rows).
        ``dataset``: the default and named graphs the request names (None: it names none)."""
        return await self.request(("answer", query, accept, max_rows, max_triples, dataset, base_iri), timeout)

    async def request(self, message: tuple[Any, ...], timeout: float) -> Any:
        """What a process answers to ``message`` (see :func:`answer_request`), within ``timeout`` s."""
        assert self._idle is not None
        if self._idle.empty() and self._waiting >= self._queue:
            raise QueueFull
        self._waiting += 1
        try:
            proc = await self._idle.get()
        finally:
            self._waiting -= 1
        keep = False
        try:
            if proc.returncode is not None:  # died while idle
                self._procs.discard(proc)
                proc = await self._spawn()
            assert proc.stdin is not None and proc.stdout is not None
            proc.stdin.write(frame(message))
            await proc.stdin.drain()
            reply = await asyncio.wait_for(_read_reply(proc.stdout), timeout)
            keep = True
        except TimeoutError:
            raise QueryTimeout from None
        except (EOFError, ConnectionError, asyncio.IncompleteReadError):
            _kill(proc)
            raise WorkerDied(_died(await proc.wait(), self._memory_mb)) from None
        finally:
            if keep:
                self._idle.put_nowait(proc)
            else:
                self._retire(proc)
        return _unpack(reply)

    async def close(self) -> None:
        """End every query process."""
        self._closed = True
        for proc in list(self._procs):
            _kill(proc)
        for proc in list(self._procs):
            await proc.wait()
        for task in list(self._tasks):
            task.cancel()


def _kill(proc: asyncio.subprocess.Process) -> None:
    """End ``proc`` if it still runs (it may have ended on its own a moment ago)."""
    if proc.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            proc.kill()


async def _read_reply(stream: asyncio.StreamReader) -> Any:
    import pickle

    (n,) = _HEADER.unpack(await stream.readexactly(_HEADER.size))
    return pickle.loads(await stream.readexactly(n))


_ERRORS: dict[str, type[GovgraphError]] = {
    "ResultTooLarge": ResultTooLarge,
    "NotFound": NotFoundHere,
    "InputError": NotFoundHere,
    "StoreError": StoreError,
    "StoreBusy": StoreBusy,
}


def _unpack(reply: tuple[Any, ...]) -> Any:
    """A query process's reply as a value, or the error it reports, raised here."""
    if reply[0] == "ok":
        return reply[1]
    kind, name, message = reply
    if kind == "error":
        raise _ERRORS.get(name, QueryError)(message)
    if kind == "memory":
        raise QueryError(message)
    raise QueryError(f"the query failed: {message}")


def query_isolated(
    store: TripleStore,
    text: str,
    timeout: float = 60.0,
    memory_mb: int = 2048,
    guard: QueryGuard = DEFAULT_GUARD,
) -> QueryResult:
    """Answer ``text`` as ``store.query`` does, but bounded, for ``govgraph query``: a store folder's
    query runs in a process of its own, stopped after ``timeout`` seconds, capped at ``memory_mb``
    and ended at once when this process is interrupted (Ctrl-C); a crash of the engine becomes a
    one-line :class:`QueryError`. A server's query waits ``timeout`` seconds for the answer. A
    store opened for writing is queried here (another process may not open it meanwhile). Either
    way ``guard`` checks the text first.

    >>> import tempfile, govgraph
    >>> folder = tempfile.mkdtemp() + "/s"
    >>> govgraph.open_store(folder, write=True).close()
    >>> with govgraph.open_store(folder) as s:
    ...     query_isolated(s, "SELECT (1 + 1 AS ?n) WHERE {}").rows
    [[2]]
    """
    from ..store.oxigraph import OxigraphStore
    from ..store.remote import RemoteStore

    refuse_update(text)
    guard.check(text)
    if isinstance(store, OxigraphStore) and store.path is not None and store.read_only:
        return _query_in_child(str(store.path), text, timeout, memory_mb, guard)
    if isinstance(store, (OxigraphStore, RemoteStore)):
        store.guard = guard
    if isinstance(store, RemoteStore):
        store.timeout = timeout
    return store.query(text)


def _query_in_child(path: str, text: str, timeout: float, memory_mb: int, guard: QueryGuard) -> QueryResult:
    """``text`` answered by a query process on the store folder ``path`` (see :func:`query_isolated`).
    The process's own complaints (the engine's "memory allocation failed") are kept aside and told
    in the one line that reports its end, not printed."""
    with tempfile.TemporaryFile() as said:
        proc = subprocess.Popen(
            _child_command(path, memory_mb, guard.allow_service),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=said,
            env=_child_env(),
        )
        assert proc.stdin is not None and proc.stdout is not None
        try:
            try:
                proc.stdin.write(frame(("result", text)))
                proc.stdin.flush()
                if _read_until(proc.stdout.fileno(), time.monotonic() + STARTUP_SECONDS) is None:  # ("ready", None)
                    raise QueryError(f"the query process did not start within {STARTUP_SECONDS:g} s")
                reply = _read_until(proc.stdout.fileno(), time.monotonic() + timeout)
            except (EOFError, BrokenPipeError):
                proc.kill()
                code = proc.wait()
                raise QueryError(_died(code, memory_mb) + _last_line(said)) from None
            if reply is None:
                raise QueryError(f"the query ran longer than {timeout:g} s and was stopped")
            return _unpack(reply)
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            proc.stdin.close()
            proc.stdout.close()


def _last_line(stream: Any) -> str:
    """The last line a process wrote to ``stream`` (a file), as " (line)", or ""."""
    stream.seek(0)
    text = stream.read()[-4096:].decode("utf-8", "replace")
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith(("note:", "stack backtrace"))]
    return f" ({lines[-1][:200]})" if lines else ""


def _read_until(fd: int, deadline: float) -> Any:
    """One framed reply from ``fd``, or None at ``deadline``; waits in short slices so that Ctrl-C
    (KeyboardInterrupt) is seen at once."""
    import pickle

    buf = bytearray()
    need = _HEADER.size
    while True:
        while len(buf) < need:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([fd], [], [], min(left, 0.2))
            if ready:
                chunk = os.read(fd, need - len(buf))  # no further: the next frame is not this one's
                if not chunk:
                    raise EOFError
                buf += chunk
        if need == _HEADER.size:
            need += _HEADER.unpack(bytes(buf[: _HEADER.size]))[0]
            continue
        return pickle.loads(bytes(buf[_HEADER.size : need]))

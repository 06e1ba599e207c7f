"""Query processes (``process.py``) for the server and for ``govgraph query``, and which format a
request gets.

The server's pool keeps one process for short queries (the *short-query lane*, see
:class:`QueryWorkers`). A query process answers on a read-only session of the store
(``store.session.ReadSession``), which counts and writes the result; this module negotiates the
media type from the request's ``Accept`` header.
"""

from __future__ import annotations

import asyncio
import contextlib
import copyreg
import json
import os
import select
import subprocess
import sys
import tempfile
import time
from collections import OrderedDict, deque
from dataclasses import dataclass
from typing import Any

from ..errors import GovgraphError, QueryError, StoreBusy, StoreError
from ..store.base import QueryResult, TripleStore, refuse_update
from ..store.guard import DEFAULT_GUARD, QueryGuard
from ..store.session import GRAPH_TYPES, RESULT_TYPES, Dataset, ReadSession, ResultTooLarge, Written, turtle_as
from ..store.values import LangString
from .process import _HEADER, frame

ALIASES = frozenset({"application/json", "application/xml", "application/x-turtle", "text/plain"})  # named only
STARTUP_SECONDS = 60.0  # a process starting on a busy machine (it imports govgraph and opens the store)
SHORT_QUERY_SECONDS = 1.0  # how long a query may run on the short-query lane (see QueryWorkers)
_SLOW_REMEMBERED = 1024  # queries remembered as having run past the lane's budget


def _reduce_lang_string(v: LangString) -> tuple[type[LangString], tuple[str, str]]:
    return LangString, (str(v), v.lang)


copyreg.pickle(LangString, _reduce_lang_string)  # results cross from a query process as pickles


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
    return media, turtle_as(turtle, media)


def media_types(accept: str) -> tuple[str | None, str | None]:
    """The media types ``accept`` prefers for a SELECT or ASK result and for a graph (None: none fits).

    >>> media_types("text/csv, text/turtle;q=0.5")
    ('text/csv', 'text/turtle')
    >>> media_types("text/turtle")
    (None, 'text/turtle')
    """
    return (
        _negotiate(accept, RESULT_TYPES, "application/sparql-results+json"),
        _negotiate(accept, GRAPH_TYPES, "text/turtle"),
    )


def answer_request(path: str, request: tuple[Any, ...], guard: QueryGuard, state: dict[str, Any]) -> Any:
    """What a query process does with one request (see ``process.py``): ``("answer", query, result_media,
    graph_media, max_rows, max_triples, dataset, base_iri)`` from the server, a written result
    (:meth:`ReadSession.answer`); ``("result", query)`` from the
    command line, a :class:`QueryResult`; ``("view", name, store_state)`` from the server, a
    network view's HTML page and whether the corpus graph had to be built for it."""
    kind = request[0]
    if kind == "view":
        return _view_page(path, request[1], request[2], state)
    query = request[1]
    guard.check(query)
    if kind == "answer":
        if "session" not in state:
            state["session"] = ReadSession(path)
        return state["session"].answer(query, *request[2:])
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
    kept in this process (it is large: hundreds of MB at 1,000 reports), never in the server's. The
    overview reads only what it draws (:func:`..views.overview.overview_graph`, as ``govgraph viz`` does)
    unless the corpus graph of this store state is already here: the same page either way."""
    from ..views import build_view
    from ..views.html import render_html
    from ..views.network import corpus_graph

    if name == "overview" and state.get("graph_state") != store_state:
        view = build_view(_store(path, state, DEFAULT_GUARD), _view_request(name))
        return render_html(view).encode("utf-8"), False
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


def _child_command(path: str, memory_mb: int, allow_service: frozenset[str], yield_after: float = 0.0) -> list[str]:
    return [
        sys.executable,
        "-m",
        "govgraph.serve.child",
        path,
        str(os.getpid()),
        str(memory_mb),
        json.dumps(sorted(allow_service)),
        f"{yield_after:g}",
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


@dataclass(eq=False)
class _Waiter:
    """A request waiting for a free process; ``long``: it may run past the lane's budget, so it also
    needs one of the places for long queries."""

    future: asyncio.Future[asyncio.subprocess.Process]
    long: bool


class QueryWorkers:
    """Processes that answer queries on read-only sessions of the store.

    A query past its time limit, whose client went away, or whose process died, costs that
    process: it is ended and a fresh one takes its place, so the pool never shrinks. Requests
    wait for a free process in a queue of at most ``queue``; beyond that :class:`QueueFull`.

    **The short-query lane** (with ``short_seconds`` and two processes or more). At most
    ``size - 1`` queries run longer than ``short_seconds`` at once, so one process is always free
    of long queries and a short query never waits behind them:

    - a query starts on any free process, with a budget of ``short_seconds``;
    - past its budget, it runs on to its time limit if fewer than ``size - 1`` queries are long;
      otherwise it was on the lane: its process is ended (nothing else stops an Oxigraph query), a
      standby process takes its place at once, and the query goes back to the queue, ahead of the
      bound, to run again from the start with its whole time limit when a long query may start.
      Queries are read-only, so running one again gives the same answer;
    - a query that ran past its budget is remembered (the last 1,024, by text and dataset) and,
      sent again, waits for a place among the long queries at once, without trying the lane;
    - a query running past the budget runs at a lower CPU priority (``process.run_with_big_stack``), so
      that on a busy machine the short queries and the server come first.

    The pool keeps a standby process beside the ``size`` that answer, so that an ended process is
    replaced at once rather than after the second or so a new process takes to start. With one
    process, or without ``short_seconds``, there is no lane and no standby.
    """

    def __init__(
        self,
        path: str,
        size: int,
        memory_mb: int = 2048,
        queue: int = 16,
        allow_service: frozenset[str] = frozenset(),
        short_seconds: float | None = None,
    ) -> None:
        self._path, self._size, self._memory_mb, self._queue = path, size, memory_mb, queue
        self._allow = allow_service
        self.short_seconds = short_seconds if short_seconds is not None and short_seconds > 0 and size >= 2 else None
        self._long_slots = size - 1 if self.short_seconds is not None else size
        self._idle: list[asyncio.subprocess.Process] = []
        self._waiters: deque[_Waiter] = deque()
        self._long = 0  # queries running that may run to their time limit
        self._slow: OrderedDict[int, None] = OrderedDict()  # queries seen running past the lane's budget
        self._standby: asyncio.subprocess.Process | None = None
        self._procs: set[asyncio.subprocess.Process] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._closed = False
        self.moved = 0  # queries moved off the lane and run again (for tests and monitoring)

    @property
    def pids(self) -> list[int]:
        """The query processes' ids, the standby's too (for tests and monitoring)."""
        return [p.pid for p in self._procs if p.returncode is None]

    @property
    def long_running(self) -> int:
        """How many queries now run past the lane's budget (for tests and monitoring)."""
        return self._long

    async def start(self) -> None:
        standby = self.short_seconds is not None
        procs = await asyncio.gather(*(self._spawn() for _ in range(self._size + standby)))
        self._idle.extend(procs[: self._size])
        if standby:
            self._standby = procs[-1]

    async def _spawn(self) -> asyncio.subprocess.Process:
        """A new process, once it says it is ready (:class:`WorkerDied` if it does not within a minute)."""
        proc = await asyncio.create_subprocess_exec(
            *_child_command(self._path, self._memory_mb, self._allow, self.short_seconds or 0.0),
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
        """End ``proc`` and put a process in its place: the standby at once if there is one, and a new
        process started in the background (the caller may be cancelled)."""
        _kill(proc)
        self._procs.discard(proc)
        standby, self._standby = self._standby, None
        if standby is not None and standby.returncode is None:
            self._idle.append(standby)
            self._dispatch()
        task = asyncio.get_running_loop().create_task(self._replace(proc, as_standby=standby is not None))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _replace(self, old: asyncio.subprocess.Process, as_standby: bool) -> None:
        """Start a process in place of ``old`` (or of the standby that took its place), trying again
        each second until one starts: the pool never shrinks."""
        await old.wait()
        while not self._closed:
            try:
                proc = await self._spawn()
            except WorkerDied:
                await asyncio.sleep(1)
                continue
            if self._closed:
                _kill(proc)
            elif as_standby and self._standby is None:
                self._standby = proc
            else:
                self._idle.append(proc)
                self._dispatch()
            return

    def _dispatch(self) -> None:
        """Give free processes to waiting requests, first come first served among those that may start
        (a request for a long query waits while the long queries fill their places; one behind it
        may take the lane meanwhile)."""
        for waiter in list(self._waiters):
            if not self._idle:
                return
            if waiter.future.done():  # cancelled
                self._waiters.remove(waiter)
                continue
            if waiter.long and self._long >= self._long_slots:
                continue
            self._waiters.remove(waiter)
            if waiter.long:
                self._long += 1
            waiter.future.set_result(self._idle.pop())

    async def _acquire(self, long: bool, bounded: bool) -> asyncio.subprocess.Process:
        """A free process (and, for a ``long`` request, a place among the long queries); with
        ``bounded``, :class:`QueueFull` when it would have to wait behind ``queue`` others."""
        waiter = _Waiter(asyncio.get_running_loop().create_future(), long)
        self._waiters.append(waiter)
        self._dispatch()
        if not waiter.future.done() and bounded and len(self._waiters) > self._queue:
            self._waiters.remove(waiter)
            raise QueueFull
        try:
            return await waiter.future
        except asyncio.CancelledError:
            if waiter.future.done() and not waiter.future.cancelled():  # given a process, then cancelled
                self._release(waiter.future.result(), long, keep=True)
            elif waiter in self._waiters:
                self._waiters.remove(waiter)
            raise

    def _release(self, proc: asyncio.subprocess.Process, long: bool, keep: bool) -> None:
        """Give back ``proc`` (or end it and replace it, unless ``keep``) and the place it held."""
        if long:
            self._long -= 1
        if keep:
            self._idle.append(proc)
        else:
            self._retire(proc)
        self._dispatch()

    def _remember(self, key: int | None) -> None:
        if key is None:
            return
        self._slow[key] = None
        self._slow.move_to_end(key)
        while len(self._slow) > _SLOW_REMEMBERED:
            self._slow.popitem(last=False)

    async def answer(
        self,
        query: str,
        accept: str,
        timeout: float,
        max_rows: int,
        max_triples: int,
        dataset: Dataset | None = None,
        base_iri: str | None = None,
    ) -> Written:
        """The written result of ``query``: (media type or None if none fits ``accept``, body, rows).
        ``dataset``: the default and named graphs the request names (None: it names none)."""
        result_media, graph_media = media_types(accept)
        message = ("answer", query, result_media, graph_media, max_rows, max_triples, dataset, base_iri)
        return await self.request(message, timeout, key=hash((query, dataset)))

    async def request(self, message: tuple[Any, ...], timeout: float, key: int | None = None) -> Any:
        """What a process answers to ``message`` (see :func:`answer_request`), within ``timeout`` s.
        ``key``: what tells this query from others, to remember it when it runs long (None: don't)."""
        long = self.short_seconds is None or (key is not None and key in self._slow)
        proc = await self._acquire(long, bounded=True)
        finished, reply = await self._run(proc, message, timeout, long, key)
        if not finished:  # moved off the lane: run again, in full, when a long query may start
            proc = await self._acquire(True, bounded=False)
            finished, reply = await self._run(proc, message, timeout, True, key)
        return _unpack(reply)

    async def _run(
        self, proc: asyncio.subprocess.Process, message: tuple[Any, ...], timeout: float, long: bool, key: int | None
    ) -> tuple[bool, Any]:
        """(True, the reply of ``proc`` to ``message``), or (False, None) when the query ran past the
        lane's budget with every place for long queries taken (``proc`` is then ended)."""
        keep = False
        reader: asyncio.Future[Any] | None = None
        try:
            if proc.returncode is not None:  # died while idle
                self._procs.discard(proc)
                proc = await self._spawn()
            assert proc.stdin is not None and proc.stdout is not None
            proc.stdin.write(frame(message))
            await proc.stdin.drain()
            reader = asyncio.ensure_future(_read_reply(proc.stdout))
            budget = timeout if long or self.short_seconds is None else min(self.short_seconds, timeout)
            done, _ = await asyncio.wait({reader}, timeout=budget)
            if not done and budget < timeout:  # past the lane's budget
                self._remember(key)
                if self._long >= self._long_slots:
                    self.moved += 1
                    return False, None
                self._long += 1
                long = True
                done, _ = await asyncio.wait({reader}, timeout=timeout - budget)
            if not done:
                raise QueryTimeout
            reply = reader.result()
            keep = True
        except (EOFError, ConnectionError):
            _kill(proc)
            raise WorkerDied(_died(await proc.wait(), self._memory_mb)) from None
        finally:
            if reader is not None and not reader.done():
                reader.cancel()
            self._release(proc, long, keep)
        return True, reply

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

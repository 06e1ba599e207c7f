"""Processes that answer queries on read-only views of the store, and how results are negotiated."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import pyoxigraph as ox

RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES}


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
            candidate: str | None = default
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
    >>> from govgraph.store.oxigraph import OxigraphStore
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
        body = result.serialize(format=RESULT_TYPES[media]) or b""
        return media, body, _rows_in(body, media) if isinstance(result, ox.QuerySolutions) else None
    media = _negotiate(accept, GRAPH_TYPES, "text/turtle")
    if media is None:
        return None, b"", None
    return media, result.serialize(format=GRAPH_TYPES[media]), None

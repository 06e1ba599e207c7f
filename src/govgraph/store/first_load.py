"""The first load of an empty store: one streaming bulk load into a folder beside it, swapped in whole.

Oxigraph's bulk loader is cheapest when it gets everything in one call: it sorts a
million quads at a time on every core and leaves RocksDB fewer files to merge: a third
less CPU than calls of 32 MB on 9.35 million quads, and 10,000 reports ingested in 530 s
against 614 s (docs/benchmarks.md, docs/decisions.md). One call is not atomic, though,
so it never writes into the store itself: it writes into ``.NAME.loading-PID`` beside the store, and only when the load is
whole does that folder replace the (empty) store. A kill leaves the store as it was,
with no report in it, and the next ingest removes the abandoned folder.

Reports arrive one by one from the extraction workers (``put``); a thread runs the bulk
load and reads them from a bounded queue, so extraction and loading overlap and memory
stays flat. The bulk loader's own memory grows with what one call loads (2.6M quads in one call
took 1,788 MiB, in three calls 1,083 MiB, for the same CPU: docs/benchmarks.md), so the thread
makes one call for every ``CHUNK_BYTES`` of N-Quads, all into the same folder: still one swap.

Each call leaves its own sorted files, and every look-up then reads all of them: at 10,000 reports
(about 30 calls) the canned queries took up to 166 ms on the store as loaded and at most 44 ms once
its files were merged. So a load of more than one call is compacted (``compact``) before the swap, at
about 8 CPU seconds a 1,000 reports (81 CPU s, 87 s wall at 10,000; docs/benchmarks.md); a kill during it
leaves the store empty as before.
"""

from __future__ import annotations

import queue
import shutil
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO, Protocol, TypeVar

from ..errors import StoreError
from .base import (
    SharedFilter,
    TripleStore,
    beside,
    contribution_nquads,
    first_line,
    kill_point,
    process_alive,
    shared_nquads,
)


class LoadTarget(TripleStore, Protocol):
    """What a first load needs of the store it fills (``OxigraphStore`` has it): a folder, a writable store
    beside it to load into, and the swap."""

    path: Path | None

    def staging(self: _L, folder: Path) -> _L: ...

    def bulk_load(self, data: bytes | BinaryIO) -> None: ...

    def replace_folder(self: _L, staging: _L) -> None: ...

    def replace_report(self, graph_iri: str, nquads: bytes, shared: Iterable[str], shared_iri: str) -> None: ...

    def compact(self) -> None: ...


_L = TypeVar("_L", bound=LoadTarget)

CHUNK_BYTES = 256 * 2**20
"""N-Quads a bulk-load call reads (then the next call goes on): about a million quads, which bounds the
loader's memory near 1.1 GB whatever the number of reports."""

_QUEUE_PARTS = 3 * 64  # parts of finished reports (own, shared, records) waiting for the loader (about 40 MB)
_END = b""


class FirstLoad:
    """A report writer (``put``) for a store that holds no report yet; see the module.

    >>> import tempfile
    >>> from govgraph.store.oxigraph import open_store
    >>> s = open_store(Path(tempfile.mkdtemp()) / "store", write=True)
    >>> with FirstLoad(s, "https://example.org/shared") as w:
    ...     w.put("https://example.org/report/1", b'<https://example.org/report/1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/govgraph/def#Report> <https://example.org/report/1> .\\n',
    ...           ['<https://example.org/a> <https://example.org/q> <https://example.org/b>'])
    >>> s.report_graphs(), s.quad_count()  # the report, the shared statement, the records of it (statements, subjects)
    (['https://example.org/report/1'], 4)
    """

    def __init__(self, store: LoadTarget, shared_iri: str, chunk_bytes: int = CHUNK_BYTES) -> None:
        if store.path is None:
            raise ValueError("a first load needs a store on disk")
        self.store = store
        self.shared_iri = shared_iri
        self._folder = beside(store.path, "loading")
        self._queue: queue.Queue[bytes] = queue.Queue(maxsize=_QUEUE_PARTS)
        self._chunk_bytes = chunk_bytes
        self.calls = 0  # bulk-load calls made
        self.compacted = False  # whether the files of several calls were merged before the swap
        self._graphs: set[str] = set()
        self._again: list[tuple[str, bytes, tuple[str, ...]]] = []  # a report given twice: the later one wins
        self._shared = SharedFilter()
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        self._staging: LoadTarget | None = None

    def __enter__(self) -> FirstLoad:
        remove_abandoned(self.store.path)  # type: ignore[arg-type]
        self._staging = self.store.staging(self._folder)
        self._thread = threading.Thread(target=self._load, name="govgraph-first-load", daemon=True)
        self._thread.start()
        return self

    def put(self, graph_iri: str, nquads: bytes, shared: Iterable[str] = (), records: bytes | None = None) -> None:
        """Add one report: its own triples as N-Quads in ``graph_iri``, and its ``shared`` statements
        (N-Triples without the closing " .") for the shared graph; ``records``: their
        :func:`contribution_nquads` when the caller made them (an ingest's workers do, so that this
        one writer does as little per report as it can: here, only the filter of shared statements)."""
        shared = tuple(shared)
        if graph_iri in self._graphs:
            self._again.append((graph_iri, nquads, shared))
            return
        self._graphs.add(graph_iri)
        new = self._shared.new(shared)
        parts = (
            nquads,
            shared_nquads(new, self.shared_iri),
            contribution_nquads(graph_iri, shared) if records is None else records,
        )
        for part in parts:  # handed over as they came, not joined: no copy of the report's bytes
            if part:  # never an empty one: b"" is the end marker
                self._send(part)

    def _send(self, data: bytes) -> None:
        if not self._hand_over(data):
            raise StoreError(f"{self.store.path}: the bulk load failed: {first_line(self._error)}")

    def _hand_over(self, data: bytes) -> bool:
        """Queue ``data`` for the loader, waiting as long as it works; False when it has failed."""
        while self._error is None:
            try:
                self._queue.put(data, timeout=0.5)
                return True
            except queue.Full:
                continue
        return False

    def _load(self) -> None:
        reader = _QueueReader(self._queue, self._chunk_bytes)
        try:
            while not reader.done:  # one call a chunk: a chunk ends after the part that fills it
                reader.next_chunk()
                self._staging.bulk_load(reader)  # type: ignore[union-attr,arg-type]
                self.calls += 1
        except BaseException as e:  # handed to the main thread by put() and __exit__
            self._error = e
            # let put() finish, throwing away what it sends, until the end marker; but only if the
            # reader has not taken it already: a load that fails at its very end (a full disk while
            # RocksDB ingests the sorted files) has seen the one end marker there will ever be, and
            # waiting for another hung the ingest for ever
            while not reader.done:
                reader.done = self._queue.get() is _END

    def __exit__(self, exc_type: object, *_: object) -> None:
        if not self._hand_over(_END):  # a failed loader drains the queue until it sees the end
            self._queue.put(_END)
        if self._thread is not None:
            self._thread.join()
        staging, self._staging = self._staging, None
        if exc_type is not None or self._error is not None:
            if staging is not None:
                staging.close()
            shutil.rmtree(self._folder, ignore_errors=True)
            if exc_type is None:
                raise StoreError(f"{self.store.path}: the bulk load failed: {first_line(self._error)}")
            return
        assert staging is not None
        try:
            for graph_iri, nquads, shared in self._again:
                staging.replace_report(graph_iri, nquads, shared, self.shared_iri)
            staging.flush()
            if self.calls > 1:  # the sorted files of each call overlap the others': merged once, before the swap
                staging.compact()
                self.compacted = True
        except (OSError, StoreError) as e:  # a full disk after the load: nothing reached the store
            staging.close()
            shutil.rmtree(self._folder, ignore_errors=True)
            raise StoreError(f"{self.store.path}: cannot write ({first_line(e)}); the store is as it was") from None
        self.store.replace_folder(staging)
        kill_point("swap")


class _QueueReader:
    """A file-like ``read`` over the byte strings a queue hands out, ending at ``_END``; read in chunks of
    about ``chunk_bytes`` (:meth:`next_chunk` starts one; a chunk ends with the part that fills it, so it
    holds whole lines)."""

    def __init__(self, source: queue.Queue[bytes], chunk_bytes: int = 2**62) -> None:
        self._source = source
        self._chunk = memoryview(b"")
        self._chunk_bytes = chunk_bytes
        self._left = chunk_bytes  # bytes the current chunk may still take from the queue
        self.done = False  # the end marker has been taken from the queue

    def next_chunk(self) -> None:
        self._left = self._chunk_bytes

    def read(self, size: int = -1) -> bytes:
        while not self._chunk and not self.done and self._left > 0:
            data = self._source.get()
            self.done = data is _END
            self._left -= len(data)
            self._chunk = memoryview(data)
        if size is None or size < 0:
            size = len(self._chunk)
        out, self._chunk = self._chunk[:size], self._chunk[size:]
        return out.tobytes()


def remove_abandoned(store_path: Path) -> None:
    """Remove folders that a killed first load (or swap) left beside ``store_path``."""
    parent = store_path.parent
    if not parent.is_dir():
        return
    for p in parent.glob(f".{store_path.name}.*-*"):
        kind, _, pid = p.name.rpartition("-")
        if kind.endswith((".loading", ".old")) and pid.isdigit() and not process_alive(int(pid)):
            shutil.rmtree(p, ignore_errors=True)

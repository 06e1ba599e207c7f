"""The embedded store: an on-disk Oxigraph database, one named graph per report.

Reports are written in two ways, both all-or-nothing per report:

- a report whose graph is new to the store goes in a batch of new reports through
  Oxigraph's bulk loader, which writes sorted index files beside the database and
  hands them to RocksDB in one ingestion (``IngestExternalFiles``, atomic across
  column families): the whole batch is in the store or none of it is;
- a report already in the store is replaced by one SPARQL Update (``DROP SILENT
  GRAPH``, ``DELETE DATA`` of the shared statements only its old version made,
  then ``INSERT DATA``), which Oxigraph runs in a single transaction, so the old
  version stays whole until the new one is whole. Which report made which shared
  statement is recorded in the contributions graph (docs/decisions.md).

Re-ingesting a report never leaves duplicates.

**Readers and writers.** Any number of readers (``query``, ``stats``, ``viz``, ``serve`` …) open a
store at once: they open it read-only and take a shared lock on the store folder. A writer
(``ingest``, ``check``) takes the exclusive lock. pyoxigraph calls a read-only open beside a
writer undefined, so the two never overlap: whichever comes second is told, in one line, that the
store is busy. A reader never creates a file: it refuses a folder that holds no store.
"""

from __future__ import annotations

import gc
import os
import shutil
import threading
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox

from ..errors import QueryError, StoreBusy, StoreError
from ..vocab import sparql
from .base import (
    CONTRIBUTED,
    CONTRIBUTIONS_GRAPH,
    DESCRIBED,
    STATED,
    QueryResult,
    SharedFilter,
    StoreBase,
    beside,
    contribution_nquads,
    contributions_iri,
    first_line,
    refuse_update,
    shared_nquads,
    stated,
)
from .first_load import FirstLoad
from .guard import STORE_GUARD
from .values import IRI, BlankNode, LangString, Value, typed

try:
    import fcntl
except ImportError:  # not on a POSIX system: no locks between processes
    fcntl = None  # type: ignore[assignment]


class _FolderLock:
    """A lock on the store folder itself (flock on the directory): shared for readers, exclusive for a
    writer. The lock follows the folder when it is renamed (a first load's swap). A forked child (an
    extraction worker) lets go of its copy at once, so a killed writer's workers never hold the store."""

    held: weakref.WeakSet[_FolderLock] = weakref.WeakSet()

    def __init__(self, path: Path, exclusive: bool) -> None:
        self.fd: int | None = None
        if fcntl is None:
            return
        try:
            self.fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        except OSError as e:
            raise StoreError(f"{path}: cannot open the store folder ({e.strerror or e})") from None
        try:
            fcntl.flock(self.fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except OSError:
            os.close(self.fd)
            self.fd = None
            who = (
                "other govgraph processes are reading it (a server, a query)"
                if exclusive
                else "an ingest is writing it"
            )
            raise StoreBusy(f"{path}: the store is busy: {who}; try again when they end") from None
        _FolderLock.held.add(self)

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing the descriptor releases the lock
            self.fd = None


def _let_go_in_child() -> None:
    for lock in list(_FolderLock.held):
        lock.release()  # the child's copy of the descriptor; the parent keeps its lock


os.register_at_fork(after_in_child=_let_go_in_child)


_STATED, _DESCRIBED, _CONTRIBUTED = (ox.NamedNode(t[1:-1]) for t in (STATED, DESCRIBED, CONTRIBUTED))


class OxigraphStore(StoreBase):
    """The embedded store: in memory (no ``path``), or on disk, read-only unless ``write``.

    >>> import tempfile
    >>> s = OxigraphStore(tempfile.mkdtemp(), write=True)
    >>> s.report_graphs(), s.read_only
    ([], False)
    """

    guard = STORE_GUARD  # what a query's text must pass (store.guard): bounds, no SERVICE

    def __init__(self, path: str | os.PathLike[str] | None = None, write: bool = True) -> None:
        self.path = Path(path) if path is not None else None
        self._location = str(self.path) if self.path is not None else "(memory)"
        self._read_only = not write and self.path is not None
        if write and self.path is not None:
            try:
                self.path.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise StoreError(f"{self.path}: cannot create the store folder ({e.strerror or e})") from None
        self._lock = _FolderLock(self.path, exclusive=write) if self.path is not None else None
        try:
            self._store: ox.Store = _open_oxigraph(self.path, self.read_only)
        except BaseException:
            self._release()
            raise

    @property
    def location(self) -> str:
        return self._location

    @property
    def read_only(self) -> bool:
        return self._read_only

    # --- reading

    def query(self, sparql_text: str) -> QueryResult:
        """Run a SPARQL query over the union of all graphs; typed values in ``rows``.

        Raises :class:`QueryError` with a one-line message on a malformed query, an update, or a
        query the guard refuses (too long or too deeply nested for the engine, or calling SERVICE:
        see ``govgraph.store.guard``) before the engine sees it.

        >>> OxigraphStore().query("SELECT (1 + 1 AS ?n) WHERE {}").rows
        [[2]]
        >>> OxigraphStore().query("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
        Traceback (most recent call last):
        ...
        govgraph.errors.QueryError: federation is disabled: the query calls SERVICE <http://127.0.0.1:9/>, and this endpoint fetches nothing from elsewhere (allow hosts with --allow-service HOST)
        """
        refuse_update(sparql_text)
        self.guard.check(sparql_text)
        try:
            res = self._store.query(sparql_text, use_default_graph_as_union=True)
            if isinstance(res, ox.QueryBoolean):
                return QueryResult([], [], boolean=bool(res))
            if isinstance(res, ox.QuerySolutions):
                variables = [v.value for v in res.variables]
                texts: list[list[str | None]] = []
                rows: list[list[Value | None]] = []
                for sol in res:
                    terms = list(sol)  # in the order of the variables, None where unbound; made once
                    row_texts = [None if t is None else t.value for t in terms]
                    texts.append(row_texts)
                    rows.append([None if v is None else _value(t, v) for t, v in zip(terms, row_texts, strict=True)])
                return QueryResult(variables, rows, texts=texts)
            triples = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in res)
        except SyntaxError as e:
            raise QueryError(f"malformed SPARQL query: {first_line(e)}") from None
        except (OSError, ValueError, RuntimeError) as e:
            raise QueryError(f"the query failed: {first_line(e)}") from None
        return QueryResult([], [], triples=triples)

    def report_graphs(self) -> list[str]:
        """The named graphs that hold their own report."""
        return [str(r[0]) for r in self.query(sparql("report-graphs")).rows]

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs())

    def has_graph(self, graph_iri: str) -> bool:
        return self._store.contains_named_graph(ox.NamedNode(graph_iri))

    def graph_ntriples(self, graph_iri: str) -> str:
        data = self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph_iri))
        return (data or b"").decode("utf-8")

    def quad_count(self) -> int:
        return len(self._store)

    def damaged_reports(self, graphs: list[str] | None = None) -> list[str]:
        only = f"VALUES ?g {{ {' '.join(f'<{g}>' for g in graphs)} }} " if graphs is not None else ""
        rows = self.query(sparql("damaged-reports", only=only)).rows
        return sorted(str(g) for g, declared, n in rows if declared != n)

    # --- writing

    def replace_graph(self, graph_iri: str, ntriples: str, shared_ntriples: str = "", shared_iri: str = "") -> None:
        """Put the N-Triples ``ntriples`` in the named graph ``graph_iri``, replacing what was there, and add
        ``shared_ntriples`` to the graph ``shared_iri``: one transaction, so a report is wholly there or absent."""
        self._writable()
        update = f"DROP SILENT GRAPH <{graph_iri}> ;\nINSERT DATA {{ GRAPH <{graph_iri}> {{\n{ntriples}\n}}"
        if shared_ntriples and shared_iri:
            update += f"\nGRAPH <{shared_iri}> {{\n{shared_ntriples}\n}}"
        try:
            self._store.update(update + " }")
        except OSError as e:
            raise StoreError(f"{self.location}: cannot write ({first_line(e)}); the store is as it was") from None

    def replace_report(self, graph_iri: str, nquads: bytes, shared: Iterable[str], shared_iri: str) -> None:
        """Replace one report, given as a writer receives it, in one transaction: its graph, its records of
        what it states in the shared graph, and the shared statements themselves, retracting those that
        only its old version stated (no other report's records name them)."""
        self._writable()
        new = list(dict.fromkeys(shared))
        old = self._contributed(graph_iri)
        gone = [t for t in old if t not in set(new)]
        kept_elsewhere = self._contributed_elsewhere(graph_iri, gone)
        stale = [t for t in gone if t not in kept_elsewhere]
        own = nquads.decode("utf-8").replace(f" <{graph_iri}> .\n", " .\n")
        records = contribution_nquads(graph_iri, new).decode("utf-8").replace(f" <{CONTRIBUTIONS_GRAPH}> .\n", " .\n")
        update = f"DROP SILENT GRAPH <{graph_iri}> ;\n"
        if old:
            update += (
                f"DELETE WHERE {{ GRAPH <{CONTRIBUTIONS_GRAPH}> {{ <{contributions_iri(graph_iri)}> ?p ?o }} }} ;\n"
            )
        if stale:
            update += f"DELETE DATA {{ GRAPH <{shared_iri}> {{\n{_lines(stale)}}} }} ;\n"
        update += (
            f"INSERT DATA {{ GRAPH <{graph_iri}> {{\n{own}\n}}\n"
            f"GRAPH <{shared_iri}> {{\n{_lines(new)}}}\n"
            f"GRAPH <{CONTRIBUTIONS_GRAPH}> {{\n{records}}} }}"
        )
        try:
            self._store.update(update)
        except OSError as e:
            raise StoreError(f"{self.location}: cannot write ({first_line(e)}); the store is as it was") from None

    def _contributed(self, graph_iri: str) -> set[str]:
        """The shared statements the report ``graph_iri`` is recorded as stating (in either form of record)."""
        node = ox.NamedNode(contributions_iri(graph_iri))
        out: set[str] = set()
        for q in self._store.quads_for_pattern(node, None, None, ox.NamedNode(CONTRIBUTIONS_GRAPH)):
            if not isinstance(q.object, ox.Literal):
                continue
            if q.predicate == _STATED:
                out.update(stated(q.object.value))
            elif q.predicate == _CONTRIBUTED:
                out.add(q.object.value)
        return out

    def _contributed_elsewhere(self, graph_iri: str, statements: list[str]) -> set[str]:
        """Those of ``statements`` that another report than ``graph_iri`` is recorded as stating: among the
        reports recorded as describing a statement's subject, or in a record of the older form."""
        graph = ox.NamedNode(CONTRIBUTIONS_GRAPH)
        mine = ox.NamedNode(contributions_iri(graph_iri))
        by_subject: dict[str, set[str]] = {}
        for t in statements:
            by_subject.setdefault(t.split(" ", 1)[0], set()).add(t)
        out = set()
        for subject, wanted in by_subject.items():
            for q in self._store.quads_for_pattern(None, _DESCRIBED, ox.Literal(subject), graph):
                if q.subject == mine:
                    continue
                for r in self._store.quads_for_pattern(q.subject, _STATED, None, graph):
                    if not isinstance(r.object, ox.Literal):
                        continue
                    found = wanted.intersection(stated(r.object.value))
                    out |= found
                    wanted -= found
                if not wanted:
                    break
            for t in wanted:  # records of the older form: one a statement
                if any(
                    q.subject != mine for q in self._store.quads_for_pattern(None, _CONTRIBUTED, ox.Literal(t), graph)
                ):
                    out.add(t)
        return out

    def writer(self, shared_iri: str, batch_bytes: int = 128 * 2**20) -> BatchWriter | FirstLoad:
        r"""A writer of whole reports: for a store on disk with no report yet, one bulk load (in calls of
        ``first_load.CHUNK_BYTES``) swapped in when whole (``first_load.FirstLoad``); otherwise new reports in
        bulk loads of about ``batch_bytes``.

        >>> import tempfile
        >>> s = OxigraphStore(tempfile.mkdtemp(), write=True)
        >>> with s.writer("https://example.org/shared") as w:
        ...     w.put("https://example.org/report/1", b'<https://example.org/report/1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/govgraph/def#Report> <https://example.org/report/1> .\n',
        ...           ['<https://example.org/a> <https://example.org/q> <https://example.org/b>'])
        >>> s.report_graphs(), s.quad_count()
        (['https://example.org/report/1'], 4)
        """
        self._writable()
        if self.path is not None and not self.report_graphs():
            return FirstLoad(self, shared_iri)
        return BatchWriter(self, shared_iri, batch_bytes)

    def staging(self, folder: Path) -> OxigraphStore:
        """A new writable store in ``folder`` (a first load writes there before the swap), locked at once."""
        return OxigraphStore(folder, write=True)

    def bulk_load(self, data: bytes | BinaryIO) -> None:
        """Load N-Quads (bytes, or a file-like ``read``) with Oxigraph's bulk loader."""
        self._writable()
        try:
            self._store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        except OSError as e:
            raise StoreError(f"{self.location}: cannot write ({first_line(e)}); the store is as it was") from None

    def replace_folder(self, staging: OxigraphStore) -> None:
        """Make the complete store ``staging`` (a first load's result, in a folder beside this one) this
        store, then reopen it.

        The old folder is renamed away before the new one takes its name, so a crash in between
        leaves no store here (the next ingest starts a new one), never a mixed one. Both folders stay
        locked until the swap is done: no reader sees either half-way."""
        assert self.path is not None and staging.path is not None
        folder, lock, staging._lock = staging.path, staging._lock, None
        staging.close()
        self._close_database()
        old = beside(self.path, "old")
        os.rename(self.path, old)
        os.rename(folder, self.path)
        shutil.rmtree(old, ignore_errors=True)
        self._store = _open_oxigraph(self.path, False)
        self._release()  # the old folder's lock
        self._lock = lock

    def flush(self) -> None:
        if not self._read_only:
            try:
                self._store.flush()
            except OSError as e:  # a full disk
                raise StoreError(f"{self.location}: cannot write ({first_line(e)})") from None

    def compact(self) -> None:
        """Merge the database's files (RocksDB compaction, pyoxigraph's ``Store.optimize``). After a big
        ingest and batches added to it (10,000 reports, then 1,000 more) the store took 5.2 GiB instead of
        9.4 GiB and the canned queries 55-75 % of the time; a small store just loaded may take more disk
        afterwards. It holds the same quads before and after; a killed compaction leaves them as they were.

        >>> import tempfile
        >>> with OxigraphStore(tempfile.mkdtemp() + "/s", write=True) as s:
        ...     s.replace_graph("https://example.org/g", "<https://example.org/a> <https://example.org/b> <https://example.org/c> .\\n")
        ...     s.compact()
        ...     s.quad_count()
        1
        """
        if self._read_only:
            raise StoreError(f"{self.location}: opened read-only, cannot compact")
        try:
            self._store.optimize()
        except OSError as e:  # a full disk
            raise StoreError(f"{self.location}: cannot compact ({first_line(e)})") from None

    def close(self) -> None:
        """Let go of the database and the lock (other processes may then open it)."""
        self._close_database()
        self._release()

    def __del__(self) -> None:
        self._release()

    def _close_database(self) -> None:
        self._store = None  # type: ignore[assignment]
        gc.collect()  # query results still referenced would keep RocksDB's lock

    def _release(self) -> None:
        lock = getattr(self, "_lock", None)
        if lock is not None:
            lock.release()
            self._lock = None

    def _writable(self) -> None:
        if self._read_only:
            raise StoreError(f"{self._location}: opened read-only; only ingest and check write")


@dataclass
class BatchWriter:
    """Writes whole reports: new ones in bulk batches, known ones one transaction each (see the module).

    A batch loads in a thread of its own while the next one gathers, so that extraction and loading
    overlap (at most one batch loads at a time; each is still one atomic bulk load). A replacement
    waits for the batch that is loading, so the store has one writer at a time.
    """

    store: OxigraphStore
    shared_iri: str
    batch_bytes: int
    _pending: list[bytes] = field(default_factory=list)
    _pending_graphs: set[str] = field(default_factory=set)
    _pending_size: int = 0
    _shared: SharedFilter = field(default_factory=SharedFilter)
    _loading: threading.Thread | None = None
    _loading_graphs: set[str] = field(default_factory=set)  # the reports of the batch that is loading
    _error: BaseException | None = None
    written: int = 0  # reports written to the store so far (an ingest that fails before any leaves it as it was)

    def put(self, graph_iri: str, nquads: bytes, shared: Iterable[str] = (), records: bytes | None = None) -> None:
        """Store one report: its own triples as N-Quads in ``graph_iri`` (replacing that graph), and
        its ``shared`` statements (N-Triples without the closing " .") in the shared graph; ``records``:
        their :func:`contribution_nquads` when the caller made them."""
        self._check()
        if graph_iri in self._pending_graphs:
            self.flush()  # the same report twice in one batch: the later one replaces the earlier
        shared = tuple(shared)
        if self.store.has_graph(graph_iri) or self._loads(graph_iri):
            self._wait()
            self.store.replace_report(graph_iri, nquads, shared, self.shared_iri)
            self._shared.seen.update(shared)
            self.written += 1
        else:
            new_shared = self._shared.new(shared)
            self._pending.append(nquads)
            self._pending_graphs.add(graph_iri)
            self._pending_size += len(nquads)
            if new_shared:
                self._pending.append(shared_nquads(new_shared, self.shared_iri))
            self._pending.append(contribution_nquads(graph_iri, shared) if records is None else records)
        if self._pending_size >= self.batch_bytes:
            self.flush()

    def flush(self) -> None:
        """Start loading the gathered new reports as one bulk load, once the batch before is in."""
        self._wait()
        if self._pending:
            data, graphs = b"".join(self._pending), self._pending_graphs
            self._loading = threading.Thread(target=self._load, args=(data, graphs), name="govgraph-batch", daemon=True)
            self._loading_graphs = graphs
            self._loading.start()
        self._pending, self._pending_graphs, self._pending_size = [], set(), 0

    def _load(self, data: bytes, graphs: set[str]) -> None:
        try:
            self.store.bulk_load(data)
            self.written += len(graphs)
        except BaseException as e:  # raised in the main thread by the next put, flush or exit
            self._error = e

    def _loads(self, graph_iri: str) -> bool:
        """Whether the batch now loading holds ``graph_iri``."""
        return self._loading is not None and graph_iri in self._loading_graphs

    def _wait(self) -> None:
        """Wait for the batch that is loading; raise its error."""
        if self._loading is not None:
            self._loading.join()
            self._loading = None
        self._check()

    def _check(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def __enter__(self) -> BatchWriter:
        return self

    def __exit__(self, exc_type: object, *_: object) -> None:
        if exc_type is None:
            self.flush()
            self._wait()
        elif self._loading is not None:  # let the batch in flight end, so that ``written`` is right
            self._loading.join()
            self._loading = None


def _lines(statements: Iterable[str]) -> str:
    """N-Triples statements without their closing " ." as lines of a SPARQL data block."""
    return "".join(f"{t} .\n" for t in statements)


def _value(term: Any, text: str) -> Value:
    """A result term (``text``: its ``value``, read once by the caller) as a typed value. By exact type, most
    common first: 1,148 rows of three terms took 10 ms to convert through ``isinstance`` and ``typed``."""
    kind = type(term)
    if kind is ox.Literal:
        lang = term.language
        return LangString(text, lang) if lang else typed("literal", text, term.datatype.value)
    if kind is ox.NamedNode:
        return IRI(text)
    if kind is ox.BlankNode:
        return BlankNode(text)
    return str(term)


def _open_oxigraph(path: Path | None, read_only: bool) -> ox.Store:
    try:
        if path is None:
            return ox.Store()
        return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except OSError as e:
        if "lock" in str(e).lower():
            raise StoreBusy(
                f"{path}: the store is busy: another process has it open for writing; try again when it ends"
            ) from None
        raise StoreError(f"{path}: cannot open the store ({first_line(e)})") from None


def is_store_folder(path: Path) -> bool:
    """Whether ``path`` holds an Oxigraph (RocksDB) database."""
    return (path / "CURRENT").is_file()


def open_store(path: str | os.PathLike[str], write: bool = False) -> OxigraphStore:
    """The store in the folder ``path``: read-only (it must exist), or for writing (created if absent).

    >>> import tempfile
    >>> open_store(tempfile.mkdtemp())  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    govgraph.errors.StoreError: /tmp/...: no store here (run 'govgraph ingest' first)
    """
    p = Path(path)
    try:
        exists, is_dir = p.exists(), p.is_dir()
        if exists and not is_dir:
            raise StoreError(f"{p}: is a file, not a store folder")
        if not write:
            if not exists or not is_store_folder(p):
                raise StoreError(f"{p}: no store here (run 'govgraph ingest' first)")
            return OxigraphStore(p, write=False)
        if exists and any(p.iterdir()) and not is_store_folder(p):
            raise StoreError(f"{p}: the folder holds other files, not a store; name a new or empty folder")
        p.mkdir(parents=True, exist_ok=True)
    except PermissionError as e:
        raise StoreError(f"{p}: permission denied ({e.strerror})") from None
    except OSError as e:
        raise StoreError(f"{p}: cannot use the store folder ({e.strerror or e})") from None
    return OxigraphStore(p, write=True)

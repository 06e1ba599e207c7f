"""Where triples live: an on-disk Oxigraph store, one named graph per report.

Only this module knows where triples live. Reports are written in two ways, both
all-or-nothing per report:

- a report whose graph is new to the store goes in a batch of new reports through
  Oxigraph's bulk loader, which writes sorted index files beside the database and
  hands them to RocksDB in one ingestion (``IngestExternalFiles``, atomic across
  column families): the whole batch is in the store or none of it is;
- a report already in the store is replaced by one SPARQL Update (``DROP SILENT
  GRAPH`` then ``INSERT DATA``), which Oxigraph runs in a single transaction, so
  the old version stays whole until the new one is whole.

Re-ingesting a report never leaves duplicates.
"""

from __future__ import annotations

import gc
import os
import re
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import pyoxigraph as ox

if TYPE_CHECKING:
    from .first_load import FirstLoad

DEFAULT_STORE = "govgraph-store"
_UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX|BASE)\b[^\n]*\n\s*|#[^\n]*\n\s*)*(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.I,
)


class TripleStore(Protocol):
    """What govgraph asks of a place where triples live: the pluggable store interface.

    ``OxigraphStore`` (embedded, on disk) and ``govgraph.remote.RemoteStore`` (any SPARQL 1.1
    Protocol + Graph Store Protocol server) implement it; ``register_backend`` adds others, and
    ``open_backend`` picks one by the location's scheme.
    """

    def query(self, sparql: str) -> QueryResult:
        """Answer SPARQL over the union of all graphs."""

    def graphs(self) -> list[str]:
        """The report graphs held."""

    def has_graph(self, graph_iri: str) -> bool: ...

    def replace_graph(self, graph_iri: str, ntriples: str, shared_ntriples: str = "", shared_iri: str = "") -> None:
        """Replace one named graph (and merge shared statements into the shared graph)."""

    def writer(self, shared_iri: str, batch_bytes: int = ...) -> Any:
        """A context manager with ``put(graph_iri, nquads, shared)`` that stores whole reports."""

    def flush(self) -> None: ...


_BACKENDS: dict[str, Callable[..., TripleStore]] = {}


def register_backend(scheme: str, factory: Callable[..., TripleStore]) -> None:
    """Open locations ``SCHEME://…`` with ``factory(location, **options)`` (as rdflib's plugin registry does).

    >>> register_backend("demo", lambda location, **_: OxigraphStore())
    >>> open_backend("demo://anything").count_graphs()
    0
    """
    _BACKENDS[scheme] = factory


def open_backend(location: str | Path | None, create: bool = True, **options: Any) -> TripleStore:
    """The store at ``location``: a registered scheme (``http://`` is a remote SPARQL server), else a folder
    holding an embedded Oxigraph store."""
    text = str(location) if location is not None else ""
    scheme = text.split("://", 1)[0] if "://" in text else ""
    if scheme in ("http", "https"):
        from . import remote  # noqa: F401  (registers the remote backend)
    if scheme:
        if scheme not in _BACKENDS:
            raise StoreError(f"{text}: no store backend for {scheme}:// (known: {', '.join(sorted(_BACKENDS))})")
        return _BACKENDS[scheme](text, **options)
    return open_store(location, create=create)


class StoreError(Exception):
    """A store that cannot be opened or a query that cannot run. ``str()`` is one line."""


@dataclass(frozen=True)
class QueryResult:
    """Rows of a SELECT (``variables`` and ``rows``), a boolean of an ASK, or triples of a CONSTRUCT."""

    variables: list[str]
    rows: list[list[str | None]]
    boolean: bool | None = None
    triples: str | None = None


class OxigraphStore:
    """The embedded store.

    >>> import tempfile
    >>> s = OxigraphStore(tempfile.mkdtemp())
    >>> s.count_graphs()
    0
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self._store = _open_oxigraph(self.path)

    def replace_graph(self, graph_iri: str, ntriples: str, shared_ntriples: str = "", shared_iri: str = "") -> None:
        """Put the N-Triples ``ntriples`` in the named graph ``graph_iri``, replacing what was there, and add
        ``shared_ntriples`` to the graph ``shared_iri``: one transaction, so a report is wholly there or absent."""
        update = f"DROP SILENT GRAPH <{graph_iri}> ;\nINSERT DATA {{ GRAPH <{graph_iri}> {{\n{ntriples}\n}}"
        if shared_ntriples and shared_iri:
            update += f"\nGRAPH <{shared_iri}> {{\n{shared_ntriples}\n}}"
        self._store.update(update + " }")

    def has_graph(self, graph_iri: str) -> bool:
        return self._store.contains_named_graph(ox.NamedNode(graph_iri))

    def writer(self, shared_iri: str, batch_bytes: int = 32 * 2**20) -> ReportWriter | FirstLoad:
        r"""A writer of whole reports: for a store on disk with no report yet, one bulk load swapped in
        when whole (``first_load.FirstLoad``); otherwise new reports in bulk loads of about ``batch_bytes``.

        >>> import tempfile
        >>> s = OxigraphStore(tempfile.mkdtemp())
        >>> with s.writer("https://example.org/shared") as w:
        ...     w.put("https://example.org/report/1", b'<https://example.org/a> <https://example.org/p> "x" <https://example.org/report/1> .\n',
        ...           ['<https://example.org/a> <https://example.org/q> <https://example.org/b>'])
        >>> s.graphs(), len(s)
        (['https://example.org/report/1'], 2)
        """
        if self.path is not None and not self.graphs():
            from .first_load import FirstLoad

            return FirstLoad(self, shared_iri)
        return ReportWriter(self, shared_iri, batch_bytes)

    def close(self) -> None:
        """Let go of the database (other processes, or a new ``OxigraphStore``, may then open it)."""
        self._store = None  # type: ignore[assignment]
        gc.collect()  # query results still referenced would keep RocksDB's lock

    def replace_folder(self, folder: Path) -> None:
        """Make the complete store in ``folder`` this store (a first load's result), then reopen it.

        The old folder is renamed away before the new one takes its name, so a crash in between
        leaves no store here (the next ingest starts a new one), never a mixed one."""
        assert self.path is not None
        self.close()
        old = beside(self.path, "old")
        os.rename(self.path, old)
        os.rename(folder, self.path)
        shutil.rmtree(old, ignore_errors=True)
        self._store = _open_oxigraph(self.path)

    def _bulk_load(self, nquads: list[bytes]) -> None:
        self._store.bulk_load(b"".join(nquads), format=ox.RdfFormat.N_QUADS)

    def graphs(self) -> list[str]:
        """The named graphs of reports (the shared graph is not a report)."""
        return sorted(g.value for g in self._store.named_graphs() if "/report/" in g.value)

    def named_graphs(self) -> list[str]:
        """Every named graph: the reports', and the shared, links, reach and ontology graphs."""
        return sorted(g.value for g in self._store.named_graphs())

    def graph_ntriples(self, graph_iri: str) -> str:
        """The triples of one named graph, as N-Triples."""
        data = self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph_iri))
        return data.decode("utf-8")

    def count_graphs(self) -> int:
        return len(self.graphs())

    def __len__(self) -> int:
        return len(self._store)

    def query(self, sparql: str) -> QueryResult:
        """Run a SPARQL query over the union of all report graphs.

        Raises :class:`StoreError` with a one-line message on a malformed query.
        """
        if _UPDATE.match(sparql):
            raise StoreError("updates are not run by query; the store changes only through 'govgraph ingest'")
        try:
            res = self._store.query(sparql, use_default_graph_as_union=True)
        except SyntaxError as e:
            raise StoreError(f"malformed SPARQL query: {_first_line(e)}") from None
        except (OSError, ValueError, RuntimeError) as e:
            raise StoreError(f"the query failed: {_first_line(e)}") from None
        if isinstance(res, ox.QueryBoolean):
            return QueryResult([], [], boolean=bool(res))
        if isinstance(res, ox.QuerySolutions):
            variables = [v.value for v in res.variables]
            rows = [[_term_text(sol[v]) for v in variables] for sol in res]
            return QueryResult(variables, rows)
        triples = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in res)
        return QueryResult([], [], triples=triples)

    def damaged_reports(self, graphs: list[str] | None = None) -> list[str]:
        """Report graphs (all, or those of ``graphs``) whose size differs from the size they declare
        (gg:tripleCount)."""
        only = f"VALUES ?g {{ {' '.join(f'<{g}>' for g in graphs)} }} " if graphs is not None else ""
        res = self._store.query(
            f"SELECT ?g ?declared (COUNT(*) AS ?n) WHERE {{ {only}GRAPH ?g {{ ?r <https://w3id.org/govgraph/def#tripleCount> "
            "?declared . ?s ?p ?o } } GROUP BY ?g ?declared"
        )
        return sorted(sol["g"].value for sol in res if int(sol["declared"].value) != int(sol["n"].value))

    def flush(self) -> None:
        self._store.flush()


def beside(store_path: Path, kind: str) -> Path:
    """This process's folder of ``kind`` ("loading", "old") next to the store folder ``store_path``:
    ``.NAME.KIND-PID``, so that a later ingest can tell whose it was."""
    return store_path.parent / f".{store_path.name}.{kind}-{os.getpid()}"


@dataclass
class SharedFilter:
    """Shared statements not yet written by this writer (many reports describe the same agency)."""

    seen: set[str] = field(default_factory=set)

    def new(self, shared: Iterable[str]) -> list[str]:
        fresh = [t for t in shared if t not in self.seen]
        self.seen.update(fresh)
        return fresh


def shared_nquads(statements: list[str], shared_iri: str) -> bytes:
    """Shared statements (N-Triples without the closing " .") as N-Quads in the graph ``shared_iri``."""
    g = f" <{shared_iri}> .\n"
    return "".join(t + g for t in statements).encode("utf-8")


def replace_report(store: TripleStore, graph_iri: str, nquads: bytes, shared: Iterable[str], shared_iri: str) -> None:
    """Replace one report's graph, given as a writer receives it (N-Quads in ``graph_iri``, shared
    statements without their closing " ."), through ``store.replace_graph``."""
    own = nquads.decode("utf-8").replace(f" <{graph_iri}> .\n", " .\n")
    store.replace_graph(graph_iri, own, "".join(f"{t} .\n" for t in shared), shared_iri)


@dataclass
class ReportWriter:
    """Writes whole reports: new ones in bulk batches, known ones one transaction each (see the module)."""

    store: OxigraphStore
    shared_iri: str
    batch_bytes: int
    _pending: list[bytes] = field(default_factory=list)
    _pending_graphs: set[str] = field(default_factory=set)
    _pending_size: int = 0
    _shared: SharedFilter = field(default_factory=SharedFilter)

    def put(self, graph_iri: str, nquads: bytes, shared: Iterable[str] = ()) -> None:
        """Store one report: its own triples as N-Quads in ``graph_iri`` (replacing that graph), and
        its ``shared`` statements (N-Triples without the closing " .") in the shared graph."""
        if graph_iri in self._pending_graphs:
            self.flush()  # the same report twice in one batch: the later one replaces the earlier
        new_shared = self._shared.new(shared)
        if self.store.has_graph(graph_iri):
            replace_report(self.store, graph_iri, nquads, new_shared, self.shared_iri)
        else:
            self._pending.append(nquads)
            self._pending_graphs.add(graph_iri)
            self._pending_size += len(nquads)
            if new_shared:
                self._pending.append(shared_nquads(new_shared, self.shared_iri))
        if self._pending_size >= self.batch_bytes:
            self.flush()

    def flush(self) -> None:
        """Write the gathered new reports in one bulk load."""
        if self._pending:
            self.store._bulk_load(self._pending)
        self._pending, self._pending_graphs, self._pending_size = [], set(), 0

    def __enter__(self) -> ReportWriter:
        return self

    def __exit__(self, exc_type: object, *_: object) -> None:
        if exc_type is None:
            self.flush()


def _open_oxigraph(path: Path | None) -> ox.Store:
    try:
        return ox.Store(str(path)) if path is not None else ox.Store()
    except OSError as e:
        if "lock" in str(e).lower():
            raise StoreError(
                f"{path}: the store is busy: another govgraph process (an ingest or a server) has "
                "it open; try again when it ends"
            ) from None
        raise StoreError(f"{path}: cannot open the store ({_first_line(e)})") from None


def _term_text(term: object) -> str | None:
    if term is None:
        return None
    value = getattr(term, "value", None)
    return value if value is not None else str(term)


def _first_line(e: BaseException) -> str:
    text = str(e).strip() or type(e).__name__
    return " ".join(text.split())[:300]


def open_store(path: str | Path | None, create: bool = True) -> OxigraphStore:
    """Open (or create) the store at ``path``; refuse a path that is a file."""
    p = Path(path or DEFAULT_STORE)
    if p.exists() and not p.is_dir():
        raise StoreError(f"{p}: is a file, not a store folder")
    if not p.exists() and not create:
        raise StoreError(f"{p}: no store here (run 'govgraph ingest' first)")
    try:
        p.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise StoreError(f"{p}: cannot create the store folder ({e.strerror or e})") from None
    return OxigraphStore(p)

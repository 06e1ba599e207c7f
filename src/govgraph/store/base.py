"""What govgraph asks of a place where triples live: the whole store interface, and its registry.

Every caller outside ``govgraph.store`` uses only what :class:`TripleStore` declares. Two backends
implement it: ``OxigraphStore`` (embedded, on disk) and ``RemoteStore`` (any SPARQL 1.1 Protocol +
Graph Store Protocol server); ``govgraph.store.registry`` opens one by the location.

A *report graph* is a named graph that holds its own report: ``GRAPH ?g { ?g a gg:Report }``.
Both backends list report graphs by that definition.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from ..errors import QueryError
from ..rdf.terms import escape
from ..vocab import BASE, DEF
from .values import Value

if TYPE_CHECKING:
    import pandas

DEFAULT_STORE = "govgraph-store"
STATE_GRAPH = BASE + "graph/ingest-state"  # present only while an ingest is under way (or was killed)
CONTRIBUTIONS_GRAPH = BASE + "graph/contributions"  # which report stated which shared statement
CONTRIBUTED = f"<{DEF}sharedStatement>"  # one record a statement: stores written before the compact records
STATED = f"<{DEF}sharedStatements>"  # a report's shared statements, one literal, one statement a line
DESCRIBED = f"<{DEF}sharedSubject>"  # each subject of those statements (a literal): who else may state them
_S = TypeVar("_S", bound="StoreBase")
_T = TypeVar("_T", bound="TripleStore")
_UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX|BASE)\b[^\n]*\n\s*|#[^\n]*\n\s*)*(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.I,
)


def is_update(sparql: str) -> bool:
    """Whether ``sparql`` is a SPARQL Update rather than a query.

    >>> is_update("PREFIX a: <x:>\\nINSERT DATA { a:b a:c a:d }"), is_update("SELECT * WHERE { ?s ?p ?o }")
    (True, False)
    """
    return bool(_UPDATE.match(sparql))


def refuse_update(sparql: str) -> None:
    """Raise :class:`QueryError` for an update: the store changes only through ingest."""
    if is_update(sparql):
        raise QueryError("updates are not run by query; the store changes only through 'govgraph ingest'")


@dataclass(frozen=True)
class QueryResult:
    """Rows of a SELECT (``variables`` and ``rows`` of typed values), a boolean of an ASK, or triples of a
    CONSTRUCT or DESCRIBE (N-Triples text in ``triples``).

    ``rows`` hold Python values (``int``, ``Decimal``, ``date``, ``str`` with ``.lang`` …, see
    ``govgraph.store.values``); ``texts`` holds the same cells as their lexical forms.

    >>> from decimal import Decimal
    >>> r = QueryResult(["place", "value"], [["海口市", Decimal("8.12")]], texts=[["海口市", "8.12"]])
    >>> r.dicts()
    [{'place': '海口市', 'value': Decimal('8.12')}]
    """

    variables: list[str]
    rows: list[list[Value | None]]
    boolean: bool | None = None
    triples: str | None = None
    texts: list[list[str | None]] = field(default_factory=list)

    def dicts(self) -> list[dict[str, Value | None]]:
        """The rows as dictionaries by variable name."""
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]

    def frame(self) -> pandas.DataFrame:
        """The rows as a pandas DataFrame (pandas is optional: ``pip install pandas``)."""
        try:
            import pandas
        except ImportError:
            raise QueryError("query_frame needs pandas: pip install pandas") from None
        return pandas.DataFrame(self.rows, columns=self.variables)

    def __iter__(self) -> Iterator[list[Value | None]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


class ReportWriter(Protocol):
    """Stores whole reports; used as a context manager, it finishes (or undoes) its work on exit."""

    def put(self, graph_iri: str, nquads: bytes, shared: Iterable[str] = (), records: bytes | None = None) -> None:
        """Store one report: its own triples as N-Quads in ``graph_iri`` (replacing that graph), and its
        ``shared`` statements (N-Triples without the closing " .") for the shared graph. ``records``: the
        report's :func:`contribution_nquads`, when the caller made them already (an ingest's workers do)."""

    def __enter__(self) -> ReportWriter: ...

    def __exit__(self, exc_type: object, *rest: object) -> None: ...


class TripleStore(Protocol):
    """The whole store interface: every method a caller outside ``govgraph.store`` uses. Backends
    inherit :class:`StoreBase` for what follows from these methods."""

    @property
    def location(self) -> str:
        """The folder or URL, for messages."""

    @property
    def read_only(self) -> bool:
        """Whether this store was opened for reading only."""

    def query(self, sparql: str) -> QueryResult:
        """Answer a SPARQL query over the union of all graphs; :class:`QueryError` on a malformed one."""

    def report_graphs(self) -> list[str]:
        """The report graphs held (see the module), sorted."""

    def named_graphs(self) -> list[str]:
        """Every named graph: the reports', and the shared, links, reach, checks and ontology graphs."""

    def has_graph(self, graph_iri: str) -> bool:
        """Whether the named graph holds anything."""

    def graph_ntriples(self, graph_iri: str) -> str:
        """The triples of one named graph, as N-Triples."""

    def quad_count(self) -> int:
        """How many quads the store holds."""

    def damaged_reports(self, graphs: list[str] | None = None) -> list[str]:
        """Report graphs (all, or those of ``graphs``) whose size differs from the size they declare."""

    def replace_graph(self, graph_iri: str, ntriples: str, shared_ntriples: str = "", shared_iri: str = "") -> None:
        """Replace one named graph (and merge shared statements into the shared graph), all or nothing."""

    def writer(self, shared_iri: str, batch_bytes: int = ...) -> ReportWriter:
        """A writer of whole reports (see :class:`ReportWriter`)."""

    def flush(self) -> None:
        """Make what was written durable."""

    def close(self) -> None:
        """Let go of the store (and its lock)."""

    def query_frame(self, sparql: str) -> pandas.DataFrame:
        """A SELECT's rows as a pandas DataFrame of typed values."""

    def __enter__(self: _T) -> _T: ...

    def __exit__(self, *exc: object) -> None: ...


class StoreBase:
    """What every backend offers on top of its own methods: ``query_frame`` and use as a context manager."""

    def query(self, sparql: str) -> QueryResult:  # pragma: no cover - every backend defines it
        raise NotImplementedError

    def close(self) -> None:  # pragma: no cover
        raise NotImplementedError

    def query_frame(self, sparql: str) -> pandas.DataFrame:
        """A SELECT's rows as a pandas DataFrame of typed values (pandas is optional)."""
        return self.query(sparql).frame()

    def __enter__(self: _S) -> _S:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def beside(store_path: Path, kind: str) -> Path:
    """This process's folder of ``kind`` ("loading", "old") next to the store folder ``store_path``:
    ``.NAME.KIND-PID``, so that a later ingest can tell whose it was."""
    return store_path.parent / f".{store_path.name}.{kind}-{os.getpid()}"


def first_line(e: BaseException | None) -> str:
    """An exception's message on one line (for one-line errors)."""
    text = (str(e).strip() if e is not None else "") or type(e).__name__
    return " ".join(text.split())[:300]


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


def contributions_iri(graph_iri: str) -> str:
    """The node that lists what the report ``graph_iri`` stated in the shared graph (in ``CONTRIBUTIONS_GRAPH``).

    >>> contributions_iri("https://w3id.org/govgraph/report/1")
    'https://w3id.org/govgraph/report/1/shared'
    """
    return graph_iri + "/shared"


def literal(text: str) -> str:
    r"""``text`` as an N-Triples (and SPARQL) string literal.

    >>> print(literal('<a> <b> "c"@zh'))
    "<a> <b> \"c\"@zh"
    """
    return f'"{escape(text)}"'


def contribution_nquads(graph_iri: str, statements: Iterable[str]) -> bytes:
    r"""The records of what the report ``graph_iri`` states in the shared graph (``statements``: N-Triples
    without the closing " ."), as N-Quads: one literal listing them one a line, and each of their subjects
    once, so that a re-ingest can find the other reports that may state the same and retract only what
    no report says any more (docs/decisions.md, "What a replaced report said", "Fewer quads a report").

    >>> print(contribution_nquads("https://example.org/r", ['<https://example.org/a> <https://example.org/p> "x"']).decode())
    <https://example.org/r/shared> <https://w3id.org/govgraph/def#sharedStatements> "<https://example.org/a> <https://example.org/p> \"x\"" <https://w3id.org/govgraph/graph/contributions> .
    <https://example.org/r/shared> <https://w3id.org/govgraph/def#sharedSubject> "<https://example.org/a>" <https://w3id.org/govgraph/graph/contributions> .
    <BLANKLINE>
    """
    statements = list(dict.fromkeys(statements))
    if not statements:
        return b""
    head = f"<{contributions_iri(graph_iri)}> "
    tail = f" <{CONTRIBUTIONS_GRAPH}> .\n"
    subjects = dict.fromkeys(t.split(" ", 1)[0] for t in statements)
    lines = [head + STATED + " " + literal("\n".join(statements)) + tail]
    lines += [head + DESCRIBED + " " + literal(subject) + tail for subject in subjects]
    return "".join(lines).encode("utf-8")


def stated(record: str) -> list[str]:
    """The statements of a ``sharedStatements`` record (its literal's value)."""
    return record.split("\n") if record else []


def kill_point(phase: str) -> None:
    """For tests only: SIGKILL this process when ``GOVGRAPH_TEST_KILL_AT`` names ``phase`` ("worker" (an
    extraction worker), "swap", "workers" (after the last report is written), "ontology", "links", "reach"), so that a test can kill an ingest at an exact moment of its last phase."""
    if os.environ.get("GOVGRAPH_TEST_KILL_AT") == phase:
        import signal

        os.kill(os.getpid(), signal.SIGKILL)


def process_alive(pid: int) -> bool:
    """Whether a process ``pid`` exists (whose folders a killed ingest may have left behind).

    >>> process_alive(os.getpid())
    True
    """
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, and is someone else's
        pass
    return True

"""Ingest report files into the store: read, extract and write triples in worker processes,
then store whole reports from this one (bulk batches for new reports, see store.py)."""

from __future__ import annotations

import os
import signal
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import click

from .extract import extract
from .rdf import ONTOLOGY_GRAPH, SHARED_GRAPH, ontology_ntriples, report_graph_iri, report_triples
from .read import InputError, read_report
from .store import TripleStore

DEFAULT_BATCH_BYTES = 32 * 2**20
_IN_FLIGHT_PER_JOB = 32  # about 45 MB of finished reports with 2 workers: more than one bulk batch


@dataclass
class IngestSummary:
    reports: int = 0
    triples: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    links: int = 0  # probable matches (skos:closeMatch) in the links graph


@dataclass(frozen=True)
class _Prepared:
    """One report ready to store, or the one-line reason it cannot be."""

    path: str
    graph_iri: str = ""
    own: bytes = b""  # N-Quads in graph_iri
    shared: tuple[str, ...] = ()  # N-Triples statements for the shared graph
    triples: int = 0
    error: str = ""
    warning: str = ""


def _prepare(path: Path, max_bytes: int | None) -> _Prepared:
    try:
        doc = read_report(path, max_bytes=max_bytes)
    except InputError as e:
        return _Prepared(str(path), error=str(e))
    x = extract(doc)
    own, shared = report_triples(x)
    warning = f"{path}: read as {doc.encoding}" if "replaced" in doc.encoding else ""
    graph = str(report_graph_iri(x))
    return _Prepared(
        str(path),
        graph,
        own.nquads(graph).encode("utf-8"),
        tuple(shared.statements()),
        len(own) + len(shared),
        warning=warning,
    )


def _prepared(files: list[Path], max_bytes: int | None, jobs: int) -> Iterator[_Prepared]:
    if jobs <= 1 or len(files) < 2:
        for f in files:
            yield _prepare(f, max_bytes)
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=_die_with_parent, initargs=(os.getpid(),)) as pool:
        # a bounded number of reports in flight: when the store writes slower than the workers extract,
        # finished reports must not pile up in memory (pool.map would hold all of them)
        pending: deque[Future[_Prepared]] = deque()
        for f in files:
            pending.append(pool.submit(_prepare, f, max_bytes))
            if len(pending) >= jobs * _IN_FLIGHT_PER_JOB:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _die_with_parent(parent: int) -> None:
    """Make a worker end when the ingest that started it is killed: after a SIGKILL nobody is left to
    tell it, and it would wait for work for ever."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def default_jobs() -> int:
    """Worker processes for extraction: the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def ingest_files(
    files: list[Path],
    store: TripleStore,
    max_bytes: int | None = None,
    progress: bool = False,
    jobs: int = 1,
    batch_bytes: int = DEFAULT_BATCH_BYTES,
) -> IngestSummary:
    """Ingest ``files``; a bad file is reported and skipped, and nothing of it reaches the store.

    Extraction runs in ``jobs`` processes; writes stay in this one. Reports new to the store
    are written in bulk batches of about ``batch_bytes`` of N-Triples, reports already there
    one transaction each; either way a report is wholly stored or absent.

    >>> import tempfile
    >>> from govgraph.store import OxigraphStore
    >>> s = OxigraphStore(tempfile.mkdtemp())
    >>> r = ingest_files([Path("data/reports/haikou-2022-fazhi.txt")] * 2, s)
    >>> r.reports, s.count_graphs()
    (2, 1)
    """
    summary = IngestSummary()
    with click.progressbar(
        _prepared(files, max_bytes, jobs),
        length=len(files),
        label="ingesting",
        file=None if progress else _Null(),
        show_pos=True,
        item_show_func=lambda p: Path(p.path).name if p else "",
    ) as bar:
        with store.writer(str(SHARED_GRAPH), batch_bytes) as writer:
            for item in bar:
                if item.error:
                    summary.errors.append(item.error)
                    continue
                if item.warning:
                    summary.warnings.append(item.warning)
                writer.put(item.graph_iri, item.own, item.shared)
                summary.triples += item.triples
                summary.reports += 1
    store.replace_graph(str(ONTOLOGY_GRAPH), ontology_ntriples())  # concept labels for queries
    if summary.reports:
        from .linking import link_store
        from .reach import count_reach

        summary.links = link_store(store)
        count_reach(store)
    store.flush()
    return summary


class _Null:
    def write(self, _: str) -> int:
        return 0

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

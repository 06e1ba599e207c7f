"""SHACL validation of report graphs against ``ontology/shapes.ttl``."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field

from ..rdf.shacl import violations
from ..store import TripleStore
from ..store.base import CONTRIBUTIONS_GRAPH, STATE_GRAPH
from ..vocab import ONTOLOGY_GRAPH


@dataclass(frozen=True)
class ValidationReport:
    """The verdict: violations of the shapes (one line each), and report graphs whose size differs from the
    size they declare; ``checked`` of ``total`` report graphs were looked at."""

    conforms: bool
    violations: list[str]
    damaged: list[str] = field(default_factory=list)
    checked: int = 0
    total: int = 0
    incomplete: list[str] = field(default_factory=list)  # what an unfinished ingest left missing or stale


def validate(
    store: TripleStore, jobs: int = 1, sample: int | None = None, progress: Callable[[str], None] | None = None
) -> ValidationReport:
    """Check a store: every report graph (or ``sample`` of them, spread evenly) against the size it declares
    and against the SHACL shapes, then the shared graphs; ``progress`` is called with each part's name."""
    every = store.report_graphs()
    chosen = sample_reports(every, sample) if sample else every
    damaged = store.damaged_reports(chosen if sample else None)
    unfinished = incomplete(store, bool(every))
    report = validate_store(store, jobs, progress, chosen)
    conforms = report.conforms and not damaged and not unfinished
    return ValidationReport(conforms, report.violations, damaged, len(chosen), len(every), unfinished)


def incomplete(store: TripleStore, has_reports: bool = True) -> list[str]:
    """What an ingest that did not finish left missing or stale, one line each naming the command that
    repairs it; empty for a complete store. An ingest marks the store before it changes a report and
    clears the mark after its last phase, so a kill at any moment in between is seen here.

    >>> import tempfile, govgraph
    >>> s = govgraph.open_store(tempfile.mkdtemp() + "/store", write=True)
    >>> incomplete(s)
    ['the ontology graph is missing: run govgraph repair (or the same govgraph ingest again)']
    """
    repair = "run govgraph repair (or the same govgraph ingest again)"
    out = []
    if store.has_graph(STATE_GRAPH):
        started = re.search(r'ingestStarted> "([^"]+)"', store.graph_ntriples(STATE_GRAPH))
        when = f" (started {started.group(1)})" if started else ""
        out.append(
            f"an ingest did not finish{when}: the ontology, links and reach graphs may be missing or stale: "
            "run govgraph repair (reports the ingest had not yet written come with running it again)"
        )
    elif has_reports and not store.has_graph(ONTOLOGY_GRAPH):
        out.append(f"the ontology graph is missing: {repair}")
    return out


def validate_store(
    store: TripleStore,
    jobs: int = 1,
    progress: Callable[[str], None] | None = None,
    reports: list[str] | None = None,
) -> ValidationReport:
    """Validate a store graph by graph: each report graph on its own (all, or those of ``reports``),
    then the graphs shared by all reports (entities, links, reach, ontology) together. Memory stays
    that of one report, so a store of any size can be validated (about 0.4 s a report on one core);
    ``jobs`` processes share the work.

    >>> import tempfile
    >>> import govgraph
    >>> s = govgraph.open_store(tempfile.mkdtemp() + "/store", write=True)
    >>> _ = govgraph.ingest(["data/reports/haikou-2022-fazhi.txt"], s)
    >>> validate_store(s).conforms
    True
    """
    every = set(store.report_graphs())
    reports = sorted(every) if reports is None else reports
    shared = [g for g in store.named_graphs() if g not in every and g not in _BOOKKEEPING]
    parts = [(g, [g]) for g in reports] + ([("the shared graphs", shared)] if shared else [])
    violations: list[str] = []
    for (name, _), found in zip(parts, _validated(store, [graphs for _, graphs in parts], jobs), strict=True):
        violations.extend(found)
        if progress:
            progress(name)
    return ValidationReport(not violations, sorted(violations))


def sample_reports(reports: list[str], n: int) -> list[str]:
    """``n`` of ``reports`` spread evenly over them (all when there are no more than ``n``).

    >>> sample_reports(["a", "b", "c", "d", "e", "f"], 3)
    ['a', 'c', 'e']
    """
    if n >= len(reports):
        return list(reports)
    return [reports[i * len(reports) // n] for i in range(n)]


def _validated(store: TripleStore, parts: list[list[str]], jobs: int, window: int = 64) -> Iterator[list[str]]:
    """The violations of each part (a list of graphs validated together), in order; at most ``window``
    parts' triples are held at once."""
    with ProcessPoolExecutor(max_workers=jobs) if jobs > 1 else nullcontext() as pool:
        for i in range(0, len(parts), window):
            texts = ["".join(store.graph_ntriples(g) for g in graphs) for graphs in parts[i : i + window]]
            yield from (pool.map(violations, texts) if pool is not None else map(violations, texts))


_BOOKKEEPING = {CONTRIBUTIONS_GRAPH, STATE_GRAPH}  # records of the store, not statements about the world

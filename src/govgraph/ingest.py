"""Ingest report files into the store: read, extract, build the graph, replace it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import click

from .extract import extract
from .rdf import SHARED_GRAPH, build_graphs, report_graph_iri
from .read import InputError, read_report
from .store import OxigraphStore


@dataclass
class IngestSummary:
    reports: int = 0
    triples: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def ingest_files(
    files: list[Path], store: OxigraphStore, max_bytes: int | None = None, progress: bool = False
) -> IngestSummary:
    """Ingest ``files`` one by one; a bad file is reported and skipped, never half-written.

    >>> import tempfile
    >>> s = OxigraphStore(tempfile.mkdtemp())
    >>> r = ingest_files([Path("data/reports/haikou-2022-fazhi.txt")] * 2, s)
    >>> r.reports, s.count_graphs()
    (2, 1)
    """
    summary = IngestSummary()
    with click.progressbar(
        files,
        label="ingesting",
        file=None if progress else _Null(),
        show_pos=True,
        item_show_func=lambda p: p.name if p else "",
    ) as bar:
        for path in bar:
            try:
                doc = read_report(path, max_bytes=max_bytes)
            except InputError as e:
                summary.errors.append(str(e))
                continue
            if "replaced" in doc.encoding:
                summary.warnings.append(f"{path}: read as {doc.encoding}")
            x = extract(doc)
            own, shared = build_graphs(x)
            summary.triples += store.replace_graph(str(report_graph_iri(x)), own, shared, str(SHARED_GRAPH))
            summary.reports += 1
    store.flush()
    return summary


class _Null:
    def write(self, _: str) -> int:
        return 0

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

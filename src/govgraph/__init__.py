"""govgraph: Chinese government reports as an RDF knowledge graph of policies and institutions.

The public Python API. Everything here is re-exported explicitly; anything else is internal and
may change. The command line uses only these names.

>>> import govgraph
>>> r = govgraph.extract_report("data/reports/haikou-2022-fazhi.txt")
>>> r.report_id, govgraph.to_json(r)["report"]["adcode"]
('report/460100-2022-fazhi', '460100')
>>> import tempfile
>>> with govgraph.open_store(tempfile.mkdtemp() + "/store", write=True) as store:
...     summary = govgraph.ingest(["data/reports/haikou-2022-fazhi.txt"], store)
...     rows = store.query("PREFIX gg: <https://w3id.org/govgraph/def#> "
...                        "PREFIX sdmxm: <http://purl.org/linked-data/sdmx/2009/measure#> "
...                        "SELECT ?v WHERE { ?o gg:measure '行政机关负责人出庭率'@zh ; sdmxm:obsValue ?v }").rows
>>> rows
[[Decimal('98.53')]]
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from . import _native  # noqa: F401  (first: which build of the extraction modules the imports below load)
from .corpus.findings import run_checks as check
from .corpus.validate import ValidationReport, validate
from .errors import ExtractionFailed, GovgraphError, InputError, NotFound, QueryError, StoreBusy, StoreError
from .json_contract import to_json
from .model import Document, Entity, Extraction, Mention, Observation, Relation, ReportMeta, Section
from .pipeline import IngestSummary, default_jobs, extract_report, ingest, report_files, skipped_files
from .query import canned_queries, demo_queries, query_text, stats
from .query.canned import parse_params
from .query.render import render as format_result
from .rdf.serialise import build_dataset as to_rdf
from .rdf.serialise import serialize_extraction
from .serve import Limits, query_isolated, serve
from .store import DEFAULT_STORE, IRI, LangString, QueryResult, TripleStore, register_backend
from .store import open_backend as open_store
from .store.guard import QueryGuard
from .store.push import STATE_FILE, PushOptions, PushSummary, push_store
from .store.remote import Auth
from .views import View, ViewRequest, build_view, corpus_graph, network
from .views.compare import Comparison, compare, render_comparison, report_extraction
from .views.export import FORMATS as EXPORT_FORMATS
from .views.export import ExportSummary, export
from .views.html import write_view

__all__ = [
    "DEFAULT_STORE",
    "EXPORT_FORMATS",
    "Comparison",
    "ExportSummary",
    "Limits",
    "QueryGuard",
    "PushSummary",
    "ValidationReport",
    "View",
    "ViewRequest",
    "build_view",
    "canned_queries",
    "check",
    "compare",
    "corpus_graph",
    "default_jobs",
    "demo_queries",
    "export",
    "format_result",
    "parse_params",
    "push",
    "query_text",
    "render_comparison",
    "report_extraction",
    "report_files",
    "skipped_files",
    "serialize_extraction",
    "query_isolated",
    "serve",
    "stats",
    "validate",
    "write_view",
    "Document",
    "Entity",
    "Extraction",
    "ExtractionFailed",
    "GovgraphError",
    "IRI",
    "IngestSummary",
    "InputError",
    "LangString",
    "Mention",
    "NotFound",
    "Observation",
    "QueryError",
    "QueryResult",
    "Relation",
    "ReportMeta",
    "Section",
    "StoreBusy",
    "StoreError",
    "TripleStore",
    "extract_report",
    "ingest",
    "network",
    "open_store",
    "register_backend",
    "to_json",
    "to_rdf",
]


def push(
    store: TripleStore,
    endpoint: str,
    progress: Callable[[str], None] | None = None,
    timeout: float = 120,
    *,
    user: str | None = None,
    password: str | None = None,
    auth: str = "auto",
    verify: bool = False,
    force: bool = False,
    query_endpoint: str | None = None,
) -> PushSummary:
    """PUT every named graph of ``store`` to a Graph Store Protocol endpoint. For a store on disk, a state
    file in its folder remembers what was sent, so a second push sends only what changed.

    ``user`` and ``password`` authenticate with HTTP ``auth`` = ``"basic"``, ``"digest"`` or ``"auto"``
    (whichever the server asks for); the password never appears in a message. ``verify`` asks the remote
    for each graph's triple count (through ``query_endpoint`` if given, else a Graph Store GET) and sends
    again what differs, such as a graph deleted there; ``force`` sends every graph.

    >>> import tempfile
    >>> with open_store(tempfile.mkdtemp() + "/s", write=True) as s:
    ...     push(s, "http://127.0.0.1:9/store", user="dba", password="secret", verify=True).sent
    0
    """
    folder = Path(store.location)
    state = folder / STATE_FILE if folder.is_dir() else None
    credentials = Auth(user, password or "", auth) if user is not None else None
    options = PushOptions(credentials, verify, force, query_endpoint, timeout)
    return push_store(store, endpoint, state, progress, timeout, options)

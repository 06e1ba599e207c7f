"""Send the store's named graphs to another triple store over the SPARQL 1.1 Graph Store HTTP
Protocol (PUT replaces a graph); querying it is ``govgraph.store.remote``'s.

A state file (by default beside the store's own files) remembers what was sent where, so a push
that was interrupted resumes, and a second push of an unchanged store sends nothing. The state
file only knows what *this* side sent: a graph dropped on the remote side is still "unchanged"
to it. ``verify=True`` asks the remote what it holds (each graph's triple count, through its
query endpoint or a Graph Store GET) and sends again every graph whose count differs;
``force=True`` sends everything.

Credentials (:class:`~govgraph.store.remote.Auth`, or ``user:password@`` in the URL) are used for
every request and appear in no message and not in the state file, which is keyed by the URL
without them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import StoreError
from .base import TripleStore
from .remote import Auth, fetch_graph, redact, remote_query, send_graph, split_credentials

STATE_FILE = "push-state.json"
_COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


@dataclass
class PushSummary:
    """What a push did: graphs ``sent`` (with their ``triples``), graphs left ``unchanged``, graphs
    found different on the remote side by ``verify`` (``repaired``, sent again), and ``failed``
    lines (``GRAPH: problem``) for the graph the push stopped at."""

    sent: int = 0
    unchanged: int = 0
    triples: int = 0
    failed: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    verified: int = 0


@dataclass(frozen=True)
class PushOptions:
    """How to push: ``auth`` for a server that demands it; ``verify`` the remote's triple counts (through
    ``query_endpoint`` when given, else a Graph Store GET of each graph); ``force`` sends every graph.

    >>> PushOptions(verify=True).verify, PushOptions().force
    (True, False)
    """

    auth: Auth | None = None
    verify: bool = False
    force: bool = False
    query_endpoint: str | None = None
    timeout: float = 120


def push_store(
    store: TripleStore,
    endpoint: str,
    state_file: Path | None = None,
    progress: Callable[[str], None] | None = None,
    timeout: float = 120,
    options: PushOptions | None = None,
) -> PushSummary:
    """PUT every named graph of the store to a Graph Store endpoint (http://host/store); ``progress``
    is called with each graph's IRI once it is done. Without ``state_file``, nothing is remembered.

    >>> import tempfile, govgraph
    >>> with govgraph.open_store(tempfile.mkdtemp() + "/s", write=True) as empty:
    ...     push_store(empty, "http://127.0.0.1:9/store", options=PushOptions(verify=True, force=True))
    PushSummary(sent=0, unchanged=0, triples=0, failed=[], repaired=[], verified=0)
    """
    opts = options or PushOptions(timeout=timeout)
    endpoint, auth = split_credentials(endpoint, opts.auth)
    state = _read_state(state_file)
    sent_here: dict[str, str] = state.setdefault(endpoint, {})
    graphs = store.named_graphs()
    remote = _remote_counts(endpoint, graphs, opts, auth) if opts.verify and graphs else None
    summary = PushSummary(verified=len(graphs) if remote is not None else 0)
    for g in graphs:
        body = store.graph_ntriples(g).encode("utf-8")
        digest = hashlib.sha1(body).hexdigest()
        differs = remote is not None and remote.get(g, 0) != _triple_count(body)
        if sent_here.get(g) == digest and not differs and not opts.force:
            summary.unchanged += 1
        else:
            try:
                send_graph(endpoint, g, body, timeout=opts.timeout, auth=auth)
            except StoreError as e:
                summary.failed.append(f"{g}: {e}")
                break  # the endpoint is down or refusing: stop, the state file lets the next run resume
            sent_here[g] = digest
            _write_state(state_file, state)  # after every graph: an interruption loses nothing
            summary.sent += 1
            summary.triples += _triple_count(body)
            if differs:  # the remote held another number of triples (or none): sent again
                summary.repaired.append(g)
        if progress is not None:
            progress(g)
    return summary


def remote_counts(
    endpoint: str, graphs: list[str], query_endpoint: str | None = None, auth: Auth | None = None, timeout: float = 120
) -> dict[str, int]:
    """How many triples the remote holds in each of ``graphs`` (0 for a graph it lacks): one grouped
    COUNT through ``query_endpoint`` when given, else a Graph Store GET of each graph."""
    return _remote_counts(endpoint, graphs, PushOptions(auth, query_endpoint=query_endpoint, timeout=timeout), auth)


def _remote_counts(endpoint: str, graphs: list[str], opts: PushOptions, auth: Auth | None) -> dict[str, int]:
    if opts.query_endpoint:
        query_endpoint, query_auth = split_credentials(opts.query_endpoint, auth)
        result = remote_query(query_endpoint, _COUNTS, opts.timeout, query_auth)
        found = {str(g): int(str(n)) for g, n in result.rows if n is not None}
        return {g: found.get(g, 0) for g in graphs}
    counts = {}
    for g in graphs:
        body = fetch_graph(endpoint, g, opts.timeout, auth)
        counts[g] = _triple_count(body) if body is not None else 0
    return counts


def _triple_count(ntriples: bytes) -> int:
    """Statements in N-Triples text: its lines that are neither blank nor comments.

    >>> _triple_count(b'<a> <b> <c> .\\n\\n# note\\n<a> <b> "d" .\\n')
    2
    """
    return sum(1 for line in ntriples.splitlines() if line.strip() and not line.lstrip().startswith(b"#"))


def _read_state(state_file: Path | None) -> dict[str, dict[str, str]]:
    if state_file is None or not state_file.exists():
        return {}
    try:
        state = json.loads(state_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # a damaged state file only costs a full push
    # keys written by older versions may carry credentials: keep none of them
    return {redact(k): v for k, v in state.items()} if isinstance(state, dict) else {}


def _write_state(state_file: Path | None, state: dict[str, dict[str, str]]) -> None:
    if state_file is not None:
        state_file.write_text(json.dumps(state, indent=1), encoding="utf-8")

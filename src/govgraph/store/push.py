"""Send the store's named graphs to another triple store over the SPARQL 1.1 Graph Store HTTP
Protocol (PUT replaces a graph); querying it is ``govgraph.store.remote``'s.

A state file (by default beside the store's own files) remembers what was sent where, so a push
that was interrupted resumes, and a second push of an unchanged store sends nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import StoreError
from .base import TripleStore
from .remote import send_graph

STATE_FILE = "push-state.json"


@dataclass
class PushSummary:
    sent: int = 0
    unchanged: int = 0
    triples: int = 0
    failed: list[str] = field(default_factory=list)


def push_store(
    store: TripleStore,
    endpoint: str,
    state_file: Path | None = None,
    progress: Callable[[str], None] | None = None,
    timeout: float = 120,
) -> PushSummary:
    """PUT every named graph of the store to a Graph Store endpoint (http://host/store); ``progress``
    is called with each graph's IRI once it is done. Without ``state_file``, nothing is remembered."""
    state = json.loads(state_file.read_text()) if state_file is not None and state_file.exists() else {}
    sent_here = state.setdefault(endpoint, {})
    summary = PushSummary()
    for g in store.named_graphs():
        body = store.graph_ntriples(g).encode("utf-8")
        digest = hashlib.sha1(body).hexdigest()
        if sent_here.get(g) == digest:
            summary.unchanged += 1
        else:
            try:
                send_graph(endpoint, g, body, timeout=timeout)
            except StoreError as e:
                summary.failed.append(f"{g}: {e}")
                break  # the endpoint is down or refusing: stop, the state file lets the next run resume
            sent_here[g] = digest
            if state_file is not None:  # after every graph: an interruption loses nothing
                state_file.write_text(json.dumps(state, indent=1))
            summary.sent += 1
            summary.triples += body.count(b"\n")
        if progress is not None:
            progress(g)
    return summary

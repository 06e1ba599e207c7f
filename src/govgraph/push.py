"""Send the store's named graphs to another triple store over the SPARQL 1.1 Graph Store HTTP
Protocol (PUT replaces a graph); querying it is ``govgraph.remote``'s.

A state file beside the store remembers what was sent where, so a push that was interrupted
resumes, and a second push of an unchanged store sends nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import click
import pyoxigraph as ox

from .remote import send_graph
from .store import OxigraphStore, StoreError

STATE_FILE = "push-state.json"


@dataclass
class PushSummary:
    sent: int = 0
    unchanged: int = 0
    triples: int = 0
    failed: list[str] = field(default_factory=list)


def push_store(store: OxigraphStore, endpoint: str, progress: bool = False, timeout: float = 120) -> PushSummary:
    """PUT every named graph of the store to a Graph Store endpoint (http://host/store)."""
    state_path = (store.path or Path(".")) / STATE_FILE
    state = json.loads(state_path.read_text()) if state_path.exists() else {}
    sent_here = state.setdefault(endpoint, {})
    graphs = sorted(g.value for g in store._store.named_graphs())
    summary = PushSummary()
    with click.progressbar(
        graphs, label="pushing", show_pos=True, file=None if progress else open("/dev/null", "w")
    ) as bar:
        for g in bar:
            body = store._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(g))
            digest = hashlib.sha1(body).hexdigest()
            if sent_here.get(g) == digest:
                summary.unchanged += 1
                continue
            try:
                send_graph(endpoint, g, body, timeout=timeout)
            except StoreError as e:
                summary.failed.append(f"{g}: {e}")
                break  # the endpoint is down or refusing: stop, the state file lets the next run resume
            sent_here[g] = digest
            state_path.write_text(json.dumps(state, indent=1))  # after every graph: an interruption loses nothing
            summary.sent += 1
            summary.triples += body.count(b"\n")
    return summary

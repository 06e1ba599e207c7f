"""Send the store's named graphs to another triple store over the SPARQL 1.1 Graph Store HTTP
Protocol (PUT replaces a graph), and run queries against a remote SPARQL endpoint.

A state file beside the store remembers what was sent where, so a push that was interrupted
resumes, and a second push of an unchanged store sends nothing.
"""

from __future__ import annotations

import hashlib
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import click
import pyoxigraph as ox

from .store import OxigraphStore, QueryResult, StoreError

STATE_FILE = "push-state.json"


@dataclass
class PushSummary:
    sent: int = 0
    unchanged: int = 0
    triples: int = 0
    failed: list[str] = field(default_factory=list)


def _graph_url(endpoint: str, graph: str) -> str:
    sep = "&" if "?" in endpoint else "?"
    return f"{endpoint}{sep}graph={urllib.parse.quote(graph, safe='')}"


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
            req = urllib.request.Request(
                _graph_url(endpoint, g), data=body, method="PUT", headers={"Content-Type": "application/n-triples"}
            )
            try:
                with urllib.request.urlopen(req, timeout=timeout) as resp:
                    resp.read()
            except (urllib.error.URLError, OSError) as e:
                summary.failed.append(f"{g}: {getattr(e, 'reason', e)}")
                break  # the endpoint is down or refusing: stop, the state file lets the next run resume
            sent_here[g] = digest
            state_path.write_text(json.dumps(state, indent=1))  # after every graph: an interruption loses nothing
            summary.sent += 1
            summary.triples += body.count(b"\n")
    return summary


def remote_query(endpoint: str, sparql: str, timeout: float = 120) -> QueryResult:
    """Run a query on a SPARQL 1.1 Protocol endpoint; results as the embedded store gives them."""
    data = urllib.parse.urlencode({"query": sparql}).encode()
    req = urllib.request.Request(
        endpoint,
        data=data,
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"},
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            payload = json.loads(resp.read())
    except urllib.error.HTTPError as e:
        raise StoreError(f"{endpoint} answered {e.code}: {e.read().decode('utf-8', 'replace').strip()[:200]}") from None
    except (urllib.error.URLError, OSError) as e:
        raise StoreError(f"{endpoint}: {getattr(e, 'reason', e)}") from None
    if "boolean" in payload:
        return QueryResult([], [], boolean=bool(payload["boolean"]))
    variables = payload["head"]["vars"]
    rows = [[b.get(v, {}).get("value") for v in variables] for b in payload["results"]["bindings"]]
    return QueryResult(variables, rows)

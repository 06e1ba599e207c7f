"""How fast a trivial query (ASK) answers while 20 view requests and 2 slow queries run.

    python benchmarks/serve_load.py [--store STORE] [--reports DIR] [--workers 2] [--write docs/benchmarks.md]

Starts ``govgraph serve`` on 127.0.0.1 (loopback only) over a store of the shared corpus (built
in a temporary folder unless ``--store`` names one), then, in the same run:

1. baseline: ASK alone, one request at a time;
2. under load: 20 clients asking for network views (cross-city and overview, over and over) and
   2 clients running a query that never ends on its own (stopped by the server's time limit),
   while ASK is timed again.

Every client stops at the end of the phase (bounded in time); the server is killed at the end.
The server keeps one of its ``--workers`` for short queries (docs/decisions.md), so ASK finds it
free with the default 2; before that lane, ``--workers`` had to be at least 3.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import emit  # noqa: E402

import govgraph  # noqa: E402

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
ASK = "ASK { ?s ?p ?o }"


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float) -> int:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            r.read()
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except OSError:
        return 0


def _ask_ms(sparql: str, n: int, pause: float = 0.0) -> list[float]:
    """Wall times of ``n`` ASK requests, one after another, in milliseconds."""
    url = sparql + "?" + urllib.parse.urlencode({"query": ASK})
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        status = _get(url, 30)
        out.append((time.perf_counter() - t0) * 1000)
        if status != 200:
            raise RuntimeError(f"ASK answered {status}")
        time.sleep(pause)
    return out


def _loop(url: str, until: float, timeout: float, counts: dict[int, int], lock: threading.Lock) -> None:
    """Request ``url`` over and over until ``until`` (a client under load)."""
    while time.time() < until:
        status = _get(url, timeout)
        with lock:
            counts[status] = counts.get(status, 0) + 1


def _summary(ms: list[float]) -> str:
    ms = sorted(ms)
    p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
    return f"{statistics.median(ms):.0f} | {p95:.0f} | {ms[-1]:.0f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", type=Path, default=None, help="A store to serve (default: build one).")
    ap.add_argument("--reports", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--asks", type=int, default=30)
    ap.add_argument("--seconds", type=float, default=20.0, help="How long the load phase lasts at most.")
    ap.add_argument("--write", type=Path, default=None)
    args = ap.parse_args()

    tmp = tempfile.TemporaryDirectory()
    store = args.store
    if store is None:
        store = Path(tmp.name) / "store"
        files = govgraph.report_files([args.reports]) if args.reports.exists() else []
        files = files or govgraph.report_files([ROOT / "data" / "reports"])
        with govgraph.open_store(store, write=True) as s:
            govgraph.ingest(files, s, jobs=1)
    with govgraph.open_store(store) as s:
        reports, quads = len(s.report_graphs()), s.quad_count()

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "govgraph", "serve", "--store", str(store), "--port", str(port)]
        + ["--workers", str(args.workers), "--timeout", "10"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.time() + 60
        while _get(base + "/sparql?query=ASK%7B%7D", 2) != 200:
            if time.time() > deadline or server.poll() is not None:
                raise RuntimeError("the server did not start")
            time.sleep(0.2)
        _ask_ms(base + "/sparql", 5)  # warm up
        baseline = _ask_ms(base + "/sparql", args.asks, 0.1)

        until = time.time() + args.seconds
        counts: dict[int, int] = {}
        lock = threading.Lock()
        slow_url = base + "/sparql?" + urllib.parse.urlencode({"query": SLOW})
        clients = [threading.Thread(target=_loop, args=(slow_url, until, 15, counts, lock)) for _ in range(2)]
        for i in range(20):
            view = base + ("/view/cross-city" if i % 2 else "/view/overview")
            clients.append(threading.Thread(target=_loop, args=(view, until, 60, counts, lock)))
        t_first = time.perf_counter()
        for c in clients:
            c.start()
        time.sleep(0.5)
        loaded = _ask_ms(base + "/sparql", args.asks, 0.1)
        asks_done = time.perf_counter() - t_first
        for c in clients:
            c.join(args.seconds + 70)
    finally:
        server.kill()
        server.wait()
        tmp.cleanup()

    cpu = platform.processor() or platform.machine()
    text = f"""
## Serving under load: ASK while views and slow queries run (benchmarks/serve_load.py, {date.today()})

Machine: {os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}, Python
{platform.python_version()}; shared with other jobs while it ran. Store: {reports} reports,
{quads:,} quads. `govgraph serve --workers {args.workers} --timeout 10` on 127.0.0.1. Load: 20
clients requesting `/view/overview` and `/view/cross-city` over and over, and 2 clients running
a query that never ends on its own (stopped at 10 s, then sent again), for up to
{args.seconds:g} s; {args.asks} ASKs one after another (0.1 s apart) in each phase.

| phase | ASK median (ms) | p95 (ms) | max (ms) |
|---|---|---|---|
| ASK alone (baseline) | {_summary(baseline)} |
| 20 view clients + 2 slow queries | {_summary(loaded)} |

Answers during the load phase, by status: {", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))}
(503: the slow queries stopped at the time limit; 0: no answer within the client's own limit). The {args.asks} loaded ASKs took {asks_done:.1f} s
in all, the first view build included. Views are built by a process of their own, once per
store state, and cached in the server, so view requests after the first cost a cache lookup and
building never holds up the server; the slow queries run at most {args.workers - 1} at a time,
so a process is kept for ASK. (Status 0: no answer within the client's own time limit.)
"""
    emit(text, args.write)


if __name__ == "__main__":
    main()

"""Load tests of `govgraph serve` on 127.0.0.1, each bounded in time, optionally against a baseline
server from another source tree in the same run.

    python benchmarks/load.py [--store DIR] [--mode canned|lane] [--clients 20] [--seconds 30]
                              [--workers 2] [--queue 32] [--baseline-src DIR] [--rounds 1] [--write docs/benchmarks.md]

Modes:

- ``canned`` (the standard load test): ``--clients`` concurrent clients each post the canned queries
  (default parameters) in turn, as fast as answers come, for ``--seconds``; every request counts
  (latency p50, p99; failures).
- ``lane``: a trivial query (a one-row SELECT) is sent over and over, one at a time: first alone,
  then while two clients keep a long query (a cross product that never ends on its own, stopped
  by the server's time limit, ``--long-seconds``) running in the background, for ``--seconds``.
  Its latency is reported (p50, p99, max) over the requests sent once both long queries have run
  past the short-query lane's budget (``settled``), and separately over those sent before.

``--baseline-src DIR``: also run every round against the server of another checkout's source folder
(e.g. a ``git worktree`` of the commit before, ``DIR=/work/base-serve/src``), before this one's in
each round, on the same store with the same flags. The machine's load average is recorded beside
each run. Traffic goes only to the servers this script starts on 127.0.0.1; each is killed at the
end of its run.
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import emit  # noqa: E402

import govgraph  # noqa: E402

LONG = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # never ends on its own
TRIVIAL = "SELECT ?r WHERE { ?r a <https://w3id.org/govgraph/def#Report> } LIMIT 1"
JSON = "application/sparql-results+json"


@dataclass
class Run:
    """What one server answered in one run."""

    label: str
    latencies: list[float] = field(default_factory=list)  # ms
    failures: list[str] = field(default_factory=list)
    wall: float = 0.0
    load: tuple[float, float] = (0.0, 0.0)  # 1-minute load average before and after
    before: list[float] = field(default_factory=list)  # lane: trivial alone (ms)
    early: list[float] = field(default_factory=list)  # lane: before both long queries settled (ms)
    long_statuses: dict[int, int] = field(default_factory=dict)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(src: Path, store: Path, flags: list[str]) -> tuple[subprocess.Popen[bytes], str]:
    """``govgraph serve`` from the source folder ``src`` (its own PYTHONPATH), ready to answer."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "govgraph", "serve", "--store", str(store), "--port", str(port), *flags],
        cwd=src.parent,
        env={**os.environ, "PYTHONPATH": str(src)},
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/sparql"
    deadline = time.time() + 120
    while time.time() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server from {src} ended at start (exit status {server.returncode})")
        try:
            urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=2).read()
            return server, url
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit(f"the server from {src} did not start within 120 s")


def _post(url: str, query: str, timeout: float) -> int:
    """Post ``query``; the status (0: no answer: the connection failed or the client's time ran out)."""
    body = urllib.parse.urlencode({"query": query}).encode()
    req = urllib.request.Request(url, data=body, headers={"Accept": JSON})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            resp.read()
            return int(resp.status)
    except urllib.error.HTTPError as e:
        return int(e.code)
    except OSError:
        return 0


def canned(run: Run, url: str, clients: int, seconds: float) -> None:
    """``clients`` clients posting the canned queries in turn for ``seconds``."""
    bodies = [urllib.parse.urlencode({"query": q.render()}).encode() for q in govgraph.canned_queries()]
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def client(k: int) -> None:
        i = k
        while time.perf_counter() < stop:
            body = bodies[i % len(bodies)]
            i += 1
            t0 = time.perf_counter()
            try:
                req = urllib.request.Request(url, data=body, headers={"Accept": JSON})
                with urllib.request.urlopen(req, timeout=60) as resp:
                    resp.read()
                with lock:
                    run.latencies.append((time.perf_counter() - t0) * 1000)
            except Exception as e:  # every failure is counted and shown, with what the server said
                said = e.read()[:300].decode("utf-8", "replace") if isinstance(e, urllib.error.HTTPError) else ""
                with lock:
                    run.failures.append(f"{type(e).__name__}: {e} {said}".strip())

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    run.wall = time.perf_counter() - t0


def _trivial(url: str, until: float, out: list[float], failures: list[str], client_timeout: float) -> None:
    """The trivial query, one request after another, until ``until`` (perf_counter)."""
    while time.perf_counter() < until:
        t0 = time.perf_counter()
        status = _post(url, TRIVIAL, client_timeout)
        if status == 200:
            out.append((time.perf_counter() - t0) * 1000)
        else:
            failures.append(f"trivial query answered {status or 'nothing'}")
        time.sleep(0.02)


def lane(run: Run, url: str, seconds: float, long_seconds: float, settle: float) -> None:
    """The trivial query alone, then beside two long queries kept running for ``seconds``."""
    _trivial(url, time.perf_counter() + 3, run.before, run.failures, 30)
    lock = threading.Lock()
    statuses: dict[int, int] = {}
    t_start = time.perf_counter()
    stop = t_start + seconds

    def long_client() -> None:
        while time.perf_counter() < stop:
            status = _post(url, LONG, long_seconds * 2 + 60)
            with lock:
                statuses[status] = statuses.get(status, 0) + 1

    longs = [threading.Thread(target=long_client, daemon=True) for _ in range(2)]
    for t in longs:
        t.start()
    time.sleep(0.2)  # both sent
    _trivial(url, t_start + settle, run.early, run.failures, long_seconds * 2 + 60)
    _trivial(url, stop, run.latencies, run.failures, long_seconds * 2 + 60)
    run.wall = time.perf_counter() - t_start
    with lock:  # the long clients are left to end with the server (killed next): what they had by now
        run.long_statuses = dict(statuses)


def _quantiles(ms: list[float]) -> tuple[float, float, float]:
    if not ms:
        return (float("nan"),) * 3
    if len(ms) == 1:
        return ms[0], ms[0], ms[0]
    qs = statistics.quantiles(ms, n=100, method="inclusive")
    return qs[49], qs[98], max(ms)


def _fmt(ms: list[float]) -> str:
    if not ms:
        return "0 | – | – | –"
    p50, p99, top = _quantiles(ms)
    return f"{len(ms)} | {p50:.0f} | {p99:.0f} | {top:.0f}"


def _table(mode: str, runs: list[Run]) -> str:
    if mode == "canned":
        head = "| server | load avg (before–after) | requests | failed | per second | p50 (ms) | p99 (ms) |\n"
        head += "|---|---|---|---|---|---|---|\n"
        rows = []
        for r in runs:
            p50, p99, _ = _quantiles(r.latencies)
            rows.append(
                f"| {r.label} | {r.load[0]:.1f}–{r.load[1]:.1f} | {len(r.latencies)} | {len(r.failures)} | "
                f"{len(r.latencies) / r.wall:.1f} | {p50:.0f} | {p99:.0f} |"
            )
        return head + "\n".join(rows) + "\n"
    head = (
        "| server | load avg (before–after) | alone: n | p50 | p99 | max (ms) | before settled: n | p50 | p99 "
        "| max (ms) | two long queries running: n | p50 | p99 | max (ms) | failed | long queries' answers |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
    )
    rows = []
    for r in runs:
        statuses = ", ".join(f"{k or 'none'}: {v}" for k, v in sorted(r.long_statuses.items())) or "none yet"
        rows.append(
            f"| {r.label} | {r.load[0]:.1f}–{r.load[1]:.1f} | {_fmt(r.before)} | {_fmt(r.early)} | "
            f"{_fmt(r.latencies)} | {len(r.failures)} | {statuses} |"
        )
    return head + "\n".join(rows) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", type=Path, default=None)
    ap.add_argument("--mode", choices=("canned", "lane"), default="canned")
    ap.add_argument("--clients", type=int, default=20, help="canned: concurrent clients")
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument(
        "--queue", type=int, default=32, help="the servers' --queue (the baseline's default, 16, refuses 20 clients)"
    )
    ap.add_argument("--long-seconds", type=float, default=30, help="lane: the server's time limit (--timeout)")
    ap.add_argument("--settle", type=float, default=2.0, help="lane: seconds after which both long queries run")
    ap.add_argument("--baseline-src", type=Path, default=None, help="another checkout's src/ to compare with")
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--write", type=Path, default=None)
    a = ap.parse_args()
    store_dir = a.store
    if store_dir is None:
        store_dir = Path(tempfile.mkdtemp()) / "store"
        corpus = ROOT.parent / "shared" / "corpus"
        files = sorted(p for p in corpus.rglob("*.txt") if p.name != "README.md") or [
            ROOT / "data/reports/haikou-2022-fazhi.txt"
        ]
        govgraph.ingest(files, store_dir, jobs=2)  # opens the store for writing, and closes it: serve reads it
    with govgraph.open_store(store_dir) as s:
        reports, quads = len(s.report_graphs()), s.quad_count()
    flags = ["--workers", str(a.workers), "--queue", str(a.queue)]
    if a.mode == "lane":
        flags += ["--timeout", f"{a.long_seconds:g}"]
    servers = ([("baseline", a.baseline_src.resolve())] if a.baseline_src else []) + [("this", ROOT / "src")]
    runs: list[Run] = []
    for rnd in range(a.rounds):
        for label, src in servers:
            run = Run(label if a.rounds == 1 else f"{label}, round {rnd + 1}")
            server, url = _start(src, store_dir, flags)
            try:
                load0 = os.getloadavg()[0]
                if a.mode == "canned":
                    canned(run, url, a.clients, a.seconds)
                else:
                    lane(run, url, a.seconds, a.long_seconds, a.settle)
                run.load = (load0, os.getloadavg()[0])
            finally:
                server.kill()
                server.wait()
            runs.append(run)
            print(f"{run.label}: {len(run.latencies)} answers, {len(run.failures)} failures", file=sys.stderr)
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    what = (
        f"{a.clients} concurrent clients for {a.seconds:g} s, each posting the "
        f"{len(govgraph.canned_queries())} canned queries in turn"
        if a.mode == "canned"
        else f"a one-row SELECT sent over and over, one at a time: 3 s alone, then for {a.seconds:g} s beside two "
        f"clients each keeping a never-ending cross product running (stopped at --timeout {a.long_seconds:g}, then "
        f"sent again); 'before settled' is its first {a.settle:g} s"
    )
    out = (
        f"### Load test ({a.mode}), {when}, {platform.machine()} {os.cpu_count()} cores, Python "
        f"{platform.python_version()}\n\n"
        f"`benchmarks/load.py --mode {a.mode}`: `govgraph serve {' '.join(flags)}` on 127.0.0.1 over a store of "
        f"{reports} reports ({quads:,} quads); {what}. Servers: "
        + "; ".join(f"{label} = `{src}`" for label, src in servers)
        + ".\n\n"
        + _table(a.mode, runs)
    )
    failures = [f for r in runs for f in r.failures]
    if failures:
        out += "\nFirst failure: " + failures[0] + "\n"
    emit(out, a.write)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

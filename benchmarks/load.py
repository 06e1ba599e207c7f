"""A bounded load test of `govgraph serve`: concurrent clients on 127.0.0.1 for a fixed time.

    python benchmarks/load.py [--store DIR] [--clients 20] [--seconds 30] [--write docs/benchmarks.md]

Each client posts the canned queries (default parameters) in turn, as fast as answers come.
Traffic goes only to the server this script starts on 127.0.0.1, and stops by itself.
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
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import emit  # noqa: E402

import govgraph  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", type=Path, default=None)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=30)
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
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "govgraph", "serve", "--store", str(store_dir), "--port", str(port)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},  # the code beside this script, not an installed copy
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/sparql"
    for _ in range(300):
        try:
            urllib.request.urlopen(url, timeout=1).read()
            break
        except OSError:
            time.sleep(0.1)
    bodies = [urllib.parse.urlencode({"query": q.render()}).encode() for q in govgraph.canned_queries()]
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    stop = time.perf_counter() + a.seconds

    def client(k: int) -> None:
        i = k
        while time.perf_counter() < stop:
            body = bodies[i % len(bodies)]
            i += 1
            t0 = time.perf_counter()
            try:
                req = urllib.request.Request(url, data=body, headers={"Accept": "application/sparql-results+json"})
                with urllib.request.urlopen(req, timeout=60) as resp:
                    resp.read()
                with lock:
                    latencies.append((time.perf_counter() - t0) * 1000)
            except Exception as e:  # every failure is counted and shown, with what the server said
                said = e.read()[:300].decode("utf-8", "replace") if isinstance(e, urllib.error.HTTPError) else ""
                with lock:
                    failures.append(f"{type(e).__name__}: {e} {said}".strip())

    threads = [threading.Thread(target=client, args=(k,)) for k in range(a.clients)]
    t_start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t_start
    server.kill()
    server.wait()
    qs = statistics.quantiles(latencies, n=100) if len(latencies) >= 2 else [0] * 99
    out = (
        f"### Load test, {date.today().isoformat()}, {platform.machine()} {os.cpu_count()} cores\n\n"
        f"`govgraph serve` on 127.0.0.1 (2 query worker processes), {a.clients} concurrent clients for {a.seconds:g} s, "
        f"each posting the {len(bodies)} canned queries in turn.\n\n"
        "| requests | failed | per second | p50 (ms) | p99 (ms) |\n|---|---|---|---|---|\n"
        f"| {len(latencies)} | {len(failures)} | {len(latencies) / wall:.1f} | {qs[49]:.0f} | {qs[98]:.0f} |\n"
    )
    if failures:
        out += "\nFirst failure: " + failures[0] + "\n"
    emit(out, a.write)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

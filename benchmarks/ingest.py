"""Ingest throughput, store size, and canned-query latency against an in-memory rdflib baseline.

    python benchmarks/ingest.py [--corpus ../shared/corpus] [--repeat 5] [--write docs/benchmarks.md]

In one run: ingests the corpus into a fresh on-disk store with --jobs 1 (baseline) and with
all cores, measures the store's size on disk, then times every canned query (default
parameters) on the embedded Oxigraph store and on an rdflib Dataset holding the same quads
in memory, reporting the median of --repeat runs.
"""

from __future__ import annotations

import argparse
import os
import platform
import signal
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import dir_size, emit, median_ms, rdflib_dataset, too_slow  # noqa: E402

import govgraph  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--write", type=Path, default=None)
    ap.add_argument("--cap", type=int, default=20, help="seconds an rdflib query may take before it is stopped")
    a = ap.parse_args()
    files = sorted(p for p in a.corpus.rglob("*.txt") if p.name != "README.md") if a.corpus.is_dir() else []
    files = files or [ROOT / "data" / "reports" / "haikou-2022-fazhi.txt"]
    jobs = govgraph.default_jobs()
    lines = []
    paths = {}
    for label, n in (("--jobs 1 (baseline)", 1), (f"--jobs {jobs}", jobs)):
        path = Path(tempfile.mkdtemp(prefix="gg-bench-")) / "store"
        with govgraph.open_store(path, write=True) as store:
            t0 = time.perf_counter()
            summary = govgraph.ingest(files, store, jobs=n)
            wall = time.perf_counter() - t0
        paths[n] = path
        lines.append(
            f"| {label} | {summary.reports} | {summary.triples:,} | {wall:.1f} s | "
            f"{summary.reports / wall:.1f} | {dir_size(path) / 2**20:.0f} MiB |"
        )
    store = govgraph.open_store(paths[jobs])  # read-only, as queries are answered
    quads = store.quad_count()
    t0 = time.perf_counter()
    ds = rdflib_dataset(store)
    rdflib_load = time.perf_counter() - t0
    qrows = []
    for q in govgraph.canned_queries():
        text = q.render()
        ox_ms = median_ms(lambda text=text: store.query(text), a.repeat)
        n = len(store.query(text).rows)
        signal.signal(signal.SIGALRM, too_slow)
        signal.alarm(a.cap)
        try:
            rl_ms = median_ms(lambda text=text: list(ds.query(text)), 1)
            qrows.append(f"| {q.name} | {n} | {ox_ms:.1f} | {rl_ms:.1f} | {rl_ms / ox_ms:.0f}× |")
        except TimeoutError:
            qrows.append(
                f"| {q.name} | {n} | {ox_ms:.1f} | > {a.cap * 1000} (stopped) | > {a.cap * 1000 / ox_ms:.0f}× |"
            )
        except Exception as e:  # rdflib's SPARQL engine fails on some valid queries
            qrows.append(f"| {q.name} | {n} | {ox_ms:.1f} | fails ({type(e).__name__}) | — |")
        finally:
            signal.alarm(0)
    store.close()
    out = (
        f"### Ingest and queries, {date.today().isoformat()}, {platform.machine()} {os.cpu_count()} cores, "
        f"Python {platform.python_version()}\n\n"
        f"Corpus: {len(files)} files from `{a.corpus}`.\n\n"
        "| ingest | reports | triples | wall | reports/s | store on disk |\n|---|---|---|---|---|---|\n"
        + "\n".join(lines)
        + f"\n\nCanned queries (default parameters) over {quads:,} quads, median of {a.repeat} runs "
        f"(rdflib: one run, stopped after --cap seconds). Loading the same quads into the rdflib Dataset (graph by graph, as N-Triples) took {rdflib_load:.1f} s.\n\n"
        "| query | rows | Oxigraph on disk (ms) | rdflib in memory (ms) | rdflib / Oxigraph |\n|---|---|---|---|---|\n"
        + "\n".join(qrows)
        + "\n"
    )
    emit(out, a.write)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Scale: corpora of replicated reports, ingest time, store size, peak memory, query latency.

    python benchmarks/scale.py [--sizes 1000,10000] [--baseline-at 1000] [--write docs/benchmarks.md]

THIS IS REPLICATION, NOT NEW DATA: each synthetic report is a real corpus report whose own
place name is replaced by another division's name from the GB/T 2260 table and whose years
are shifted, so the graph grows the way it would with more places and years, but the texts
say nothing new. Each size is ingested into a fresh on-disk store with all cores; then every
canned query (default parameters) is timed (median of 5) on that store, and at
``--baseline-at`` reports on an in-memory rdflib Dataset holding the same quads (stopped
after 20 s).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import signal
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import dir_size, emit, median_ms, too_slow  # noqa: E402

from govgraph.canned import canned_queries  # noqa: E402
from govgraph.divisions import division_table  # noqa: E402
from govgraph.ingest import default_jobs, ingest_files  # noqa: E402
from govgraph.read import read_report  # noqa: E402
from govgraph.store import OxigraphStore  # noqa: E402


def replicate(n: int, out: Path, corpus: Path) -> list[Path]:
    """Write n replicated reports (header kept, place and years changed) and return their paths."""
    sources = sorted(p for p in corpus.rglob("*.txt") if p.name != "README.md")
    cities = [d for d in division_table().by_code.values() if d.level == "city"]
    paths = []
    for i in range(n):
        src = sources[i % len(sources)]
        doc = read_report(src)
        text = src.read_text(encoding="utf-8")
        target = cities[(i * 7919) % len(cities)]
        shift = 1 + i // len(sources) % 20
        if doc.meta.place:
            text = text.replace(doc.meta.place, target.name)
            short = doc.meta.place.rstrip("市省区县")
            if len(short) >= 2:
                text = text.replace(short, target.short)
        text = text.replace(f"{doc.meta.year}年", f"{(doc.meta.year or 2000) + shift}年") if doc.meta.year else text
        p = out / f"rep-{i:05d}-{src.name}"
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    return paths


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--baseline-at", type=int, default=1000)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--write", type=Path, default=None)
    a = ap.parse_args()
    sizes = [int(x) for x in a.sizes.split(",")]
    queries = canned_queries()
    rows, qtimes, baseline = [], {}, {}
    for n in sizes:
        work = Path(tempfile.mkdtemp(prefix=f"gg-scale-{n}-"))
        files = replicate(n, work, a.corpus)
        store = OxigraphStore(work / "store")
        t0 = time.perf_counter()
        summary = ingest_files(files, store, jobs=default_jobs())
        wall = time.perf_counter() - t0
        peak_mb = (
            max(
                resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
            )
            / 1024
        )
        rows.append(
            f"| {n:,} | {summary.reports:,} | {summary.triples:,} | {wall:.0f} s | {summary.reports / wall:.1f} | "
            f"{dir_size(work / 'store') / 2**20:,.0f} MiB | {peak_mb:,.0f} MiB |"
        )
        for q in queries:
            text = q.render()
            qtimes.setdefault(q.name, {})[n] = median_ms(lambda text=text, store=store: store.query(text))
        if n == a.baseline_at:
            import pyoxigraph
            from rdflib import Dataset

            ds = Dataset(default_union=True)
            ds.parse(data=store._store.dump(format=pyoxigraph.RdfFormat.N_QUADS).decode("utf-8"), format="nquads")
            for q in queries:
                signal.signal(signal.SIGALRM, too_slow)
                signal.alarm(20)
                try:
                    baseline[q.name] = f"{median_ms(lambda q=q, ds=ds: list(ds.query(q.render())), 1):.0f}"
                except TimeoutError:
                    baseline[q.name] = "> 20000"
                except Exception as e:  # rdflib fails on some valid queries
                    baseline[q.name] = f"fails ({type(e).__name__})"
                finally:
                    signal.alarm(0)
            del ds
    head = " | ".join(f"{n:,} reports (ms)" for n in sizes)
    qrows = [
        f"| {name} | " + " | ".join(f"{t.get(n, float('nan')):.0f}" for n in sizes) + f" | {baseline.get(name, '—')} |"
        for name, t in qtimes.items()
    ]
    out = (
        f"### Scale (replicated corpus), {date.today().isoformat()}, {platform.machine()} {os.cpu_count()} cores\n\n"
        "**These corpora are replication:** real corpus reports re-labelled with other places and years.\n\n"
        "| size | reports | triples | ingest wall | reports/s | store on disk | peak RSS |\n|---|---|---|---|---|---|---|\n"
        + "\n".join(rows)
        + f"\n\n| query | {head} | rdflib in memory at {a.baseline_at:,} (ms) |\n|---|"
        + "---|" * (len(sizes) + 1)
        + "\n"
        + "\n".join(qrows)
        + "\n"
    )
    emit(out, a.write)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Scale: corpora of replicated reports, ingest time, store size, peak memory, query latency.

    python benchmarks/scale.py [--sizes 1000,10000] [--baseline-at 1000] [--work DIR [--reuse]] [--write docs/benchmarks.md]
                               [--add 1000] [--code DIR] [--reports DIR] [--no-queries] [--batch-mb N]

THIS IS REPLICATION, NOT NEW DATA: the corpus itself, then copies: each a real corpus report whose own
place name is replaced by another division's name from the GB/T 2260 table and whose years
are shifted, so the graph grows the way it would with more places and years, but the texts
say nothing new. Each size is ingested into a fresh on-disk store by ``govgraph ingest`` with
all cores (its own process: wall time, and peak memory summed over it and its workers, sampled each second); then every
canned query (default parameters) is timed (median of 5) on that store, and at
``--baseline-at`` reports on an in-memory rdflib Dataset holding the same quads (stopped
after 20 s).

``--add N`` then ingests N more replicas into the largest size's store (a store that already holds
reports: the batch path) and times that too. ``--code DIR`` runs the ingest of another checkout
(its ``src``), e.g. a ``git worktree`` of the base commit, for a baseline in the same run.
``--reports DIR`` takes the first reports of a folder that ``replicate`` filled before (``rep-NNNNN-*``)
instead of replicating again. Besides wall time, each ingest reports the CPU seconds of the ingest
process (the writer: receiving reports, bulk loading, the last phase) and of its extraction workers,
sampled once a second, and the writer's quads per CPU second; and it prints the writer's CPU by thread
(its main thread, RocksDB's background compactions and flushes, the bulk loader's threads) and how long
it worked alone after the workers' last CPU tick (the end of the load, the compaction, the last phase).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import dir_size, emit, median_ms, rdflib_dataset, too_slow  # noqa: E402

import govgraph  # noqa: E402

# Internal stages, used where the public API has no counterpart: replication reads a report's metadata
# (read stage), names another division (text stage) and checks the new report's id (link stage).
from govgraph.link.ids import report_id  # noqa: E402
from govgraph.read import read_report  # noqa: E402
from govgraph.text.divisions import division_table  # noqa: E402


def replicate(n: int, out: Path, corpus: Path) -> list[Path]:
    """Write n reports: the corpus, then replicas (header kept, place and years changed), each with a
    report id of its own, so that n files are n reports; return their paths."""
    sources = sorted(p for p in corpus.rglob("*.txt") if p.name != "README.md")
    places = [d for d in division_table().by_code.values() if d.level in ("city", "district", "county")]
    paths, ids = [], set()
    for i in range(n):
        src = sources[i % len(sources)]
        text = src.read_text(encoding="utf-8")
        p = out / f"rep-{i:05d}-{src.name}"
        if i >= len(sources):  # the real corpus itself first, so that default query parameters find their rows
            doc = read_report(src)
            shift = 1 + i // len(sources) % 20
            for k in range(i * 7919, i * 7919 + 50):
                replica = _relabel(text, doc.meta.place, doc.meta.year, places[k % len(places)], shift)
                p.write_text(replica, encoding="utf-8")
                rid = _report_id(p)
                if rid not in ids:
                    break
        else:
            p.write_text(text, encoding="utf-8")
            rid = _report_id(p)
        ids.add(rid)
        paths.append(p)
    return paths


def _relabel(text: str, place: str | None, year: int | None, target, shift: int) -> str:
    if place:
        text = text.replace(place, target.name)
        short = place.rstrip("市省区县")
        if len(short) >= 2:
            text = text.replace(short, target.short)
    return text.replace(f"{year}年", f"{year + shift}年") if year else text


def _report_id(path: Path) -> str:
    m = read_report(path).meta
    return report_id(m.adcode, m.year, m.genre, m.title, m.level)


@dataclass
class Run:
    """One timed ingest: wall seconds, peak MiB of the process tree, CPU seconds of the ingest process
    (writer) and of its workers (extraction), and the command's last line."""

    wall: float
    peak: float
    writer_cpu: float
    worker_cpu: float
    line: str
    threads: dict[str, float] = field(default_factory=dict)  # the writer's CPU seconds by kind of thread
    tail_wall: float = 0.0  # seconds from the workers' last CPU tick to the end: the writer alone
    tail_cpu: float = 0.0  # the writer's CPU seconds in that time

    def breakdown(self) -> str:
        """The writer's CPU by thread, and what it did after extraction ended."""
        parts = ", ".join(f"{k} {v:.0f} s" for k, v in self.threads.items())
        return (
            f"writer CPU {self.writer_cpu:.0f} s: {parts}; after the workers' last tick: "
            f"{self.tail_wall:.0f} s wall, {self.tail_cpu:.0f} writer CPU s"
        )


def _thread_kind(pid: int, tid: int) -> str:
    """The writer's threads: its main thread, RocksDB's background threads (compaction and flushes:
    ``rocksdb:low``/``rocksdb:high``), and the rest (the first load's Python thread and the threads the
    bulk loader starts to sort and write)."""
    if tid == pid:
        return "main thread"
    try:
        comm = Path(f"/proc/{pid}/task/{tid}/comm").read_text().strip()
    except OSError:
        return "loader and other threads"
    return "RocksDB background" if comm.startswith("rocksdb") else "loader and other threads"


def _ingest(files_dir: Path, store: Path, jobs: int, code: Path = ROOT, batch_mb: int | None = None) -> Run:
    """Run ``govgraph ingest`` (of the checkout ``code``; ``--batch-mb`` when given) as its own process."""
    import psutil

    cmd = [sys.executable, "-m", "govgraph", "ingest", str(files_dir), "--store", str(store), "--jobs", str(jobs)]
    if batch_mb is not None:
        cmd += ["--batch-mb", str(batch_mb)]
    t0 = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(code / "src")}  # that checkout's code, not an installed copy
    # files, not pipes: ingest writes a line per report, and a full pipe would stall it
    errors = open(store.parent / f"ingest-{store.name}.stderr", "w+")
    output = open(store.parent / f"ingest-{store.name}.stdout", "w+", encoding="utf-8")
    proc = subprocess.Popen(cmd, stdout=output, stderr=errors, text=True, cwd=code, env=env)
    root, peak = psutil.Process(proc.pid), 0
    cpu: dict[int, float] = {}  # pid -> CPU seconds when last seen
    threads: dict[int, tuple[str, float]] = {}  # the writer's threads: tid -> (kind, CPU seconds when last seen)
    workers_seen, workers_last = 0.0, (0.0, 0.0)  # workers' CPU; (wall, writer CPU) when it last grew
    while proc.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
        except psutil.Error:
            tree = []
        rss = 0
        for p in tree:
            try:
                with p.oneshot():
                    rss += p.memory_info().rss
                    t = p.cpu_times()
                    cpu[p.pid] = t.user + t.system
                    if p is root:
                        for th in p.threads():
                            kind = threads[th.id][0] if th.id in threads else _thread_kind(p.pid, th.id)
                            threads[th.id] = (kind, th.user_time + th.system_time)
            except psutil.Error:  # ended meanwhile
                continue
        peak = max(peak, rss)
        workers = sum(v for k, v in cpu.items() if k != proc.pid)
        if workers > workers_seen:
            workers_seen, workers_last = workers, (time.perf_counter() - t0, cpu.get(proc.pid, 0.0))
        time.sleep(1.0)  # sampling is not free: every 0.2 s it took about a sixth of a core
    wall = time.perf_counter() - t0
    output.seek(0)
    out = output.read().strip().splitlines()
    if proc.returncode != 0:
        raise SystemExit(f"ingest failed ({proc.returncode}): {out[-1:]}")
    writer = cpu.pop(proc.pid, 0.0)
    kinds: dict[str, float] = {}
    for kind, seconds in threads.values():
        kinds[kind] = kinds.get(kind, 0.0) + seconds
    # threads that ended between two samples lost their last second: they count with the loader's
    kinds["loader and other threads"] = writer - sum(v for k, v in kinds.items() if k != "loader and other threads")
    tail_wall, tail_cpu = wall - workers_last[0], writer - workers_last[1]
    return Run(wall, peak / 2**20, writer, sum(cpu.values()), out[-1] if out else "", kinds, tail_wall, tail_cpu)


def _triples(line: str) -> int:
    return int(line.split(" report(s), ")[1].split(" triples")[0].replace(",", "")) if " triples" in line else 0


def _row(label: str, n: int, rate: str, run: Run, store_dir: Path) -> str:
    triples = _triples(run.line)
    per_cpu = f"{triples / run.writer_cpu / 1000:,.0f}k" if run.writer_cpu else "—"
    return (
        f"| {label} | {n:,} | {rate} | {triples:,} | {triples // max(n, 1):,} | {run.wall:.0f} s | {n / run.wall:.1f} | "
        f"{run.writer_cpu:.0f} s | {run.worker_cpu:.0f} s | {per_cpu} | {dir_size(store_dir) / 2**20:,.0f} MiB | "
        f"{run.peak:,.0f} MiB |"
    )


def _fill(folder: Path, n: int, corpus: Path, reports: Path | None, skip: int = 0) -> list[Path]:
    """Put reports ``skip`` … ``skip + n`` of the replicated corpus in ``folder``: links to the files of
    ``reports`` when given (filled by ``replicate`` before), else replicated here."""
    folder.mkdir(parents=True)
    if reports is None:
        made = replicate(skip + n, folder, corpus)
        for p in made[:skip]:
            p.unlink()
        return made[skip:]
    chosen = sorted(p for p in reports.iterdir() if p.name.startswith("rep-"))[skip : skip + n]
    if len(chosen) < n:
        raise SystemExit(f"scale.py: {reports}: fewer than {skip + n} replicated reports")
    for p in chosen:
        (folder / p.name).symlink_to(p.resolve())
    return [folder / p.name for p in chosen]


def _extraction_rate(files: list[Path], sample: int = 300) -> float:
    """Reports per second for reading + extraction + triples, one core, over the first ``sample`` files:
    what one ingest worker does per report (an internal stage, hence the internal ``report_triples``)."""
    from govgraph.rdf import report_triples

    chosen = files[:sample]
    t0 = time.perf_counter()
    for f in chosen:
        report_triples(govgraph.extract_report(f))
    return len(chosen) / (time.perf_counter() - t0)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--baseline-at", type=int, default=1000)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument(
        "--work", type=Path, default=None, help="keep corpora and stores here (default: a temporary folder)"
    )
    ap.add_argument(
        "--reuse", action="store_true", help="time queries on stores already in --work instead of ingesting again"
    )
    ap.add_argument("--write", type=Path, default=None)
    ap.add_argument("--add", type=int, default=0, help="then add this many more reports to the largest store")
    ap.add_argument("--code", type=Path, default=ROOT, help="the checkout whose ingest runs (default: this one)")
    ap.add_argument("--reports", type=Path, default=None, help="a folder of reports replicate() filled before")
    ap.add_argument("--no-queries", action="store_true", help="time ingest only")
    ap.add_argument("--batch-mb", type=int, default=None, help="ingest's --batch-mb (default: ingest's own)")
    a = ap.parse_args()
    if not any(a.corpus.rglob("*.txt")):
        sys.exit(f"scale.py: {a.corpus}: no corpus reports (*.txt) to replicate; pass --corpus DIR")
    sizes = [int(x) for x in a.sizes.split(",")]
    queries = govgraph.canned_queries()
    jobs = govgraph.default_jobs()
    rows: list[str] = []
    qtimes: dict[str, dict[int, float]] = {}
    baseline: dict[str, str] = {}
    base = a.work or Path(tempfile.mkdtemp(prefix="gg-scale-"))
    load = os.getloadavg()[0]
    code = a.code.resolve()
    label = subprocess.run(["git", "-C", str(code), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    label = (label.stdout.strip() or code.name) + (f", --batch-mb {a.batch_mb}" if a.batch_mb else "")
    print(
        "REPLICATION: every report below is a real corpus report re-labelled with another place and years.", flush=True
    )
    for n in sizes:
        work = base / str(n)
        store_dir = work / "store"
        if a.reuse and store_dir.is_dir():
            print(f"{n:,}: reusing {store_dir} (ingest not timed)", flush=True)
            rows.append(
                f"| {label} | {n:,} | (reused store) | | | | | | | | {dir_size(store_dir) / 2**20:,.0f} MiB | |"
            )
        else:
            shutil.rmtree(work, ignore_errors=True)
            files = _fill(work / "reports", n, a.corpus, a.reports)
            rate = _extraction_rate(files)
            run = _ingest(work / "reports", store_dir, jobs, code, a.batch_mb)
            print(f"{n:,}: {run.line}; {run.wall:.0f} s, peak {run.peak:,.0f} MiB; {run.breakdown()}", flush=True)
            rows.append(_row(label, n, f"{rate:.0f}", run, store_dir))
        if a.add and n == max(sizes):
            added = _fill(work / "added", a.add, a.corpus, a.reports, skip=n)
            before = dir_size(store_dir)
            run = _ingest(work / "added", store_dir, jobs, code, a.batch_mb)
            print(
                f"+{len(added):,} to {n:,}: {run.line}; {run.wall:.0f} s, peak {run.peak:,.0f} MiB; {run.breakdown()}",
                flush=True,
            )
            rows.append(
                _row(f"{label}, adding to {n:,}", a.add, "", run, store_dir) + f" (was {before / 2**20:,.0f} MiB)"
            )
        if a.no_queries:
            continue
        store = govgraph.open_store(store_dir)  # read-only, as queries are answered
        for q in queries:
            text = q.render()
            qtimes.setdefault(q.name, {})[n] = median_ms(lambda text=text, store=store: store.query(text))
            print(f"  {q.name}: {qtimes[q.name][n]:.0f} ms", flush=True)
        if n == a.baseline_at:
            baseline = _rdflib_baseline(store, queries)
        store.close()
    head = " | ".join(f"{n:,} reports (ms)" for n in sizes)
    qrows = [
        f"| {name} | " + " | ".join(f"{t.get(n, float('nan')):.0f}" for n in sizes) + f" | {baseline.get(name, '—')} |"
        for name, t in qtimes.items()
    ]
    out = (
        f"### Scale (replicated corpus), {date.today().isoformat()}, {platform.machine()} {os.cpu_count()} cores, "
        f"ingest --jobs {jobs}, load average {load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end\n\n"
        "**These corpora are replication:** real corpus reports re-labelled with other places and years.\n\n"
        "| code | reports | extraction (reports/s, 1 core) | triples | per report | ingest wall | reports/s | "
        "CPU, ingest process (writer) | CPU, workers (extraction) | writer: triples per CPU s | store on disk | "
        "peak memory (ingest, all processes) |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n"
        + "\n".join(rows)
        + "\n"
    )
    if qtimes:
        out += (
            f"\n| query | {head} | rdflib in memory at {a.baseline_at:,} (ms) |\n|---|"
            + "---|" * (len(sizes) + 1)
            + "\n"
            + "\n".join(qrows)
            + "\n"
        )
    emit(out, a.write)
    return 0


def _rdflib_baseline(store: govgraph.TripleStore, queries: list) -> dict[str, str]:
    """Every canned query on an in-memory rdflib Dataset holding the same quads, stopped after 20 s."""
    ds = rdflib_dataset(store)
    out = {}
    for q in queries:
        signal.signal(signal.SIGALRM, too_slow)
        signal.alarm(20)
        try:
            out[q.name] = f"{median_ms(lambda q=q, ds=ds: list(ds.query(q.render())), 1):.0f}"
        except TimeoutError:
            out[q.name] = "> 20000"
        except Exception as e:  # rdflib fails on some valid queries
            out[q.name] = f"fails ({type(e).__name__})"
        finally:
            signal.alarm(0)
        print(f"  rdflib {q.name}: {out[q.name]}", flush=True)
    return out


if __name__ == "__main__":
    sys.exit(main())

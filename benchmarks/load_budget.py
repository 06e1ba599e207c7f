"""What a first load costs against the quads it loads: the store writer alone, on a real store's quads.

    PYTHONPATH=src python benchmarks/load_budget.py STORE.nq [--drop NAME ...] [--work DIR]

``STORE.nq`` is a store exported whole (``govgraph export --format nquads``), e.g. the 10,000
replicated reports of ``benchmarks/scale.py``. Each ``--drop`` names a part of the report graphs to
leave out (see ``PARTS``); the rest is loaded the way ``govgraph ingest`` loads an empty store
(``store.first_load``: bulk-load calls of 256 MiB of N-Quads into one new store, then one compaction),
and the script prints the quads loaded, the CPU seconds of the process (every thread: the bulk loader's
and RocksDB's compactions) for the load and for the compaction, the wall time and the store's size.
Nothing is extracted: this is the writer's share of an ingest, for a model with fewer quads a report,
so the quad budget a floor needs can be read off before the model is changed (docs/decisions.md,
"Fewer quads a report").
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import dir_size  # noqa: E402

from govgraph.store.first_load import CHUNK_BYTES  # noqa: E402
from govgraph.store.oxigraph import open_store  # noqa: E402

_OBS_KEPT = (
    b"#type>", b"#dataSet>", b"obsValue>", b"#measureConcept>", b"unitMeasure>", b"refPeriod>", b"#start>", b"#end>",
    b"#wasDerivedFrom>", b"#status>",
)  # fmt: skip


def _obs_extra(line: bytes) -> bool:
    """A statement of a figure beyond the ten a figure needs (type, data set, value, measure concept, unit,
    period, start, end, section, status): the measure words and unit as literals, the area (always the
    report's), the qualifier, the ordinal, the indicator beside the measure concept, the change."""
    s, p = line.split(b" ", 2)[:2]
    return b"/obs/" in s and not p.endswith(_OBS_KEPT)


PARTS: dict[str, Callable[[bytes], bool]] = {
    "mentions": lambda line: b"/mention/" in line.split(b" ", 1)[0],
    "motivation": lambda line: b"/ns/oa#motivatedBy>" in line,
    "observation-extras": _obs_extra,
    "observations": lambda line: b"/obs/" in line.split(b" ", 1)[0],
    "adoptions": lambda line: b"/adoption/" in line.split(b" ", 1)[0],
}
"""Parts of the report graphs that ``--drop`` can leave out, by what a statement's subject or predicate is."""


def _chunks(path: Path, drop: list[Callable[[bytes], bool]], kept: list[int]) -> Iterator[bytes]:
    """The file's statements that no ``drop`` rule takes, in chunks of about CHUNK_BYTES; ``kept[0]``
    counts them."""
    out: list[bytes] = []
    size = 0
    with path.open("rb") as f:
        for line in f:
            if any(rule(line) for rule in drop):
                continue
            out.append(line)
            size += len(line)
            kept[0] += 1
            if size >= CHUNK_BYTES:
                yield b"".join(out)
                out, size = [], 0
    if out:
        yield b"".join(out)


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("nquads", type=Path)
    ap.add_argument("--drop", action="append", default=[], choices=sorted(PARTS))
    ap.add_argument("--work", type=Path, default=None, help="where the store is made (default: a temporary folder)")
    a = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="gg-load-", dir=a.work))
    rules = [PARTS[name] for name in a.drop]
    kept = [0]
    # the filtering is timed apart: it is this script's work, not the writer's
    chunks, filter_cpu, load_cpu, calls = _chunks(a.nquads, rules, kept), 0.0, 0.0, 0
    t0 = time.perf_counter()
    store = open_store(work / "store", write=True)
    while True:
        c0 = _cpu()
        chunk = next(chunks, None)
        c1 = _cpu()
        filter_cpu += c1 - c0
        if chunk is None:
            break
        store.bulk_load(chunk)
        load_cpu += _cpu() - c1
        calls += 1
    store.flush()
    loaded = time.perf_counter() - t0
    c0 = _cpu()
    store.compact()
    compact_cpu = _cpu() - c0
    wall = time.perf_counter() - t0
    quads = store.quad_count()
    store.close()
    size = dir_size(work / "store")
    shutil.rmtree(work, ignore_errors=True)
    print(
        f"| {', '.join(a.drop) or '(nothing)'} | {kept[0]:,} | {quads:,} | {calls} | {load_cpu:.0f} s | "
        f"{compact_cpu:.0f} s | {load_cpu + compact_cpu:.0f} s | {wall:.0f} s ({loaded:.0f} s loading) | "
        f"{size / 2**20:,.0f} MiB |  (filter {filter_cpu:.0f} CPU s, not counted; {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f})",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Extraction throughput: reports per second, extraction alone, one process, one core.

    python benchmarks/extract.py [--corpus ../shared/corpus] [--repeat 5] [--write docs/benchmarks.md]

Reads every report once (reading is not timed), then times ``extract`` over the
whole corpus ``--repeat`` times and reports the best run. The floor of issue 2
is 50 reports/s on reports of the Haikou report's size (about 5,400 characters),
so reports are grouped by size: Haikou-sized (≤ 8,000 characters) and larger.
In the same run it times a baseline, a plain regex pass for numbers with units
over the same texts, so that figures from different (noisy) machines can be
compared as a ratio.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import emit  # noqa: E402

import govgraph  # noqa: E402
from govgraph.read import read_report  # noqa: E402  (the read stage: reading is not timed)

extract = govgraph.extract_report  # given a Document already read, it runs every stage after reading

NAIVE = re.compile(r"\d+(?:\.\d+)?(?:万|亿)?(?:件|宗|项|个|名|人次|人|次|%|元|万元|亿元)")


def _time(fn, items, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for it in items:
            fn(it)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--write", type=Path, default=None, help="append the table to this Markdown file")
    a = ap.parse_args()
    files = sorted(a.corpus.rglob("*.txt")) if a.corpus.is_dir() else []
    files = [f for f in files if f.name != "README.md"] or [ROOT / "data" / "reports" / "haikou-2022-fazhi.txt"]
    docs = [read_report(f) for f in files]
    extract(docs[0])  # warm the division table and the automaton once
    small = [d for d in docs if len(d.text) <= 8000]
    large = [d for d in docs if len(d.text) > 8000]
    haikou = [d for d in docs if "haikou-2022-fazhi" in d.path] or docs[:1]
    rows = []
    for label, group in (
        ("Haikou 2022 report alone", haikou),
        ("reports ≤ 8,000 chars", small),
        ("reports > 8,000 chars", large),
        ("whole corpus", docs),
    ):
        if not group:
            continue
        t = _time(extract, group, a.repeat)
        base = _time(lambda d: NAIVE.findall(d.text), group, a.repeat)
        chars = sum(len(d.text) for d in group)
        rows.append((label, len(group), chars / len(group), len(group) / t, chars / t / 1e6, t / base))
    per_report = [(_time(extract, [d], 3), d) for d in docs]
    slowest = max(per_report, key=lambda p: p[0])
    head = (
        f"### Extraction, {date.today().isoformat()}, {platform.machine()} {os.cpu_count()} cores, Python "
        f"{platform.python_version()}\n\n| reports | n | mean chars | reports/s | MB/s | × naive regex baseline |\n"
        "|---|---|---|---|---|---|\n"
    )
    body = "".join(f"| {r[0]} | {r[1]} | {r[2]:,.0f} | {r[3]:,.1f} | {r[4]:.2f} | {r[5]:,.0f} |\n" for r in rows)
    tail = (
        f"\nSlowest single report: {Path(slowest[1].path).name} ({len(slowest[1].text):,} chars) in "
        f"{slowest[0] * 1000:.0f} ms; median {statistics.median(p[0] for p in per_report) * 1000:.1f} ms.\n"
    )
    out = head + body + tail
    emit(out, a.write)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Extraction throughput: reports per second, extraction alone, one process, one core.

    python benchmarks/extract.py [--corpus ../shared/corpus] [--repeat 5] [--against REV] [--cold] [--write docs/benchmarks.md]

Reads every report once (reading is not timed), then times ``extract`` over the
whole corpus ``--repeat`` times and reports the best run, in CPU time of the
process (``time.process_time``: steadier than wall time on a shared machine) and
in wall time. Issue 14 asks for 300 reports/s a core on reports of the Haikou
report's size (about 5,400 characters) and 2 MB/s over the corpus (MB here is a
million characters), so reports are grouped by size: Haikou-sized (≤ 8,000
characters) and larger.

Two baselines are timed in the same run, so that figures from different (noisy)
machines can be compared as ratios: a plain regex pass for numbers with units over
the same texts, and, with ``--against REV``, the extractor of an earlier commit of
this repository (its ``src`` exported with ``git archive`` and timed by this script
in a child process, on the same texts).

Runs repeat the same texts, so memos of results for one string (names, titles, phrases: ``lru_cache``
with room for more than one entry) answer from the second run on. ``--cold`` empties them before
every report, as for a report never seen before; tables loaded once a process stay loaded.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAIVE = re.compile(r"\d+(?:\.\d+)?(?:万|亿)?(?:件|宗|项|个|名|人次|人|次|%|元|万元|亿元)")
GROUPS = ("Haikou 2022 report alone", "reports ≤ 8,000 chars", "reports > 8,000 chars", "whole corpus")
HAIKOU_TIMES = 20
"""The Haikou report is timed this many times a run (n in its row): one cold extraction takes about 3 ms, and the
best of a few such single timings on a shared machine is mostly noise."""


def _time(fn, items, repeat: int) -> tuple[float, float]:
    """The best CPU time and the best wall time of ``repeat`` runs of ``fn`` over ``items``."""
    cpu = wall = float("inf")
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        for it in items:
            fn(it)
        cpu, wall = min(cpu, time.process_time() - c0), min(wall, time.perf_counter() - w0)
    return cpu, wall


def _memo_clearer() -> Callable[[], None]:
    """A function that empties the extractor's memos of results for one string (``lru_cache`` with room
    for more than one entry: names, titles, phrases) and the division table's last text, so that every
    report is extracted as if none had been before; tables loaded once a process stay loaded."""
    from _common import memos

    import govgraph.text.divisions as divisions

    found = memos(mod for name, mod in list(sys.modules.items()) if name.startswith("govgraph.") and mod is not None)
    table = divisions.division_table()

    def clear() -> None:
        for memo in found:
            memo.cache_clear()
        if hasattr(table, "_last"):
            table._last = None

    return clear


def measure(src: Path, corpus: Path, repeat: int, cold: bool = False) -> dict:
    """Time the extractor found under ``src`` over the corpus: per group, CPU and wall seconds."""
    sys.path.insert(0, str(src))
    import govgraph
    from govgraph.read import read_report  # reading is not timed

    extract = govgraph.extract_report  # given a Document already read, it runs every stage after reading
    files = sorted(corpus.rglob("*.txt")) if corpus.is_dir() else []
    files = [f for f in files if f.name != "README.md"] or [ROOT / "data" / "reports" / "haikou-2022-fazhi.txt"]
    docs = [read_report(f) for f in files]
    extract(docs[0])  # warm the division table and the automata once
    if cold:  # every report as if it were the first: its names, titles and phrases not remembered
        clear, warm = _memo_clearer(), extract

        def extract(doc):  # type: ignore[no-redef]
            clear()
            return warm(doc)

    groups = dict(
        zip(
            GROUPS,
            (
                ([d for d in docs if "haikou-2022-fazhi" in d.path] or docs[:1]) * HAIKOU_TIMES,
                [d for d in docs if len(d.text) <= 8000],
                [d for d in docs if len(d.text) > 8000],
                docs,
            ),
            strict=True,
        )
    )
    from _common import extraction_mode

    out: dict = {"groups": {}, "mode": extraction_mode()}
    for label, group in groups.items():
        if not group:
            continue
        cpu, wall = _time(extract, group, repeat)
        naive, _ = _time(lambda d: NAIVE.findall(d.text), group, repeat)
        chars = sum(len(d.text) for d in group)
        out["groups"][label] = {"n": len(group), "chars": chars, "cpu": cpu, "wall": wall, "naive": naive}
    per_report = [(_time(extract, [d], 3)[0], d) for d in docs]
    slowest = max(per_report, key=lambda p: p[0])
    out["slowest"] = (Path(slowest[1].path).name, len(slowest[1].text), slowest[0])
    out["median"] = statistics.median(p[0] for p in per_report)
    return out


def _baseline(rev: str, corpus: Path, repeat: int, cold: bool) -> tuple[str, dict]:
    """The same measurement for the tree of commit ``rev``, in a child process."""
    from _common import run_at_commit

    args = ["--corpus", str(corpus), "--repeat", str(repeat), "--json", *(["--cold"] if cold else [])]
    commit, out = run_at_commit(rev, __file__, args)
    return commit, json.loads(out)


def table(now: dict, base: tuple[str, dict] | None, cold: bool = False) -> str:
    """The Markdown table of one run."""
    head = (
        f"### Extraction, {date.today().isoformat()}, {platform.machine()} {os.cpu_count()} cores, Python "
        f"{platform.python_version()}{', memos emptied before each report (--cold)' if cold else ''}; "
        f"extraction {now.get('mode', '?')}"
        + (f", baseline {base[0]}: {base[1].get('mode', 'Python sources')}" if base else "")
        + "\n\n"
    )
    cols = "| reports | n | mean chars | reports/s (CPU) | MB/s (CPU) | reports/s (wall) | × naive regex (CPU) |"
    line = "|---|---|---|---|---|---|---|"
    if base:
        cols += f" baseline {base[0]} reports/s (CPU) | baseline MB/s (CPU) | speed-up (CPU) |"
        line += "---|---|---|"
    rows = []
    for label, g in now["groups"].items():
        row = (
            f"| {label} | {g['n']} | {g['chars'] / g['n']:,.0f} | {g['n'] / g['cpu']:,.1f} | "
            f"{g['chars'] / g['cpu'] / 1e6:.2f} | {g['n'] / g['wall']:,.1f} | {g['cpu'] / g['naive']:,.0f} |"
        )
        if base and label in base[1]["groups"]:
            b = base[1]["groups"][label]
            row += f" {b['n'] / b['cpu']:,.1f} | {b['chars'] / b['cpu'] / 1e6:.2f} | {b['cpu'] / g['cpu']:.2f}× |"
        rows.append(row)
    name, chars, secs = now["slowest"]
    tail = (
        f"\nSlowest single report: {name} ({chars:,} chars) in {secs * 1000:.0f} ms CPU; "
        f"median {now['median'] * 1000:.1f} ms."
    )
    if base:
        tail += f" Baseline {base[0]}: slowest {base[1]['slowest'][2] * 1000:.0f} ms, median {base[1]['median'] * 1000:.1f} ms."
    return head + cols + "\n" + line + "\n" + "\n".join(rows) + "\n" + tail + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--against", metavar="REV", default=None, help="also time the extractor of this commit")
    ap.add_argument("--src", type=Path, default=ROOT / "src", help=argparse.SUPPRESS)
    ap.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--write", type=Path, default=None, help="append the table to this Markdown file")
    ap.add_argument("--cold", action="store_true", help="empty the extractor's memos before each report")
    a = ap.parse_args()
    base = _baseline(a.against, a.corpus, a.repeat, a.cold) if a.against else None
    now = measure(a.src, a.corpus, a.repeat, a.cold)
    if a.json:
        print(json.dumps(now))
        return 0
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _common import emit

    emit(table(now, base, a.cold), a.write)
    return 0


if __name__ == "__main__":
    sys.exit(main())

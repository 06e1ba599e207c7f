"""Every canned query on one store, this code's text against the text of an earlier commit, in the same run.

    python benchmarks/queries.py --store DIR [--baseline-src OLD/src] [--repeat 5] [--write docs/benchmarks.md]

Each query (default parameters) runs ``--repeat`` times, this code's text and the baseline's text
alternately on the same read-only store handle, so that both see the same machine; the median of the
wall time and of the CPU time of the querying thread (Oxigraph evaluates a query in the thread that
reads its rows, so on a machine shared with other work the CPU time is the steadier figure) is
reported, with the rows: the two texts must give the same rows (compared as sorted lists of their
cells), or the table says they differ. The baseline texts are read from ``--baseline-src`` (a
``git worktree`` or ``git archive`` of the commit before, its ``src/``) and rendered by this code.
"""

from __future__ import annotations

import argparse
import os
import platform
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
from govgraph.query.canned import _PARAM, CannedQuery, Param  # noqa: E402  (the baseline's texts, parsed alike)
from govgraph.vocab import PREFIXES  # noqa: E402


def baseline_queries(src: Path) -> dict[str, CannedQuery]:
    """The canned queries as the sources in ``src`` have them, parsed and rendered by this code."""
    header = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())  # as govgraph.vocab.sparql puts it
    out = {}
    for path in sorted((src / "govgraph" / "vocab" / "sparql" / "canned").glob("*.rq")):
        lines = path.read_text(encoding="utf-8").splitlines()
        title = next((ln.split(":", 1)[1].strip() for ln in lines if ln.startswith("# title:")), path.stem)
        params = tuple(Param(m[1], m[2], m[3], m[4].strip()) for m in (_PARAM.match(ln) for ln in lines) if m)
        out[path.stem] = CannedQuery(path.stem, title, params, header + "\n".join(lines) + "\n")
    return out


def timed(store: govgraph.TripleStore, text: str) -> tuple[float, float, list[tuple[str | None, ...]]]:
    """(wall ms, CPU ms of this thread, rows in the order given) of one run of ``text``."""
    t0, c0 = time.perf_counter(), time.thread_time()
    result = store.query(text)
    wall, cpu = (time.perf_counter() - t0) * 1000, (time.thread_time() - c0) * 1000
    return wall, cpu, list(map(tuple, result.texts))


def compared(before: list[tuple[str | None, ...]], now: list[tuple[str | None, ...]]) -> str:
    """ "same" (rows and their order), "same rows" (in another order: ties of the ORDER BY), or "DIFFER"."""
    if before == now:
        return "same"
    return "same rows" if sorted(before, key=repr) == sorted(now, key=repr) else "DIFFER"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", type=Path, required=True)
    ap.add_argument("--baseline-src", type=Path, default=None)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--only", default="", help="comma-separated query names (default: all)")
    ap.add_argument("--write", type=Path, default=None)
    a = ap.parse_args()
    now = {q.name: q for q in govgraph.canned_queries()}
    before = baseline_queries(a.baseline_src) if a.baseline_src else {}
    names = [n for n in now if not a.only or n in a.only.split(",")]
    rows = []
    with govgraph.open_store(a.store) as store:
        reports = len(store.report_graphs())
        load = os.getloadavg()[0]
        for name in names:
            texts = {"now": now[name].render()}
            if name in before:
                texts["before"] = before[name].render()
            runs: dict[str, list[tuple[float, float]]] = {k: [] for k in texts}
            answers: dict[str, list] = {}
            for _ in range(a.repeat):
                for k, text in texts.items():
                    wall, cpu, answers[k] = timed(store, text)
                    runs[k].append((wall, cpu))
            med = {k: (statistics.median(w for w, _ in r), statistics.median(c for _, c in r)) for k, r in runs.items()}
            same = compared(answers["before"], answers["now"]) if "before" in answers else ""
            b = med.get("before")
            rows.append(
                f"| {name} | {len(answers['now']):,} | {med['now'][0]:.0f} | {med['now'][1]:.0f} | "
                + (f"{b[0]:.0f} | {b[1]:.0f} | {same} |" if b else "— | — | |")
            )
            print(rows[-1], flush=True)
        load = (load + os.getloadavg()[0]) / 2
    out = (
        f"### Canned queries, {date.today().isoformat()}, {platform.machine()} {os.cpu_count()} cores, "
        f"load average about {load:.0f}\n\n"
        f"`python benchmarks/queries.py --store … --repeat {a.repeat}"
        f"{' --baseline-src …' if a.baseline_src else ''}`: {reports:,} reports, default parameters, median of "
        f"{a.repeat}, this code's text and the baseline's alternately on one store handle; CPU is the querying "
        "thread's.\n\n"
        "| query | rows | wall (ms) | CPU (ms) | baseline wall (ms) | baseline CPU (ms) | rows vs baseline |\n"
        "|---|---|---|---|---|---|---|\n" + "\n".join(rows) + "\n"
    )
    emit(out, a.write)
    return 0


if __name__ == "__main__":
    sys.exit(main())

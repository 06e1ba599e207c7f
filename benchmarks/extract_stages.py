"""Where extraction's time goes: CPU milliseconds a report by stage, for this tree and an earlier commit.

    python benchmarks/extract_stages.py [--corpus ../shared/corpus] [--repeat 3] [--haikou-runs 20] [--against REV]

Each stage function is wrapped (in the module that calls it) with ``time.process_time``; a stage's
time is its own, without the stages it calls (resolve's figure checks and indicator look-ups are
stages of their own). "everything else" is a whole extraction's time less the stages'. The Haikou
report is extracted ``--haikou-runs`` times, then every corpus report once; the best of
``--repeat`` such runs is kept per stage. With ``--against REV`` that commit's tree (exported with
``git archive``) is measured the same way in a child process in the same run, and both are shown
side by side. Each wrapped call costs two clock readings (about 1 µs): indicators, called once an
observation, carry about 0.1 ms a report of it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

# (label, module, attribute): the name a stage is called by, in the module that calls it
STAGES = (
    ("observations", "govgraph.extract", "find_observations"),
    ("resolve: entities and the rest", "govgraph.pipeline", "resolve"),
    ("resolve: indicators", "govgraph.resolve.entities", "indicator_for"),
    ("resolve: figure checks", "govgraph.resolve.entities", "check_report"),
    ("agencies", "govgraph.extract", "find_agencies"),
    ("reforms", "govgraph.extract", "find_reforms"),
    ("Traditional-script check (OpenCC)", "govgraph.pipeline", "to_simplified"),
    ("documents", "govgraph.extract", "find_documents"),
    ("places", "govgraph.extract", "find_places"),
    ("sections", "govgraph.pipeline", "split_sections"),
    ("relations and ids", "govgraph.pipeline", "relations"),
    ("relations and ids", "govgraph.pipeline", "report_id"),
)
OTHER, TOTAL = "everything else", "total"


class _Clock:
    """Exclusive CPU time by stage label: a wrapped call's time less that of the wrapped calls inside it."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = {}
        self._inner: list[float] = []

    def wrap(self, label: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            self._inner.append(0.0)
            t0 = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                took = time.process_time() - t0
                inner = self._inner.pop()
                self.spent[label] = self.spent.get(label, 0.0) + took - inner
                if self._inner:
                    self._inner[-1] += took

        return timed


def measure(src: Path, corpus: Path, repeat: int, haikou_runs: int) -> dict[str, dict[str, float]]:
    """Per stage, the best (over ``repeat`` runs) CPU ms a report, for the Haikou report and the corpus mean."""
    sys.path.insert(0, str(src))
    import importlib

    import govgraph
    from govgraph.read import read_report

    clock = _Clock()
    for label, module, attr in STAGES:
        mod = importlib.import_module(module)
        setattr(mod, attr, clock.wrap(label, getattr(mod, attr)))
    extract = govgraph.extract_report
    files = sorted(f for f in corpus.rglob("*.txt")) if corpus.is_dir() else []
    docs = [read_report(f) for f in files]
    haikou = read_report(ROOT / "data" / "reports" / "haikou-2022-fazhi.txt")
    extract(haikou)  # warm the division table and the automata once
    groups = {"haikou": [haikou] * haikou_runs, "corpus": docs}
    out: dict[str, dict[str, float]] = {}
    for name, group in groups.items():
        if not group:
            continue
        best: dict[str, float] = {}
        for _ in range(repeat):
            clock.spent = {}
            t0 = time.process_time()
            for d in group:
                extract(d)
            total = time.process_time() - t0
            run = {k: v * 1000 / len(group) for k, v in clock.spent.items()}
            run[OTHER] = (total - sum(clock.spent.values())) * 1000 / len(group)
            run[TOTAL] = total * 1000 / len(group)
            for k, v in run.items():
                best[k] = min(best.get(k, v), v)
        out[name] = best
    return out


def _baseline(rev: str, a: argparse.Namespace) -> tuple[str, dict[str, dict[str, float]]]:
    from _common import run_at_commit

    args = ["--corpus", str(a.corpus), "--repeat", str(a.repeat), "--haikou-runs", str(a.haikou_runs), "--json"]
    commit, out = run_at_commit(rev, __file__, args)
    return commit, json.loads(out)


def table(now: dict[str, dict[str, float]], base: tuple[str, dict[str, dict[str, float]]] | None) -> str:
    """A Markdown table: a row a stage, columns Haikou and corpus mean (the baseline's beside each)."""
    labels = list(dict.fromkeys(label for label, _, _ in STAGES)) + [OTHER, TOTAL]
    cols, line = ["stage"], ["---"]
    for title in ("Haikou", "corpus mean"):
        if base:
            cols.append(f"{title}, {base[0]}")
        cols.append(f"{title}, this tree")
    line += ["---"] * (len(cols) - 1)
    rows = []
    for label in labels:
        cells = [f"**{label}**" if label == TOTAL else label]
        for group in ("haikou", "corpus"):
            if base:
                cells.append(f"{base[1].get(group, {}).get(label, 0.0):.2f}")
            cells.append(f"{now.get(group, {}).get(label, 0.0):.2f}")
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(["| " + " | ".join(cols) + " |", "|" + "|".join(line) + "|", *rows])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--haikou-runs", type=int, default=20)
    ap.add_argument("--against", metavar="REV", default=None, help="also measure the tree of this commit")
    ap.add_argument("--src", type=Path, default=ROOT / "src", help=argparse.SUPPRESS)
    ap.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    base = _baseline(a.against, a) if a.against else None
    now = measure(a.src, a.corpus, a.repeat, a.haikou_runs)
    if a.json:
        print(json.dumps(now))
        return 0
    print(table(now, base))
    return 0


if __name__ == "__main__":
    sys.exit(main())

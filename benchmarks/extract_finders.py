"""CPU time of the agencies, places, documents and reforms finders alone, with their caches kept or emptied.

    python benchmarks/extract_finders.py [--corpus ../shared/corpus] [--repeat 7] [--haikou-runs 20]
                                         [--cold] [--against REV]

Every report is extracted once to record the arguments that ``find_all`` gives the four finders
(text, report context, the spans already claimed); then only the finders are timed with
``time.process_time``, report by report in extraction order, the Haikou
report ``--haikou-runs`` times and every corpus report once, best of ``--repeat`` runs. The finders
memoise pure functions of a name or a title (``functools.lru_cache``), whose caches live as long as
the process: in a run over the corpus a hit is a name another report used before, as in an ingest.
With ``--cold`` every such cache of the extract modules (all but the one-entry caches that build an
automaton once) is emptied before each report, as for a report never seen before. With ``--against
REV`` that commit's tree is measured the same way in a child process in the same run.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FINDERS = ("find_documents", "find_agencies", "find_places", "find_reforms")


def measure(src: Path, corpus: Path, repeat: int, haikou_runs: int, cold: bool) -> dict[str, dict[str, float]]:
    """Per finder, the best CPU ms a report, for the Haikou report and the corpus mean."""
    sys.path.insert(0, str(src))
    import importlib

    from _common import memos

    import govgraph
    import govgraph.extract as ex
    from govgraph.read import read_report
    from govgraph.text.divisions import division_table

    calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []
    real = {name: getattr(ex, name) for name in FINDERS}

    def recorder(name: str) -> Any:
        def record(*args: Any, **kwargs: Any) -> Any:
            calls.append((name, args, kwargs))
            return real[name](*args, **kwargs)

        return record

    for name in FINDERS:
        setattr(ex, name, recorder(name))
    files = sorted(corpus.rglob("*.txt")) if corpus.is_dir() else []
    reports = [read_report(ROOT / "data" / "reports" / "haikou-2022-fazhi.txt"), *(read_report(f) for f in files)]
    groups = []
    for report in reports:
        calls.clear()
        govgraph.extract_report(report)
        groups.append([c for c in calls])
    for name in FINDERS:
        setattr(ex, name, real[name])
    modules = [importlib.import_module(f"govgraph.extract.{m}") for m in ("agencies", "places", "documents", "reforms")]
    caches = memos(modules) if cold else []
    out: dict[str, dict[str, float]] = {}
    for label, group in (("haikou", groups[:1] * haikou_runs), ("corpus", groups[1:])):
        if not group:
            continue
        best: dict[str, float] = {}
        for _ in range(repeat):
            spent = dict.fromkeys(FINDERS, 0.0)
            for one in group:
                division_table()._last = None  # each report's text is new to the division-name pass
                for cache in caches:
                    cache.cache_clear()
                for name, args, kwargs in one:
                    t0 = time.process_time()
                    real[name](*args, **kwargs)
                    spent[name] += time.process_time() - t0
            for name, v in spent.items():
                ms = v * 1000 / len(group)
                best[name] = min(best.get(name, ms), ms)
        out[label] = best
    return out


def table(now: dict[str, dict[str, float]], base: tuple[str, dict[str, dict[str, float]]] | None) -> str:
    """A Markdown table: a row a finder and their sum, columns Haikou and corpus mean (the baseline's beside each)."""
    cols = ["finder"]
    for title in ("Haikou", "corpus mean"):
        cols += ([f"{title}, {base[0]}"] if base else []) + [f"{title}, this tree"]
    rows = ["| " + " | ".join(cols) + " |", "|" + "|".join(["---"] * len(cols)) + "|"]
    for name in (*FINDERS, "sum"):
        cells = [name.removeprefix("find_")]
        for group in ("haikou", "corpus"):
            for result in ([base[1]] if base else []) + [now]:
                values = result.get(group, {})
                v = sum(values.values()) if name == "sum" else values.get(name, 0.0)
                cells.append(f"{v:.2f}")
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--haikou-runs", type=int, default=20)
    ap.add_argument("--cold", action="store_true", help="empty the finders' memo caches before each report")
    ap.add_argument("--against", metavar="REV", default=None, help="also measure the tree of this commit")
    ap.add_argument("--src", type=Path, default=ROOT / "src", help=argparse.SUPPRESS)
    ap.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    base = None
    if a.against:
        from _common import run_at_commit

        args = ["--corpus", str(a.corpus), "--repeat", str(a.repeat), "--haikou-runs", str(a.haikou_runs), "--json"]
        commit, text = run_at_commit(a.against, __file__, [*args, *(["--cold"] if a.cold else [])])
        base = (commit, json.loads(text))
    now = measure(a.src, a.corpus, a.repeat, a.haikou_runs, a.cold)
    print(json.dumps(now) if a.json else table(now, base))
    return 0


if __name__ == "__main__":
    sys.exit(main())

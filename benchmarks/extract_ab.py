"""Observations and resolve alone, with their per-text caches empty: CPU ms a report, for this tree and a commit.

    python benchmarks/extract_ab.py [--corpus ../shared/corpus] [--repeat 7] [--against REV]
    valgrind --tool=callgrind python benchmarks/extract_ab.py --stage observations --passes N [--haikou-only]

Each report (the bundled Haikou report, then every corpus report) is extracted once to capture what
``find_observations`` and ``resolve`` are given; then each stage is run over those inputs alone. Before every
pass the caches that hold results for one text or one measure (``maxsize`` above one: the sentence before a
figure, the indicator of a measure) are emptied, so a pass costs what a report read for the first time costs;
a cache kept across the reports of one pass (as across the reports an ingest worker is handed) stays. The
Haikou report is run 20 times a pass, each time with empty caches; the best of ``--repeat`` passes is kept.
With ``--against REV`` the same is measured on that commit's tree and on this one, each in a child process,
in the order commit, this, commit, this, and each side's best kept: under load, both then see the same machine.

``--passes N`` runs a stage N times and prints nothing: run it under ``valgrind --tool=callgrind`` with two values
of N and divide the difference of the instruction counts by the difference of N (instruction counts do not
depend on the machine's load).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
HAIKOU_RUNS = 20


def _capture(corpus: Path | None, haikou_only: bool) -> tuple[list[Any], list[Any]]:
    """What find_observations and resolve are given, for the Haikou report and then every corpus report."""
    from govgraph import extract, pipeline
    from govgraph.read import read_report

    found: list[Any] = []
    resolved: list[Any] = []
    obs, res = extract.find_observations, pipeline.resolve

    def obs_in(text: str, skip: Any = None, target_spans: Any = None) -> Any:
        found.append((text, skip, target_spans))
        return obs(text, skip=skip, target_spans=target_spans)

    def res_in(*args: Any) -> Any:
        resolved.append(args)
        return res(*args)

    extract.find_observations, pipeline.resolve = obs_in, res_in  # type: ignore[assignment]
    try:
        paths = [ROOT / "data" / "reports" / "haikou-2022-fazhi.txt"]
        if corpus is not None and not haikou_only:
            paths += sorted(corpus.rglob("*.txt"))
        for p in paths:
            pipeline.extract_document(read_report(p))
    finally:
        extract.find_observations, pipeline.resolve = obs, res  # type: ignore[assignment]
    return found, resolved


def _empty_caches() -> None:
    """Empty the caches of results for one text or one measure in the two stages' modules."""
    import importlib

    from _common import memos

    names = ("govgraph.extract.observations", "govgraph.resolve.indicators", "govgraph.resolve.entities")
    for memo in memos(importlib.import_module(name) for name in names):
        memo.cache_clear()


def _runner(stage: str, inputs: list[Any]) -> Any:
    from govgraph import extract, pipeline

    obs, res = extract.find_observations, pipeline.resolve
    if stage == "observations":
        return lambda: [obs(t, skip=s, target_spans=ts) for t, s, ts in inputs]
    return lambda: [res(*a) for a in inputs]


def measure(src: Path, corpus: Path | None, repeat: int) -> dict[str, float]:
    """CPU ms a report by stage and input: the best of ``repeat`` passes, caches emptied before each."""
    sys.path.insert(0, str(src))
    found, resolved = _capture(corpus, False)
    out: dict[str, float] = {}
    for stage, inputs in (("observations", found), ("resolve", resolved)):
        for label, part, runs in (("Haikou", inputs[:1], HAIKOU_RUNS), ("corpus mean", inputs[1:], 1)):
            if not part:
                continue
            run = _runner(stage, part)
            best = float("inf")
            for _ in range(repeat):
                spent = 0.0
                for _ in range(runs):
                    _empty_caches()
                    t0 = time.process_time()
                    run()
                    spent += time.process_time() - t0
                best = min(best, spent / runs / len(part))
            out[f"{stage}, {label}"] = best * 1000
    return out


def _child(src: Path, extra: list[str]) -> dict[str, float]:
    """This tree measured in a child process, as the commit it is compared with is."""
    import subprocess

    cmd = [sys.executable, __file__, "--src", str(src), *extra]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT)
    return dict(json.loads(done.stdout))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--against", help="a commit measured the same way in the same run")
    ap.add_argument("--src", type=Path, default=ROOT / "src", help=argparse.SUPPRESS)
    ap.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--stage", choices=("observations", "resolve"))
    ap.add_argument("--passes", type=int, default=0)
    ap.add_argument("--haikou-only", action="store_true")
    args = ap.parse_args()
    corpus = args.corpus if args.corpus.is_dir() else None
    if args.passes:
        sys.path.insert(0, str(args.src))
        found, resolved = _capture(corpus, args.haikou_only)
        run = _runner(args.stage or "observations", found if args.stage != "resolve" else resolved)
        for _ in range(args.passes):
            _empty_caches()
            run()
        return
    if args.json:
        print(json.dumps(measure(args.src, corpus, args.repeat)))
        return
    base: dict[str, float] = {}
    commit = ""
    if args.against:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from _common import run_at_commit

        extra = ["--json", "--repeat", str(args.repeat), "--corpus", str(args.corpus)]
        commit, first = run_at_commit(args.against, __file__, extra)
        base = json.loads(first)
        this = _child(args.src, extra)
        _, second = run_at_commit(args.against, __file__, extra)
        base = {k: min(v, json.loads(second)[k]) for k, v in base.items()}
        this = {k: min(v, _child(args.src, extra)[k]) for k, v in this.items()}
    else:
        this = measure(args.src, corpus, args.repeat)
    print(f"| stage, reports | {commit or '-'} | this tree | ratio |\n|---|---|---|---|")
    for key, ms in this.items():
        b = base.get(key)
        ratio = f"{b / ms:.2f}×" if b else "-"
        print(f"| {key} | {b:.3f} | {ms:.3f} | {ratio} |" if b else f"| {key} | - | {ms:.3f} | - |")


if __name__ == "__main__":
    main()

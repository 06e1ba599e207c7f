"""Instructions a cold Haikou report costs, by stage of the frame around the finders, under callgrind.

    python benchmarks/extract_instructions.py [--passes 10] [--against REV]

CPU time on a machine that several jobs share moves by ±20 % between runs of the same code; instruction
counts do not move. This runs one ``valgrind --tool=callgrind`` process a tree: it extracts the Haikou
report once, keeps what each stage is given, then runs each stage ``--passes`` times, emptying the
extractor's memos of one string's results before every pass (as ``extract.py --cold`` does: a report never
seen before). Only the passes are counted: each stage's passes run inside one ``functools.reduce`` call,
callgrind collects inside that function alone and writes a count after each call. Stages: the section
split, resolve's entities (resolve given no figures), resolve's figures with their checks (resolve given
only the figures), relations, and a whole ``extract_report``. With ``--against REV`` that commit's tree
(``git archive``, compiled as this tree is: ``_common.export_tree``) is counted the same way, with this
script.

Needs ``valgrind``; a tree takes about a minute and a half under load.
"""

from __future__ import annotations

import argparse
import functools
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("sections", "resolve: entities", "resolve: figures and checks", "relations", "whole extraction")


def _stages(src: Path) -> dict[str, Any]:
    """Each stage as a function of no arguments, over what the Haikou report gives it."""
    sys.path.insert(0, str(src))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from extract import _memo_clearer

    import govgraph
    from govgraph.extract import Found, find_all
    from govgraph.link import relations, report_id
    from govgraph.read import read_report
    from govgraph.read.script import to_simplified
    from govgraph.resolve import resolve
    from govgraph.sections import split_sections
    from govgraph.text.place_context import context_for

    doc = read_report(ROOT / "data" / "reports" / "haikou-2022-fazhi.txt")
    govgraph.extract_report(doc)  # tables loaded once a process
    text, meta = to_simplified(doc.text), doc.meta
    ctx = context_for(meta.adcode, meta.year)
    sections = split_sections(text)
    found = find_all(text, ctx, sections)
    entities = resolve(text, ctx, sections, found).entities
    rid = report_id(meta.adcode, meta.year, meta.genre, meta.title, meta.level, text)
    no_figures = Found(found.documents, found.agencies, found.places, found.reforms, [])
    figures = Found([], [], [], [], found.observations)
    clear = _memo_clearer()
    run = {
        "sections": lambda: split_sections(text),
        "resolve: entities": lambda: resolve(text, ctx, sections, no_figures),
        "resolve: figures and checks": lambda: resolve(text, ctx, sections, figures),
        "relations": lambda: relations(text, entities, ctx, rid),
        "whole extraction": lambda: govgraph.extract_report(doc),
    }

    def cold(stage: str) -> Any:
        def one(_: Any, __: Any) -> None:
            clear()
            run[stage]()

        return one

    return {stage: cold(stage) for stage in STAGES}


def passes(src: Path, n: int) -> None:
    """Run every stage ``n`` times, each stage's passes inside one ``functools.reduce`` call."""
    for one in _stages(src).values():
        functools.reduce(one, range(n), None)


def count(src: Path, n: int) -> dict[str, float]:
    """Instructions a pass by stage: this script's passes under callgrind, collected inside ``reduce`` only."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp, "callgrind.out")
        cmd = [
            "valgrind",
            "--tool=callgrind",
            "--collect-atstart=no",
            "--toggle-collect=functools_reduce",
            "--dump-after=functools_reduce",
            f"--callgrind-out-file={out}",
            sys.executable,
            __file__,
            "--src",
            str(src),
            "--passes",
            str(n),
            "--run",
        ]
        subprocess.run(cmd, capture_output=True, check=True, cwd=ROOT)
        dumps = sorted(Path(tmp).glob("callgrind.out.*"), key=lambda p: int(p.suffix[1:]))
        totals = [_total(d) for d in dumps]
    if len(totals) != len(STAGES):
        raise SystemExit(f"callgrind wrote {len(totals)} counts for {len(STAGES)} stages")
    return {stage: t / n for stage, t in zip(STAGES, totals, strict=True)}


def _total(dump: Path) -> int:
    for line in dump.read_text().splitlines():
        if line.startswith(("summary:", "totals:")):
            return int(line.split()[1])
    raise SystemExit(f"{dump}: no total")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--passes", type=int, default=10)
    ap.add_argument("--against", metavar="REV", help="also count the tree of this commit")
    ap.add_argument("--src", type=Path, default=ROOT / "src", help=argparse.SUPPRESS)
    ap.add_argument("--run", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.run:
        passes(a.src, a.passes)
        return 0
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from _common import export_tree

    base: dict[str, float] = {}
    name = ""
    with tempfile.TemporaryDirectory() as tmp:
        if a.against:
            name, src = export_tree(a.against, Path(tmp))
            base = count(src, a.passes)
        now = count(a.src, a.passes)
    print(f"| stage (Haikou, cold) | {name or '-'} | this tree | ratio |\n|---|---|---|---|")
    for stage in STAGES:
        b, n = base.get(stage), now[stage]
        print(
            f"| {stage} | {b / 1e6:.2f} M | {n / 1e6:.2f} M | {b / n:.2f}× |"
            if b
            else f"| {stage} | - | {n / 1e6:.2f} M | - |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

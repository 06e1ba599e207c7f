"""The quad budget of one report: its graph's quads by part, the records of its shared statements, and the
shared descriptions (docs/decisions.md, "Fewer quads a report").

    PYTHONPATH=src python benchmarks/quad_budget.py [REPORT ...] [--code DIR]

Run with ``--code`` another checkout (e.g. a ``git worktree`` of the base commit) for the "before" column
of the same report: each checkout's ``report_triples`` is run in its own process.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PARTS = (
    "mentions: the annotations",
    "mentions: targets and selectors (blank nodes)",
    "observations",
    "sections",
    "report → entities (gg:mentions, eli:cites, …)",
    "reform adoptions",
    "report node, text, metadata, data set, run, findings",
)

# run in the checkout's own process: internal stages (the RDF layer and the store's record format)
_COUNT = r"""
import json, sys
from govgraph import extract_report
from govgraph.rdf import report_graph_iri, report_triples
from govgraph.store.base import contribution_nquads
x = extract_report(sys.argv[1])
own, shared = report_triples(x)
graph = report_graph_iri(x)
print(json.dumps({"own": own.statements(), "shared": len(shared), "graph": graph,
                  "records": contribution_nquads(graph, shared.statements()).decode().count("\n")}))
"""


def part(statement: str, report: str) -> str:
    """Which part of the budget a statement of the report's own graph is."""
    subject, predicate, _ = statement.split(" ", 2)
    if subject.startswith("_:"):
        return PARTS[1]
    s = subject[1:-1]
    for marker, name in (
        ("/mention/", PARTS[0]),
        ("/obs/", PARTS[2]),
        ("/section/", PARTS[3]),
        ("/adoption/", PARTS[5]),
    ):
        if s.startswith(report + marker):
            return name
    if s == report and predicate.rsplit("#", 1)[-1].rstrip(">") in ("mentions", "cites", "issued", "mentionsReform"):
        return PARTS[4]
    return PARTS[6]


def budget(path: Path, code: Path) -> dict[str, int]:
    """The budget of the report ``path`` as the checkout ``code`` writes it."""
    env = {**os.environ, "PYTHONPATH": str(code / "src")}
    out = subprocess.run([sys.executable, "-c", _COUNT, str(path)], capture_output=True, text=True, env=env, cwd=code)
    if out.returncode != 0:
        raise SystemExit(f"quad_budget.py: {code}: {out.stderr.strip().splitlines()[-1:]}")
    data = json.loads(out.stdout)
    counts = dict.fromkeys(PARTS, 0)
    for statement in data["own"]:
        counts[part(statement, data["graph"])] += 1
    counts["the report's own graph"] = len(data["own"])
    counts["records of its shared statements"] = data["records"]
    counts["what the report adds to a store that has its shared descriptions"] = len(data["own"]) + data["records"]
    counts["shared descriptions (stored once a store)"] = data["shared"]
    return counts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("reports", nargs="*", type=Path, default=[ROOT / "data" / "reports" / "haikou-2022-fazhi.txt"])
    ap.add_argument("--code", type=Path, default=None, help="a checkout for the before column")
    a = ap.parse_args()
    for report in a.reports:
        after = budget(report.resolve(), ROOT)
        before = budget(report.resolve(), a.code.resolve()) if a.code else None
        print(f"\n{report.name}\n\n| part | " + ("before | " if before else "") + "after |")
        print("|---|" + ("---|" if before else "") + "---|")
        for name, n in after.items():
            print(f"| {name} | " + (f"{before[name]:,} | " if before else "") + f"{n:,} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

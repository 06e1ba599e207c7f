"""An ingest worker's two stages around extraction: reading a report, and writing its triples. CPU ms a report.

    python benchmarks/worker_stages.py [--corpus ../shared/corpus] [--repeat 5] [--against REV] [--write docs/benchmarks.md]

An ingest worker reads a report (``read_report``: decoding, cleaning, the header and the inferred
metadata), extracts it (``benchmarks/extract.py`` times that), then writes its triples as N-Triples
text (``report_triples``) for the store. This times the first and the last: every corpus report and
the Haikou sample are read ``--repeat`` times, and extracted once (not timed), then ``report_triples``
runs over all of them ``--repeat`` times; the best run's CPU time (``time.process_time``) is kept. With ``--against REV`` the tree of that commit (exported with
``git archive``) is timed the same way in a child process in the same run, and the two trees' triples are
compared (hashed, less the run's timestamp): a speed-up that changes the triples is reported as such.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def measure(src: Path, corpus: Path, repeat: int) -> dict:
    """CPU ms a report of ``read_report`` and of ``report_triples`` under ``src``, statements a report, and a
    hash of the triples."""
    sys.path.insert(0, str(src))
    import govgraph
    from govgraph.rdf import report_triples
    from govgraph.read import read_report

    files = [f for f in sorted(corpus.rglob("*.txt")) if f.name != "README.md"]
    files.append(ROOT / "data" / "reports" / "haikou-2022-fazhi.txt")
    read = float("inf")
    for _ in range(repeat):
        c0 = time.process_time()
        docs = [read_report(f) for f in files]
        read = min(read, time.process_time() - c0)
    extractions = [govgraph.extract_report(d) for d in docs]
    best = float("inf")
    digest = hashlib.sha256()
    statements = 0
    for run in range(repeat):
        c0 = time.process_time()
        made = [report_triples(x) for x in extractions]
        best = min(best, time.process_time() - c0)
        if run == 0:
            for own, shared in made:
                statements += len(own)
                for line in (own.ntriples() + shared.ntriples()).splitlines():
                    if "endedAtTime" not in line:  # the run's timestamp differs at every run
                        digest.update(line.encode())
    n = len(extractions)
    return {
        "reports": n,
        "read": read / n * 1000,
        "ms": best / n * 1000,
        "statements": statements / n,
        "hash": digest.hexdigest(),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--against", metavar="REV", default=None, help="also time the stages of this commit")
    ap.add_argument("--src", type=Path, default=ROOT / "src", help=argparse.SUPPRESS)
    ap.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--write", type=Path, default=None, help="append the table to this Markdown file")
    a = ap.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _common import emit, run_at_commit

    base = None
    if a.against:
        commit, out = run_at_commit(
            a.against, __file__, ["--corpus", str(a.corpus), "--repeat", str(a.repeat), "--json"]
        )
        base = (commit, json.loads(out))
    now = measure(a.src, a.corpus, a.repeat)
    if a.json:
        print(json.dumps(now))
        return 0
    rows = [("this tree", now)] + ([(f"baseline {base[0]}", base[1])] if base else [])
    text = (
        f"### An ingest worker's reading and triples, {date.today()}, {platform.machine()} "
        f"{platform.python_version()}, {now['reports']} reports, best of {a.repeat}\n\n"
        "| code | read_report, CPU ms a report | report_triples, CPU ms a report | statements a report | triples |\n"
        "|---|---|---|---|---|\n"
        + "".join(
            f"| {name} | {r['read']:.2f} | {r['ms']:.2f} | {r['statements']:,.0f} | "
            f"{'same' if not base or r['hash'] == now['hash'] else 'DIFFER'} |\n"
            for name, r in rows
        )
    )
    if base:
        text += f"\nSpeed-up: reading {base[1]['read'] / now['read']:.2f}×, triples {base[1]['ms'] / now['ms']:.2f}×.\n"
    emit(text, a.write)
    return 0


if __name__ == "__main__":
    sys.exit(main())

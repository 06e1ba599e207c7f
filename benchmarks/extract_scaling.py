"""Extraction time against input size: is it linear?

    python benchmarks/extract_scaling.py [--sizes 1 5 20] [--baseline /path/to/old/checkout] [--write docs/benchmarks.md]

A synthetic report of N MiB is the sample report (data/reports/haikou-2022-fazhi.txt) followed by its
body repeated until the size is reached. Each size is read and extracted (``read_bytes`` then
``extract_document``: every stage from sections to relations), then turned into triples
(``report_triples``, timed apart), in a fresh process, once with this
checkout's code and, with ``--baseline``, once with another checkout's (for example a ``git
worktree`` of the commit before a change), in the same run. Reported: CPU seconds of the process
(less disturbed by other load on the machine than wall time), wall seconds, peak memory, and CPU
seconds per MiB, which stays flat when extraction is linear.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import emit  # noqa: E402

SAMPLE = ROOT / "data" / "reports" / "haikou-2022-fazhi.txt"

_CHILD = """
import json, resource, sys, time
from govgraph.read import read_bytes
from govgraph.pipeline import extract_document
from govgraph.rdf import report_triples
raw = open(sys.argv[1], "rb").read()
t0, c0 = time.perf_counter(), time.process_time()
x = extract_document(read_bytes(raw, "synthetic.txt"))
c1 = time.process_time()
own, shared = report_triples(x)
print(json.dumps({"wall": time.perf_counter() - t0, "cpu": c1 - c0, "rdf": time.process_time() - c1,
                  "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "entities": len(x.entities), "observations": len(x.observations), "triples": len(own) + len(shared)}))
"""


def synthetic(mib: float) -> bytes:
    """The sample report followed by its body (without its first line) until ``mib`` MiB."""
    raw = SAMPLE.read_bytes()
    body = raw.split(b"\n", 1)[1] + b"\n"
    n = max(0, int((mib * 2**20 - len(raw)) // len(body)) + 1)
    return raw + b"\n" + body * n


def measure(src: Path, data: Path, timeout: float) -> dict[str, float] | None:
    """One extraction in a fresh process with the code under ``src``; None when it ran past ``timeout``."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    try:
        out = subprocess.run(
            [sys.executable, "-c", _CHILD, str(data)], env=env, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return None
    if out.returncode != 0:
        raise SystemExit(f"extraction failed under {src}: {out.stderr.strip().splitlines()[-1:]}")
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=float, nargs="+", default=[1, 5, 20], help="MiB")
    ap.add_argument("--baseline", type=Path, default=None, help="another checkout to compare with (its src/)")
    ap.add_argument("--timeout", type=float, default=900, help="seconds one extraction may take")
    ap.add_argument("--write", type=Path, default=None)
    args = ap.parse_args()
    codes = [("this checkout", ROOT / "src")]
    if args.baseline:
        codes.insert(0, (f"baseline ({args.baseline.name})", args.baseline / "src"))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for mib in args.sizes:
            data = Path(tmp) / f"{mib}.txt"
            data.write_bytes(synthetic(mib))
            real = data.stat().st_size / 2**20
            for name, src in codes:
                r = measure(src, data, args.timeout)
                if r is None:
                    rows.append(f"| {name} | {real:.1f} | > {args.timeout:.0f} | | | | | |")
                else:
                    rows.append(
                        f"| {name} | {real:.1f} | {r['cpu']:.1f} | {r['cpu'] / real:.2f} | {r['rdf']:.1f} "
                        f"| {r['wall']:.1f} | {r['rss']:.0f} | {r['entities']:.0f} / {r['observations']:.0f} |"
                    )
                print(rows[-1], flush=True)
    head = (
        f"Extraction scaling, {date.today()}, {platform.machine()}, {os.cpu_count()} cores "
        f"(shared with other work), Python {platform.python_version()}:\n\n"
        "| code | MiB | extract CPU s | extract CPU s per MiB | rdf CPU s | wall s (both) | peak MiB "
        "| entities / observations |\n"
        "|---|---|---|---|---|---|---|---|\n"
    )
    emit(head + "\n".join(rows) + "\n", args.write)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

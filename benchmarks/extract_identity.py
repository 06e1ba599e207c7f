"""Snapshot and compare extraction output, so that speed work can show it changed nothing.

    python benchmarks/extract_identity.py dump OUT_DIR [--corpus ../shared/corpus]
    python benchmarks/extract_identity.py compare OLD_DIR NEW_DIR

``dump`` writes, for every report of the corpus, of ``data/reports`` and of
``tests/fixtures/corpus``, ``govgraph.to_json(govgraph.extract_report(path))`` as JSON and the
whole ``Extraction`` (findings included) as its ``repr``; then the same for each corpus text with
its ``# key: value`` header lines removed (as the gold evaluation's ``--strip-header`` does), so that
metadata inferred from the body is covered too. ``compare`` checks two such folders
byte for byte and names the files that differ; it exits 1 if any do.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import govgraph  # noqa: E402


def _sources(corpus: Path) -> list[Path]:
    roots = [corpus, ROOT / "data" / "reports", ROOT / "tests" / "fixtures" / "corpus"]
    return [f for r in roots if r.is_dir() for f in govgraph.report_files([r])]


def _strip_header(src: Path, dst: Path) -> None:
    lines = src.read_text(encoding="utf-8").splitlines(keepends=True)
    i = 0
    while i < len(lines) and lines[i].startswith("# "):
        i += 1
    if i and i < len(lines) and not lines[i].strip():
        i += 1
    dst.write_text("".join(lines[i:]), encoding="utf-8")


def _write(out: Path, name: str, f: Path) -> None:
    x = govgraph.extract_report(f)
    text = json.dumps(govgraph.to_json(x), ensure_ascii=False, indent=1, sort_keys=True)
    (out / f"{name}.json").write_text(text, encoding="utf-8")
    (out / f"{name}.repr").write_text(repr(x).replace(str(f), "<path>"), encoding="utf-8")


def dump(out: Path, corpus: Path) -> int:
    """Write each report's JSON and ``repr`` into ``out``; the file name keeps the source's folders."""
    out.mkdir(parents=True, exist_ok=True)
    sources = _sources(corpus)
    for f in sources:
        _write(out, "__".join(f.resolve().parts[-3:]), f)
    with tempfile.TemporaryDirectory() as tmp:
        for f in sources:
            if f.suffix == ".txt" and f.is_relative_to(corpus):
                body = Path(tmp) / f.name
                _strip_header(f, body)
                _write(out, "body__" + "__".join(f.resolve().parts[-3:]), body)
                body.unlink()
    return 0


def compare(old: Path, new: Path) -> int:
    """Exit status 0 if both folders hold the same files with the same bytes."""
    a = {p.name: p.read_bytes() for p in old.iterdir()}
    b = {p.name: p.read_bytes() for p in new.iterdir()}
    bad = sorted(n for n in a.keys() | b.keys() if a.get(n) != b.get(n))
    for n in bad:
        print(f"differs: {n}")
    print(f"{len(a)} files, {len(bad)} differ")
    return 1 if bad else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    c = sub.add_parser("compare")
    c.add_argument("old", type=Path)
    c.add_argument("new", type=Path)
    a = ap.parse_args()
    return dump(a.out, a.corpus) if a.cmd == "dump" else compare(a.old, a.new)


if __name__ == "__main__":
    sys.exit(main())

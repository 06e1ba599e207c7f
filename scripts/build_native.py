"""Compile the extraction modules with mypyc, beside their sources (docs/decisions.md, "Compiled extraction").

    python scripts/build_native.py [--if-possible] [--force] [--clean]

Builds the modules ``govgraph._native.MODULES`` names in a temporary copy of the package, then moves
the extension modules next to their ``.py`` files and writes the stamp (the digest of the sources
compiled). Does nothing when the stamp already matches the sources. ``--if-possible``: without a C
compiler, Python headers or mypyc, say so and succeed (the sources run, about 1.3× slower).
``--clean`` removes the build. A failed or interrupted build leaves no build: the old one is removed
before the new one is moved in, and the stamp is written last.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"


def _load_native() -> ModuleType:
    """``govgraph/_native.py`` alone: importing the package would import what this builds."""
    spec = importlib.util.spec_from_file_location("govgraph_native_build", SRC / "govgraph" / "_native.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_native = _load_native()

_SETUP = """
import sys
from setuptools import setup
from mypyc.build import mypycify
setup(name="govgraph-native", ext_modules=mypycify(sys.argv[1:], group_name={group!r}, opt_level="3"),
      script_args=["build_ext", "--inplace", "--quiet"])
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--if-possible", action="store_true", help="succeed without building where it cannot build")
    ap.add_argument("--force", action="store_true", help="build even when the build is current")
    ap.add_argument("--clean", action="store_true", help="remove the build")
    a = ap.parse_args()
    if a.clean:
        removed = _remove_build()
        print(f"build_native: removed {removed} files")
        return 0
    if _native.current() and not a.force:
        print("build_native: the compiled modules are current")
        return 0
    missing = _missing()
    if missing:
        print(f"build_native: not built ({missing}); the Python sources run", file=sys.stderr)
        return 0 if a.if_possible else 1
    digest = _native.sources_digest()
    with tempfile.TemporaryDirectory(prefix="govgraph-native-") as tmp:
        work = Path(tmp)
        shutil.copytree(SRC / "govgraph", work / "govgraph", ignore=shutil.ignore_patterns("*.so", "__pycache__"))
        shutil.copy(ROOT / "pyproject.toml", work / "pyproject.toml")  # mypy's settings
        sources = [_native.source_file(m, work / "govgraph").relative_to(work).as_posix() for m in _native.MODULES]
        done = subprocess.run(
            [sys.executable, "-c", _SETUP.format(group=_native.GROUP), *sources],
            cwd=work,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            print(done.stdout[-4000:] + done.stderr[-4000:], file=sys.stderr)
            print("build_native: mypyc failed; the Python sources run", file=sys.stderr)
            return 0 if a.if_possible else 1
        if _native.sources_digest() != digest:
            print("build_native: the sources changed during the build; run it again", file=sys.stderr)
            return 1
        _remove_build()
        built = [p for p in work.rglob("*") if p.suffix in (".so", ".pyd") and "build" not in p.relative_to(work).parts]
        for p in built:
            target = SRC / p.relative_to(work)
            part = target.with_name(f".{target.name}.part")
            shutil.copy2(p, part)
            os.replace(part, target)  # a new file: a process that has the old one loaded keeps it
    _native.STAMP.write_text(digest + "\n", encoding="ascii")
    print(f"build_native: compiled {len(_native.MODULES)} modules ({len(built)} files)")
    return 0


def _missing() -> str:
    """What a build needs and this machine lacks, or ""."""
    try:
        import mypyc.build  # noqa: F401
        import setuptools  # noqa: F401
    except ImportError as e:
        return f"no {e.name}: pip install mypy setuptools"
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(compiler) is None:
        return f"no C compiler ({compiler})"
    if not (Path(sysconfig.get_paths()["include"]) / "Python.h").exists():
        return "no Python headers (Python.h)"
    return ""


def _remove_build() -> int:
    """Remove the stamp first, then every extension module of the build; the count of files removed."""
    removed = 0
    if _native.STAMP.exists():
        _native.STAMP.unlink()
        removed += 1
    suffixes = (".so", ".pyd")
    for p in [*SRC.glob(f"{_native.GROUP}__mypyc*"), *(SRC / "govgraph").rglob("*")]:
        if p.suffix in suffixes and p.is_file():
            p.unlink()
            removed += 1
    return removed


if __name__ == "__main__":
    sys.exit(main())

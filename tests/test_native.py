"""The compiled extraction modules (govgraph/_native.py, scripts/build_native.py): used only when current,
and the same output as the sources."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS, HAIKOU, ROOT

from govgraph import _native

SRC = ROOT / "src"
BUILT = _native.current() and all(_native._compiled(m) for m in _native.MODULES)
needs_build = pytest.mark.skipif(not BUILT, reason="no current compiled build (make native needs a C compiler)")

_STATE = (
    "import json, govgraph, importlib; from govgraph import _native; "
    "print(json.dumps([_native.in_use(), [importlib.import_module(m).__file__ for m in _native.MODULES]]))"
)


def _run(code: str, *args: str, pythonpath: Path = SRC, pure: str | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if k != _native.PURE_ENV}
    env["PYTHONPATH"] = str(pythonpath)
    if pure is not None:
        env[_native.PURE_ENV] = pure
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _state(pythonpath: Path = SRC, pure: str | None = None) -> tuple[bool, list[str]]:
    in_use, files = json.loads(_run(_STATE, pythonpath=pythonpath, pure=pure))
    return in_use, [Path(f).suffix for f in files]


def test_the_suite_runs_the_sources() -> None:
    import govgraph.extract.observations as o

    assert not _native.in_use()
    assert o.__file__.endswith("observations.py")


def test_pure_asks_for_the_sources_even_when_current() -> None:
    in_use, suffixes = _state(pure="1")
    assert not in_use and set(suffixes) == {".py"}
    said = _run("from govgraph.cli import main; main(['--version'])", pure="1")
    assert said.endswith("extraction from the Python sources\n")


@needs_build
def test_a_current_build_is_what_imports_load() -> None:
    in_use, suffixes = _state(pure="0")
    assert in_use and set(suffixes) == {".so"}
    said = _run("from govgraph.cli import main; main(['--version'])", pure="0")
    assert said.endswith("extraction compiled\n")


@needs_build
def test_a_build_older_than_its_sources_is_never_loaded(tmp_path: Path) -> None:
    """An edited source after a build: every module, compiled or not, loads from its source (they call
    each other directly, so half a build would run the old code of the other half)."""
    copy = tmp_path / "src"
    shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert _state(copy) == (True, [".so"] * len(_native.MODULES))
    scan = copy / "govgraph" / "text" / "scan.py"
    scan.write_text(scan.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert _state(copy) == (False, [".py"] * len(_native.MODULES))
    (copy / "govgraph" / _native.STAMP.name).unlink()  # no stamp at all: the same
    assert _state(copy) == (False, [".py"] * len(_native.MODULES))


def test_a_stamp_without_a_build_runs_the_sources(tmp_path: Path) -> None:
    copy = tmp_path / "src"
    shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("__pycache__", "*.so"))
    (copy / "govgraph" / _native.STAMP.name).write_text(_native.sources_digest(copy / "govgraph") + "\n")
    in_use, suffixes = _state(copy)
    assert not in_use and set(suffixes) == {".py"}


_DUMP = """
import json, sys, govgraph
out = {}
for p in sys.argv[1:]:
    try:
        x = govgraph.extract_report(p)
    except govgraph.GovgraphError as e:  # the fixtures hold bad inputs too: the same error either way
        out[p] = str(e)
        continue
    out[p] = [govgraph.to_json(x), repr(x)]
print(json.dumps(out, ensure_ascii=False, sort_keys=True))
"""


@needs_build
def test_the_build_extracts_what_the_sources_extract() -> None:
    """Byte for byte, over the Haikou report, the fixtures and the corpus (when it is there): mypyc checks
    declared types at run time, so a wrong declaration would show here as an error or a difference."""
    paths = [HAIKOU, *sorted((ROOT / "tests" / "fixtures").rglob("*.txt"))]
    if CORPUS.is_dir():
        paths += sorted(p for p in CORPUS.rglob("*") if p.suffix in (".txt", ".html") and p.is_file())
    args = [str(p) for p in paths]
    compiled = json.loads(_run(_DUMP, *args, pure="0"))
    pure = json.loads(_run(_DUMP, *args, pure="1"))
    assert len(compiled) == len(paths)
    differ = [p for p in args if compiled[p] != pure[p]]
    assert differ == []


_PICKLED = """
import pickle, sys, govgraph
x = govgraph.extract_report(sys.argv[1])
if sys.argv[2] == "dump":
    open(sys.argv[3], "wb").write(pickle.dumps(x))
else:
    y = pickle.loads(open(sys.argv[3], "rb").read())
    print(y == x, repr(y) == repr(x), type(y.observations[0]).__module__, type(y.sections[0]).__module__)
"""


@needs_build
@pytest.mark.parametrize(("made", "read"), [("0", "1"), ("1", "0")], ids=["compiled-to-sources", "sources-to-compiled"])
def test_a_pickle_made_by_one_build_is_read_by_the_other(tmp_path: Path, made: str, read: str) -> None:
    """Ingest workers send their extractions to the writer pickled; model.py is compiled, and a record of a
    compiled class pickles as a call of its class with its fields, as the sources' class does."""
    f = tmp_path / "x.pickle"
    _run(_PICKLED, str(HAIKOU), "dump", str(f), pure=made)
    said = _run(_PICKLED, str(HAIKOU), "load", str(f), pure=read).split()
    assert said == ["True", "True", "govgraph.model", "govgraph.model"]


@needs_build
def test_build_script_does_nothing_when_current() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_native.py"), "--if-possible"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0 and "current" in done.stdout

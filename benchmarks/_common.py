"""What the benchmark scripts share: printing a result table and appending it to a Markdown file."""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rdflib import Dataset

    from govgraph import TripleStore

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def emit(text: str, write: Path | None) -> None:
    """Print a result and, with ``--write FILE``, append it to that file."""
    print(text)
    if write:
        with write.open("a", encoding="utf-8") as f:
            f.write("\n" + text)


def dir_size(path: Path) -> int:
    """Bytes of all files below a folder."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def median_ms(fn, repeat: int = 5) -> float:
    """Median wall time of ``fn()`` over ``repeat`` runs, in milliseconds."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def too_slow(signum, frame):
    """A SIGALRM handler that stops a query that runs past its cap."""
    raise TimeoutError


def rdflib_dataset(store: TripleStore) -> Dataset:
    """The store's quads in an in-memory rdflib Dataset, the baseline the query timings are compared with.

    Read through the store interface (each named graph as N-Triples), so it works for any backend;
    a count that differs from ``store.quad_count()`` stops the benchmark rather than compare unequal data.
    """
    from rdflib import Dataset, URIRef

    ds = Dataset(default_union=True)
    for iri in store.named_graphs():
        ds.graph(URIRef(iri)).parse(data=store.graph_ntriples(iri), format="nt")
    held, loaded = store.quad_count(), sum(1 for _ in ds.quads((None, None, None, None)))
    if held != loaded:
        raise SystemExit(f"{store.location}: the rdflib baseline holds {loaded:,} quads, the store {held:,}")
    return ds


def run_at_commit(rev: str, script: str, args: list[str]) -> tuple[str, str]:
    """Run ``script`` (a benchmark) with ``--src`` the ``src`` of commit ``rev`` (:func:`export_tree`) and
    ``args``, in a child process from the repository's root; return the commit's short name and the
    child's standard output. The baseline of a benchmark, measured in the same run."""
    import subprocess
    import sys
    import tempfile

    root = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory() as tmp:
        commit, src = export_tree(rev, Path(tmp))
        cmd = [sys.executable, script, "--src", str(src), *args]
        done = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=root)
    return commit, done.stdout


def export_tree(rev: str, into: Path) -> tuple[str, Path]:
    """The tree of commit ``rev`` written into ``into`` (``git archive``), its extraction modules compiled
    as this checkout's are (``scripts/build_native.py``, where the commit has it and ``GOVGRAPH_PURE`` is
    not set), so that a baseline runs the way a user of that commit would; its short name and ``src``."""
    import os
    import subprocess
    import sys
    import tarfile

    root = Path(__file__).resolve().parent.parent
    git = ["git", "-C", str(root)]
    commit = subprocess.run([*git, "rev-parse", "--short", rev], capture_output=True, text=True, check=True)
    tar = into / "tree.tar"
    tar.write_bytes(subprocess.run([*git, "archive", rev], capture_output=True, check=True).stdout)
    with tarfile.open(tar) as t:
        t.extractall(into, filter="data")
    build = into / "scripts" / "build_native.py"
    if build.exists() and os.environ.get("GOVGRAPH_PURE", "") in ("", "0"):
        subprocess.run([sys.executable, str(build), "--if-possible"], capture_output=True, check=True)
    return commit.stdout.strip(), into / "src"


def extraction_mode() -> str:
    """How the govgraph this process imported extracts: "compiled" or "Python sources"."""
    try:
        from govgraph import _native
    except ImportError:  # a commit from before the compiled build
        return "Python sources"
    return "compiled" if _native.in_use() else "Python sources"


def memos(modules: Iterable[ModuleType]) -> list[Any]:
    """The memos of results for one string that ``modules`` define: each ``lru_cache`` with room for more
    than one entry (names, titles, phrases). Tables loaded once a process (``maxsize`` 1 or unbounded)
    are left out. Emptying them before a report times it as a report never seen before."""
    return [
        v
        for mod in modules
        for v in vars(mod).values()
        if not isinstance(v, type)  # a namespace class answers any name, with a warning
        and callable(getattr(v, "cache_parameters", None))
        and getattr(v, "__module__", None) == mod.__name__
        and (v.cache_parameters()["maxsize"] or 0) > 1
    ]

from __future__ import annotations

import os

# The suite tests the Python sources (doctests need them: pytest cannot collect a compiled module's);
# tests/test_native.py checks the compiled build against them. GOVGRAPH_PURE=0 runs the suite compiled.
os.environ.setdefault("GOVGRAPH_PURE", "1")

import re  # noqa: E402
import shutil
from collections.abc import Iterable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HAIKOU = ROOT / "data" / "reports" / "haikou-2022-fazhi.txt"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
GOLD = SHARED / "annotation" / "gold"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def haikou_text() -> str:
    return HAIKOU.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def haikou():
    import govgraph

    return govgraph.extract_report(HAIKOU)


@pytest.fixture(scope="session")
def texts() -> list[str]:
    """The Haikou report and every corpus text (when the corpus is there), as the fast paths' tests read
    them: each fast path is checked against the code it replaces over all of them."""
    out = [HAIKOU.read_text(encoding="utf-8")]
    if CORPUS.is_dir():
        out += [f.read_text(encoding="utf-8") for f in sorted(CORPUS.rglob("*.txt"))]
    return out


def alternation(words: list[str]) -> re.Pattern[str]:
    """The plain alternation of ``words``, longest first: what a word scan must find the same as."""
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def every_occurrence(text: str, words: Iterable[str]) -> list[tuple[int, int, str]]:
    """Every occurrence of every word, overlaps included, by ``str.find``: what an index must find."""
    found = []
    for w in words:
        k = text.find(w)
        while k >= 0:
            found.append((k, k + len(w), w))
            k = text.find(w, k + 1)
    return found


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("the shared corpus is absent")
    return CORPUS


def damage(store, update: str) -> None:
    """Change a store behind govgraph's back (a test of what validation finds): close it, run the SPARQL
    Update with pyoxigraph itself, and leave the store object open again on the same folder."""
    import pyoxigraph

    path = store.path
    store.close()
    raw = pyoxigraph.Store(str(path))
    raw.update(update)
    del raw
    store.__init__(path, write=True)


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium driven by Playwright, with the flags that keep it off the network
    (the browser tests of the views and of the query page)."""
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield b
        b.close()

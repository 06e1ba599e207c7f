from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HAIKOU = ROOT / "data" / "reports" / "haikou-2022-fazhi.txt"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
GOLD = SHARED / "annotation" / "gold"


@pytest.fixture(scope="session")
def haikou_text() -> str:
    return HAIKOU.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def haikou():
    from govgraph.extract import extract
    from govgraph.read import read_report

    return extract(read_report(HAIKOU))


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("the shared corpus is absent")
    return CORPUS

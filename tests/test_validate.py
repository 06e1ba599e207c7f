"""SHACL validation of a store, graph by graph."""

from __future__ import annotations

import pytest
from conftest import CORPUS, HAIKOU, damage

import govgraph
from govgraph.corpus.validate import sample_reports, validate_store

GG = "https://w3id.org/govgraph/def#"


def test_violations_in_a_report_graph_and_in_the_shared_graph_are_found(tmp_path):
    store = govgraph.open_store(tmp_path / "s", write=True)
    govgraph.ingest([HAIKOU], store)
    assert validate_store(store).conforms
    report = store.report_graphs()[0]
    damage(
        store,
        f"INSERT DATA {{ GRAPH <{report}> {{ <{report}/section/broken> a <{GG}Section> }}"
        f" GRAPH <https://w3id.org/govgraph/graph/shared> {{ <https://example.org/nameless> a <{GG}Agency> }} }}",
    )
    seen: list[str] = []
    one = validate_store(store, progress=seen.append)
    assert not one.conforms
    assert any(v.startswith(f"{report}/section/broken {GG}path:") for v in one.violations)
    assert any(
        v.startswith("https://example.org/nameless http://www.w3.org/2004/02/skos/core#prefLabel")
        for v in one.violations
    )
    assert seen == [report, "the shared graphs"]
    assert validate_store(store, jobs=2).violations == one.violations


def test_a_sample_checks_only_its_reports(tmp_path):
    if not CORPUS.is_dir():
        pytest.skip("the shared corpus is absent")
    store = govgraph.open_store(tmp_path / "s", write=True)
    govgraph.ingest(sorted(CORPUS.rglob("*.txt"))[:3], store)
    reports = store.report_graphs()
    chosen = sample_reports(reports, 2)
    assert chosen == [reports[0], reports[1]]
    left_out = reports[2]
    damage(store, f"INSERT DATA {{ GRAPH <{left_out}> {{ <{left_out}/section/broken> a <{GG}Section> }} }}")
    assert validate_store(store, reports=chosen).conforms
    assert not validate_store(store, reports=[left_out]).conforms
    assert store.damaged_reports(chosen) == [] and store.damaged_reports([left_out]) == [left_out]

"""SHACL validation of a store, graph by graph."""

from __future__ import annotations

from conftest import HAIKOU

from govgraph.ingest import ingest_files
from govgraph.store import OxigraphStore
from govgraph.validate import validate_store

GG = "https://w3id.org/govgraph/def#"


def test_violations_in_a_report_graph_and_in_the_shared_graph_are_found(tmp_path):
    store = OxigraphStore(tmp_path / "s")
    ingest_files([HAIKOU], store)
    assert validate_store(store).conforms
    report = store.graphs()[0]
    store._store.update(
        f"INSERT DATA {{ GRAPH <{report}> {{ <{report}/section/broken> a <{GG}Section> }}"
        f" GRAPH <https://w3id.org/govgraph/graph/shared> {{ <https://example.org/nameless> a <{GG}Agency> }} }}"
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

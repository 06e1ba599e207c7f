"""The figures form a well-formed RDF Data Cube: the W3C integrity constraints IC-1 to IC-21, as the
SHACL shapes of the W3C SHACL Community Group (a copy in ../shared/w3c/datacube), pass on a report's
graph together with the shared graph, and IC-11 and IC-12 catch a graph that breaks them."""

from __future__ import annotations

import pytest
from conftest import SHARED
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH

from govgraph.rdf import report_graph_iri, report_triples
from govgraph.vocab.namespaces import GG, QB, SDMX_MEASURE

SHAPES = SHARED / "w3c" / "datacube" / "datacube.shapes.ttl"


@pytest.fixture(scope="module")
def shapes() -> Graph:
    if not SHAPES.is_file():
        pytest.skip("the W3C Data Cube shapes (../shared/w3c/datacube) are absent")
    return Graph().parse(SHAPES, format="turtle")


@pytest.fixture(scope="module")
def graph(haikou) -> Graph:
    own, shared = report_triples(haikou)
    return Graph().parse(data=own.ntriples() + shared.ntriples(), format="nt")


def _failures(data: Graph, shapes: Graph) -> list[str]:
    """The violations, each as "IC-n. title: focus node"."""
    import pyshacl

    _, results, _ = pyshacl.validate(data, shacl_graph=shapes, advanced=True, allow_warnings=True, inference="none")
    out = []
    for r in results.subjects(SH.resultSeverity, SH.Violation):
        source = results.value(r, SH.sourceShape) or results.value(r, SH.sourceConstraint)
        msg = results.value(r, SH.resultMessage)
        out.append(f"{msg}: {results.value(r, SH.focusNode)} ({source})")
    return sorted(out)


def _copy(g: Graph) -> Graph:
    out = Graph()
    for t in g:
        out.add(t)
    return out


def test_the_haikou_figures_pass_every_integrity_constraint(haikou, graph, shapes):
    assert _failures(graph, shapes) == []
    dsd = graph.value(URIRef(report_graph_iri(haikou) + "/dataset"), QB.structure)
    assert dsd is not None
    dims = {graph.value(c, QB.dimension) for c in graph.objects(dsd, QB.component)} - {None}
    assert GG.status in dims and GG.measureConcept in dims and GG.ordinal in dims
    assert len(set(graph.subjects(SDMX_MEASURE.obsValue, None))) == 97


def test_ic11_catches_a_figure_without_a_dimension(graph, shapes):
    broken = _copy(graph)
    obs = next(iter(broken.subjects(GG.ordinal, None)))
    broken.remove((obs, GG.status, None))
    failures = _failures(broken, shapes)
    assert len(failures) == 1 and "value for each dimension" in failures[0] and str(obs) in failures[0]


def test_ic12_catches_two_figures_with_the_same_dimension_values(graph, shapes):
    broken = _copy(graph)
    # two figures that differ only in their ordinal: give the second the first's
    second = next(o for o in broken.subjects(GG.ordinal, Literal(2)))
    concept, status = broken.value(second, GG.measureConcept), broken.value(second, GG.status)
    first = next(
        o
        for o in broken.subjects(GG.ordinal, Literal(1))
        if broken.value(o, GG.measureConcept) == concept
        and broken.value(o, GG.status) == status
        and broken.value(o, URIRef("http://purl.org/linked-data/sdmx/2009/dimension#refPeriod"))
        == broken.value(second, URIRef("http://purl.org/linked-data/sdmx/2009/dimension#refPeriod"))
    )
    broken.set((second, GG.ordinal, Literal(1)))
    failures = _failures(broken, shapes)
    assert failures and all("same value for all dimensions" in f for f in failures)
    assert {str(first), str(second)} <= {f.split(": ")[1].split(" (")[0] for f in failures}


@pytest.mark.parametrize(
    "name",
    [
        "work-national/national-1956-work.txt",  # a work report: a year's targets beside its outcomes
        "fazhi/hainan-2022-fazhi.txt",
    ],
)
def test_corpus_reports_pass_every_integrity_constraint(corpus, shapes, name):
    from govgraph import extract_report

    own, shared = report_triples(extract_report(corpus / name))
    assert _failures(Graph().parse(data=own.ntriples() + shared.ntriples(), format="nt"), shapes) == []


def test_a_report_of_no_known_place_or_year_gets_a_structure_without_those_dimensions(tmp_path, shapes):
    from govgraph import extract_report

    path = tmp_path / "report.txt"
    path.write_text(
        "关于法治政府建设情况的报告\n一、工作情况\n全年办理行政复议案件120件，纠错15件，纠错率12.5%。\n",
        encoding="utf-8",
    )
    x = extract_report(path)
    assert x.observations and not x.document.meta.adcode
    own, shared = report_triples(x)
    g = Graph().parse(data=own.ntriples() + shared.ntriples(), format="nt")
    assert _failures(g, shapes) == []
    (dsd,) = set(g.objects(None, QB.structure))
    assert "no-area" in str(dsd)

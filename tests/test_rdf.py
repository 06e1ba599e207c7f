"""The RDF graph: vocabulary, provenance selectors, SHACL, determinism."""

from __future__ import annotations

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF

from govgraph.rdf import build_graph, report_graph_iri, serialize_extraction
from govgraph.rdf.shacl import graph_violations
from govgraph.vocab.namespaces import GG, OA


def test_haikou_graph_passes_shacl(haikou):
    found = graph_violations(build_graph(haikou))
    assert not found, found[:5]


def test_mentions_point_at_their_exact_text(haikou, haikou_text):
    g = build_graph(haikou)
    anns = list(g.subjects(RDF.type, GG.Mention))
    assert len(anns) > 100
    for ann in anns:
        target = g.value(ann, OA.hasTarget)
        sels = list(g.objects(target, OA.hasSelector))
        pos = next(s for s in sels if (s, RDF.type, OA.TextPositionSelector) in g)
        quote = next(s for s in sels if (s, RDF.type, OA.TextQuoteSelector) in g)
        start, end = int(g.value(pos, OA.start)), int(g.value(pos, OA.end))
        assert haikou_text[start:end] == str(g.value(quote, OA.exact))
    text = g.value(URIRef(report_graph_iri(haikou)), GG.text)
    assert str(text) == haikou_text


def test_iris_are_deterministic(haikou):
    from govgraph import extract_report

    again = extract_report(haikou.document.path)
    a = {s for s in build_graph(haikou).subjects() if isinstance(s, URIRef)}
    b = {s for s in build_graph(again).subjects() if isinstance(s, URIRef)}
    assert a == b
    assert URIRef("https://w3id.org/govgraph/agency/460100/海口市司法局") in a
    assert URIRef("https://w3id.org/govgraph/document/national/中华人民共和国审计法") in a


def test_serialisations_parse(haikou):
    assert len(Graph().parse(data=serialize_extraction(haikou, "turtle"), format="turtle")) > 3000
    ds = Dataset()
    ds.parse(data=serialize_extraction(haikou, "trig"), format="trig")
    assert URIRef(report_graph_iri(haikou)) in {g.identifier for g in ds.graphs()}
    assert len(Graph().parse(data=serialize_extraction(haikou, "jsonld"), format="json-ld")) >= 0

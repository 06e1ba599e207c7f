"""The RDF graph: vocabulary, provenance selectors, SHACL, determinism."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD

from govgraph.rdf import build_graph, report_graph_iri, report_triples, serialize_extraction
from govgraph.rdf.shacl import graph_violations, violations
from govgraph.vocab.namespaces import ELI, GG, OA, QB, SDMX_ATTR, SDMX_DIM, SDMX_MEASURE
from govgraph.vocab.schemes import ontology_file

WHEN = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)

# Terms of the standard vocabularies rdflib does not define, as their specifications list them (the
# Web Annotation and Data Cube vocabularies in full; of ELI and SDMX dimensions, a generous part).
_OTHER_TERMS = {
    OA: "annotationService bodyValue cachedSource canonical end exact hasBody hasEndSelector hasPurpose hasScope "
    "hasSelector hasSource hasStartSelector hasState hasTarget motivatedBy prefix processingLanguage refinedBy "
    "renderedVia sourceDate sourceDateEnd sourceDateStart start styleClass styledBy suffix textDirection via "
    "Annotation Choice CssSelector CssStyle DataPositionSelector Direction FragmentSelector HttpRequestState "
    "Motivation RangeSelector ResourceSelection Selector SpecificResource State Style SvgSelector "
    "TextPositionSelector TextQuoteSelector TextualBody TimeState XPathSelector",
    QB: "attribute codeList component componentAttachment componentProperty componentRequired concept dataSet "
    "dimension hierarchyRoot measure measureDimension measureType observation observationGroup order "
    "parentChildProperty slice sliceKey sliceStructure structure Attachable AttributeProperty CodedProperty "
    "ComponentProperty ComponentSet ComponentSpecification DataSet DataStructureDefinition DimensionProperty "
    "HierarchicalCodeList MeasureProperty Observation ObservationGroup Slice SliceKey",
    ELI: "cites cited_by passed_by is_about date_document date_publication is_part_of has_part title "
    "type_document amends amended_by repeals repealed_by based_on basis_for LegalResource LegalExpression "
    "LegalResourceSubdivision Format Work",
    SDMX_DIM: "age civilStatus currency educationLev freq occupation refArea refPeriod sex timeFormat",
    SDMX_MEASURE: "obsValue",
    SDMX_ATTR: "comment compilingOrg confStatus currency dataComp decimals obsStatus unitMeasure unitMult",
}
_DEFINED = (RDF, RDFS, DCTERMS, PROV, ORG, SKOS)


@pytest.fixture(scope="module")
def graph(haikou) -> Graph:
    return build_graph(haikou, WHEN)


@pytest.fixture(scope="module")
def own_graph(haikou) -> Graph:
    own, _ = report_triples(haikou, WHEN)
    return Graph().parse(data=own.ntriples(), format="nt")


def test_haikou_graph_passes_shacl(graph):
    found = graph_violations(graph)
    assert not found, found[:5]


def test_shacl_names_what_a_damaged_report_graph_lacks(haikou):
    own, shared = report_triples(haikou, WHEN)
    section = next(line for line in own.statements() if f" <{GG.path}> " in line)
    broken = own.ntriples().replace(section + " .\n", "") + shared.ntriples()
    node = section.split(" ")[0][1:-1]
    assert violations(broken) == [f"{node} {GG.path}: Less than 1 values on <{node}>->gg:path"]


def test_mentions_point_at_their_exact_text(haikou, haikou_text, graph):
    """A mention is one oa:Annotation whose target is the report's text/plain resource with an RFC 5147
    fragment (#char=S,E), the offsets also as numbers; the report names that text resource, whose
    representation is gg:text."""
    g = graph
    report = URIRef(report_graph_iri(haikou))
    (text_resource,) = g.objects(report, DCTERMS.hasFormat)
    assert str(g.value(text_resource, DCTERMS.format)).startswith("text/plain")
    anns = list(g.subjects(RDF.type, OA.Annotation))
    assert len(anns) == sum(len(e.mentions) for e in haikou.entities) > 100
    spans = set()
    for ann in anns:
        assert list(g.objects(ann, RDF.type)) == [OA.Annotation]  # the standard type only
        (target,) = g.objects(ann, OA.hasTarget)
        source, _, fragment = str(target).partition("#")
        start, end = int(g.value(ann, GG.start)), int(g.value(ann, GG.end))
        assert source == str(text_resource) and fragment == f"char={start},{end}" and start < end
        assert not list(g.predicate_objects(target))  # an IRI, not a node with a selector
        spans.add((start, end))
    assert spans == {(mm.start, mm.end) for e in haikou.entities for mm in e.mentions}
    for old in (OA.hasSelector, OA.hasSource, OA.start, OA.end, OA.exact):
        assert not list(g.triples((None, old, None))), old
    assert not list(g.subjects(RDF.type, GG.Mention))
    assert str(g.value(report, GG.text)) == haikou_text


def _stored(x):
    """An in-memory store holding the report graph of extraction ``x``, as ingest writes it."""
    from govgraph.store.oxigraph import OxigraphStore

    s = OxigraphStore()
    with s.writer("https://example.org/shared") as w:
        own, shared = report_triples(x, WHEN)
        graph = report_graph_iri(x)
        w.put(graph, own.nquads(graph).encode(), shared.statements())
    return s


def test_derived_quotes_are_the_mentions_text(haikou):
    """The mention-quotes query (SUBSTR over the kept report text) gives back every mention's own span."""
    from govgraph.vocab import sparql

    rows = _stored(haikou).query(sparql("mention-quotes", only="")).rows
    expected = sorted((mm.start, mm.end, mm.text) for e in haikou.entities for mm in e.mentions)
    assert sorted((start, end, quote) for _, _, quote, start, end, _ in rows) == expected
    assert len(rows) > 100


def test_derived_figure_texts_are_the_figures_text(haikou):
    """The figure-quotes query gives back every figure's own text, which the graph no longer copies."""
    from govgraph.vocab import sparql

    rows = _stored(haikou).query(sparql("figure-quotes", only="")).rows
    assert sorted((start, end, quote) for _, quote, start, end, _ in rows) == sorted(
        (o.start, o.end, o.text) for o in haikou.observations
    )
    assert len(rows) > 50


def test_derived_quotes_count_code_points_beyond_the_basic_plane(tmp_path):
    """Offsets are Python string indexes (code points); SPARQL SUBSTR counts code points too, also past a
    character outside the Basic Multilingual Plane (two UTF-16 units, four UTF-8 bytes)."""
    from govgraph import extract_report
    from govgraph.vocab import sparql

    report = tmp_path / "r.txt"
    text = "𠀀𡈽市人民政府2022年法治政府建设情况报告\n\n一、主要工作\n市司法局会同市人力资源和社会保障局推进《𠮷野条例》的实施。\n"
    report.write_text(text, encoding="utf-8")
    x = extract_report(report)
    spans = [(mm.start, mm.end, mm.text) for e in x.entities for mm in e.mentions]
    assert spans and any(start > 2 for start, _, _ in spans)
    rows = _stored(x).query(sparql("mention-quotes", only="")).rows
    assert sorted((start, end, quote) for _, _, quote, start, end, _ in rows) == sorted(spans)


@pytest.mark.parametrize(
    "prop",
    [
        SDMX_MEASURE.obsValue,
        GG.unit,
        SDMX_ATTR.unitMeasure,
        GG.status,
        GG.measureConcept,
        GG.ordinal,
        SDMX_DIM.refArea,
        SDMX_DIM.refPeriod,
    ],
)
def test_every_observation_has_exactly_one(haikou, graph, prop):
    observations = list(graph.subjects(RDF.type, QB.Observation))
    assert len(observations) == len(haikou.observations) > 50
    for o in observations:
        assert len(list(graph.objects(o, prop))) == 1, (o, prop)


def test_observation_values_and_places_are_typed(haikou, graph):
    place = URIRef("https://w3id.org/govgraph/place/460100")
    for o in graph.subjects(RDF.type, QB.Observation):
        assert list(graph.objects(o, RDF.type)) == [QB.Observation]  # the standard type only
        assert graph.value(o, SDMX_MEASURE.obsValue).datatype == XSD.decimal
        assert graph.value(o, GG.value) is None  # no copy beside the Data Cube measure
        assert graph.value(o, SDMX_DIM.refArea) == place
        assert graph.value(o, SDMX_DIM.refPeriod) == Literal("2022", datatype=XSD.gYear)  # a fazhi report: no targets


def test_units_are_concepts_of_the_unit_code_list(graph):
    """sdmx-attribute:unitMeasure names the unit a consumer without a reasoner can read: a concept of the
    structure's unit code list labelled with the report's own unit, % matched to QUDT's percent."""
    scheme = URIRef("https://w3id.org/govgraph/unit/scheme")
    assert (SDMX_ATTR.unitMeasure, QB.codeList, scheme) in graph
    assert (None, QB.attribute, SDMX_ATTR.unitMeasure) in graph
    units = set()
    for o in graph.subjects(RDF.type, QB.Observation):
        concept = graph.value(o, SDMX_ATTR.unitMeasure)
        assert (concept, SKOS.inScheme, scheme) in graph
        assert graph.value(concept, SKOS.prefLabel) == Literal(str(graph.value(o, GG.unit)), lang="zh")
        units.add(str(graph.value(o, GG.unit)))
    assert {"%", "件"} <= units
    percent = URIRef("https://w3id.org/govgraph/unit/%25")
    assert graph.value(percent, SKOS.exactMatch) == URIRef("http://qudt.org/vocab/unit/PERCENT")
    assert graph.value(URIRef("https://w3id.org/govgraph/unit/件"), SKOS.exactMatch) is None


def test_declared_triple_count_is_the_size_of_the_report_graph(haikou, own_graph):
    (count,) = own_graph.objects(URIRef(report_graph_iri(haikou)), GG.tripleCount)
    assert count.datatype == XSD.integer
    assert int(count) == len(own_graph) > 2000


def _ontology_terms() -> set[URIRef]:
    ont = Graph().parse(ontology_file("govgraph.ttl"), format="turtle")
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    return {t for k in kinds for t in ont.subjects(RDF.type, k) if isinstance(t, URIRef)}


def _known(term: URIRef, ours: set[URIRef]) -> bool:
    if term in ours or any(term in ns for ns in _DEFINED):
        return True
    return any(term.startswith(ns) and term[len(ns) :] in names.split() for ns, names in _OTHER_TERMS.items())


def test_the_vocabulary_check_rejects_misspelt_terms():
    ours = _ontology_terms()
    assert _known(DCTERMS.title, ours) and _known(OA.hasSelector, ours) and _known(GG.tripleCount, ours)
    misspelt = [f"{DCTERMS}titel", f"{OA}hasSelecter", f"{GG}tripleCout", f"{SDMX_DIM}refAera", "https://example.org/p"]
    assert not any(_known(URIRef(t), ours) for t in misspelt)


def test_only_terms_of_the_ontology_and_standard_vocabularies_are_written(graph):
    ours = _ontology_terms()
    predicates = set(graph.predicates())
    classes = {c for c in graph.objects(None, RDF.type) if isinstance(c, URIRef)}
    assert {p for p in predicates if not _known(p, ours)} == set()
    assert {c for c in classes if not _known(c, ours)} == set()
    assert len(predicates) > 40


def test_iris_are_deterministic(haikou, graph):
    from govgraph import extract_report

    again = extract_report(haikou.document.path)
    a = {s for s in graph.subjects() if isinstance(s, URIRef)}
    b = {s for s in build_graph(again).subjects() if isinstance(s, URIRef)}
    assert a == b
    assert URIRef("https://w3id.org/govgraph/agency/460100/海口市司法局") in a
    assert URIRef("https://w3id.org/govgraph/document/national/中华人民共和国审计法") in a


def test_serialisations_parse(haikou):
    assert len(Graph().parse(data=serialize_extraction(haikou, "turtle"), format="turtle")) > 3000
    ds = Dataset()
    ds.parse(data=serialize_extraction(haikou, "trig"), format="trig")
    assert URIRef(report_graph_iri(haikou)) in {g.identifier for g in ds.graphs()}
    quads = len(list(ds.quads((None, None, None, None))))
    from_jsonld = Dataset()
    from_jsonld.parse(data=serialize_extraction(haikou, "jsonld"), format="json-ld")
    assert quads > 3000 and len(list(from_jsonld.quads((None, None, None, None)))) == quads


def test_agencies_carry_org_classification_and_documents_eli_title(graph):
    typed = set(graph.subject_objects(GG.agencyType))
    assert len(typed) > 10 and typed == set(graph.subject_objects(ORG.classification))
    documents = set(graph.subjects(RDF.type, GG.Document))
    assert documents and all(graph.value(d, ELI.title) == graph.value(d, SKOS.prefLabel) for d in documents)
    assert all((d, RDF.type, ELI.LegalResource) in graph for d in documents)


def test_documents_carry_their_kind_as_an_eli_type_from_the_scheme(haikou, graph):
    """eli:type_document names the concept of ontology/document-kinds.ttl whose notation is the kind."""
    scheme = Graph().parse(ontology_file("document-kinds.ttl"))
    concepts = {str(n): c for c, n in scheme.subject_objects(SKOS.notation)}
    kinds = {e.kind for e in haikou.entities if e.type == "document"}
    assert len(kinds) >= 3 and kinds <= set(concepts)
    typed = list(graph.subject_objects(ELI.type_document))
    assert len(typed) == len(list(graph.subjects(GG.documentKind, None))) > 10
    for d, concept in typed:
        assert concept == concepts[str(graph.value(d, GG.documentKind))]
        assert (concept, SKOS.inScheme, URIRef("https://w3id.org/govgraph/document-kind/scheme")) in scheme


def test_shacl_refuses_a_document_type_outside_the_scheme(haikou):
    own, shared = report_triples(haikou, WHEN)
    line = next(t for t in shared.statements() if f" <{ELI.type_document}> " in t)
    broken = own.ntriples() + shared.ntriples().replace(line, line.split(" ")[0] + f' <{ELI.type_document}> "law"')
    found = violations(broken)
    assert found and all("type_document" in f for f in found)  # not an IRI, nor one of the scheme


def test_literals_are_written_as_rdflib_writes_them(haikou):
    """The N-Triples text the report writer builds by hand: every literal the Haikou report's graph holds
    (its whole text, labels with quotes and brackets, numbers, years, decimals) read back by rdflib is the
    value and datatype it was made from."""
    from govgraph.rdf.terms import lit

    values: list[tuple[object, str | None, str | None]] = [(haikou.document.text, None, None), (0, None, None)]
    values += [(e.name, "zh", None) for e in haikou.entities]
    values += [(o.measure, "zh", None) for o in haikou.observations]
    values += [(o.start, None, None) for o in haikou.observations]
    values += [('say "hi"\\n\r\n', None, None), ("2022", None, str(XSD.gYear)), ("98.53", None, str(XSD.decimal))]
    values += [(WHEN, None, None)]
    for value, lang, datatype in values:
        written = lit(value, lang=lang, datatype=datatype)
        (parsed,) = (
            Graph().parse(data=f"<https://example.org/s> <https://example.org/p> {written} .", format="nt").objects()
        )
        expected = Literal(value, lang=lang, datatype=datatype)
        assert parsed == expected and parsed.datatype == expected.datatype and parsed.language == expected.language

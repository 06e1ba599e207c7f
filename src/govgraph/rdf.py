"""The RDF layer: the only module that knows RDF.

One report becomes one named graph (named by the report's IRI) holding the
report, its text and sections, every entity it mentions with its labels, one
Web Annotation per mention (position and quote selectors on the report text),
its observations as Data Cube observations, and the extraction run.
"""

from __future__ import annotations

from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, XSD

from .extract import entity_key
from .ids import iri, section_id
from .model import Extraction
from .vocab import DATA, ELI, GG, OA, QB, SDMX_DIM

PREFIXES = {
    "gg": GG._NS,
    "dcterms": DCTERMS,
    "org": ORG,
    "prov": PROV,
    "skos": SKOS,
    "oa": OA,
    "eli": ELI,
    "qb": QB,
    "sdmxd": SDMX_DIM,
    "ggd": DATA,
    "xsd": XSD,
    "rdfs": RDFS,
}
_TYPES = {"agency": GG.Agency, "document": GG.Document, "reform": GG.Reform, "place": GG.Place}
_EXTRA_TYPES = {"agency": ORG.Organization, "document": ELI.LegalResource, "reform": SKOS.Concept}
_PREDICATES = {
    "subOrganizationOf": ORG.subOrganizationOf,
    "cites": ELI.cites,
    "issued": GG.issued,
    "mentionsReform": GG.mentionsReform,
}


def tool_version() -> str:
    try:
        return version("govgraph")
    except PackageNotFoundError:
        return "0+unknown"


def report_graph_iri(x: Extraction) -> URIRef:
    """The named graph of a report is named by the report's IRI."""
    return URIRef(iri(x.report_id))


def build_graph(x: Extraction, when: datetime | None = None) -> Graph:
    """All triples of one report, its own and the shared descriptions, as one rdflib Graph.

    >>> from govgraph.read import read_report
    >>> from govgraph.extract import extract
    >>> g = build_graph(extract(read_report("data/reports/haikou-2022-fazhi.txt")))
    >>> len(g) > 3000
    True
    """
    own, shared = build_graphs(x, when)
    for t in shared:
        own.add(t)
    return own


def _new_graph() -> Graph:
    g = Graph()
    for p, ns in PREFIXES.items():
        g.bind(p, ns)
    return g


def build_graphs(x: Extraction, when: datetime | None = None) -> tuple[Graph, Graph]:
    """(the report's own graph, the shared descriptions it contributes).

    The report's graph holds what only this report says: the report, its text
    and sections, its mentions and observations. Descriptions of things that
    many reports name (an agency's type and labels, a law's kind, a parent
    body) go to the shared graph, so that they are stored once and a query
    over all graphs does not see them once per report.
    """
    g = _new_graph()
    sh = _new_graph()
    m = x.document.meta
    rep = report_graph_iri(x)
    g.add((rep, RDF.type, GG.Report))
    g.add((rep, RDF.type, PROV.Entity))
    g.add((rep, DCTERMS.title, Literal(m.title or x.report_id)))
    g.add((rep, DCTERMS.language, Literal("zh")))
    g.add((rep, GG.text, Literal(x.document.text)))
    if m.year:
        g.add((rep, GG.year, Literal(str(m.year), datatype=XSD.gYear)))
        g.add((rep, DCTERMS.temporal, Literal(str(m.year), datatype=XSD.gYear)))
    if m.published:
        g.add((rep, DCTERMS.issued, Literal(m.published, datatype=XSD.date)))
    if m.level:
        g.add((rep, GG.level, Literal(m.level)))
    if m.genre:
        g.add((rep, GG.genre, Literal(m.genre)))
    if m.publisher:
        g.add((rep, DCTERMS.publisher, Literal(m.publisher, lang="zh")))
    if m.source:
        g.add((rep, DCTERMS.source, Literal(m.source)))
    place = None
    if m.adcode:
        place = URIRef(iri(f"place/{m.adcode}"))
        g.add((rep, DCTERMS.spatial, place))
        sh.add((place, RDF.type, GG.Place))
        sh.add((place, GG.adcode, Literal(m.adcode)))
        if m.place:
            sh.add((place, SKOS.prefLabel, Literal(m.place, lang="zh")))
    run = URIRef(str(rep) + "/run")
    g.add((run, RDF.type, GG.ExtractionRun))
    g.add((run, RDF.type, PROV.Activity))
    g.add((run, PROV.wasAssociatedWith, Literal(f"govgraph {tool_version()}")))
    g.add(
        (
            run,
            PROV.endedAtTime,
            Literal((when or datetime.now(timezone.utc)).replace(microsecond=0), datatype=XSD.dateTime),
        )
    )
    g.add((rep, PROV.wasGeneratedBy, run))

    sec_iri = {}
    for s in x.sections:
        node = URIRef(iri(section_id(x.report_id, s.path)))
        sec_iri[s.path] = node
        g.add((node, RDF.type, GG.Section))
        g.add((node, GG.path, Literal(s.path)))
        g.add((node, DCTERMS.isPartOf, rep))
        g.add((rep, DCTERMS.hasPart, node))
        g.add((node, GG.start, Literal(s.start)))
        g.add((node, GG.end, Literal(s.end)))
        if s.title:
            g.add((node, DCTERMS.title, Literal(s.title, lang="zh")))
        if s.type:
            g.add((node, GG.sectionType, Literal(s.type)))

    def section_node(path: str) -> URIRef:
        return sec_iri.get(path) or next(iter(sec_iri.values()))

    n = 0
    adoptions: list[URIRef] = []
    for e in x.entities:
        node = URIRef(iri(entity_key(e)))
        sh.add((node, RDF.type, _TYPES[e.type]))
        if e.type in _EXTRA_TYPES:
            sh.add((node, RDF.type, _EXTRA_TYPES[e.type]))
        sh.add((node, SKOS.prefLabel, Literal(e.name, lang="zh")))
        sh.add((node, RDFS.label, Literal(e.name, lang="zh")))
        for surf in e.surfaces:
            if surf != e.name:
                sh.add((node, SKOS.altLabel, Literal(surf, lang="zh")))
        if e.kind and e.type == "document":
            sh.add((node, GG.documentKind, Literal(e.kind)))
        if e.kind and e.type == "agency":
            sh.add((node, GG.agencyType, URIRef(iri(e.kind))))
        if e.level and e.type == "document":
            sh.add((node, GG.level, Literal(e.level)))
        if e.adcode:
            sh.add((node, GG.adcode, Literal(e.adcode)))
        g.add((rep, GG.mentions, node))
        adoption = None
        if e.type == "reform" and place is not None:
            # this place's adoption of the reform, with the report's mentions as evidence
            adoption = URIRef(f"{rep}/adoption/{len(adoptions) + 1}")
            adoptions.append(adoption)
            g.add((adoption, RDF.type, GG.ReformAdoption))
            g.add((adoption, GG.reform, node))
            g.add((adoption, DCTERMS.spatial, place))
            if m.year:
                g.add((adoption, GG.year, Literal(str(m.year), datatype=XSD.gYear)))
            g.add((adoption, PROV.wasDerivedFrom, section_node(e.mentions[0].section)))
        for mm in e.mentions:
            n += 1
            ann = URIRef(f"{rep}/mention/{n}")
            if adoption is not None:
                g.add((adoption, GG.evidence, ann))
            target, pos, quote = BNode(), BNode(), BNode()
            g.add((ann, RDF.type, GG.Mention))
            g.add((ann, RDF.type, OA.Annotation))
            g.add((ann, OA.motivatedBy, OA.identifying))
            g.add((ann, OA.hasBody, node))
            g.add((ann, OA.hasTarget, target))
            g.add((ann, GG.inSection, section_node(mm.section)))
            g.add((ann, PROV.wasDerivedFrom, section_node(mm.section)))
            g.add((target, OA.hasSource, rep))
            g.add((target, OA.hasSelector, pos))
            g.add((target, OA.hasSelector, quote))
            g.add((pos, RDF.type, OA.TextPositionSelector))
            g.add((pos, OA.start, Literal(mm.start)))
            g.add((pos, OA.end, Literal(mm.end)))
            g.add((quote, RDF.type, OA.TextQuoteSelector))
            g.add((quote, OA.exact, Literal(mm.text)))

    dataset = URIRef(str(rep) + "/dataset")
    g.add((dataset, RDF.type, QB.DataSet))
    g.add((dataset, PROV.wasDerivedFrom, rep))
    for i, o in enumerate(x.observations, 1):
        node = URIRef(f"{rep}/obs/{i}")
        g.add((node, RDF.type, GG.Observation))
        g.add((node, RDF.type, QB.Observation))
        g.add((node, QB.dataSet, dataset))
        g.add((node, GG.measure, Literal(o.measure, lang="zh")))
        g.add((node, GG.value, Literal(_decimal(o.value), datatype=XSD.decimal)))
        if o.unit:
            g.add((node, GG.unit, Literal(o.unit)))
        g.add((node, GG.qualifier, Literal(o.qualifier)))
        g.add((node, GG.status, Literal(o.status)))
        if place is not None:
            g.add((node, SDMX_DIM.refArea, place))
        period = _period(m.year, m.genre, o.status)
        if period:
            g.add((node, SDMX_DIM.refPeriod, Literal(str(period), datatype=XSD.gYear)))
        g.add((node, GG.start, Literal(o.start)))
        g.add((node, GG.end, Literal(o.end)))
        g.add((node, RDFS.comment, Literal(o.text, lang="zh")))
        g.add((node, PROV.wasDerivedFrom, section_node(o.section)))
        g.add((node, GG.inSection, section_node(o.section)))
        if o.indicator:
            g.add((node, GG.indicator, URIRef(iri(o.indicator))))
        if o.change:
            g.add((node, GG.changeValue, Literal(_decimal(o.change.value), datatype=XSD.decimal)))
            g.add((node, GG.changeUnit, Literal(o.change.unit)))
            g.add((node, GG.changeDirection, Literal(o.change.direction)))
            if o.change.basis:
                g.add((node, GG.changeBasis, Literal(o.change.basis, lang="zh")))
    for k, f in enumerate(x.findings, 1):
        add_finding(
            g,
            URIRef(f"{rep}/finding/{k}"),
            f.kind,
            f.message,
            f.expected,
            f.stated,
            [URIRef(f"{rep}/obs/{i + 1}") for i in f.evidence],
            section_node(f.section),
            rep,
        )
    parents = _parent_names(x)
    for r in x.relations:
        pred = _PREDICATES.get(r.predicate)
        if pred is None:
            continue
        target = g if r.subject == x.report_id else sh
        target.add((URIRef(iri(r.subject)), pred, URIRef(iri(r.object))))
        if r.predicate == "subOrganizationOf" and r.object in parents:
            parent = URIRef(iri(r.object))  # a parent body the report names only as part of a longer name
            sh.add((parent, RDF.type, GG.Agency))
            sh.add((parent, RDF.type, ORG.Organization))
            if (parent, SKOS.prefLabel, None) not in sh:
                sh.add((parent, SKOS.prefLabel, Literal(parents[r.object], lang="zh")))
    # the graph states its own size, so a reader can tell a whole report from a damaged one
    g.add((rep, GG.tripleCount, Literal(len(g) + 1)))
    return g, sh


def add_finding(
    g: Graph,
    node: URIRef,
    kind: str,
    message: str,
    expected: float,
    stated: float,
    evidence: list[URIRef],
    section: URIRef | None = None,
    report: URIRef | None = None,
) -> None:
    """A finding of a check, with the observations it rests on."""
    if report is not None:
        g.add((node, GG.report, report))
    g.add((node, RDF.type, GG.Finding))
    g.add((node, GG.checkKind, Literal(kind)))
    g.add((node, RDFS.comment, Literal(message, lang="zh")))
    g.add((node, GG.expectedValue, Literal(_decimal(expected), datatype=XSD.decimal)))
    g.add((node, GG.statedValue, Literal(_decimal(stated), datatype=XSD.decimal)))
    for e in evidence:
        g.add((node, GG.evidence, e))
    if section is not None:
        g.add((node, GG.inSection, section))


def _parent_names(x: Extraction) -> dict[str, str]:
    """Parent ids of subOrganizationOf relations, with the parents' names."""
    by_key = {entity_key(e): e for e in x.entities}
    out = {}
    for r in x.relations:
        child = by_key.get(r.subject)
        if r.predicate == "subOrganizationOf" and child is not None and child.parent:
            out[r.object] = child.parent
    return out


def _period(year: int | None, genre: str | None, status: str) -> int | None:
    """Actual figures belong to the year covered; a work report's targets to the year it is delivered."""
    if year is None:
        return None
    return year + 1 if status == "target" and genre == "work-report" else year


def _decimal(v: float) -> str:
    s = f"{v:.6f}".rstrip("0").rstrip(".")
    return s or "0"


SHARED_GRAPH = URIRef(DATA + "graph/shared")
ONTOLOGY_GRAPH = URIRef(DATA + "graph/ontology")
ONTOLOGY_FILES = ("govgraph.ttl", "indicators.ttl", "agency-types.ttl", "reforms.ttl")


def ontology_ntriples() -> str:
    """The vocabulary and the concept schemes of ``ontology/`` as N-Triples, for the ontology graph."""
    import pyoxigraph as ox

    from .concepts import ontology_file

    triples = []
    for name in ONTOLOGY_FILES:
        triples.extend(ox.parse(path=str(ontology_file(name)), format=ox.RdfFormat.TURTLE))
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")


def build_dataset(x: Extraction) -> Dataset:
    """A dataset holding the report's own named graph and the shared graph."""
    ds = Dataset()
    for p, ns in PREFIXES.items():
        ds.bind(p, ns)
    own, shared = build_graphs(x)
    for name, graph in ((report_graph_iri(x), own), (SHARED_GRAPH, shared)):
        target = ds.graph(name)
        for t in graph:
            target.add(t)
    return ds


def serialize_extraction(x: Extraction, fmt: str) -> str:
    """turtle (the report's graph), trig or jsonld (the dataset with its named graph)."""
    if fmt == "turtle":
        return build_graph(x).serialize(format="turtle")
    if fmt == "trig":
        return build_dataset(x).serialize(format="trig")
    if fmt == "jsonld":
        return build_dataset(x).serialize(format="json-ld", auto_compact=True)
    raise ValueError(f"unknown RDF format: {fmt}")

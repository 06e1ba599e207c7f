"""The RDF layer: the only module that knows RDF.

One report becomes one named graph (named by the report's IRI) holding the
report, its text and sections, every entity it mentions with its labels, one
Web Annotation per mention (position and quote selectors on the report text),
its observations as Data Cube observations, and the extraction run.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version

from rdflib import Dataset, Graph, URIRef
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


def tool_version() -> str:
    try:
        return version("govgraph")
    except PackageNotFoundError:
        return "0+unknown"


def report_graph_iri(x: Extraction) -> URIRef:
    """The named graph of a report is named by the report's IRI."""
    return URIRef(iri(x.report_id))


class Triples:
    r"""An ordered set of triples, each term already written in N-Triples syntax.

    Building a report's triples as text is what makes ingest fast: no term objects, no
    indexes, and the store parses the lines in Rust. Terms come from :func:`u`,
    :func:`lit` and :func:`bnode`.

    >>> t = Triples()
    >>> t.add(u("https://example.org/a"), u(RDFS.label), lit('say "hi"', lang="zh"))
    >>> t.add(u("https://example.org/a"), u(RDFS.label), lit('say "hi"', lang="zh"))
    >>> len(t), t.ntriples()
    (1, '<https://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> "say \\"hi\\""@zh .\n')
    """

    __slots__ = ("_lines",)

    def __init__(self) -> None:
        self._lines: dict[str, None] = {}

    def add(self, s: str, p: str, o: str) -> None:
        self._lines[f"{s} {p} {o}"] = None

    def __len__(self) -> int:
        return len(self._lines)

    def statements(self) -> list[str]:
        """The triples as N-Triples statements without their closing " ."."""
        return list(self._lines)

    def ntriples(self) -> str:
        """The triples as an N-Triples document."""
        return "".join(f"{line} .\n" for line in self._lines)

    def nquads(self, graph: str) -> str:
        """The triples as N-Quads in the named graph ``graph`` (an IRI)."""
        g = f" <{graph}> .\n"
        return "".join(line + g for line in self._lines)

    def graph(self) -> Graph:
        """The triples as an rdflib Graph (for SHACL and for serialisations other than N-Triples)."""
        g = _new_graph()
        if self._lines:
            g.parse(data=self.ntriples(), format="nt")
        return g


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def u(value: str) -> str:
    """An IRI term. ``value`` must be a valid IRI (ids.iri makes them so)."""
    return f"<{value}>"


def lit(value: object, lang: str | None = None, datatype: str | None = None) -> str:
    r"""A literal term: a string (with a language or a datatype IRI), an int (xsd:integer) or a
    timezone-aware datetime (xsd:dateTime).

    >>> lit(3), lit("a\nb"), lit("2022", datatype=XSD.gYear)
    ('"3"^^<http://www.w3.org/2001/XMLSchema#integer>', '"a\\nb"', '"2022"^^<http://www.w3.org/2001/XMLSchema#gYear>')
    """
    if isinstance(value, bool):
        raise TypeError("no boolean literals here")
    if isinstance(value, int):
        return f'"{value}"^^<{XSD.integer}>'
    if isinstance(value, datetime):
        return f'"{value.isoformat()}"^^<{XSD.dateTime}>'
    text = f'"{str(value).translate(_ESCAPES)}"'
    if lang:
        return f"{text}@{lang}"
    return f"{text}^^<{datatype}>" if datatype else text


def bnode(label: str) -> str:
    """A blank node; labels must be unique across everything loaded together."""
    return f"_:{label}"


_A = u(RDF.type)
_P = {
    name: u(term)
    for name, term in {
        "report_t": GG.Report,
        "entity_t": PROV.Entity,
        "title": DCTERMS.title,
        "language": DCTERMS.language,
        "text": GG.text,
        "year": GG.year,
        "temporal": DCTERMS.temporal,
        "issued": DCTERMS.issued,
        "level": GG.level,
        "genre": GG.genre,
        "publisher": DCTERMS.publisher,
        "source": DCTERMS.source,
        "spatial": DCTERMS.spatial,
        "place_t": GG.Place,
        "adcode": GG.adcode,
        "pref": SKOS.prefLabel,
        "alt": SKOS.altLabel,
        "label": RDFS.label,
        "comment": RDFS.comment,
        "run_t": GG.ExtractionRun,
        "activity_t": PROV.Activity,
        "associated": PROV.wasAssociatedWith,
        "ended": PROV.endedAtTime,
        "generated": PROV.wasGeneratedBy,
        "derived": PROV.wasDerivedFrom,
        "section_t": GG.Section,
        "path": GG.path,
        "part_of": DCTERMS.isPartOf,
        "has_part": DCTERMS.hasPart,
        "start": GG.start,
        "end": GG.end,
        "section_type": GG.sectionType,
        "document_kind": GG.documentKind,
        "agency_type": GG.agencyType,
        "mentions": GG.mentions,
        "adoption_t": GG.ReformAdoption,
        "reform": GG.reform,
        "evidence": GG.evidence,
        "mention_t": GG.Mention,
        "annotation_t": OA.Annotation,
        "motivated": OA.motivatedBy,
        "identifying": OA.identifying,
        "body": OA.hasBody,
        "target": OA.hasTarget,
        "source_doc": OA.hasSource,
        "selector": OA.hasSelector,
        "position_t": OA.TextPositionSelector,
        "oa_start": OA.start,
        "oa_end": OA.end,
        "quote_t": OA.TextQuoteSelector,
        "exact": OA.exact,
        "dataset_t": QB.DataSet,
        "observation_t": GG.Observation,
        "qb_observation_t": QB.Observation,
        "data_set": QB.dataSet,
        "measure": GG.measure,
        "value": GG.value,
        "unit": GG.unit,
        "qualifier": GG.qualifier,
        "status": GG.status,
        "area": SDMX_DIM.refArea,
        "period": SDMX_DIM.refPeriod,
        "indicator": GG.indicator,
        "change_value": GG.changeValue,
        "change_unit": GG.changeUnit,
        "change_direction": GG.changeDirection,
        "change_basis": GG.changeBasis,
        "change_indicator": GG.changeIndicator,
        "triple_count": GG.tripleCount,
        "finding_t": GG.Finding,
        "for_report": GG.report,
        "check_kind": GG.checkKind,
        "expected": GG.expectedValue,
        "stated": GG.statedValue,
        "organization_t": ORG.Organization,
        "close_match": SKOS.closeMatch,
        "probable_t": GG.ProbableMatch,
        "report_count": GG.reportCount,
        "place_count": GG.placeCount,
        "first_year": GG.firstYear,
    }.items()
}
_TYPES = {
    k: u(v) for k, v in {"agency": GG.Agency, "document": GG.Document, "reform": GG.Reform, "place": GG.Place}.items()
}
_EXTRA_TYPES = {
    k: u(v) for k, v in {"agency": ORG.Organization, "document": ELI.LegalResource, "reform": SKOS.Concept}.items()
}
_PREDICATES = {
    "subOrganizationOf": u(ORG.subOrganizationOf),
    "cites": u(ELI.cites),
    "issued": u(GG.issued),
    "mentionsReform": u(GG.mentionsReform),
}


def build_graph(x: Extraction, when: datetime | None = None) -> Graph:
    """All triples of one report, its own and the shared descriptions, as one rdflib Graph.

    >>> from govgraph.read import read_report
    >>> from govgraph.extract import extract
    >>> g = build_graph(extract(read_report("data/reports/haikou-2022-fazhi.txt")))
    >>> len(g) > 3000
    True
    """
    own, shared = report_triples(x, when)
    g = own.graph()
    if len(shared):
        g.parse(data=shared.ntriples(), format="nt")
    return g


def _new_graph() -> Graph:
    g = Graph()
    for p, ns in PREFIXES.items():
        g.bind(p, ns)
    return g


def report_triples(x: Extraction, when: datetime | None = None) -> tuple[Triples, Triples]:
    """(the report's own triples, the shared descriptions it contributes).

    The report's graph holds what only this report says: the report, its text
    and sections, its mentions and observations. Descriptions of things that
    many reports name (an agency's type and labels, a law's kind, a parent
    body) go to the shared graph, so that they are stored once and a query
    over all graphs does not see them once per report.

    >>> from govgraph.read import read_report
    >>> from govgraph.extract import extract
    >>> own, shared = report_triples(extract(read_report("data/reports/haikou-2022-fazhi.txt")))
    >>> len(own) > 3000, len(shared) > 100
    (True, True)
    """
    P = _P
    g = Triples()
    sh = Triples()
    m = x.document.meta
    rep_iri = str(report_graph_iri(x))
    rep = u(rep_iri)
    # blank node labels unique to the report, so that many reports can be loaded as one document;
    # lowercase hex without a leading 0, so that Oxigraph keeps them as numbers, not strings
    blank = "1" + hashlib.sha1(rep_iri.encode()).hexdigest()[:14]
    g.add(rep, _A, P["report_t"])
    g.add(rep, _A, P["entity_t"])
    g.add(rep, P["title"], lit(m.title or x.report_id))
    g.add(rep, P["language"], lit("zh"))
    g.add(rep, P["text"], lit(x.document.text))
    if m.year:
        g.add(rep, P["year"], lit(str(m.year), datatype=XSD.gYear))
        g.add(rep, P["temporal"], lit(str(m.year), datatype=XSD.gYear))
    if m.published:
        g.add(rep, P["issued"], lit(m.published, datatype=XSD.date))
    if m.level:
        g.add(rep, P["level"], lit(m.level))
    if m.genre:
        g.add(rep, P["genre"], lit(m.genre))
    if m.publisher:
        g.add(rep, P["publisher"], lit(m.publisher, lang="zh"))
    if m.source:
        g.add(rep, P["source"], lit(m.source))
    place = None
    if m.adcode:
        place = u(iri(f"place/{m.adcode}"))
        g.add(rep, P["spatial"], place)
        sh.add(place, _A, P["place_t"])
        sh.add(place, P["adcode"], lit(m.adcode))
        if m.place:
            sh.add(place, P["pref"], lit(m.place, lang="zh"))
    run = u(rep_iri + "/run")
    g.add(run, _A, P["run_t"])
    g.add(run, _A, P["activity_t"])
    g.add(run, P["associated"], lit(f"govgraph {tool_version()}"))
    g.add(run, P["ended"], lit((when or datetime.now(timezone.utc)).replace(microsecond=0)))
    g.add(rep, P["generated"], run)

    sec_iri = {}
    for s in x.sections:
        node = u(iri(section_id(x.report_id, s.path)))
        sec_iri[s.path] = node
        g.add(node, _A, P["section_t"])
        g.add(node, P["path"], lit(s.path))
        g.add(node, P["part_of"], rep)
        g.add(rep, P["has_part"], node)
        g.add(node, P["start"], lit(s.start))
        g.add(node, P["end"], lit(s.end))
        if s.title:
            g.add(node, P["title"], lit(s.title, lang="zh"))
        if s.type:
            g.add(node, P["section_type"], lit(s.type))

    def section_node(path: str) -> str:
        return sec_iri.get(path) or next(iter(sec_iri.values()))

    n = 0
    adoptions = 0
    labelled: set[str] = set()  # nodes given a skos:prefLabel
    year = lit(str(m.year), datatype=XSD.gYear) if m.year else None
    for e in x.entities:
        node = u(iri(entity_key(e)))
        sh.add(node, _A, _TYPES[e.type])
        if e.type in _EXTRA_TYPES:
            sh.add(node, _A, _EXTRA_TYPES[e.type])
        name = lit(e.name, lang="zh")
        sh.add(node, P["pref"], name)
        labelled.add(node)
        sh.add(node, P["label"], name)
        for surf in e.surfaces:
            if surf != e.name:
                sh.add(node, P["alt"], lit(surf, lang="zh"))
        if e.kind and e.type == "document":
            sh.add(node, P["document_kind"], lit(e.kind))
        if e.kind and e.type == "agency":
            sh.add(node, P["agency_type"], u(iri(e.kind)))
        if e.level and e.type == "document":
            sh.add(node, P["level"], lit(e.level))
        if e.adcode:
            sh.add(node, P["adcode"], lit(e.adcode))
        g.add(rep, P["mentions"], node)
        adoption = None
        if e.type == "reform" and place is not None:
            # this place's adoption of the reform, with the report's mentions as evidence
            adoptions += 1
            adoption = u(f"{rep_iri}/adoption/{adoptions}")
            g.add(adoption, _A, P["adoption_t"])
            g.add(adoption, P["reform"], node)
            g.add(adoption, P["spatial"], place)
            if year:
                g.add(adoption, P["year"], year)
            g.add(adoption, P["derived"], section_node(e.mentions[0].section))
        for mm in e.mentions:
            n += 1
            ann = u(f"{rep_iri}/mention/{n}")
            if adoption is not None:
                g.add(adoption, P["evidence"], ann)
            target, pos, quote = (bnode(f"{blank}{n:07x}{k}") for k in "abc")
            section = section_node(mm.section)
            g.add(ann, _A, P["mention_t"])
            g.add(ann, _A, P["annotation_t"])
            g.add(ann, P["motivated"], P["identifying"])
            g.add(ann, P["body"], node)
            g.add(ann, P["target"], target)
            g.add(ann, P["derived"], section)
            g.add(target, P["source_doc"], rep)
            g.add(target, P["selector"], pos)
            g.add(target, P["selector"], quote)
            g.add(pos, _A, P["position_t"])
            g.add(pos, P["oa_start"], lit(mm.start))
            g.add(pos, P["oa_end"], lit(mm.end))
            g.add(quote, _A, P["quote_t"])
            g.add(quote, P["exact"], lit(mm.text))

    dataset = u(rep_iri + "/dataset")
    g.add(dataset, _A, P["dataset_t"])
    g.add(dataset, P["derived"], rep)
    for i, o in enumerate(x.observations, 1):
        node = u(f"{rep_iri}/obs/{i}")
        section = section_node(o.section)
        g.add(node, _A, P["observation_t"])
        g.add(node, _A, P["qb_observation_t"])
        g.add(node, P["data_set"], dataset)
        g.add(node, P["measure"], lit(o.measure, lang="zh"))
        g.add(node, P["value"], lit(_decimal(o.value), datatype=XSD.decimal))
        if o.unit:
            g.add(node, P["unit"], lit(o.unit))
        g.add(node, P["qualifier"], lit(o.qualifier))
        g.add(node, P["status"], lit(o.status))
        if place is not None:
            g.add(node, P["area"], place)
        period = _period(m.year, m.genre, o.status)
        if period:
            g.add(node, P["period"], lit(str(period), datatype=XSD.gYear))
        g.add(node, P["start"], lit(o.start))
        g.add(node, P["end"], lit(o.end))
        g.add(node, P["comment"], lit(o.text, lang="zh"))
        g.add(node, P["derived"], section)
        if o.indicator:
            g.add(node, P["indicator"], u(iri(o.indicator)))
        if o.change:
            g.add(node, P["change_value"], lit(_decimal(o.change.value), datatype=XSD.decimal))
            g.add(node, P["change_unit"], lit(o.change.unit))
            g.add(node, P["change_direction"], lit(o.change.direction))
            if o.change.basis:
                g.add(node, P["change_basis"], lit(o.change.basis, lang="zh"))
            if o.change.indicator:
                g.add(node, P["change_indicator"], u(iri(o.change.indicator)))
    for k, f in enumerate(x.findings, 1):
        add_finding(
            g,
            f"{rep_iri}/finding/{k}",
            f.kind,
            f.message,
            f.expected,
            f.stated,
            [f"{rep_iri}/obs/{i + 1}" for i in f.evidence],
            section_node(f.section)[1:-1],  # the IRI inside <>
            rep_iri,
        )
    parents = _parent_names(x)
    for r in x.relations:
        pred = _PREDICATES.get(r.predicate)
        if pred is None:
            continue
        target = g if r.subject == x.report_id else sh
        target.add(u(iri(r.subject)), pred, u(iri(r.object)))
        if r.predicate == "subOrganizationOf" and r.object in parents:
            parent = u(iri(r.object))  # a parent body the report names only as part of a longer name
            sh.add(parent, _A, _TYPES["agency"])
            sh.add(parent, _A, P["organization_t"])
            if parent not in labelled:
                sh.add(parent, P["pref"], lit(parents[r.object], lang="zh"))
                labelled.add(parent)
    # the graph states its own size, so a reader can tell a whole report from a damaged one
    g.add(rep, P["triple_count"], lit(len(g) + 1))
    return g, sh


def add_finding(
    g: Triples,
    node: str,
    kind: str,
    message: str,
    expected: float,
    stated: float,
    evidence: list[str],
    section: str | None = None,
    report: str | None = None,
) -> None:
    """A finding of a check (IRIs as plain strings), with the observations it rests on."""
    P = _P
    n = u(node)
    if report is not None:
        g.add(n, P["for_report"], u(report))
    g.add(n, _A, P["finding_t"])
    g.add(n, P["check_kind"], lit(kind))
    g.add(n, P["comment"], lit(message, lang="zh"))
    g.add(n, P["expected"], lit(_decimal(expected), datatype=XSD.decimal))
    g.add(n, P["stated"], lit(_decimal(stated), datatype=XSD.decimal))
    for e in evidence:
        g.add(n, P["evidence"], u(e))
    if section is not None:
        g.add(n, P["derived"], u(section))


def reach_triples(rows: list[tuple[str, str, int, int, int]]) -> Triples:
    """Its type (again, so that the reach graph alone answers "the documents that reach furthest"),
    gg:reportCount, gg:placeCount and gg:firstYear for each (iri, type iri, reports, places, first year).

    >>> reach_triples([("https://example.org/law", str(GG.Document), 3, 2, 2021)]).statements()[3]
    '<https://example.org/law> <https://w3id.org/govgraph/def#firstYear> "2021"^^<http://www.w3.org/2001/XMLSchema#gYear>'
    """
    P = _P
    t = Triples()
    for x, type_, reports, places, first in rows:
        t.add(u(x), _A, u(type_))
        t.add(u(x), P["report_count"], lit(reports))
        t.add(u(x), P["place_count"], lit(places))
        t.add(u(x), P["first_year"], lit(str(first), datatype=XSD.gYear))
    return t


def probable_match_triples(matches: list[tuple[str, str, str, str]]) -> Triples:
    """skos:closeMatch both ways for each (iri a, iri b, label a, label b), with a gg:ProbableMatch saying why."""
    P = _P
    t = Triples()
    for k, (a, b, la, lb) in enumerate(matches, 1):
        t.add(u(a), P["close_match"], u(b))
        t.add(u(b), P["close_match"], u(a))
        why = bnode(f"match{k}")
        t.add(why, _A, P["probable_t"])
        t.add(why, P["evidence"], u(a))
        t.add(why, P["evidence"], u(b))
        t.add(why, P["comment"], lit(f"《{la}》 and 《{lb}》 differ only by edition marks", lang="zh"))
    return t


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
    own, shared = report_triples(x)
    for name, triples in ((report_graph_iri(x), own), (SHARED_GRAPH, shared)):
        if len(triples):
            ds.graph(name).parse(data=triples.ntriples(), format="nt")
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

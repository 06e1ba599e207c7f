"""One report's triples, written part by part.

One report becomes one named graph (named by the report's IRI) holding the
report, its text and sections, every entity it mentions with its labels, one
Web Annotation per mention (its target a ``#char=`` fragment of the report's text, RFC 5147),
its observations as Data Cube observations, and the extraction run. Each part has its own
small function; what they share while writing is a ``_Report``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import quote

from rdflib.namespace import XSD

from ..link.ids import entity_key, iri, section_id
from ..model import Change, Entity, Extraction, Mention, Observation
from .corpus import add_finding
from .labels import entity_label, place_label, shared_name
from .terms import ENTITY_CLASSES, IDENTIFYING, RELATION_PREDICATES, A, C, P, Triples, decimal, lit, u

_DECIMAL, _GYEAR = str(XSD.decimal), str(XSD.gYear)  # looked up once, not once a figure


@cache
def tool_version() -> str:
    """The installed govgraph's version, for the extraction run; "0+unknown" when run from a bare checkout."""
    try:
        return version("govgraph")
    except PackageNotFoundError:
        return "0+unknown"


def report_graph_iri(x: Extraction) -> str:
    """The named graph of a report is named by the report's IRI."""
    return iri(x.report_id)


TEXT_FORMAT = "text/plain; charset=utf-8"
"""The media type of a report's text resource (``<report>/text``), whose representation is its ``gg:text``."""


def text_iri(report_iri: str) -> str:
    """The IRI of a report's text, the resource a mention's target (``#char=S,E``, RFC 5147) is a fragment of.

    >>> text_iri("https://w3id.org/govgraph/report/460100-2022-fazhi")
    'https://w3id.org/govgraph/report/460100-2022-fazhi/text'
    """
    return report_iri + "/text"


def report_triples(x: Extraction, when: datetime | None = None) -> tuple[Triples, Triples]:
    """(the report's own triples, the shared descriptions it contributes).

    The report's graph holds what only this report says: the report, its text
    and sections, its mentions and observations. Descriptions of things that
    many reports name (an agency's type and labels, a law's kind, a parent
    body) go to the shared graph, so that they are stored once and a query
    over all graphs does not see them once per report.

    >>> from govgraph import extract_report
    >>> own, shared = report_triples(extract_report("data/reports/haikou-2022-fazhi.txt"))
    >>> len(own) > 2000, len(shared) > 100
    (True, True)
    """
    r = _Report.of(x)
    _add_report(r)
    _add_run(r, when or datetime.now(UTC))
    _add_sections(r)
    for e in x.entities:
        _add_entity(r, e)
    _add_observations(r)
    _add_findings(r)
    _add_relations(r)
    # the graph states its own size, so a reader can tell a whole report from a damaged one
    r.own.add(r.node, P.gg_tripleCount, lit(len(r.own) + 1))
    return r.own, r.shared


@dataclass
class _Report:
    """What the parts of a report's graph share while they are written: the report, its IRIs, the
    two graphs, and the counters that number mentions and adoptions across entities."""

    x: Extraction
    iri: str  # the report's IRI, which also names its graph
    node: str  # the same as an N-Triples term
    place: str | None  # the place the report is about, when its division code is known
    year: str | None  # the year it covers, as a gYear literal
    own: Triples = field(default_factory=Triples)
    shared: Triples = field(default_factory=Triples)
    sections: dict[str, str] = field(default_factory=dict)  # section path -> node
    labelled: set[str] = field(default_factory=set)  # nodes given a skos:prefLabel
    mentions: int = 0
    adoptions: int = 0

    @classmethod
    def of(cls, x: Extraction) -> _Report:
        m = x.document.meta
        rep_iri = report_graph_iri(x)
        return cls(
            x,
            rep_iri,
            u(rep_iri),
            u(iri(f"place/{m.adcode}")) if m.adcode else None,
            lit(str(m.year), datatype=_GYEAR) if m.year else None,
        )

    @property
    def text_iri(self) -> str:
        """The IRI of the report's text as plain text: what mention targets select from (RFC 5147)."""
        return text_iri(self.iri)

    def section(self, path: str) -> str:
        """The node of the section at ``path``, or of the first section when there is none there."""
        return self.sections.get(path) or next(iter(self.sections.values()))


def _add_report(r: _Report) -> None:
    """The report node with its text and metadata, and (shared) the place it is about."""
    g, rep, m = r.own, r.node, r.x.document.meta
    g.add(rep, A, C.gg_Report)
    g.add(rep, A, C.prov_Entity)
    g.add(rep, P.dcterms_title, lit(m.title or r.x.report_id))
    g.add(rep, P.dcterms_language, lit("zh"))
    g.add(rep, P.gg_text, lit(r.x.document.text))
    # the same text as a resource of its own (text/plain), so that a mention can target a span of it by an
    # RFC 5147 fragment (<report>/text#char=S,E); its representation is exactly gg:text
    text = u(r.text_iri)
    g.add(rep, P.dcterms_hasFormat, text)
    g.add(text, P.dcterms_format, lit(TEXT_FORMAT))
    if r.year:
        g.add(rep, P.gg_year, r.year)
        g.add(rep, P.dcterms_temporal, r.year)
    if m.published:
        g.add(rep, P.dcterms_issued, lit(m.published, datatype=XSD.date))
    if m.level:
        g.add(rep, P.gg_level, lit(m.level))
    if m.genre:
        g.add(rep, P.gg_genre, lit(m.genre))
    if m.publisher:
        g.add(rep, P.dcterms_publisher, lit(m.publisher, lang="zh"))
    if m.source:
        g.add(rep, P.dcterms_source, lit(m.source))
    if r.place is not None:
        g.add(rep, P.dcterms_spatial, r.place)
        r.shared.add(r.place, A, C.gg_Place)
        r.shared.add(r.place, P.gg_adcode, lit(m.adcode))
        if m.place:
            label = place_label(m.adcode, m.place)
            r.shared.add(r.place, P.skos_prefLabel, lit(label, lang="zh"))
            if m.place != label:
                r.shared.add(r.place, P.skos_altLabel, lit(m.place, lang="zh"))


def _add_run(r: _Report, when: datetime) -> None:
    """The extraction run that generated the report's graph: which govgraph, and when."""
    run = u(r.iri + "/run")
    r.own.add(run, A, C.gg_ExtractionRun)
    r.own.add(run, A, C.prov_Activity)
    r.own.add(run, P.prov_wasAssociatedWith, lit(f"govgraph {tool_version()}"))
    r.own.add(run, P.prov_endedAtTime, lit(when.replace(microsecond=0)))
    r.own.add(r.node, P.prov_wasGeneratedBy, run)


def _add_sections(r: _Report) -> None:
    """Each section with its path, offsets, title and type, part of the report."""
    g = r.own
    for s in r.x.sections:
        node = u(iri(section_id(r.x.report_id, s.path)))
        r.sections[s.path] = node
        g.add(node, A, C.gg_Section)
        g.add(node, P.gg_path, lit(s.path))
        g.add(node, P.dcterms_isPartOf, r.node)
        g.add(r.node, P.dcterms_hasPart, node)
        g.add(node, P.gg_start, lit(s.start))
        g.add(node, P.gg_end, lit(s.end))
        if s.title:
            g.add(node, P.dcterms_title, lit(s.title, lang="zh"))
        if s.type:
            g.add(node, P.gg_sectionType, lit(s.type))


def _add_entity(r: _Report, e: Entity) -> None:
    """An entity: its description (shared), the report's mention of it, this place's adoption of it
    when it is a reform, and one annotation per mention."""
    node = u(iri(entity_key(e)))
    _describe_entity(r.shared, node, e)
    r.labelled.add(node)
    r.own.add(r.node, P.gg_mentions, node)
    adoption = _add_adoption(r, node, e) if e.type == "reform" else None
    for mm in e.mentions:
        _add_mention(r, node, mm, adoption)


def _describe_entity(sh: Triples, node: str, e: Entity) -> None:
    """What every report naming ``e`` says alike: its classes, labels, kind, level and division code."""
    for cls in ENTITY_CLASSES[e.type]:
        sh.add(node, A, cls)
    label = entity_label(e)  # one preferred label whichever report describes the node (rdf/labels.py)
    name = lit(label, lang="zh")
    sh.add(node, P.skos_prefLabel, name)
    sh.add(node, P.rdfs_label, name)
    for surf in (e.name, *e.surfaces):
        if surf != label:
            sh.add(node, P.skos_altLabel, lit(surf, lang="zh"))
    if e.type == "document":
        sh.add(node, P.eli_title, name)
    if e.kind and e.type == "document":
        sh.add(node, P.gg_documentKind, lit(e.kind))
        sh.add(node, P.eli_type_document, u(iri(f"document-kind/{e.kind}")))  # ontology/document-kinds.ttl
    if e.kind and e.type == "agency":
        sh.add(node, P.gg_agencyType, u(iri(e.kind)))
        sh.add(node, P.org_classification, u(iri(e.kind)))  # for consumers without a reasoner
    if e.level and e.type == "document":
        sh.add(node, P.gg_level, lit(e.level))
    if e.adcode:
        sh.add(node, P.gg_adcode, lit(e.adcode))


def _add_adoption(r: _Report, reform: str, e: Entity) -> str | None:
    """This place's adoption of a reform (None when the report's place is unknown); the report's
    mentions of the reform become its evidence."""
    if r.place is None:
        return None
    r.adoptions += 1
    adoption = u(f"{r.iri}/adoption/{r.adoptions}")
    r.own.add(adoption, A, C.gg_ReformAdoption)
    r.own.add(adoption, P.gg_reform, reform)
    r.own.add(adoption, P.dcterms_spatial, r.place)
    if r.year:
        r.own.add(adoption, P.gg_year, r.year)
    r.own.add(adoption, P.prov_wasDerivedFrom, r.section(e.mentions[0].section))
    return adoption


def _add_mention(r: _Report, body: str, mm: Mention, adoption: str | None) -> None:
    """One mention as a Web Annotation whose target is the report's plain text (``<report>/text``, the
    ``gg:text`` body) with an RFC 5147 fragment, ``#char=START,END`` in code points; the offsets are also
    typed numbers on the mention (``gg:start``, ``gg:end``), so that queries never parse IRIs. The evidence of
    ``adoption`` when there is one. The quote is not stored: it is the text between the offsets (the
    ``mention-quotes`` query derives it; docs/decisions.md)."""
    g = r.own
    r.mentions += 1
    ann = u(f"{r.iri}/mention/{r.mentions}")
    if adoption is not None:
        g.add(adoption, P.gg_evidence, ann)
    g.add(ann, A, C.oa_Annotation)
    g.add(ann, P.oa_motivatedBy, IDENTIFYING)
    g.add(ann, P.oa_hasBody, body)
    g.add(ann, P.oa_hasTarget, u(f"{r.text_iri}#char={mm.start},{mm.end}"))
    g.add(ann, P.prov_wasDerivedFrom, r.section(mm.section))
    g.add(ann, P.gg_start, lit(mm.start))
    g.add(ann, P.gg_end, lit(mm.end))


STRUCTURE = "https://w3id.org/govgraph/structure/"
"""Where the Data Cube structures of the figures and their component specifications are named."""

UNIT_SCHEME = "https://w3id.org/govgraph/unit/scheme"
"""The code list of the unit attribute (``sdmx-attribute:unitMeasure``): one concept for each unit as reports
write it (件, %, 万元), linked to the QUDT unit where one says the same thing."""

# units written in reports that a QUDT unit says exactly; the others (件, 万元, 个百分点 ...) have none
_QUDT = {"%": "http://qudt.org/vocab/unit/PERCENT"}

MEASURE_SCHEME = "https://w3id.org/govgraph/measure/scheme"
"""The code list of the measure-concept dimension: the scheme indicators that figures report and the
concepts minted for a report's measures that no scheme indicator fits."""

# (component name, property, range) of each dimension; the order is the DSD's qb:order
_DIMENSIONS: tuple[tuple[str, str, str], ...] = (
    ("refArea", P.sdmx_refArea, C.gg_Place),
    ("refPeriod", P.sdmx_refPeriod, u(XSD.gYear)),
    ("measureConcept", P.gg_measureConcept, C.skos_Concept),
    ("status", P.gg_status, u(XSD.string)),
    ("ordinal", P.gg_ordinal, u(XSD.integer)),
)


def structure_iri(area: bool, period: bool) -> str:
    """The data structure definition of a report's figures: refArea and refPeriod are dimensions only
    when the report's place and year are known, so that every figure has a value for each (IC-11).

    >>> structure_iri(True, True), structure_iri(False, True)
    ('https://w3id.org/govgraph/structure/figures', 'https://w3id.org/govgraph/structure/figures-no-area')
    """
    return STRUCTURE + "figures" + ("" if area else "-no-area") + ("" if period else "-no-period")


def _add_structure(r: _Report) -> str:
    """(Shared) the data structure definition of the report's data set, in the normalised form of the
    Data Cube specification (component properties typed, qb:componentProperty beside qb:dimension,
    qb:measure and qb:attribute); returns its node."""
    sh = r.shared
    dsd = u(structure_iri(r.place is not None, r.year is not None))
    sh.add(dsd, A, C.qb_DataStructureDefinition)
    order = 0
    for name, prop, range_ in _DIMENSIONS:
        if (name == "refArea" and r.place is None) or (name == "refPeriod" and r.year is None):
            continue
        order += 1
        spec = u(f"{STRUCTURE}component/{name}")
        sh.add(dsd, P.qb_component, spec)
        sh.add(spec, A, C.qb_ComponentSpecification)
        sh.add(spec, P.qb_dimension, prop)
        sh.add(spec, P.qb_componentProperty, prop)
        sh.add(spec, P.qb_order, lit(order))
        sh.add(prop, A, C.qb_DimensionProperty)
        sh.add(prop, A, C.qb_ComponentProperty)
        sh.add(prop, A, C.rdf_Property)
        sh.add(prop, P.rdfs_range, range_)
    sh.add(P.gg_measureConcept, P.qb_codeList, u(MEASURE_SCHEME))
    sh.add(u(MEASURE_SCHEME), A, C.skos_ConceptScheme)
    spec = u(f"{STRUCTURE}component/obsValue")
    sh.add(dsd, P.qb_component, spec)
    sh.add(spec, A, C.qb_ComponentSpecification)
    sh.add(spec, P.qb_measure, P.sdmx_obsValue)
    sh.add(spec, P.qb_componentProperty, P.sdmx_obsValue)
    sh.add(P.sdmx_obsValue, A, C.qb_MeasureProperty)
    sh.add(P.sdmx_obsValue, A, C.qb_ComponentProperty)
    sh.add(P.sdmx_obsValue, A, C.rdf_Property)
    sh.add(P.sdmx_obsValue, P.rdfs_range, u(XSD.decimal))
    for name, prop, required in (("unit", P.gg_unit, "false"), ("qualifier", P.gg_qualifier, "true")):
        spec = u(f"{STRUCTURE}component/{name}")
        sh.add(dsd, P.qb_component, spec)
        sh.add(spec, A, C.qb_ComponentSpecification)
        sh.add(spec, P.qb_attribute, prop)
        sh.add(spec, P.qb_componentProperty, prop)
        sh.add(spec, P.qb_componentRequired, lit(required, datatype=XSD.boolean))
        sh.add(prop, A, C.qb_AttributeProperty)
        sh.add(prop, A, C.qb_ComponentProperty)
        sh.add(prop, A, C.rdf_Property)
        sh.add(prop, P.rdfs_range, u(XSD.string))
    spec = u(f"{STRUCTURE}component/unitMeasure")
    sh.add(dsd, P.qb_component, spec)
    sh.add(spec, A, C.qb_ComponentSpecification)
    sh.add(spec, P.qb_attribute, P.sdmx_unitMeasure)
    sh.add(spec, P.qb_componentProperty, P.sdmx_unitMeasure)
    sh.add(spec, P.qb_componentRequired, lit("false", datatype=XSD.boolean))
    sh.add(P.sdmx_unitMeasure, A, C.qb_AttributeProperty)
    sh.add(P.sdmx_unitMeasure, A, C.qb_ComponentProperty)
    sh.add(P.sdmx_unitMeasure, A, C.rdf_Property)
    sh.add(P.sdmx_unitMeasure, P.rdfs_range, C.skos_Concept)
    sh.add(P.sdmx_unitMeasure, P.qb_codeList, u(UNIT_SCHEME))
    sh.add(u(UNIT_SCHEME), A, C.skos_ConceptScheme)
    return dsd


def _add_observations(r: _Report) -> None:
    """The report's data set, its structure and its observations, numbered from 1."""
    dataset = u(r.iri + "/dataset")
    r.own.add(dataset, A, C.qb_DataSet)
    r.own.add(dataset, P.prov_wasDerivedFrom, r.node)
    r.own.add(dataset, P.qb_structure, _add_structure(r))
    seen: dict[tuple[str, str, int | None], int] = {}  # dimension values but the ordinal -> figures so far
    m = r.x.document.meta
    for i, o in enumerate(r.x.observations, 1):
        concept = _measure_concept(r, o)
        key = (concept, o.status, o.ref_period(m.year, m.genre))
        seen[key] = seen.get(key, 0) + 1
        _add_observation(r, u(f"{r.iri}/obs/{i}"), o, dataset, concept, seen[key])


def _measure_concept(r: _Report, o: Observation) -> str:
    """The value of the measure-concept dimension: the scheme indicator, or the concept of the measure's
    words (the same words in any report are one concept); either is put in the code list, in the shared graph."""
    node = u(iri(o.indicator)) if o.indicator else u(measure_iri(o.measure))
    r.shared.add(node, A, C.skos_Concept)
    r.shared.add(node, P.skos_inScheme, u(MEASURE_SCHEME))
    if not o.indicator:
        r.shared.add(node, P.skos_prefLabel, lit(o.measure, lang="zh"))
    return node


def measure_iri(words: str) -> str:
    """The concept of a figure's measure words that no scheme indicator fits: the words themselves, exactly
    (not normalised, so that one concept has one label), percent-encoded only where an IRI needs it.

    >>> measure_iri("行政复议案件 数")
    'https://w3id.org/govgraph/measure/words/行政复议案件%20数'
    """
    return iri(
        "measure/words/" + "".join(quote(ch, safe="") if ch in _IRI_UNSAFE or ord(ch) < 33 else ch for ch in words)
    )


_IRI_UNSAFE = frozenset('<>"{}|\\^`#?/%[] ')


def unit_iri(unit: str) -> str:
    """The concept of a unit as reports write it, percent-encoded only where an IRI needs it.

    >>> unit_iri("万元"), unit_iri("%")
    ('https://w3id.org/govgraph/unit/万元', 'https://w3id.org/govgraph/unit/%25')
    """
    return iri("unit/" + "".join(quote(ch, safe="") if ch in _IRI_UNSAFE or ord(ch) < 33 else ch for ch in unit))


def _unit_concept(r: _Report, unit: str) -> str:
    """(Shared) the unit's concept in the unit code list, with its QUDT match where there is one."""
    node = u(unit_iri(unit))
    r.shared.add(node, A, C.skos_Concept)
    r.shared.add(node, P.skos_inScheme, u(UNIT_SCHEME))
    r.shared.add(node, P.skos_prefLabel, lit(unit, lang="zh"))
    if unit in _QUDT:
        r.shared.add(node, P.skos_exactMatch, u(_QUDT[unit]))
    return node


def _add_observation(r: _Report, node: str, o: Observation, dataset: str, concept: str, ordinal: int) -> None:
    """One observation: measure, value and unit, status, place and period, its span (offsets: the text is
    derived from them, as the ``figure-quotes`` query does) and its section, and its Data Cube dimensions
    and measure."""
    g, m = r.own, r.x.document.meta
    g.add(node, A, C.qb_Observation)
    g.add(node, P.qb_dataSet, dataset)
    g.add(node, P.gg_measure, lit(o.measure, lang="zh"))
    g.add(node, P.gg_measureConcept, concept)
    g.add(node, P.gg_ordinal, lit(ordinal))
    g.add(node, P.sdmx_obsValue, lit(decimal(o.value), datatype=_DECIMAL))
    if o.unit:
        g.add(node, P.gg_unit, lit(o.unit))
        g.add(node, P.sdmx_unitMeasure, _unit_concept(r, o.unit))
    g.add(node, P.gg_qualifier, lit(o.qualifier))
    g.add(node, P.gg_status, lit(o.status))
    if r.place is not None:
        g.add(node, P.sdmx_refArea, r.place)
    period = o.ref_period(m.year, m.genre)
    if period:
        g.add(node, P.sdmx_refPeriod, lit(str(period), datatype=_GYEAR))
    g.add(node, P.gg_start, lit(o.start))
    g.add(node, P.gg_end, lit(o.end))
    g.add(node, P.prov_wasDerivedFrom, r.section(o.section))
    if o.indicator:
        g.add(node, P.gg_indicator, u(iri(o.indicator)))
    if o.change:
        _add_change(g, node, o.change)
    if o.change_base is not None:  # 600件，较2022年558件: the 558 is the 2022 figure this one is compared with
        g.add(node, P.gg_changeBase, u(f"{r.iri}/obs/{o.change_base + 1}"))


def _add_change(g: Triples, node: str, c: Change) -> None:
    """The change an observation states (“up 5% on last year”): value, unit, direction, basis, indicator."""
    g.add(node, P.gg_changeValue, lit(decimal(c.value), datatype=_DECIMAL))
    g.add(node, P.gg_changeUnit, lit(c.unit))
    g.add(node, P.gg_changeDirection, lit(c.direction))
    if c.basis:
        g.add(node, P.gg_changeBasis, lit(c.basis, lang="zh"))
    if c.indicator:
        g.add(node, P.gg_changeIndicator, u(iri(c.indicator)))


def _add_findings(r: _Report) -> None:
    """The findings of the report's own checks, each with the observations it rests on."""
    for k, f in enumerate(r.x.findings, 1):
        add_finding(
            r.own,
            f"{r.iri}/finding/{k}",
            f.kind,
            f.message,
            f.expected,
            f.stated,
            [f"{r.iri}/obs/{i + 1}" for i in f.evidence],
            r.section(f.section)[1:-1],  # the IRI inside <>
            r.iri,
        )


def _add_relations(r: _Report) -> None:
    """The relations with a predicate govgraph writes: the report's own in its graph, the others shared;
    a parent body the report names only inside a longer name is described (shared) as an agency."""
    parents = _parent_names(r.x)
    for rel in r.x.relations:
        pred = RELATION_PREDICATES.get(rel.predicate)
        if pred is None:
            continue
        (r.own if rel.subject == r.x.report_id else r.shared).add(u(iri(rel.subject)), pred, u(iri(rel.object)))
        if rel.predicate == "subOrganizationOf" and rel.object in parents:
            _describe_parent(r, u(iri(rel.object)), parents[rel.object])


def _describe_parent(r: _Report, parent: str, name: str) -> None:
    """A parent body's classes, and its name unless an entity of the report already labels it."""
    r.shared.add(parent, A, C.gg_Agency)
    r.shared.add(parent, A, C.org_Organization)
    if parent not in r.labelled:
        r.shared.add(parent, P.skos_prefLabel, lit(shared_name(name), lang="zh"))
        r.labelled.add(parent)


def _parent_names(x: Extraction) -> dict[str, str]:
    """Parent ids of subOrganizationOf relations, with the parents' names."""
    by_key = {entity_key(e): e for e in x.entities}
    out = {}
    for r in x.relations:
        child = by_key.get(r.subject)
        if r.predicate == "subOrganizationOf" and child is not None and child.parent:
            out[r.object] = child.parent
    return out

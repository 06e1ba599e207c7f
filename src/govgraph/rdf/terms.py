"""RDF terms written as N-Triples text, and the predicate and class terms govgraph writes.

Building a report's triples as text is what makes ingest fast: no term objects, no indexes, and
the store parses the lines in Rust.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Final

from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, XSD

from ..vocab.namespaces import ELI, GG, OA, QB, SDMX_ATTR, SDMX_DIM, SDMX_MEASURE


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


_INTEGER = f"^^<{XSD.integer}>"  # looked up once: a DefinedNamespace attribute costs a call each time
_DATETIME = f"^^<{XSD.dateTime}>"


def escape(text: str) -> str:
    r"""``text`` escaped for the inside of an N-Triples (and SPARQL) string literal.

    Four ``str.replace`` passes: each scans in C and returns the string itself when it has nothing to
    replace, about 20 times faster than ``str.translate`` with a table over Chinese text (a report's
    whole text is one literal).

    >>> print(escape('a "b"\nc\\'))
    a \"b\"\nc\\
    """
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


def u(value: str) -> str:
    """An IRI term. ``value`` must be a valid IRI (ids.iri makes them so)."""
    return f"<{value}>"


def lit(value: object, lang: str | None = None, datatype: str | None = None) -> str:
    r"""A literal term: a string (with a language or a datatype IRI), an int (xsd:integer) or a
    timezone-aware datetime (xsd:dateTime).

    >>> lit(3), lit("a\nb"), lit("2022", datatype=XSD.gYear)
    ('"3"^^<http://www.w3.org/2001/XMLSchema#integer>', '"a\\nb"', '"2022"^^<http://www.w3.org/2001/XMLSchema#gYear>')
    """
    if isinstance(value, str):
        text = f'"{escape(value)}"'
    elif isinstance(value, bool):
        raise TypeError("no boolean literals here")
    elif isinstance(value, int):
        return f'"{value}"{_INTEGER}'
    elif isinstance(value, datetime):
        return f'"{value.isoformat()}"{_DATETIME}'
    else:
        text = f'"{escape(str(value))}"'
    if lang:
        return f"{text}@{lang}"
    return f"{text}^^<{datatype}>" if datatype else text


def bnode(label: str) -> str:
    """A blank node; labels must be unique across everything loaded together."""
    return f"_:{label}"


A: Final = u(RDF.type)
"""rdf:type, the ``a`` of Turtle."""

IDENTIFYING: Final = u(OA.identifying)
"""oa:identifying, the motivation of every mention."""


class C:
    """The classes govgraph writes, each an N-Triples term, named ``<prefix>_<local name>``.

    Attributes, not string keys, so that mypy rejects a misspelt class; ``Final``, so that none can be
    reassigned.

    >>> C.gg_Report
    '<https://w3id.org/govgraph/def#Report>'
    """

    gg_Agency: Final = u(GG.Agency)
    gg_Document: Final = u(GG.Document)
    gg_ExtractionRun: Final = u(GG.ExtractionRun)
    gg_Finding: Final = u(GG.Finding)
    gg_Place: Final = u(GG.Place)
    gg_ProbableMatch: Final = u(GG.ProbableMatch)
    gg_Reform: Final = u(GG.Reform)
    gg_ReformAdoption: Final = u(GG.ReformAdoption)
    gg_Report: Final = u(GG.Report)
    gg_Section: Final = u(GG.Section)
    eli_LegalResource: Final = u(ELI.LegalResource)
    oa_Annotation: Final = u(OA.Annotation)
    oa_TextQuoteSelector: Final = u(OA.TextQuoteSelector)
    org_Organization: Final = u(ORG.Organization)
    prov_Activity: Final = u(PROV.Activity)
    prov_Entity: Final = u(PROV.Entity)
    qb_AttributeProperty: Final = u(QB.AttributeProperty)
    qb_ComponentProperty: Final = u(QB.ComponentProperty)
    qb_ComponentSpecification: Final = u(QB.ComponentSpecification)
    qb_DataSet: Final = u(QB.DataSet)
    qb_DataStructureDefinition: Final = u(QB.DataStructureDefinition)
    qb_DimensionProperty: Final = u(QB.DimensionProperty)
    qb_MeasureProperty: Final = u(QB.MeasureProperty)
    qb_Observation: Final = u(QB.Observation)
    rdf_Property: Final = u(RDF.Property)
    skos_Concept: Final = u(SKOS.Concept)
    skos_ConceptScheme: Final = u(SKOS.ConceptScheme)


class P:
    """The predicates govgraph writes, each an N-Triples term, named ``<prefix>_<local name>``.

    Attributes, not string keys, so that mypy rejects a misspelt predicate; ``Final``, so that none can
    be reassigned.

    >>> P.dcterms_title
    '<http://purl.org/dc/terms/title>'
    """

    gg_adcode: Final = u(GG.adcode)
    gg_agencyType: Final = u(GG.agencyType)
    gg_changeBase: Final = u(GG.changeBase)
    gg_changeBasis: Final = u(GG.changeBasis)
    gg_changeDirection: Final = u(GG.changeDirection)
    gg_changeIndicator: Final = u(GG.changeIndicator)
    gg_changeUnit: Final = u(GG.changeUnit)
    gg_changeValue: Final = u(GG.changeValue)
    gg_checkKind: Final = u(GG.checkKind)
    gg_documentKind: Final = u(GG.documentKind)
    gg_end: Final = u(GG.end)
    gg_evidence: Final = u(GG.evidence)
    gg_expectedValue: Final = u(GG.expectedValue)
    gg_firstYear: Final = u(GG.firstYear)
    gg_genre: Final = u(GG.genre)
    gg_indicator: Final = u(GG.indicator)
    gg_issued: Final = u(GG.issued)
    gg_level: Final = u(GG.level)
    gg_measure: Final = u(GG.measure)
    gg_measureConcept: Final = u(GG.measureConcept)
    gg_mentions: Final = u(GG.mentions)
    gg_mentionsReform: Final = u(GG.mentionsReform)
    gg_ordinal: Final = u(GG.ordinal)
    gg_path: Final = u(GG.path)
    gg_placeCount: Final = u(GG.placeCount)
    gg_qualifier: Final = u(GG.qualifier)
    gg_reachRank: Final = u(GG.reachRank)
    gg_reform: Final = u(GG.reform)
    gg_report: Final = u(GG.report)
    gg_reportCount: Final = u(GG.reportCount)
    gg_sectionType: Final = u(GG.sectionType)
    gg_start: Final = u(GG.start)
    gg_statedValue: Final = u(GG.statedValue)
    gg_status: Final = u(GG.status)
    gg_text: Final = u(GG.text)
    gg_tripleCount: Final = u(GG.tripleCount)
    gg_unit: Final = u(GG.unit)
    gg_year: Final = u(GG.year)
    dcterms_format: Final = u(DCTERMS.format)
    dcterms_hasFormat: Final = u(DCTERMS.hasFormat)
    dcterms_hasPart: Final = u(DCTERMS.hasPart)
    dcterms_isPartOf: Final = u(DCTERMS.isPartOf)
    dcterms_issued: Final = u(DCTERMS.issued)
    dcterms_language: Final = u(DCTERMS.language)
    dcterms_publisher: Final = u(DCTERMS.publisher)
    dcterms_source: Final = u(DCTERMS.source)
    dcterms_spatial: Final = u(DCTERMS.spatial)
    dcterms_temporal: Final = u(DCTERMS.temporal)
    dcterms_title: Final = u(DCTERMS.title)
    eli_cites: Final = u(ELI.cites)
    eli_title: Final = u(ELI.title)
    eli_type_document: Final = u(ELI.type_document)
    oa_exact: Final = u(OA.exact)
    oa_hasBody: Final = u(OA.hasBody)
    oa_hasTarget: Final = u(OA.hasTarget)
    oa_motivatedBy: Final = u(OA.motivatedBy)
    org_classification: Final = u(ORG.classification)
    org_subOrganizationOf: Final = u(ORG.subOrganizationOf)
    prov_endedAtTime: Final = u(PROV.endedAtTime)
    prov_wasAssociatedWith: Final = u(PROV.wasAssociatedWith)
    prov_wasDerivedFrom: Final = u(PROV.wasDerivedFrom)
    prov_wasGeneratedBy: Final = u(PROV.wasGeneratedBy)
    qb_attribute: Final = u(QB.attribute)
    qb_codeList: Final = u(QB.codeList)
    qb_component: Final = u(QB.component)
    qb_componentProperty: Final = u(QB.componentProperty)
    qb_componentRequired: Final = u(QB.componentRequired)
    qb_dataSet: Final = u(QB.dataSet)
    qb_dimension: Final = u(QB.dimension)
    qb_measure: Final = u(QB.measure)
    qb_order: Final = u(QB.order)
    qb_structure: Final = u(QB.structure)
    rdfs_range: Final = u(RDFS.range)
    rdfs_subPropertyOf: Final = u(RDFS.subPropertyOf)
    rdfs_comment: Final = u(RDFS.comment)
    rdfs_label: Final = u(RDFS.label)
    sdmx_refArea: Final = u(SDMX_DIM.refArea)
    sdmx_refPeriod: Final = u(SDMX_DIM.refPeriod)
    sdmx_obsValue: Final = u(SDMX_MEASURE.obsValue)
    sdmx_unitMeasure: Final = u(SDMX_ATTR.unitMeasure)
    skos_altLabel: Final = u(SKOS.altLabel)
    skos_closeMatch: Final = u(SKOS.closeMatch)
    skos_exactMatch: Final = u(SKOS.exactMatch)
    skos_inScheme: Final = u(SKOS.inScheme)
    skos_prefLabel: Final = u(SKOS.prefLabel)


ENTITY_CLASSES: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "agency": (C.gg_Agency, C.org_Organization),
        "document": (C.gg_Document, C.eli_LegalResource),
        "reform": (C.gg_Reform, C.skos_Concept),
        "place": (C.gg_Place,),
    }
)
"""The classes of an entity by its type (``Entity.type``), govgraph's own class first."""

RELATION_PREDICATES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "subOrganizationOf": P.org_subOrganizationOf,
        "cites": P.eli_cites,
        "issued": P.gg_issued,
        "mentionsReform": P.gg_mentionsReform,
    }
)
"""The predicate of a relation by its name (``Relation.predicate``); relations of other names are not written."""


def decimal(v: float) -> str:
    """The lexical form of an xsd:decimal: no exponent, no trailing zeros.

    >>> decimal(98.53), decimal(5426.0), decimal(0.0)
    ('98.53', '5426', '0')
    """
    s = f"{v:.6f}".rstrip("0").rstrip(".")
    return s or "0"

"""RDF terms written as N-Triples text, and the predicate and class terms govgraph writes.

Building a report's triples as text is what makes ingest fast: no term objects, no indexes, and
the store parses the lines in Rust.
"""

from __future__ import annotations

from datetime import datetime

from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, XSD

from ..vocab.namespaces import ELI, GG, OA, QB, SDMX_DIM


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


def decimal(v: float) -> str:
    """The lexical form of an xsd:decimal: no exponent, no trailing zeros.

    >>> decimal(98.53), decimal(5426.0), decimal(0.0)
    ('98.53', '5426', '0')
    """
    s = f"{v:.6f}".rstrip("0").rstrip(".")
    return s or "0"

"""The govgraph vocabulary as an rdflib ``DefinedNamespace``, plus the standard ones it reuses."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from . import BASE, DEF

OA = Namespace("http://www.w3.org/ns/oa#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
QB = Namespace("http://purl.org/linked-data/cube#")
SDMX_DIM = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_ATTR = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
DATA = Namespace(BASE)


class GG(DefinedNamespace):
    """Terms defined in ``ontology/govgraph.ttl``.

    >>> str(GG.Report)
    'https://w3id.org/govgraph/def#Report'
    """

    _NS = Namespace(DEF)
    _fail = True

    Report: URIRef
    Section: URIRef
    Agency: URIRef
    Document: URIRef
    Reform: URIRef
    Place: URIRef
    Observation: URIRef
    Mention: URIRef
    ExtractionRun: URIRef
    text: URIRef
    year: URIRef
    level: URIRef
    genre: URIRef
    adcode: URIRef
    path: URIRef
    sectionType: URIRef
    start: URIRef
    end: URIRef
    documentKind: URIRef
    measure: URIRef
    value: URIRef
    unit: URIRef
    qualifier: URIRef
    status: URIRef
    changeValue: URIRef
    changeUnit: URIRef
    changeDirection: URIRef
    changeBasis: URIRef
    changeIndicator: URIRef
    changeBase: URIRef
    reportCount: URIRef
    placeCount: URIRef
    firstYear: URIRef
    reachRank: URIRef
    mentions: URIRef
    mentionsReform: URIRef
    issued: URIRef
    report: URIRef
    indicator: URIRef
    indicatorKind: URIRef
    agencyType: URIRef
    ReformAdoption: URIRef
    reform: URIRef
    evidence: URIRef
    tripleCount: URIRef
    ProbableMatch: URIRef
    Finding: URIRef
    checkKind: URIRef
    expectedValue: URIRef
    statedValue: URIRef
    measureConcept: URIRef
    ordinal: URIRef

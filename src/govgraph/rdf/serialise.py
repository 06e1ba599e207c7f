"""One report's graphs as rdflib objects and in the serialisations ``govgraph extract`` offers."""

from __future__ import annotations

from datetime import datetime

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDFS, SKOS, XSD

from ..model import Extraction
from ..vocab import SHARED_GRAPH
from ..vocab.namespaces import DATA, ELI, GG, OA, QB, SDMX_DIM
from .report import report_graph_iri, report_triples

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


def build_graph(x: Extraction, when: datetime | None = None) -> Graph:
    """All triples of one report, its own and the shared descriptions, as one rdflib Graph.

    >>> from govgraph import extract_report
    >>> g = build_graph(extract_report("data/reports/haikou-2022-fazhi.txt"))
    >>> len(g) > 3000
    True
    """
    own, shared = report_triples(x, when)
    g = _new_graph()
    for triples in (own, shared):
        if len(triples):
            g.parse(data=triples.ntriples(), format="nt")
    return g


def _new_graph() -> Graph:
    g = Graph()
    for p, ns in PREFIXES.items():
        g.bind(p, ns)
    return g


def build_dataset(x: Extraction) -> Dataset:
    """A dataset holding the report's own named graph and the shared graph."""
    ds = Dataset()
    for p, ns in PREFIXES.items():
        ds.bind(p, ns)
    own, shared = report_triples(x)
    for name, triples in ((URIRef(report_graph_iri(x)), own), (URIRef(SHARED_GRAPH), shared)):
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

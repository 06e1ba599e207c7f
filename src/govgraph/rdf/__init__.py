"""The RDF layer: the only package that writes RDF.

One report becomes one named graph (named by the report's IRI) holding the report, its text and
sections, one Web Annotation per mention, its observations as Data Cube observations and the
extraction run; what many reports share goes to the shared graph (``report``). The jobs over the
whole store write their graphs through ``corpus``; ``serialise`` gives rdflib objects and files;
``shacl`` checks RDF against the shapes. ``terms`` holds the typed N-Triples terms they all write.
"""

from __future__ import annotations

from .corpus import add_finding, probable_match_triples, reach_triples
from .ontology import ontology_ntriples
from .report import report_graph_iri, report_triples
from .serialise import build_dataset, build_graph, serialize_extraction
from .terms import Triples

__all__ = [
    "Triples",
    "add_finding",
    "build_dataset",
    "build_graph",
    "ontology_ntriples",
    "probable_match_triples",
    "reach_triples",
    "report_graph_iri",
    "report_triples",
    "serialize_extraction",
]

"""SHACL validation of RDF against ``ontology/shapes.ttl``, one line per violation.

The RDF side of ``govgraph validate``: parsing, the shapes and pyshacl live here, so that the
corpus job that walks a store only hands N-Triples text over (to worker processes, as plain strings).
"""

from __future__ import annotations

from functools import lru_cache

from rdflib import Graph
from rdflib.namespace import SH

from ..vocab.schemes import ontology_file


def violations(ntriples: str) -> list[str]:
    """The violations of the shapes by the N-Triples document ``ntriples``, sorted, each one line:
    focus node, path, message.

    >>> violations("")
    []
    >>> from govgraph.rdf.terms import A, C
    >>> violations(f"<https://example.org/s> {A} {C.gg_Section} .")[0]  # a section lacking what the shapes require
    'https://example.org/s http://purl.org/dc/terms/isPartOf: Less than 1 values on <https://example.org/s>->dcterms:isPartOf'
    """
    return graph_violations(Graph().parse(data=ntriples, format="nt"))


def graph_violations(data: Graph) -> list[str]:
    """The violations of the shapes by the rdflib graph ``data``, as :func:`violations` gives them.

    >>> graph_violations(Graph())
    []
    """
    import pyshacl  # slow to import, and only validation needs it

    shapes, ont = _shapes()
    _, results, _ = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ont, inference="none", advanced=True)
    lines = []
    for r in results.subjects(SH.resultSeverity, SH.Violation):
        focus = results.value(r, SH.focusNode)
        path = results.value(r, SH.resultPath)
        msg = results.value(r, SH.resultMessage)
        lines.append(f"{focus} {path}: {msg}")
    return sorted(lines)


@lru_cache(maxsize=1)
def _shapes() -> tuple[Graph, Graph]:
    """The shapes and the ontology they rely on, parsed once per process."""
    shapes = Graph().parse(ontology_file("shapes.ttl"), format="turtle")
    ont = Graph().parse(ontology_file("govgraph.ttl"), format="turtle")
    return shapes, ont

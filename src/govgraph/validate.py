"""SHACL validation of report graphs against ``ontology/shapes.ttl``."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph
from rdflib.namespace import SH

from .concepts import ontology_file


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: list[str]


def validate_graph(data: Graph) -> ValidationReport:
    """Validate ``data``; each violation is one line: focus node, path, message.

    >>> validate_graph(Graph()).conforms
    True
    """
    import pyshacl

    shapes = Graph().parse(ontology_file("shapes.ttl"), format="turtle")
    ont = Graph().parse(ontology_file("govgraph.ttl"), format="turtle")
    conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ont, inference="none", advanced=True)
    lines = []
    for r in results.subjects(SH.resultSeverity, SH.Violation):
        focus = results.value(r, SH.focusNode)
        path = results.value(r, SH.resultPath)
        msg = results.value(r, SH.resultMessage)
        lines.append(f"{focus} {path}: {msg}")
    return ValidationReport(bool(conforms), sorted(lines))

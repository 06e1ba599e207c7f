"""The vocabulary and the concept schemes of ``ontology/`` as N-Triples, for the ontology graph."""

from __future__ import annotations

import pyoxigraph as ox

from ..vocab.schemes import ONTOLOGY_FILES, ontology_file


def ontology_ntriples() -> str:
    """The vocabulary and the concept schemes of ``ontology/`` as N-Triples, for the ontology graph."""
    quads: list[ox.Quad] = []
    for name in ONTOLOGY_FILES:
        quads.extend(ox.parse(path=str(ontology_file(name)), format=ox.RdfFormat.TURTLE))
    return (ox.serialize(quads, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")

"""The vocabulary every stage may read: IRIs as plain strings, the SPARQL texts, the concept schemes.

This is the bottom layer of data. It holds no RDF objects (``govgraph.vocab.namespaces`` has the
rdflib ``DefinedNamespace`` classes, for the RDF layer), so that any stage can use the names
without pulling in an RDF library.

Every SPARQL text govgraph runs is a ``.rq`` file in ``vocab/sparql/`` (the canned queries for
users in ``vocab/sparql/canned/``), written without prefixes: :func:`sparql` puts the one prefix
header in front.

>>> BASE, DEF
('https://w3id.org/govgraph/', 'https://w3id.org/govgraph/def#')
>>> print(sparql("report-text", report="<https://w3id.org/govgraph/report/1>").splitlines()[-1])
SELECT ?text WHERE { GRAPH <https://w3id.org/govgraph/report/1> { <https://w3id.org/govgraph/report/1> gg:text ?text } }
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

__all__ = [
    "BASE",
    "DEF",
    "SHARED_GRAPH",
    "ONTOLOGY_GRAPH",
    "LINKS_GRAPH",
    "REACH_GRAPH",
    "CHECKS_GRAPH",
    "PREFIXES",
    "SPARQL_DIR",
    "sparql",
    "iri",
]

BASE = "https://w3id.org/govgraph/"  # every govgraph IRI starts here
DEF = BASE + "def#"  # the govgraph vocabulary (ontology/govgraph.ttl)
SHARED_GRAPH = BASE + "graph/shared"  # descriptions of things many reports name
ONTOLOGY_GRAPH = BASE + "graph/ontology"  # the vocabulary and the concept schemes
LINKS_GRAPH = BASE + "graph/links"  # probable matches across reports (skos:closeMatch)
REACH_GRAPH = BASE + "graph/reach"  # how many reports and places name each document and reform
CHECKS_GRAPH = BASE + "graph/checks"  # findings of the checks across reports

PREFIXES = {
    "gg": DEF,
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "org": "http://www.w3.org/ns/org#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "oa": "http://www.w3.org/ns/oa#",
    "qb": "http://purl.org/linked-data/cube#",
    "sdmxd": "http://purl.org/linked-data/sdmx/2009/dimension#",
    "sdmxm": "http://purl.org/linked-data/sdmx/2009/measure#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
SPARQL_DIR = Path(__file__).resolve().parent / "sparql"
_HEADER = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def iri(local_id: str) -> str:
    """The full IRI of a govgraph id.

    >>> iri("place/460100")
    'https://w3id.org/govgraph/place/460100'
    """
    return BASE + local_id


@lru_cache(maxsize=64)
def _text(name: str) -> str:
    return (SPARQL_DIR / f"{name}.rq").read_text(encoding="utf-8")


def sparql(name: str, **values: str) -> str:
    """The query ``vocab/sparql/NAME.rq`` behind the prefix header, each ``{{key}}`` replaced by
    ``values[key]`` (already written as SPARQL: an ``<IRI>``, a literal, a clause).

    >>> "PREFIX gg: <https://w3id.org/govgraph/def#>" in sparql("stats-by-type")
    True
    """
    text = _text(name)
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    return _HEADER + text

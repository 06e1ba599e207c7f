"""SKOS concept schemes kept in ``ontology/`` (reforms), read with pyoxigraph.

Only labels are read here, for matching; the RDF layer links to the concepts by IRI.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

SKOS = "http://www.w3.org/2004/02/skos/core#"


def ontology_file(name: str) -> Path:
    """A file of ``ontology/``, installed with the package or beside the checkout."""
    here = Path(__file__).resolve().parent
    for cand in (here / "ontology" / name, here.parents[1] / "ontology" / name):
        if cand.exists():
            return cand
    raise FileNotFoundError(f"ontology file {name} not found")


@lru_cache(maxsize=4)
def zh_labels(name: str) -> dict[str, str]:
    """Every Chinese prefLabel and altLabel of a scheme, mapped to the concept's prefLabel.

    >>> labels = zh_labels("reforms.ttl")
    >>> labels["河湖长制"], labels["河长制"]
    ('河长制', '河长制')
    """
    pref: dict[str, str] = {}
    alt: dict[str, list[str]] = {}
    for q in ox.parse(path=str(ontology_file(name)), format=ox.RdfFormat.TURTLE):
        obj = q.object
        if not isinstance(obj, ox.Literal) or obj.language != "zh" or q.subject.value.endswith("/scheme"):
            continue
        if q.predicate.value == SKOS + "prefLabel":
            pref[q.subject.value] = obj.value
        elif q.predicate.value == SKOS + "altLabel":
            alt.setdefault(q.subject.value, []).append(obj.value)
    out = {label: label for label in pref.values()}
    for subject, labels in alt.items():
        for label in labels:
            out.setdefault(label, pref[subject])
    return out

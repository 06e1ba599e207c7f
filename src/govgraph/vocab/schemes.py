"""The SKOS concept schemes of ``ontology/`` (reforms, agency types, indicators) as plain Python data.

The resolve stage matches names against these labels; it never sees RDF. The schemes are read
once per process, with pyoxigraph's Turtle parser.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import pyoxigraph as ox

from . import BASE, DEF, PREFIXES

_SKOS = PREFIXES["skos"]
ONTOLOGY_FILES = ("govgraph.ttl", "indicators.ttl", "agency-types.ttl", "reforms.ttl", "document-kinds.ttl")


def ontology_file(name: str) -> Path:
    """A file of ``ontology/``, installed with the package or beside the checkout.

    >>> ontology_file("shapes.ttl").name
    'shapes.ttl'
    """
    here = Path(__file__).resolve().parents[1]
    for cand in (here / "ontology" / name, here.parents[1] / "ontology" / name):
        if cand.exists():
            return cand
    raise FileNotFoundError(f"ontology file {name} not found")


def _quads(name: str) -> list[tuple[str, str, ox.Literal | None]]:
    """(subject, predicate, literal object or None) of every triple of a scheme file."""
    out = []
    for q in ox.parse(path=str(ontology_file(name)), format=ox.RdfFormat.TURTLE):
        subject = q.subject.value if isinstance(q.subject, (ox.NamedNode, ox.BlankNode)) else ""
        out.append((subject, q.predicate.value, q.object if isinstance(q.object, ox.Literal) else None))
    return out


@cache
def zh_labels(name: str) -> dict[str, str]:
    """Every Chinese prefLabel and altLabel of a scheme, mapped to the concept's prefLabel.

    >>> labels = zh_labels("reforms.ttl")
    >>> labels["河湖长制"], labels["河长制"]
    ('河长制', '河长制')
    """
    pref: dict[str, str] = {}
    alt: dict[str, list[str]] = {}
    for subject, predicate, obj in _quads(name):
        if obj is None or obj.language != "zh" or subject.endswith("/scheme"):
            continue
        if predicate == _SKOS + "prefLabel":
            pref[subject] = obj.value
        elif predicate == _SKOS + "altLabel":
            alt.setdefault(subject, []).append(obj.value)
    out = {label: label for label in pref.values()}
    for subject, labels in alt.items():
        for label in labels:
            out.setdefault(label, pref[subject])
    return out


@dataclass(frozen=True)
class AgencyTypeRules:
    """The agency-type scheme as matching rules: name patterns, name endings, and labels, by concept id."""

    patterns: tuple[tuple[str, str], ...]  # (regular expression, agency-type/…)
    endings: tuple[tuple[str, str], ...]  # (ending, agency-type/…), the longest first
    labels: dict[str, str]  # agency-type/… -> Chinese prefLabel


@lru_cache(maxsize=1)
def agency_type_rules() -> AgencyTypeRules:
    """The rules of ``ontology/agency-types.ttl``.

    >>> rules = agency_type_rules()
    >>> rules.labels["agency-type/justice"], len(rules.endings) > 40
    ('司法行政机关', True)
    """
    patterns: list[tuple[str, str]] = []
    endings: list[tuple[str, str]] = []
    labels: dict[str, str] = {}
    for subject, predicate, obj in _quads("agency-types.ttl"):
        if obj is None or not subject.startswith(BASE + "agency-type/"):
            continue
        local = subject[len(BASE) :]
        if predicate == DEF + "namePattern":
            patterns.append((obj.value, local))
        elif predicate == _SKOS + "altLabel" and obj.language == "zh":
            endings.append((obj.value, local))
        elif predicate == _SKOS + "prefLabel" and obj.language == "zh":
            labels[local] = obj.value
    endings.sort(key=lambda e: len(e[0]), reverse=True)
    return AgencyTypeRules(tuple(patterns), tuple(endings), labels)


@dataclass(frozen=True)
class Indicator:
    """One indicator concept of ``ontology/indicators.ttl``."""

    id: str  # indicator/gdp-growth
    label: str
    kind: str  # count | amount | rate | growth
    unit: str
    labels: tuple[str, ...]


@lru_cache(maxsize=1)
def indicators() -> dict[str, Indicator]:
    """The indicator concepts by id.

    >>> len(indicators()) >= 60, indicators()["indicator/gdp-growth"].unit
    (True, '%')
    """
    props: dict[str, dict[str, list[str]]] = {}
    for subject, predicate, obj in _quads("indicators.ttl"):
        if obj is None or not subject.startswith(BASE + "indicator/") or obj.language not in (None, "zh"):
            continue
        props.setdefault(subject, {}).setdefault(predicate, []).append(obj.value)
    out = {}
    for concept, p in props.items():
        if _SKOS + "prefLabel" not in p:
            continue
        local = concept[len(BASE) :]
        label = p[_SKOS + "prefLabel"][0]
        out[local] = Indicator(
            local,
            label,
            p.get(DEF + "indicatorKind", [""])[0],
            p.get(DEF + "unit", [""])[0],
            tuple([label, *p.get(_SKOS + "altLabel", [])]),
        )
    return out


def concept_by_label(label: str) -> str | None:
    """The id of the indicator or agency-type concept with this Chinese label, or None.

    >>> concept_by_label("地区生产总值增速"), concept_by_label("司法行政机关"), concept_by_label("无此概念")
    ('indicator/gdp-growth', 'agency-type/justice', None)
    """
    for ind in indicators().values():
        if label in ind.labels:
            return ind.id
    for local, pref in agency_type_rules().labels.items():
        if pref == label:
            return local
    return None

"""Classify an agency by its canonical name into a concept of ``ontology/agency-types.ttl``."""

from __future__ import annotations

import re
from functools import lru_cache

import pyoxigraph as ox

from .concepts import SKOS, ontology_file

GG = "https://w3id.org/govgraph/def#"
BASE = "https://w3id.org/govgraph/"


@lru_cache(maxsize=1)
def _rules() -> tuple[list[tuple[re.Pattern[str], str]], list[tuple[str, str]], dict[str, str]]:
    patterns: list[tuple[re.Pattern[str], str]] = []
    endings: list[tuple[str, str]] = []
    labels: dict[str, str] = {}
    for q in ox.parse(path=str(ontology_file("agency-types.ttl")), format=ox.RdfFormat.TURTLE):
        if not isinstance(q.object, ox.Literal) or not q.subject.value.startswith(BASE + "agency-type/"):
            continue
        local = q.subject.value[len(BASE) :]
        if q.predicate.value == GG + "namePattern":
            patterns.append((re.compile(q.object.value), local))
        elif q.predicate.value == SKOS + "altLabel" and q.object.language == "zh":
            endings.append((q.object.value, local))
        elif q.predicate.value == SKOS + "prefLabel" and q.object.language == "zh":
            labels[local] = q.object.value
    endings.sort(key=lambda e: len(e[0]), reverse=True)
    return patterns, endings, labels


def agency_type(name: str) -> str | None:
    """The agency-type concept of a canonical agency name, by its ending, or None.

    >>> agency_type("海口市司法局"), agency_type("中共海南省委员会"), agency_type("海口市人民代表大会常务委员会")
    ('agency-type/justice', 'agency-type/party-committee', 'agency-type/congress-standing-committee')
    >>> agency_type("中共海口市委员会全面依法治市委员会"), agency_type("某某协会") is None
    ('agency-type/rule-of-law-committee', True)
    >>> agency_type("海口市综合行政执法局龙华分局"), agency_type("生态环境部")
    ('agency-type/law-enforcement', 'agency-type/ecology-environment')
    """
    patterns, endings, _ = _rules()
    branch = _BRANCH.sub("", name)  # a branch has its parent's type: …执法局龙华分局
    for candidate in (name, branch) if branch != name else (name,):
        for ending, local in endings:  # the longest ending first: …委员会办公室 before …委员会
            if candidate.endswith(ending) and (len(candidate) > len(ending) or len(ending) >= 3):
                if ending in ("政府", "委员会") and candidate.startswith("中共"):
                    continue
                return local
        for rx, local in patterns:
            if rx.search(candidate):
                return local
    return None


_BRANCH = re.compile(r"(?<=[局厅委队])[\u4e00-\u9fff]{2,6}?(?:分局|支队|大队)$")


def type_label(local: str) -> str:
    return _rules()[2].get(local, local)

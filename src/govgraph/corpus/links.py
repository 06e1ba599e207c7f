"""Probable matches across reports, kept apart from identity: skos:closeMatch with the reason.

Two documents whose titles differ only by edition marks — a draft or trial mark, a year
range in brackets, the state's name — are probably the same text or versions of it. They
keep their own IRIs; the links graph records the match and why.
"""

from __future__ import annotations

import re
from itertools import combinations

from ..rdf import probable_match_triples
from ..store import TripleStore
from ..text.normalise import match_key
from ..vocab import LINKS_GRAPH, sparql

_EDITION_MARKS = re.compile(r"[(（][^)）]*[)）]|草案|试行|征求意见稿|修订稿|^中华人民共和国")


def loose_key(title: str) -> str:
    """A title without its edition marks, for probable matches only.

    >>> loose_key("纲要（草案）") == loose_key("纲要草案"), loose_key("实施方案（2021—2025年）") == loose_key("实施方案")
    (True, True)
    """
    return _EDITION_MARKS.sub("", match_key(title).replace("(", "（").replace(")", "）"))


def _scope(iri: str) -> str:
    """The identity scope of a document IRI: national, or a division code."""
    m = re.search(r"/document/([^/]+)/", iri)
    return m.group(1) if m else ""


_YEARS = re.compile(r"\d{4}\D{0,2}\d{4}")


def probable_matches(documents: list[tuple[str, str]]) -> list[tuple[str, str, str, str]]:
    """(iri a, iri b, label a, label b) for documents of one scope whose titles match once edition
    marks go. Two editions with different year ranges are different documents, not a match.

    >>> probable_matches([("x/document/460000/a", "发展规划纲要（草案）"), ("x/document/460000/b", "发展规划纲要草案"),
    ...                   ("x/document/310000/c", "发展规划纲要草案")])
    [('x/document/460000/a', 'x/document/460000/b', '发展规划纲要（草案）', '发展规划纲要草案')]
    >>> probable_matches([("x/document/national/a", "实施纲要（2015—2020年）"), ("x/document/national/b", "实施纲要（2021—2025年）")])
    []
    """
    groups: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for iri, label in documents:
        key = loose_key(label)
        if len(key) >= 4:
            groups.setdefault((_scope(iri), key), []).append((iri, label))
    out = []
    for members in groups.values():
        for (a, la), (b, lb) in combinations(sorted(set(members)), 2):
            ya, yb = _YEARS.findall(match_key(la)), _YEARS.findall(match_key(lb))
            if a != b and not (ya and yb and ya != yb):
                out.append((a, b, la, lb))
    return out


def link_store(store: TripleStore) -> int:
    """Replace the links graph with the probable matches among the store's documents."""
    docs = [(str(r[0]), str(r[1])) for r in store.query(sparql("documents")).rows]
    matches = probable_matches(docs)
    store.replace_graph(LINKS_GRAPH, probable_match_triples(matches).ntriples())
    return len(matches)

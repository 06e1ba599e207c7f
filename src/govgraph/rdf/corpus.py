"""Triples of the jobs over the whole store: findings of checks, reach counts, probable matches."""

from __future__ import annotations

from rdflib.namespace import XSD

from .terms import _A, _P, Triples, bnode, decimal, lit, u


def add_finding(
    g: Triples,
    node: str,
    kind: str,
    message: str,
    expected: float,
    stated: float,
    evidence: list[str],
    section: str | None = None,
    report: str | None = None,
) -> None:
    """A finding of a check (IRIs as plain strings), with the observations it rests on."""
    P = _P
    n = u(node)
    if report is not None:
        g.add(n, P["for_report"], u(report))
    g.add(n, _A, P["finding_t"])
    g.add(n, P["check_kind"], lit(kind))
    g.add(n, P["comment"], lit(message, lang="zh"))
    g.add(n, P["expected"], lit(decimal(expected), datatype=XSD.decimal))
    g.add(n, P["stated"], lit(decimal(stated), datatype=XSD.decimal))
    for e in evidence:
        g.add(n, P["evidence"], u(e))
    if section is not None:
        g.add(n, P["derived"], u(section))


def reach_triples(rows: list[tuple[str, str, int, int, int]]) -> Triples:
    """Its type (again, so that the reach graph alone answers "the documents that reach furthest"),
    gg:reportCount, gg:placeCount and gg:firstYear for each (iri, type iri, reports, places, first year).

    >>> reach_triples([("https://example.org/law", "https://w3id.org/govgraph/def#Document", 3, 2, 2021)]).statements()[3]
    '<https://example.org/law> <https://w3id.org/govgraph/def#firstYear> "2021"^^<http://www.w3.org/2001/XMLSchema#gYear>'
    """
    P = _P
    t = Triples()
    for x, type_, reports, places, first in rows:
        t.add(u(x), _A, u(type_))
        t.add(u(x), P["report_count"], lit(reports))
        t.add(u(x), P["place_count"], lit(places))
        t.add(u(x), P["first_year"], lit(str(first), datatype=XSD.gYear))
    return t


def probable_match_triples(matches: list[tuple[str, str, str, str]]) -> Triples:
    """skos:closeMatch both ways for each (iri a, iri b, label a, label b), with a gg:ProbableMatch saying why."""
    P = _P
    t = Triples()
    for k, (a, b, la, lb) in enumerate(matches, 1):
        t.add(u(a), P["close_match"], u(b))
        t.add(u(b), P["close_match"], u(a))
        why = bnode(f"match{k}")
        t.add(why, _A, P["probable_t"])
        t.add(why, P["evidence"], u(a))
        t.add(why, P["evidence"], u(b))
        t.add(why, P["comment"], lit(f"《{la}》 and 《{lb}》 differ only by edition marks", lang="zh"))
    return t

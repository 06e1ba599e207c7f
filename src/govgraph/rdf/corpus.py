"""Triples of the jobs over the whole store: findings of checks, reach counts, probable matches."""

from __future__ import annotations

from rdflib.namespace import XSD

from .terms import A, C, P, Triples, bnode, decimal, lit, u


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
    n = u(node)
    if report is not None:
        g.add(n, P.gg_report, u(report))
    g.add(n, A, C.gg_Finding)
    g.add(n, P.gg_checkKind, lit(kind))
    g.add(n, P.rdfs_comment, lit(message, lang="zh"))
    g.add(n, P.gg_expectedValue, lit(decimal(expected), datatype=XSD.decimal))
    g.add(n, P.gg_statedValue, lit(decimal(stated), datatype=XSD.decimal))
    for e in evidence:
        g.add(n, P.gg_evidence, u(e))
    if section is not None:
        g.add(n, P.prov_wasDerivedFrom, u(section))


def reach_triples(rows: list[tuple[str, str, int, int, int, int]]) -> Triples:
    """Its type (again, so that the reach graph alone answers "the documents that reach furthest"),
    gg:reportCount, gg:placeCount, gg:firstYear and gg:reachRank for each (iri, type iri, reports, places,
    first year, rank).

    >>> reach_triples([("https://example.org/law", "https://w3id.org/govgraph/def#Document", 3, 2, 2021, 1)]).statements()[3]
    '<https://example.org/law> <https://w3id.org/govgraph/def#firstYear> "2021"^^<http://www.w3.org/2001/XMLSchema#gYear>'
    """
    t = Triples()
    for x, type_, reports, places, first, rank in rows:
        t.add(u(x), A, u(type_))
        t.add(u(x), P.gg_reportCount, lit(reports))
        t.add(u(x), P.gg_placeCount, lit(places))
        t.add(u(x), P.gg_firstYear, lit(str(first), datatype=XSD.gYear))
        t.add(u(x), P.gg_reachRank, lit(rank))
    return t


def probable_match_triples(matches: list[tuple[str, str, str, str]]) -> Triples:
    """skos:closeMatch both ways for each (iri a, iri b, label a, label b), with a gg:ProbableMatch saying why."""
    t = Triples()
    for k, (a, b, la, lb) in enumerate(matches, 1):
        t.add(u(a), P.skos_closeMatch, u(b))
        t.add(u(b), P.skos_closeMatch, u(a))
        why = bnode(f"match{k}")
        t.add(why, A, C.gg_ProbableMatch)
        t.add(why, P.gg_evidence, u(a))
        t.add(why, P.gg_evidence, u(b))
        t.add(why, P.rdfs_comment, lit(f"《{la}》 and 《{lb}》 differ only by edition marks", lang="zh"))
    return t

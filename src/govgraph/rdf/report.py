"""The RDF layer: the only module that knows RDF.

One report becomes one named graph (named by the report's IRI) holding the
report, its text and sections, every entity it mentions with its labels, one
Web Annotation per mention (position and quote selectors on the report text),
its observations as Data Cube observations, and the extraction run.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version

from rdflib.namespace import XSD

from ..link.ids import entity_key, iri, section_id
from ..model import Extraction
from .corpus import add_finding
from .terms import _A, _EXTRA_TYPES, _P, _PREDICATES, _TYPES, Triples, bnode, decimal, lit, u


def tool_version() -> str:
    try:
        return version("govgraph")
    except PackageNotFoundError:
        return "0+unknown"


def report_graph_iri(x: Extraction) -> str:
    """The named graph of a report is named by the report's IRI."""
    return iri(x.report_id)


def report_triples(x: Extraction, when: datetime | None = None) -> tuple[Triples, Triples]:
    """(the report's own triples, the shared descriptions it contributes).

    The report's graph holds what only this report says: the report, its text
    and sections, its mentions and observations. Descriptions of things that
    many reports name (an agency's type and labels, a law's kind, a parent
    body) go to the shared graph, so that they are stored once and a query
    over all graphs does not see them once per report.

    >>> from govgraph import extract_report
    >>> own, shared = report_triples(extract_report("data/reports/haikou-2022-fazhi.txt"))
    >>> len(own) > 3000, len(shared) > 100
    (True, True)
    """
    P = _P
    g = Triples()
    sh = Triples()
    m = x.document.meta
    rep_iri = report_graph_iri(x)
    rep = u(rep_iri)
    # blank node labels unique to the report, so that many reports can be loaded as one document;
    # lowercase hex without a leading 0, so that Oxigraph keeps them as numbers, not strings
    blank = "1" + hashlib.sha1(rep_iri.encode()).hexdigest()[:14]
    g.add(rep, _A, P["report_t"])
    g.add(rep, _A, P["entity_t"])
    g.add(rep, P["title"], lit(m.title or x.report_id))
    g.add(rep, P["language"], lit("zh"))
    g.add(rep, P["text"], lit(x.document.text))
    if m.year:
        g.add(rep, P["year"], lit(str(m.year), datatype=XSD.gYear))
        g.add(rep, P["temporal"], lit(str(m.year), datatype=XSD.gYear))
    if m.published:
        g.add(rep, P["issued"], lit(m.published, datatype=XSD.date))
    if m.level:
        g.add(rep, P["level"], lit(m.level))
    if m.genre:
        g.add(rep, P["genre"], lit(m.genre))
    if m.publisher:
        g.add(rep, P["publisher"], lit(m.publisher, lang="zh"))
    if m.source:
        g.add(rep, P["source"], lit(m.source))
    place = None
    if m.adcode:
        place = u(iri(f"place/{m.adcode}"))
        g.add(rep, P["spatial"], place)
        sh.add(place, _A, P["place_t"])
        sh.add(place, P["adcode"], lit(m.adcode))
        if m.place:
            sh.add(place, P["pref"], lit(m.place, lang="zh"))
    run = u(rep_iri + "/run")
    g.add(run, _A, P["run_t"])
    g.add(run, _A, P["activity_t"])
    g.add(run, P["associated"], lit(f"govgraph {tool_version()}"))
    g.add(run, P["ended"], lit((when or datetime.now(timezone.utc)).replace(microsecond=0)))
    g.add(rep, P["generated"], run)

    sec_iri = {}
    for s in x.sections:
        node = u(iri(section_id(x.report_id, s.path)))
        sec_iri[s.path] = node
        g.add(node, _A, P["section_t"])
        g.add(node, P["path"], lit(s.path))
        g.add(node, P["part_of"], rep)
        g.add(rep, P["has_part"], node)
        g.add(node, P["start"], lit(s.start))
        g.add(node, P["end"], lit(s.end))
        if s.title:
            g.add(node, P["title"], lit(s.title, lang="zh"))
        if s.type:
            g.add(node, P["section_type"], lit(s.type))

    def section_node(path: str) -> str:
        return sec_iri.get(path) or next(iter(sec_iri.values()))

    n = 0
    adoptions = 0
    labelled: set[str] = set()  # nodes given a skos:prefLabel
    year = lit(str(m.year), datatype=XSD.gYear) if m.year else None
    for e in x.entities:
        node = u(iri(entity_key(e)))
        sh.add(node, _A, _TYPES[e.type])
        if e.type in _EXTRA_TYPES:
            sh.add(node, _A, _EXTRA_TYPES[e.type])
        name = lit(e.name, lang="zh")
        sh.add(node, P["pref"], name)
        labelled.add(node)
        sh.add(node, P["label"], name)
        for surf in e.surfaces:
            if surf != e.name:
                sh.add(node, P["alt"], lit(surf, lang="zh"))
        if e.kind and e.type == "document":
            sh.add(node, P["document_kind"], lit(e.kind))
        if e.kind and e.type == "agency":
            sh.add(node, P["agency_type"], u(iri(e.kind)))
        if e.level and e.type == "document":
            sh.add(node, P["level"], lit(e.level))
        if e.adcode:
            sh.add(node, P["adcode"], lit(e.adcode))
        g.add(rep, P["mentions"], node)
        adoption = None
        if e.type == "reform" and place is not None:
            # this place's adoption of the reform, with the report's mentions as evidence
            adoptions += 1
            adoption = u(f"{rep_iri}/adoption/{adoptions}")
            g.add(adoption, _A, P["adoption_t"])
            g.add(adoption, P["reform"], node)
            g.add(adoption, P["spatial"], place)
            if year:
                g.add(adoption, P["year"], year)
            g.add(adoption, P["derived"], section_node(e.mentions[0].section))
        for mm in e.mentions:
            n += 1
            ann = u(f"{rep_iri}/mention/{n}")
            if adoption is not None:
                g.add(adoption, P["evidence"], ann)
            target, pos, quote = (bnode(f"{blank}{n:07x}{k}") for k in "abc")
            section = section_node(mm.section)
            g.add(ann, _A, P["mention_t"])
            g.add(ann, _A, P["annotation_t"])
            g.add(ann, P["motivated"], P["identifying"])
            g.add(ann, P["body"], node)
            g.add(ann, P["target"], target)
            g.add(ann, P["derived"], section)
            g.add(target, P["source_doc"], rep)
            g.add(target, P["selector"], pos)
            g.add(target, P["selector"], quote)
            g.add(pos, _A, P["position_t"])
            g.add(pos, P["oa_start"], lit(mm.start))
            g.add(pos, P["oa_end"], lit(mm.end))
            g.add(quote, _A, P["quote_t"])
            g.add(quote, P["exact"], lit(mm.text))

    dataset = u(rep_iri + "/dataset")
    g.add(dataset, _A, P["dataset_t"])
    g.add(dataset, P["derived"], rep)
    for i, o in enumerate(x.observations, 1):
        node = u(f"{rep_iri}/obs/{i}")
        section = section_node(o.section)
        g.add(node, _A, P["observation_t"])
        g.add(node, _A, P["qb_observation_t"])
        g.add(node, P["data_set"], dataset)
        g.add(node, P["measure"], lit(o.measure, lang="zh"))
        g.add(node, P["value"], lit(decimal(o.value), datatype=XSD.decimal))
        if o.unit:
            g.add(node, P["unit"], lit(o.unit))
        g.add(node, P["qualifier"], lit(o.qualifier))
        g.add(node, P["status"], lit(o.status))
        if place is not None:
            g.add(node, P["area"], place)
        period = _period(m.year, m.genre, o.status)
        if period:
            g.add(node, P["period"], lit(str(period), datatype=XSD.gYear))
        g.add(node, P["start"], lit(o.start))
        g.add(node, P["end"], lit(o.end))
        g.add(node, P["comment"], lit(o.text, lang="zh"))
        g.add(node, P["derived"], section)
        if o.indicator:
            g.add(node, P["indicator"], u(iri(o.indicator)))
        if o.change:
            g.add(node, P["change_value"], lit(decimal(o.change.value), datatype=XSD.decimal))
            g.add(node, P["change_unit"], lit(o.change.unit))
            g.add(node, P["change_direction"], lit(o.change.direction))
            if o.change.basis:
                g.add(node, P["change_basis"], lit(o.change.basis, lang="zh"))
            if o.change.indicator:
                g.add(node, P["change_indicator"], u(iri(o.change.indicator)))
    for k, f in enumerate(x.findings, 1):
        add_finding(
            g,
            f"{rep_iri}/finding/{k}",
            f.kind,
            f.message,
            f.expected,
            f.stated,
            [f"{rep_iri}/obs/{i + 1}" for i in f.evidence],
            section_node(f.section)[1:-1],  # the IRI inside <>
            rep_iri,
        )
    parents = _parent_names(x)
    for r in x.relations:
        pred = _PREDICATES.get(r.predicate)
        if pred is None:
            continue
        (g if r.subject == x.report_id else sh).add(u(iri(r.subject)), pred, u(iri(r.object)))
        if r.predicate == "subOrganizationOf" and r.object in parents:
            parent = u(iri(r.object))  # a parent body the report names only as part of a longer name
            sh.add(parent, _A, _TYPES["agency"])
            sh.add(parent, _A, P["organization_t"])
            if parent not in labelled:
                sh.add(parent, P["pref"], lit(parents[r.object], lang="zh"))
                labelled.add(parent)
    # the graph states its own size, so a reader can tell a whole report from a damaged one
    g.add(rep, P["triple_count"], lit(len(g) + 1))
    return g, sh


def _parent_names(x: Extraction) -> dict[str, str]:
    """Parent ids of subOrganizationOf relations, with the parents' names."""
    by_key = {entity_key(e): e for e in x.entities}
    out = {}
    for r in x.relations:
        child = by_key.get(r.subject)
        if r.predicate == "subOrganizationOf" and child is not None and child.parent:
            out[r.object] = child.parent
    return out


def _period(year: int | None, genre: str | None, status: str) -> int | None:
    """Actual figures belong to the year covered; a work report's targets to the year it is delivered."""
    if year is None:
        return None
    return year + 1 if status == "target" and genre == "work-report" else year

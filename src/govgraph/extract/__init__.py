"""Extraction: from a read report to sections, entities, observations and relations.

Each finder is a pure function over the text; :func:`extract` runs them in an
order that lets later ones skip spans that earlier ones claimed (a place
inside a document title is not a place mention).
"""

from __future__ import annotations

import dataclasses
import re

from ..agency_types import agency_type
from ..checks import check_report
from ..context import ReportContext, context_for
from ..divisions import division_table
from ..ids import entity_id, report_id
from ..indicators import change_indicator, indicator_for
from ..model import Document, Entity, Extraction, Mention, Observation, Relation
from ..sections import section_index, split_sections
from ..textnorm import match_key
from .agencies import find_agencies
from .documents import find_documents
from .observations import find_observations
from .places import find_places
from .reforms import find_reforms

__all__ = ["extract"]

_ISSUE_VERB = re.compile(r"(出台|制定|印发|发布|修订|编制|颁布|起草|审议通过|出台了|制发)[^，。；]{0,6}$")


def extract(doc: Document) -> Extraction:
    """Run every extractor over one report.

    >>> from govgraph.read import read_report
    >>> x = extract(read_report("data/reports/haikou-2022-fazhi.txt"))
    >>> x.report_id, len(x.sections) > 25, any(e.name == "海口市司法局" for e in x.entities)
    ('report/460100-2022-fazhi', True, True)
    """
    text = doc.text
    meta = doc.meta
    ctx = context_for(meta.adcode, meta.year)
    rid = report_id(meta.adcode, meta.year, meta.genre, meta.title, meta.level)
    sections = split_sections(text)

    owner = section_index(sections, len(text))

    def sec(offset: int) -> str:
        i = owner[offset] if 0 <= offset < len(owner) else -1
        return sections[i].path if i >= 0 else "preamble"

    docs = find_documents(text, ctx)
    doc_spans = [(d.start - 1, d.end + 1) for d in docs]
    agencies = find_agencies(text, ctx, skip=doc_spans)
    agency_spans = [(a.start, a.end) for a in agencies]
    places = find_places(text, ctx, skip=doc_spans + _non_place_spans(agencies, ctx))
    notes = [(s.start, s.end) for s in sections if s.type == "notes"]
    reforms = find_reforms(text, skip=doc_spans + agency_spans + notes)
    target_spans = [(s.start, s.end) for s in sections if s.type == "plan"]
    raw_obs = find_observations(text, skip=doc_spans, target_spans=target_spans)

    entities: dict[tuple[str, str], Entity] = {}

    def add(etype: str, name: str, m: Mention, **attrs: str | None) -> Entity:
        key = (etype, match_key(name))
        ent = entities.get(key)
        if ent is None:
            ent = Entity(etype, name, [], **attrs)  # type: ignore[arg-type]
            entities[key] = ent
        ent.mentions.append(m)
        return ent

    def mention(found) -> Mention:
        return Mention(found.text, found.start, found.end, sec(found.start))

    for d in docs:
        add("document", d.name, mention(d), kind=d.kind, level=d.level, scope=_document_scope(d.level, ctx))
    for a in agencies:
        add("agency", a.name, mention(a), parent=a.parent, scope=_agency_scope(a.name, ctx), kind=agency_type(a.name))
    for p in places:
        add("place", p.name, mention(p), adcode=p.adcode, scope=p.adcode or (ctx.province_code or "national"))
    for r in reforms:
        add("reform", r.name, mention(r), scope="concept")

    observations = []
    for o in raw_obs:
        start, end = _quote_span(text, o.measure, o.start, o.end)
        indicator = indicator_for(o.measure, o.unit)
        change = o.change
        if change is not None:
            growth = change_indicator(indicator, change.unit, change.basis)
            change = dataclasses.replace(change, indicator=growth) if growth else change
        observations.append(
            Observation(
                o.measure,
                o.value,
                o.unit,
                text[start:end],
                start,
                end,
                sec(o.start),
                o.qualifier,
                change,
                o.status,
                o.raw,
                indicator,
            )
        )
    ents = sorted(entities.values(), key=lambda e: (e.mentions[0].start, e.type))
    relations = _relations(text, ents, ctx, rid)
    return Extraction(doc, rid, sections, ents, observations, relations, check_report(text, observations))


def _quote_span(text: str, measure: str, number_start: int, number_end: int) -> tuple[int, int]:
    """The shortest span holding the measure's words and the figure: 法律援助案件5426件, 38条具体工作举措."""
    words = re.sub(r"(增速|降幅|增加额|减少额)$", "", measure)
    if not words:
        return number_start, number_end
    i = text.rfind(words, max(0, number_start - 60), number_start)
    if i >= 0 and not _BREAK.search(text, i, number_start):
        return i, number_end
    j = text.find(words, number_end, number_end + 40)
    if j >= 0 and not _BREAK.search(text, number_end, j):
        return number_start, j + len(words)
    # words on both sides of the figure: 连续15年在全省考核中获评优秀等次
    for k in range(len(words) - 1, 0, -1):
        head, tail = words[:k], words[k:]
        if text.rfind(head, max(0, number_start - 8), number_start) >= 0 and text.startswith(tail, number_end):
            return text.rfind(head, max(0, number_start - 8), number_start), number_end + len(tail)
    return number_start, number_end


_BREAK = re.compile(r"[，,。；;\n]")


def _non_place_spans(agencies, ctx: ReportContext) -> list[tuple[int, int]]:
    """Inside an agency name only a full division name counts as a place (海口市人民政府, not 北京大学)."""
    table = division_table()
    spans = []
    for a in agencies:
        lead = next((n for n in range(min(len(a.text), 12), 1, -1) if a.text[:n] in table.by_name), 0)
        spans.append((a.start + lead, a.end))
    return spans


def _document_scope(level: str, ctx: ReportContext) -> str:
    if level == "national" or ctx.place is None:
        return "national"
    if level == "provincial" and ctx.province:
        return ctx.province.code
    if level == "municipal" and ctx.city:
        return ctx.city.code
    return ctx.place.code


def _agency_scope(name: str, ctx: ReportContext) -> str:
    for div in (ctx.county, ctx.city, ctx.province):
        if div and (name.startswith(div.name) or name.startswith(f"中共{div.name}") or div.name in name[:12]):
            return div.code
    return "national" if ctx.place is None or not any(ch in name[:4] for ch in "省市区县") else ctx.place.code


def entity_key(e: Entity) -> str:
    """The shared id of an entity: a division by its code, anything else by scope and name."""
    if e.type == "place" and e.adcode:
        return f"place/{e.adcode}"
    return entity_id(e.type, e.scope or "report", e.name)


def _relations(text: str, ents: list[Entity], ctx: ReportContext, rid: str) -> list[Relation]:
    rels: list[Relation] = []
    by_name = {(e.type, e.name): e for e in ents}
    for e in ents:
        if e.type == "agency" and e.parent:
            parent = by_name.get(("agency", e.parent))
            pid = entity_key(parent) if parent else entity_id("agency", e.scope or "report", e.parent)
            rels.append(Relation(entity_key(e), "subOrganizationOf", pid, e.mentions[0].section))
    agencies = sorted(((m.start, m.end, e) for e in ents if e.type == "agency" for m in e.mentions), key=lambda t: t[0])
    for e in ents:
        if e.type == "document":
            for m in e.mentions:
                rels.append(Relation(rid, "cites", entity_key(e), m.section))
                issuer = _issuer(text, m.start, agencies)
                if issuer is not None:
                    rels.append(Relation(entity_key(issuer), "issued", entity_key(e), m.section))
        if e.type == "reform" and ctx.place is not None:
            rels.append(Relation(rid, "mentionsReform", entity_key(e), e.mentions[0].section))
    seen: set[tuple[str, str, str, str]] = set()
    out = []
    for r in rels:
        key = (r.subject, r.predicate, r.object, r.section)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def _issuer(text: str, doc_start: int, agencies: list[tuple[int, int, Entity]]) -> Entity | None:
    """The agency that opens the clause in which a document is issued: 市综合行政执法局出台《…》."""
    clause_start = max(text.rfind(ch, 0, doc_start) for ch in "，。；\n")
    for s, e, ent in reversed(agencies):
        if clause_start < s and e <= doc_start and _ISSUE_VERB.search(text[e : doc_start - 1]):
            return ent
    return None

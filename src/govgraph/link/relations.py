"""Relations between a report's entities, by their shared ids: a body is part of another, a report
cites a document, an agency issued a document, a report names a reform."""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Final

from ..model import Entity, Relation
from ..text.place_context import ReportContext
from .ids import entity_id, entity_key

_CLAUSE_MAX: Final = 2000  # characters: no clause of a report is longer (one ends at every line break)
_CLAUSE_ENDS: Final = ("，", "。", "；", "\n")
_ISSUE_VERB: Final = re.compile(r"(出台|制定|印发|发布|修订|编制|颁布|起草|审议通过|出台了|制发)[^，。；]{0,6}$")


def relations(text: str, ents: list[Entity], ctx: ReportContext, rid: str) -> list[Relation]:
    """Every relation the report states, once per section.

    >>> from govgraph.model import Mention
    >>> from govgraph.text.place_context import context_for
    >>> text = "市司法局出台《海口市法律援助办法》。"
    >>> a = Entity("agency", "海口市司法局", [Mention("市司法局", 0, 4, "一")], scope="460100")
    >>> d = Entity("document", "海口市法律援助办法", [Mention("海口市法律援助办法", 7, 16, "一")], scope="460100")
    >>> [r.predicate for r in relations(text, [a, d], context_for("460100"), "report/1")]
    ['cites', 'issued']
    """
    rels: list[tuple[str, str, str, str]] = []  # (subject, predicate, object, section), repeats included
    by_name = {(e.type, e.name): e for e in ents}
    ids: dict[int, str] = {}  # each entity's id worked out once, not once per mention

    def eid(e: Entity) -> str:
        k = ids.get(id(e))
        if k is None:
            k = ids[id(e)] = entity_key(e)
        return k

    for e in ents:
        if e.type == "agency" and e.parent:
            parent = by_name.get(("agency", e.parent))
            pid = eid(parent) if parent else entity_id("agency", e.scope or "report", e.parent)
            rels.append((eid(e), "subOrganizationOf", pid, e.mentions[0].section))
    agencies = sorted(((m.start, m.end, e) for e in ents if e.type == "agency" for m in e.mentions), key=lambda t: t[0])
    starts = [s for s, _, _ in agencies]
    for e in ents:
        if e.type == "document":
            for m in e.mentions:
                rels.append((rid, "cites", eid(e), m.section))
                issuer = _issuer(text, m.start, agencies, starts)
                if issuer is not None:
                    rels.append((eid(issuer), "issued", eid(e), m.section))
        if e.type == "reform" and ctx.place is not None:
            rels.append((rid, "mentionsReform", eid(e), e.mentions[0].section))
    return [Relation(*r) for r in dict.fromkeys(rels)]  # each once, in the order first stated


def _issuer(text: str, doc_start: int, agencies: list[tuple[int, int, Entity]], starts: list[int]) -> Entity | None:
    """The agency that opens the clause in which a document is issued: 市综合行政执法局出台《…》.

    Only agency mentions that start inside the clause are looked at (found by bisection on
    ``starts``, the sorted starts of ``agencies``): scanning every mention for every document made
    extraction quadratic in the report's length.
    """
    window = max(0, doc_start - _CLAUSE_MAX)  # a mark absent from the text must not send rfind to its start
    clause_start = window - 1
    for ch in _CLAUSE_ENDS:
        clause_start = max(clause_start, text.rfind(ch, window, doc_start))
    i = bisect_right(starts, doc_start) - 1
    while i >= 0 and starts[i] > clause_start:
        s, e, ent = agencies[i]
        if e <= doc_start and _ISSUE_VERB.search(text[e : doc_start - 1]):
            return ent
        i -= 1
    return None

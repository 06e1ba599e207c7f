"""The JSON contract of ``govgraph extract --format json`` (see DESIGN.md)."""

from __future__ import annotations

from typing import Any

from .link.ids import entity_key, section_id
from .model import Extraction


def to_json(x: Extraction) -> dict[str, Any]:
    """One JSON-ready object: report, sections, entities, observations, relations.

    >>> from govgraph import extract_report
    >>> j = to_json(extract_report("data/reports/haikou-2022-fazhi.txt"))
    >>> sorted(j), j["report"]["adcode"], j["sections"][1]["path"]
    (['entities', 'observations', 'relations', 'report', 'sections'], '460100', '一')
    """
    m = x.document.meta
    report = {
        "id": x.report_id,
        "title": m.title,
        "place": m.place,
        "adcode": m.adcode,
        "level": m.level,
        "year": m.year,
        "publisher": m.publisher,
        "published": m.published,
        "genre": m.genre,
    }
    sections = [
        {
            "id": section_id(x.report_id, s.path),
            "path": s.path,
            "title": s.title,
            "level": s.level,
            "type": s.type,
            "start": s.start,
            "end": s.end,
        }
        for s in x.sections
    ]
    entities = []
    for e in x.entities:
        item: dict[str, Any] = {"id": entity_key(e), "type": e.type, "name": e.name, "surface": e.surfaces}
        if e.type == "agency":
            item["parent"] = e.parent
            item["agency_type"] = e.kind
        if e.type == "document":
            item["kind"], item["level"] = e.kind, e.level
        if e.type == "place":
            item["adcode"] = e.adcode
        item["mentions"] = [
            {"text": mm.text, "start": mm.start, "end": mm.end, "section": mm.section} for mm in e.mentions
        ]
        entities.append(item)
    observations = []
    for i, o in enumerate(x.observations, 1):
        observations.append(
            {
                "id": f"{x.report_id}/obs/{i}",
                "measure": o.measure,
                "indicator": o.indicator,
                "value": _num(o.value),
                "unit": o.unit,
                "qualifier": o.qualifier,
                "status": o.status,
                "change": None
                if o.change is None
                else {
                    "value": _num(o.change.value),
                    "unit": o.change.unit,
                    "direction": o.change.direction,
                    "basis": o.change.basis,
                },
                "period": o.ref_period(m.year, m.genre),
                "change_base": None if o.change_base is None else f"{x.report_id}/obs/{o.change_base + 1}",
                "span": o.span,
                "text": o.text,
                "start": o.start,
                "end": o.end,
                "section": o.section,
            }
        )
    relations = [
        {"subject": r.subject, "predicate": r.predicate, "object": r.object, "section": r.section} for r in x.relations
    ]
    return {
        "report": report,
        "sections": sections,
        "entities": entities,
        "observations": observations,
        "relations": relations,
    }


def _num(v: float) -> int | float:
    return int(v) if float(v).is_integer() else v

"""Two reports side by side: shared and distinct documents, reforms and agency types, and the
indicators both report with both values."""

from __future__ import annotations

from dataclasses import dataclass

from .agency_types import type_label
from .indicators import indicators
from .model import Extraction


@dataclass(frozen=True)
class Comparison:
    a: str
    b: str
    groups: list[tuple[str, list[str], list[str], list[str]]]  # (what, shared, only in a, only in b)
    indicators: list[tuple[str, str, str]]  # (indicator, value in a, value in b)


def _names(x: Extraction, etype: str) -> set[str]:
    return {e.name for e in x.entities if e.type == etype}


def _types(x: Extraction) -> set[str]:
    return {type_label(e.kind) for e in x.entities if e.type == "agency" and e.kind}


def _figures(x: Extraction) -> dict[str, str]:
    out: dict[str, list[str]] = {}
    for o in x.observations:
        if o.indicator and o.status == "actual":
            v = f"{o.value:,.0f}{o.unit or ''}" if abs(o.value) >= 10000 else f"{o.value:g}{o.unit or ''}"
            out.setdefault(o.indicator, [])
            if v not in out[o.indicator]:
                out[o.indicator].append(v)
    return {k: "、".join(v) for k, v in out.items()}


def compare(a: Extraction, b: Extraction) -> Comparison:
    """Compare two extractions.

    >>> from govgraph.read import read_report
    >>> from govgraph.extract import extract
    >>> x = extract(read_report("data/reports/haikou-2022-fazhi.txt"))
    >>> c = compare(x, x)
    >>> c.groups[0][0], len(c.groups[0][2]), len(c.indicators) > 5
    ('documents', 0, True)
    """
    groups = []
    for what, fa, fb in (
        ("documents", _names(a, "document"), _names(b, "document")),
        ("reforms", _names(a, "reform"), _names(b, "reform")),
        ("agency types", _types(a), _types(b)),
    ):
        groups.append((what, sorted(fa & fb), sorted(fa - fb), sorted(fb - fa)))
    va, vb = _figures(a), _figures(b)
    labels = indicators()
    rows = [(labels[k].label if k in labels else k, va.get(k, "—"), vb.get(k, "—")) for k in sorted(set(va) | set(vb))]
    rows.sort(key=lambda r: (r[1] == "—" or r[2] == "—", r[0]))
    return Comparison(a.report_id, b.report_id, groups, rows)


def render_comparison(c: Comparison) -> str:
    lines = [f"A = {c.a}", f"B = {c.b}", ""]
    for what, shared, only_a, only_b in c.groups:
        lines.append(f"== {what}: {len(shared)} shared, {len(only_a)} only in A, {len(only_b)} only in B")
        for label, items in (("shared", shared), ("only A", only_a), ("only B", only_b)):
            if items:
                lines.append(f"  {label}: " + "；".join(items))
    lines.append(f"== indicators: {sum(1 for r in c.indicators if '—' not in r[1:])} in both")
    width = max([len(r[0]) for r in c.indicators] + [4])
    for name, va, vb in c.indicators:
        lines.append(f"  {name}{'　' * (width - len(name))}  A {va:<16} B {vb}")
    return "\n".join(lines) + "\n"

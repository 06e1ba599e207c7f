"""Two reports side by side: shared and distinct documents, reforms and agency types, and the
indicators both report with both values."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, NotFound
from ..model import Extraction
from ..pipeline import extract_report
from ..read import read_bytes
from ..resolve.agency_types import type_label
from ..store import TripleStore
from ..vocab import BASE, sparql
from ..vocab.schemes import indicators


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

    >>> from govgraph import extract_report
    >>> x = extract_report("data/reports/haikou-2022-fazhi.txt")
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


def report_extraction(ref: str | os.PathLike[str], store: TripleStore | None = None) -> Extraction:
    """A report file extracted, or a stored report's text (by id: ``460100-2022-fazhi``, ``report/…`` or its
    IRI) extracted again."""
    path = Path(ref)
    if path.is_file():
        return extract_report(path)
    text = os.fspath(ref)
    rid = text if text.startswith(("report/", "http")) else f"report/{text}"
    iri = rid if rid.startswith("http") else BASE + rid
    if not re.fullmatch(r"[^\s<>\"{}|\\^`]+", iri):
        raise InputError(text, "not a report file or id")
    if store is None:
        raise NotFound(text, "no such report file")
    rows = store.query(sparql("report-text", report=f"<{iri}>")).rows
    if not rows:
        raise NotFound(text, f"no such file, and no report {rid} in the store")
    return extract_report(read_bytes(str(rows[0][0]).encode("utf-8"), name=rid + ".txt"))

"""Render query results as an aligned table, CSV or SPARQL-results-like JSON."""

from __future__ import annotations

import csv
import io
import json
import unicodedata

from ..store import QueryResult
from ..vocab import BASE


def render(result: QueryResult, fmt: str = "table") -> str:
    """Text for a query result.

    >>> print(render(QueryResult(["a", "b"], [["海口", 1]], texts=[["海口", "1"]]), "csv"), end="")
    a,b
    海口,1
    """
    if result.boolean is not None:
        return json.dumps({"boolean": result.boolean}) + "\n" if fmt == "json" else f"{str(result.boolean).lower()}\n"
    if result.triples is not None:
        return result.triples + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(result.variables)
        w.writerows([["" if c is None else c for c in row] for row in result.texts])
        return buf.getvalue()
    if fmt == "json":
        rows = [dict(zip(result.variables, row, strict=True)) for row in result.texts]
        return json.dumps({"variables": result.variables, "rows": rows}, ensure_ascii=False, indent=1) + "\n"
    return _table(result)


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _short(value: str | None, limit: int = 60) -> str:
    s = "" if value is None else " ".join(str(value).split())
    if s.startswith(BASE):
        s = s[len(BASE) :]
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _table(result: QueryResult) -> str:
    head = result.variables
    rows = [[_short(c) for c in row] for row in result.texts]
    widths = [max([_width(h)] + [_width(r[i]) for r in rows]) for i, h in enumerate(head)]

    def line(cells: list[str]) -> str:
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = [line(head), line(["-" * w for w in widths])] + [line(r) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"

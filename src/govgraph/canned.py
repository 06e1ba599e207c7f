"""Canned SPARQL queries kept as ``.rq`` files in ``govgraph/queries``, with parameters.

A query file starts with ``# title: …`` and one ``# param: NAME TYPE DEFAULT  description``
line per parameter; ``{{NAME}}`` in the body is replaced by the value, written as SPARQL:
``iri`` values may be an id (``indicator/gdp-growth``), a full IRI, or the Chinese label of
a concept (a ``reform`` parameter: the reform's name); ``string`` values become literals; ``int`` values must be integers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .ids import BASE, entity_id

QUERY_DIR = Path(__file__).resolve().parent / "queries"
_PARAM = re.compile(r"^#\s*param:\s*(\S+)\s+(iri|string|int)\s+(\S+)\s*(.*)$")


class QueryParamError(ValueError):
    """A parameter that is unknown or whose value does not fit."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str
    description: str


@dataclass(frozen=True)
class CannedQuery:
    name: str
    title: str
    params: tuple[Param, ...]
    body: str

    def render(self, values: dict[str, str] | None = None) -> str:
        """The query with its parameters filled in.

        >>> q = canned("indicator-by-place")
        >>> "<https://w3id.org/govgraph/indicator/gdp-growth>" in q.render({"indicator": "地区生产总值增速"})
        True
        """
        values = dict(values or {})
        unknown = set(values) - {p.name for p in self.params}
        if unknown:
            raise QueryParamError(f"{self.name} has no parameter {', '.join(sorted(unknown))}")
        text = self.body
        for p in self.params:
            text = text.replace("{{" + p.name + "}}", _sparql_value(p, values.get(p.name, p.default)))
        return text


def _sparql_value(p: Param, value: str) -> str:
    if p.type == "int":
        if not re.fullmatch(r"\d{1,9}", value):
            raise QueryParamError(f"parameter {p.name} must be a whole number, not {value!r}")
        return value
    if p.type == "string":
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"@zh'
    return "<" + _resolve_iri(p.name, value) + ">"


def _resolve_iri(name: str, value: str) -> str:
    if value.startswith(("http://", "https://")):
        iri = value
    elif re.fullmatch(r"[a-z-]+/[^\s<>\"{}|\\^`]+", value):
        iri = BASE + value
    elif name == "reform":
        iri = BASE + entity_id("reform", "concept", value)  # every reform's IRI follows from its name
    else:
        iri = _concept_by_label(value)
        if iri is None:
            raise QueryParamError(f"parameter {name}: no concept is labelled {value!r}")
    if re.search(r"[\s<>\"{}|\\^`]", iri):
        raise QueryParamError(f"parameter {name}: {value!r} is not a usable IRI")
    return iri


def _concept_by_label(label: str) -> str | None:
    from .agency_types import _rules
    from .indicators import indicators

    for ind in indicators().values():
        if label in ind.labels:
            return BASE + ind.id
    for local, pref in _rules()[2].items():
        if pref == label:
            return BASE + local
    return None


def canned_queries() -> list[CannedQuery]:
    """Every canned query, by name."""
    return [canned(p.stem) for p in sorted(QUERY_DIR.glob("*.rq"))]


def canned(name: str) -> CannedQuery:
    """One canned query by name (the file name without ``.rq``).

    >>> canned("target-vs-outcome").params[0].name
    'indicator'
    """
    path = QUERY_DIR / f"{name}.rq"
    if not re.fullmatch(r"[a-z0-9-]+", name) or not path.is_file():
        raise KeyError(name)
    lines = path.read_text(encoding="utf-8").splitlines()
    title = next((ln.split(":", 1)[1].strip() for ln in lines if ln.startswith("# title:")), name)
    params = tuple(Param(m[1], m[2], m[3], m[4].strip()) for m in (_PARAM.match(ln) for ln in lines) if m)
    return CannedQuery(name, title, params, "\n".join(lines) + "\n")


def parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    """``k=v`` pairs from the command line.

    >>> parse_params(("indicator=indicator/gdp-growth", "limit=5"))
    {'indicator': 'indicator/gdp-growth', 'limit': '5'}
    """
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise QueryParamError(f"--param takes NAME=VALUE, not {pair!r}")
        out[key.strip()] = value.strip()
    return out

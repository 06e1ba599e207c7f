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

from ..errors import NotFound, QueryError
from ..link.ids import BASE, entity_id
from ..vocab import SPARQL_DIR, sparql
from ..vocab.schemes import concept_by_label

QUERY_DIR = SPARQL_DIR / "canned"
_PARAM = re.compile(r"^#\s*param:\s*(\S+)\s+(iri|string|int)\s+(\S+)\s*(.*)$")


class QueryParamError(QueryError):
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
        local = concept_by_label(value)
        if local is None:
            raise QueryParamError(f"parameter {name}: no concept is labelled {value!r}")
        iri = BASE + local
    if re.search(r"[\s<>\"{}|\\^`]", iri):
        raise QueryParamError(f"parameter {name}: {value!r} is not a usable IRI")
    return iri


def canned_queries() -> list[CannedQuery]:
    """Every canned query, by name."""
    return [canned(p.stem) for p in sorted(QUERY_DIR.glob("*.rq"))]


def canned(name: str) -> CannedQuery:
    """One canned query by name (the file name without ``.rq``).

    >>> canned("target-vs-outcome").params[0].name
    'indicator'
    """
    if not re.fullmatch(r"[a-z0-9-]+", name) or not (QUERY_DIR / f"{name}.rq").is_file():
        raise NotFound(name, "no canned query of that name (see 'govgraph query --list')")
    lines = sparql(f"canned/{name}").splitlines()
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


def query_text(ref: str, params: dict[str, str] | None = None) -> str:
    """The SPARQL that ``ref`` stands for, by one fixed rule: a name made of ``a-z0-9-`` that is not a file
    is a canned query (rendered with ``params``); a path ending in ``.rq``, or an existing file, is a query
    file; anything else is SPARQL text. Parameters apply to canned queries only.

    >>> "gg:indicator" in query_text("indicator-by-place", {"indicator": "indicator/gdp-growth"})
    True
    >>> query_text("ASK { ?s ?p ?o }")
    'ASK { ?s ?p ?o }'
    """
    params = params or {}
    if re.fullmatch(r"[a-z0-9-]+", ref) and not Path(ref).exists():
        return canned(ref).render(params)
    if params:
        raise QueryParamError("--param applies to canned queries only")
    if ref.endswith(".rq") or (len(ref) < 512 and "\n" not in ref and Path(ref).is_file()):
        try:
            return Path(ref).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise NotFound(ref, "no such query file") from None
        except (OSError, UnicodeDecodeError) as e:
            raise QueryError(f"{ref}: cannot read the query file ({type(e).__name__})") from None
    return ref

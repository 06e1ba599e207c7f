"""What a query's text must pass before any parser or engine sees it.

Oxigraph's parser and evaluator recurse: 10,000 nested parentheses, or a flat chain of 3,000
``BIND``s, overflow the stack and the process dies (a segfault Python cannot catch). And Oxigraph
runs ``SERVICE`` clauses by fetching the URL they name, with no switch to turn that off, so a
query from anyone who can reach the endpoint could make the machine fetch any URL (SSRF).

So every query is checked first, by a tokeniser that reads the text as SPARQL does (strings
with their escapes, IRIs, comments, prefixed names, variables), in one linear pass:

- its length, its bracket nesting and its number of tokens are bounded, and so is its number of
  ``/`` (a property path of 1,000 steps joined by ``/`` takes Oxigraph minutes even on an empty
  store: its time grows with the cube of the steps);
- ``SERVICE`` is refused wherever the engine could read it as the keyword, in any case, with or
  without ``SILENT``; the word inside a string literal, an IRI, a comment, a variable name or the
  local part of a prefixed name is no keyword and passes. Oxigraph matches keywords without a
  word boundary (``SERVICEex:x`` is ``SERVICE ex:x``), so any word or prefix containing
  "service" is treated as the keyword: a prefix named ``myservice:`` is refused too.
- with ``allow_service``, a ``SERVICE`` whose endpoint is an ``http(s)`` IRI (written out, or a
  prefixed name whose prefix is declared) on one of those hosts passes; a variable endpoint,
  or anything the check cannot resolve, does not.

>>> g = QueryGuard()
>>> g.check('SELECT * WHERE { ?s ?p "SERVICE <http://x/>" } # SERVICE')
>>> g.check("SELECT * WHERE { sErViCe SILENT <http://127.0.0.1:1/> { ?s ?p ?o } }")
Traceback (most recent call last):
...
govgraph.errors.QueryError: federation is disabled: the query calls SERVICE <http://127.0.0.1:1/>, and this endpoint fetches nothing from elsewhere (allow hosts with --allow-service HOST)
>>> QueryGuard(allow_service=frozenset({"127.0.0.1"})).check("SELECT * { SERVICE <http://127.0.0.1:1/> {} }")
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from ..errors import QueryError

MAX_QUERY_CHARS = 100_000
MAX_QUERY_DEPTH = 64
MAX_QUERY_TOKENS = 8_000
MAX_QUERY_SLASHES = 128  # path steps joined by "/" (and divisions): Oxigraph plans a sequence in cubic time

_NAME_CHAR = r"[\w:%.\-\u00B7\u00C0-\uFFFF]"
_LOCAL_ESCAPE = r"\\[_~.\-!$&'()*+,;=/?#@%]"
_TOKENS = re.compile(
    r"""
      (?P<ws>\s+)
    | (?P<comment>\#[^\r\n]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                 |'(?:[^'\\\r\n]|\\.)*'|"(?:[^"\\\r\n]|\\.)*")
    | (?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)
    | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]*)
    | (?P<open><<|[(\[{])
    | (?P<close>>>|[)\]}])
    | (?P<name>(?:"""
    + _NAME_CHAR
    + "|"
    + _LOCAL_ESCAPE
    + r""")+)
    | (?P<other>.)
    """,
    re.X | re.S,
)
_UCHAR = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str


@dataclass(frozen=True)
class QueryGuard:
    """Bounds on a query's text, and the hosts a ``SERVICE`` clause may call (none by default).

    Hosts are names or addresses as they appear in the IRI (``example.org``, ``127.0.0.1``), or
    ``host:port`` to allow one port only.

    >>> QueryGuard(max_depth=3).check("SELECT * WHERE { FILTER(((1))) }")
    Traceback (most recent call last):
    ...
    govgraph.errors.QueryError: the query nests brackets 4 deep (the limit is 3)
    """

    max_chars: int | None = MAX_QUERY_CHARS
    max_depth: int = MAX_QUERY_DEPTH
    max_tokens: int = MAX_QUERY_TOKENS
    max_slashes: int = MAX_QUERY_SLASHES
    allow_service: frozenset[str] = field(default_factory=frozenset)

    def check(self, text: str) -> None:
        """Raise :class:`QueryError` (one line) unless ``text`` is within the bounds and calls no
        ``SERVICE`` it may not."""
        if self.max_chars is not None and len(text) > self.max_chars:
            raise QueryError(f"the query is {len(text):,} characters long (the limit is {self.max_chars:,})")
        tokens = _tokens(text)
        depth = nesting_depth(tokens)
        if depth > self.max_depth:
            raise QueryError(f"the query nests brackets {depth:,} deep (the limit is {self.max_depth:,})")
        counted = len(tokens) - values_data_tokens(tokens)
        if counted > self.max_tokens:
            raise QueryError(f"the query has {counted:,} tokens (the limit is {self.max_tokens:,})")
        slashes = sum(1 for t in tokens if t.kind == "other" and t.text == "/")
        if slashes > self.max_slashes:
            raise QueryError(
                f"the query joins {slashes:,} path steps or divisions with '/' (the limit is {self.max_slashes:,})"
            )
        for target in service_targets(tokens):
            self._check_service(target)

    def _check_service(self, target: str | None) -> None:
        host = _host(target) if target else None
        allowed = host is not None and (host[0] in self.allow_service or f"{host[0]}:{host[1]}" in self.allow_service)
        if allowed:
            return
        shown = f"SERVICE <{target}>" if target else "SERVICE"
        if not self.allow_service:
            raise QueryError(
                f"federation is disabled: the query calls {shown}, and this endpoint fetches nothing from "
                "elsewhere (allow hosts with --allow-service HOST)"
            )
        hosts = ", ".join(sorted(self.allow_service))
        raise QueryError(
            f"federation is disabled: the query calls {shown}; only http(s) IRIs written out on {hosts} are allowed"
        )


DEFAULT_GUARD = QueryGuard()  # for text from outside: the endpoint, the command line
STORE_GUARD = QueryGuard(max_chars=None)  # store.query: govgraph's own queries list thousands of graphs in VALUES


def check_query(text: str, guard: QueryGuard = DEFAULT_GUARD) -> None:
    """Check ``text`` with ``guard`` (the default bounds, no federation).

    >>> check_query("SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }")
    Traceback (most recent call last):
    ...
    govgraph.errors.QueryError: the query nests brackets 5,002 deep (the limit is 64)
    """
    guard.check(text)


def _tokens(text: str) -> list[_Token]:
    """The query's tokens, without white space and comments; an unclosed string is refused, since the
    engine refuses it too and where it ends decides what the rest means."""
    out: list[_Token] = []
    for m in _TOKENS.finditer(text):
        kind = m.lastgroup or "other"
        if kind in ("ws", "comment"):
            continue
        if kind == "other" and m.group() in "'\"":
            raise QueryError("malformed SPARQL query: a string literal is not closed")
        out.append(_Token(kind, m.group()))
    return out


def nesting_depth(tokens: list[_Token]) -> int:
    """How deep brackets of any kind ( ``( [ { <<`` ) nest, outside strings, IRIs and comments.

    >>> nesting_depth(_tokens('SELECT * { FILTER(?x = "((((") }'))
    2
    """
    depth = deepest = 0
    for t in tokens:
        if t.kind == "open":
            depth += 1
            deepest = max(deepest, depth)
        elif t.kind == "close":
            depth = max(0, depth - 1)
    return deepest


def values_data_tokens(tokens: list[_Token]) -> int:
    """How many tokens stand inside ``VALUES … { … }`` data blocks: flat lists of terms, which the
    engine reads in a loop (100,000 IRIs in 0.3 s), so they do not count towards ``max_tokens``.

    >>> values_data_tokens(_tokens("SELECT * { VALUES ?g { <a:1> <a:2> } VALUES (?x ?y) { (1 2) } }"))
    6
    """
    inside, waiting, depth, start = 0, False, 0, 0
    for t in tokens:
        if t.kind == "open":
            depth += 1
            if waiting and t.text == "{":
                waiting, start = False, depth
                continue
        elif t.kind == "close":
            if start and depth == start:  # the block's closing brace
                start = 0
            elif start:
                inside += 1
            depth = max(0, depth - 1)
            continue
        elif t.kind == "name" and t.text.casefold() == "values":
            waiting = True
        if start:
            inside += 1
    return inside


def _keyword_part(name: str) -> str:
    """The part of a name token the engine could read as a keyword: all of it, or the prefix of a
    prefixed name (the local part after the first colon is read as one name, whatever it holds)."""
    return name.split(":", 1)[0].casefold()


def _is_service(t: _Token) -> bool:
    return t.kind == "name" and "service" in _keyword_part(t.text)


def service_targets(tokens: list[_Token]) -> list[str | None]:
    """For each ``SERVICE`` the engine could run: the absolute IRI it would call, or None when it
    cannot be told (a variable, an undeclared prefix, the keyword glued to something).

    >>> service_targets(_tokens("PREFIX e: <http://h/> SELECT * { SERVICE SILENT e:x {} SERVICE ?v {} }"))
    ['http://h/x', None]
    >>> service_targets(_tokens("SELECT ?service WHERE { ?s <http://h/service> 'service' }"))
    []
    """
    prefixes, base = _declarations(tokens)
    targets: list[str | None] = []
    for i, t in enumerate(tokens):
        if not _is_service(t):
            continue
        if t.text.casefold() != "service":  # glued: SERVICE:x, SERVICEex:x, a prefix "myservice:"
            targets.append(None)
            continue
        rest = tokens[i + 1 : i + 3]
        if rest and rest[0].kind == "name" and rest[0].text.casefold() == "silent":
            rest = rest[1:]
        targets.append(_resolve(rest[0], prefixes, base) if rest else None)
    return targets


def _declarations(tokens: list[_Token]) -> tuple[dict[str, str], str]:
    """The prefixes (``PREFIX p: <iri>``) and the base (``BASE <iri>``) the query declares."""
    prefixes: dict[str, str] = {}
    base = ""
    for i, t in enumerate(tokens[:-1]):
        word = t.text.casefold() if t.kind == "name" else ""
        nxt = tokens[i + 1]
        if word == "base" and nxt.kind == "iri":
            base = urljoin(base, _iri_text(nxt.text))
        elif word == "prefix" and nxt.kind == "name" and nxt.text.endswith(":") and i + 2 < len(tokens):
            iri = tokens[i + 2]
            if iri.kind == "iri":
                prefixes[nxt.text[:-1]] = urljoin(base, _iri_text(iri.text))
    return prefixes, base


def _resolve(t: _Token, prefixes: dict[str, str], base: str) -> str | None:
    if t.kind == "iri":
        return urljoin(base, _iri_text(t.text))
    if t.kind == "name" and ":" in t.text:
        prefix, local = t.text.split(":", 1)
        if prefix in prefixes:
            return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
    return None


def _iri_text(iri: str) -> str:
    """An IRI token's text without its brackets, its \\u escapes decoded."""
    return _UCHAR.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), iri[1:-1])


def _host(iri: str) -> tuple[str, int] | None:
    """The host and port an http(s) IRI points at, or None for any other IRI.

    >>> _host("http://user@Example.ORG/x"), _host("https://[::1]:8443/"), _host("file:///etc/passwd")
    (('example.org', 80), ('::1', 8443), None)
    """
    try:
        parts = urlsplit(iri)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            return None
        return parts.hostname.lower(), parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError:
        return None


def names_dataset(text: str) -> bool:
    """Whether the query names its own dataset (``FROM`` or ``FROM NAMED``), read as the engine
    reads it: the word in a string, an IRI, a comment or a prefixed name is no keyword.

    >>> names_dataset("SELECT * FROM <http://g/1> { ?s ?p ?o }"), names_dataset('SELECT * { ?s ?p "FROM" } # FROM')
    (True, False)
    """
    try:
        return any(t.kind == "name" and t.text.upper() == "FROM" for t in _tokens(text))
    except QueryError:
        return False

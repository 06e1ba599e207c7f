"""SPARQL result terms as Python values: numbers as ``int``/``Decimal``/``float``, dates as ``date``/
``datetime``, strings with their language, IRIs as :class:`IRI`.

>>> typed("literal", "98.53", "http://www.w3.org/2001/XMLSchema#decimal")
Decimal('98.53')
>>> typed("literal", "2022", "http://www.w3.org/2001/XMLSchema#gYear"), typed("uri", "https://w3id.org/govgraph/place/460100")
(2022, IRI('https://w3id.org/govgraph/place/460100'))
>>> v = typed("literal", "海口市", lang="zh"); v, v.lang
(LangString('海口市', lang='zh'), 'zh')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

XSD = "http://www.w3.org/2001/XMLSchema#"


class IRI(str):
    """An IRI in a query result (a ``str``, so it compares and prints as its text)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"IRI({str.__repr__(self)})"


class BlankNode(str):
    """A blank node in a query result (its label)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"BlankNode({str.__repr__(self)})"


class LangString(str):
    """A string with a language tag (``lang``)."""

    __slots__ = ("lang",)
    lang: str

    def __new__(cls, value: str, lang: str) -> LangString:
        s = super().__new__(cls, value)
        s.lang = lang
        return s

    def __repr__(self) -> str:
        return f"LangString({str.__repr__(self)}, lang={self.lang!r})"


Value = IRI | BlankNode | LangString | str | int | Decimal | float | bool | dt.date | dt.datetime

_INTEGERS = {
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte",
}  # fmt: skip


def _year(text: str) -> int:
    return int(text[:5] if text.startswith("-") else text[:4])


_CONVERT: dict[str, Callable[[str], Any]] = {
    **{XSD + t: int for t in _INTEGERS},
    XSD + "decimal": Decimal,
    XSD + "double": float,
    XSD + "float": float,
    XSD + "boolean": lambda t: t.strip() in ("true", "1"),
    XSD + "date": dt.date.fromisoformat,
    XSD + "dateTime": lambda t: dt.datetime.fromisoformat(t.replace("Z", "+00:00")),
    XSD + "gYear": _year,
}


def typed(kind: str, value: str, datatype: str | None = None, lang: str | None = None) -> Value:
    """One term as a Python value; ``kind`` is ``uri``, ``bnode`` or ``literal`` (as in SPARQL JSON results).

    A literal whose text does not fit its datatype stays its text.
    """
    if kind == "uri":
        return IRI(value)
    if kind == "bnode":
        return BlankNode(value)
    if lang:
        return LangString(value, lang)
    convert = _CONVERT.get(datatype or "")
    if convert is None:
        return value
    try:
        return convert(value)
    except (ValueError, InvalidOperation):
        return value

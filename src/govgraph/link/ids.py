"""Deterministic, readable identifiers. Re-running on the same input gives the same ids.

Ids are paths under one base (``https://w3id.org/govgraph/``). Things shared
across reports (national bodies and laws, a province's or city's own bodies
and documents, reforms) are keyed by their scope and normalised name, never
by the report, so every report that names them points at one node.
"""

from __future__ import annotations

import hashlib
import re
from typing import Final
from urllib.parse import quote

from ..model import Entity
from ..text.normalise import match_key
from ..vocab import BASE, iri

__all__ = ["BASE", "entity_id", "entity_key", "iri", "report_id", "section_id"]
_IRI_UNSAFE: Final = set('<>"{}|\\^`#?/%[] ')
_NEEDS_QUOTE: Final = re.compile("[" + re.escape("".join(sorted(_IRI_UNSAFE))) + "\x00-\x20]")
_GENRES: Final = {"fazhi-report": "fazhi", "work-report": "work"}


def _seg(text: str) -> str:
    """One path segment: the normalised name, percent-encoded only where an IRI needs it.

    >>> _seg("法治政府建设实施纲要（2021—2025年）")
    '法治政府建设实施纲要(2021-2025年)'
    """
    key = match_key(text)
    if not _NEEDS_QUOTE.search(key):
        return key
    return "".join(quote(ch, safe="") if ch in _IRI_UNSAFE or ord(ch) < 33 else ch for ch in key)


def report_id(
    adcode: str | None,
    year: int | None,
    genre: str | None,
    title: str | None,
    level: str | None,
    text: str = "",
) -> str:
    """The report's id: place code, year covered and genre; where those do not tell reports apart (a
    department's report, a report of no known place), also a hash of the title, or of the ``text`` when
    there is no title (two untitled reports of no known place must not share one id).

    >>> report_id("460100", 2022, "fazhi-report", "海口市人民政府2022年法治政府建设情况报告", "city")
    'report/460100-2022-fazhi'
    >>> report_id(None, 2022, "fazhi-report", None, None, "甲") != report_id(None, 2022, "fazhi-report", None, None, "乙")
    True
    """
    base = f"report/{adcode or 'unknown'}-{year or 'na'}-{_GENRES.get(genre or '', genre or 'report')}"
    if level == "department" or not adcode:
        base += "-" + hashlib.sha1((title or text).encode()).hexdigest()[:8]
    return base


def entity_id(kind: str, scope: str, name: str) -> str:
    """An entity's id under its identity scope (``national``, an adcode, or ``concept``).

    >>> entity_id("agency", "460100", "海口市司法局")
    'agency/460100/海口市司法局'
    >>> entity_id("document", "national", "中华人民共和国审计法")
    'document/national/中华人民共和国审计法'
    """
    return f"{kind}/{scope}/{_seg(name)}"


def section_id(report: str, path: str) -> str:
    """A section's id under its report.

    >>> section_id("report/460100-2022-fazhi", "二.(四)")
    'report/460100-2022-fazhi/section/二.(四)'
    """
    return f"{report}/section/{_seg(path)}"


def entity_key(e: Entity) -> str:
    """The shared id of an entity: a division by its code, anything else by scope and name.

    >>> entity_key(Entity("place", "龙华区", adcode="460106")), entity_key(Entity("reform", "河长制", scope="concept"))
    ('place/460106', 'reform/concept/河长制')
    """
    if e.type == "place" and e.adcode:
        return f"place/{e.adcode}"
    return entity_id(e.type, e.scope or "report", e.name)

"""One report's raw mentions as canonical entities and observations, each mention in its section."""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Final

from ..extract import Found
from ..model import Entity, Finding, Mention, Observation, Section
from ..sections import section_runs
from ..text.normalise import match_key
from ..text.place_context import ReportContext
from .agency_types import agency_type
from .figure_checks import check_report
from .indicators import change_indicator, indicator_for
from .scopes import agency_scope


@dataclass(frozen=True)
class Resolved:
    """A report's entities (first mention first) and observations, and the findings of its figures."""

    entities: list[Entity]
    observations: list[Observation]
    findings: list[Finding]


def resolve(text: str, ctx: ReportContext, sections: list[Section], found: Found) -> Resolved:
    """Canonical entities under their identity scopes, observations linked to indicators.

    >>> from govgraph.extract import find_all
    >>> from govgraph.text.place_context import context_for
    >>> text = "市司法局办理法律援助案件5426件。"
    >>> r = resolve(text, context_for("460100"), [], find_all(text, context_for("460100"), []))
    >>> [(e.name, e.scope, e.kind) for e in r.entities]
    [('海口市司法局', '460100', 'agency-type/justice')]
    """
    where = _SectionOf(sections, len(text))
    index = _Entities(where)
    # an entity's attributes are worked out only for its first mention; later ones add their mention
    for d in found.documents:
        new = (
            None
            if index.known("document", d.name)
            else Entity("document", d.name, [], None, d.kind, d.level, None, _document_scope(d.level, ctx))
        )
        index.add("document", d.name, d.text, d.start, d.end, new)
    for a in found.agencies:
        new = (
            None
            if index.known("agency", a.name)
            else Entity("agency", a.name, [], a.parent, agency_type(a.name), None, None, agency_scope(a.name, ctx))
        )
        index.add("agency", a.name, a.text, a.start, a.end, new)
    for a in found.agencies:
        # the owner written in a unit's name is a body the report names too (市委常委会 names 市委)
        if a.parent and not index.known("agency", a.parent):
            owner = Entity("agency", a.parent, [], None, agency_type(a.parent), None, None, agency_scope(a.parent, ctx))
            index.add("agency", a.parent, a.text, a.start, a.end, owner)
    for p in found.places:
        new = (
            None
            if index.known("place", p.name)
            else Entity("place", p.name, [], None, None, None, p.adcode, p.adcode or (ctx.province_code or "national"))
        )
        index.add("place", p.name, p.text, p.start, p.end, new)
    for r in found.reforms:
        new = None if index.known("reform", r.name) else Entity("reform", r.name, [], None, None, None, None, "concept")
        index.add("reform", r.name, r.text, r.start, r.end, new)

    notes = [(s.start, s.end) for s in sections if s.type == "notes"]
    observations = []
    for o in found.observations:
        if notes and any(a <= o.start < b for a, b in notes):
            continue  # endnotes explain terms (［10］两个基地、两个枢纽): their numerals are no figures of the year
        start, end = (
            _earlier_span(text, o.start, o.end)
            if o.explains is not None
            else _quote_span(text, o.measure, o.start, o.end)
        )
        indicator = None if o.span else indicator_for(o.measure, o.unit)  # 过去五年…: no one year's value
        change = o.change
        if change is not None:
            growth = change_indicator(indicator, change.unit, change.basis)
            change = dataclasses.replace(change, indicator=growth) if growth else change
        observations.append(
            Observation(
                o.measure,
                o.value,
                o.unit,
                text[start:end],
                start,
                end,
                where.path(o.start),
                o.qualifier,
                change,
                o.status,
                o.raw,
                indicator,
                o.year,
                o.years_back,
                None,
                o.span,
            )
        )
        if o.explains is not None:
            _link_base(observations, o.explains)
    ents = sorted(index.by_key.values(), key=lambda e: (e.mentions[0].start, e.type))
    return Resolved(ents, observations, check_report(text, observations))


class _SectionOf:
    """The path of the deepest section holding an offset ("preamble" outside every section), by bisection
    over :func:`govgraph.sections.section_runs`."""

    __slots__ = ("_cuts", "_last", "_owners", "_paths")

    def __init__(self, sections: list[Section], length: int) -> None:
        self._cuts, self._owners = section_runs(sections, length)
        self._paths = [s.path for s in sections]
        self._last = length

    def path(self, offset: int) -> str:
        i = self._owners[bisect_right(self._cuts, offset) - 1] if 0 <= offset <= self._last else -1
        return self._paths[i] if i >= 0 else "preamble"


class _Entities:
    """A report's entities by type and match key, each with its mentions in the order added. (Methods of
    a class, not functions nested in :func:`resolve`: the compiled build calls those through Python.)"""

    __slots__ = ("_keys", "_where", "by_key")

    def __init__(self, where: _SectionOf) -> None:
        self.by_key: dict[tuple[str, str], Entity] = {}
        self._keys: dict[str, str] = {}  # a name's match key, worked out once per report (names recur)
        self._where = where

    def key(self, name: str) -> str:
        k = self._keys.get(name)
        if k is None:
            k = self._keys[name] = match_key(name)
        return k

    def known(self, etype: str, name: str) -> bool:
        return (etype, self.key(name)) in self.by_key

    def add(self, etype: str, name: str, text: str, start: int, end: int, new: Entity | None) -> None:
        """A mention (``text`` at ``start``–``end``) of the entity ``name``; ``new`` is the entity to keep
        when its match key is new (its attributes are the first mention's)."""
        key = (etype, self.key(name))
        ent = self.by_key.get(key)
        if ent is None:
            ent = self.by_key[key] = new if new is not None else Entity(etype, name, [])
        ent.mentions.append(Mention(text, start, end, self._where.path(start)))


def _earlier_span(text: str, number_start: int, number_end: int) -> tuple[int, int]:
    """An earlier period's figure is quoted with the words that date it (较2022年558件, 去年同期为60件), not with the
    measure, which belongs to the figure it is compared with."""
    i = number_start
    while i > max(0, number_start - 12) and not _BREAK.match(text[i - 1]) and text[i - 1] not in "（(、":
        i -= 1
    return i, number_end


def _link_base(observations: list[Observation], later_start: int) -> None:
    """Link the figure that starts at ``later_start`` to the earlier period's figure just appended (its base)."""
    base = len(observations) - 1
    for k in range(base - 1, -1, -1):
        o = observations[k]
        if o.start <= later_start < o.end or o.start == later_start:
            observations[k] = dataclasses.replace(o, change_base=base)
            return


def _quote_span(text: str, measure: str, number_start: int, number_end: int) -> tuple[int, int]:
    """The shortest span holding the measure's words and the figure: 法律援助案件5426件, 38条具体工作举措."""
    words = _measure_words(measure)
    if not words:
        return number_start, number_end
    i = text.rfind(words, max(0, number_start - 60), number_start)
    if i >= 0 and not _BREAK.search(text, i, number_start):
        return i, number_end
    j = text.find(words, number_end, number_end + 40)
    if j >= 0 and not _BREAK.search(text, number_end, j):
        return number_start, j + len(words)
    # words on both sides of the figure: 连续15年在全省考核中获评优秀等次. The head lies within the 8 characters
    # before the figure and the tail opens right after it, so only splits of at most 8 characters before a
    # character that the figure is followed by are tried, longest head first.
    after = text[number_end : number_end + 1]
    for k in range(min(len(words) - 1, _HEAD_MAX), 0, -1):
        if words[k] != after:
            continue
        head, tail = words[:k], words[k:]
        if text.rfind(head, max(0, number_start - _HEAD_MAX), number_start) >= 0 and text.startswith(tail, number_end):
            return text.rfind(head, max(0, number_start - _HEAD_MAX), number_start), number_end + len(tail)
    return number_start, number_end


_HEAD_MAX: Final = 8  # characters: how far before the figure the measure's head may start
_CHANGE_SUFFIXES: Final = ("增速", "降幅", "增加额", "减少额")


def _measure_words(measure: str) -> str:
    """The measure without the change word that ends it (地区生产总值增速 → 地区生产总值): the words to quote."""
    if measure.endswith(_CHANGE_SUFFIXES):
        for suffix in _CHANGE_SUFFIXES:
            if measure.endswith(suffix):
                return measure[: -len(suffix)]
    return measure


_BREAK: Final = re.compile(r"[，,。；;\n]")


def _document_scope(level: str, ctx: ReportContext) -> str:
    if level == "national" or ctx.place is None:
        return "national"
    if level == "provincial" and ctx.province:
        return ctx.province.code
    if level == "municipal" and ctx.city:
        return ctx.city.code
    return ctx.place.code

"""One report's raw mentions as canonical entities and observations, each mention in its section."""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Protocol

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


class _Span(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


def resolve(text: str, ctx: ReportContext, sections: list[Section], found: Found) -> Resolved:
    """Canonical entities under their identity scopes, observations linked to indicators.

    >>> from govgraph.extract import find_all
    >>> from govgraph.text.place_context import context_for
    >>> text = "市司法局办理法律援助案件5426件。"
    >>> r = resolve(text, context_for("460100"), [], find_all(text, context_for("460100"), []))
    >>> [(e.name, e.scope, e.kind) for e in r.entities]
    [('海口市司法局', '460100', 'agency-type/justice')]
    """
    cuts, owners = section_runs(sections, len(text))
    paths = [s.path for s in sections]
    last = len(text)

    def sec(offset: int) -> str:
        i = owners[bisect_right(cuts, offset) - 1] if 0 <= offset <= last else -1
        return paths[i] if i >= 0 else "preamble"

    entities: dict[tuple[str, str], Entity] = {}
    keys: dict[str, str] = {}  # a name's match key, worked out once per report (names recur)

    def key_of(name: str) -> str:
        k = keys.get(name)
        if k is None:
            k = keys[name] = match_key(name)
        return k

    def add(etype: str, name: str, found: _Span, **attrs: str | None) -> None:
        key = (etype, key_of(name))
        ent = entities.get(key)
        if ent is None:
            ent = Entity(etype, name, [], **attrs)
            entities[key] = ent
        ent.mentions.append(Mention(found.text, found.start, found.end, sec(found.start)))

    for d in found.documents:
        add("document", d.name, d, kind=d.kind, level=d.level, scope=_document_scope(d.level, ctx))
    for a in found.agencies:
        if ("agency", key_of(a.name)) in entities:
            add("agency", a.name, a)  # a body named before: its first mention's attributes stand
        else:
            add("agency", a.name, a, parent=a.parent, scope=agency_scope(a.name, ctx), kind=agency_type(a.name))
    for a in found.agencies:
        # the owner written in a unit's name is a body the report names too (市委常委会 names 市委)
        if a.parent and ("agency", key_of(a.parent)) not in entities:
            add("agency", a.parent, a, parent=None, scope=agency_scope(a.parent, ctx), kind=agency_type(a.parent))
    for p in found.places:
        add("place", p.name, p, adcode=p.adcode, scope=p.adcode or (ctx.province_code or "national"))
    for r in found.reforms:
        add("reform", r.name, r, scope="concept")

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
                sec(o.start),
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
    ents = sorted(entities.values(), key=lambda e: (e.mentions[0].start, e.type))
    return Resolved(ents, observations, check_report(text, observations))


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


_HEAD_MAX = 8  # characters: how far before the figure the measure's head may start
_CHANGE_SUFFIXES = ("增速", "降幅", "增加额", "减少额")


def _measure_words(measure: str) -> str:
    """The measure without the change word that ends it (地区生产总值增速 → 地区生产总值): the words to quote."""
    if measure.endswith(_CHANGE_SUFFIXES):
        for suffix in _CHANGE_SUFFIXES:
            if measure.endswith(suffix):
                return measure[: -len(suffix)]
    return measure


_BREAK = re.compile(r"[，,。；;\n]")


def _document_scope(level: str, ctx: ReportContext) -> str:
    if level == "national" or ctx.place is None:
        return "national"
    if level == "provincial" and ctx.province:
        return ctx.province.code
    if level == "municipal" and ctx.city:
        return ctx.city.code
    return ctx.place.code

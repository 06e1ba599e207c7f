"""Classify an agency by its canonical name into a concept of ``ontology/agency-types.ttl``."""

from __future__ import annotations

import re
from functools import lru_cache

from ..vocab.schemes import agency_type_rules


@lru_cache(maxsize=1)
def _compiled() -> tuple[tuple[tuple[re.Pattern[str], str], ...], tuple[tuple[str, str], ...]]:
    rules = agency_type_rules()
    return tuple((re.compile(rx), local) for rx, local in rules.patterns), rules.endings


@lru_cache(maxsize=1)
def _endings_by_length() -> tuple[dict[str, tuple[int, ...]], dict[str, list[tuple[str, str]]]]:
    """By last character, the lengths of the endings that end in it, longest first; and the endings by their
    text, in the rules' order. A name is looked up only at the lengths of endings of its own last character
    (局: 3 lengths, not the 11 of all endings)."""
    by_ending: dict[str, list[tuple[str, str]]] = {}
    for ending, local in _compiled()[1]:
        by_ending.setdefault(ending, []).append((ending, local))
    lengths: dict[str, set[int]] = {}
    for e in by_ending:
        if e:
            lengths.setdefault(e[-1], set()).add(len(e))
    return {last: tuple(sorted(ns, reverse=True)) for last, ns in lengths.items()}, by_ending


def agency_type(name: str) -> str | None:
    """The agency-type concept of a canonical agency name, by its ending, or None.

    >>> agency_type("海口市司法局"), agency_type("中共海南省委员会"), agency_type("海口市人民代表大会常务委员会")
    ('agency-type/justice', 'agency-type/party-committee', 'agency-type/congress-standing-committee')
    >>> agency_type("中共海口市委员会全面依法治市委员会"), agency_type("某某协会") is None
    ('agency-type/rule-of-law-committee', True)
    >>> agency_type("海口市综合行政执法局龙华分局"), agency_type("生态环境部")
    ('agency-type/law-enforcement', 'agency-type/ecology-environment')
    """
    patterns, _ = _compiled()
    lengths, by_ending = _endings_by_length()
    # a branch has its parent's type: …执法局龙华分局 (the pattern only where a branch's head word stands)
    branch = _BRANCH.sub("", name) if any(head in name for head in _BRANCH_HEADS) else name
    for candidate in (name, branch) if branch != name else (name,):
        for n in lengths.get(candidate[-1:], ()):  # the longest ending first: …委员会办公室 before …委员会
            for ending, local in by_ending.get(candidate[-n:], ()) if n <= len(candidate) else ():
                if len(candidate) > len(ending) or len(ending) >= 3:
                    if ending in ("政府", "委员会") and candidate.startswith("中共"):
                        continue
                    return local
        for rx, local in patterns:
            if rx.search(candidate):
                return local
    return None


_BRANCH = re.compile(r"(?<=[局厅委队])[\u4e00-\u9fff]{2,6}?(?:分局|支队|大队)$")
_BRANCH_HEADS = ("分局", "支队", "大队")  # what a name must hold for _BRANCH to match


def type_label(local: str) -> str:
    """The Chinese label of an agency-type concept id.

    >>> type_label("agency-type/justice")
    '司法行政机关'
    """
    return agency_type_rules().labels.get(local, local)

"""Faster whole-text scans that give exactly what ``pattern.finditer(text)`` gives.

Python's regex engine skips ahead quickly only when a pattern opens with a literal or a character
set. A pattern that opens with a look-behind (a number not preceded by a letter) is instead tried
at every position of the text. Where every match is known to begin where a simpler pattern
matches (a digit), looking for that first and trying the full pattern only there gives the same
matches in the same order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any


def matches_from(pattern: re.Pattern[str], first: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The matches of ``pattern.finditer(text)``, trying ``pattern`` only where ``first`` matches.

    Every match of ``pattern`` must begin where ``first`` matches, and ``pattern`` must never
    match the empty string. Look-behinds still see the text before each try (``pattern.match``
    with a start position looks behind it).

    >>> number = re.compile(r"(?<![\\dA-Za-z])\\d+(?:件|%)?")
    >>> [m.group() for m in matches_from(number, re.compile(r"\\d"), "办理3件，A4纸，增长12%")]
    ['3件', '12%']
    >>> [m.group() for m in number.finditer("办理3件，A4纸，增长12%")]
    ['3件', '12%']
    """
    pos = 0
    search, match = first.search, pattern.match
    while True:
        c = search(text, pos)
        if c is None:
            return
        s = c.start()
        m = match(text, s)
        if m is None:
            pos = s + 1
            continue
        yield m
        pos = m.end()


def matches_at(pattern: re.Pattern[str], text: str, starts: Iterable[int]) -> Iterator[re.Match[str]]:
    """The matches of ``pattern.finditer(text)``, trying ``pattern`` only at ``starts`` (ascending).

    Every match of ``pattern`` must begin at one of ``starts``, and ``pattern`` must never match the
    empty string; a start inside a match already given is passed over, as ``finditer`` would.

    >>> two = re.compile(r"[\u4e00-\u9fff]{2,3}?两法")
    >>> t = "学习民法典两法，宣传教育两法"
    >>> starts = [s for k in range(len(t)) if t.startswith("两法", k) for s in range(max(0, k - 3), k - 1)]
    >>> [m.group() for m in matches_at(two, t, starts)] == [m.group() for m in two.finditer(t)]
    True
    """
    pos = 0
    match = pattern.match
    for s in starts:
        if s < pos:
            continue
        m = match(text, s)
        if m is not None:
            yield m
            pos = m.end()


def literal_automaton(words: Iterable[str]) -> Any:
    """An Aho-Corasick automaton of ``words`` for :func:`leftmost_longest` (each word keeps its length)."""
    import ahocorasick

    auto = ahocorasick.Automaton()
    for w in words:
        if w:
            auto.add_word(w, len(w))
    auto.make_automaton()
    return auto


def leftmost_longest(automaton: Any, text: str) -> list[tuple[int, int]]:
    """The spans that ``re.compile("|".join(words sorted longest first)).finditer(text)`` gives for the words of
    ``automaton`` (from :func:`literal_automaton`): at each place the longest word, then on after its end,
    found in one pass instead of trying every word at every position.

    >>> words = ["行政复议法", "行政复议法实施条例", "刑法"]
    >>> t = "依照行政复议法实施条例和刑法，行政复议法"
    >>> rx = re.compile("|".join(sorted(words, key=len, reverse=True)))
    >>> leftmost_longest(literal_automaton(words), t) == [m.span() for m in rx.finditer(t)]
    True
    """
    longest: dict[int, int] = {}
    for end, n in automaton.iter(text):
        s = end + 1 - n
        if n > longest.get(s, 0):
            longest[s] = n
    out: list[tuple[int, int]] = []
    pos = 0
    for s in sorted(longest):
        if s >= pos:
            out.append((s, s + longest[s]))
            pos = s + longest[s]
    return out

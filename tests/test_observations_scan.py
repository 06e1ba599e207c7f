"""The fast paths of observations and resolve give what the code they replace gives, on real report texts.

Each test rebuilds the plain form (the pattern tried at every position, the chain of end patterns run on every
phrase, the look-up without its cache) and compares it with the fast path over the bundled Haikou report and
every corpus report (the corpus part is left out where the shared corpus is absent).
"""

from __future__ import annotations

import re

import pytest

from govgraph.extract import observations as obs
from govgraph.resolve import indicators
from govgraph.text.scan import AtEnd, matches_at, matches_from

# NUMBER as it was spelt before round 5, with (…)? for its optional parts
_NUMBER_PLAIN = re.compile(
    r"(?<![\dA-Za-z.．_/])"
    rf"(?P<num>\d(?:{obs._SP}\d)+(?!\d)(?:{obs._SP}?[.．]{obs._SP}?\d+)?"
    rf"|\d+(?:[,，]\d{{3}}(?!\d))*(?:{obs._SP}?[.．]{obs._SP}?\d+)?)"
    r"(?:\s*[-~～—－至到]\s*(?P<num2>\d+(?:\.\d+)?))?"
    r"(?:(?P<q0>余|多)(?=万|亿|千))?"
    r"(?:(?:[ \u3000\u00a0\u2009]|\s*\u200b\s*)?(?P<mult>万亿|千亿|百亿|亿|千万|百万|万|千(?![克米瓦])))?"
    r"(?P<q>余|多)?"
    rf"{obs._SP}?(?P<unit>{obs._UNIT_ALT})?"
    r"(?P<post>以上|左右|以内|以下|多)?"
    r"(?:(?<=[%％])\s*[-~～—－至到]\s*(?P<num3>\d+(?:\.\d+)?)[%％])?"
)


def test_number_pattern_as_its_plain_spelling(texts: list[str]) -> None:
    edges = (
        "7 4 7 7 2亿元，1 2 34件，2. 2万亿元，74.4\n\u200b\n万亿元，1,086件，1,0865件，12,345,678元，3，5件，"
        "6.5%－7%，5-8件，30余万人，2万多户，5千克，3千万元，100以上，8%左右，1 2，3 "
    )
    for t in [*texts, edges]:
        fast = [(m.span(), m.groupdict()) for m in obs.NUMBER.finditer(t)]
        assert fast == [(m.span(), m.groupdict()) for m in _NUMBER_PLAIN.finditer(t)]


def test_numbers_tried_only_where_the_look_behind_holds(texts: list[str]) -> None:
    found = 0
    for t in texts:
        slow = [(m.span(), m.groupdict()) for m in obs.NUMBER.finditer(t)]
        assert [(m.span(), m.groupdict()) for m in matches_from(obs.NUMBER, obs._NUMBER_FIRST, t)] == slow
        found += len(slow)
    assert found > 100


def test_number_starts_are_where_the_look_behind_holds(texts: list[str]) -> None:
    starts = 0
    for t in texts:
        assert obs._number_starts(t) == [m.start() for m in obs._NUMBER_FIRST.finditer(t)]
        starts += len(obs._number_starts(t))
    assert starts > 1000
    edges = "1a1 A1 z1 _1 /1 .1 ．1 ·1 。1 ١1 11 ７1 ٣ 1"  # barred by a letter, a point, ., _, /, a digit of any script
    assert obs._number_starts(edges) == [m.start() for m in obs._NUMBER_FIRST.finditer(edges)]
    assert obs._number_starts("") == [] and obs._number_starts("5") == [0]


def test_decimal_digits_as_the_pattern_reads_them() -> None:
    digit = re.compile(r"\d")
    for c in range(0x110000):
        assert obs._is_decimal(c) == bool(digit.match(chr(c))), hex(c)


def test_arabic_figures_as_the_plain_scan_finds_them(texts: list[str]) -> None:
    found = 0
    for t in texts:
        hits = (obs._arabic_hit(t, m) for m in matches_from(obs.NUMBER, obs._NUMBER_FIRST, t))
        plain = [h for h in hits if h is not None]
        assert obs._arabic_hits(t) == plain
        found += len(plain)
    assert found > 1000


def test_chinese_multiples_and_runs_of_years_tried_at_their_starts_only(texts: list[str]) -> None:
    found = 0
    for t in texts:
        slow = [(m.span(), m.groupdict()) for m in obs.CN_NUMBER.finditer(t)]
        fast = [(m.span(), m.groupdict()) for m in matches_at(obs.CN_NUMBER, t, obs._cn_number_starts(t))]
        assert fast == slow
        found += len(slow)
    assert found > 0


def test_a_multiple_after_a_long_run_of_numerals() -> None:
    t = "是去年的十二点五倍，连续十年，一二三四五倍"
    slow = [m.group() for m in obs.CN_NUMBER.finditer(t)]
    assert [m.group() for m in matches_at(obs.CN_NUMBER, t, obs._cn_number_starts(t))] == slow
    assert slow == ["十二点五倍", "连续十年", "四五倍"]


def test_colons_between_digits_as_the_pattern_finds_them(texts: list[str]) -> None:
    found = 0
    for t in texts:
        slow = [
            c.start() for c in obs._COLON_BEFORE_DIGIT.finditer(t) if c.start() and obs._DIGIT.match(t, c.start() - 1)
        ]
        assert obs._colons_between_digits(t) == slow
        found += len(slow)
    assert found > 0
    assert obs._colons_between_digits(":1，2：3，4:5，6：") == [4, 8]  # not at the start, nor at the end


def _qualifier_plain(text: str, s: int, m: re.Match[str]) -> str:
    """The qualifier as it was read before the fast path: every pattern run on the three characters before."""
    before = text[max(0, s - 3) : s]
    q, q0, post, num2, num3 = m.group("q", "q0", "post", "num2", "num3")
    if q or q0 or post in ("左右", "多"):
        return "approx"
    if post == "以上" or obs._OVER.pattern.search(before) or num2 or num3:
        return "over"
    if obs._APPROX.pattern.search(before):
        return "approx"
    if obs._UNDER.pattern.search(before):
        return "under"
    return "exact"


def test_qualifier_words_looked_for_only_after_a_character_one_ends_in(texts: list[str]) -> None:
    kinds: set[str] = set()
    for t in texts:
        for m in obs.NUMBER.finditer(t):
            q = obs._qualifier(t, m.start(), m.groups())
            assert q == _qualifier_plain(t, m.start(), m)
            kinds.add(q)
    assert kinds == {"exact", "over", "approx", "under"}
    t = "超过\n5件"  # $ matches before a last newline: the newline is one of the characters looked at
    m = obs.NUMBER.search(t)
    assert m is not None and obs._qualifier(t, m.start(), m.groups()) == _qualifier_plain(t, m.start(), m) == "over"


def _clean_pre_plain(pre: str) -> tuple[str, str | None]:
    """:func:`_clean_pre` with every end pattern run on every phrase (the code before the fast path)."""
    p = obs._LEAD.sub("", pre.strip())
    m = obs._CHANGE_AT_END.pattern.search(p)
    verb = None
    if m and not obs._TO_AT_END.search(p):
        verb = m.group(0)
        p = p[: m.start()]
    p = obs._TRAIL.pattern.sub("", p)
    average = obs._AVERAGE_AT_END.pattern.search(p)
    p = obs._BASIS_AT_END.pattern.sub("", p)
    if average and verb is None:
        verb = "年均增长"
    elif average and verb and not verb.startswith(("年均", "平均")):
        verb = "年均" + verb
    if len(p) > obs._MAX_MEASURE:
        p = obs._cut_long(p)
    return obs._balance_quotes(p.strip(" ，,、")), verb


def test_end_words_of_a_measure_looked_for_only_where_one_can_end(texts: list[str]) -> None:
    changed = 0
    for t in texts:
        hits = obs._hits(t)
        for i, h in enumerate(hits):
            pre = obs._pre(t, h, hits[i - 1].end if i else 0)
            assert obs._clean_pre(pre) == _clean_pre_plain(pre), pre
            changed += obs._clean_pre(pre)[0] != obs._balance_quotes(obs._LEAD.sub("", pre.strip()).strip(" ，,、"))
    assert changed > 10  # the comparison saw phrases whose end words were taken off


def test_end_characters_must_be_readable() -> None:
    with pytest.raises(ValueError):
        obs._last_chars(AtEnd(re.compile(r"\d+$")))  # a class: the characters cannot be listed
    with pytest.raises(ValueError):
        obs._last_chars(AtEnd(re.compile(r"(?:均|都)*$")))  # may match nothing: searched, it always matches
    assert obs._last_chars(removed=(AtEnd(re.compile(r"(?:均|都)*$")),)) == frozenset("均都")


def test_cached_indicator_look_up_gives_what_the_look_up_gives(texts: list[str]) -> None:
    plain = indicators.indicator_for.__wrapped__
    seen = 0
    for t in texts:
        for o in obs.find_observations(t):
            assert indicators.indicator_for(o.measure, o.unit) == plain(o.measure, o.unit)
            seen += plain(o.measure, o.unit) is not None
    assert seen > 10


def test_words_after_a_figure_stop_where_the_plain_pattern_stops(texts: list[str]) -> None:
    marks = "|".join(map(re.escape, obs._POST_STOP_MARKS)) + "|"
    assert obs._POST_STOP.pattern.startswith(marks)
    plain = re.compile(r"[，。；、：！？,;:\n（(“”\"0-9]|" + obs._POST_STOP.pattern.removeprefix(marks))
    stops = 0
    for t in texts:
        for k in range(0, len(t), 7):  # windows of the length the words after a figure are read in
            window = t[k : k + 24]
            fast, slow = obs._POST_STOP.search(window), plain.search(window)
            assert (fast and fast.span()) == (slow and slow.span()), window
            stops += fast is not None
    assert stops > 10000

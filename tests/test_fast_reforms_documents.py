"""Round 4's shortcuts in the reform and document rules give what the code they replace gives, on the
bundled Haikou report and every corpus report (the corpus part is skipped without it).

Each test rebuilds the plain form (the loop over every match, every length, every rule) and compares it
with the shortcut the module now takes, on the phrases the rules see: the window before every head noun,
every quotation, every title.
"""

from __future__ import annotations

import re

from govgraph.extract import documents, reforms
from govgraph.text.divisions import division_table
from govgraph.text.normalise import canonical_title


def _windows(texts: list[str]) -> list[str]:
    """The phrases before every head noun that the left edge reads, at three reaches (36, 12 and 5
    characters), cut at the last stop character as the left edge cuts them."""
    out = []
    for t in texts:
        for m in reforms._HEAD.finditer(t):
            hs = m.start()
            for lo in (max(0, hs - 36), max(0, hs - 12), max(0, hs - 5)):
                last = reforms._UP_TO_LAST_STOP.match(t, lo, hs)
                out.append(t[lo if last is None else last.end() : hs])
    return out


def test_last_cut_by_one_greedy_match(texts: list[str]) -> None:
    """The end of the last cut (的, 了, 为, a closing 等, a counted quantity), as the loop over every match gave."""
    cut = 0
    for seg in _windows(texts):
        plain = 0
        for c in reforms._CUT.finditer(seg):
            plain = c.end()
        fast = reforms._UP_TO_LAST_CUT.match(seg)
        assert (fast.end() if fast else 0) == plain, seg
        cut += plain > 0
    assert cut > 100  # the comparison saw cuts, not only phrases without one


def test_first_verb_by_one_search(texts: list[str]) -> None:
    """The first introducing verb that leaves two characters, from the start and after a conjunction: the
    first match of the scan, as the loop over every match found it."""
    seen = 0
    for seg in _windows(texts):
        for pos in (0, *(c.end() for c in reforms._CONJ.finditer(seg))):
            plain = [v.end() for v in reforms._INTRO_VERB.finditer(seg, pos) if len(seg) - v.end() >= 2]
            v = reforms._INTRO_VERB.search(seg, pos)
            fast = [v.end()] if v and len(seg) - v.end() >= 2 else []
            assert fast == plain[:1], (seg, pos)
            seen += bool(plain)
    assert seen > 100


def test_lead_words_dropped_as_before(texts: list[str]) -> None:
    """``_strip_left`` with its check for a lead word at the start gives what the two patterns alone gave."""

    def plain(seg: str) -> str:
        if reforms._LEADS_ONLY.fullmatch(seg):
            return ""
        lead = reforms._LEADS.match(seg)
        return seg[lead.end() :] if lead else seg

    dropped = 0
    phrases = _windows(texts) + ["深入推进", "全面", "持续深化改革", "扎实推进营商环境"]
    for seg in phrases:
        for k in range(len(seg)):
            assert reforms._strip_left(seg[k:]) == plain(seg[k:]), seg[k:]
            dropped += reforms._strip_left(seg[k:]) != seg[k:]
    assert dropped > 100


def _plain_place_at(phrase: str, start: bool) -> bool:
    names = reforms._division_names()
    for n in range(2, min(len(phrase) - 1, 6) + 1):
        piece = phrase[:n] if start else phrase[-n:]
        if piece in names and piece not in reforms._COMMON_WORDS:
            return True
    return False


def test_place_at_looked_up_by_two_characters(texts: list[str]) -> None:
    """A division name at a phrase's start or end, found through the names' first (last) two characters,
    as trying every length found it: on every quotation and every phrase before a head noun."""
    phrases = [m.group(1) for t in texts for m in reforms._QUOTED.finditer(t)] + _windows(texts)
    phrases += ["海南自贸港", "智慧海南", "资源节约", "海口", "海", ""]
    found = 0
    for p in phrases:
        for start in (True, False):
            assert reforms._place_at(p, start) == _plain_place_at(p, start), (p, start)
            found += _plain_place_at(p, start)
    assert found > 20


def _plain_prefix_level(name: str) -> str | None:
    """``documents._place_prefix_level`` as it was: every length from 12 down, where a full name may end."""
    if name.startswith(("中华人民共和国", "国家", "国务院", "中共中央", "全国", "中央")):
        return "national"
    table = division_table()
    ends = frozenset(n[-1] for n in table.by_name)
    for n in range(min(12, len(name)), 1, -1):
        d = table.by_name.get(name[:n]) if name[n - 1] in ends else None
        if d:
            return {"province": "provincial", "city": "municipal"}.get(d[0].level, "district")
    for n in (3, 2):
        d = table.by_short.get(name[:n])
        if d and d[0].level == "province":
            return "provincial"
    return None


def test_title_place_prefix_by_two_characters(texts: list[str]) -> None:
    """A title's level from its place prefix: every title of the texts, and every full division name with a
    title's head after it (the longest name must win: 海南省海口市 is municipal, not provincial)."""
    titles = [m.group(1) for t in texts for m in documents._TITLE.finditer(t)]
    names = sorted(division_table().by_name)
    titles += [n + "促进条例" for n in names[::7]] + ["海南省海口市规定", "海口", "省", ""]
    levels = set()
    for title in titles:
        want = _plain_prefix_level(title)
        assert documents._place_prefix_level.__wrapped__(title) == want, title
        levels.add(want)
    assert {"national", "provincial", "municipal", "district", None} <= levels


def test_canonical_title_without_a_digit(texts: list[str]) -> None:
    """The year-range rules skipped on a title without a digit give the same title as running them."""
    lost_dash = re.compile(r"(?<!\d)((?:19|20)\d\d)((?:19|20)\d\d)(?=年)")
    digit_dash = re.compile(r"(\d)\s*[‐‑‒–—―─━~～\-－]+\s*(\d)")

    def plain(text: str) -> str:
        s = re.sub(r"\s+", "", text.strip()).replace("(", "（").replace(")", "）")
        return digit_dash.sub(r"\1—\2", lost_dash.sub(r"\1—\2", s))

    titles = [m.group(1) for t in texts for m in documents._TITLE.finditer(t)]
    titles += ["实施纲要(2021-2025年)", "实施纲要（20212025年）", "规划（２０２１－２０２５年）", "条例"]
    with_digit = 0
    for title in titles:
        assert canonical_title(title) == plain(title), title
        with_digit += bool(re.search(r"\d", title))
    assert with_digit > 10


def test_known_tail_by_last_two_characters(texts: list[str]) -> None:
    """A name ending in a scheme concept becomes that concept, looked up at the lengths of the concepts
    ending in the name's last two characters, as trying every length of the scheme did: on every run of
    2 to 14 characters before each head noun, with the head."""
    known = reforms._known_names()
    lengths = sorted({len(k) for k in known}, reverse=True)

    def plain(name: str) -> str:
        for n in lengths:
            if 3 <= n < len(name) and name[-n:] in known:
                return name[-n:]
        return name

    became = 0
    for t in texts:
        for m in reforms._HEAD.finditer(t):
            for k in range(2, 15):
                name = t[max(0, m.start() - k) : m.end()]
                assert reforms._known_tail(name) == plain(name), name
                became += reforms._known_tail(name) != name
    assert became > 20


def test_abbreviation_needs_a_number_word_first(texts: list[str]) -> None:
    """No numbered form of an abbreviation opens with a character outside ``_NUMBER_OPENS`` (every CJK
    character and the digits tried), so refusing those first changes no answer; and on every quotation
    of the texts ``_abbreviation`` answers as the three patterns alone did."""
    forms = (reforms._NUMBERED_SHORT, reforms._NUMBERED_PAIRS, reforms._COUNTED_SET)
    for code in [*range(0x4E00, 0xA000), *range(0x30, 0x3A)]:
        c = chr(code)
        if c not in reforms._NUMBER_OPENS:
            assert not any(p.match(c + "二降三减一张清单") for p in forms), c

    def plain(inner: str) -> bool:
        return len(inner) <= 2 or any(p.fullmatch(inner) for p in forms)

    numbered = 0
    for t in texts:
        for m in reforms._QUOTED.finditer(t):
            inner = m.group(1).strip()
            if inner:
                assert reforms._abbreviation(inner) == plain(inner), inner
                numbered += len(inner) > 2 and plain(inner)
    assert numbered > 20

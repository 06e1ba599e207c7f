"""The fast paths of agencies, places and documents give what the code they replace gives, on real texts.

Each test rebuilds the plain way (the regular expression tried at every position, the loop over every
character) and compares it with the fast path over the bundled Haikou report and every corpus report
(the corpus when it is there).
"""

from __future__ import annotations

import re

import pytest
from conftest import CORPUS, alternation, every_occurrence

from govgraph.extract import agencies, documents, places
from govgraph.text.divisions import division_table
from govgraph.text.place_context import context_for
from govgraph.text.scan import EndWords, words_pattern


def test_law_table_found_at_its_last_characters(texts: list[str]) -> None:
    """EndWords gives the spans of the plain alternation and of words_pattern (the law table's pattern
    before), and every occurrence str.find finds, on every text and at a text's edges."""
    laws = list(documents._LAW_SET)
    plain, lookahead = alternation(laws), words_pattern(laws)
    extra = ["", "法", "宪法", "违宪法", "民法典法", "行政复议法实施条例和行政复议法", "\U00020000宪法\U0001f600刑法"]
    found = 0
    for t in texts + extra:
        spans = [m.span() for m in plain.finditer(t)]
        assert documents._LAWS.spans(t) == spans == [m.span() for m in lookahead.finditer(t)]
        assert documents._LAWS.occurrences(t) == sorted(every_occurrence(t, laws), key=lambda o: (o[0], -o[1]))
        found += len(spans)
    assert found > (50 if CORPUS.is_dir() else 5)  # the comparison saw laws, not only empty lists


def test_end_words_of_a_report_s_own_titles(texts: list[str]) -> None:
    """The laws a report cites in 《》 (a list built per report) found the same way: same spans as the regex."""
    for t in texts:
        cited = sorted({m.group(1) for m in re.finditer(r"《([^《》\n]{2,100}法)》", t)})
        if cited:
            assert EndWords(cited).spans(t) == [m.span() for m in alternation(cited).finditer(t)]
    with pytest.raises(ValueError):
        EndWords(["法"])


def test_regions_in_one_pass(texts: list[str]) -> None:
    """The national regions' one pattern finds what each region's own pattern finds: no region's name
    can overlap another's (or itself), so none hides another."""
    names = places.REGIONS
    for a in names:
        for b in names:
            assert a == b or a not in b
            assert not any(a.endswith(b[:k]) for k in range(1, min(len(a), len(b)))), (a, b)
    found = 0
    for t in [*texts, "推进京津冀协同发展、长三角一体化和长江经济带发展，支持中西部地区和西部地区"]:
        each = sorted((m.span(), r) for r in names for m in re.finditer(r, t))
        assert [(m.span(), m.group()) for m in places._REGIONS.finditer(t)] == each
        found += len(each)
    assert found > 0


def test_prefix_words_in_one_pass(texts: list[str]) -> None:
    """Place prefixes, national prefixes and task-force heads in one pass: what each kind's own pattern
    (the patterns this replaced) finds; the kinds share no character."""
    own = {
        agencies._DIVISION: re.compile(r"自治[区州县]|[市省区县州旗盟]"),
        agencies._NATIONAL: re.compile(r"国家|中央|中共|联合国"),
        agencies._TASK_FORCE: re.compile(r"指挥部|领导小组|工作专班"),
    }
    chars = {k: set("".join(w)) for k, w in agencies._PREFIX_WORDS_BY_KIND.items()}
    assert not (chars[agencies._DIVISION] & chars[agencies._NATIONAL])
    assert not (chars[agencies._TASK_FORCE] & (chars[agencies._DIVISION] | chars[agencies._NATIONAL]))
    for t in [*texts, "自治", "自治区", "市", "防汛指挥部", "联合国家", "国联合国家", "自治区县", "治区", "区自治州州"]:
        got = agencies._prefix_words(t)
        for kind, pattern in own.items():
            assert got[kind] == [(m.start(), m.end(), m.group()) for m in pattern.finditer(t)]
        union = [(m.start(), m.end(), m.group()) for m in agencies._PREFIX_WORDS.finditer(t)]
        assert sorted(w for kind in got.values() for w in kind) == union  # the one pass they replace


def test_prefix_words_overlaps_one_level_deep() -> None:
    """The word scan leaves out a word where one that overlaps it stands before it; that is what the pattern
    does only while no word opens another (the pattern would pick by order) and no word that overlaps one
    is overlapped itself (the pattern might not have consumed it)."""
    words = list(agencies._PREFIX_KIND)
    assert not [(a, b) for a in words for b in words if a != b and b.startswith(a)]
    overlapping = {v for pairs in agencies._OVERLAPPED.values() for _, v in pairs}
    assert overlapping == {"自治区", "自治州", "自治县", "联合国"}
    assert not any(agencies._OVERLAPPED[v] for v in overlapping)


def _head_in_word_before(text: str, end: int) -> bool:
    """agencies._head_in_word as it was: every head length, longest first."""
    for n in sorted({len(x) for x in agencies.SUFFIXES}, reverse=True):
        head = text[max(0, end - n) : end]
        if head in agencies._SUFFIX_SET:
            rx = agencies._HEAD_IN_WORD.get(head)
            return bool(rx and rx.match(text, end))
    return False


def test_heads_index_and_head_in_word(texts: list[str]) -> None:
    """_Heads' reach and runs by bisect against a scan of every position, and head-in-word (only the lengths
    of the heads ending in the end's character) against the loop over every length, at every position."""
    for t in [*texts[:20], "局", "部门", "中心城区"]:
        _, shortest = agencies._scan(t)
        heads = agencies._Heads(t, shortest)
        assert heads.ends == sorted(shortest)
        for end in range(len(t) + 1):
            assert heads.in_word(end) == agencies._head_in_word(t, end) == _head_in_word_before(t, end)
        for start in range(0, len(t), 7):
            for prefix_end in (start + 1, start + 2, start + 3):
                slow = any(prefix_end <= e <= min(len(t), start + 26) for e in shortest)
                assert heads.reach(start, prefix_end) == slow
                assert heads.within(prefix_end, start + 20) == [
                    e for e in sorted(shortest) if prefix_end <= e <= start + 20
                ]


def _longest_name_before(text: str, start: int, prefix_end: int, suffix_ends: dict[int, int]):
    """agencies._longest_name as it was: every position of the run, every check on every end."""
    limit = min(len(text), start + 26)
    stop = agencies._STOP_CHAR.search(text, prefix_end, limit)
    last = stop.start() if stop else limit
    ends = [i for i in range(prefix_end, last + 1) if (n := suffix_ends.get(i)) is not None and i - n > start]
    ends = [e for e in ends if not agencies._COORDINATED.search(text[prefix_end:e])]
    valid = []
    for e in ends:
        body = agencies._RULE_OF_LAW_BODY.sub("", text[prefix_end:e])
        if agencies._STOP_WORDS.search(body) or agencies._GLUED.search(body):
            continue
        window_start = max(prefix_end, e - 3)
        window = text[window_start : e + 3]
        if any(window_start + m.start() < e < window_start + m.end() for m in agencies._STOP_WORDS.finditer(window)):
            continue
        if not _head_in_word_before(text, e):
            valid.append(e)
    return (valid[-1], valid[:-1]) if valid else None


class _ReachAll:
    """Heads that every anchor reaches: ``_anchors`` then gives every anchor of a text."""

    def reach(self, start: int, prefix_end: int) -> bool:
        return True


def test_longest_name_as_before_at_every_anchor(texts: list[str]) -> None:
    """The name's run (head ends by bisect, the body checks memoised by string) gives what the loop over
    every position gave, at every anchor of every text, in the Haikou and in a Shanghai context."""
    tried = 0
    for t in texts:
        national, shortest = agencies._scan(t)
        heads = agencies._Heads(t, shortest)
        words = agencies._prefix_words(t)
        for ctx in (context_for("460100"), context_for("310000")):
            for start, prefix_end, _ in agencies._anchors(
                t, ctx, _ReachAll(), words[agencies._DIVISION], words[agencies._NATIONAL]
            ):
                got = agencies._longest_name(t, start, prefix_end, heads)
                assert got == _longest_name_before(t, start, prefix_end, shortest)
                tried += got is not None
        for s, name in national:
            assert agencies._longest_name(t, s, s + len(name), heads) == _longest_name_before(
                t, s, s + len(name), shortest
            )
    assert tried > (100 if CORPUS.is_dir() else 50)


_CONTEXTS = ("460100", "310000", "469002", "460106", "450000", "222400", "110101", "420100")


def test_place_readings_as_worked_out_per_occurrence(texts: list[str]) -> None:
    """places._reading (once per name and report place) against the per-occurrence code it replaced, for
    every division name of every text, in eight report places, listed or in a route or neither."""
    table = division_table()
    names = {name for t in texts for _, _, name in table.occurrences(t)}
    for code in _CONTEXTS:
        ctx = context_for(code)
        own = ctx.province_code[:2] if ctx.province_code else None
        city = ctx.city.code if ctx.city is not None else None
        for name in names:
            r = places._reading(name, own, city)
            divs = table.by_name.get(name)
            if divs and len(name) == 2 and not (own and any(d.code.startswith(own) for d in divs)):
                divs = None
            assert r.full == (places._pick(divs, own) if divs else None)
            if divs:
                continue
            divs = table.by_short.get(name, [])
            for bounded in (False, True):  # listed or in a route, or neither
                local = sorted(
                    (d for d in divs if own and d.code.startswith(own) and (places._short_ok(d, city) or bounded)),
                    key=lambda d: d.code.count("0"),
                    reverse=True,
                )
                assert [d for d, alone in r.local if alone or bounded] == local
            top = [d for d in divs if d.level == "province"]
            assert r.top == (top[0] if top else None)
            assert r.city == next((d for d in divs if d.level == "city"), None)
            assert r.only == (divs[0] if len(divs) == 1 else None)


def test_agency_anchor_kinds_as_worked_out_per_occurrence(texts: list[str]) -> None:
    """agencies._anchor_kind and _local_division (once per name) against the per-occurrence code they replaced."""
    table = division_table()
    found = {(t[e : e + 1], name) for t in texts for _, e, name in table.occurrences(t)}
    unis = {False, True}
    for code in _CONTEXTS:
        province_code = context_for(code).province_code
        for after, name in found:
            for university in unis:
                if name in table.by_name and len(name) >= 3:
                    slow = True
                elif name in table.by_short and after not in "省市县区":
                    divs = table.by_short[name]
                    own = any(
                        province_code and d.code.startswith(province_code[:2]) or d.level == "province" for d in divs
                    )
                    slow = own or (any(d.level == "city" for d in divs) and university)
                else:
                    slow = False
                kind = agencies._anchor_kind(name, province_code)
                fast = kind == "full" or (
                    kind is not None and after not in "省市县区" and (kind == "short" or university)
                )
                assert fast == slow, (name, code)
            prefix = province_code[:2] if province_code else ""
            slow_d = next(
                (
                    d
                    for d in table.by_name.get(name, ())
                    if d.level in ("district", "county") and d.code.startswith(prefix)
                ),
                None,
            )
            assert agencies._local_division(name, prefix) == slow_d


def test_title_level_and_kind_as_before(texts: list[str]) -> None:
    """A title's place level (division names tried only where a name's last character stands) and the
    bracket-free base (the substitution skipped where there is no ）) as before, for every title in 《》."""
    table = division_table()

    def level_before(name: str) -> str | None:
        if name.startswith(("中华人民共和国", "国家", "国务院", "中共中央", "全国", "中央")):
            return "national"
        for n in range(min(12, len(name)), 1, -1):
            d = table.by_name.get(name[:n])
            if d:
                return {"province": "provincial", "city": "municipal"}.get(d[0].level, "district")
        for n in (3, 2):
            d = table.by_short.get(name[:n])
            if d and d[0].level == "province":
                return "provincial"
        return None

    titles = {documents.canonical_name(m.group(1)) for t in texts for m in documents._TITLE.finditer(t)}
    titles |= {"海口市", "海南省人民政府关于", "纲要（2021—2025年）", "（）", "法（修订）\n"}
    levels = set()
    for name in titles:
        assert documents._place_prefix_level(name) == level_before(name), name
        assert documents._unbracketed(name) == documents._BRACKETED_END.sub("", name)
        levels.add(level_before(name))
    assert {"national", "provincial", "municipal", None} <= levels


def test_area_nouns_found_at_their_last_characters(texts: list[str]) -> None:
    """The clause-opening area nouns (which the Aho-Corasick pass found before): every occurrence, overlapping
    ones too (经济开发区 holds 开发区), as str.find finds them; tests/test_scan.py checks the starts built on them."""
    nouns = list(places._CLAUSE_AREA_NOUNS)
    found = 0
    for t in [*texts, "高新区经济开发区", "新城市群"]:
        every = sorted(every_occurrence(t, nouns), key=lambda o: (o[0], -o[1]))
        assert places._CLAUSE_AREA_WORDS.occurrences(t) == every
        found += len(every)
    assert found > (50 if CORPUS.is_dir() else 5)


def test_regions_found_by_str_find(texts: list[str]) -> None:
    """places._regions (str.find of each name) gives what the regions' one pattern finds, in order."""
    found = 0
    for t in [*texts, "京津冀", "推进京津冀京津冀协同、中西部地区和西部地区", ""]:
        expected = [(m.start(), m.group()) for m in places._REGIONS.finditer(t)]
        assert places._regions(t) == expected
        found += len(expected)
    assert found > 3


def test_abbreviations_searched_once(texts: list[str]) -> None:
    """agencies._abbrev's one search for any short form rejects exactly the bodies the replacement loop
    leaves unchanged: checked on every run of 2-12 characters before a head noun in the texts."""
    seen = 0
    for t in texts:
        _, ends = agencies._scan(t)
        for e in ends:
            for n in (2, 5, 8, 12):
                body = t[max(0, e - n) : e]
                slow = body
                for short, full in agencies.ABBREVIATIONS:
                    if short in slow and full not in slow:
                        slow = slow.replace(short, full)
                assert agencies._abbrev(body) == slow
                seen += slow != body
    assert seen > 0  # the comparison saw bodies that the loop changes


def test_cheap_checks_before_the_name_patterns(texts: list[str]) -> None:
    """The first-look checks in agencies (what a name must open or end with before _COURT, _BRANCH or
    _FACILITY_CENTRE is run, the term number cut by a match) decide as the patterns alone do, on every
    run of 2-14 characters that ends where a head noun ends in the texts."""
    court, branch, facility = agencies._COURT, agencies._BRANCH, agencies._FACILITY_CENTRE.pattern
    hits = dict.fromkeys(("court", "branch", "facility", "term"), 0)
    for t in [*texts, "第十六届市人大常委会", "区中级法院", "市公安局龙华分局", "海口市文化体育中心"]:
        _, ends = agencies._scan(t)
        for e in ends:
            for n in range(2, 15):
                if n > e:
                    break
                name = t[e - n : e]
                assert bool(court.match(name)) <= name.startswith(agencies._COURT_OPENINGS)
                assert bool(branch.match(name)) <= name.endswith(agencies._BRANCH_HEADS)
                assert bool(agencies._FACILITY_CENTRE.search(name)) == bool(facility.search(name))
                term = agencies._TERM_NUMBER.match(name)
                assert (name[term.end() :] if term else name) == agencies._TERM_NUMBER.sub("", name)
                hits["court"] += bool(court.match(name))
                hits["branch"] += bool(branch.match(name))
                hits["facility"] += bool(facility.search(name))
                hits["term"] += bool(term)
    assert all(hits.values()), hits  # every check saw names its pattern matches


def test_area_nouns_looked_for_before_the_area_patterns(texts: list[str]) -> None:
    """places._area_after and _local_area look for a character an area noun ends in before their
    patterns: where none is within reach the pattern matches nothing, at every division name's end."""
    table = division_table()
    matched = 0
    for t in texts:
        for _, e, _ in table.occurrences(t):
            if not places._AREA_END.search(t, e, e + 18):
                assert places._AREA_AFTER.match(t, e, e + 18) is None
            if not places._LOCAL_AREA_END.search(t, e, e + 8):
                assert places._LOCAL_AREA.match(t[e : e + 8]) is None
            matched += bool(places._AREA_AFTER.match(t, e, e + 18))
    assert matched > 0


def _crosses_before(text: str, body_start: int, end: int) -> bool:
    """agencies._crosses as it was: the stop words of the window around the end, at every end."""
    offset = max(body_start, end - 3)
    window, at = text[offset : end + 3], end - offset
    return any(m.start() < at < m.end() for m in agencies._STOP_WORDS.finditer(window))


def test_crosses_looked_for_only_where_a_stop_word_pair_stands(texts: list[str]) -> None:
    """The pair test before the stop words gives what looking for them at every end gave: at every head
    noun's end of every text, for bodies from one to four characters before it; and every stop word the
    pattern finds holds only pairs of the set."""
    assert agencies._STOP_PAIRS is not None
    crossing = tried = 0
    for t in [*texts, "市政协委员", "执法局办理", "局"]:
        for m in agencies._STOP_WORDS.finditer(t):
            assert all(m.group()[i : i + 2] in agencies._STOP_PAIRS for i in range(len(m.group()) - 1))
        _, shortest = agencies._scan(t)
        for end in [*shortest, 0, 1, len(t)]:
            for k in range(1, 5):
                got = agencies._crosses(t, max(0, end - k), end)
                assert got == _crosses_before(t, max(0, end - k), end), (end, k)
                crossing += got
                tried += 1
    assert crossing > (50 if CORPUS.is_dir() else 2) and tried > crossing * 10

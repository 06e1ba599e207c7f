"""Round 4 of the observations' speed work gives what the code it replaces gives, on real report texts.

The per-text view of the figures (the text between neighbours, the list joins), the end pattern tried only
where a match can open (``AtEndFrom``) and the words after a figure read only where a rule takes them are
each compared with the plain form over the bundled Haikou report and every corpus report (the corpus part
is left out where the shared corpus is absent).
"""

from __future__ import annotations

import re

import pytest

from govgraph.extract import observations as obs
from govgraph.extract.spans import Claimed
from govgraph.text.scan import AtEnd, AtEndFrom, start_chars


def _phrases(texts: list[str]) -> list[str]:
    """Every phrase the end patterns are run on: the clause before each figure, as found and without its
    opening words, and every tail of it (the shorter phrases the rules cut it to)."""
    out = []
    for t in texts:
        hits = obs._hits(t)
        for i, h in enumerate(hits):
            pre = obs._pre(t, h, hits[i - 1].end if i else 0)
            out += [pre, obs._LEAD.sub("", pre.strip())]
            out += [pre[k:] for k in range(1, min(len(pre), 12))]
    return out


def test_trail_words_tried_only_where_one_opens(texts: list[str]) -> None:
    plain = obs._TRAIL.pattern
    taken = 0
    for p in _phrases(texts):
        assert obs._TRAIL.sub(p) == plain.sub("", p), p
        fast, slow = obs._TRAIL.search(p), plain.search(p)
        assert (fast and (fast.span(), fast.group())) == (slow and (slow.span(), slow.group())), p
        taken += obs._TRAIL.sub(p) != p
    assert taken > 100  # the comparison saw phrases that lost their trailing words


def test_end_pattern_from_its_openings_at_the_edges() -> None:
    trail = AtEndFrom(obs._TRAIL.pattern)
    plain = obs._TRAIL.pattern
    for text in ("", "达到", "总数达到\n", "案件总数达到，受理", "2021年的", "年均", "分别为"):
        assert trail.sub(text) == plain.sub("", text), text
        for pos, endpos in ((0, None), (2, None), (0, 4), (3, 3), (-1, 99), (5, 2)):
            fast, slow = (
                trail.search(text, pos, endpos),
                plain.search(text, pos, len(text) if endpos is None else endpos),
            )
            assert (fast and fast.span()) == (slow and slow.span()), (text, pos, endpos)
    digits = AtEndFrom(re.compile(r"\d+件$"))  # no characters to look ahead for: run as it is
    assert digits.guarded is None and digits.search("办理35件").span() == (2, 5)


def test_start_characters_of_the_end_patterns() -> None:
    first = start_chars(obs._TRAIL.pattern)
    assert first is not None and {"达", "为", "分", "均", "总", "1", "2"} <= first and "件" not in first
    assert start_chars(re.compile(r"[\u4e00-\u9fff]+$")) is None  # a range: not read
    assert start_chars(re.compile(r"增长", re.IGNORECASE)) is None


def _list_group_plain(text: str, hits: list[obs._Hit], i: int) -> tuple[int, int, int] | None:
    """The list a figure stands in, as found before the view: the text between neighbours sliced each time."""
    first = i
    while first > 0 and text[hits[first - 1].end : hits[first].start].strip() in obs._LIST_SEPARATORS:
        first -= 1
    last = i
    while last + 1 < len(hits) and text[hits[last].end : hits[last + 1].start].strip() in obs._LIST_SEPARATORS:
        last += 1
    return None if last == first else (first, i - first, last - first + 1)


def test_list_joins_read_off_the_view(texts: list[str]) -> None:
    groups = 0
    for t in texts:
        hits = [h for h in obs._hits(t) if h.unit or h.ratio]
        f = obs._figures(t, hits)
        assert f.after == [t[hits[i - 1].end : hits[i].start] for i in range(1, len(hits))]
        assert all(h.num_start == h.start for h in hits)  # the change and earlier-period rules sliced to num_start
        for i in range(len(hits)):
            assert obs._list_group(f, i) == _list_group_plain(t, hits, i)
            groups += obs._list_group(f, i) is not None
    assert groups > 20


def test_words_after_a_figure_read_only_where_a_rule_takes_them(
    texts: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lazy = [obs.find_observations(t) for t in texts]
    monkeypatch.setattr(obs, "_named_after", lambda noun, verb, unit: True)
    assert [obs.find_observations(t) for t in texts] == lazy
    assert sum(map(len, lazy)) > 1000


def test_the_view_of_an_end_pattern_is_an_end_pattern() -> None:
    assert isinstance(obs._TRAIL, AtEnd)  # obs._last_chars reads its end characters as before
    assert obs._last_chars(removed=(obs._TRAIL,)) >= frozenset("达为到")


def _hits_plain(text: str) -> list[obs._Hit]:
    """Every figure of the text, the overlaps checked on a mask of the text (the code before the sorted spans)."""
    hits = obs._arabic_hits(text)
    taken = Claimed(len(text), [(h.start, h.end) for h in hits])
    for h in obs._cn_hits(text) + obs._ratio_hits(text):
        if taken.free(h.start, h.end):
            hits.append(h)
            taken.take(h.start, h.end)
    hits.sort(key=lambda h: h.start)
    return hits


def test_overlapping_figures_left_out_as_the_mask_leaves_them(texts: list[str]) -> None:
    left_out = 0
    for t in texts:
        fast, plain = obs._hits(t), _hits_plain(t)
        assert fast == plain
        left_out += len(obs._cn_hits(t) + obs._ratio_hits(t)) - (len(fast) - len(obs._arabic_hits(t)))
    assert left_out > 0  # the comparison saw figures left out for overlapping one found before


def test_clause_looked_for_back_to_the_figure_before_only(texts: list[str]) -> None:
    floored = 0
    for t in texts:
        hits = obs._hits(t)
        for i, h in enumerate(hits):
            prev_end = hits[i - 1].end if i else 0
            plain = max(obs._clause_start(t, h.num_start), prev_end)  # the start of the clause, then the floor
            assert obs._clause_start(t, h.num_start, floor=prev_end) == plain
            floored += plain == prev_end > obs._clause_start(t, h.num_start)
    assert floored > 100  # figures whose clause holds the figure before (废止35件、宣布失效11件)


def test_a_claimed_character_as_free_answers_for_it(texts: list[str]) -> None:
    for t in texts[:20]:
        hits = obs._hits(t)
        mask = Claimed(len(t), [(h.start, h.end) for h in hits[::2]])
        for p in [-1, len(t), len(t) + 3] + [h.start for h in hits] + [h.end for h in hits]:
            assert mask.taken(p) == (not mask.free(p, p + 1)), p


def test_earlier_periods_looked_for_only_where_a_year_is_named(texts: list[str]) -> None:
    found = 0
    for t in texts:
        f = obs._figures(t, [h for h in obs._hits(t) if h.unit or h.ratio])
        plain = {i for i in range(1, len(f.hits)) if obs._EARLIER.match(f.after[i - 1])}
        fast = obs._earlier_periods(f)
        assert set(fast) <= plain and all(obs._EARLIER.match(f.after[i - 1]) for i in fast)
        assert not any("年" not in f.after[i - 1] for i in plain)  # the look-up skips no gap that could match
        found += len(fast)
    assert found > 0


def test_clause_breaks_as_the_pattern_reads_them() -> None:
    for c in range(0x110000):
        assert obs._is_clause_break(c) == bool(obs._CLAUSE_BREAK.match(chr(c))), hex(c)


def test_clause_start_as_the_last_break_the_pattern_finds(texts: list[str]) -> None:
    to_last_break = re.compile(rf"(?s:.*){obs._CLAUSE_BREAK.pattern}")  # the regex the loop replaces
    for t in texts:
        hits = obs._hits(t)
        for i, h in enumerate(hits):
            for floor in (0, hits[i - 1].end if i else 0, h.num_start + 1):
                m = to_last_break.match(t, floor, h.num_start)
                assert obs._clause_start(t, h.num_start, floor) == (m.end() if m else floor)
    assert obs._clause_start("，ab", 9) == 1 and obs._clause_start("ab，", 2, floor=5) == 5


def test_paragraph_openings_of_several_years_looked_for_only_after_an_opener(texts: list[str]) -> None:
    spans = 0
    for t in texts:
        for h in obs._hits(t):
            line_start = t.rfind("\n", 0, h.num_start) + 1
            m = obs._SPAN_OPENING.match(t, line_start, h.num_start)
            plain = m.group("span").replace("的", "") if m else ""
            sentence = obs._sentence_before(t, h.num_start)
            in_sentence = obs._SPAN_IN_SENTENCE.search(sentence)
            assert obs._years_span(t, h.num_start, sentence) == (in_sentence.group(0) if in_sentence else plain)
            spans += bool(plain)
    assert spans > 20
    for line in ("\u3000\u3000过去五年，", "  各位代表！五年来，", "“十三五”期间，", " \n", "五年来，"):
        m = obs._SPAN_OPENING.match(line + "增长5%")
        assert obs._years_span(line + "增长5%", len(line) + 2, "") == (m.group("span") if m else "")


def test_changes_after_a_figure_open_with_a_bracket_or_a_comma(texts: list[str]) -> None:
    for t in texts:
        hits = [h for h in obs._hits(t) if h.unit or h.ratio]
        for gap in obs._figures(t, hits).after:
            m = obs._CHANGE_AFTER.match(gap.rstrip())
            assert m is None or gap[:1] in obs._CHANGE_AFTER_FIRST


def test_change_after_a_figure_as_its_plain_spelling(texts: list[str]) -> None:
    plain = re.compile(  # _CHANGE_AFTER as it was spelt before round 5, with (…)? for its optional parts
        r"^[）)]?[，,、]\s*(?P<comparable>按可比价格计算|扣除价格因素|按可比口径)?[，,]?\s*"
        r"(?P<basis>同比|环比|较上一?年度?|比上一?年度?|较去年|比去年|较20\d\d年|比20\d\d年|较上年同期|比上年同期|(?:五年|\S年)?年均|"
        r"平均每年|(?:近|过去)?[两三四五六七八九十]年(?:来|间|内)?(?:累计)?)?"
        rf"[\u4e00-\u9fff]{{0,4}}?(?P<verb>{obs._CHANGE_VERB})$"
    )
    found = 0
    for t in texts:
        hits = [h for h in obs._hits(t) if h.unit or h.ratio]
        for gap in obs._figures(t, hits).after:
            for phrase in (gap.rstrip(), *(gap[:k] for k in range(min(len(gap), 24)))):
                fast, slow = obs._CHANGE_AFTER.match(phrase), plain.match(phrase)
                assert (fast and (fast.span(), fast.groupdict())) == (slow and (slow.span(), slow.groupdict()))
                found += fast is not None
    assert found > 100

"""The faster scans give what the whole-text regular expressions they replace give, on real report texts.

Each test rebuilds the plain pattern (the alternation of every word, the pattern tried at every position)
and compares its matches with the fast path's over the bundled Haikou report and every corpus report.
"""

from __future__ import annotations

import re

from conftest import alternation, every_occurrence

from govgraph.extract import agencies, documents, observations, places, reforms
from govgraph.text.divisions import division_table
from govgraph.text.scan import AtEnd, end_chars, matches_at, matches_from, starts_before


def test_numbers_tried_at_digits_only(texts: list[str]) -> None:
    digit = re.compile(r"\d")
    for t in texts:
        slow = [(m.span(), m.groupdict()) for m in observations.NUMBER.finditer(t)]
        assert [(m.span(), m.groupdict()) for m in matches_from(observations.NUMBER, digit, t)] == slow


def test_reform_names_by_their_first_two_characters(texts: list[str]) -> None:
    """The reform scheme's names found by ``StartWords`` are the plain alternation's matches (the law table's
    fast path is tests/test_scan_entities.py's)."""
    plain = alternation([n for n in reforms._known_names() if len(n) >= 2 and "“" not in n])
    found = 0
    for t in texts:
        spans = reforms._known().spans(t)
        assert spans == [m.span() for m in plain.finditer(t)]
        found += len(spans)
    assert found > 0  # the comparison saw names, not only empty lists


def test_two_laws_tried_before_liangfa_only() -> None:
    t = "深入宣传未成年人保护及预防未成年人犯罪两法，学习民法典和两法，开展妇女权益保障与老年人权益保障两法宣传"
    slow = [m.groups() for m in documents._TWO_LAWS.finditer(t)]
    fast = [m.groups() for m in matches_at(documents._TWO_LAWS, t, documents._two_laws_starts(t))]
    assert fast == slow and len(slow) == 2


def test_clause_start_is_after_the_last_break(texts: list[str]) -> None:
    t = texts[0]

    def slow(pos: int) -> int:
        i = pos - 1
        while i >= 0 and not observations._CLAUSE_BREAK.match(t[i]):
            i -= 1
        return i + 1

    assert all(observations._clause_start(t, p) == slow(p) for p in range(len(t) + 1))
    long_clause = "无标点" * 400  # longer than the first window: the search widens to the text's start
    assert observations._clause_start(long_clause, len(long_clause)) == 0


def test_clause_areas_tried_before_area_nouns_only(texts: list[str]) -> None:
    """The named-area pattern tried only at clause starts 2-12 characters before an area noun."""
    found = 0
    for t in texts:
        slow = [m.span() for m in places._CLAUSE_AREA.finditer(t)]
        assert [m.span() for m in matches_at(places._CLAUSE_AREA, t, places._clause_area_starts(t))] == slow
        found += len(slow)
    assert found > 0


def test_agency_patterns_tried_before_their_anchor_words_only(texts: list[str]) -> None:
    """International organisations tried 2-11 characters before a 组织, bodies set up 2-7 before a 首个/首家."""
    extra = [
        "加入世界贸易组织，推动上海合作组织和联合国粮农组织合作",
        "成立了全国首个营商环境建设厅，全省首家数据局挂牌",
    ]
    pairs = (
        (agencies._INTERNATIONAL, ("组织",), 2, 11),
        (agencies._ESTABLISHED, ("首个", "首家"), 2, 7),
    )
    found = 0
    for t in [*texts, *extra]:
        for pattern, words, nearest, farthest in pairs:
            slow = [(m.span(), m.groups()) for m in pattern.finditer(t)]
            fast = matches_at(pattern, t, starts_before(t, words, nearest, farthest))
            assert [(m.span(), m.groups()) for m in fast] == slow
            found += len(slow)
    assert found > 2


def test_division_names_found_where_str_find_finds_them(texts: list[str]) -> None:
    """The pass over the text's character pairs gives every occurrence of every name of 2+ characters."""
    table = division_table()
    names = {n for n in [*table.by_name, *table.by_short] if len(n) >= 2}
    for t in texts[:12]:
        slow = every_occurrence(t, names)
        assert sorted(table.occurrences(t)) == sorted(slow) and slow


def _every(text: str, words: list[str]) -> list[tuple[int, str]]:
    found = []
    for w in words:
        k = text.find(w)
        while k >= 0:
            found.append((k, w))
            k = text.find(w, k + 1)
    return found


def test_national_names_and_head_nouns_in_one_pass(texts: list[str]) -> None:
    """The agencies' one pass over the characters head nouns and national names end in gives every national
    name and the shortest head noun at every end, also at the text's very end and in texts of one character."""
    for t in [*texts, "局", "部", "国务院办", "省公安厅", "市政府办"]:
        national, suffix_ends = agencies._scan(t)
        slow = sorted(_every(t, agencies._NATIONAL_NAMES), key=lambda f: (f[0], -len(f[1])))
        assert national == slow
        ends: dict[int, int] = {}
        for k, w in _every(t, agencies.SUFFIXES):
            ends[k + len(w)] = min(len(w), ends.get(k + len(w), len(w)))
        assert suffix_ends == ends and ends and list(suffix_ends) == sorted(ends)


def test_word_lists_grouped_by_first_character(texts: list[str]) -> None:
    """reforms._words gives the plain alternation's matches: over whole texts, and as the lead-word run
    that opens every clause (where the engine backtracks into the words)."""
    pairs = [
        (reforms._words(words), re.compile(words))
        for words in (
            reforms._INTRO_VERBS,
            reforms._LIGHT_VERBS,
            reforms._NEGATIVE_VERBS,
            reforms._GLUED_HEADS,
            reforms._HEAD_WORDS,
        )
    ]
    leads = re.compile(f"(?:{reforms._LEAD_WORDS}|(?:{reforms._LIGHT_VERBS}))+(?=[\\s\\S]{{2}})")
    found = 0
    for t in texts:
        for fast, plain in pairs:
            spans = [m.span() for m in plain.finditer(t)]
            assert [m.span() for m in fast.finditer(t)] == spans
            found += len(spans)
        for clause in re.split(r"[，。；：、\n]", t):
            slow = leads.match(clause)
            fast_match = reforms._LEADS.match(clause)
            assert (fast_match and fast_match.span()) == (slow and slow.span())
    assert found > 0


def _phrases_before_numbers(texts: list[str]) -> list[str]:
    """The clause before every number of the texts, and its shorter tails: what the measure rules see."""
    out = []
    numeral = re.compile(r"(?<![\d.])\d|(?<![一二两三四五六七八九十百千])[一二两三四五六七八九十百千]")
    for t in texts:
        for m in numeral.finditer(t):
            start = observations._clause_start(t, m.start())
            pre = t[start : m.start()]
            out += [pre, pre.strip(), *(pre[k:] for k in range(1, min(len(pre), 6)))]
    return sorted(set(out))


def test_end_anchored_patterns_run_only_where_a_match_can_end(texts: list[str]) -> None:
    """AtEnd gives what the plain end-anchored pattern gives on every clause before a number (and with a
    newline at its end, where ``$`` matches before it)."""
    phrases = _phrases_before_numbers(texts)
    phrases += [p + "\n" for p in phrases[::20]]
    changed = 0
    at_end = [v for v in vars(observations).values() if isinstance(v, AtEnd)]
    assert len(at_end) >= 8
    for fast in at_end:
        assert fast.last  # the characters were read off the pattern: the fast path is in use
        for p in phrases:
            slow = fast.pattern.search(p)
            got = fast.search(p)
            assert (got and (got.span(), got.group())) == (slow and (slow.span(), slow.group())), p
            assert fast.sub(p) == fast.pattern.sub("", p), p
            changed += fast.sub(p) != p
    assert changed > 100  # the comparison saw matches, not only phrases the patterns leave alone


def test_end_chars_read_off_the_pattern() -> None:
    assert end_chars(re.compile(r"(?:年均|平均每年)?(?:增长|下降)了?$")) == frozenset("长降了")
    assert end_chars(re.compile(r"[\u4e00-\u9fff]$")) is None  # a range is not read: the pattern runs as it is
    assert end_chars(re.compile(r"增长$", re.IGNORECASE)) is None
    rng = AtEnd(re.compile(r"[\u4e00-\u9fff]{2}$"))
    assert rng.last is None and rng.sub("收入增长") == "收入"


def test_chinese_numbers_tried_at_numerals_only(texts: list[str]) -> None:
    found = 0
    for t in texts:
        slow = [(m.span(), m.groupdict()) for m in observations.CN_NUMBER.finditer(t)]
        fast = matches_from(observations.CN_NUMBER, observations._CN_NUMBER_FIRST, t)
        assert [(m.span(), m.groupdict()) for m in fast] == slow
        found += len(slow)
    assert found > 0


def test_several_years_hint_is_in_every_match(texts: list[str]) -> None:
    """Every match of the several-years pattern holds its hint, so a sentence without the hint has no match."""
    found = 0
    for t in texts:
        for m in observations._SPAN_IN_SENTENCE.finditer(t):
            assert observations._SPAN_IN_SENTENCE_HINT.search(m.group(0)), m.group(0)
            found += 1
    assert found > 0


def test_end_anchored_search_in_a_window(texts: list[str]) -> None:
    """The dating words before a figure are searched in the dozen characters before it (pos and endpos)."""
    dated = observations._DATED
    found = 0
    for t in texts:
        for m in observations._DIGIT.finditer(t):
            lo, hi = max(0, m.start() - 12), m.start()
            slow = dated.pattern.search(t, lo, hi)
            got = dated.search(t, lo, hi)
            assert (got and got.span()) == (slow and slow.span())
            found += slow is not None
    assert found > 0


def test_division_names_by_first_pair_as_the_automaton_finds_them(texts: list[str]) -> None:
    """Division names found where their first two characters stand: the same list, in the same order,
    as the Aho-Corasick automaton over the whole text (which ``names_any`` still uses), on every text,
    on text beyond the Basic Multilingual Plane and on texts too short to hold a name."""
    table = division_table()
    matcher, codes = table._matcher()

    def automaton(t: str) -> list[tuple[int, int, str]]:
        return sorted(
            ((end // 2 + 1 - len(name), end // 2 + 1, name) for end, name in matcher.iter(codes.spell(t))),
            key=lambda o: (o[0], -o[1]),
        )

    extra = ["", "海", "海口", "\U00020000海口市\U0001f600龙华区。", "龙华区" * 3]
    for t in texts + extra:
        assert table._index().occurrences(t) == automaton(t)
    assert table._index().occurrences(extra[3]) == [(1, 4, "海口市"), (1, 3, "海口"), (5, 8, "龙华区"), (5, 7, "龙华")]

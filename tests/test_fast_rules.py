"""The shortcuts of the reform rules and the section splitter give what the code they replace gives,
on the bundled Haikou report and every corpus report (the corpus part is skipped without it).

Each test rebuilds the plain form (the pattern tried at every position, the loop over every line)
and compares it with the shortcut the module now takes.
"""

from __future__ import annotations

import re

import pytest

from govgraph import sections
from govgraph.extract import reforms
from govgraph.text.normalise import match_key
from govgraph.text.scan import grouped_words_pattern, words_pattern


def test_chain_read_off_the_next_head(texts: list[str]) -> None:
    """A head chains into the next head match exactly when ``[一-鿿]{0,4}?`` and a head match at its end
    (the pattern it replaces) and no function word stands in the run."""
    chain = re.compile(rf"[\u4e00-\u9fff]{{0,4}}?{reforms._HEAD.pattern}")
    chained = 0
    for t in texts:
        heads = list(reforms._HEAD.finditer(t))
        for i, m in enumerate(heads):
            slow = chain.match(t, m.end())
            want = slow is not None and not reforms._CHAIN_BREAK.search(slow.group())
            following = heads[i + 1] if i + 1 < len(heads) else None
            got = following is not None and reforms._chains_into(t, m.end(), following.span() + (following.group(),))
            assert got == want, t[m.start() : m.end() + 8]
            if slow is None:  # no head within reach: the last head of a text must say so too
                assert not got
            chained += got
    assert chained > 10  # the comparison saw chains, not only single heads


def test_modifier_words_grouped_by_first_character(texts: list[str]) -> None:
    plain = re.compile(f"(?:{reforms._HEAD_CONTINUES_WORDS})")
    found = 0
    for t in texts:
        assert [m.span() for m in reforms._HEAD_CONTINUES.finditer(t)] == [m.span() for m in plain.finditer(t)]
        for m in reforms._HEAD.finditer(t):
            fast, slow = reforms._HEAD_CONTINUES.match(t, m.end()), plain.match(t, m.end())
            assert (fast and fast.span()) == (slow and slow.span())
            found += slow is not None
    assert found > 10


def test_last_stop_by_one_greedy_match(texts: list[str]) -> None:
    """The clause start of every head's window: the end of the last stop character, as the loop over
    every stop gave."""
    seen = 0
    for t in texts:
        for m in reforms._HEAD.finditer(t):
            for lo in (max(0, m.start() - 36), max(0, m.start() - 5), m.start()):
                s = lo
                for stop in reforms._STOP_RE.finditer(t, lo, m.start()):
                    s = stop.end()
                fast = reforms._UP_TO_LAST_STOP.match(t, lo, m.start())
                assert (lo if fast is None else fast.end()) == s
                seen += s != lo
    assert seen > 100


def _all_lines_sections(text: str) -> tuple[list[tuple[str, int, int]], list[object]]:
    """The appendix blocks and headings found by looking at every line, as split_sections did."""
    lines = sections._lines(text)
    blocks = sections._trailing_blocks(text, lines)
    headings = [h for h in (sections._heading(text, s, e) for s, e in lines) if h]
    return blocks, headings


def test_lines_told_apart_by_their_first_character(texts: list[str]) -> None:
    extra = [
        "附件1\n一、总则\n正文。",
        "　　注释：\n①正文\n\u00a0附件：\n\u00a0二、说明",
        " (三)学习。\n\t4.办理。\n名词解释\n术语解释：",
    ]
    found = 0
    for t in texts + extra:
        lines = sections._lines(t)
        may_open_block, may_be_heading = sections._line_openers(t, lines)
        blocks, headings = _all_lines_sections(t)
        assert sections._trailing_blocks(t, may_open_block) == blocks
        assert [h for h in (sections._heading(t, s, e) for s, e in may_be_heading) if h] == headings
        found += len(blocks) + len(headings)
    assert found > 100


def test_match_key_remembered_is_match_key(texts: list[str]) -> None:
    names = sorted({m.group() for t in texts[:5] for m in re.finditer(r"《[^》]{2,40}》|[\u4e00-\u9fff]{2,8}局", t)})
    names += ["法治政府建设实施纲要(2021-2025年)", "《审 计法》", "", "２０２１—２０２５"]
    for n in names:
        assert match_key(n) == match_key.__wrapped__(n) == match_key(n)


def test_grouped_word_list_gives_the_plain_lists_matches(texts: list[str]) -> None:
    """grouped_words_pattern finds what words_pattern (and so the plain alternation) finds, for the reform
    scheme's names and for a list whose words share their first characters."""
    names = [n for n in reforms._known_names() if len(n) >= 2 and "“" not in n]
    lists = [names, ["行政", "行政处罚", "行政处罚法", "政府", "政府法律顾问", "法律", "法律援助"]]
    found = 0
    for words in lists:
        fast, plain = grouped_words_pattern(words), words_pattern(words)
        for t in texts:
            spans = [m.span() for m in plain.finditer(t)]
            assert [m.span() for m in fast.finditer(t)] == spans
            found += len(spans)
    assert found > 100
    with pytest.raises(ValueError):
        grouped_words_pattern(["法", "法律"])

"""Round 5's shortcuts in the reform and document rules give what the code they replace gives, on the
bundled Haikou report and every corpus report (the corpus part is skipped without it).

``scan.StartWords`` (a loop over code points, fast once compiled) stands for the regex of a word list in
two whole-text scans of reforms; the quotation rule ``_NOT_REFORM`` is split into what a quotation opens
with, ends in and holds; ``canonical_title`` drops white space by ``str.split`` and tries each year-range
rule before substituting. Each test rebuilds the plain form and compares.
"""

from __future__ import annotations

import re

from conftest import alternation

from govgraph.extract import documents, reforms
from govgraph.text.divisions import division_table
from govgraph.text.normalise import canonical_title, match_key
from govgraph.text.scan import StartWords, matches_at

# the rule as one pattern before this round, searched over a quotation
_NOT_REFORM_BEFORE = re.compile(
    r"^\d+$|^十[一二三四五六七八九]五$|(?<![事议])会$|节$|赛$|"
    r"(?<!一张)网$|平台$|热线$|号$|APP$|杯$|周$|案例$|课堂$|称号$|[手者员]$|[一二三四五六七八九十]+条$|共识$|病$|难题$|公里$|名单$|"
    r"公园$|[间馆站院厅室廊屋片包码贷]$|中心$|社区$|工坊$|学堂$|论坛$|窗口$|胶囊$|少数$|^\d{4}年|^([\u4e00-\u9fff])\1|"
    r"^(优秀|先进|最(?!多)|十佳|百佳)|十大|百强|第一|指数$|答卷$|"
    r"^(全国|国家级|省级|市级).{0,3}$|^(二线口岸|一线|二线)$"
)

_SLOGAN_BEFORE = re.compile(
    r"^[一二三四五六七八九十两]+(?:个|大|篇|措|化|项)[^一二三四五六七八九十两]|得|^更|的|"
    r"^(?:坚持|学习|贯彻|深入|全力|奋力|努力|加快|持续)|首先|必须|应当|^(全国|国家级|省级|市级|首批|首个|首家)|^[A-Za-z0-9+\-]+$"
)
_NOT_STANDALONE_BEFORE = re.compile(r"^线[上下]|[日通]$|时代$|^[^无].*城市$|\d+条$|[翼极核带轴湾展]$")

_EDGES = ["", "改", "改革", "改革试点", "\U00020000改革\U0001f600河长制", "河长制河长制", "试点改革试点", "ＡＢ改革"]


def test_head_nouns_by_their_first_two_characters(texts: list[str]) -> None:
    """The head nouns found by ``StartWords`` are the head scan's matches: no head noun is listed after a
    longer one it opens (so the first that matches is the longest), and on every text the two agree."""
    heads = reforms._HEAD_WORDS.split("|")
    for k, word in enumerate(heads):
        assert not any(later.startswith(word) and later != word for later in heads[k + 1 :]), word
    found = 0
    for t in texts + _EDGES:
        regex = [(m.start(), m.end(), m.group()) for m in reforms._HEAD.finditer(t)]
        assert reforms._HEADS.matches(t) == regex
        found += len(regex)
    assert found > 30


def test_start_words_as_the_alternation(texts: list[str]) -> None:
    """``StartWords`` gives the plain alternation's matches for the scheme's names, the law table and (more
    than 255 opening characters, so that some share a number) the division names of two to four characters;
    at a text's edges and around characters outside the basic plane too."""
    names = [n for n in division_table().by_name if 2 <= len(n) <= 4]
    assert len({n[0] for n in names}) > 255
    lists = [[n for n in reforms._known_names() if len(n) >= 2 and "“" not in n], sorted(documents._LAW_SET), names]
    found = 0
    for words in lists:
        fast, plain = StartWords(words), alternation(words)
        for t in texts[:12] + _EDGES + ["海口市" * 3, "宪法民法典"]:
            spans = [(m.start(), m.end(), m.group()) for m in plain.finditer(t)]
            assert fast.matches(t) == spans
            found += len(spans)
    assert found > 100


def test_not_reform_in_three_parts(texts: list[str]) -> None:
    """What a quotation opens with, ends in or holds refuses exactly the quotations the one pattern refused:
    every quotation of the texts, each of its suffixes, and made-up cases of every part."""
    made_up = [
        "2022",
        "十四五",
        "2022年行动",
        "天天向上",
        "优秀案例",
        "最多跑一次",
        "全国一流",
        "二线口岸",
        "一张网",
        "互联网",
        "议会",
        "家长会",
        "十大工程",
        "百强县",
        "第一书记",
        "七条",
        "考核指数",
        "APP",
    ]
    phrases = made_up + [m.group(1).strip() for t in texts for m in reforms._QUOTED.finditer(t)]
    refused = 0
    for p in phrases:
        for k in range(len(p)):
            want = bool(_NOT_REFORM_BEFORE.search(p[k:]))
            assert reforms._not_reform(p[k:]) == want, p[k:]
            refused += want
    assert refused > 100


def test_white_space_dropped_by_split() -> None:
    """``canonical_title`` and ``match_key`` drop white space of every kind (what ``\\s`` matches), tabs,
    no-break and ideographic spaces included, and still mend a lost year-range dash."""
    spaces = "".join(chr(c) for c in range(0x3001) if re.match(r"\s", chr(c)))
    assert {c.isspace() for c in spaces} == {True}
    for title in ("法治 政府\t建设\u3000实施纲要（2021\xa0—2025年）", f"a{spaces}b", "实施纲要（20212025年）"):
        assert canonical_title(title) == re.sub(
            r"(\d)\s*[—\-]+\s*(\d)", r"\1—\2", re.sub(r"\s+", "", title.strip())
        ).replace("20212025", "2021—2025")
    assert match_key("纲要（20212025年）") == "纲要(2021-2025年)"


def test_quotations_tried_at_opening_marks(texts: list[str]) -> None:
    """The quotations tried only where ``str.find`` finds an opening mark are ``_QUOTED.finditer``'s, on every
    text and on marks left open, doubled or straight."""
    made_up = ['"一"二"三"', "“未闭合「也未闭合", "“”“两个”", "「一网通办」" * 3]
    found = 0
    for t in texts + made_up:
        fast = [m.span() for m in reforms._quotations(t)]
        assert fast == [m.span() for m in reforms._QUOTED.finditer(t)]
        assert fast == [m.span() for m in matches_at(reforms._QUOTED, t, reforms._quote_starts(t))]
        found += len(fast)
    assert found > 30


def test_last_stop_by_a_loop_back(texts: list[str]) -> None:
    """``_after_last_stop`` ends where ``_UP_TO_LAST_STOP`` ended, in the window before every head noun at
    three reaches (the left edge's reaches), and in every character of the texts' stop set."""
    seen = 0
    for t in texts + ["".join(sorted(reforms._STOP)) + "改革"]:
        for hs, _, _ in reforms._HEADS.matches(t):
            for lo in (max(0, hs - 36), max(0, hs - 12), max(0, hs - 5), hs):
                last = reforms._UP_TO_LAST_STOP.match(t, lo, hs)
                assert reforms._after_last_stop(t, lo, hs) == (lo if last is None else last.end())
                seen += last is not None
    assert seen > 100


def test_kind_rules_only_where_a_match_can_end(texts: list[str]) -> None:
    """A title's kind from the rules run only on titles whose last character a match of them can end in is
    the kind the rules searched on every title gave (the report rule as it was written before)."""
    before = [
        (k, re.compile(r"报告(?:（[^）]*）)?$|白皮书$|蓝皮书$") if k == "report" else rx)
        for k, rx in documents.KIND_RULES
    ]

    def plain(name: str) -> str:
        return next((k for k, rx in before if rx.search(name)), "other")

    titles = [m.group(1) for t in texts for m in documents._TITLE.finditer(t)]
    titles += ["工作报告（2022年）", "白皮书", "人民日报", "负面清单（2022年版）", "实施方案\n", "通知", "名录", "其他"]
    kinds = set()
    for title in titles:
        for name in (title, documents._unbracketed(title)):
            fast = next((k for k, rule in documents._KIND_ENDS if rule.search(name)), "other")
            assert fast == plain(name), name
            kinds.add(fast)
    assert kinds >= {"periodical", "report", "list", "plan", "normative-document", "other"}


def test_named_thing_before_only_where_a_word_can_end(texts: list[str]) -> None:
    """The honour verbs and named things before a quotation, looked for only in a phrase whose last character
    one of them ends in, are found as the pattern searched on every phrase found them."""
    pattern = reforms._NAMED_THING_BEFORE.pattern
    befores = [t[max(0, m.start() - k) : m.start()] for t in texts for m in reforms._QUOTED.finditer(t) for k in (2, 4)]
    befores += ["荣获", "台风", "被誉为", "社区", "", "村"]
    named = 0
    for b in befores:
        fast = reforms._NAMED_THING_BEFORE.search(b)
        plain = pattern.search(b)
        assert (fast and fast.span()) == (plain and plain.span()), b
        named += plain is not None
    assert named > 5


def test_slogans_and_standalone_rules_in_parts(texts: list[str]) -> None:
    """The slogan rule (opens with, holds) and the rule for quotations that stand alone (opens with, ends in)
    answer as the single patterns did: every quotation of the texts, each of its suffixes, made-up cases."""
    made_up = [
        "两个确立",
        "九大行动",
        "放得活",
        "更加开放",
        "坚持人民至上",
        "首先",
        "ABC+1",
        "全国文明城市",
        "线上办",
        "航天日",
        "浙里办通",
        "数字时代",
        "无废城市",
        "智慧城市",
        "十条",
        "两翼",
        "会展",
    ]
    phrases = made_up + [m.group(1).strip() for t in texts for m in reforms._QUOTED.finditer(t)]
    slogans = alone = 0
    for p in phrases:
        for k in range(len(p)):
            q = p[k:]
            assert reforms._slogan(q) == bool(_SLOGAN_BEFORE.search(q)), q
            fast = bool(reforms._NOT_STANDALONE_OPENS.match(q) or reforms._NOT_STANDALONE_ENDS.search(q))
            assert fast == bool(_NOT_STANDALONE_BEFORE.search(q)), q
            slogans += reforms._slogan(q)
            alone += fast
    assert slogans > 50 and alone > 20


def test_cjk_count_as_findall(texts: list[str]) -> None:
    """``_cjk_count`` is the length of ``_CJK_CHAR.findall`` on every quotation and each of its ``+`` parts."""
    phrases = [m.group(1) for t in texts for m in reforms._QUOTED.finditer(t)] + ["", "\U00020000一", "〇丶鿿龥"]
    for p in phrases:
        for part in [p, *p.split("+")]:
            assert reforms._cjk_count(part) == len(reforms._CJK_CHAR.findall(part)), part

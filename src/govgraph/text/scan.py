"""Faster whole-text scans that give exactly what ``pattern.finditer(text)`` gives.

Python's regex engine skips ahead quickly only when a pattern opens with a literal or a character
set. A pattern that opens with a look-behind (a number not preceded by a letter) is instead tried
at every position of the text. Where every match is known to begin where a simpler pattern
matches (a digit), looking for that first and trying the full pattern only there gives the same
matches in the same order. :class:`AtEnd` does the like for a pattern anchored at the end of a
short phrase (``…$``): it is not run at all on a phrase whose last character no match can end in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from re import _constants as _c  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any, Final

COMPILED: Final = not __file__.endswith(".py")
"""Whether this module, and so every module of the compiled build (``govgraph._native``: all or none), runs
compiled. A few scans are loops over the characters where compiled and the regex engine where interpreted:
each is the faster there, and they give the same matches (tests/test_native.py runs both)."""


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


def starts_before(text: str, words: tuple[str, ...], nearest: int, farthest: int) -> list[int]:
    """Every position ``nearest`` to ``farthest`` characters before an occurrence of one of ``words``,
    ascending: where a pattern whose every match holds one of the words that far from its start may
    begin (for :func:`matches_at`).

    >>> starts_before("世界卫生组织和上海合作组织", ("组织",), 2, 4)
    [0, 1, 2, 7, 8, 9]
    """
    starts: set[int] = set()
    for word in words:
        k = text.find(word)
        while k >= 0:
            starts.update(range(max(0, k - farthest), max(0, k - nearest + 1)))
            k = text.find(word, k + 1)
    return sorted(starts)


def words_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """The alternation of ``words`` (each of 2+ characters), longest first, behind a lookahead on the
    first two characters: the regex engine then skips to where a word may start instead of trying the
    whole alternation at every character that opens one. Same matches as the plain alternation.

    >>> p = words_pattern(["行政处罚法", "中华人民共和国行政处罚法", "民法典"])
    >>> [m.group() for m in p.finditer("学习中华人民共和国行政处罚法和民法典，中国行政处罚法")]
    ['中华人民共和国行政处罚法', '民法典', '行政处罚法']
    """
    ordered, lookahead = _longest_first(words, "words_pattern")
    return re.compile(lookahead + "(?:" + "|".join(re.escape(w) for w in ordered) + ")")


def _longest_first(words: Iterable[str], caller: str) -> tuple[list[str], str]:
    """The distinct ``words``, longest first, and the lookahead on their first two characters."""
    ordered = sorted(set(words), key=len, reverse=True)
    if any(len(w) < 2 for w in ordered):
        raise ValueError(f"{caller} needs words of two characters or more")
    first, second = ("".join(sorted({re.escape(w[i]) for w in ordered})) for i in (0, 1))
    return ordered, f"(?=[{first}][{second}])"


def grouped_words_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """What :func:`words_pattern` gives, with the words behind the lookahead grouped by first character
    (``(?:中(?:华人民共和国行政处罚法)|行(?:政处罚法))``), longest first within each group: where the
    lookahead lets the engine in, it tries only the words that open with the character there, not
    every word of the list. Same matches, since words that open with different characters cannot
    both match at one position. About a tenth faster for the reform scheme's 130 names.

    >>> p = grouped_words_pattern(["行政处罚法", "中华人民共和国行政处罚法", "民法典"])
    >>> [m.group() for m in p.finditer("学习中华人民共和国行政处罚法和民法典，中国行政处罚法")]
    ['中华人民共和国行政处罚法', '民法典', '行政处罚法']
    """
    ordered, lookahead = _longest_first(words, "grouped_words_pattern")
    by_first: dict[str, list[str]] = {}
    for w in ordered:
        by_first.setdefault(w[0], []).append(re.escape(w[1:]))
    groups = "|".join(f"{re.escape(c)}(?:{'|'.join(rest)})" for c, rest in by_first.items())
    return re.compile(f"{lookahead}(?:{groups})")


class AtEnd:
    """A pattern that matches only at the end of a text (it ends in ``$``), run only on texts whose last
    character a match can end in.

    ``pattern.search(text)`` tries every position of the text when the pattern does not open with a
    literal; a match must end at the text's end, so a text that ends in a character no match can end
    in holds none but, for a pattern that may match the empty string, the empty one at its end. The
    characters a match can end in are read off the pattern once; where they cannot be (a class such
    as ``\\d`` at the end), or the text ends in a newline (``$`` also matches before one), the pattern
    is run as it is.

    >>> trail = AtEnd(re.compile(r"(?:达到|达|为)*$"))
    >>> trail.sub("总数达到"), trail.sub("总数"), trail.search("总数").span()
    ('总数', '总数', (2, 2))
    >>> verb = AtEnd(re.compile(r"(?:同比)?(?:增长|下降)了?$"))
    >>> verb.search("收入同比增长").group(), verb.search("收入增长了").group(), verb.search("收入") is None
    ('同比增长', '增长了', True)
    >>> verb.search("收入增长，支出", 0, 4).group()
    '增长'
    """

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.last, self.nullable = _end_info(pattern)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """What ``pattern.search(text, pos, endpos)`` gives."""
        end = len(text) if endpos is None else min(max(endpos, 0), len(text))
        if self.last is None or end <= pos or text[end - 1] in self.last or text[end - 1] == "\n":
            return self.pattern.search(text, pos, end)
        # no match ends at ``end``: only an empty one can be there
        return self.pattern.search(text, end, end) if self.nullable else None

    def sub(self, text: str) -> str:
        """What ``pattern.sub("", text)`` gives: the text without the match at its end."""
        if self.last is None or text.endswith("\n"):
            return self.pattern.sub("", text)
        m = self.search(text)
        return text if m is None else text[: m.start()]


def end_chars(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The characters a match of ``pattern`` can end in, for a pattern whose last item is ``$``;
    None where they cannot be read off the pattern.

    >>> sorted(end_chars(re.compile(r"(?:增长|下降)(?:了)?$")))
    ['了', '长', '降']
    >>> end_chars(re.compile(r"\\d+$")) is None, end_chars(re.compile(r"增长")) is None
    (True, True)
    >>> end_chars(re.compile(r"增长$", re.MULTILINE)) is None  # $ would match before every newline
    True
    """
    return _end_info(pattern)[0]


def _end_info(pattern: re.Pattern[str]) -> tuple[frozenset[str] | None, bool]:
    """:func:`end_chars`, and whether the part before ``$`` can match nothing."""
    items = list(_parser.parse(pattern.pattern, pattern.flags))
    if not items or items[-1] != (_c.AT, _c.AT_END) or pattern.flags & (re.IGNORECASE | re.MULTILINE):
        return None, True
    # a pattern that may match nothing: the characters of its other matches
    chars, nullable = _edge_chars(items[:-1], last=True)
    return (None if chars is None else frozenset(chars)), nullable


def _edge_chars(items: list[tuple[Any, Any]], last: bool) -> tuple[set[str] | None, bool]:
    """The characters a sequence of parsed items can end in (``last``) or open with, and whether it can
    match the empty string."""
    out: set[str] = set()
    for op, av in reversed(items) if last else items:
        chars, nullable = _item_edge_chars(op, av, last)
        if chars is None:
            return None, False
        out |= chars
        if not nullable:
            return out, False
    return out, True


def _item_edge_chars(op: Any, av: Any, last: bool) -> tuple[set[str] | None, bool]:
    if op is _c.LITERAL:
        return {chr(av)}, False
    if op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
        return set(), True
    if op is _c.SUBPATTERN:
        return _edge_chars(list(av[-1]), last)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
        chars, nullable = _edge_chars(list(av[2]), last)
        return chars, nullable or av[0] == 0
    if op is _c.BRANCH:
        out: set[str] = set()
        any_nullable = False
        for branch in av[1]:
            chars, nullable = _edge_chars(list(branch), last)
            if chars is None:
                return None, False
            out |= chars
            any_nullable = any_nullable or nullable
        return out, any_nullable
    if op is _c.IN and all(o is _c.LITERAL for o, _ in av):
        return {chr(a) for _, a in av}, False
    return None, False  # a class, a range, a negation, a back-reference: not read


class WordIndex:
    """Words of two or more characters, found where their first two characters stand.

    Every character of a word gets a number (0 for any other character), every pair of neighbouring
    characters a key, and a table says which keys open a word. One pass of numpy over the text's code
    points gives the positions where a word may start (about 110 division names in a corpus report of
    16,000 characters); only there are the lengths of the words that pair opens looked up. For the
    6,000 division names this is three to five times faster than an Aho-Corasick automaton over the
    whole text. For a list of a hundred words (the law table, the reform scheme's names) it is not
    faster than the regex of :func:`words_pattern` once its tables have left the processor's cache
    (as between one report's stages), so those keep the regex. Building it costs a few milliseconds:
    it is for word lists built once, not once a report.
    """

    def __init__(self, words: Iterable[str]) -> None:
        import numpy as np

        self.words = frozenset(words)
        if any(len(w) < 2 for w in self.words):
            raise ValueError("WordIndex needs words of two characters or more")
        chars = sorted({c for w in self.words for c in w})
        self._size = len(chars) + 1
        self._number = np.zeros(0x110000, dtype=np.int32)  # 0: a character in no word (keys stay below 2**31)
        self._number[[ord(c) for c in chars]] = np.arange(1, len(chars) + 1, dtype=np.int32)
        lengths: dict[int, set[int]] = {}
        for w in self.words:
            lengths.setdefault(int(self._number[ord(w[0])]) * self._size + int(self._number[ord(w[1])]), set()).add(
                len(w)
            )
        self._lengths = {k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()}  # longest first
        self._opens = np.zeros(self._size * self._size, dtype=bool)
        self._opens[list(self._lengths)] = True

    def _starts(self, text: str) -> list[tuple[int, tuple[int, ...]]]:
        """(position, the lengths of the words that may start there, longest first), ascending."""
        import numpy as np

        numbers = self._number[np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)]
        keys = numbers[:-1] * self._size + numbers[1:]  # a pair with a character in no word opens none
        starts = np.flatnonzero(self._opens[keys])
        lengths = self._lengths
        return [(i, lengths[k]) for i, k in zip(starts.tolist(), keys[starts].tolist(), strict=True)]

    def occurrences(self, text: str) -> list[tuple[int, int, str]]:
        """Every (start, end, word) in ``text``, overlapping ones too, by start and then longest first.

        >>> WordIndex(["海口", "海口市", "口市"]).occurrences("海口市海口")
        [(0, 3, '海口市'), (0, 2, '海口'), (1, 3, '口市'), (3, 5, '海口')]
        """
        found = []
        for i, lengths in self._starts(text):
            for n in lengths:
                word = text[i : i + n]
                if len(word) == n and word in self.words:  # a word cut short by the text's end is none
                    found.append((i, i + n, word))
        return found


class EndWords:
    """Words of two or more characters found where their last two characters stand: for a list whose
    words end in a few characters (the law table: 法, 典, 例), ``str.find`` goes to each of those
    characters, and only where the character before it is one a word has there are the words of each
    length looked up. No pass of the regex engine over every position, and no automaton over every
    character.

    >>> laws = EndWords(["行政处罚法", "中华人民共和国行政处罚法", "民法典", "处罚法"])
    >>> laws.occurrences("依法学习中华人民共和国行政处罚法和民法典")
    [(4, 16, '中华人民共和国行政处罚法'), (11, 16, '行政处罚法'), (13, 16, '处罚法'), (17, 20, '民法典')]
    >>> laws.spans("依法学习中华人民共和国行政处罚法和民法典")
    [(4, 16), (17, 20)]
    """

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(words)
        if any(len(w) < 2 for w in self.words):
            raise ValueError("EndWords needs words of two characters or more")
        lengths: dict[str, dict[str, set[int]]] = {}
        for w in self.words:
            lengths.setdefault(w[-1], {}).setdefault(w[-2], set()).add(len(w))
        # last character -> the character before it -> the lengths of the words ending in the two, longest first
        self._lengths = {
            last: {c: tuple(sorted(v, reverse=True)) for c, v in before.items()}
            for last, before in sorted(lengths.items())
        }

    def occurrences(self, text: str) -> list[tuple[int, int, str]]:
        """Every (start, end, word) in ``text``, overlapping ones too, by start and then longest first."""
        found = []
        words, find = self.words, text.find
        for last, before in self._lengths.items():
            k = find(last, 1)
            while k >= 0:
                lengths = before.get(text[k - 1])
                e = k + 1
                if lengths is not None:
                    for n in lengths:
                        if n <= e and (word := text[e - n : e]) in words:
                            found.append((e - n, e, word))
                k = find(last, e)
        found.sort(key=lambda f: (f[0], -f[1]))
        return found

    def spans(self, text: str) -> list[tuple[int, int]]:
        """The spans of ``words_pattern(words).finditer(text)`` (or of the plain alternation, longest word
        first): at each start the longest word, the next one looked for after its end."""
        out = []
        pos = 0
        for s, e, _ in self.occurrences(text):
            if s >= pos:
                out.append((s, e))
                pos = e
        return out


def start_chars(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The characters a non-empty match of ``pattern`` can open with; None where they cannot be read off it
    (a class such as ``\\d`` where a match may open, or a pattern that ignores case).

    >>> sorted(start_chars(re.compile(r"(?:同比)?(?:增长|下降)了?$")))
    ['下', '同', '增']
    >>> sorted(start_chars(re.compile(r"(?:分别|(?<!年)均|(?:19|20)年)*$")))
    ['1', '2', '分', '均']
    >>> start_chars(re.compile(r"\\d+年$")) is None, start_chars(re.compile(r"$")) == frozenset()
    (True, True)
    """
    if pattern.flags & re.IGNORECASE:
        return None
    chars, _ = _edge_chars(list(_parser.parse(pattern.pattern, pattern.flags)), last=False)
    return None if chars is None else frozenset(chars)


class AtEndFrom(AtEnd):
    """An :class:`AtEnd` whose pattern is also tried only where a match can open. A pattern that repeats a
    set of words (``(?:达到|为|了)*$``) or opens with optional parts has no first character the regex engine
    can skip to: ``search`` tries every word of it at every position of the phrase (about 1 µs a position
    for a list of 60 words). Here a look-ahead on the characters a match can open with stands before the
    pattern, so that a position where no match opens fails at once; an empty match is looked for only at
    the end. Same matches as ``pattern.search``; ``sub`` on a phrase whose last character no match ends in
    gives the phrase without running the pattern.

    >>> trail = AtEndFrom(re.compile(r"(?:总数|达到|达|为)*$"))
    >>> trail.sub("案件总数达到"), trail.search("案件总数").span(), trail.search("案件").span()
    ('案件', (2, 4), (2, 2))
    >>> verb = AtEndFrom(re.compile(r"(?:同比)?(?:增长|下降)了?$"))
    >>> verb.search("收入同比增长").group(), verb.search("收入增长了").group(), verb.search("收入") is None
    ('同比增长', '增长了', True)
    """

    def __init__(self, pattern: re.Pattern[str]) -> None:
        super().__init__(pattern)
        first = start_chars(pattern)
        self.guarded = None
        if first:
            opening = "".join(sorted(re.escape(c) for c in first))
            self.guarded = re.compile(f"(?=[{opening}])(?:{pattern.pattern})", pattern.flags)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """What ``pattern.search(text, pos, endpos)`` gives."""
        end = len(text) if endpos is None else min(max(endpos, 0), len(text))
        pos = max(pos, 0)
        if self.guarded is None or self.last is None or end <= pos or text[end - 1] == "\n":
            return super().search(text, pos, endpos)
        if text[end - 1] not in self.last:
            return super().search(text, pos, endpos)  # only an empty match, at the end, if any
        # a match that opens where no non-empty match can open is empty, and an empty one stands only at
        # the end (``$``; a text that ends in a newline was run as it is above)
        m = self.guarded.search(text, pos, end)
        if m is None and self.nullable:
            return self.pattern.search(text, end, end)
        return m

    def sub(self, text: str) -> str:
        """What ``pattern.sub("", text)`` gives: the text without the match at its end."""
        if self.last is not None and text and not text.endswith("\n") and text[-1] not in self.last:
            return text  # no match ends here: nothing, or the empty match at the end, is taken off
        return super().sub(text)


def _char_numbers(chars: Iterable[str]) -> bytes:
    """A table numbering ``chars`` 1, 2, … (in code point order): a byte a code point up to the highest of
    them, 0 for a character not among them. Past the 254th, characters share the number 255 (their words'
    entries are looked at together: more candidates, the same matches)."""
    ordered = sorted(set(chars))
    table = bytearray(ord(ordered[-1]) + 1 if ordered else 0)
    for k, c in enumerate(ordered, start=1):
        table[ord(c)] = min(k, 255)
    return bytes(table)


class StartWords:
    """Words of two or more characters found where their first two characters stand, by a loop over the
    text's code points: what the regex of :func:`words_pattern` (or :func:`grouped_words_pattern`) finds
    with ``finditer``, at the leftmost place a word starts the longest word that starts there, the next
    one looked for after its end.

    Every character that opens a word has a number, every character that is second in one has another,
    and the two numbers of a pair index the words that open with it as (length, last character) entries,
    longest first. At each position two table reads decide whether any word opens there (most positions:
    none); where one may, a word is sliced off the text only if the text has its last character at its
    end. Compiled (``govgraph._native``), the loop costs about 5 ns a character, where the regex engine's
    attempt at each position of a pattern that opens with a look-ahead costs about 20. For a list whose
    words end in a few characters (the law table) :class:`EndWords` is faster still.

    >>> words = StartWords(["行政处罚法", "中华人民共和国行政处罚法", "民法典", "处罚"])
    >>> words.matches("学习中华人民共和国行政处罚法和民法典，中国行政处罚")
    [(2, 14, '中华人民共和国行政处罚法'), (15, 18, '民法典'), (23, 25, '处罚')]
    >>> words.spans("行政处罚法")
    [(0, 5)]
    """

    def __init__(self, words: Iterable[str]) -> None:
        self.words: frozenset[str] = frozenset(words)
        if any(len(w) < 2 for w in self.words):
            raise ValueError("StartWords needs words of two characters or more")
        self._first: bytes = _char_numbers(w[0] for w in self.words)
        self._second: bytes = _char_numbers(w[1] for w in self.words)
        self._width: int = max(self._second, default=0) + 1  # a row a first character, a column a second
        ends: dict[int, set[tuple[int, int]]] = {}
        for w in self.words:
            pair = self._first[ord(w[0])] * self._width + self._second[ord(w[1])]
            ends.setdefault(pair, set()).add((len(w), ord(w[-1])))
        empty: tuple[int, ...] = ()
        table = [empty] * ((max(self._first, default=0) + 1) * self._width)  # small: kept in the cache
        for pair, entries in ends.items():  # (length, last character), longest first, laid out flat
            table[pair] = tuple(x for entry in sorted(entries, key=_minus_length) for x in entry)
        self._ends: list[tuple[int, ...]] = table
        self._regex: re.Pattern[str] | None = None if COMPILED else words_pattern(self.words)

    def matches(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, word) of what ``words_pattern(words).finditer(text)`` matches, in order."""
        if self._regex is not None:  # interpreted, the loop below is several times slower than the regex
            return [(m.start(), m.end(), m.group()) for m in self._regex.finditer(text)]
        out: list[tuple[int, int, str]] = []
        first, second, words, table, width = self._first, self._second, self.words, self._ends, self._width
        first_top, second_top = len(first), len(second)
        n = len(text)
        free = 0  # where the next word may start: after the last one found
        for i in range(n - 1):
            if i < free:
                continue
            c = ord(text[i])
            if c >= first_top:
                continue
            a = first[c]
            if not a:
                continue  # no word opens with this character (most positions)
            d = ord(text[i + 1])
            if d >= second_top:
                continue
            b = second[d]
            if not b:
                continue
            ends = table[a * width + b]
            j = 0
            while j < len(ends):  # longest first; sliced only where the text has the word's last character
                e = i + ends[j]
                if e <= n and ord(text[e - 1]) == ends[j + 1]:
                    word = text[i:e]
                    if word in words:
                        out.append((i, e, word))
                        free = e
                        break
                j += 2
        return out

    def spans(self, text: str) -> list[tuple[int, int]]:
        """The (start, end) of :meth:`matches`."""
        return [(s, e) for s, e, _ in self.matches(text)]


def _minus_length(entry: tuple[int, int]) -> int:
    return -entry[0]


def neighbour_pairs(pattern: re.Pattern[str], limit: int = 20_000) -> frozenset[str] | None:
    """Every pair of neighbouring characters that a match of ``pattern`` can hold, or None when the pattern
    is not a finite set of strings this reads (a class, an unbounded repeat) or has more than ``limit``.

    Look-arounds match no characters, so they are left out: a pair is neighbours in the match itself.

    >>> sorted(neighbour_pairs(re.compile(r"会同|和(?:[市省]|国家)(?!部)")))
    ['会同', '和国', '和市', '和省', '国家']
    >>> neighbour_pairs(re.compile(r"[^，]+")) is None
    True
    """
    strings = _strings(list(_parser.parse(pattern.pattern, pattern.flags)), limit)
    if strings is None:
        return None
    return frozenset(s[i : i + 2] for s in strings for i in range(len(s) - 1))


def _strings(items: list[tuple[Any, Any]], limit: int) -> list[str] | None:
    """Every string a sequence of parsed items matches (look-arounds as empty), or None."""
    out = [""]
    for op, av in items:
        alts = _item_strings(op, av, limit)
        if alts is None:
            return None
        out = [a + b for a in out for b in alts]
        if len(out) > limit:
            return None
    return out


def _item_strings(op: Any, av: Any, limit: int) -> list[str] | None:
    if op is _c.LITERAL:
        return [chr(av)]
    if op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
        return [""]
    if op is _c.SUBPATTERN:
        return _strings(list(av[-1]), limit)
    if op is _c.BRANCH:
        out: list[str] = []
        for branch in av[1]:
            strings = _strings(list(branch), limit)
            if strings is None:
                return None
            out += strings
        return out
    if op is _c.IN and all(o is _c.LITERAL for o, _ in av):
        return [chr(a) for _, a in av]
    return None  # a repeat, a range, a negation, a back-reference: not read

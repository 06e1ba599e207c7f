"""Split a report's text into its section tree with character spans.

Headings: 一、 / （一） / 1. / （1） / ①, full-width or half-width, inline
("(一)深入学习领会习近平法治思想。将……") or on their own line. Broken
numbering is repaired from position: a lost opening bracket ("一）") or a
lost numeral (")依法依规公开政府信息") still opens a section, numbered as it
should have been. Text before the first heading is the ``preamble``; the
unnumbered closing paragraphs (problems, next steps, the address to the
deputies) and a notes block are their own sections.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Final

from .model import Section
from .text.numerals import CIRCLED, cn_to_int

_CN: Final = "一二三四五六七八九十"
_L1: Final = re.compile(rf"^([{_CN}]{{1,3}})\s*[、.．,，]\s*(?=\S)")
_L2: Final = re.compile(rf"^[（(]\s*([{_CN}]{{1,3}})\s*[）)]\s*(?=\S)")
_L2_BROKEN: Final = re.compile(rf"^([{_CN}]{{1,3}})\s*[）)]\s*(?=[\u4e00-\u9fff])|^[）)]\s*(?=[\u4e00-\u9fff])")
_L3: Final = re.compile(r"^(\d{1,2})\s*[.．、](?!\d)\s*(?=\S)")
_L3P: Final = re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]\s*(?=\S)")
_L4: Final = re.compile(rf"^([{CIRCLED}])\s*(?=\S)")
_ENDNOTES: Final = re.compile(r"^(注释|注\s*释|附注|注|名词解释|名词注释|术语解释)\s*[:：]?\s*$")
_PROBLEMS: Final = re.compile(
    r"(存在|仍有|还有|面临).{0,20}(问题|不足|短板|差距|薄弱)|问题和不足|不足之处|差距和不足|困难和问题"
)
_NEXT: Final = re.compile(
    r"^(下一步|今后|新的一年|展望|(?:19|20)\d\d年[，,]?\s*(?:我市|我省|我区|我县|本市|全市|全省|市政府|省政府)?将)"
)
_ADDRESS: Final = re.compile(r"^各位代表[，,！!：:]")

TYPE_RULES: Final = (
    ("problems", re.compile(r"问题|不足|短板")),
    # a heading that reports what was done is a results section, even when it says 主要工作 (主要工作和成效)
    ("measures", re.compile(r"成效|成绩|成就|成果|进展|完成情况|落实情况|回顾")),
    (
        "plan",
        re.compile(r"下一步|工作安排|工作打算|主要工作|目标任务|工作任务|总体要求|工作思路|工作计划|工作建议|今后"),
    ),
    ("duties", re.compile(r"第一责任人|履行.{0,8}职责|述法")),
    ("measures", re.compile(r".")),
)


@dataclass
class _Heading:
    kind: str  # L1 L2 L3 L3P L4
    start: int  # offset of the heading line
    title: str
    heading_end: int

    def __init__(self, kind: str, start: int, title: str, heading_end: int) -> None:  # written out (compiled, faster)
        self.kind, self.start, self.title, self.heading_end = kind, start, title, heading_end


def split_sections(text: str) -> list[Section]:
    """The sections of a report, in document order, each with its span.

    >>> secs = split_sections("前言。\\n一、总体情况\\n(一)学习。正文\\n)公开。正文\\n下一步，我们将继续。")
    >>> [(s.path, s.title) for s in secs]
    [('preamble', None), ('一', '总体情况'), ('一.(一)', '学习'), ('一.(二)', '公开'), ('closing.next', None)]
    """
    lines = _lines(text)
    may_open_block, may_be_heading = _line_openers(text, lines)
    blocks = _trailing_blocks(text, may_open_block)
    body_end = blocks[0][1] if blocks else len(text)
    headings = [h for h in (_heading(text, s, e) for s, e in may_be_heading if s < body_end) if h]
    closings = _closing_parts(text, lines, headings, body_end)
    tree_end = closings[0][1] if closings else body_end

    sections: list[Section] = []
    first = headings[0].start if headings else tree_end
    if first > 0 and text[:first].strip():
        sections.append(Section("preamble", None, 1, 0, first, "preamble"))
    sections.extend(_tree(headings, tree_end))
    for name, start, end, stype in closings:
        sections.append(Section(name, None, 1, start, end, stype))
    for i, (kind, start, heading_end) in enumerate(blocks):
        end = blocks[i + 1][1] if i + 1 < len(blocks) else len(text)
        title = text[start:heading_end].strip()
        if kind == "notes":
            name = "endnotes" if not any(s.path == "endnotes" for s in sections) else f"endnotes.{i + 1}"
            sections.append(Section(name, title, 1, start, end, "notes", heading_end))
            continue
        label = re.sub(r"\s+", "", title).rstrip(":：") or f"附件{i + 1}"
        sections.append(Section(label, title, 1, start, end, "appendix", heading_end))
        inner = [h for h in (_heading(text, s, e) for s, e in may_be_heading if heading_end < s < end) if h]
        sections.extend(_tree(inner, end, prefix=label, base_type="appendix"))
    return sections


def _tree(headings: list[_Heading], end_all: int, prefix: str = "", base_type: str | None = None) -> list[Section]:
    """Sections for a run of headings: numbered by position under their parent, ending where the next
    heading of the same or a higher rank starts."""
    out: list[Section] = []
    stack: list[tuple[str, str, str]] = []  # (kind, path, type) of open ancestors
    counters: dict[tuple[str, str], int] = {}
    ends = _ends(headings, end_all)
    for i, h in enumerate(headings):
        while stack and _RANKS[stack[-1][0]] >= _RANKS[h.kind]:
            stack.pop()
        parent = stack[-1][1] if stack else prefix
        n = counters.get((parent, h.kind), 0) + 1
        counters[(parent, h.kind)] = n
        part = _label(h.kind, n)
        path = f"{parent}.{part}" if parent else part
        end = ends[i]
        if base_type:
            stype = base_type
        else:
            own = _type(h.title)
            stype = own if (stack == [] or own != "measures") else stack[-1][2]
        out.append(Section(path, h.title, path.count(".") + 1, h.start, min(end, end_all), stype, h.heading_end))
        stack.append((h.kind, path, stype))
    return out


def _ends(headings: list[_Heading], end_all: int) -> list[int]:
    """Where each heading's section ends: the start of the next heading of the same or a higher rank, else
    ``end_all``. One pass with a stack of headings still open: looking ahead from every heading (a slice
    of the rest of the list each time) made long reports quadratic.

    >>> hs = [_Heading(k, s, "", s + 1) for k, s in (("L1", 0), ("L2", 5), ("L2", 9), ("L1", 20))]
    >>> _ends(hs, 30)
    [20, 9, 20, 30]
    """
    ends = [end_all] * len(headings)
    still_open: list[int] = []  # ranks strictly rise from bottom to top
    for j, h in enumerate(headings):
        while still_open and _RANKS[headings[still_open[-1]].kind] >= _RANKS[h.kind]:
            ends[still_open.pop()] = h.start
        still_open.append(j)
    return ends


_RANKS: Final = {"L1": 1, "L2": 2, "L3": 3, "L3P": 4, "L4": 5}
_APPENDIX: Final = re.compile(r"^(附件\s*[0-9一二三四五六七八九十]*|附录\s*[0-9一二三四五六七八九十]*|附\s*[:：])\s*$")


def _trailing_blocks(text: str, lines: list[tuple[int, int]]) -> list[tuple[str, int, int]]:
    """(kind, start, end of its heading line) of appendices and notes after the body, in order."""
    out = []
    for s, e in lines:
        line = text[s:e].strip()
        if _ENDNOTES.match(line):
            out.append(("notes", s, e))
        elif _APPENDIX.match(line):
            out.append(("appendix", s, e))
    return out


def section_index(sections: list[Section], length: int) -> list[int]:
    """For every character offset, the index of the deepest section holding it (-1 for none).

    >>> secs = split_sections("前言。\\n一、总体\\n正文")
    >>> idx = section_index(secs, 12); secs[idx[0]].path, secs[idx[8]].path
    ('preamble', '一')
    """
    index = [-1] * (length + 1)
    for i, s in sorted(enumerate(sections), key=lambda p: p[1].level):
        index[s.start : s.end] = [i] * (min(s.end, length + 1) - s.start)
    return index


def section_runs(sections: list[Section], length: int) -> tuple[list[int], list[int]]:
    """:func:`section_index` by runs: the sorted offsets where the deepest section holding a character may
    change, and from each of them on, that section's index (-1 for none). The section of offset ``o``
    (``0 <= o <= length``) is ``owners[bisect_right(cuts, o) - 1]``; the same sections paint the same
    runs in the same order, so every offset gets what :func:`section_index` gives it, without a list as
    long as the text.

    >>> from bisect import bisect_right
    >>> secs = split_sections("前言。\\n一、总体\\n正文")
    >>> cuts, owners = section_runs(secs, 12)
    >>> [secs[owners[bisect_right(cuts, o) - 1]].path for o in (0, 8)]
    ['preamble', '一']
    """
    edge = length + 1
    cuts = sorted({0, edge, *(min(s.start, edge) for s in sections), *(min(s.end, edge) for s in sections)})
    at = {c: k for k, c in enumerate(cuts)}
    owners = [-1] * len(cuts)
    for i, s in sorted(enumerate(sections), key=lambda p: p[1].level):
        a, b = at[min(s.start, edge)], at[min(s.end, edge)]
        owners[a:b] = [i] * (b - a)
    return cuts, owners


def _line_openers(text: str, lines: list[tuple[int, int]]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    r"""The lines that may open an appendix or notes block, and the lines that may hold a heading, told
    by their first character: most lines of a report are paragraphs that open with neither, and are
    not looked at again. A line that opens with a blank goes to both (the checks skip blanks).

    >>> t = "一、总则\n正文。\n附件1\n  (二)学习"
    >>> [[t[s:e] for s, e in group] for group in _line_openers(t, _lines(t))]
    [['附件1', '  (二)学习'], ['一、总则', '  (二)学习']]
    """
    blocks, headings = [], []
    for s, e in lines:
        if s == e:
            continue  # a blank line holds neither
        first = text[s]
        if first.isspace():
            blocks.append((s, e))
            headings.append((s, e))
            continue
        if first in _BLOCK_FIRST:
            blocks.append((s, e))
        if first in _HEADING_FIRST or first.isdecimal():
            headings.append((s, e))
    return blocks, headings


# the characters an appendix or notes heading opens with (附件, 附录, 附：, 注释, 名词解释, 术语解释)
_BLOCK_FIRST: Final = frozenset("附注名术")


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        out.append((pos, pos + len(line.rstrip("\r\n"))))
        pos += len(line)
    return out


# the characters a heading's number can open with (besides a digit): every heading pattern is anchored on one
_HEADING_FIRST: Final = frozenset(_CN + "（()）" + CIRCLED)


def _heading(text: str, start: int, end: int) -> _Heading | None:
    i = start
    while i < end and text[i] in " \t\u3000":
        i += 1
    if i == end or not (text[i] in _HEADING_FIRST or text[i].isdecimal()):
        return None  # no pattern below can match: not worth copying a paragraph-long line
    line = text[start:end]
    stripped = line.lstrip(" \t\u3000")
    lead = len(line) - len(stripped)
    for kind, rx in _patterns_for(stripped[0]):
        m = rx.match(stripped)
        if not m:
            continue
        if kind in ("L1", "L2") and m.groups() and m.group(1) and cn_to_int(m.group(1)) is None:
            continue
        body_start = start + lead + m.end()
        rest = text[body_start:end]
        stop = _TITLE_STOP.search(rest)
        title = (rest[: stop.start()] if stop else rest).strip().rstrip("：:")
        if not title or len(title) > 80 and not stop:
            continue
        if kind == "L3" and _A_DIGIT.match(stripped[m.end() :]):
            continue
        return _Heading(kind, start + lead, title, body_start + (stop.start() if stop else len(rest)))
    return None


# every heading pattern in the order they are tried, and the characters a match of each can open with
_PATTERNS: Final = (
    ("L2", _L2, "（("),
    ("L1", _L1, _CN),
    ("L3P", _L3P, "（("),
    ("L3", _L3, None),  # a decimal digit
    ("L4", _L4, CIRCLED),
    ("L2", _L2_BROKEN, _CN + "）)"),
)


def _patterns_for(first: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The heading patterns that a line opening with ``first`` can match, in the order they are tried.

    >>> [kind for kind, _ in _patterns_for("（")], [kind for kind, _ in _patterns_for("三")], _patterns_for("1")[0][0]
    (['L2', 'L3P'], ['L1', 'L2'], 'L3')
    """
    return _BY_FIRST.get(first) or (_BY_DIGIT if first.isdecimal() else ())


_BY_FIRST: Final = {
    ch: tuple((kind, rx) for kind, rx, opens in _PATTERNS if opens and ch in opens)
    for ch in "".join(opens for _, _, opens in _PATTERNS if opens)
}
_BY_DIGIT: Final = tuple((kind, rx) for kind, rx, opens in _PATTERNS if opens is None)


def _label(kind: str, n: int) -> str:
    if kind == "L1":
        return _cn(n)
    if kind == "L2":
        return f"({_cn(n)})"
    if kind == "L3":
        return str(n)
    if kind == "L3P":
        return f"({n})"
    return CIRCLED[n - 1] if n <= len(CIRCLED) else f"[{n}]"


def _cn(n: int) -> str:
    if n <= 10:
        return " 一二三四五六七八九十"[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _cn(tens)) + "十" + ("" if ones == 0 else _cn(ones))


def _type(title: str | None) -> str:
    for name, rx in TYPE_RULES:
        if title and rx.search(title):
            return name
    return "measures"


def _closing_parts(
    text: str, lines: list[tuple[int, int]], headings: list[_Heading], body_end: int
) -> list[tuple[str, int, int, str]]:
    """Unnumbered closing paragraphs after the last heading's own paragraph."""
    if not headings:
        return []
    last = headings[-1]
    after = bisect_right(lines, (last.start, len(text)))  # the first line that starts after the last heading
    paras = [(s, e) for s, e in lines[after:] if s < body_end and text[s:e].strip()]
    if paras and _title_only(text, last.start):
        paras = paras[1:]  # a heading on a line of its own: the paragraph under it is its own, not a closing part
    starts: list[tuple[str, int]] = []
    for s, e in paras:
        para = text[s:e].strip()
        head = para[:80]
        if _ADDRESS.match(para):
            starts.append(("closing", s))
            break
        if not any(k == "problems" for k, _ in starts) and _PROBLEMS.search(head) and not _heading(text, s, e):
            starts.append(("problems", s))
        elif _NEXT.match(para) and not any(k == "next" for k, _ in starts):
            starts.append(("next", s))
    if not starts:
        return []
    out = []
    for i, (kind, s) in enumerate(starts):
        e = starts[i + 1][1] if i + 1 < len(starts) else body_end
        name = "closing" if kind == "closing" else f"closing.{kind}"
        stype = {"problems": "problems", "next": "plan"}.get(kind, "closing")
        out.append((name, s, _trim(text, s, e), stype))
    return out


def _title_only(text: str, start: int) -> bool:
    r"""Whether the heading line at ``start`` holds only a title (no sentence of body text after it).

    >>> _title_only("三、2023年工作安排\n2023年，我市将……。", 0), _title_only("三、推进依法行政。全年办理案件10件。", 0)
    (True, False)
    """
    end = text.find("\n", start)
    line = text[start : len(text) if end < 0 else end].strip()
    return not re.search(r"[。；！？]", line[:-1] if line.endswith("。") else line) and len(line) <= 40


def _trim(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


# patterns used per match, compiled once (a module-level re call looks its pattern up on every call)
_TITLE_STOP: Final = re.compile(r"[。；;！!？?]")
_A_DIGIT: Final = re.compile(r"\d")

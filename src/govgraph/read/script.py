"""Traditional Chinese: a Simplified copy of the text for matching and inference, offset for offset.

Every rule, dictionary and place table of govgraph is in Simplified characters. A report written in
Traditional characters is matched on a Simplified copy made by OpenCC (``hk2s`` then ``tw2s``), while the
:class:`~govgraph.model.Document` keeps the text as the report wrote it, so the graph quotes the
report. The copy has exactly the length of the original, character for character, so every offset
found in the copy points at the same characters of the original: where OpenCC's phrase conversion
changes a length (rare), that line is converted character by character instead, and a character whose
conversion is not one character stays as it is.

>>> to_simplified("海口市人民政府2022年法治政府建設情況報告")
'海口市人民政府2022年法治政府建设情况报告'
>>> to_simplified("海口市人民政府2022年法治政府建设情况报告") == "海口市人民政府2022年法治政府建设情况报告"
True
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Any

from ..model import Extraction
from .script_keys import load_table, opencc_version

_NOT_CJK = re.compile("[^\u4e00-\u9fff]+")
# share of the CJK characters that t2s changes, above which a text is taken as Traditional: a
# Simplified report has next to none (a stray 著 or 乾 in a quotation); a Traditional one has 20-40 %
TRADITIONAL_SHARE = 0.03


class _Chain:
    """OpenCC's ``hk2s`` then ``tw2s``: Traditional characters of either standard, with the Hong Kong
    (衞) and Taiwan (著) variants, to Simplified; character for character (no regional vocabulary)."""

    def __init__(self) -> None:
        import opencc

        self.steps = [opencc.OpenCC("hk2s"), opencc.OpenCC("tw2s")]

    def convert(self, text: str) -> str:
        for step in self.steps:
            text = step.convert(text)
        return text


@lru_cache(maxsize=1)
def _converter() -> Any:
    return _Chain()


def traditional_share(text: str) -> float:
    """The share of CJK characters that conversion to Simplified changes.

    >>> round(traditional_share("北京市東城區人民政府"), 2)
    0.2
    """
    cjk = len(_NOT_CJK.sub("", text))
    if not cjk:
        return 0.0
    return _changed(text, _convert_same_length(text)) / cjk


def _changed(text: str, converted: str, block: int = 64) -> int:
    """How many characters two strings of one length differ in; equal blocks are compared whole, in C."""
    if text == converted:
        return 0
    changed = 0
    for i in range(0, len(text), block):
        a, b = text[i : i + block], converted[i : i + block]
        if a != b:
            changed += sum(1 for x, y in zip(a, b, strict=True) if x != y)
    return changed


def is_traditional(text: str) -> bool:
    """Whether a text is written in Traditional characters (judged on its first 20,000 characters).

    >>> is_traditional("全年共辦理法律援助案件5426件"), is_traditional("全年共办理法律援助案件5426件")
    (True, False)
    """
    head = text[:20000]
    if _surely_simplified(head):
        return False
    return traditional_share(head) > TRADITIONAL_SHARE


@lru_cache(maxsize=1)
def _changing() -> Any:
    """A table over every code point, true for the characters OpenCC's conversion can change
    (:mod:`.script_keys`); None when the shipped table was not made from the installed OpenCC or has
    keys whose value has another length."""
    import numpy as np

    table = load_table()
    if table is None or table.length_changing or table.opencc != opencc_version():
        return None
    marks = np.zeros(0x110000, dtype=bool)
    marks[[ord(c) for c in table.changing]] = True
    return marks


def _surely_simplified(text: str) -> bool:
    """True when the text has so few characters that OpenCC could change that its
    :func:`traditional_share` cannot pass :data:`TRADITIONAL_SHARE`, whatever the conversion makes of
    them: the same answer as converting, without converting. False means "convert and see".

    The characters are counted over an array of the text's code points: one pass in numpy.
    """
    import numpy as np

    changing = _changing()
    if changing is None:
        return False
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    can_change = int(np.count_nonzero(changing[codes]))
    if not can_change:
        return True
    cjk = int(np.count_nonzero((codes >= 0x4E00) & (codes <= 0x9FFF)))  # the characters _NOT_CJK keeps
    return not cjk or can_change / cjk <= TRADITIONAL_SHARE


def to_simplified(text: str) -> str:
    """The text in Simplified characters, of the same length; Simplified text comes back unchanged."""
    if not is_traditional(text):
        return text
    return _convert_same_length(text)


def _convert_same_length(text: str) -> str:
    conv = _converter()
    whole: str = conv.convert(text)
    if len(whole) == len(text):
        return whole
    out = []
    for line in text.splitlines(keepends=True):
        converted: str = conv.convert(line)
        if len(converted) != len(line):
            converted = "".join(_char(conv, ch) for ch in line)
        out.append(converted)
    return "".join(out)


def _char(conv: Any, ch: str) -> str:
    c: str = conv.convert(ch)
    return c if len(c) == 1 else ch


def quote_original(x: Extraction, simplified: str) -> Extraction:
    """An extraction made on the Simplified copy, quoting the report's own text again.

    Mentions, observations and section titles get the characters of ``x.document.text`` at their
    offsets; canonical entity names stay Simplified (they are what links reports to each other).
    """
    original = x.document.text
    if simplified is original or simplified == original:
        return x

    def quote(start: int, end: int) -> str:
        return original[start:end]

    for e in x.entities:
        e.mentions = [replace(m, text=quote(m.start, m.end)) for m in e.mentions]
    x.observations = [replace(o, text=quote(o.start, o.end)) for o in x.observations]
    sections = []
    for s in x.sections:
        title = s.title
        if title:
            at = simplified.find(title, s.start, s.heading_end or s.end)
            if at >= 0:
                title = quote(at, at + len(title))
        sections.append(replace(s, title=title))
    x.sections = sections
    return x

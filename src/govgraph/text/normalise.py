"""Normalisation used only for matching and canonical names, never for reported spans."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final

_DASHES: Final = re.compile(r"[‐‑‒–—―─━~～\-－]+")
_SPACE: Final = re.compile(r"\s+")
_QUOTES: Final = re.compile(r"[“”\"'‘’「」『』]")
# a year range whose dash was lost in scraping: 20212025年 -> 2021—2025年
_LOST_DASH: Final = re.compile(r"(?<!\d)((?:19|20)\d\d)((?:19|20)\d\d)(?=年)")
# any character that one of match_key's steps after NFKC would change: without one, the NFKC form is the key
_KEY_CHANGES: Final = re.compile(r"[\d‐‑‒–—―─━~～\-－\s“”\"'‘’「」『』《》〈〉]")


@lru_cache(maxsize=8192)
def match_key(text: str) -> str:
    """The form two names are compared in: NFKC, one dash, no spaces or quotes.

    Remembered for the last 8,192 names: a report asks for about 200 keys, and about half of them
    were asked for before (the same agency, law or reform named again, in this report or an earlier one).

    >>> match_key("法治政府建设实施纲要（2021—2025年）") == match_key("法治政府建设实施纲要(2021-2025年)")
    True
    >>> match_key("《审 计法》")
    '审计法'
    """
    s = unicodedata.normalize("NFKC", text or "")
    if not _KEY_CHANGES.search(s):
        return s
    if _LOST_DASH.search(s):  # rare: the substitution is made only where the rule matches
        s = _LOST_DASH.sub(_joined_by_hyphen, s)
    s = _DASHES.sub("-", s)
    s = _SPACE.sub("", s)
    s = _QUOTES.sub("", s)
    return s.replace("《", "").replace("》", "").replace("〈", "").replace("〉", "")


def canonical_title(text: str) -> str:
    """A document title as the canonical name: full-width brackets, one dash (—) in ranges.

    >>> canonical_title("法治政府建设实施纲要(2021-2025年)")
    '法治政府建设实施纲要（2021—2025年）'
    >>> canonical_title("实施纲要（20212025年）")
    '实施纲要（2021—2025年）'
    """
    s = "".join(text.split())  # no white space (what ``\s`` matches is what ``str.split`` splits at)
    s = s.replace("(", "（").replace(")", "）")
    if not _A_DIGIT.search(s):
        return s  # both year-range rules need a digit (most titles have none)
    # each rule is tried before it substitutes (most titles with a digit have neither), and substitutes by
    # a function: a template (r"\1—\2") costs a call into Python's re module on every substitution
    if _LOST_DASH.search(s):
        s = _LOST_DASH.sub(_joined_by_dash, s)
    if _DIGIT_DASH_DIGIT.search(s):
        s = _DIGIT_DASH_DIGIT.sub(_joined_by_dash, s)
    return s


def _joined_by_dash(m: re.Match[str]) -> str:
    """The two numbers of a range with one dash (—) between them: what the template ``r"\1—\2"`` gives."""
    return m.group(1) + "—" + m.group(2)


def _joined_by_hyphen(m: re.Match[str]) -> str:
    """The two years of a range with one hyphen between them: what the template ``r"\1-\2"`` gives."""
    return m.group(1) + "-" + m.group(2)


def nfkc(text: str) -> str:
    """NFKC-normalised text (full-width digits and brackets become half-width).

    >>> nfkc("（１２）")
    '(12)'
    """
    return unicodedata.normalize("NFKC", text)


# patterns used per match, compiled once (a module-level re call looks its pattern up on every call)
_DIGIT_DASH_DIGIT: Final = re.compile(r"(\d)\s*[‐‑‒–—―─━~～\-－]+\s*(\d)")
_A_DIGIT: Final = re.compile(r"\d")

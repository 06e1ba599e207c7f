"""Page lines to report text: running headers, footers and page numbers dropped, lines that the page
layout broke joined again, paragraph breaks kept (one paragraph a line, as the HTML reader gives).

Works on :class:`Line` objects (a line's text and its box on the page), whichever PDF library made them.

A line belongs to a running header or footer when it sits in the top or bottom band of its page, at
the same height, with the same text (digits aside) on at least half of the pages (two at least); a line
that is only a page number (``— 3 —``, ``-3-``, ``第3页``, ``第 3 页 共 9 页``, ``3/9``, ``3``) in those bands
is dropped on any page. A paragraph ends where a line stops short of the right margin, where the
next line is indented or centred, or at a clear vertical gap; otherwise the next line continues it.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass

BAND = 0.14  # top and bottom share of the page where headers, footers and page numbers live
_PAGE_NUMBER = re.compile(
    r"^[\s\-—–_·•.]*(?:第\s*)?(?:\d{1,4}|[ivxlcdmIVXLCDM]{1,6})(?:\s*页)?(?:\s*[/／]\s*\d{1,4}|\s*[,，]?\s*共\s*\d{1,4}\s*页)?[\s\-—–_·•.]*$"
    r"|^\s*(?:page|Page|PAGE)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\s*$"
)
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_SPACE_BY_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\u00a0\u2002\u3000]+|[ \t\u00a0\u2002\u3000]+(?=[{_CJK}])")
_SPACES = re.compile(r"[ \t\u00a0\u2002]{2,}")


@dataclass(frozen=True)
class Line:
    """One line of text on a page, with its box in points from the page's top-left corner."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    lines: tuple[Line, ...]


def is_page_number(text: str) -> bool:
    """Whether a line says nothing but a page number.

    >>> [is_page_number(s) for s in ("— 3 —", "-12-", "第 3 页 共 9 页", "3/9", "7", "2022年", "(一)")]
    [True, True, True, True, True, False, False]
    """
    return bool(_PAGE_NUMBER.match(text.strip()))


def page_text(pages: list[Page]) -> str:
    """The text of a document's pages, one paragraph a line."""
    body = _drop_running_lines(pages)
    return "\n".join(_paragraphs(body))


def _key(line: Line, page: Page) -> tuple[str, int]:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text)), round(line.top / 4)


def _in_band(line: Line, page: Page) -> bool:
    return line.bottom <= page.height * BAND or line.top >= page.height * (1 - BAND)


def _drop_running_lines(pages: list[Page]) -> list[tuple[Page, list[Line]]]:
    counts: Counter[tuple[str, int]] = Counter()
    for page in pages:
        counts.update({_key(ln, page) for ln in page.lines if _in_band(ln, page)})
    need = max(2, (len(pages) + 1) // 2)
    out = []
    for page in pages:
        kept = []
        for ln in page.lines:
            if not ln.text.strip():
                continue
            if _in_band(ln, page) and (is_page_number(ln.text) or counts[_key(ln, page)] >= need):
                continue
            kept.append(ln)
        out.append((page, kept))
    return out


def _paragraphs(pages: list[tuple[Page, list[Line]]]) -> list[str]:
    lines = [ln for _, kept in pages for ln in kept]
    if not lines:
        return []
    left = _mode(ln.x0 for ln in lines)
    right = statistics.quantiles([ln.x1 for ln in lines], n=10)[-1] if len(lines) > 1 else lines[0].x1
    em = statistics.median(ln.bottom - ln.top for ln in lines) or 10.0
    gaps = [b.top - a.bottom for _, kept in pages for a, b in zip(kept, kept[1:], strict=False) if b.top > a.bottom]
    gap = statistics.median(gaps) if gaps else em
    paragraphs: list[str] = []
    current = ""
    previous: Line | None = None
    for _, kept in pages:
        for i, ln in enumerate(kept):
            text = _clean(ln.text)
            if previous is not None and current and _continues(previous, ln, left, right, em, gap, same_page=i > 0):
                current = join_lines(current, text)
            else:
                if current:
                    paragraphs.append(current)
                current = text
            previous = ln
    if current:
        paragraphs.append(current)
    return paragraphs


def _continues(a: Line, b: Line, left: float, right: float, em: float, gap: float, same_page: bool) -> bool:
    """Whether line ``b`` goes on with the paragraph that line ``a`` is in."""
    if a.x1 < right - 1.5 * em:  # a stops short: the paragraph ended there
        return False
    if b.x0 > left + 0.8 * em:  # b is indented (a first line) or centred (a heading)
        return False
    return not (same_page and b.top - a.bottom > gap + 0.8 * em)  # a blank line between them


def join_lines(a: str, b: str) -> str:
    """Two pieces of one paragraph broken by the layout: a space only between two English words.

    >>> join_lines("全年共办理法律援助", "案件5426件"), join_lines("Internet", "Plus")
    ('全年共办理法律援助案件5426件', 'Internet Plus')
    """
    if a[-1:].isascii() and a[-1:].isalpha() and b[:1].isascii() and b[:1].isalpha():
        return a + " " + b  # an English word broken at a space
    return a + b


def _clean(text: str) -> str:
    """One line's text: spaces the layout put beside Chinese characters dropped, runs of spaces made one."""
    text = _SPACE_BY_CJK.sub("", text.strip())
    return _SPACES.sub(" ", text)


def _mode(values: object) -> float:
    rounded = Counter(round(v) for v in values)  # type: ignore[attr-defined]
    return float(rounded.most_common(1)[0][0])

"""Chinese numerals and written numbers."""

from __future__ import annotations

import re

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10_000, "亿": 100_000_000}
CN_NUMERAL = "零〇一二两三四五六七八九十百千万亿"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def cn_to_int(s: str) -> int | None:
    """Convert a Chinese numeral: 十四 → 14, 二十 → 20, 一百零五 → 105, 两万 → 20000.

    >>> cn_to_int("十四"), cn_to_int("二十"), cn_to_int("一百零五"), cn_to_int("两万"), cn_to_int("五")
    (14, 20, 105, 20000, 5)
    >>> cn_to_int("第") is None
    True
    """
    if not s or any(ch not in CN_NUMERAL for ch in s):
        return None
    total = section = num = 0
    for ch in s:
        if ch in _DIGITS:
            num = _DIGITS[ch]
        elif ch in _UNITS:
            section += (num or 1) * _UNITS[ch]
            num = 0
        else:
            section += num
            total += (section or 1) * _BIG[ch]
            section = num = 0
    return total + section + num


def to_number(s: str) -> float | None:
    """A written number, Arabic or Chinese, with 万/亿 multipliers.

    >>> to_number("6.22万"), to_number("2.19亿"), to_number("1,086"), to_number("三")
    (62200.0, 219000000.0, 1086.0, 3.0)
    """
    s = s.replace(",", "").replace("，", "").strip()
    mult = 1.0
    while s and s[-1] in "万亿" and (len(s) > 1 and (s[-2].isdigit() or s[-2] in "万亿.")):
        mult *= _BIG[s[-1]]
        s = s[:-1]
    if re.fullmatch(r"\d+(?:\.\d+)?", s):
        return round(float(s) * mult, 6)
    n = cn_to_int(s)
    return float(n) * mult if n is not None else None

"""Chinese numerals and written numbers."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Final

_DIGITS: Final = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS: Final = {"十": 10, "百": 100, "千": 1000}
_BIG: Final = {"万": 10_000, "亿": 100_000_000}
_MULT: Final = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
CN_NUMERAL: Final = "零〇一二两三四五六七八九十百千万亿"
CIRCLED: Final = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def cn_to_int(s: str) -> int | None:
    """Convert a Chinese numeral: 十四 → 14, 二十 → 20, 一百零五 → 105, 两万 → 20000.

    The large units compound from the left (两万亿 is 2×10⁴×10⁸), so the text is split at its
    亿 and 万 and each part read on its own.

    >>> cn_to_int("十四"), cn_to_int("二十"), cn_to_int("一百零五"), cn_to_int("两万"), cn_to_int("五")
    (14, 20, 105, 20000, 5)
    >>> cn_to_int("两万亿"), cn_to_int("千亿"), cn_to_int("三亿五千万"), cn_to_int("一万零五")
    (2000000000000, 100000000000, 350000000, 10005)
    >>> cn_to_int("第") is None, cn_to_int("") is None
    (True, True)
    """
    if not s or any(ch not in CN_NUMERAL for ch in s):
        return None
    return _cn_big(s)


def _cn_big(s: str) -> int:
    """A numeral with 亿 and 万: the part before the last 亿 (or 万) times that unit, plus the rest."""
    for ch in ("亿", "万"):
        i = s.rfind(ch)
        if i >= 0:
            high = _cn_big(s[:i]) if s[:i] else 1
            return high * _BIG[ch] + (_cn_big(s[i + 1 :]) if s[i + 1 :] else 0)
    section = num = 0
    for ch in s:
        if ch in _DIGITS:
            num = _DIGITS[ch]
        else:
            section += (num or 1) * _UNITS[ch]
            num = 0
    return section + num


def to_number(s: str) -> float | None:
    """A written number, Arabic or Chinese, with 万/亿 (and 千万, 百亿 …) multipliers, computed exactly.

    >>> to_number("6.22万"), to_number("2.19亿"), to_number("1,086"), to_number("三"), to_number("4.06万亿")
    (62200.0, 219000000.0, 1086.0, 3.0, 4060000000000.0)
    >>> to_number("5千万"), to_number("3百亿")
    (50000000.0, 30000000000.0)
    """
    if s.isascii() and (s.isdigit() or _PLAIN_DECIMAL.fullmatch(s)):
        return float(s)  # a plain number (5426, 36.11), the most common case: float rounds as Decimal's float does
    m = _ASCII_WITH_MULTIPLIER.fullmatch(s)
    if m:  # 6.22万, 2.19亿: nothing to normalise
        return _times_power_of_ten(m.group(1), m.group(2))
    s = unicodedata.normalize("NFKC", s).replace(",", "").replace("，", "").strip()
    m = _ARABIC_WITH_MULTIPLIER.fullmatch(s)
    if m:
        return _times_power_of_ten(m.group(1), m.group(2))
    n = cn_to_int(s)
    return float(n) if n is not None else None


def _times_power_of_ten(number: str, multipliers: str) -> float:
    """The float nearest ``number`` (digits, perhaps with a decimal point) times its ``multipliers`` (十百千万亿).

    Where the product has at most 28 digits (Decimal's precision, so that its arithmetic is exact), the number
    is read with the multipliers' power of ten as its exponent: the float nearest the same exact value, which
    is what Decimal's float gives, without Decimal's arithmetic.

    >>> _times_power_of_ten("6.22", "万"), _times_power_of_ten("4.06", "万亿"), _times_power_of_ten("5", "")
    (62200.0, 4060000000000.0, 5.0)
    """
    exponent = 0
    for ch in multipliers:
        exponent += _POWER[ch]
    if len(number) + exponent <= 28 and number.isascii():
        return float(f"{number}e{exponent}")
    value = Decimal(number)
    for ch in multipliers:
        value *= _MULT[ch]
    return float(value)


def cn_decimal(s: str) -> float | None:
    """A Chinese numeral with an optional decimal part: 六点五 → 6.5, 七 → 7.

    >>> cn_decimal("六点五"), cn_decimal("十二"), cn_decimal("八点一"), cn_decimal("点") is None
    (6.5, 12.0, 8.1, True)
    """
    whole, _, frac = s.partition("点")
    n = cn_to_int(whole) if whole else None
    if n is None:
        return None
    if not frac:
        return float(n)
    digits = "".join(str(_DIGITS.get(ch, -1)) for ch in frac)
    return None if "-" in digits else float(f"{n}.{digits}")


# patterns used per match, compiled once (a module-level re call looks its pattern up on every call)
_ARABIC_WITH_MULTIPLIER: Final = re.compile(r"(\d+(?:\.\d+)?)([十百千万亿]*)")
_PLAIN_DECIMAL: Final = re.compile(r"[0-9]+\.[0-9]+")
_ASCII_WITH_MULTIPLIER: Final = re.compile(r"([0-9]+(?:\.[0-9]+)?)([十百千万亿]+)")
_POWER: Final = {"十": 1, "百": 2, "千": 3, "万": 4, "亿": 8}

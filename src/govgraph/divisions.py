"""The GB/T 2260 administrative division table, read from the table that cpca ships.

The CSV is read directly, without importing cpca (which would import pandas).
"""

from __future__ import annotations

import csv
import importlib.util
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

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

    @property
    def level(self) -> str:
        """province | city | district | county.

        >>> Division("460100", "海口市").level, Division("460106", "龙华区").level
        ('city', 'district')
        """
        if self.code.endswith("0000"):
            return "province"
        if self.code.endswith("00"):
            return "city"
        return "district" if self.name.endswith("区") else "county"

    @property
    def province_code(self) -> str:
        return self.code[:2] + "0000"

    @property
    def city_code(self) -> str | None:
        if self.level == "province":
            return None
        return self.code[:4] + "00"

    @property
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


def _table_path() -> Path:
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the division table needs the 'cpca' package: pip install cpca")
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"


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
        self.names_by_length = sorted(self.by_name, key=len, reverse=True)
        self._automaton = None
        self._last: tuple[str, list[tuple[int, int, str]]] | None = None

    def occurrences(self, text: str) -> list[tuple[int, int, str]]:
        """Every (start, end, name) where a full or short division name (2+ characters) occurs.

        >>> [o for o in division_table().occurrences("海口市龙华区") if o[2] in ("海口市", "龙华区")]
        [(0, 3, '海口市'), (3, 6, '龙华区')]
        """
        if self._last is not None and self._last[0] is text:
            return self._last[1]  # agencies and places both look at the same report text
        found = sorted(
            ((end - len(name) + 1, end + 1, name) for end, name in self._matcher().iter(text)),
            key=lambda o: (o[0], -o[1]),
        )
        self._last = (text, found)
        return found

    def names_any(self, text: str) -> bool:
        """Whether a division name of 2+ characters occurs in ``text``.

        >>> division_table().names_any("海口研用"), division_table().names_any("证照联办")
        (True, False)
        """
        return next(iter(self._matcher().iter(text)), None) is not None

    def _matcher(self):
        if self._automaton is None:
            import ahocorasick

            auto = ahocorasick.Automaton()
            for name in list(self.by_name) + list(self.by_short):
                if len(name) >= 2:
                    auto.add_word(name, name)
            auto.make_automaton()
            self._automaton = auto
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
            prefix = within.rstrip("0")
            prefix = prefix[: len(prefix) + (len(prefix) % 2)]
            inside = [d for d in cands if d.code.startswith(prefix)]
            if inside:
                cands = inside
        # a higher level wins on a tie (吉林省 over 吉林市 for 吉林)
        return sorted(cands, key=lambda d: (d.code.count("0") * -1, d.code))[0] if len(cands) > 1 else cands[0]

    def children(self, code: str) -> list[Division]:
        """Divisions directly or indirectly inside ``code``."""
        prefix = code.rstrip("0")
        prefix = prefix[: len(prefix) + (len(prefix) % 2)]
        return [d for d in self.by_code.values() if d.code.startswith(prefix) and d.code != code]


@lru_cache(maxsize=1)
def division_table() -> DivisionTable:
    """The table, loaded once per process.

    >>> division_table().get("460100").name
    '海口市'
    """
    rows: list[Division] = []
    with _table_path().open(encoding="utf-8") as f:
        for rec in csv.DictReader(f):
            code = (rec.get("adcode") or "")[:6]
            name = (rec.get("name") or "").strip()
            if len(code) == 6 and name and not name.endswith("辖区"):
                rows.append(Division(code, name))
    return DivisionTable(rows)

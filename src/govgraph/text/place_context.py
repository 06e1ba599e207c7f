"""What the extractors know about the report's own place: its city and province.

Abbreviated agency names are expanded from it (市司法局 → 海口市司法局).
"""

from __future__ import annotations

from dataclasses import dataclass

from .divisions import Division, division_table


@dataclass(frozen=True)
class ReportContext:
    """The report's place, the city and province it lies in, and its document level."""

    place: Division | None
    city: Division | None
    province: Division | None
    county: Division | None
    year: int | None = None  # the year the report covers

    @property
    def doc_level(self) -> str:
        """The level a document issued by this report's government has."""
        if self.place is None or self.place.code == "100000":
            return "national" if self.place else "unknown"
        if self.county is not None:
            return "district"
        if self.city is not None:
            return "municipal"
        return "provincial"

    @property
    def province_code(self) -> str | None:
        return self.province.code if self.province else None


def context_for(adcode: str | None, year: int | None = None) -> ReportContext:
    """The context of a report about the division ``adcode``.

    >>> c = context_for("460106")
    >>> c.county.name, c.city.name, c.province.name
    ('龙华区', '海口市', '海南省')
    >>> context_for("310000").city.name  # a municipality is its own city
    '上海市'
    """
    table = division_table()
    place = table.get(adcode)
    if adcode == "100000":
        return ReportContext(Division("100000", "中华人民共和国"), None, None, None, year)
    if place is None:
        return ReportContext(None, None, None, None, year)
    province = table.province_of(place)
    if place.level == "province":
        city = place if place.name.endswith("市") else None  # 上海市 is both
        return ReportContext(place, city, province, None, year)
    if place.level == "city":
        return ReportContext(place, place, province, None, year)
    city = table.city_of(place) or (province if province and province.name.endswith("市") else None)
    return ReportContext(place, city, province, place, year)

"""What the extractors know about the report's own place: its city and province.

Abbreviated agency names are expanded from it (市司法局 → 海口市司法局). A one-character
place prefix (市, 区, 州 …) names the report's own division of that kind: in a county-level
city's report 市 is that city, never the prefecture; in an autonomous prefecture 州 is the
prefecture; in an autonomous region 自治区 is the region.
"""

from __future__ import annotations

from dataclasses import dataclass

from .divisions import MUNICIPALITIES, Division, division_table


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

    def for_prefix(self, prefix: str) -> Division | None:
        """The report's own division that a place prefix (市, 省, 区, 县, 州, 旗, 盟, 自治区 …) names.

        >>> context_for("469002").for_prefix("市").name  # a county-level city is its own 市
        '琼海市'
        >>> context_for("460106").for_prefix("市").name, context_for("460106").for_prefix("县")
        ('海口市', None)
        >>> context_for("450000").for_prefix("自治区").name, context_for("222400").for_prefix("州").name
        ('广西壮族自治区', '延边朝鲜族自治州')
        """
        county, city, province = self.county, self.city, self.province
        if prefix == "市":
            if county is not None and county.name.endswith("市"):
                return county
            return city
        if prefix == "省":
            return province if province is not None and province.name.endswith("省") else None
        if prefix == "自治区":
            return province if province is not None and province.name.endswith("自治区") else None
        if prefix in ("区", "县", "旗"):
            return county if county is not None and county.name.endswith(prefix) else None
        if prefix == "自治县":
            return county if county is not None and county.name.endswith("自治县") else None
        if prefix in ("州", "自治州"):
            return city if city is not None and city.name.endswith("自治州") else None
        if prefix == "盟":
            return city if city is not None and city.name.endswith("盟") else None
        return None

    def prefix_name(self, prefix: str) -> str | None:
        """The full name a place prefix expands to: 区 in a 静海区 report → 天津市静海区."""
        d = self.for_prefix(prefix)
        return division_table().full_name(d) if d is not None else None


def context_for(adcode: str | None, year: int | None = None) -> ReportContext:
    """The context of a report about the division ``adcode``.

    >>> c = context_for("460106")
    >>> c.county.name, c.city.name, c.province.name
    ('龙华区', '海口市', '海南省')
    >>> context_for("310000").city.name  # a municipality is its own city
    '上海市'
    >>> context_for("469002").city is None  # a county-level city under its province has no city
    True
    """
    table = division_table()
    place = table.get(adcode)
    if adcode == "100000":
        return ReportContext(Division("100000", "中华人民共和国"), None, None, None, year)
    if place is None:
        return ReportContext(None, None, None, None, year)
    province = table.province_of(place)
    if place.level == "province":
        city = place if place.code in MUNICIPALITIES else None  # 上海市 is both
        return ReportContext(place, city, province, None, year)
    if place.level == "city":
        return ReportContext(place, place, province, None, year)
    city = table.city_of(place) or (province if province and province.code in MUNICIPALITIES else None)
    return ReportContext(place, city, province, place, year)

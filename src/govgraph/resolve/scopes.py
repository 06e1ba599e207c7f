"""An agency's identity scope: the division whose body it is, so that one agency is one node in every report.

An agency is keyed by scope and name (``agency/460106/海口市龙华区司法局``). The scope is the division its
name begins with, read as deep as the name goes (上海市黄浦区人民政府 is 黄浦区's, 310101, not 上海市's),
whichever report names it: the Haikou report's 海口市龙华区司法局 and the Longhua report's are one agency,
and a national report's 江苏省人民政府 is Jiangsu's. A name that begins with no division (市政府, 区司法局,
国务院) keeps the report's scope as before: the report's own division when the name carries a place word,
else national.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

from ..text.divisions import Division, division_table, in_division
from ..text.place_context import ReportContext

_LONGEST: Final = 12  # characters of the longest division name looked for (新疆维吾尔自治区 is 8)


def agency_scope(name: str, ctx: ReportContext) -> str:
    """The identity scope of the agency ``name`` in a report of ``ctx``: a division code, or ``national``.

    >>> from govgraph.text.place_context import ReportContext
    >>> t = division_table()
    >>> shanghai = ReportContext(place=t.get("310000"), city=None, province=t.get("310000"), county=None)
    >>> nation = ReportContext(place=t.get("100000"), city=None, province=None, county=None)
    >>> agency_scope("上海市黄浦区人民政府", shanghai), agency_scope("市政府", shanghai)
    ('310101', '310000')
    >>> agency_scope("江苏省人民政府", nation), agency_scope("中共北京市委员会", nation), agency_scope("国务院", nation)
    ('320000', '110000', 'national')
    """
    chain = [d for d in (ctx.county, ctx.city, ctx.province) if d]
    for div in chain:  # the report's own divisions, the deepest first, also when written after a prefix
        at = name.find(div.name, 0, _LONGEST)
        if at >= 0:
            return _deepest(name, at + len(div.name), div).code
    lead = 2 if name.startswith("中共") else 0
    head = _division_at(name, lead, ctx.province_code)
    if head is not None:
        return _deepest(name, lead + len(head.name), head).code
    return "national" if ctx.place is None or not any(ch in name[:4] for ch in "省市区县") else ctx.place.code


def _deepest(name: str, end: int, div: Division) -> Division:
    """``div``, or the division inside it that the name goes on to name (上海市 then 黄浦区), and so on."""
    while (inner := _division_at(name, end, div.code)) is not None and _strictly_in(inner, div):
        div, end = inner, end + len(inner.name)
    return div


def _strictly_in(inner: Division, outer: Division) -> bool:
    return inner.code != outer.code and in_division(inner.code, outer.code)


@lru_cache(maxsize=8192)
def _division_at(name: str, start: int, within: str | None) -> Division | None:
    """The division whose full name begins ``name`` at ``start``, the longest such name; one inside ``within``
    if the name is ambiguous, and none if it stays ambiguous (朝阳区 is in Beijing and in Changchun)."""
    table = division_table()
    for end in range(min(len(name), start + _LONGEST), start + 1, -1):
        found = table.by_name.get(name[start:end])
        if not found:
            continue
        if len(found) == 1:
            return found[0]
        if within:
            inside = [d for d in found if in_division(d.code, within)]
            if len(inside) == 1:
                return inside[0]
        return None
    return None

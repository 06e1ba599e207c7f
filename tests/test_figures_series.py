"""The State Council reports' GDP growth: the target set for a year against the outcome the next report
gives, pinned against figures read by hand in the reports' texts (the shared corpus, work-national).

Each row names the sentence its two figures come from (a few characters, not the paragraph): the
target from the report delivered in year Y, the outcome from the report delivered in Y+1.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import govgraph

# year: (target, qualifier, actual)
PINNED = {
    1994: (9, "exact", 11.8),  # 1994: "今年计划国内生产总值增长百分之九"; 1995: "比上年增长百分之十一点八"
    1997: (8, "exact", 8.8),
    1998: (
        8,
        "exact",
        7.8,
    ),  # 1998: "主要目标是：经济增长速度8 ％"; 1999: "国内生产总值比上年增长7.8％，虽然略低于8％的预定目标"  # 1997: "调控目标定为８％"; 1998: "去年经济增长8 ．8 ％" (spaces inside the number)
    2003: (7, "approx", 9.1),  # 2003: "今年经济增长预期目标为7%左右"; 2004: "国内生产总值比上年增长9.1%"
    2004: (7, "approx", 9.5),  # 2004: "中央提出今年经济增长预期目标为7%左右"; 2005: "比上年增长9.5%"
    2005: (8, "approx", 9.9),  # 2005: "主要预期目标是：国内生产总值增长8%左右"; 2006: "达到18.23万亿元，比上年增长9.9%"
    2006: (8, "approx", 10.7),  # 2006: "主要预期目标是：国内生产总值增长8%左右"; 2007: "20.94万亿元，比上年增长10.7%"
    2008: (8, "approx", 9),  # 2008: "预期目标是：…国内生产总值增长8%左右"; 2009: "超过30万亿元，比上年增长9%"
    2009: (8, "approx", 8.7),  # 2009: "主要预期目标是：国内生产总值增长8%左右"; 2010: "33.5万亿元，比上年增长8.7%"
    2010: (8, "approx", 10.3),  # 2010: "主要预期目标是：⏎国内生产总值增长8％左右"; 2011: "国内生产总值增长10.3%"
    2011: (8, "approx", 9.2),  # 2011: "主要预期目标是：⏎国内生产总值增长8%左右"; 2012: "47.2万亿元，比上年增长9.2%"
    2012: (7.5, "exact", 7.8),  # 2012: "主要预期目标是：⏎国内生产总值增长7.5％"; 2013: "国内生产总值增长7.8%"
    2013: (7.5, "approx", 7.7),  # 2013: "国内生产总值增长7.5%左右"; 2014: "56.9万亿元，比上年增长7.7%"
    2014: (7.5, "approx", 7.4),  # 2014: "国内生产总值增长7.5%左右"; 2015: "63.6万亿元，比上年增长7.4%"
    2015: (7, "approx", 6.9),  # 2015: "国内生产总值增长7%左右"; 2016: "67.7万亿元，增长6.9%"
    2016: (6.5, "over", 6.7),  # 2016: "国内生产总值增长6.5%－7%" (a range); 2017: "74.4 万亿元，增长6.7%"
    2017: (6.5, "approx", 6.9),  # 2017: "国内生产总值增长6.5%左右"; 2018: "国内生产总值增长6.9%"
    2018: (6.5, "approx", 6.6),  # 2018: "国内生产总值增长6.5%左右"; 2019: "国内生产总值增长6.6%"
    2021: (6, "over", 8.1),  # 2021: "国内生产总值增长6%以上"; 2022: "114万亿元，增长8.1%"
    2022: (5.5, "approx", 3),  # 2022: "国内生产总值增长5.5%左右"; 2023: "全年国内生产总值增长3%"
    2023: (5, "approx", 5.2),  # 2023: "国内生产总值增长5%左右"; 2024: "超过126万亿元，增长5.2%"
    2024: (5, "approx", 5),  # 2024: "国内生产总值增长5%左右"; 2025: "134.9万亿元、增长5%"
}


@pytest.fixture(scope="module")
def rows(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[int, tuple[float, str, float]]:
    store_dir = tmp_path_factory.mktemp("national-store")
    govgraph.ingest([corpus / "work-national"], str(store_dir), jobs=2)
    store = govgraph.open_store(str(store_dir))
    try:
        result = store.query(govgraph.query_text("target-vs-outcome"))
    finally:
        store.close()
    out = {}
    for year, target, qualifier, actual, _ in result.rows:
        out[int(str(year)[:4])] = (float(target), str(qualifier), float(actual))  # type: ignore[arg-type]
    return out


@pytest.mark.parametrize("year", sorted(PINNED))
def test_target_and_outcome_as_read_by_hand(rows: dict[int, tuple[float, str, float]], year: int) -> None:
    target, qualifier, actual = PINNED[year]
    assert rows.get(year) == (target, qualifier, actual)


def test_next_years_target_is_no_outcome(rows: dict[int, tuple[float, str, float]]) -> None:
    """2008's report restates the target it proposes ("提出国内生产总值增长8%左右") and gives 2007 only as a
    five-year average (年均增长10.6%): 2007 has no outcome, never "actual 8". 1999's "经济增长预期为7%左右"
    is that year's target, never 1998's outcome (pinned above: 7.8)."""
    assert 2007 not in rows

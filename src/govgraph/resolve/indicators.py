"""Link an observation's measure to an indicator concept of ``ontology/indicators.ttl``."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any, Final

from ..text.normalise import match_key
from ..vocab.schemes import Indicator, indicators

_GROWTH_WORDS: Final = ("增速", "降幅", "涨幅", "增幅", "增长", "下降", "上涨")
_COUNT_UNITS: Final = frozenset("件宗项个名人户家所台类条期场次批起例套处种款")


@lru_cache(maxsize=1)
def _labels() -> list[tuple[str, Indicator]]:
    pairs = [(match_key(label), ind) for ind in indicators().values() for label in ind.labels]
    return sorted(pairs, key=lambda p: len(p[0]), reverse=True)


@lru_cache(maxsize=1)
def _label_automaton() -> Any:
    """Every non-empty label, found in one pass over a measure (Aho-Corasick), with its places in :func:`_labels`."""
    import ahocorasick

    places: dict[str, list[int]] = {}
    for i, (label, _) in enumerate(_labels()):
        if label:
            places.setdefault(label, []).append(i)
    auto = ahocorasick.Automaton()
    for label, where in places.items():
        auto.add_word(label, tuple(where))
    auto.make_automaton()
    return auto


def _labels_in(key: str) -> list[tuple[str, Indicator]]:
    """The labels that occur in ``key``, in the order of :func:`_labels` (longest first)."""
    hits = [where for _, where in _label_automaton().iter(key)]
    if not hits:
        return []  # most measures name no indicator (two in three of the Haikou report's)
    labels = _labels()
    return [labels[i] for i in sorted({i for where in hits for i in where})]


@cache
def _wider_labels(label: str) -> tuple[tuple[str, Indicator, tuple[str, ...]], ...]:
    """The labels that hold ``label`` and add words to it, in the order of :func:`_labels`, with the added words."""
    return tuple(
        (other_label, other, tuple(w for w in other_label.split(label) if w))
        for other_label, other in _labels()
        if other_label != label and label in other_label
    )


def _unit_fits(ind: Indicator, unit: str | None) -> bool:
    if unit is None:
        return False
    if ind.kind in ("rate", "growth"):
        return unit in ("%", "个百分点")
    if ind.kind == "count":
        return unit == ind.unit or (unit in _COUNT_UNITS and ind.unit in _COUNT_UNITS)
    return unit == ind.unit


@lru_cache(maxsize=1)
def _growth_by_level() -> dict[str, str]:
    by_label = {ind.label: ind.id for ind in indicators().values()}
    return {
        level.id: by_label[level.label + "增速"]
        for level in indicators().values()
        if level.kind in ("amount", "count") and level.label + "增速" in by_label
    }


_SEVERAL_YEARS: Final = re.compile(r"(?:19|20)\d\d|均|[两三四五六七八九十]年")


def change_indicator(indicator: str | None, change_unit: str, basis: str | None) -> str | None:
    """The growth indicator that a level's stated change is a value of: 国内生产总值……增长5.2% gives a
    value of 国内生产总值增速. Only a change in per cent against the year before counts, not one against
    a named year (比2020年增长30% is cumulative).

    >>> change_indicator("indicator/gdp", "%", "比上年"), change_indicator("indicator/gdp", "%", "比2020年")
    ('indicator/gdp-growth', None)
    >>> change_indicator("indicator/gdp", "%", "五年年均")
    >>> change_indicator("indicator/gdp", "亿元", None), change_indicator("indicator/gdp-growth", "%", None)
    (None, None)
    """
    if indicator is None or change_unit != "%" or (basis and _SEVERAL_YEARS.search(basis)):
        return None
    return _growth_by_level().get(indicator)


@lru_cache(maxsize=8192)
def indicator_for(measure: str, unit: str | None) -> str | None:
    """The indicator a measure reports, or None. Cached: the same measures recur across reports (a quarter of the
    look-ups over the corpus: 城镇新增就业, 国内生产总值增速), and each costs some 6 µs.

    >>> indicator_for("行政复议纠错率", "%"), indicator_for("地区生产总值增速", "%"), indicator_for("地区生产总值", "元")
    ('indicator/admin-reconsideration-correction-rate', 'indicator/gdp-growth', 'indicator/gdp')
    >>> indicator_for("全市各级行政机关行政案件败诉率", "%"), indicator_for("培训行政执法人员", "%")
    ('indicator/admin-litigation-loss-rate', None)
    >>> indicator_for("区政府作为被申请人的行政复议案件", "件"), indicator_for("行政复议案件办结", "件")
    ('indicator/admin-reconsideration-cases-as-respondent', 'indicator/admin-reconsideration-cases-closed')
    >>> indicator_for("受理行政复议案件", "件"), indicator_for("行政复议案件", "件")
    ('indicator/admin-reconsideration-cases-received', 'indicator/admin-reconsideration-cases')
    >>> indicator_for("力争海洋生产总值增速", "%"), indicator_for("全省生产总值增速", "%")
    (None, 'indicator/gdp-growth')
    >>> indicator_for("地区生产总值年均增速", "%"), indicator_for("国内生产总值较2000年增速", "%")
    (None, None)
    """
    key = match_key(measure)
    labels = _labels_in(key)
    if not labels:
        return None  # the cheapest test first: two measures in three name no indicator
    if _NOT_ONE_YEAR.search(key):
        return None  # an average over years or a change since a named year is no value of one year's indicator
    growth = key.endswith(_GROWTH_WORDS)
    for label, ind in labels:
        if _unit_fits(ind, unit):
            if ind.kind in ("amount", "count") and growth:
                continue  # 城镇居民人均可支配收入增速 is not the income itself
            if _OTHER_MEASURE.search(key[key.index(label) + len(label) :]):
                continue  # 消费对经济增长的贡献率 is a share, not growth
            if _SECTOR.search(key[: key.index(label)]):
                continue  # 海洋生产总值 is one sector's output, not the economy's
            return _narrowest(key, label, ind, unit).id
    return None


def _narrowest(key: str, label: str, ind: Indicator, unit: str | None) -> Indicator:
    """A narrower indicator whose label adds words the measure also holds: 办结977件 of 行政复议案件 is
    办结行政复议案件, 作为被申请人的…17件 is the respondent's; the cases at no stated stage stay the broad one."""
    best = ind
    for other_label, other, extra in _wider_labels(label):
        if not _unit_fits(other, unit):
            continue
        if extra and all(w in key for w in extra) and len(other_label) > len(best.label):
            best = other
    return best


_NOT_ONE_YEAR: Final = re.compile(
    r"年均|平均每年|[较比与](?:19|20)\d\d年|今后|过去|[两三四五六七八九十]年(?:来|以来|间|里|内)|期间|时期"
)
_SECTOR: Final = re.compile(
    r"(?:海洋|工业|农业|服务业|制造业|建筑业|数字经济|文化产业|旅游业?|体育产业|县域|民营经济|园区|产业)$"
)
_OTHER_MEASURE: Final = re.compile(r"贡献|比重|占比|强度|弹性|比例")

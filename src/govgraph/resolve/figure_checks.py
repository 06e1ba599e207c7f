"""Checks on a report's figures: a rate against the counts it is computed from, parts against
their total, and (with the store) the previous year's value implied by a change against the
previous year's report.

Each check is a pure function over observations; a finding names the figures it rests on.
"""

from __future__ import annotations

import re
from typing import Final

from ..model import Change, Figure, Finding, Observation

_RATE: Final = re.compile(r"率$")
_NOT_SHARE: Final = re.compile(r"增速|降幅|涨幅|增幅|增长|下降|贡献|覆盖|普及|达标|满意|知晓|参保")
_SENTENCE_END: Final = re.compile(r"[。；;\n]")
_PER: Final = re.compile(r"每|人均|平均|年均|提高到|增加到|由")
_CHANGE_WORDS: Final = re.compile(r"比上年|同比|增加|减少|增长|下降|提高|降低|多|少")


def _decimals(v: float) -> int:
    s = f"{v:.6f}".rstrip("0").rstrip(".")
    return len(s.split(".")[1]) if "." in s else 0


def rate_vs_counts(text: str, obs: list[Observation]) -> list[Finding]:
    """A rate stated after the two counts it is computed from, when neither part/total nor its
    complement gives the stated rate (to the precision it is written in, or 0.5 points).

    >>> from govgraph.extract.observations import find_observations
    >>> from govgraph.model import Observation
    >>> raw = find_observations("共受理复议案件433件，纠错31件，纠错率8.12%。")
    >>> obs = [Observation(o.measure, o.value, o.unit, "", o.start, o.end, "一", o.qualifier) for o in raw]
    >>> f = rate_vs_counts("共受理复议案件433件，纠错31件，纠错率8.12%。", obs)[0]
    >>> f.kind, round(f.expected, 2), f.stated
    ('rate-vs-counts', 7.16, 8.12)
    >>> t = "受理行政复议申请977件，审结236件，其中调解170件，调解率17.4%。"
    >>> raw = find_observations(t)
    >>> rate_vs_counts(t, [Observation(o.measure, o.value, o.unit, "", o.start, o.end, "一", o.qualifier) for o in raw])
    []
    """
    out = []
    for i, o in enumerate(obs):
        if o.unit != "%" or not _RATE.search(o.measure) or _NOT_SHARE.search(o.measure) or o.qualifier != "exact":
            continue
        counts = []
        for j in range(i - 1, -1, -1):
            p = obs[j]
            if _SENTENCE_END.search(text, p.end, o.start):
                break
            if p.unit and p.unit not in ("%", "个百分点", "倍", "元") and p.qualifier == "exact":
                counts.append(j)
            if len(counts) == 2:
                break
        if len(counts) < 2:
            continue
        part, total = obs[counts[0]], obs[counts[1]]
        if part.unit != total.unit or total.value <= 0 or part.value > total.value:
            continue
        if not _shares_words(o.measure.removesuffix("率"), part.measure):
            continue  # 城镇调查失业率 is not computed from 转移就业 and 新增就业
        share = part.value / total.value * 100
        tolerance = max(0.5, 10 ** -_decimals(o.value))
        if _fits(share, o.value, tolerance) or _other_base_fits(obs, i, o, tolerance):
            continue
        out.append(
            Finding(
                "rate-vs-counts",
                f"{o.measure} {o.value:g}% does not follow from {part.value:g}{part.unit} of {total.value:g}{total.unit}"
                f" ({share:.2f}%)",
                o.section,
                (counts[1], counts[0], i),
                round(share, 4),
                o.value,
            )
        )
    return out


def _fits(share: float, stated: float, tolerance: float) -> bool:
    """Whether a share (or its complement) gives the stated rate."""
    return min(abs(share - stated), abs(100 - share - stated)) <= tolerance


def _other_base_fits(obs: list[Observation], i: int, rate: Observation, tolerance: float) -> bool:
    """Whether any count of the section before the rate, divided by any larger count of the same unit there,
    gives the stated rate: "受理977件……调解170件……调解率17.4%" is 170/977, whatever stands between. A
    contradiction is called only when no plausible base explains the rate."""
    counts = [
        p
        for p in obs[:i]
        if p.section == rate.section and p.unit and p.unit not in ("%", "个百分点", "倍", "元") and p.value > 0
    ]
    parts = [p for p in counts if _shares_words(rate.measure.removesuffix("率"), p.measure)]
    return any(
        _fits(part.value / base.value * 100, rate.value, tolerance)
        for part in parts
        for base in counts
        if base is not part and base.unit == part.unit and base.value >= part.value
    )


def _shares_words(a: str, b: str) -> bool:
    """Whether two phrases share two consecutive characters (纠错率 and 纠错, 调处成功率 and 成功调处)."""
    return any(a[i : i + 2] in b for i in range(len(a) - 1))


def parts_vs_total(text: str, obs: list[Observation]) -> list[Finding]:
    """Parts introduced by 其中 whose sum exceeds the total they belong to.

    >>> from govgraph.extract.observations import find_observations
    >>> from govgraph.model import Observation
    >>> t = "办理案件100件，其中行政处罚60件、行政许可50件。"
    >>> obs = [Observation(o.measure, o.value, o.unit, "", o.start, o.end, "一") for o in find_observations(t)]
    >>> [(f.kind, f.expected, f.stated) for f in parts_vs_total(t, obs)]
    [('parts-vs-total', 100.0, 110.0)]
    """
    out = []
    for i, total in enumerate(obs):
        if not total.unit or total.unit in ("%", "个百分点", "倍"):
            continue
        if text.find("其中", total.end, total.end + 8) < 0:
            continue  # parts follow a total as 其中…, and few figures are followed by one (no pattern call for the rest)
        if not _AMONG_THEM.match(text, total.end, total.end + 8) or _PER.search(total.measure):
            continue
        parts = []
        for j in range(i + 1, len(obs)):
            p = obs[j]
            if _SENTENCE_END.search(text, total.end, p.start):
                break
            if p.unit == total.unit and not _CHANGE_WORDS.search(p.measure) and not _CHANGE_WORDS.search(p.text):
                parts.append(j)
        if not parts:
            continue
        s = sum(obs[j].value for j in parts)
        if s > total.value * 1.001 and total.qualifier == "exact":
            out.append(
                Finding(
                    "parts-vs-total",
                    f"the parts of {total.measure} add up to {s:g}{total.unit}, more than the total {total.value:g}{total.unit}",
                    total.section,
                    (i, *parts),
                    total.value,
                    s,
                )
            )
    return out


def implied_previous(o: Observation) -> float | None:
    """The previous period's value that a figure and its change imply.

    >>> from govgraph.model import Change
    >>> o = Observation("行政案件败诉率", 15.3, "%", "", 0, 1, "一", change=Change(4.06, "个百分点", "down", "较上一年度"))
    >>> implied_previous(o)
    19.36
    """
    c = o.change
    if c is None:
        return None
    sign = 1 if c.direction == "up" else -1
    if c.unit == "个百分点" and o.unit == "%":
        return round(o.value - sign * c.value, 4)
    if c.unit == "%" and o.unit != "%":
        base = 1 + sign * c.value / 100
        return round(o.value / base, 4) if base > 0 else None
    if c.unit == o.unit:
        return round(o.value - sign * c.value, 4)
    return None


def check_report(text: str, obs: list[Observation]) -> list[Finding]:
    """Every within-report check."""
    return rate_vs_counts(text, obs) + parts_vs_total(text, obs)


_NOT_LAST_YEAR: Final = re.compile(r"\d{4}|均|[两三四五六七八九十]年|可比")


def previous_year(figures: list[Figure]) -> list[tuple[Figure, Figure, float]]:
    """(figure with a change, the previous year's figure, the value the change implies) where the
    previous year's report gives another value for the same place and indicator.

    >>> now = Figure("o2", "r2", "p", "i", 2022, 15.3, "%", "败诉率", 4.06, "个百分点", "down", "较上一年度")
    >>> before = Figure("o1", "r1", "p", "i", 2021, 21.0, "%", "败诉率")
    >>> [(b.iri, implied) for _, b, implied in previous_year([now, before])]
    [('o1', 19.36)]
    """
    actual: dict[tuple[str, str, int], list[Figure]] = {}
    for f in figures:
        actual.setdefault((f.place, f.indicator, f.year), []).append(f)
    out = []
    for f in figures:
        if f.change_value is None or (f.change_basis and _NOT_LAST_YEAR.search(f.change_basis)):
            continue  # since a named year, over several years or on a comparable basis: no check on last year's figure
        if f.unit == "元" and f.change_unit == "%":
            continue  # money grows "in real terms" in these reports: a nominal level cannot check it
        o = Observation(f.measure, f.value, f.unit, "", 0, 0, "", change=_change(f))
        implied = implied_previous(o)
        if implied is None:
            continue
        for prev in actual.get((f.place, f.indicator, f.year - 1), []):
            if prev.unit != f.unit or prev.report == f.report:
                continue
            tolerance = 0.1 if f.unit == "%" else max(abs(prev.value) * 0.01, 10 ** -_decimals(prev.value))
            if abs(prev.value - implied) > tolerance:
                out.append((f, prev, implied))
    return out


def _change(f: Figure) -> Change:
    return Change(f.change_value or 0.0, f.change_unit or "", f.change_direction or "up", f.change_basis)


# patterns used per match, compiled once (a module-level re call looks its pattern up on every call)
_AMONG_THEM: Final = re.compile(r"[，,、]?\s*其中")

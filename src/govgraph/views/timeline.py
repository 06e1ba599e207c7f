"""Views over time, drawn as charts rather than networks: a reform's diffusion (places × years, each
adoption with its evidence) and one indicator across places and years.

Both read the corpus graph (:func:`.network.corpus_graph`): a reform's adoptions are the reports that
name it, at the report's place and year; an indicator's values are the reports' figures that carry it.
The chart data travels to the page as JSON and is drawn there as SVG, text set with ``textContent``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import networkx as nx

from ..errors import NotFound
from ..vocab import BASE
from ..vocab.schemes import concept_by_label, indicators
from .network import View, _find, _place_label, _sentence, evidence, fill, indicator_figures


def reform_view(g: nx.Graph, reform: str) -> View:
    """Which places adopted ``reform`` (its name, id or IRI), and when: one row per place, one mark per
    year, each with the reports and sentences that say so. Raises ``NotFound`` for an unknown reform."""
    rid = _find(g, reform, types=("reform",))
    label = str(g.nodes[rid]["label"])
    fill(g, [rid], cap=10**6)
    marks: dict[tuple[str, str], list[list[str]]] = defaultdict(list)
    for report, section, sentence in evidence(g, rid):
        rep = g.nodes[report] if report in g else {}
        place = _place_label(g, rep["place"]) if rep.get("place") else "（未知地区）"
        marks[(place, str(rep.get("year", ""))[:4])].append([str(rep.get("label", report)), section, sentence])
    first: dict[str, str] = {}
    for place, year in sorted(marks, key=lambda k: k[1]):
        first.setdefault(place, year)
    places = sorted(first, key=lambda p: (first[p], p))
    h = nx.Graph()
    for p in places:
        years = sorted(y for q, y in marks if q == p)
        h.add_node(p, type="place", label=p, first_year=first[p], years=",".join(years), reports=set(), examples=[])
    chart = {
        "kind": "reform",
        "name": label,
        "places": places,
        "years": _years([y for _, y in marks]),
        "marks": [{"place": p, "year": y, "evidence": ev} for (p, y), ev in sorted(marks.items())],
    }
    title = f"改革举措“{label}”的扩散：{len(places)} 个地区"
    return View(h, title, chart=chart)


def indicator_view(g: nx.Graph, indicator: str) -> View:
    """One indicator's stated values (status ``actual``) across places and years, in its most common unit;
    a place's line is broken where a year has no value. Raises ``NotFound`` for an unknown indicator."""
    iri, label = _indicator(indicator)
    texts = g.graph.get("texts", {})
    rows = []
    for f in indicator_figures(g, iri):
        report = f["report"]
        rep = g.nodes[report] if report in g else {}
        if f["status"] == "actual" and f["year"]:
            where = f["place"] or rep.get("place", "")
            place = _place_label(g, where) if where else "（未知地区）"
            sentence = _sentence(texts.get(report, ""), f["start"], f["end"])
            rows.append((place, f["year"], f["value"], f["unit"], str(rep.get("label", "")), sentence))
    if not rows:
        raise NotFound(indicator, "no figures of that indicator in the store")
    unit = Counter(r[3] for r in rows).most_common(1)[0][0]
    kept = sorted(r for r in rows if r[3] == unit)
    points: dict[tuple[str, str], list[Any]] = {}
    for place, year, value, _, report, sentence in kept:
        points.setdefault((place, year), [place, year, value, report, sentence])  # the first report's value
    places = sorted({p for p, _ in points})
    h = nx.Graph()
    for p in places:
        h.add_node(p, type="place", label=p, reports=set(), examples=[])
    chart = {
        "kind": "indicator",
        "name": label,
        "unit": unit,
        "places": places,
        "years": _years([y for _, y in points]),
        "points": [
            {"place": p, "year": y, "value": v, "report": r, "sentence": s} for p, y, v, r, s in points.values()
        ],
    }
    view = View(h, f"指标“{label}”（{unit}）：{len(places)} 个地区", chart=chart)
    other = len(rows) - len(kept)
    if other:
        view.notes.append(f"{other} figures in other units than {unit} are not drawn")
    return view


def _indicator(key: str) -> tuple[str, str]:
    """An indicator's IRI and Chinese label from its id, IRI or label.

    >>> _indicator("indicator/gdp-growth")[0].endswith("/indicator/gdp-growth")
    True
    """
    table = indicators()
    local = key[len(BASE) :] if key.startswith(BASE) else key
    if local not in table:
        local = f"indicator/{key}" if f"indicator/{key}" in table else concept_by_label(key) or ""
    if local not in table or local == "indicator/scheme":
        raise NotFound(key, "no indicator of that id or label")
    return BASE + local, table[local].label


def _years(years: list[str]) -> list[str]:
    """Every year from the first to the last, so that a missing year shows as a gap.

    >>> _years(["2021", "2019", ""])
    ['2019', '2020', '2021']
    """
    known = sorted(int(y) for y in years if y.isdigit())
    return [str(y) for y in range(known[0], known[-1] + 1)] if known else []

"""Scores on the development gold set, with the shared scorer (skipped without ../shared).

Floors on the micro average over the development gold set (22 reports).
"""

from __future__ import annotations

import importlib.util
import json

import pytest
from conftest import GOLD, SHARED

from govgraph import extract_report, to_json


def _scorer():
    path = SHARED / "annotation" / "score.py"
    if not path.exists() or not GOLD.is_dir():
        pytest.skip("the shared gold set is absent")
    spec = importlib.util.spec_from_file_location("gg_score", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def micro(corpus):
    score = _scorer()
    counts = {t: [0, 0, 0, 0] for t in (*score.TYPES, "observations")}
    sections, measures, meta = [], [0, 0], [0, 0]
    for gold_path in sorted(GOLD.glob("*.json")):
        src = next(corpus.rglob(gold_path.stem + ".txt"), None)
        if src is None:
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        pred = to_json(extract_report(src))
        sections.append(score.score_sections(pred["sections"], gold["sections"])["f1"])
        for t in score.TYPES:
            f = score.score_entities([e for e in pred["entities"] if e["type"] == t], gold[score.GOLD_KEYS[t]])["found"]
            for i, k in enumerate(("tp", "pred", "tp_gold", "gold")):
                counts[t][i] += f[k]
        o = score.score_observations(pred["observations"], gold["observations"])
        v = o["values"]
        for i, k in enumerate(("tp", "pred", "tp", "gold")):
            counts["observations"][i] += v[k]
        measures[0] += round(o["measure_accuracy"] * v["tp"])
        measures[1] += v["tp"]
        r = score.score_report(pred, gold["report"])
        meta[0] += r["fields_correct"]
        meta[1] += r["fields"]
    out = {
        "sections": sum(sections) / len(sections),
        "measure": measures[0] / measures[1],
        "metadata": meta[0] / meta[1],
    }
    for t, (tp, pred, tpg, gold) in counts.items():
        p, r = tp / pred if pred else 0, tpg / gold if gold else 0
        out[t] = 2 * p * r / (p + r) if p + r else 0
    return out


@pytest.mark.parametrize(
    "key, floor",
    [
        # Re-based on 2026-11-29 to the 22-file gold of the sharpened guideline (the old floors were set on
        # 6 files), then raised as issues 11 and 12 landed. Measured by this test at the last raise:
        # sections 0.991, document 0.993, agency 0.976, place 0.944, reform 0.829, observations 0.986,
        # measure 0.939 (evaluate.py's summary counts 0.958), metadata 1.000. Regression guards a little
        # under those, not targets. Place raised to 0.98 when its rules reached 0.986 (2026-11-29).
        ("sections", 0.99),
        ("document", 0.99),
        ("agency", 0.97),
        ("place", 0.98),
        ("reform", 0.82),
        ("observations", 0.98),
        ("measure", 0.93),
        ("metadata", 0.99),
    ],
)
def test_floor_met(micro, key, floor):
    assert micro[key] >= floor, f"{key} {micro[key]:.3f} < {floor}"

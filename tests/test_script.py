"""The Traditional-script check's shortcut gives OpenCC's answer: on every report text, on Traditional
versions of the Haikou report, and on Simplified texts with Traditional characters mixed in up to and
past the threshold; and the shipped table of changeable characters is the installed OpenCC's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import CORPUS, HAIKOU, ROOT

from govgraph.read import script, script_keys

opencc = pytest.importorskip("opencc")


def _texts() -> list[str]:
    files = [HAIKOU, *sorted((ROOT / "tests" / "fixtures" / "corpus").glob("*.txt"))]
    if CORPUS.is_dir():
        files += sorted(CORPUS.rglob("*.txt"))
    return [f.read_text(encoding="utf-8") for f in files]


def _mixed(text: str) -> list[str]:
    """The text with its first n CJK characters in Traditional (s2t), for shares around the threshold."""
    trad = opencc.OpenCC("s2t").convert(text)
    assert len(trad) == len(text)
    cjk = [i for i, c in enumerate(text) if "\u4e00" <= c <= "\u9fff"]
    out = []
    for share in (0.005, 0.02, 0.028, 0.03, 0.032, 0.04, 0.1, 0.2):
        cut = cjk[int(len(cjk) * share / 0.25)]  # about a quarter of s2t's characters differ
        out.append(trad[:cut] + text[cut:])
    return out


@pytest.fixture(scope="module")
def texts() -> list[str]:
    plain = _texts()
    haikou = plain[0]
    variants = [opencc.OpenCC(c).convert(haikou) for c in ("s2t", "s2tw", "s2hk")]
    return plain + variants + _mixed(haikou)


def _slow(text: str) -> bool:
    return script.traditional_share(text[:20000]) > script.TRADITIONAL_SHARE


def test_the_shortcut_answers_as_opencc(texts: list[str]) -> None:
    if script._changing() is None:
        pytest.skip("the shipped table is not the installed OpenCC's")
    answers = [(script.is_traditional(t), _slow(t)) for t in texts]
    assert [fast for fast, _ in answers] == [slow for _, slow in answers]
    assert any(slow for _, slow in answers) and not all(slow for _, slow in answers)
    shortcut = [script._surely_simplified(t[:20000]) for t in texts]
    assert shortcut[0], "the Haikou report is judged without converting"
    # the premise: a conversion changes no character outside the table's
    for t in texts:
        head = t[:20000]
        converted = script._convert_same_length(head)
        can_change = len(re.findall("[" + "".join(sorted(script_keys.load_table().changing)) + "]", head))
        assert script._changed(head, converted) <= can_change


def test_near_the_threshold_the_shortcut_steps_aside() -> None:
    if script._changing() is None:
        pytest.skip("the shipped table is not the installed OpenCC's")
    haikou = HAIKOU.read_text(encoding="utf-8")
    mixed = _mixed(haikou)
    shares = [script.traditional_share(t) for t in mixed]
    assert min(shares) < script.TRADITIONAL_SHARE < max(shares)
    for t, share in zip(mixed, shares, strict=True):
        if share > script.TRADITIONAL_SHARE:
            assert not script._surely_simplified(t) and script.is_traditional(t)


def test_a_table_of_another_opencc_is_not_used(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    table = script_keys.load_table()
    assert table is not None
    other = tmp_path / "keys.json"
    script_keys.write_table(script_keys.KeyTable("0.0.1", table.changing, table.length_changing), other)
    monkeypatch.setattr(script, "load_table", lambda: script_keys.load_table(other))
    script._changing.cache_clear()
    try:
        assert script._changing() is None
        assert not script._surely_simplified("海口市人民政府")
        assert script.is_traditional("全年共辦理法律援助案件5426件")
        assert not script.is_traditional("全年共办理法律援助案件5426件")
    finally:
        monkeypatch.undo()
        script._changing.cache_clear()


def test_the_shipped_table_is_the_installed_opencc_s() -> None:
    table = script_keys.load_table()
    assert table is not None
    if table.opencc != script_keys.opencc_version():
        pytest.skip(f"OpenCC {script_keys.opencc_version()} installed, table made from {table.opencc}")
    try:
        fresh = script_keys.installed_table()
    except OSError as e:
        pytest.skip(f"OpenCC's opencc_dict tool cannot be run: {e}")
    assert fresh == table
    assert "著" in table.changing and "台" in table.changing and "国" not in table.changing

"""The fast paths of agencies, places and documents give what the code they replace gives, on real texts.

Each test rebuilds the plain way (the regular expression tried at every position, the loop over every
character) and compares it with the fast path over the bundled Haikou report and every corpus report
(the corpus when it is there).
"""

from __future__ import annotations

import re

import pytest
from conftest import CORPUS, HAIKOU

from govgraph.extract import documents
from govgraph.text.scan import EndWords, words_pattern


def _texts() -> list[str]:
    texts = [HAIKOU.read_text(encoding="utf-8")]
    if CORPUS.is_dir():
        texts += [f.read_text(encoding="utf-8") for f in sorted(CORPUS.rglob("*.txt"))]
    return texts


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return _texts()


def _alternation(words: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def _every(text: str, words: list[str]) -> list[tuple[int, int, str]]:
    """Every occurrence of every word, by ``str.find``."""
    found = []
    for w in words:
        k = text.find(w)
        while k >= 0:
            found.append((k, k + len(w), w))
            k = text.find(w, k + 1)
    return found


def test_law_table_found_at_its_last_characters(texts: list[str]) -> None:
    """EndWords gives the spans of the plain alternation and of words_pattern (the law table's pattern
    before), and every occurrence str.find finds, on every text and at a text's edges."""
    laws = list(documents._LAW_SET)
    plain, lookahead = _alternation(laws), words_pattern(laws)
    extra = ["", "法", "宪法", "违宪法", "民法典法", "行政复议法实施条例和行政复议法", "\U00020000宪法\U0001f600刑法"]
    found = 0
    for t in texts + extra:
        spans = [m.span() for m in plain.finditer(t)]
        assert documents._LAWS.spans(t) == spans == [m.span() for m in lookahead.finditer(t)]
        assert documents._LAWS.occurrences(t) == sorted(_every(t, laws), key=lambda o: (o[0], -o[1]))
        found += len(spans)
    assert found > 50  # the comparison saw laws, not only empty lists


def test_end_words_of_a_report_s_own_titles(texts: list[str]) -> None:
    """The laws a report cites in 《》 (a list built per report) found the same way: same spans as the regex."""
    for t in texts:
        cited = sorted({m.group(1) for m in re.finditer(r"《([^《》\n]{2,100}法)》", t)})
        if cited:
            assert EndWords(cited).spans(t) == [m.span() for m in _alternation(cited).finditer(t)]
    with pytest.raises(ValueError):
        EndWords(["法"])

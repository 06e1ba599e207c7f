"""``Claimed`` (the claimed runs of a text) answers as the mask of one flag a character it replaces, on real texts.

The spans are the ones the finders claim on the Haikou report and every corpus text: the documents,
agencies, places and figures each finds, taken in the order found, and then asked about at every edge
of every span and at positions outside the text.
"""

from __future__ import annotations

from conftest import CORPUS

from govgraph.extract import find_all
from govgraph.extract.spans import Claimed
from govgraph.sections import split_sections
from govgraph.text.place_context import context_for


class _Flags:
    """The mask as it was: one flag a character in a ``bytearray``."""

    def __init__(self, length: int, skip: list[tuple[int, int]] | None = None) -> None:
        self._mask = bytearray(length)
        for s, e in skip or []:
            self.take(s, e)

    def free(self, start: int, end: int) -> bool:
        return self._mask.find(1, max(start, 0), max(end, start + 1)) == -1

    def taken(self, pos: int) -> bool:
        return 0 <= pos < len(self._mask) and self._mask[pos] != 0

    def take(self, start: int, end: int) -> None:
        start, end = max(start, 0), min(end, len(self._mask))
        if end > start:
            self._mask[start:end] = b"\x01" * (end - start)


def _spans(text: str) -> list[tuple[int, int]]:
    found = find_all(text, context_for("460100"), split_sections(text))
    return [
        (m.start, m.end)
        for group in (found.documents, found.agencies, found.places, found.reforms, found.observations)
        for m in group
    ]


def _questions(length: int, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Every span's edges a character either side, and spans past either end of the text."""
    qs = [(-5, -2), (-3, 0), (-1, 1), (0, 0), (length - 1, length + 4), (length, length), (length + 2, length + 9)]
    qs += [(-4, -(length // 2)), (3, -2), (length // 2, -1)]  # negative ends count from the end, as in a slice
    for s, e in spans:
        for a in (s - 1, s, s + 1, e - 1, e):
            qs += [(a, a), (a, a + 1), (a, e + 1), (a - 3, a + 2)]
    return qs


def test_claimed_answers_as_the_flag_mask(texts: list[str]) -> None:
    checked = 0
    for t in texts:
        spans = _spans(t)
        half = len(spans) // 2
        runs, flags = Claimed(len(t), spans[:half]), _Flags(len(t), spans[:half])  # skipped from the start
        questions = _questions(len(t), spans)
        for s, e in spans[half:] + [(-3, 2), (len(t) - 2, len(t) + 5), (7, 3)]:  # then claimed one by one
            runs.take(s, e)
            flags.take(s, e)
            for a, b in questions[:: max(1, len(questions) // 200)]:
                assert runs.free(a, b) == flags.free(a, b), (a, b)
        for a, b in questions:
            assert runs.free(a, b) == flags.free(a, b), (a, b)
            assert runs.taken(a) == flags.taken(a), a
            checked += 1
        assert [runs.taken(p) for p in range(len(t))] == [flags.taken(p) for p in range(len(t))]
    assert checked > (100_000 if CORPUS.is_dir() else 1_000)


def test_claimed_runs_join_when_they_touch_or_overlap() -> None:
    c = Claimed(20, [(2, 4), (6, 8)])
    c.take(4, 6)  # touches both: one run
    assert [c.taken(p) for p in range(10)] == [p in range(2, 8) for p in range(10)]
    c.take(10, 12)
    c.take(1, 11)  # swallows two runs
    assert [c.taken(p) for p in range(14)] == [p in range(1, 12) for p in range(14)]
    assert c.free(12, 30) and not c.free(11, 30) and c.free(25, 30)

"""Which characters of a text a finder has already claimed."""

from __future__ import annotations


class Claimed:
    """A mask over a text: spans claimed by an earlier match, or skipped from the start.

    Kept as the claimed runs of characters (sorted, none overlapping or touching), not one flag a
    character: a finder claims a few dozen spans of a text of thousands of characters, and in the compiled
    build a look-up is a binary search over plain integers, where a flag array needed a method call a
    question (``bytearray.find``) and a new ``bytes`` a claim. It answers as the mask of flags did
    (``tests/test_spans.py`` checks it against one over the corpus's spans).

    >>> c = Claimed(10, skip=[(0, 2)])
    >>> c.free(1, 3), c.free(2, 4)
    (False, True)
    >>> c.take(2, 4); c.free(3, 5)
    False
    """

    __slots__ = ("_ends", "_length", "_starts")

    def __init__(self, length: int, skip: list[tuple[int, int]] | None = None) -> None:
        self._length = length
        self._starts: list[int] = []  # the claimed runs: [_starts[k], _ends[k]), in order, apart
        self._ends: list[int] = []
        for s, e in skip or []:
            self.take(s, e)

    def _first_ending_after(self, pos: int) -> int:
        """The index of the first claimed run that ends after ``pos`` (``len`` when none does)."""
        ends = self._ends
        lo, hi = 0, len(ends)
        while lo < hi:
            mid = (lo + hi) // 2
            if ends[mid] <= pos:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def free(self, start: int, end: int) -> bool:
        """Whether no character from ``start`` to ``end`` is claimed (the character at ``start`` where the
        span is empty); positions outside the text count as the slice of a sequence clips them."""
        lo = max(start, 0)
        hi = max(end, start + 1)
        if hi < 0:  # a negative end counts from the end of the text, as in a slice
            hi = max(hi + self._length, 0)
        hi = min(hi, self._length)
        if lo >= hi:
            return True
        k = self._first_ending_after(lo)
        return k == len(self._starts) or self._starts[k] >= hi

    def taken(self, pos: int) -> bool:
        """Whether the character at ``pos`` is claimed: ``not free(pos, pos + 1)``, without the span's arithmetic.

        >>> c = Claimed(4, skip=[(1, 2)])
        >>> [c.taken(p) for p in (-1, 0, 1, 2, 4)] == [not c.free(p, p + 1) for p in (-1, 0, 1, 2, 4)]
        True
        """
        if pos < 0 or pos >= self._length:
            return False
        k = self._first_ending_after(pos)
        return k < len(self._starts) and self._starts[k] <= pos

    def take(self, start: int, end: int) -> None:
        """Claim the characters from ``start`` to ``end`` (clipped to the text)."""
        start, end = max(start, 0), min(end, self._length)
        if end <= start:
            return
        starts, ends = self._starts, self._ends
        i = self._first_ending_after(start - 1)  # the first run that ends at or after ``start``: it may join
        j = i
        n = len(starts)
        while j < n and starts[j] <= end:  # every run from i to j - 1 overlaps or touches the new one
            j += 1
        if i == j:
            starts.insert(i, start)
            ends.insert(i, end)
            return
        new_start, new_end = min(start, starts[i]), max(end, ends[j - 1])
        del starts[i + 1 : j]
        del ends[i + 1 : j]
        starts[i] = new_start
        ends[i] = new_end

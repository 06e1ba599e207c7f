"""Which characters of a text a finder has already claimed."""

from __future__ import annotations


class Claimed:
    """A mask over a text: spans claimed by an earlier match, or skipped from the start.

    >>> c = Claimed(10, skip=[(0, 2)])
    >>> c.free(1, 3), c.free(2, 4)
    (False, True)
    >>> c.take(2, 4); c.free(3, 5)
    False
    """

    __slots__ = ("_mask",)

    def __init__(self, length: int, skip: list[tuple[int, int]] | None = None) -> None:
        self._mask = bytearray(length)
        for s, e in skip or []:
            self.take(s, e)

    def free(self, start: int, end: int) -> bool:
        return self._mask.find(1, max(start, 0), max(end, start + 1)) == -1

    def taken(self, pos: int) -> bool:
        """Whether the character at ``pos`` is claimed: ``not free(pos, pos + 1)``, without the span's arithmetic.

        >>> c = Claimed(4, skip=[(1, 2)])
        >>> [c.taken(p) for p in (-1, 0, 1, 2, 4)] == [not c.free(p, p + 1) for p in (-1, 0, 1, 2, 4)]
        True
        """
        return 0 <= pos < len(self._mask) and self._mask[pos] != 0

    def take(self, start: int, end: int) -> None:
        start, end = max(start, 0), min(end, len(self._mask))
        if end > start:
            self._mask[start:end] = b"\x01" * (end - start)

"""Which of many character ranges overlap a given one, without looking at all of them.

Statements and quotes come by the thousand in a long text, and the extractor asks for each one
which others contain or touch it: asked by scanning, that is quadratic in the text's length.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from typing import Generic, TypeVar

T = TypeVar("T")


class Intervals(Generic[T]):
    """Half-open ranges ``[start, end)`` with an item each, fixed once built.

    :meth:`overlapping` takes O((k + 1) log n) for k ranges found, however the ranges nest: they
    are sorted by start, and a tree over that order keeps the largest end below each node, so a
    search leaves every subtree whose ranges all end too early.
    """

    def __init__(self, ranges: Iterable[tuple[int, int, T]]) -> None:
        self._ranges = sorted(ranges, key=lambda r: (r[0], r[1]))
        self._starts = [start for start, _, _ in self._ranges]
        size = 1
        while size < len(self._ranges):
            size *= 2
        self._size = size
        self._ends = [-1] * (2 * size)
        for position, (_, end, _) in enumerate(self._ranges):
            self._ends[size + position] = end
        for node in range(size - 1, 0, -1):
            self._ends[node] = max(self._ends[2 * node], self._ends[2 * node + 1])

    def overlapping(self, start: int, end: int) -> list[T]:
        """The items of the ranges that share a character with ``[start, end)``, by start."""
        limit = bisect_left(self._starts, end)  # ranges from here on start too late
        found: list[T] = []
        # Nodes as (node, first position it covers, positions it covers), leftmost first.
        stack = [(1, 0, self._size)]
        while stack:
            node, first, width = stack.pop()
            if first >= limit or self._ends[node] <= start:
                continue
            if width == 1:
                found.append(self._ranges[first][2])
                continue
            half = width // 2
            stack.append((2 * node + 1, first + half, half))
            stack.append((2 * node, first, half))
        return found

"""The two kinds of offsets into an article, as distinct types so that mypy keeps them apart.

A :data:`Segment` is a half-open range of *character* offsets into the article's text, what a
:class:`onrecord.results.Span` is made of (``Span.of(text, *segment)``). A :data:`TokenRange` is
a half-open range of *token* indices into the spaCy ``Doc`` parsed from that text
(``doc[start:end]``). Both are pairs of ints at run time; a function that takes one rejects the
other under type checking, and a pair becomes either only where it is made: ``Segment((a, b))``.
"""

from __future__ import annotations

from typing import NewType

Segment = NewType("Segment", tuple[int, int])
"""Character offsets ``(start, end)`` into a text, end exclusive."""

TokenRange = NewType("TokenRange", tuple[int, int])
"""Token indices ``(start, end)`` into a ``Doc``, end exclusive."""

__all__ = ["Segment", "TokenRange"]

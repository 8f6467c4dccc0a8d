"""Result types: frozen dataclasses whose spans are character offsets into the article text."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    """How the content of a statement is rendered in the article."""

    DIRECT = "direct"
    INDIRECT = "indirect"
    MIXED = "mixed"


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open ``[start, end)`` range of ``Article.text`` and the text it covers."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        """The span of ``text[start:end]``; offsets are Python ``str`` indices."""
        if not 0 <= start <= end <= len(text):
            raise ValueError(f"span ({start}, {end}) is outside a text of length {len(text)}")
        return cls(start, end, text[start:end])


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as given: ``text`` is never altered, so offsets always point into it."""

    text: str
    published: dt.date | None = None
    path: str | None = None


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attributed statement: who (source) said (cue) what (content).

    ``content`` and ``cue`` are lists of spans because both may be discontinuous, e.g. a quote
    interrupted by "said Biden", or the cue "quoted ... as saying". ``nested_in`` names the
    attribution whose content contains this one.
    """

    id: str
    kind: Kind
    content: tuple[Span, ...]
    cue: tuple[Span, ...]
    source: Span | None = None
    nested_in: str | None = None


@dataclass(frozen=True, slots=True)
class AnalyzedArticle:
    """An article and the attributions found in it, in text order.

    ``error`` says why an article of a batch could not be analyzed; it then has no attributions.
    """

    article: Article
    attributions: tuple[Attribution, ...] = field(default=())
    error: str | None = None

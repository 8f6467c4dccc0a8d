"""Result types: frozen dataclasses whose spans are character offsets into the article text."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span as TokenSpan


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

    @classmethod
    def of_tokens(cls, tokens: TokenSpan) -> Span:
        """The span of spaCy ``tokens``, without the whitespace after the last one.

        Unlike ``Span.of(doc.text, ...)`` it does not read ``Doc.text``, which spaCy joins anew
        from every token: once per mention, that made analysis quadratic.
        """
        return cls(tokens.start_char, tokens.end_char, tokens.text)


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as given: ``text`` is never altered, so offsets always point into it.

    ``path`` says where it was read from (a file, "file.jsonl:12", a WARC record); the other
    fields are the metadata its source gives, when it gives them.
    """

    text: str
    published: dt.date | None = None
    path: str | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    author: str | None = None
    # Where ``published`` came from: "metadata", "time element", "url" or "page" for an HTML
    # page, "record" for a JSONL record's own field; None when no source gave it.
    published_from: str | None = None


class SpeakerKind(StrEnum):
    """What kind of speaker stands behind a source mention."""

    PERSON = "person"
    ORGANIZATION = "organization"
    ANONYMOUS = "anonymous"
    GROUP = "group"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class DateInterval:
    """When a statement was made: the days from ``start`` to ``end``, both included.

    ``span`` is the time expression it was resolved from ("last week", "Friday night").
    """

    start: dt.date
    end: dt.date
    # Called "expression" in the JSON output.
    span: Span = field(metadata={"json": "expression"})


@dataclass(frozen=True, slots=True)
class AnonymousProfile:
    """What an article says about an unnamed source: "three sources familiar with the matter",
    or about a member of the public it quotes without a name ("someone at the meeting").

    ``count`` is None when the article does not say how many ("officials"); ``plural`` tells one
    source from several all the same. The other fields are spans of the article, or None.
    """

    count: int | None
    plural: bool
    descriptor: Span | None = None  # "familiar with the matter", "senior administration"
    affiliation: Span | None = None  # "US", "Ukrainian", "administration"
    reason: Span | None = None  # "because they were not authorized to speak publicly"
    # An informed source ("officials", "a person familiar with the talks"), as sourcing audits
    # count them; False for a member of the public quoted by description ("another person",
    # "a resident"): vox pop, not sourcing on anyone's authority.
    informed: bool = True


@dataclass(frozen=True, slots=True)
class Speaker:
    """One speaker of an article and every mention of it.

    ``name`` is the canonical name within the article: the fullest name of a person or
    organization ("Mark Milley"), or the fullest description of an unnamed source.
    """

    id: str
    kind: SpeakerKind
    name: str
    mentions: tuple[Span, ...]
    titles: tuple[Span, ...] = ()  # "Chairman of the Joint Chiefs of Staff"
    affiliation: Span | None = None  # "US Institute of Peace"
    anonymous: AnonymousProfile | None = None


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
    speaker: str | None = None  # id of the ``Speaker`` the source mention resolves to
    addressee: Span | None = None  # "CNN" in "told CNN", "the press" in "spoke to the press"
    venue: Span | None = None  # "the Economic Club of New York"
    date: DateInterval | None = None
    # id of the ``Speaker`` whose words the source relays: "Sullivan quoted Biden as saying"
    quoting: str | None = None
    # How sure the extractor is that this is a statement (0..1); None from the rules alone.
    confidence: float | None = None


@dataclass(frozen=True, slots=True)
class AnalyzedArticle:
    """An article and the attributions found in it, in text order.

    ``error`` says why an article of a batch could not be analyzed; it then has no attributions.
    """

    article: Article
    attributions: tuple[Attribution, ...] = field(default=())
    speakers: tuple[Speaker, ...] = field(default=())
    error: str | None = None


__all__ = [
    "AnalyzedArticle",
    "AnonymousProfile",
    "Article",
    "Attribution",
    "DateInterval",
    "Kind",
    "Span",
    "Speaker",
    "SpeakerKind",
]

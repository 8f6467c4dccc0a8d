"""What the readers of the store share: a page of a listing, and pieces of SQL.

The readers are named by what they read: ``statements``, ``speakers``, ``articles``,
``sourcing`` and ``ingest_errors``. Filters, counts and sums run in SQL on either backend;
Python only puts rows together.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import (
    ColumnElement,
    Row,
    Select,
    and_,
    func,
    literal,
)

from onrecord.results import (
    DateInterval,
    Span,
    SpeakerKind,
)
from onrecord.store._schema import (
    anonymous_profiles,
    article_speakers,
    articles,
    attributions,
    speakers,
)

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """Rows ``offset`` to ``offset + limit`` of a listing, and how many rows it has in all."""

    rows: tuple[T, ...]
    total: int
    offset: int
    limit: int


LIKE_ESCAPE = "/"


# Speakers with a name of their own; the other kinds are unnamed sources or unresolved.
NAMED_KINDS = frozenset({SpeakerKind.PERSON, SpeakerKind.ORGANIZATION, SpeakerKind.GROUP})


def is_speaker(link: Any, local_id: ColumnElement[Any]) -> ColumnElement[bool]:
    """``link`` (``article_speakers`` or an alias) is the speaker ``local_id`` names."""
    return and_(link.c.article_id == attributions.c.article_id, link.c.id == local_id)


def with_speakers(query: Select[Any]) -> Select[Any]:
    """``query`` over ``attributions`` joined to each one's corpus speaker (None: unresolved)."""
    return query.outerjoin(
        article_speakers, is_speaker(article_speakers, attributions.c.speaker)
    ).outerjoin(speakers, speakers.c.id == article_speakers.c.speaker_id)


def is_attribution(table: Any) -> ColumnElement[bool]:
    return and_(
        table.c.article_id == attributions.c.article_id,
        table.c.attribution_id == attributions.c.id,
    )


def is_unnamed_profile_of_attribution() -> ColumnElement[bool]:
    """Join condition: the unnamed-source profile of an attribution's speaker in its article."""
    return and_(
        anonymous_profiles.c.article_id == attributions.c.article_id,
        anonymous_profiles.c.speaker == attributions.c.speaker,
    )


def articles_within(
    outlet: str | None, since: dt.date | None, until: dt.date | None
) -> list[ColumnElement[bool]]:
    """Articles of ``outlet`` published from ``since`` to ``until``, where each is given."""
    conditions = [] if outlet is None else [articles.c.outlet == outlet]
    if since is not None:
        conditions.append(articles.c.published >= since)
    if until is not None:
        conditions.append(articles.c.published <= until)
    return conditions


def published_within(
    outlet: str | None, since: dt.date | None, until: dt.date | None
) -> list[ColumnElement[bool]]:
    return [articles.c.published.is_not(None), *articles_within(outlet, since, until)]


def span_columns(table: Any, prefix: str) -> list[ColumnElement[Any]]:
    return [table.c[f"{prefix}_{part}"] for part in ("start", "end", "text")]


def row_span(row: Row[*tuple[Any, ...]], prefix: str) -> Span | None:
    start = getattr(row, f"{prefix}_start")
    if start is None:
        return None
    return Span(start, getattr(row, f"{prefix}_end"), getattr(row, f"{prefix}_text"))


def row_date(row: Row[*tuple[Any, ...]]) -> DateInterval | None:
    """The date of an attribution row: its days and the expression that gives them, if any."""
    expression = row_span(row, "date_expression")
    return None if expression is None else DateInterval(row.date_start, row.date_end, expression)


def like_pattern(text: str, *, ending: bool = False) -> ColumnElement[str]:
    """A LIKE pattern, lower-cased, for the values that contain (or end with) ``text`` as it
    is written."""
    escaped = "".join(
        LIKE_ESCAPE + char if char in ("%", "_", LIKE_ESCAPE) else char for char in text
    )
    return func.lower(literal(f"%{escaped}" if ending else f"%{escaped}%"))

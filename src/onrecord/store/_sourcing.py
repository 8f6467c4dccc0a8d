"""Read how outlets source their statements: named and unnamed, in all and month by month."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    Subquery,
    and_,
    case,
    distinct,
    extract,
    func,
    not_,
    select,
    true,
)

from onrecord.results import SpeakerKind
from onrecord.store._reading import (
    articles_within,
    is_unnamed_profile_of_attribution,
    published_within,
    with_speakers,
)
from onrecord.store._schema import (
    anonymous_profiles,
    articles,
    attributions,
    speakers,
)


@dataclass(frozen=True, slots=True)
class SourcingRow:
    """How an outlet sources its statements.

    ``anonymous`` counts the attributions whose speaker is an informed unnamed source
    ("officials", "people familiar with the matter"), and ``anonymous_share`` is their share of
    ``attributions``. ``public`` counts those of members of the public quoted without a name
    ("another person", "a resident"): vox pop, not anonymous sourcing. ``sources`` adds up, over
    the outlet's articles, the number of distinct speakers of each (a person, an organization, a
    group, an unnamed source: whoever a statement is resolved to); ``mean_sources`` is that per
    article. ``anonymous_share`` is 0.0 for an outlet without attributions. Both are rounded to
    four decimals.
    """

    outlet: str | None
    articles: int
    attributions: int
    anonymous: int
    anonymous_share: float
    sources: int
    mean_sources: float
    public: int


@dataclass(frozen=True, slots=True)
class MonthlySourcingRow:
    """How an outlet sourced the statements of the articles it published in one month.

    ``month`` is the month's first day; ``anonymous`` counts the attributions whose speaker is
    an informed unnamed source and ``anonymous_share`` is their share of ``attributions`` (0.0
    without any); ``public`` counts those of members of the public quoted without a name.
    """

    outlet: str | None
    month: dt.date
    articles: int
    attributions: int
    anonymous: int
    anonymous_share: float
    public: int


def sourcing_rows(
    connection: Connection,
    *,
    outlet: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> list[SourcingRow]:
    """One row per outlet, by name ignoring case (articles without one last, as ``None``).

    Of the articles of ``outlet`` when given, published from ``since`` to ``until`` (both
    included; an undated article is left out when either is given).
    """
    per_article = _per_article(
        [func.count(distinct(speakers.c.id)).label("sources")],
        articles_within(outlet, since, until),
    )
    per_outlet = select(
        per_article.c.outlet,
        func.count(),
        func.sum(per_article.c.attributions),
        func.sum(per_article.c.anonymous),
        func.sum(per_article.c.sources),
        func.sum(per_article.c.public),
    ).group_by(per_article.c.outlet)
    result = []
    for outlet, *sums in connection.execute(per_outlet):
        # PostgreSQL sums integers as numerics: int() makes them the ints SQLite gives.
        article_count, attribution_count, anonymous, sources, public_count = (
            int(value) for value in sums
        )
        result.append(
            SourcingRow(
                outlet=outlet,
                articles=article_count,
                attributions=attribution_count,
                anonymous=anonymous,
                anonymous_share=round(anonymous / attribution_count, 4)
                if attribution_count
                else 0.0,
                sources=sources,
                mean_sources=round(sources / article_count, 4),
                public=public_count,
            )
        )
    # Sorted here: collations differ between backends, and "cnn" should not follow "Reuters".
    return sorted(result, key=lambda row: (row.outlet is None, (row.outlet or "").casefold()))


def monthly_sourcing_rows(
    connection: Connection,
    *,
    outlet: str | None,
    since: dt.date | None,
    until: dt.date | None,
) -> list[MonthlySourcingRow]:
    """Per month and outlet, of the articles published from ``since`` to ``until`` (included).

    Months come in order, and within a month the outlets by name (articles without one last);
    undated articles are left out.
    """
    per_article = _per_article(
        [
            extract("year", articles.c.published).label("year"),
            extract("month", articles.c.published).label("month"),
        ],
        published_within(outlet, since, until),
        group_by=[articles.c.published],
    )
    per_month = select(
        per_article.c.outlet,
        per_article.c.year,
        per_article.c.month,
        func.count(),
        func.sum(per_article.c.attributions),
        func.sum(per_article.c.anonymous),
        func.sum(per_article.c.public),
    ).group_by(per_article.c.outlet, per_article.c.year, per_article.c.month)
    result = []
    for outlet_name, year, month, *sums in connection.execute(per_month):
        # PostgreSQL extracts and sums as numerics: int() makes them the ints SQLite gives.
        article_count, attribution_count, anonymous, public_count = (int(v) for v in sums)
        result.append(
            MonthlySourcingRow(
                outlet=outlet_name,
                month=dt.date(int(year), int(month), 1),
                articles=article_count,
                attributions=attribution_count,
                anonymous=anonymous,
                anonymous_share=anonymous / attribution_count if attribution_count else 0.0,
                public=public_count,
            )
        )
    result.sort(key=lambda row: (row.month, row.outlet is None, row.outlet or ""))
    return result


def _per_article(
    columns: Sequence[ColumnElement[Any]],
    conditions: Sequence[ColumnElement[bool]],
    *,
    group_by: Sequence[ColumnElement[Any]] = (),
) -> Subquery:
    """One row per article that ``conditions`` keep: its outlet, ``columns``, and how many
    ``attributions`` it has, of them how many of informed unnamed sources (``anonymous``) and
    of members of the public quoted by description (``public``)."""
    informed, public = _unnamed_counts()
    return (
        _with_unnamed_profiles(
            select(
                articles.c.outlet,
                *columns,
                func.count(attributions.c.id).label("attributions"),
                informed.label("anonymous"),
                public.label("public"),
            )
            .select_from(articles)
            .outerjoin(attributions, attributions.c.article_id == articles.c.id)
        )
        .where(*conditions)
        .group_by(articles.c.id, articles.c.outlet, *group_by)
        .subquery()
    )


def _unnamed_counts() -> tuple[ColumnElement[Any], ColumnElement[Any]]:
    """Per group of a query ``_with_unnamed_profiles``: how many attributions are of informed
    unnamed sources, and how many of members of the public quoted by description."""
    unnamed = speakers.c.kind == SpeakerKind.ANONYMOUS.value
    informed = func.coalesce(anonymous_profiles.c.informed, true())
    return (
        func.coalesce(func.sum(case((and_(unnamed, informed), 1), else_=0)), 0),
        func.coalesce(func.sum(case((and_(unnamed, not_(informed)), 1), else_=0)), 0),
    )


def _with_unnamed_profiles(query: Select[Any]) -> Select[Any]:
    """``query`` over ``attributions`` joined to each one's speaker and unnamed-source profile."""
    return with_speakers(query).outerjoin(anonymous_profiles, is_unnamed_profile_of_attribution())

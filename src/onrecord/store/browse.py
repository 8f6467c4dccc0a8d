"""Read the store for browsing: whole articles, speaker profiles, sourcing month by month.

What the web app shows. As in ``queries``, filters, counts and sums run in SQL on either
backend; Python only puts rows together.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy import (
    ColumnElement,
    Connection,
    and_,
    distinct,
    extract,
    func,
    select,
)

from onrecord.results import (
    AnalyzedArticle,
    AnonymousProfile,
    Article,
    Attribution,
    DateInterval,
    Kind,
    Span,
    Speaker,
    SpeakerKind,
)
from onrecord.store.queries import (
    NAMED_KINDS,
    SpeakerRow,
    _articles_within,
    _is_speaker,
    _span,
    speaker_rows,
    unnamed_counts,
    with_unnamed_profiles,
)
from onrecord.store.schema import (
    anonymous_profiles,
    article_speakers,
    articles,
    attributions,
    mentions,
    spans,
    speakers,
    titles,
)

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """Rows ``offset`` to ``offset + limit`` of a listing, and how many rows it has in all."""

    rows: tuple[T, ...]
    total: int
    offset: int
    limit: int


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """A stored article's metadata, its length in characters and its number of statements."""

    id: str
    title: str | None
    outlet: str | None
    author: str | None
    published: dt.date | None
    url: str | None
    path: str | None
    length: int
    statements: int


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article as it was analyzed, read back from the store.

    ``identities`` gives the corpus speaker (``SpeakerRow.id``) of each of the article's
    speakers. A speaker's ``titles`` hold each title once, where it first occurs: the store
    keeps no more.
    """

    id: str
    analyzed: AnalyzedArticle
    identities: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class MonthCount:
    """Statements made in one month (``month`` is its first day)."""

    month: dt.date
    statements: int


@dataclass(frozen=True, slots=True)
class OutletCount:
    """How often an outlet (None: articles without one) quotes a speaker, in how many articles."""

    outlet: str | None
    articles: int
    statements: int


@dataclass(frozen=True, slots=True)
class Company:
    """Who else is quoted in the articles that quote a speaker: named or unnamed sources.

    Counts are statements of those articles: ``own`` the speaker's, ``named`` those of other
    people, organizations and groups, ``anonymous`` those of unnamed sources (another unnamed
    source, if the speaker is one) and ``unattributed`` those whose source is unresolved or
    missing.
    """

    articles: int
    own: int
    named: int
    anonymous: int
    unattributed: int


@dataclass(frozen=True, slots=True)
class SpeakerProfile:
    """A corpus speaker with when, where and in what company it is quoted.

    ``months`` counts statements by the month they were made (their date, else the article's
    publication), in order; ``undated`` those with neither. ``outlets`` come most quoting first.
    """

    speaker: SpeakerRow
    months: tuple[MonthCount, ...]
    undated: int
    outlets: tuple[OutletCount, ...]
    company: Company


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


@dataclass(frozen=True, slots=True)
class TopSpeakerRow:
    """A speaker and its number of statements, in a ranking of the most quoted."""

    speaker_id: int
    name: str
    kind: SpeakerKind
    statements: int


def article_rows(
    connection: Connection, *, outlet: str | None, limit: int | None, offset: int
) -> list[ArticleRow]:
    """Articles, the latest published first (undated ones last), with their statement counts."""
    said = (
        select(attributions.c.article_id, func.count().label("statements"))
        .group_by(attributions.c.article_id)
        .subquery()
    )
    query = (
        select(
            articles.c.id,
            articles.c.title,
            articles.c.outlet,
            articles.c.author,
            articles.c.published,
            articles.c.url,
            articles.c.path,
            func.length(articles.c.text).label("length"),
            func.coalesce(said.c.statements, 0).label("statements"),
        )
        .outerjoin(said, said.c.article_id == articles.c.id)
        .where(*_outlet_is(outlet))
        .order_by(articles.c.published.desc().nulls_last(), articles.c.id)
        .offset(offset or None)
    )
    if limit is not None:
        query = query.limit(limit)
    return [ArticleRow(**row._mapping) for row in connection.execute(query)]


def outlet_names(connection: Connection) -> list[str | None]:
    """Every outlet of the store by name, and None last if some articles have none."""
    found = connection.execute(select(articles.c.outlet).distinct()).scalars().all()
    # Sorted here: collations differ between backends, the answer should not.
    return sorted(found, key=lambda outlet: (outlet is None, outlet or ""))


def count_articles(connection: Connection, *, outlet: str | None) -> int:
    """How many articles ``article_rows`` would give without a limit."""
    query = select(func.count()).select_from(articles).where(*_outlet_is(outlet))
    return connection.execute(query).scalar_one()


def stored_article(
    connection: Connection, key: str, *, with_profiles: bool = True
) -> StoredArticle | None:
    """The article whose id is ``key`` with its statements and speakers, or None.

    ``with_profiles=False`` leaves the unnamed-source profiles out (``Speaker.anonymous`` is
    None), for schema upgrades that run before those profiles had their present columns.
    """
    found = connection.execute(select(articles).where(articles.c.id == key)).first()
    if found is None:
        return None
    article = Article(
        text=found.text,
        published=found.published,
        path=found.path,
        url=found.url,
        outlet=found.outlet,
        title=found.title,
        author=found.author,
        published_from=found.published_from,
    )

    found_speakers, identities = _speakers_of(connection, key, with_profiles=with_profiles)
    analyzed = AnalyzedArticle(
        article=article,
        attributions=_attributions_of(connection, key),
        speakers=found_speakers,
    )
    return StoredArticle(id=key, analyzed=analyzed, identities=identities)


def _speakers_of(
    connection: Connection, key: str, *, with_profiles: bool
) -> tuple[tuple[Speaker, ...], dict[str, int]]:
    """The speakers of an article, and the corpus identity of each."""
    mentions_of: defaultdict[str, list[Span]] = defaultdict(list)
    for mention in connection.execute(
        select(mentions.c.speaker, mentions.c.start, mentions.c.end, mentions.c.text)
        .where(mentions.c.article_id == key)
        .order_by(mentions.c.seq)
    ):
        mentions_of[mention.speaker].append(Span(mention.start, mention.end, mention.text))
    titles_of: defaultdict[str, list[Span]] = defaultdict(list)
    for title in connection.execute(
        select(article_speakers.c.id, titles.c.start, titles.c.end, titles.c.text)
        .join(
            titles,
            and_(
                titles.c.speaker_id == article_speakers.c.speaker_id,
                titles.c.article_id == article_speakers.c.article_id,
            ),
        )
        .where(article_speakers.c.article_id == key)
        .order_by(titles.c.start, titles.c.text)
    ):
        titles_of[title.id].append(Span(title.start, title.end, title.text))
    profiles = {
        profile.speaker: AnonymousProfile(
            # Not ``profile.count``: a row is a tuple, whose count() would shadow the column.
            count=profile._mapping["count"],
            plural=profile.plural,
            descriptor=_span(profile, "descriptor"),
            affiliation=_span(profile, "affiliation"),
            reason=_span(profile, "reason"),
            informed=profile.informed,
        )
        for profile in (
            connection.execute(
                select(anonymous_profiles).where(anonymous_profiles.c.article_id == key)
            )
            if with_profiles
            else ()
        )
    }
    identities: dict[str, int] = {}
    found = []
    for link in connection.execute(
        select(article_speakers, speakers.c.kind)
        .join(speakers, speakers.c.id == article_speakers.c.speaker_id)
        .where(article_speakers.c.article_id == key)
    ):
        identities[link.id] = link.speaker_id
        found.append(
            Speaker(
                id=link.id,
                kind=SpeakerKind(link.kind),
                name=link.name,
                mentions=tuple(mentions_of[link.id]),
                titles=tuple(titles_of[link.id]),
                affiliation=_span(link, "affiliation"),
                anonymous=profiles.get(link.id),
            )
        )
    # The store keeps no order of speakers: the analyzer numbers them s1, s2, ... as it goes.
    found.sort(key=lambda speaker: _numbered(speaker.id))
    return tuple(found), identities


def _attributions_of(connection: Connection, key: str) -> tuple[Attribution, ...]:
    """The attributions of an article, in text order."""
    parts: defaultdict[str, defaultdict[str, list[Span]]] = defaultdict(lambda: defaultdict(list))
    for part in connection.execute(
        select(spans.c.attribution_id, spans.c.role, spans.c.start, spans.c.end, spans.c.text)
        .where(spans.c.article_id == key)
        .order_by(spans.c.seq)
    ):
        parts[part.attribution_id][part.role].append(Span(part.start, part.end, part.text))
    found = []
    for row in connection.execute(
        select(attributions)
        .where(attributions.c.article_id == key)
        .order_by(attributions.c.position)
    ):
        roles = parts[row.id]
        expression = _span(row, "date_expression")
        found.append(
            Attribution(
                id=row.id,
                kind=Kind(row.kind),
                content=tuple(roles["content"]),
                cue=tuple(roles["cue"]),
                source=roles["source"][0] if roles["source"] else None,
                nested_in=row.nested_in,
                speaker=row.speaker,
                addressee=_span(row, "addressee"),
                venue=_span(row, "venue"),
                date=None
                if expression is None
                else DateInterval(row.date_start, row.date_end, expression),
                quoting=row.quoting,
                confidence=row.confidence,
            )
        )
    return tuple(found)


def speaker_profile(connection: Connection, speaker_id: int) -> SpeakerProfile | None:
    """The corpus speaker ``speaker_id`` and where it is quoted, or None if there is none."""
    found = speaker_rows(connection, kind=None, limit=None, speaker_id=speaker_id)
    if not found:
        return None
    (speaker,) = found
    said = (
        select(attributions.c.article_id, attributions.c.date_start)
        .join(article_speakers, _is_speaker(article_speakers, attributions.c.speaker))
        .where(article_speakers.c.speaker_id == speaker_id)
        .subquery()
    )

    day = func.coalesce(said.c.date_start, articles.c.published)
    year, month = extract("year", day), extract("month", day)
    months = []
    undated = 0
    for year_value, month_value, count in connection.execute(
        select(year, month, func.count())
        .select_from(said)
        .join(articles, articles.c.id == said.c.article_id)
        .group_by(year, month)
        .order_by(year.asc().nulls_last(), month)
    ):
        if year_value is None:
            undated = count
        else:
            # PostgreSQL extracts numerics: int() makes them the ints SQLite gives.
            months.append(MonthCount(dt.date(int(year_value), int(month_value), 1), count))

    outlets = [
        OutletCount(outlet, articles_count, statements)
        for outlet, articles_count, statements in connection.execute(
            select(articles.c.outlet, func.count(distinct(said.c.article_id)), func.count())
            .select_from(said)
            .join(articles, articles.c.id == said.c.article_id)
            .group_by(articles.c.outlet)
        )
    ]
    # Sorted here: collations differ between backends, the answer should not.
    outlets.sort(key=lambda row: (-row.statements, row.outlet is None, row.outlet or ""))

    quoted_in = select(said.c.article_id).distinct()
    by_kind: dict[SpeakerKind | None, int] = {}
    for kind, count in connection.execute(
        select(speakers.c.kind, func.count())
        .select_from(attributions)
        .outerjoin(article_speakers, _is_speaker(article_speakers, attributions.c.speaker))
        .outerjoin(speakers, speakers.c.id == article_speakers.c.speaker_id)
        .where(attributions.c.article_id.in_(quoted_in))
        .group_by(speakers.c.kind)
    ):
        by_kind[None if kind is None else SpeakerKind(kind)] = count
    # The speaker's own statements are counted under its kind: take them out of it.
    by_kind[speaker.kind] = by_kind.get(speaker.kind, 0) - speaker.statements
    company = Company(
        articles=connection.execute(
            select(func.count()).select_from(quoted_in.subquery())
        ).scalar_one(),
        own=speaker.statements,
        named=sum(by_kind.get(kind, 0) for kind in NAMED_KINDS),
        anonymous=by_kind.get(SpeakerKind.ANONYMOUS, 0),
        unattributed=by_kind.get(SpeakerKind.UNKNOWN, 0) + by_kind.get(None, 0),
    )
    return SpeakerProfile(
        speaker=speaker,
        months=tuple(months),
        undated=undated,
        outlets=tuple(outlets),
        company=company,
    )


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
    informed, public = unnamed_counts()
    per_article = (
        with_unnamed_profiles(
            select(
                articles.c.outlet,
                extract("year", articles.c.published).label("year"),
                extract("month", articles.c.published).label("month"),
                func.count(attributions.c.id).label("attributions"),
                informed.label("anonymous"),
                public.label("public"),
            )
            .select_from(articles)
            .outerjoin(attributions, attributions.c.article_id == articles.c.id)
        )
        .where(*_published_within(outlet, since, until))
        .group_by(articles.c.id, articles.c.outlet, articles.c.published)
        .subquery()
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


def top_speaker_rows(
    connection: Connection,
    *,
    outlet: str | None,
    since: dt.date | None,
    until: dt.date | None,
    limit: int,
) -> list[TopSpeakerRow]:
    """The speakers of the most statements in the articles published from ``since`` to ``until``.

    Ties go by name, then id. ``outlet`` keeps one outlet's articles.
    """
    statements = func.count()
    query = (
        select(speakers.c.id, speakers.c.name, speakers.c.kind, statements)
        .select_from(attributions)
        .join(articles, articles.c.id == attributions.c.article_id)
        .join(article_speakers, _is_speaker(article_speakers, attributions.c.speaker))
        .join(speakers, speakers.c.id == article_speakers.c.speaker_id)
        .where(*_published_within(outlet, since, until))
        .group_by(speakers.c.id, speakers.c.name, speakers.c.kind)
        .order_by(statements.desc(), speakers.c.name, speakers.c.id)
        .limit(limit)
    )
    return [
        TopSpeakerRow(speaker_id, name, SpeakerKind(kind), count)
        for speaker_id, name, kind, count in connection.execute(query)
    ]


def _outlet_is(outlet: str | None) -> list[ColumnElement[bool]]:
    return _articles_within(outlet, None, None)


def _published_within(
    outlet: str | None, since: dt.date | None, until: dt.date | None
) -> list[ColumnElement[bool]]:
    return [articles.c.published.is_not(None), *_articles_within(outlet, since, until)]


def _numbered(local_id: str) -> tuple[str, int, str]:
    """Sort key of ids like "s2" before "s10"."""
    prefix = local_id.rstrip("0123456789")
    digits = local_id[len(prefix) :]
    return (prefix, int(digits) if digits else -1, local_id)

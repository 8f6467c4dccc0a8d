"""Read the corpus speakers: listings, profiles, the most quoted, and who is known by a name."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Connection,
    and_,
    distinct,
    extract,
    func,
    literal,
    or_,
    select,
)

from onrecord.results import SpeakerKind
from onrecord.store._reading import (
    LIKE_ESCAPE,
    NAMED_KINDS,
    is_speaker,
    like_pattern,
    published_within,
    with_speakers,
)
from onrecord.store._schema import (
    article_speakers,
    articles,
    attributions,
    mentions,
    speakers,
    titles,
)


@dataclass(frozen=True, slots=True)
class TitleRow:
    """A title a speaker was given, and the publication dates of the articles that gave it."""

    title: str
    first_seen: dt.date | None
    last_seen: dt.date | None


@dataclass(frozen=True, slots=True)
class SpeakerRow:
    """A corpus speaker: how often it is the speaker of a statement, its titles, its outlets."""

    id: int
    kind: SpeakerKind
    name: str
    statements: int
    titles: tuple[TitleRow, ...]
    outlets: tuple[str, ...]


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
class TopSpeakerRow:
    """A speaker and its number of statements, in a ranking of the most quoted."""

    speaker_id: int
    name: str
    kind: SpeakerKind
    statements: int


def speaker_rows(
    connection: Connection,
    *,
    kind: SpeakerKind | None,
    limit: int | None,
    name: str | None = None,
    speaker_id: int | None = None,
    known_as: str | None = None,
    offset: int = 0,
) -> list[SpeakerRow]:
    """Corpus speakers, the most frequent speakers of statements first.

    ``name`` is text the canonical name contains, ignoring case; ``speaker_id`` one speaker;
    ``known_as`` a name the speaker is known by, as ``StatementFilter.speaker`` matches it.
    """
    said = (
        select(article_speakers.c.speaker_id, func.count().label("statements"))
        .select_from(attributions)
        .join(article_speakers, is_speaker(article_speakers, attributions.c.speaker))
        .group_by(article_speakers.c.speaker_id)
        .subquery()
    )
    statements = func.coalesce(said.c.statements, 0)
    chosen = (
        select(speakers.c.id, speakers.c.kind, speakers.c.name, statements.label("statements"))
        .outerjoin(said, said.c.speaker_id == speakers.c.id)
        .order_by(statements.desc(), speakers.c.name, speakers.c.id)
    )
    chosen = chosen.where(*_speaker_filters(kind, name, speaker_id)).offset(offset or None)
    if known_as is not None:
        chosen = chosen.where(speakers.c.id.in_(speakers_known_as(known_as)))
    if limit is not None:
        chosen = chosen.limit(limit)
    rows = connection.execute(chosen).all()
    ids = chosen.subquery()

    first_seen = func.min(titles.c.seen)
    titles_of: defaultdict[int, list[TitleRow]] = defaultdict(list)
    for speaker_id, title, first, last in connection.execute(
        select(titles.c.speaker_id, titles.c.text, first_seen, func.max(titles.c.seen))
        .join(ids, ids.c.id == titles.c.speaker_id)
        .group_by(titles.c.speaker_id, titles.c.text)
        .order_by(titles.c.speaker_id, first_seen.asc().nulls_last(), titles.c.text)
    ):
        titles_of[speaker_id].append(TitleRow(title, first, last))

    outlets_of: defaultdict[int, list[str]] = defaultdict(list)
    for speaker_id, outlet in connection.execute(
        select(article_speakers.c.speaker_id, articles.c.outlet)
        .distinct()
        .join(articles, articles.c.id == article_speakers.c.article_id)
        .join(ids, ids.c.id == article_speakers.c.speaker_id)
        .where(articles.c.outlet.is_not(None))
    ):
        outlets_of[speaker_id].append(outlet)

    return [
        SpeakerRow(
            id=row.id,
            kind=SpeakerKind(row.kind),
            name=row.name,
            statements=row.statements,
            titles=tuple(titles_of[row.id]),
            # Sorted here: collations differ between backends, the answer should not.
            outlets=tuple(sorted(outlets_of[row.id])),
        )
        for row in rows
    ]


def count_speakers(connection: Connection, *, kind: SpeakerKind | None, name: str | None) -> int:
    """How many corpus speakers ``speaker_rows`` would give without a limit."""
    query = select(func.count()).select_from(speakers).where(*_speaker_filters(kind, name, None))
    return connection.execute(query).scalar_one()


def speaker_profile(connection: Connection, speaker_id: int) -> SpeakerProfile | None:
    """The corpus speaker ``speaker_id`` and where it is quoted, or None if there is none."""
    found = speaker_rows(connection, kind=None, limit=None, speaker_id=speaker_id)
    if not found:
        return None
    (speaker,) = found
    said = (
        select(attributions.c.article_id, attributions.c.date_start)
        .join(article_speakers, is_speaker(article_speakers, attributions.c.speaker))
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
        with_speakers(select(speakers.c.kind, func.count()).select_from(attributions))
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
        .join(article_speakers, is_speaker(article_speakers, attributions.c.speaker))
        .join(speakers, speakers.c.id == article_speakers.c.speaker_id)
        .where(*published_within(outlet, since, until))
        .group_by(speakers.c.id, speakers.c.name, speakers.c.kind)
        .order_by(statements.desc(), speakers.c.name, speakers.c.id)
        .limit(limit)
    )
    return [
        TopSpeakerRow(speaker_id, name, SpeakerKind(kind), count)
        for speaker_id, name, kind, count in connection.execute(query)
    ]


def _speaker_filters(
    kind: SpeakerKind | None, name: str | None, speaker_id: int | None
) -> list[ColumnElement[bool]]:
    conditions = []
    if kind is not None:
        conditions.append(speakers.c.kind == kind.value)
    if name is not None:
        named = func.lower(speakers.c.name).like(like_pattern(name), escape=LIKE_ESCAPE)
        conditions.append(named)
    if speaker_id is not None:
        conditions.append(speakers.c.id == speaker_id)
    return conditions


def speakers_known_as(name: str) -> CompoundSelect[Any]:
    """The ids of the corpus speakers known as ``name``, ignoring case.

    Any speaker whose canonical name or a mention is ``name``; and a person, organization or
    group whose canonical name or a mention ends with ``name`` as whole words: a surname
    ("Biden" finds Joe Biden, "Miller" and "Kostro Miller" find Amanda A. Kostro Miller). A
    first name alone finds only those that articles call so ("Jake"), not every Jake; an
    unnamed source only its whole description ("Biden" should not find "a Biden aide").
    """
    wanted = " ".join(name.lower().split())
    named = speakers.alias("named")
    link = article_speakers.alias("link")
    linked = and_(mentions.c.article_id == link.c.article_id, mentions.c.speaker == link.c.id)

    def known(text: ColumnElement[str], kind: ColumnElement[str]) -> ColumnElement[bool]:
        words = (literal(" ") + func.lower(text)).like(
            like_pattern(f" {wanted}", ending=True), escape=LIKE_ESCAPE
        )
        return or_(
            func.lower(text) == wanted,
            and_(kind.in_([named_kind.value for named_kind in NAMED_KINDS]), words),
        )

    return (
        select(named.c.id)
        .where(known(named.c.name, named.c.kind))
        .union(
            select(link.c.speaker_id)
            .join(mentions, linked)
            .join(named, named.c.id == link.c.speaker_id)
            .where(known(mentions.c.text, named.c.kind))
        )
    )

"""Read the articles: listings with statement counts, and a whole article as it was analyzed."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import (
    ColumnElement,
    Connection,
    and_,
    func,
    select,
)

from onrecord.results import (
    AnalyzedArticle,
    AnonymousProfile,
    Article,
    Attribution,
    Kind,
    Span,
    Speaker,
    SpeakerKind,
)
from onrecord.store._reading import (
    articles_within,
    row_date,
    row_span,
)
from onrecord.store._schema import (
    anonymous_profiles,
    article_speakers,
    articles,
    attributions,
    mentions,
    spans,
    speakers,
    titles,
)


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
            descriptor=row_span(profile, "descriptor"),
            affiliation=row_span(profile, "affiliation"),
            reason=row_span(profile, "reason"),
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
                affiliation=row_span(link, "affiliation"),
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
        found.append(
            Attribution(
                id=row.id,
                kind=Kind(row.kind),
                content=tuple(roles["content"]),
                cue=tuple(roles["cue"]),
                source=roles["source"][0] if roles["source"] else None,
                nested_in=row.nested_in,
                speaker=row.speaker,
                addressee=row_span(row, "addressee"),
                venue=row_span(row, "venue"),
                date=row_date(row),
                quoting=row.quoting,
                confidence=row.confidence,
            )
        )
    return tuple(found)


def _outlet_is(outlet: str | None) -> list[ColumnElement[bool]]:
    return articles_within(outlet, None, None)


def _numbered(local_id: str) -> tuple[str, int, str]:
    """Sort key of ids like "s2" before "s10"."""
    prefix = local_id.rstrip("0123456789")
    digits = local_id[len(prefix) :]
    return (prefix, int(digits) if digits else -1, local_id)

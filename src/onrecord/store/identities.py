"""Corpus-wide speaker identities: which rows of ``speakers`` an article's speakers are."""

from __future__ import annotations

from collections import Counter
from typing import Protocol

from sqlalchemy import Connection, insert, select, update

from onrecord.identity import Identity, match, normalized_name, sighting_of
from onrecord.model import AnalyzedArticle, Speaker, SpeakerKind
from onrecord.store.schema import article_speakers, articles, speakers, titles

# Descriptions, not names: "two senior officials" or "the statement" in one article says
# nothing about who the same words stand for in another.
_NEVER_MERGED = frozenset({SpeakerKind.ANONYMOUS, SpeakerKind.UNKNOWN, SpeakerKind.GROUP})


class IdentityAssigner(Protocol):
    """Decides which corpus speaker a speaker of an article is.

    ``assign`` runs inside the transaction that saves ``analyzed`` (its article row is already
    there) and returns the id of a ``speakers`` row, creating it with ``create_identity`` if
    needed.
    """

    def assign(
        self, connection: Connection, speaker: Speaker, analyzed: AnalyzedArticle
    ) -> int: ...


class MatchingAssigner:
    """One identity per person or organization across the corpus (see :mod:`onrecord.identity`).

    Candidates share the speaker's last name; what is known of them (names, titles, outlets,
    dates, co-speakers) is read from the store for each article, never carried over in memory
    from the articles before: the decisions then depend on the stored articles alone, so a run
    interrupted and restarted ends with exactly the identities of an uninterrupted one. Unnamed
    sources, groups and speakers of unknown kind always get an identity of their own.
    """

    def __init__(self) -> None:
        self._known: dict[tuple[SpeakerKind, str], list[Identity]] = {}
        self._article: AnalyzedArticle | None = None

    def assign(self, connection: Connection, speaker: Speaker, analyzed: AnalyzedArticle) -> int:
        if analyzed is not self._article:
            self._known.clear()
            self._article = analyzed
        if speaker.kind in _NEVER_MERGED:
            return create_identity(connection, speaker.kind, speaker.name)
        sighting = sighting_of(speaker, analyzed.article, analyzed.speakers)
        candidates = self._candidates(connection, speaker.kind, normalized_name(speaker.name)[1])
        found = match(sighting, candidates)
        if found is None:
            found = Identity.new(create_identity(connection, speaker.kind, speaker.name), sighting)
            candidates.append(found)
            return int(found.key)
        fuller_before = found.name
        found.absorb(sighting)
        if found.name != fuller_before:
            first, last = normalized_name(found.name)
            connection.execute(
                update(speakers)
                .where(speakers.c.id == found.key)
                .values(name=found.name, first_name=first or None, last_name=last)
            )
        return int(found.key)

    def _candidates(
        self, connection: Connection, kind: SpeakerKind, last_name: str
    ) -> list[Identity]:
        key = (kind, last_name)
        if key not in self._known:
            rows = connection.execute(
                select(speakers.c.id, speakers.c.name).where(
                    speakers.c.kind == kind.value, speakers.c.last_name == last_name
                )
            )
            self._known[key] = [_stored_identity(connection, kind, int(i), n) for i, n in rows]
        return self._known[key]


def _stored_identity(connection: Connection, kind: SpeakerKind, key: int, name: str) -> Identity:
    """An identity as the store knows it: its name, titles, outlets, dates and co-speakers."""
    first, last = normalized_name(name)
    identity = Identity(key, kind, name=name, first_name=first, last_name=last)
    identity.titles.update(
        text.lower().rstrip(".,")
        for (text,) in connection.execute(select(titles.c.text).where(titles.c.speaker_id == key))
    )
    seen = connection.execute(
        select(article_speakers.c.article_id, articles.c.outlet, articles.c.published)
        .join(articles, articles.c.id == article_speakers.c.article_id)
        .where(article_speakers.c.speaker_id == key)
    ).all()
    for _, outlet, published in seen:
        identity.sightings += 1
        if outlet:
            identity.outlets[outlet] += 1
        if published is not None:
            identity.first_seen = min(filter(None, (identity.first_seen, published)))
            identity.last_seen = max(filter(None, (identity.last_seen, published)))
    others = connection.execute(
        select(speakers.c.last_name)
        .join(article_speakers, article_speakers.c.speaker_id == speakers.c.id)
        .where(
            article_speakers.c.article_id.in_([article for article, _, _ in seen]),
            speakers.c.id != key,
            speakers.c.kind == SpeakerKind.PERSON.value,
        )
    )
    identity.cooccurring.update(Counter(last for (last,) in others if last))
    return identity


def create_identity(connection: Connection, kind: SpeakerKind, name: str) -> int:
    """A new row of ``speakers`` for ``name``; returns its id."""
    first_name, last_name = name_parts(kind, name)
    row = insert(speakers).values(
        kind=kind.value, name=name, last_name=last_name, first_name=first_name
    )
    return int(connection.execute(row.returning(speakers.c.id)).scalar_one())


def name_parts(kind: SpeakerKind, name: str) -> tuple[str | None, str]:
    """``(first_name, last_name)`` of a canonical name, lower-cased, as identities are looked up.

    Only a person has a first name; every other name is keyed by its last word.
    """
    first, last = normalized_name(name)
    return (first or None) if kind is SpeakerKind.PERSON else None, last

"""Corpus-wide speaker identities: which rows of ``speakers`` an article's speakers are."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Connection, and_, delete, insert, select, tuple_, update

from onrecord.resolve._identity import Identity, Sighting, match, sighting_of
from onrecord.resolve._names import normalized_name
from onrecord.results import AnalyzedArticle, Speaker, SpeakerKind
from onrecord.store._schema import article_speakers, articles, sightings, speakers, titles

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
    """One identity per person or organization across the corpus.

    See :mod:`onrecord.resolve._identity`.

    Candidates share the speaker's last name; what is known of them (names, titles, outlets,
    dates, co-speakers) is read from the store for each article, never carried over in memory
    from the articles before: the decisions then depend on the stored articles alone, so a run
    interrupted and restarted ends with exactly the identities of an uninterrupted one. Unnamed
    sources, groups and speakers of unknown kind always get an identity of their own.

    What it decides is provisional: once the article is saved, the store decides the identities
    of the names it shares again, in a canonical order of the stored evidence (``regroup``), so
    that they do not depend on the order in which articles arrived.
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


def sighting_row(key: str, speaker: Speaker, analyzed: AnalyzedArticle) -> dict[str, Any] | None:
    """The ``sightings`` row of a speaker of the article ``key``; None for one never merged."""
    if speaker.kind in _NEVER_MERGED:
        return None
    sighting = sighting_of(speaker, analyzed.article, analyzed.speakers)
    published = sighting.published
    evidence = {
        "name": sighting.name,
        "titles": list(sighting.titles),
        "outlet": sighting.outlet,
        "published": None if published is None else published.isoformat(),
        "cooccurring": sorted(sighting.cooccurring),
        "title_spans": [[t.text, t.start, t.end] for t in speaker.titles],
    }
    return {
        "article_id": key,
        "speaker": speaker.id,
        "kind": speaker.kind.value,
        "last_name": normalized_name(speaker.name)[1],
        "sighting": json.dumps(evidence, ensure_ascii=False),
    }


@dataclass(frozen=True, slots=True)
class _Member:
    """A stored speaker of one article, as ``regroup`` decides its identity."""

    article_id: str
    speaker: str
    stored: int  # the identity it has now
    sighting: Sighting
    title_spans: tuple[tuple[str, int, int], ...]

    @property
    def order(self) -> tuple[bool, dt.date, str, int, str]:
        """The canonical order: by date (undated last), article id, then place in the article."""
        published = self.sighting.published
        number = int(self.speaker[1:]) if self.speaker[1:].isdigit() else 0
        return published is None, published or dt.date.min, self.article_id, number, self.speaker


def regroup(connection: Connection, key: str) -> None:
    """Decide again the identities of every name that the article ``key`` (just saved) shares.

    Identities are decided speaker by speaker in one canonical order of the stored sightings
    (by publication date, then article id), never in the order articles arrived: the speakers
    of a corpus come out the same however it was ingested, in one run or several. The sightings
    before the first of this article in that order keep the identities they have (they were
    decided in that order already); those from it on are decided again, from what is stored.
    """
    groups = connection.execute(
        select(sightings.c.kind, sightings.c.last_name)
        .where(sightings.c.article_id == key)
        .distinct()
    ).all()
    for kind, last_name in groups:
        _regroup(connection, key, SpeakerKind(kind), last_name)


def _regroup(connection: Connection, key: str, kind: SpeakerKind, last_name: str) -> None:
    rows = connection.execute(
        select(
            sightings.c.article_id,
            sightings.c.speaker,
            sightings.c.sighting,
            article_speakers.c.speaker_id,
        )
        .join(
            article_speakers,
            and_(
                article_speakers.c.article_id == sightings.c.article_id,
                article_speakers.c.id == sightings.c.speaker,
            ),
        )
        .where(sightings.c.kind == kind.value, sightings.c.last_name == last_name)
    ).all()
    members = sorted((_member(kind, *row) for row in rows), key=lambda m: m.order)
    first_new = next(i for i, m in enumerate(members) if m.article_id == key)
    identities: dict[int, Identity] = {}
    # An organization keeps its name as its first sighting wrote it ("The Élysée Palace").
    written: dict[int, str] = {}
    for member in members[:first_new]:
        known = identities.get(member.stored)
        if known is None:
            identities[member.stored] = Identity.new(member.stored, member.sighting)
            written[member.stored] = member.sighting.name
        else:
            known.absorb(member.sighting)
    moved: list[tuple[_Member, int]] = []
    for member in members[first_new:]:
        found = match(member.sighting, list(identities.values()))
        if found is not None:
            found.absorb(member.sighting)
            identity = int(found.key)
        else:
            identity = member.stored
            if identity in identities:
                identity = create_identity(connection, kind, member.sighting.name)
            identities[identity] = Identity.new(identity, member.sighting)
            written[identity] = member.sighting.name
        if identity != member.stored:
            moved.append((member, identity))
    _move(connection, members, moved)
    stored = {m.stored for m in members}
    for number, known in identities.items():
        name = known.name if kind is SpeakerKind.PERSON else written[number]
        first, last = name_parts(kind, name)
        connection.execute(
            update(speakers)
            .where(speakers.c.id == number)
            .values(name=name, first_name=first, last_name=last)
        )
    gone = stored - set(identities)
    if gone:
        connection.execute(delete(titles).where(titles.c.speaker_id.in_(gone)))
        connection.execute(delete(speakers).where(speakers.c.id.in_(gone)))


def _member(kind: SpeakerKind, article_id: str, speaker: str, data: str, stored: int) -> _Member:
    evidence = json.loads(data)
    published = evidence["published"]
    sighting = Sighting(
        kind=kind,
        name=evidence["name"],
        titles=tuple(evidence["titles"]),
        outlet=evidence["outlet"],
        published=None if published is None else dt.date.fromisoformat(published),
        cooccurring=frozenset(evidence["cooccurring"]),
    )
    spans = tuple((text, start, end) for text, start, end in evidence["title_spans"])
    return _Member(article_id, speaker, int(stored), sighting, spans)


def _move(connection: Connection, members: list[_Member], moved: list[tuple[_Member, int]]) -> None:
    """Give each of ``moved`` its new identity, in ``article_speakers`` and in ``titles``."""
    if not moved:
        return
    assigned = {(m.article_id, m.speaker): m.stored for m in members}
    for member, identity in moved:
        assigned[member.article_id, member.speaker] = identity
        connection.execute(
            update(article_speakers)
            .where(
                article_speakers.c.article_id == member.article_id,
                article_speakers.c.id == member.speaker,
            )
            .values(speaker_id=identity)
        )
    # The titles of an identity in an article are those of its speakers there, each kept
    # once, where it first occurs: rebuilt for every pair the moves touched.
    touched = {(m.stored, m.article_id) for m, _ in moved} | {
        (identity, m.article_id) for m, identity in moved
    }
    connection.execute(
        delete(titles).where(tuple_(titles.c.speaker_id, titles.c.article_id).in_(touched))
    )
    published = dict(
        connection.execute(
            select(articles.c.id, articles.c.published).where(
                articles.c.id.in_({article for _, article in touched})
            )
        ).all()
    )
    rows: dict[tuple[int, str, str], dict[str, Any]] = {}
    for member in members:
        identity = assigned[member.article_id, member.speaker]
        if (identity, member.article_id) not in touched:
            continue
        for text, start, end in member.title_spans:
            row = rows.get((identity, member.article_id, text))
            if row is None or start < row["start"]:
                rows[identity, member.article_id, text] = {
                    "speaker_id": identity,
                    "article_id": member.article_id,
                    "text": text,
                    "seen": published[member.article_id],
                    "start": start,
                    "end": end,
                }
    if rows:
        connection.execute(insert(titles), list(rows.values()))

"""Read the statements: filtered listings with their speaker and article, and the flat export."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Row,
    Select,
    and_,
    func,
    or_,
    select,
    tuple_,
)

from onrecord.results import (
    DateInterval,
    Kind,
    Span,
    SpeakerKind,
)
from onrecord.shapes import to_json
from onrecord.store._reading import (
    LIKE_ESCAPE,
    is_attribution,
    is_speaker,
    is_unnamed_profile_of_attribution,
    like_pattern,
    row_date,
    row_span,
    span_columns,
    with_speakers,
)
from onrecord.store._schema import (
    anonymous_profiles,
    article_speakers,
    articles,
    attributions,
    spans,
    speakers,
    statement_vectors,
    titles,
)
from onrecord.store._speakers import speakers_known_as
from onrecord.store._words import has_words

# Between the parts of a discontinuous content or cue, where a joined text stands for them.
GAP = " … "


@dataclass(frozen=True, slots=True)
class StatementRow:
    """An attribution with its speaker and article; ``text`` is the content's parts joined."""

    article_id: str
    attribution_id: str
    kind: Kind
    text: str
    content: tuple[Span, ...]
    cue: tuple[Span, ...]
    source: Span | None
    speaker_id: int | None
    speaker_name: str | None
    speaker_kind: SpeakerKind | None
    addressee: Span | None
    venue: Span | None
    date: DateInterval | None
    published: dt.date | None
    outlet: str | None
    title: str | None
    url: str | None
    path: str | None


# Offsets of the parts of a span field in an export row: ((start, end), ...).
Offsets = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class ExportRow:
    """A statement as one flat row of ``onrecord export``, with its article's metadata.

    Each span field of ``StatementRow`` (and of the unnamed-source profile, as
    ``anonymous_*``) is two columns: ``NAME``, its parts' text joined by " … ", and
    ``NAME_offsets``, the ``(start, end)`` of each part. ``speaker`` and ``quoting`` are the
    article's speaker ids, as in the JSON output; ``speaker_id`` is the corpus speaker, and
    ``speaker_name`` and ``quoting_name`` the canonical names. Days are ISO strings. Every field
    of ``Attribution`` and of ``Article`` but its text has a column (``tests/test_shapes.py``).
    """

    article_id: str
    path: str | None
    url: str | None
    outlet: str | None
    title: str | None
    author: str | None
    published: str | None
    attribution_id: str
    kind: str
    nested_in: str | None
    content: str | None
    content_offsets: Offsets | None
    cue: str | None
    cue_offsets: Offsets | None
    source: str | None
    source_offsets: Offsets | None
    speaker_id: int | None
    speaker: str | None
    speaker_name: str | None
    speaker_kind: str | None
    quoting: str | None
    quoting_name: str | None
    addressee: str | None
    addressee_offsets: Offsets | None
    venue: str | None
    venue_offsets: Offsets | None
    date_start: str | None
    date_end: str | None
    date_expression: str | None
    date_expression_offsets: Offsets | None
    anonymous_count: int | None
    anonymous_informed: bool | None
    anonymous_descriptor: str | None
    anonymous_descriptor_offsets: Offsets | None
    anonymous_affiliation: str | None
    anonymous_affiliation_offsets: Offsets | None
    anonymous_reason: str | None
    anonymous_reason_offsets: Offsets | None
    # Last: columns added since are appended, so that a CSV reader's positions stay valid.
    confidence: float | None
    published_from: str | None


@dataclass(frozen=True, slots=True)
class StatementFilter:
    """Which statements to read: every filter that is not None must hold.

    ``speaker`` is a name the speaker is known by, ignoring case: its canonical name or a
    mention of it, or for a named speaker any run of whole words of them ("Biden" finds Joe
    Biden); ``speaker_id`` a corpus speaker. ``since`` and ``until`` keep the
    statements whose days overlap the range, both ends included: a statement's days are its
    date when the article gives one ("last week"), else the article's publication day; a
    statement with neither is left out. ``contains`` is text that one part of the content
    contains, ignoring case, ``%`` and ``_`` plain characters; ``words`` are words and "quoted
    phrases" that each occur in the content, stemmed and looked up in the full-text index
    (``onrecord.store._words``: common words such as "the" are left out unless in a phrase).
    ``outlet`` is matched exactly. ``affiliation`` is text, ignoring case, that what the
    statement's article says of its speaker contains: one of the titles it gives a named
    speaker ("Pentagon press secretary"), the organization it names as the speaker's ("US
    Institute of Peace"), or the affiliation of an unnamed source ("administration" in "a
    senior administration official"). What the article says, not what others said elsewhere:
    a title is true of someone only for a while.
    """

    speaker: str | None = None
    speaker_id: int | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    contains: str | None = None
    words: str | None = None
    outlet: str | None = None
    kind: Kind | None = None
    affiliation: str | None = None

    def replaced_by(self, other: StatementFilter) -> StatementFilter:
        """These filters with each one that ``other`` sets in its place: a saved line's
        filters with those a user gives when running it again."""
        return dataclasses.replace(
            self,
            **{
                field.name: getattr(other, field.name)
                for field in dataclasses.fields(other)
                if getattr(other, field.name) is not None
            },
        )


def statement_rows(
    connection: Connection, filters: StatementFilter, *, limit: int | None, offset: int = 0
) -> list[StatementRow]:
    """Statements in date order (undated ones last), filtered as ``StatementFilter`` says."""
    day_start = func.coalesce(attributions.c.date_start, articles.c.published)
    # On the same day, what was reported first comes first.
    query = (
        _filtered(_statements_query(), filters)
        .order_by(
            day_start.asc().nulls_last(),
            articles.c.published.asc().nulls_last(),
            attributions.c.article_id,
            attributions.c.position,
        )
        .offset(offset or None)
    )
    if limit is not None:
        query = query.limit(limit)
    rows = connection.execute(query).all()
    parts = _spans_of(connection, query)
    return [_statement(row, parts[row.article_id, row.attribution_id]) for row in rows]


def count_statements(connection: Connection, filters: StatementFilter) -> int:
    """How many statements ``statement_rows`` would give without a limit."""
    query = _filtered(
        with_speakers(
            select(func.count())
            .select_from(attributions)
            .join(articles, articles.c.id == attributions.c.article_id)
        ),
        filters,
    )
    count: int = connection.execute(query).scalar_one()
    return count


def export_rows(
    connection: Connection, filters: StatementFilter | None = None
) -> Iterator[dict[str, Any]]:
    """One flat row per attribution, article by article in text order; see ``Store.export_rows``.

    Attributions and their spans are read as two streams in the same order and merged, so that
    a corpus of any size is exported in constant memory.
    """
    filters = filters or StatementFilter()
    quoted_link = article_speakers.alias("quoted_link")
    quoted = speakers.alias("quoted")
    profile = anonymous_profiles
    rows = _filtered(
        _statements_query()
        .add_columns(
            articles.c.author,
            articles.c.published_from,
            attributions.c.nested_in,
            attributions.c.confidence,
            attributions.c.speaker,
            attributions.c.quoting,
            quoted.c.name.label("quoting_name"),
            profile.c["count"].label("anonymous_count"),
            profile.c.informed.label("anonymous_informed"),
            *span_columns(profile, "descriptor"),
            *span_columns(profile, "affiliation"),
            *span_columns(profile, "reason"),
        )
        .outerjoin(quoted_link, is_speaker(quoted_link, attributions.c.quoting))
        .outerjoin(quoted, quoted.c.id == quoted_link.c.speaker_id)
        .outerjoin(profile, is_unnamed_profile_of_attribution())
        .order_by(attributions.c.article_id, attributions.c.position),
        filters,
    )
    span_rows = (
        select(spans.c.article_id, spans.c.attribution_id, spans.c.role)
        .add_columns(spans.c.start, spans.c.end, spans.c.text)
        .join(attributions, is_attribution(spans))
        .order_by(spans.c.article_id, attributions.c.position, spans.c.role, spans.c.seq)
    )
    if filters != StatementFilter():
        # The merge below expects the spans of the chosen statements and no others.
        chosen = _filtered(_statements_query(), filters).subquery()
        span_rows = span_rows.join(
            chosen,
            and_(
                chosen.c.article_id == spans.c.article_id,
                chosen.c.attribution_id == spans.c.attribution_id,
            ),
        )
    streaming = connection.execution_options(yield_per=1000)
    span_stream = iter(streaming.execute(span_rows))
    pending = next(span_stream, None)
    for row in streaming.execute(rows):
        parts: defaultdict[str, list[Span]] = defaultdict(list)
        while pending is not None and (pending.article_id, pending.attribution_id) == (
            row.article_id,
            row.attribution_id,
        ):
            parts[pending.role].append(Span(pending.start, pending.end, pending.text))
            pending = next(span_stream, None)
        yield to_json(_export_row(row, parts))


def statements_by_key(
    connection: Connection, keys: Sequence[tuple[str, str]]
) -> dict[tuple[str, str], StatementRow]:
    """The statements of these (article id, attribution id) keys that are stored."""
    if not keys:
        return {}
    query = _statements_query().where(
        tuple_(attributions.c.article_id, attributions.c.id).in_(list(keys))
    )
    rows = connection.execute(query).all()
    parts = _spans_of(connection, query)
    return {
        (row.article_id, row.attribution_id): _statement(
            row, parts[row.article_id, row.attribution_id]
        )
        for row in rows
    }


def statements_with_vectors(
    connection: Connection, filters: StatementFilter
) -> list[tuple[StatementRow, bytes]]:
    """The statements ``filters`` selects that have a vector, with it, by article id and in
    text order."""
    query = _filtered(
        _statements_query()
        .add_columns(statement_vectors.c.vector)
        .join(statement_vectors, is_attribution(statement_vectors)),
        filters,
    ).order_by(attributions.c.article_id, attributions.c.position)
    rows = connection.execute(query).all()
    parts = _spans_of(connection, query)
    return [
        (_statement(row, parts[row.article_id, row.attribution_id]), row.vector) for row in rows
    ]


def keyed_statements(filters: StatementFilter, *columns: ColumnElement[Any]) -> Select[Any]:
    """The keys (``article_id``, ``attribution_id``) and ``columns`` of the statements that
    ``filters`` selects, from attributions joined to their article and speaker."""
    return _filtered(
        with_speakers(
            select(
                attributions.c.article_id,
                attributions.c.id.label("attribution_id"),
                *columns,
            )
            .select_from(attributions)
            .join(articles, articles.c.id == attributions.c.article_id)
        ),
        filters,
    )


def _statements_query() -> Select[Any]:
    """Attributions with their article and speaker: the columns ``_statement`` reads."""
    return with_speakers(
        select(
            attributions.c.article_id,
            attributions.c.id.label("attribution_id"),
            attributions.c.kind,
            *span_columns(attributions, "addressee"),
            *span_columns(attributions, "venue"),
            attributions.c.date_start,
            attributions.c.date_end,
            *span_columns(attributions, "date_expression"),
            speakers.c.id.label("speaker_id"),
            speakers.c.name.label("speaker_name"),
            speakers.c.kind.label("speaker_kind"),
            articles.c.published,
            articles.c.outlet,
            articles.c.title,
            articles.c.url,
            articles.c.path,
        )
        .select_from(attributions)
        .join(articles, articles.c.id == attributions.c.article_id)
    )


def _filtered(query: Select[Any], filters: StatementFilter) -> Select[Any]:
    """``query``, over attributions joined to their article and speaker, kept to ``filters``."""
    day_start = func.coalesce(attributions.c.date_start, articles.c.published)
    day_end = func.coalesce(attributions.c.date_end, articles.c.published)
    if filters.speaker is not None:
        query = query.where(_speaker_is(filters.speaker))
    if filters.speaker_id is not None:
        query = query.where(speakers.c.id == filters.speaker_id)
    if filters.since is not None:
        query = query.where(day_end >= filters.since)
    if filters.until is not None:
        query = query.where(day_start <= filters.until)
    if filters.contains is not None:
        query = query.where(_content_contains(filters.contains))
    if filters.words is not None:
        query = query.where(has_words(filters.words))
    if filters.outlet is not None:
        query = query.where(articles.c.outlet == filters.outlet)
    if filters.kind is not None:
        query = query.where(attributions.c.kind == filters.kind.value)
    if filters.affiliation is not None:
        query = query.where(_affiliated_with(filters.affiliation))
    return query


def _speaker_is(name: str) -> ColumnElement[bool]:
    """The statement's speaker is known as ``name``; see ``speakers_known_as``."""
    return speakers.c.id.in_(speakers_known_as(name))


def _affiliated_with(text: str) -> ColumnElement[bool]:
    """The statement's article gives its speaker a title or an affiliation that contains
    ``text``, ignoring case; see ``StatementFilter.affiliation``."""
    pattern = like_pattern(text)
    titled = (
        select(titles.c.text)
        .where(
            titles.c.speaker_id == speakers.c.id,
            titles.c.article_id == attributions.c.article_id,
            func.lower(titles.c.text).like(pattern, escape=LIKE_ESCAPE),
        )
        .exists()
    )
    # An alias: the export joins the profiles already, and the subquery must not correlate.
    profile = anonymous_profiles.alias("affiliated_profile")
    unnamed = (
        select(profile.c.speaker)
        .where(
            profile.c.article_id == attributions.c.article_id,
            profile.c.speaker == attributions.c.speaker,
            func.lower(profile.c.affiliation_text).like(pattern, escape=LIKE_ESCAPE),
        )
        .exists()
    )
    return or_(
        titled,
        func.lower(article_speakers.c.affiliation_text).like(pattern, escape=LIKE_ESCAPE),
        unnamed,
    )


def _content_contains(text: str) -> ColumnElement[bool]:
    """A part of the content contains ``text``, ignoring case; ``%`` and ``_`` are literal."""
    return (
        select(spans.c.seq)
        .where(
            is_attribution(spans),
            spans.c.role == "content",
            func.lower(spans.c.text).like(like_pattern(text), escape=LIKE_ESCAPE),
        )
        .exists()
    )


def _spans_of(
    connection: Connection, query: Select[Any]
) -> defaultdict[tuple[str, str], defaultdict[str, list[Span]]]:
    """The spans of the attributions ``query`` selects, by attribution and role, in order."""
    chosen = query.subquery()
    found: defaultdict[tuple[str, str], defaultdict[str, list[Span]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for article_id, attribution_id, role, start, end, text in connection.execute(
        select(spans.c.article_id, spans.c.attribution_id, spans.c.role)
        .add_columns(spans.c.start, spans.c.end, spans.c.text)
        .join(
            chosen,
            and_(
                chosen.c.article_id == spans.c.article_id,
                chosen.c.attribution_id == spans.c.attribution_id,
            ),
        )
        .order_by(spans.c.seq)
    ):
        found[article_id, attribution_id][role].append(Span(start, end, text))
    return found


def _statement(row: Row[Any], parts: dict[str, list[Span]]) -> StatementRow:
    content = tuple(parts["content"])
    return StatementRow(
        article_id=row.article_id,
        attribution_id=row.attribution_id,
        kind=Kind(row.kind),
        text=GAP.join(span.text for span in content),
        content=content,
        cue=tuple(parts["cue"]),
        source=parts["source"][0] if parts["source"] else None,
        speaker_id=row.speaker_id,
        speaker_name=row.speaker_name,
        speaker_kind=None if row.speaker_kind is None else SpeakerKind(row.speaker_kind),
        addressee=row_span(row, "addressee"),
        venue=row_span(row, "venue"),
        date=row_date(row),
        published=row.published,
        outlet=row.outlet,
        title=row.title,
        url=row.url,
        path=row.path,
    )


def _export_row(row: Row[Any], parts: dict[str, list[Span]]) -> ExportRow:
    statement = _statement(row, parts)
    date = statement.date
    return ExportRow(
        article_id=statement.article_id,
        path=statement.path,
        url=statement.url,
        outlet=statement.outlet,
        title=statement.title,
        author=row.author,
        published=_iso(statement.published),
        attribution_id=statement.attribution_id,
        kind=statement.kind.value,
        nested_in=row.nested_in,
        **_text_and_offsets("content", statement.content),
        **_text_and_offsets("cue", statement.cue),
        **_text_and_offsets("source", _parts(statement.source)),
        speaker_id=statement.speaker_id,
        speaker=row.speaker,
        speaker_name=statement.speaker_name,
        speaker_kind=None if statement.speaker_kind is None else statement.speaker_kind.value,
        quoting=row.quoting,
        quoting_name=row.quoting_name,
        **_text_and_offsets("addressee", _parts(statement.addressee)),
        **_text_and_offsets("venue", _parts(statement.venue)),
        date_start=None if date is None else date.start.isoformat(),
        date_end=None if date is None else date.end.isoformat(),
        **_text_and_offsets("date_expression", _parts(None if date is None else date.span)),
        anonymous_count=row.anonymous_count,
        anonymous_informed=row.anonymous_informed,
        **_text_and_offsets("anonymous_descriptor", _parts(row_span(row, "descriptor"))),
        **_text_and_offsets("anonymous_affiliation", _parts(row_span(row, "affiliation"))),
        **_text_and_offsets("anonymous_reason", _parts(row_span(row, "reason"))),
        confidence=row.confidence,
        published_from=row.published_from,
    )


def _text_and_offsets(name: str, parts: Sequence[Span]) -> dict[str, Any]:
    """``NAME``: the parts' text joined; ``NAME_offsets``: their ``(start, end)`` pairs."""
    if not parts:
        return {name: None, f"{name}_offsets": None}
    return {
        name: GAP.join(span.text for span in parts),
        f"{name}_offsets": tuple((span.start, span.end) for span in parts),
    }


def _parts(span: Span | None) -> tuple[Span, ...]:
    return () if span is None else (span,)


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()

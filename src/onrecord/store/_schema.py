"""The tables of the corpus store, as of the latest schema version (see ``migrations``).

Every span is stored as ``start``, ``end`` and ``text`` columns (``X_start``, ``X_end``,
``X_text`` where a row has several), offsets into ``articles.text``, so that each stored figure
can be traced back to the article. Attributions and speakers keep the per-article ids the
analyzer gave them ("a3", "s1"); ``speakers`` holds the corpus-wide identities that the
per-article speakers are assigned to.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    true,
)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A moment in UTC, timezone-aware on the way out of every backend.

    SQLite has no timezone-aware type, so without this it would hand back naive datetimes where
    PostgreSQL hands back aware ones.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: give the store UTC times")
        return None if value is None else value.astimezone(dt.UTC)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is None or value.tzinfo is not None:
            return value
        return value.replace(tzinfo=dt.UTC)


def _span_columns(prefix: str) -> list[Column[Any]]:
    """The three columns of an optional span: ``PREFIX_start``, ``PREFIX_end``, ``PREFIX_text``."""
    return [
        Column(f"{prefix}_start", Integer),
        Column(f"{prefix}_end", Integer),
        Column(f"{prefix}_text", Text),
    ]


metadata = MetaData()

# One row; its version says which migrations have run, and writers lock it so that they take
# turns on PostgreSQL as they do on SQLite.
schema_version = Table(
    "schema_version",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("version", Integer, nullable=False),
    Column("migrated_at", UTCDateTime, nullable=False),
)

articles = Table(
    "articles",
    metadata,
    # ``article_id()``: the same text ingested twice is one article.
    Column("id", String(64), primary_key=True),
    Column("url", Text),
    Column("outlet", Text, index=True),
    Column("title", Text),
    Column("author", Text),
    Column("published", Date, index=True),
    Column("published_from", String),
    Column("text", Text, nullable=False),
    Column("path", Text),
    Column("ingested_at", UTCDateTime, nullable=False),
)

speakers = Table(
    "speakers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String, nullable=False),
    Column("name", Text, nullable=False),
    # Lower-cased, so that candidate identities for a name are one index look-up away.
    Column("last_name", Text, nullable=False),
    Column("first_name", Text),
    Index("ix_speakers_kind_last_name", "kind", "last_name"),
)

article_speakers = Table(
    "article_speakers",
    metadata,
    Column("article_id", ForeignKey("articles.id"), primary_key=True),
    Column("id", String, primary_key=True),
    Column("speaker_id", ForeignKey("speakers.id"), nullable=False, index=True),
    # The name within the article, which an identity's canonical name need not repeat.
    Column("name", Text, nullable=False),
    *_span_columns("affiliation"),
)

# What the identity matcher knows of each named speaker of an article (``identity.Sighting``
# and the spans of its titles, as JSON), so that identities can be decided again from the
# stored evidence alone whenever a new article brings more (see ``identities.regroup``).
sightings = Table(
    "sightings",
    metadata,
    Column("article_id", String(64), primary_key=True),
    Column("speaker", String, primary_key=True),
    Column("kind", String, nullable=False),
    Column("last_name", Text, nullable=False),
    Column("sighting", Text, nullable=False),
    ForeignKeyConstraint(
        ["article_id", "speaker"], ["article_speakers.article_id", "article_speakers.id"]
    ),
    Index("ix_sightings_kind_last_name", "kind", "last_name"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("article_id", String(64), primary_key=True),
    Column("speaker", String, primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    ForeignKeyConstraint(
        ["article_id", "speaker"], ["article_speakers.article_id", "article_speakers.id"]
    ),
)

titles = Table(
    "titles",
    metadata,
    Column("speaker_id", ForeignKey("speakers.id"), primary_key=True),
    Column("article_id", ForeignKey("articles.id"), primary_key=True, index=True),
    Column("text", Text, primary_key=True),
    # The article's publication date: a title is true of someone only for a while.
    Column("seen", Date),
    # Where the title first occurs in the article.
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
)

anonymous_profiles = Table(
    "anonymous_profiles",
    metadata,
    Column("article_id", String(64), primary_key=True),
    Column("speaker", String, primary_key=True),
    Column("count", Integer),
    Column("plural", Boolean, nullable=False),
    *_span_columns("descriptor"),
    *_span_columns("affiliation"),
    *_span_columns("reason"),
    # False for a member of the public quoted by description (``AnonymousProfile.informed``).
    Column("informed", Boolean, nullable=False, server_default=true()),
    ForeignKeyConstraint(
        ["article_id", "speaker"], ["article_speakers.article_id", "article_speakers.id"]
    ),
)

attributions = Table(
    "attributions",
    metadata,
    Column("article_id", ForeignKey("articles.id"), primary_key=True),
    Column("id", String, primary_key=True),
    # Text order within the article; the ids themselves sort "a10" before "a2".
    Column("position", Integer, nullable=False),
    Column("kind", String, nullable=False),
    Column("nested_in", String),
    Column("speaker", String),
    Column("quoting", String),
    Column("confidence", Float),
    *_span_columns("addressee"),
    *_span_columns("venue"),
    Column("date_start", Date),
    Column("date_end", Date),
    *_span_columns("date_expression"),
    # Checked at commit: an attribution may be nested in one that comes later in the text.
    ForeignKeyConstraint(
        ["article_id", "nested_in"],
        ["attributions.article_id", "attributions.id"],
        deferrable=True,
        initially="DEFERRED",
    ),
    ForeignKeyConstraint(
        ["article_id", "speaker"], ["article_speakers.article_id", "article_speakers.id"]
    ),
    ForeignKeyConstraint(
        ["article_id", "quoting"], ["article_speakers.article_id", "article_speakers.id"]
    ),
    Index("ix_attributions_speaker", "article_id", "speaker"),
)

# Content and cue may be discontinuous: one row per part, in text order (``seq``).
spans = Table(
    "spans",
    metadata,
    Column("article_id", String(64), primary_key=True),
    Column("attribution_id", String, primary_key=True),
    Column("role", String, primary_key=True),  # "content", "cue" or "source"
    Column("seq", Integer, primary_key=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    ForeignKeyConstraint(
        ["article_id", "attribution_id"], ["attributions.article_id", "attributions.id"]
    ),
)

# The latest reason each source could not be ingested; see ``Store.record_error``.
errors = Table(
    "errors",
    metadata,
    Column("source", Text, primary_key=True),
    Column("reason", Text, nullable=False),
    Column("at", UTCDateTime, nullable=False),
)

# The embedding of each statement (``onrecord.embed``): ``embed.VECTOR_WIDTH`` float32 numbers,
# little-endian, as sqlite-vec reads them. ``id`` only grows: a vector put again gets a new row,
# so that a reader that has seen the rows up to some id knows what changed since. On SQLite
# ``id`` is also the row of the statement in the vector index (see ``search_index``).
statement_vectors = Table(
    "statement_vectors",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", String(64), nullable=False),
    Column("attribution_id", String, nullable=False),
    Column("vector", LargeBinary, nullable=False),
    UniqueConstraint("article_id", "attribution_id"),
    ForeignKeyConstraint(
        ["article_id", "attribution_id"], ["attributions.article_id", "attributions.id"]
    ),
    # Never reuse an id, even that of the last row deleted.
    sqlite_autoincrement=True,
)

# Lines saved to be run again as the corpus grows (``onrecord line --save``): a position and the
# statement filters, as the JSON of a ``StatementFilter``, under a name of the user's.
saved_lines = Table(
    "saved_lines",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    Column("position", Text, nullable=False),
    Column("filters", Text, nullable=False),
    # When it was saved last: saving a name again replaces its position and filters.
    Column("saved", UTCDateTime, nullable=False),
)

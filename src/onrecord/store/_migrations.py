"""Schema versions, recorded in ``schema_version`` and brought up to date by ``Store.open``.

A new database gets the current schema (``schema.metadata``) at once. An older one is upgraded
one version at a time, each step in its own transaction together with the version it reaches,
so that a failed step leaves the database as it was. To change the schema, change ``schema``
and add the step from the previous version to ``UPGRADES``, written against the tables as they
were then (``ALTER TABLE ...``), never against ``schema``, which will have moved on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import Connection, Engine, insert, inspect, select, text, update
from sqlalchemy.exc import DBAPIError

from onrecord.errors import StoreError
from onrecord.store._database import writing
from onrecord.store._schema import metadata, schema_version
from onrecord.store._search_index import create_search_index


def _add_confidence(connection: Connection) -> None:
    """Version 2: how sure the extractor was of each statement; unknown for those stored
    before."""
    connection.execute(text("ALTER TABLE attributions ADD COLUMN confidence FLOAT"))


def _add_published_from(connection: Connection) -> None:
    """Version 3: where each article's date came from; unknown for those stored before."""
    connection.execute(text("ALTER TABLE articles ADD COLUMN published_from VARCHAR"))


def _add_sightings(connection: Connection) -> None:
    """Version 4: the evidence of each named speaker, kept so that identities can be decided
    again (``identities.regroup``). Filled from what the store holds of each article; a
    speaker's titles are then those of its identity in the article, which is all the store
    kept."""
    from onrecord.store._articles import stored_article
    from onrecord.store._identities import sighting_row

    connection.execute(
        text(
            "CREATE TABLE sightings ("
            " article_id VARCHAR(64) NOT NULL, speaker VARCHAR NOT NULL, kind VARCHAR NOT NULL,"
            " last_name TEXT NOT NULL, sighting TEXT NOT NULL,"
            " PRIMARY KEY (article_id, speaker),"
            " FOREIGN KEY (article_id, speaker) REFERENCES article_speakers (article_id, id))"
        )
    )
    connection.execute(
        text("CREATE INDEX ix_sightings_kind_last_name ON sightings (kind, last_name)")
    )
    keys = connection.execute(text("SELECT id FROM articles ORDER BY id")).scalars().all()
    for key in keys:
        # Without the unnamed-source profiles: sightings need none, and version 5 adds a
        # column to them that this version's tables lack.
        stored = stored_article(connection, key, with_profiles=False)
        if stored is None:
            continue
        rows = [
            row
            for speaker in stored.analyzed.speakers
            if (row := sighting_row(key, speaker, stored.analyzed)) is not None
        ]
        if rows:
            connection.execute(
                text(
                    "INSERT INTO sightings (article_id, speaker, kind, last_name, sighting)"
                    " VALUES (:article_id, :speaker, :kind, :last_name, :sighting)"
                ),
                rows,
            )


def _add_informed(connection: Connection) -> None:
    """Version 5: whether an unnamed source is an informed one or a member of the public quoted
    by description. Profiles stored before count as informed, as they were counted then; the
    store keeps no parse to decide again from."""
    connection.execute(
        text("ALTER TABLE anonymous_profiles ADD COLUMN informed BOOLEAN NOT NULL DEFAULT TRUE")
    )


def _add_search_index(connection: Connection) -> None:
    """Version 6: a vector per statement, the backend's vector index, and a full-text index
    of the statements' content, filled now (the vectors come with ``onrecord embed``)."""
    from onrecord.store._search_index import create_search_index, index_all_words

    if connection.dialect.name == "sqlite":
        key, blob = "INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT", "BLOB"
    else:
        key, blob = "SERIAL NOT NULL PRIMARY KEY", "BYTEA"
    connection.execute(
        text(
            f"CREATE TABLE statement_vectors (id {key}, article_id VARCHAR(64) NOT NULL,"
            f" attribution_id VARCHAR NOT NULL, vector {blob} NOT NULL,"
            " UNIQUE (article_id, attribution_id),"
            " FOREIGN KEY (article_id, attribution_id) REFERENCES attributions (article_id, id))"
        )
    )
    create_search_index(connection)
    index_all_words(connection)


def _add_saved_lines(connection: Connection) -> None:
    """Version 7: lines saved to be run again (``Store.save_line``); a store has none yet."""
    if connection.dialect.name == "sqlite":
        key, moment = "INTEGER NOT NULL PRIMARY KEY", "DATETIME"
    else:
        key, moment = "SERIAL NOT NULL PRIMARY KEY", "TIMESTAMP WITH TIME ZONE"
    connection.execute(
        text(
            f"CREATE TABLE saved_lines (id {key}, name TEXT NOT NULL UNIQUE,"
            f" position TEXT NOT NULL, filters TEXT NOT NULL, saved {moment} NOT NULL)"
        )
    )


# Version N -> the step that upgrades a database from version N - 1 to N.
UPGRADES: dict[int, Callable[[Connection], None]] = {
    2: _add_confidence,
    3: _add_published_from,
    4: _add_sightings,
    5: _add_informed,
    6: _add_search_index,
    7: _add_saved_lines,
}


def latest_version() -> int:
    """The version ``schema.metadata`` describes."""
    return max(UPGRADES, default=1)


def migrate(engine: Engine) -> int:
    """Bring the database of ``engine`` to the latest version; returns that version.

    Safe to run from several processes at once: writers take turns, and each step first reads
    the version again.
    """
    latest = latest_version()
    while True:
        version: int | None = None
        try:
            with writing(engine) as connection:
                version = current_version(connection, lock=True)
                if version == latest:
                    return version
                if version is None:
                    metadata.create_all(connection)
                    create_search_index(connection)
                    connection.execute(
                        insert(schema_version).values(id=1, version=latest, migrated_at=_now())
                    )
                elif version > latest:
                    raise StoreError(
                        f"the store is at schema version {version}, newer than this onrecord "
                        f"knows (up to {latest}): upgrade onrecord"
                    )
                else:
                    UPGRADES[version + 1](connection)
                    connection.execute(
                        update(schema_version).values(version=version + 1, migrated_at=_now())
                    )
        except DBAPIError as error:
            # Two processes that create the same new PostgreSQL database race on CREATE TABLE;
            # the one that lost finds the other's schema once its own transaction is undone.
            if version is None and _has_schema(engine):
                continue
            target = latest if version is None else version + 1
            raise StoreError(
                f"cannot migrate the store to schema version {target}: {error.orig}"
            ) from error


def require_latest(engine: Engine) -> None:
    """Refuse a database that is not a store at the latest schema version; changes nothing."""
    latest = latest_version()
    with engine.connect() as connection:
        version = current_version(connection)
    if version is None:
        raise StoreError(
            "the database is empty, not an onrecord store: create one with `onrecord ingest`"
        )
    if version > latest:
        raise StoreError(
            f"the store is at schema version {version}, newer than this onrecord knows "
            f"(up to {latest}): upgrade onrecord"
        )
    if version < latest:
        raise StoreError(
            f"the store is at schema version {version}, older than this onrecord's {latest}: "
            "upgrade it first by opening it for writing (`onrecord ingest`)"
        )


def current_version(connection: Connection, *, lock: bool = False) -> int | None:
    """The schema version of the database, or None if it is empty.

    ``lock`` makes writers on PostgreSQL wait for each other here (SQLite writers queue at BEGIN).
    """
    tables = set(inspect(connection).get_table_names())
    if schema_version.name not in tables:
        ours = sorted(tables & set(metadata.tables))
        if ours:
            raise StoreError(
                f"the database has tables named like the store's ({', '.join(ours)}) but no "
                f"schema_version: it is not an onrecord store, and the store will not touch it"
            )
        return None
    query = select(schema_version.c.version)
    if lock:
        query = query.with_for_update()
    return int(connection.execute(query).scalar_one())


def lock_for_writing(connection: Connection) -> None:
    """Wait for other writers, and refuse to write if a newer onrecord has migrated the store."""
    version = connection.execute(select(schema_version.c.version).with_for_update()).scalar_one()
    if version != latest_version():
        raise StoreError(
            f"the store is now at schema version {version}, this onrecord writes version "
            f"{latest_version()}: reopen it with a matching onrecord"
        )


def _has_schema(engine: Engine) -> bool:
    with engine.connect() as connection:
        return current_version(connection) is not None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)

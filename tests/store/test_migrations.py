from __future__ import annotations

import datetime as dt
import threading
from dataclasses import replace

import pytest
from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Integer,
    MetaData,
    Table,
    inspect,
    select,
    text,
    update,
)

from onrecord.errors import StoreError
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
from onrecord.store import StatementFilter, Store
from onrecord.store import _migrations as migrations
from onrecord.store._migrations import current_version, latest_version
from onrecord.store._schema import saved_lines, schema_version, sightings

# The version this onrecord writes, and the one the tests' own upgrade step reaches.
LATEST = latest_version()
NEXT = LATEST + 1


def _version(engine: Engine) -> int | None:
    with engine.connect() as connection:
        return current_version(connection)


def _set_version(engine: Engine, version: int) -> None:
    with engine.begin() as connection:
        connection.execute(update(schema_version).values(version=version))


def _back_to_version_5(connection: Connection) -> None:
    """No vectors, no full-text or vector index (version 6), no saved lines (version 7)."""
    for name in ("saved_lines", "statement_words", "statement_vector_index", "statement_vectors"):
        connection.execute(text(f"DROP TABLE IF EXISTS {name}"))


def _error_columns(engine: Engine) -> set[str]:
    return {column["name"] for column in inspect(engine).get_columns("errors")}


def test_a_new_store_is_at_the_latest_version(store: Store) -> None:
    with store.engine.connect() as connection:
        (row,) = connection.execute(schema_version.select()).all()

    assert row.version == latest_version() == 7
    assert row.migrated_at.tzinfo is not None
    assert row.migrated_at <= dt.datetime.now(dt.UTC)


def test_reopening_a_store_changes_nothing(store_url: str) -> None:
    with Store.open(store_url) as store:
        store.record_error("a.txt", "empty")
        with store.engine.connect() as connection:
            before = connection.execute(schema_version.select()).all()
        counts = store.counts()

    with Store.open(store_url) as store, store.engine.connect() as connection:
        assert connection.execute(schema_version.select()).all() == before
        assert store.counts() == counts


class _AddNote:
    """A next version that adds a column to ``errors`` and fills it in."""

    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.runs = 0

    def __call__(self, connection: Connection) -> None:
        self.runs += 1
        connection.execute(text("ALTER TABLE errors ADD COLUMN note TEXT"))
        connection.execute(text("UPDATE errors SET note = 'from version 1'"))
        if self.fail:
            connection.execute(text("SELECT * FROM no_such_table"))


def test_an_older_store_is_upgraded_once(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store.open(store_url) as store:
        store.record_error("a.txt", "empty")
    upgrade = _AddNote()
    monkeypatch.setattr(migrations, "UPGRADES", {**migrations.UPGRADES, NEXT: upgrade})

    with Store.open(store_url) as store:
        assert _version(store.engine) == NEXT
        assert "note" in _error_columns(store.engine)
        with store.engine.connect() as connection:
            assert connection.execute(text("SELECT source, note FROM errors")).all() == [
                ("a.txt", "from version 1")
            ]
        store.record_error("b.txt", "binary")  # a store at the next version can be written
    with Store.open(store_url):
        pass

    assert upgrade.runs == 1


def test_a_failed_upgrade_leaves_the_store_as_it_was(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(store_url) as store:
        store.record_error("a.txt", "empty")
    upgrades = migrations.UPGRADES
    monkeypatch.setattr(migrations, "UPGRADES", {**upgrades, NEXT: _AddNote(fail=True)})

    with pytest.raises(StoreError, match=f"cannot migrate the store to schema version {NEXT}"):
        Store.open(store_url)

    monkeypatch.setattr(migrations, "UPGRADES", upgrades)
    with Store.open(store_url) as store:
        assert _version(store.engine) == LATEST
        # Even the ALTER TABLE was undone: DDL is transactional on both backends.
        assert "note" not in _error_columns(store.engine)
        assert [error.source for error in store.errors()] == ["a.txt"]


def test_a_store_of_a_newer_onrecord_is_refused(store_url: str) -> None:
    with Store.open(store_url) as store:
        _set_version(store.engine, 99)

    with pytest.raises(StoreError, match="schema version 99, newer than this onrecord"):
        Store.open(store_url)


def test_a_store_migrated_by_another_process_since_is_not_written(store: Store) -> None:
    _set_version(store.engine, NEXT)

    with pytest.raises(StoreError, match=f"now at schema version {NEXT}"):
        store.record_error("a.txt", "empty")


def test_a_database_that_is_not_a_store_is_left_alone(store_url: str) -> None:
    # Tables that happen to share the store's names, without its schema_version.
    with Store.open(store_url) as store, store.engine.begin() as connection:
        connection.execute(text("DROP TABLE schema_version"))

    with pytest.raises(StoreError, match=r"no schema_version: it is not an onrecord store"):
        Store.open(store_url)


def test_stores_opened_at_once_create_the_schema_once(store_url: str) -> None:
    opened: list[Store | BaseException] = []
    start = threading.Barrier(4)

    def open_store() -> None:
        start.wait()
        try:
            opened.append(Store.open(store_url))
        except BaseException as error:  # handed to the test to assert on
            opened.append(error)

    threads = [threading.Thread(target=open_store) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    stores = [store for store in opened if isinstance(store, Store)]
    try:
        assert len(stores) == 4, opened
        assert _version(stores[0].engine) == LATEST
    finally:
        for store in stores:
            store.close()


def test_unknown_tables_are_not_taken_for_a_store(store_url: str) -> None:
    with Store.open(store_url) as store:
        other = Table("their_table", MetaData(), Column("id", Integer, primary_key=True))
        with store.engine.begin() as connection:
            other.create(connection)

    with Store.open(store_url) as store:
        assert _version(store.engine) == LATEST


def test_versions_2_and_3_keep_the_rows_with_no_confidence_and_no_date_source(
    store_url: str,
) -> None:
    with Store.open(store_url) as store:
        store.save(_clinton_article("Hillary Clinton", statement=True))
        with store.engine.begin() as connection:
            connection.execute(text("ALTER TABLE attributions DROP COLUMN confidence"))
            connection.execute(text("ALTER TABLE articles DROP COLUMN published_from"))
            connection.execute(text("DROP TABLE sightings"))
            connection.execute(text("ALTER TABLE anonymous_profiles DROP COLUMN informed"))
            _back_to_version_5(connection)
        _set_version(store.engine, 1)

    with Store.open(store_url) as store, store.engine.connect() as connection:
        assert _version(store.engine) == LATEST
        rows = connection.execute(text("SELECT id, confidence FROM attributions")).all()
        sources = connection.execute(text("SELECT published_from FROM articles")).all()
    assert [tuple(row) for row in rows] == [("a1", None)]
    assert [tuple(row) for row in sources] == [(None,)]


def test_version_4_fills_the_sightings_of_the_stored_speakers(store_url: str) -> None:
    with Store.open(store_url) as store:
        store.save(_clinton_article("Hillary Clinton"))
        store.save(_clinton_article("Clinton"))
        with store.engine.begin() as connection:
            expected = connection.execute(select(sightings).order_by(sightings.c.sighting)).all()
            connection.execute(text("DROP TABLE sightings"))
            # Version 3 had no informed column, which version 4's upgrade must not read.
            connection.execute(text("ALTER TABLE anonymous_profiles DROP COLUMN informed"))
            _back_to_version_5(connection)
        _set_version(store.engine, 3)

    with Store.open(store_url) as store, store.engine.connect() as connection:
        assert _version(store.engine) == LATEST
        found = connection.execute(select(sightings).order_by(sightings.c.sighting)).all()
    assert found == expected
    assert len(found) == 2


def test_version_5_keeps_stored_unnamed_sources_informed(store_url: str) -> None:
    article = _clinton_article("Hillary Clinton", statement=True)
    official = Speaker(
        "s2",
        SpeakerKind.ANONYMOUS,
        "officials",
        mentions=(Span.of(article.article.text, 0, 5),),
        anonymous=AnonymousProfile(count=None, plural=True, informed=False),
    )
    with Store.open(store_url) as store:
        store.save(replace(article, speakers=(*article.speakers, official)))
        with store.engine.begin() as connection:
            connection.execute(text("ALTER TABLE anonymous_profiles DROP COLUMN informed"))
            _back_to_version_5(connection)
        _set_version(store.engine, 4)

    with Store.open(store_url) as store, store.engine.connect() as connection:
        assert _version(store.engine) == LATEST
        rows = connection.execute(text("SELECT speaker, informed FROM anonymous_profiles")).all()
    assert [(speaker, bool(informed)) for speaker, informed in rows] == [("s2", True)]


def test_version_6_indexes_the_words_of_the_stored_statements(store_url: str) -> None:
    with Store.open(store_url) as store:
        store.save(_clinton_article("Hillary Clinton", statement=True))
        with store.engine.begin() as connection:
            _back_to_version_5(connection)
        _set_version(store.engine, 5)

    with Store.open(store_url) as store:
        assert _version(store.engine) == LATEST
        found = store.search("raining", mode="words")
        assert [(hit.statement.attribution_id, hit.words_rank) for hit in found] == [("a1", 1)]
        # The vectors come later, from `onrecord embed`.
        assert store.counts()["statement_vectors"] == 0
        assert store.articles_without_vectors() == [found[0].statement.article_id]


def test_version_7_adds_saved_lines_to_a_store_of_version_6(store_url: str) -> None:
    with Store.open(store_url) as store:
        store.save(_clinton_article("Hillary Clinton", statement=True))
        with store.engine.begin() as connection:
            connection.execute(text("DROP TABLE saved_lines"))
        _set_version(store.engine, 6)

    with Store.open(store_url) as store:
        assert _version(store.engine) == LATEST
        assert store.saved_lines() == []
        saved = store.save_line("rain", "It rained.", StatementFilter(speaker="Clinton"))
        assert store.saved_line("rain") == saved
        assert store.counts()["attributions"] == 1
    # The same table as a new store's, so that both read and write it alike.
    with Store.open(store_url) as store:
        migrated = _columns(store.engine, "saved_lines")
        with store.engine.begin() as connection:
            connection.execute(text("DROP TABLE saved_lines"))
            saved_lines.create(connection)
        assert _columns(store.engine, "saved_lines") == migrated


def _columns(engine: Engine, table: str) -> list[tuple[str, str, bool]]:
    return [
        (column["name"], str(column["type"]), column["nullable"])
        for column in inspect(engine).get_columns(table)
    ]


def _clinton_article(name: str, *, statement: bool = False) -> AnalyzedArticle:
    text = f"{name} said it rained."
    speaker = Speaker("s1", SpeakerKind.PERSON, name, mentions=(Span(0, len(name), name),))
    said = text.index("said")
    attributions = (
        Attribution(
            id="a1",
            kind=Kind.INDIRECT,
            content=(Span.of(text, said + 5, len(text) - 1),),
            cue=(Span.of(text, said, said + 4),),
            source=Span.of(text, 0, len(name)),
            speaker="s1",
            confidence=0.75,
        ),
    )
    return AnalyzedArticle(
        Article(text=text), attributions=attributions if statement else (), speakers=(speaker,)
    )

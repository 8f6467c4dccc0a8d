from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import pickle
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Column, Connection, Table, select, text

from onrecord.errors import MissingExtraError, StoreError
from onrecord.results import (
    AnalyzedArticle,
    Article,
    Attribution,
    Kind,
    Span,
    Speaker,
    SpeakerKind,
)
from onrecord.store import MatchingAssigner, Store, article_id
from onrecord.store import _migrations as migrations
from onrecord.store._schema import articles, metadata, speakers

SpanColumns = tuple[Column[Any], Column[Any], Column[Any]]
EMPTY = {table: 0 for table in [*metadata.tables, "statement_words"] if table != "schema_version"}


def test_article_id_is_the_hash_of_the_normalized_text() -> None:
    composed = article_id("Élysée said\n\n it  would.")

    assert composed == article_id(" E\u0301lyse\u0301e said it would.\t")
    assert composed != article_id("Elysee said it would.")
    assert len(composed) == 64
    assert int(composed, 16) >= 0


def test_saving_an_article_stores_it_with_everything_found_in_it(
    store: Store, corpus: list[AnalyzedArticle]
) -> None:
    milley = corpus[0]
    key = article_id(milley.article.text)
    assert not store.has_article(key)

    assert store.save(milley) is True

    assert store.has_article(key)
    assert store.counts() == {
        "articles": 1,
        "errors": 0,
        "speakers": 2,  # Mark Milley, the two officials
        "article_speakers": 2,
        "sightings": 1,  # Mark Milley: the officials are never merged
        "mentions": 4,  # Gen. Mark Milley, Mark Milley, Milley; the officials
        "titles": 2,  # Gen., Chairman of the Joint Chiefs of Staff
        "anonymous_profiles": 1,
        "attributions": 3,
        "spans": 9,  # content, cue and source of each
        "statement_words": 3,  # the content of each, in the full-text index
        "statement_vectors": 0,  # none given
        "saved_lines": 0,
    }


def test_saving_an_article_again_adds_nothing(store: Store, corpus: list[AnalyzedArticle]) -> None:
    assert store.save(corpus[0])
    before = store.counts()
    moved = dataclasses.replace(
        corpus[0],
        article=dataclasses.replace(corpus[0].article, path="elsewhere.txt", outlet="Other"),
    )

    assert store.save(corpus[0]) is False
    assert store.save(moved) is False

    assert store.counts() == before


def test_every_stored_span_is_the_text_it_points_to(corpus_store: Store) -> None:
    checked = 0
    with corpus_store.engine.connect() as connection:
        for table in metadata.sorted_tables:
            for start, end, stored in _span_columns(table):
                query = (
                    select(articles.c.text, start, end, stored)
                    .join_from(table, articles, articles.c.id == table.c.article_id)
                    .where(start.is_not(None))
                )
                for article_text, *span in connection.execute(query):
                    assert article_text[span[0] : span[1]] == span[2], (table.name, span)
                    checked += 1
    assert checked > 80


def test_the_stored_spans_are_those_the_analysis_found(
    corpus_store: Store, corpus: list[AnalyzedArticle]
) -> None:
    with corpus_store.engine.connect() as connection:
        for analyzed in corpus:
            key = article_id(analyzed.article.text)
            stored = {
                tuple(span)
                for table in metadata.sorted_tables
                for start, end, span_text in _span_columns(table)
                if "article_id" in table.c
                for span in connection.execute(
                    select(start, end, span_text).where(
                        table.c.article_id == key, start.is_not(None)
                    )
                )
            }
            assert stored == {(span.start, span.end, span.text) for span in _spans_of(analyzed)}, (
                analyzed.article.path
            )


def test_statements_give_back_every_attribution_as_analyzed(
    corpus_store: Store, corpus: list[AnalyzedArticle]
) -> None:
    statements = {(row.article_id, row.attribution_id): row for row in corpus_store.statements()}

    expected = {
        (article_id(analyzed.article.text), attribution.id): (analyzed, attribution)
        for analyzed in corpus
        for attribution in analyzed.attributions
    }
    assert statements.keys() == expected.keys()
    for key, (analyzed, attribution) in expected.items():
        row = statements[key]
        speaker = next((s for s in analyzed.speakers if s.id == attribution.speaker), None)
        assert (row.kind, row.content, row.cue, row.source) == (
            attribution.kind,
            attribution.content,
            attribution.cue,
            attribution.source,
        )
        assert (row.addressee, row.venue, row.date) == (
            attribution.addressee,
            attribution.venue,
            attribution.date,
        )
        assert (row.published, row.outlet, row.path) == (
            analyzed.article.published,
            analyzed.article.outlet,
            analyzed.article.path,
        )
        assert row.speaker_name == (speaker.name if speaker else None)


def test_an_article_that_failed_analysis_is_refused(store: Store) -> None:
    failed = AnalyzedArticle(article=Article(text="", path="empty.txt"), error="article is empty")

    with pytest.raises(StoreError, match=r"empty\.txt was not analyzed \(article is empty\)"):
        store.save(failed)


def test_errors_keep_the_latest_reason_of_each_source(store: Store) -> None:
    before = dt.datetime.now(dt.UTC)

    store.record_error("a.txt", "not UTF-8")
    store.record_error("b.jsonl:3", "empty")
    store.record_error("a.txt", "not English")

    recorded = {error.source: error for error in store.errors()}
    assert {source: error.reason for source, error in recorded.items()} == {
        "a.txt": "not English",
        "b.jsonl:3": "empty",
    }
    assert all(before <= error.at <= dt.datetime.now(dt.UTC) for error in recorded.values())
    assert store.counts()["errors"] == 2


def _nested(outer_id: str) -> AnalyzedArticle:
    """ "Warren said that Biden said no", the inner statement first and nested in ``outer_id``."""
    text = "Warren said that Biden said no."
    warren = Speaker("s1", SpeakerKind.PERSON, "Warren", (Span.of(text, 0, 6),))
    biden = Speaker("s2", SpeakerKind.PERSON, "Biden", (Span.of(text, 17, 22),))
    inner = Attribution(
        "a1",
        Kind.INDIRECT,
        content=(Span.of(text, 28, 30),),
        cue=(Span.of(text, 23, 27),),
        source=biden.mentions[0],
        nested_in=outer_id,
        speaker="s2",
    )
    outer = Attribution(
        "a2",
        Kind.INDIRECT,
        content=(Span.of(text, 12, 30),),
        cue=(Span.of(text, 7, 11),),
        source=warren.mentions[0],
        speaker="s1",
    )
    return AnalyzedArticle(Article(text, path="nested.txt"), (inner, outer), (warren, biden))


def test_an_attribution_may_be_nested_in_a_later_one(store: Store) -> None:
    assert store.save(_nested("a2"))

    (row,) = (row for row in store.export_rows() if row["attribution_id"] == "a1")
    assert row["nested_in"] == "a2"


def test_nesting_in_an_attribution_that_is_not_there_is_refused(store: Store) -> None:
    with pytest.raises(StoreError, match=r"cannot save article nested\.txt"):
        store.save(_nested("a9"))

    assert store.counts() == EMPTY


class _FailOnSecondSpeaker:
    """Assigns the first speaker, then fails: an article half written."""

    def __init__(self) -> None:
        self.assigned = 0

    def assign(self, connection: Connection, speaker: Speaker, analyzed: AnalyzedArticle) -> int:
        if self.assigned:
            raise RuntimeError("identity service down")
        self.assigned += 1
        return MatchingAssigner().assign(connection, speaker, analyzed)


def test_a_save_that_fails_midway_leaves_nothing(
    store: Store, corpus: list[AnalyzedArticle]
) -> None:
    with pytest.raises(RuntimeError, match="identity service down"):
        store.save(corpus[0], _FailOnSecondSpeaker())

    assert store.counts() == EMPTY
    assert store.save(corpus[0])


KILLED_MIDWAY = """
import os, pickle, signal, sys
from onrecord.store import Store, create_identity

class KillOnSecondSpeaker:
    def __init__(self):
        self.assigned = 0
    def assign(self, connection, speaker, article):
        if self.assigned:
            os.kill(os.getpid(), signal.SIGKILL)
        self.assigned += 1
        return create_identity(connection, speaker.kind, speaker.name)

analyzed = pickle.loads(sys.stdin.buffer.read())
Store.open(sys.argv[1]).save(analyzed, KillOnSecondSpeaker())
"""


def test_a_process_killed_midway_leaves_nothing(
    store_url: str, corpus: list[AnalyzedArticle]
) -> None:
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_MIDWAY, store_url],
        input=pickle.dumps(corpus[0]),
        capture_output=True,
        check=False,
    )

    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()
    with Store.open(store_url) as store:
        assert store.counts() == EMPTY
        assert store.save(corpus[0])


def _at_once(count: int, work: Callable[[int], object]) -> list[object]:
    """Run ``work(0)`` ... ``work(count - 1)`` in threads released together; their results."""
    start = threading.Barrier(count)
    results: list[object] = [None] * count

    def run(index: int) -> None:
        start.wait()
        try:
            results[index] = work(index)
        except Exception as error:  # handed to the test to assert on
            results[index] = error

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_concurrent_saves_of_one_article_store_it_once(
    store_url: str, corpus: list[AnalyzedArticle]
) -> None:
    stores = [Store.open(store_url) for _ in range(3)]
    try:
        saved = _at_once(3, lambda index: stores[index].save(corpus[0]))
    finally:
        for store in stores:
            store.close()

    assert sorted(saved, key=str) == [False, False, True]
    with Store.open(store_url) as store:
        assert store.counts()["articles"] == 1
        assert store.counts()["attributions"] == 3


def test_concurrent_saves_give_a_name_one_identity(
    store_url: str, corpus: list[AnalyzedArticle]
) -> None:
    with_biden = [corpus[1], corpus[2], corpus[4]]
    stores = [Store.open(store_url) for _ in with_biden]
    try:
        saved = _at_once(3, lambda index: stores[index].save(with_biden[index]))
    finally:
        for store in stores:
            store.close()

    assert saved == [True, True, True]
    with Store.open(store_url) as store, store.engine.connect() as connection:
        bidens = connection.execute(select(speakers.c.id).where(speakers.c.name == "Joe Biden"))
        assert len(bidens.all()) == 1


def test_open_without_url_uses_onrecord_db_in_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)

    with Store.open() as store:
        assert store.url == f"sqlite:///{tmp_path / 'onrecord.db'}"
    assert (tmp_path / "onrecord.db").is_file()


@pytest.mark.parametrize(
    "location",
    [
        lambda path: path,
        lambda path: str(path),
        lambda path: f"sqlite:///{path}",
    ],
    ids=["path", "bare path", "url"],
)
def test_open_takes_a_path_or_a_url(
    tmp_path: Path, corpus: list[AnalyzedArticle], location: Callable[[Path], Path | str]
) -> None:
    with Store.open(location(tmp_path / "corpus.db")) as store:
        store.save(corpus[0])

    with Store.open(tmp_path / "corpus.db") as store:
        assert store.has_article(article_id(corpus[0].article.text))


def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    with Store.open(tmp_path / "onrecord.db") as store, store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 30_000


def test_an_in_memory_sqlite_store_works(corpus: list[AnalyzedArticle]) -> None:
    with Store.open("sqlite://") as store:
        assert store.save(corpus[0])
        assert len(store.statements()) == 3


def test_an_unreachable_server_is_a_store_error_without_the_password() -> None:
    # Port 1 on the loopback: refused at once.
    with pytest.raises(
        StoreError, match=r"cannot open the store at postgresql\+psycopg://"
    ) as info:
        Store.open("postgresql://reader:secret@127.0.0.1:1/corpus")
    assert "secret" not in str(info.value)


def test_a_sqlite_file_that_cannot_be_created_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="unable to open database file"):
        Store.open(tmp_path / "no such directory" / "onrecord.db")


def test_a_store_opened_read_only_reads_and_refuses_every_write(
    store_url: str, corpus: list[AnalyzedArticle]
) -> None:
    with Store.open(store_url) as store:
        store.save(corpus[0])

    with Store.open(store_url, read_only=True) as store:
        assert store.has_article(article_id(corpus[0].article.text))
        with pytest.raises(StoreError, match=r"read-?only"):
            store.save(corpus[1])
        with pytest.raises(StoreError, match=r"read-?only"):
            store.record_error("bad.txt", "unreadable")
        assert store.counts()["articles"] == 1
        assert store.counts()["errors"] == 0


@pytest.mark.parametrize("options", [{"read_only": True}, {"create": False}])
def test_a_sqlite_store_that_is_not_there_is_not_created(
    tmp_path: Path, options: dict[str, bool]
) -> None:
    path = tmp_path / "typo.db"
    with pytest.raises(StoreError, match=f"there is no store at {path}"):
        Store.open(path, **options)
    assert list(tmp_path.iterdir()) == []


def test_an_empty_database_is_not_made_a_store_without_create(store_url: str) -> None:
    if "://" not in store_url:
        Path(store_url).touch()
    with pytest.raises(StoreError, match="the database is empty, not an onrecord store"):
        Store.open(store_url, read_only=True)
    with pytest.raises(StoreError, match="the database is empty"):
        Store.open(store_url, create=False)
    if "://" not in store_url:
        assert Path(store_url).stat().st_size == 0


def test_an_older_store_is_not_upgraded_without_create(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.db"
    Store.open(path).close()
    upgraded: list[int] = []
    latest = migrations.latest_version()
    monkeypatch.setitem(migrations.UPGRADES, latest + 1, lambda _: upgraded.append(latest + 1))

    with pytest.raises(
        StoreError, match=f"schema version {latest}, older than this onrecord's {latest + 1}"
    ):
        Store.open(path, create=False)
    with pytest.raises(StoreError, match=f"schema version {latest}, older"):
        Store.open(path, read_only=True)
    assert upgraded == []


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://localhost/corpus", "unsupported database 'mysql'"),
        ("no-such-scheme+x://", "not a database URL"),
    ],
)
def test_other_databases_are_refused(url: str, message: str) -> None:
    with pytest.raises(StoreError, match=message):
        Store.open(url)


def test_a_negative_limit_is_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="limit must be 0 or more"):
        store.statements(limit=-1)


def test_without_sqlalchemy_the_store_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sqlalchemy", None)
    for name in [name for name in sys.modules if name.startswith("onrecord.store")]:
        monkeypatch.delitem(sys.modules, name)

    with pytest.raises(
        MissingExtraError, match=r"needs SQLAlchemy.*pip install 'onrecord\[corpus\]'"
    ):
        importlib.import_module("onrecord.store")


def test_without_psycopg_postgresql_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)

    with pytest.raises(
        MissingExtraError, match=r"needs a driver.*pip install 'onrecord\[corpus\]'"
    ):
        Store.open("postgresql://postgres@127.0.0.1:1/corpus")


def _span_columns(table: Table) -> list[SpanColumns]:
    """The ``(start, end, text)`` columns of every span ``table`` keeps."""
    prefixes = [
        column.name.removesuffix("start") for column in table.c if column.name.endswith("start")
    ]
    return [
        (table.c[f"{prefix}start"], table.c[f"{prefix}end"], table.c[f"{prefix}text"])
        for prefix in prefixes
        if f"{prefix}text" in table.c  # date_start, date_end are days
    ]


def _spans_of(analyzed: AnalyzedArticle) -> set[Span]:
    found: set[Span | None] = set()
    for attribution in analyzed.attributions:
        found |= _spans_of_attribution(attribution)
    for speaker in analyzed.speakers:
        found |= {*speaker.mentions, *speaker.titles, speaker.affiliation}
        if speaker.anonymous is not None:
            profile = speaker.anonymous
            found |= {profile.descriptor, profile.affiliation, profile.reason}
    return {span for span in found if span is not None}


def _spans_of_attribution(attribution: Attribution) -> set[Span | None]:
    return {
        *attribution.content,
        *attribution.cue,
        attribution.source,
        attribution.addressee,
        attribution.venue,
        None if attribution.date is None else attribution.date.span,
    }

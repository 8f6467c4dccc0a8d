"""Subjects in the web app: worked out in a thread once per state of the store, shown on
speaker and subject pages that never wait for them."""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest
from fastapi import FastAPI

from onrecord.embed import embed_statements
from onrecord.errors import StoreError
from onrecord.store import Store, StoredArticle
from onrecord.web import create_app
from onrecord.web._subjects import (
    CorpusSubjects,
    SubjectCache,
    corpus_subjects,
    monthly,
    speaker_subjects,
)

if TYPE_CHECKING:
    from conftest import WebCorpus

Serve = Callable[[FastAPI], AbstractContextManager[str]]
LINK = re.compile(r'href="/subjects/([0-9a-f]{12})(?:\?speaker_id=(\d+))?"')
ARTICLE_LINK = re.compile(r'href="/articles/([0-9a-f]+)#statement-(a\d+)"')
REFRESH = '<meta http-equiv="refresh"'
# Far longer than the subjects of the test store take, far shorter than a hung test.
WAIT = 60.0


class HeldFinder:
    """``corpus_subjects``, held at its start until the test lets it go: a clustering as slow
    as the test needs, without sleeping."""

    def __init__(self) -> None:
        self.calls = 0
        self.started = threading.Event()
        self.go = threading.Event()

    def __call__(self, store: Store) -> CorpusSubjects:
        self.calls += 1
        self.started.set()
        if not self.go.wait(WAIT):
            raise TimeoutError("the test never let the subjects be worked out")
        return corpus_subjects(store)

    def hold(self) -> None:
        self.go.clear()
        self.started.clear()


def _subjects_threads() -> set[threading.Thread]:
    return {thread for thread in threading.enumerate() if thread.name == "onrecord-subjects"}


@pytest.fixture
def articles(web_store: Store, web_corpus: WebCorpus) -> tuple[StoredArticle, StoredArticle]:
    """The example article and the hostile one, to put in stores of the tests' own."""
    example = web_store.article(web_corpus.example_id)
    hostile = web_store.article(web_corpus.hostile_id)
    assert example is not None
    assert hostile is not None
    return example, hostile


def _save(store: Store, article: StoredArticle) -> None:
    store.save(article.analyzed, vectors=embed_statements(article.analyzed))


@pytest.fixture(scope="module")
def client(web_store: Store, serve: Serve) -> Iterator[httpx.Client]:
    app = create_app(web_store)
    with serve(app) as url, httpx.Client(base_url=url, timeout=60) as client:
        assert app.state.web.subjects.wait(WAIT) is not None
        yield client


@pytest.fixture(scope="module")
def milley(client: httpx.Client) -> int:
    found = client.get("/api/speakers", params={"name": "Mark Milley"}).json()["speakers"]
    speaker_id: int = found[0]["id"]
    return speaker_id


def test_subjects_are_computed_once_per_state_of_the_store(
    articles: tuple[StoredArticle, StoredArticle], web_corpus: WebCorpus, tmp_path: Path
) -> None:
    example, hostile = articles
    with Store.open(tmp_path / "store.db") as store:
        cache = SubjectCache(store)
        try:
            _save(store, example)
            first = cache.wait(WAIT)
            assert first is not None

            assert cache.wait(WAIT) is first
            assert cache.now().corpus is first
            assert not cache.now().updating
            assert sum(subject.size for subject in first.subjects) == len(
                example.analyzed.attributions
            )

            _save(store, hostile)
            second = cache.wait(WAIT)

            assert second is not None
            assert second is not first
            assert len(second.statements) == len(first.statements) + len(
                hostile.analyzed.attributions
            )

            # A vector put again (a backfill) is a change, though no count changes.
            store.put_vectors(web_corpus.hostile_id, embed_statements(hostile.analyzed))
            third = cache.wait(WAIT)

            assert third is not second
            assert third == second
        finally:
            assert cache.close(WAIT)


def test_a_change_by_another_process_is_worked_out_before_anyone_asks(
    articles: tuple[StoredArticle, StoredArticle], tmp_path: Path
) -> None:
    example, hostile = articles
    finder = HeldFinder()
    finder.go.set()
    with Store.open(tmp_path / "store.db") as store:
        _save(store, example)
        cache = SubjectCache(store, finder, check_seconds=0.05)
        try:
            assert cache.wait(WAIT) is not None
            finder.hold()
            # Looking at an unchanged store works nothing out again.
            assert not finder.started.wait(0.5)

            # As `onrecord ingest` would, through a store of its own.
            with Store.open(tmp_path / "store.db") as ingest:
                _save(ingest, hostile)

            assert finder.started.wait(WAIT)
            assert finder.calls == 2
        finally:
            finder.go.set()
            assert cache.close(WAIT)


def test_closing_waits_for_a_computation_only_as_long_as_asked(web_store: Store) -> None:
    finder = HeldFinder()
    before = _subjects_threads()
    cache = SubjectCache(web_store, finder)
    cache.start()
    try:
        assert finder.started.wait(WAIT)
        (thread,) = _subjects_threads() - before

        assert not cache.close(0.05)
        assert thread.is_alive()
    finally:
        finder.go.set()
    thread.join(WAIT)
    # Let go, the thread saw it was stopped and ended.
    assert not thread.is_alive()
    assert finder.calls == 1


def test_pages_do_not_wait_for_the_first_subjects(
    web_store: Store, serve: Serve, milley: int
) -> None:
    finder = HeldFinder()
    before = _subjects_threads()
    app = create_app(web_store, subject_finder=finder)
    try:
        # A page that waited for the held subjects would time out.
        with serve(app) as url, httpx.Client(base_url=url, timeout=10) as client:
            assert finder.started.wait(WAIT)

            speaker = client.get(f"/speakers/{milley}")
            listing = client.get("/subjects")
            subject = client.get("/subjects/000000000000")

            assert speaker.status_code == 200
            assert "Mark Milley" in speaker.text
            assert "being worked out" in speaker.text
            assert REFRESH in speaker.text
            assert not LINK.findall(speaker.text)
            for page in (listing, subject):
                assert page.status_code == 503
                assert "being worked out" in page.text
                assert REFRESH in page.text

            finder.go.set()
            corpus = app.state.web.subjects.wait(WAIT)
            assert corpus is not None
            speaker = client.get(f"/speakers/{milley}")

            assert "being worked out" not in speaker.text
            assert REFRESH not in speaker.text
            expected = [item.subject.id for item in speaker_subjects(corpus, milley)[:10]]
            assert [match[0] for match in LINK.findall(speaker.text)][: len(expected)] == expected
            assert client.get("/subjects").status_code == 200
            assert finder.calls == 1
    finally:
        finder.go.set()
    # The app's shutdown stopped its thread.
    assert _subjects_threads() == before


def test_a_changed_store_gets_new_subjects_while_the_old_ones_are_shown(
    articles: tuple[StoredArticle, StoredArticle], serve: Serve, tmp_path: Path
) -> None:
    example, hostile = articles
    finder = HeldFinder()
    finder.go.set()
    with Store.open(tmp_path / "store.db") as store:
        _save(store, example)
        app = create_app(store, subject_finder=finder)
        try:
            with serve(app) as url, httpx.Client(base_url=url, timeout=10) as client:
                old = app.state.web.subjects.wait(WAIT)
                assert old is not None
                finder.hold()

                _save(store, hostile)
                listing = client.get("/subjects")
                assert finder.started.wait(WAIT)
                # One computation at a time: asking again while it runs starts no other.
                again = client.get(f"/subjects/{old.subjects[0].id}")

                assert listing.status_code == again.status_code == 200
                for page in (listing, again):
                    assert "being worked out again" in page.text
                    assert REFRESH not in page.text
                listed = [match[0] for match in LINK.findall(listing.text)]
                assert listed == [subject.id for subject in old.subjects]
                assert finder.calls == 2

                finder.go.set()
                new = app.state.web.subjects.wait(WAIT)
                assert new is not None
                listing = client.get("/subjects")

                assert "being worked out" not in listing.text
                listed = [match[0] for match in LINK.findall(listing.text)]
                assert listed == [subject.id for subject in new.subjects]
                assert sum(subject.size for subject in new.subjects) == len(
                    example.analyzed.attributions
                ) + len(hostile.analyzed.attributions)
        finally:
            finder.go.set()


def test_subjects_that_cannot_be_worked_out_are_said_so(
    web_store: Store, serve: Serve, milley: int
) -> None:
    def failing(store: Store) -> CorpusSubjects:
        raise StoreError("cannot read statement vectors: disk I/O error")

    app = create_app(web_store, subject_finder=failing)
    with serve(app) as url, httpx.Client(base_url=url, timeout=10) as client:
        assert app.state.web.subjects.wait(WAIT) is None
        speaker = client.get(f"/speakers/{milley}")
        listing = client.get("/subjects")

    assert speaker.status_code == 200
    assert listing.status_code == 503
    for page in (speaker, listing):
        assert "could not be worked out: cannot read statement vectors" in page.text
        # Not reloaded again and again: a failure is tried again on a later visit.
        assert REFRESH not in page.text


def test_a_speaker_s_subjects_count_the_speaker_s_statements_by_month(
    web_store: Store, milley: int
) -> None:
    corpus = corpus_subjects(web_store)
    mine = [row for row in corpus.statements.values() if row.speaker_id == milley]

    subjects = speaker_subjects(corpus, milley)

    assert sum(item.statements for item in subjects) == len(mine)
    assert [item.statements for item in subjects] == sorted(
        (item.statements for item in subjects), reverse=True
    )
    for item in subjects:
        rows = corpus.rows(item.subject, milley)
        assert len(rows) == item.statements
        assert item.months == monthly(rows)
        assert {count.month for count in item.months} == {dt.date(2022, 11, 1)}


def test_the_subjects_page_lists_every_subject(client: httpx.Client, web_store: Store) -> None:
    corpus = corpus_subjects(web_store)

    page = client.get("/subjects")

    assert page.status_code == 200
    assert [match[0] for match in LINK.findall(page.text)] == [s.id for s in corpus.subjects]
    assert corpus.subjects[0].label in page.text


def test_a_subject_page_lists_its_statements_by_date_linked_to_their_articles(
    client: httpx.Client, web_store: Store
) -> None:
    corpus = corpus_subjects(web_store)
    subject = max(
        corpus.subjects, key=lambda found: len({key.article_id for key in found.statements})
    )

    page = client.get(f"/subjects/{subject.id}")

    assert page.status_code == 200
    linked = [tuple(match) for match in ARTICLE_LINK.findall(page.text)]
    listed = [(key.article_id, key.attribution_id) for key in subject.statements]
    assert linked == listed[:50]
    days = re.findall(r'<span class="when">(\d{4}-\d{2}-\d{2})', page.text)
    assert days == sorted(days)
    assert subject.words[0] in page.text


def test_a_subject_page_for_one_speaker_lists_only_theirs(
    client: httpx.Client, web_store: Store, milley: int
) -> None:
    corpus = corpus_subjects(web_store)
    subject = speaker_subjects(corpus, milley)[0].subject

    page = client.get(f"/subjects/{subject.id}", params={"speaker_id": milley})

    assert page.status_code == 200
    heads = re.findall(r'<div class="result-head">(.*?)</div>', page.text, re.DOTALL)
    assert heads
    assert all(f'href="/speakers/{milley}"' in head for head in heads)
    assert "everyone" in page.text


def test_the_speaker_page_shows_the_speaker_s_subjects_over_time(
    client: httpx.Client, web_store: Store, milley: int
) -> None:
    corpus = corpus_subjects(web_store)
    expected = speaker_subjects(corpus, milley)

    page = client.get(f"/speakers/{milley}")

    assert page.status_code == 200
    assert "Subjects over time" in page.text
    assert 'class="chart month-rows"' in page.text
    linked = [(match[0], match[1]) for match in LINK.findall(page.text)]
    # Each subject twice: its row of the chart and its item in the list.
    assert linked[: len(expected[:10])] == [
        (item.subject.id, str(milley)) for item in expected[:10]
    ]


@pytest.mark.parametrize(
    ("path", "status"), [("/subjects/000000000000", 404), ("/subjects/not-a-subject", 400)]
)
def test_a_subject_that_is_not_there_is_refused(
    client: httpx.Client, path: str, status: int
) -> None:
    page = client.get(path)

    assert page.status_code == status
    assert "subject" in page.text

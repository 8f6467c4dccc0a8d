"""Subjects in the web app: computed once per state of the store, on speaker and subject pages."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest
from fastapi import FastAPI

from onrecord.embed import embed_statements
from onrecord.store import Store
from onrecord.web import create_app
from onrecord.web._subjects import SubjectCache, corpus_subjects, monthly, speaker_subjects

if TYPE_CHECKING:
    from conftest import WebCorpus

Serve = Callable[[FastAPI], AbstractContextManager[str]]
LINK = re.compile(r'href="/subjects/([0-9a-f]{12})(?:\?speaker_id=(\d+))?"')
ARTICLE_LINK = re.compile(r'href="/articles/([0-9a-f]+)#statement-(a\d+)"')


@pytest.fixture(scope="module")
def client(web_store: Store, serve: Serve) -> Iterator[httpx.Client]:
    with serve(create_app(web_store)) as url, httpx.Client(base_url=url, timeout=60) as client:
        yield client


@pytest.fixture(scope="module")
def milley(client: httpx.Client) -> int:
    found = client.get("/api/speakers", params={"name": "Mark Milley"}).json()["speakers"]
    speaker_id: int = found[0]["id"]
    return speaker_id


def test_subjects_are_computed_once_per_state_of_the_store(
    web_store: Store, web_corpus: WebCorpus, tmp_path: Path
) -> None:
    example = web_store.article(web_corpus.example_id)
    hostile = web_store.article(web_corpus.hostile_id)
    assert example is not None
    assert hostile is not None
    cache = SubjectCache()
    with Store.open(tmp_path / "store.db") as store:
        store.save(example.analyzed, vectors=embed_statements(example.analyzed))
        first = cache.get(store)

        assert cache.get(store) is first
        assert sum(subject.size for subject in first.subjects) == len(example.analyzed.attributions)

        store.save(hostile.analyzed, vectors=embed_statements(hostile.analyzed))
        second = cache.get(store)

        assert second is not first
        assert len(second.statements) == len(first.statements) + len(hostile.analyzed.attributions)

        # A vector put again (a backfill) is a change, though no count changes.
        store.put_vectors(web_corpus.hostile_id, embed_statements(hostile.analyzed))
        third = cache.get(store)

        assert third is not second
        assert third == second


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

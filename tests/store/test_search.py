"""Ranked search on both backends, over the six articles of conftest.py.

Statement vectors here are synthetic: a unit vector drawn from a seed of the statement's key, so
that the meaning ranking's order is known (the query is one statement's vector, nudged) without
the encoder, which the store never loads anyway.
"""

from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import replace

import numpy as np
import pytest

from onrecord.embed import VECTOR_WIDTH
from onrecord.errors import StoreError
from onrecord.results import AnalyzedArticle, Kind
from onrecord.store import SearchHit, StatementFilter, Store, article_id
from onrecord.store._search import RRF_K

Key = tuple[str, str]


def _vector(key: Key) -> np.ndarray:
    seed = zlib.crc32(f"{key[0]}/{key[1]}".encode())
    vector = np.random.default_rng(seed).standard_normal(VECTOR_WIDTH).astype(np.float32)
    return vector / np.linalg.norm(vector)


def _vectors(analyzed: AnalyzedArticle) -> dict[str, np.ndarray]:
    key = article_id(analyzed.article.text)
    return {attribution.id: _vector((key, attribution.id)) for attribution in analyzed.attributions}


def _near(vector: np.ndarray, seed: int = 1) -> np.ndarray:
    """``vector`` nudged a little: still nearer to it than to any other random vector."""
    noise = np.random.default_rng(seed).standard_normal(VECTOR_WIDTH).astype(np.float32)
    nudged = vector + 0.05 * noise / np.linalg.norm(noise)
    return nudged / np.linalg.norm(nudged)


@pytest.fixture
def vector_store(store: Store, corpus: list[AnalyzedArticle]) -> Store:
    for analyzed in corpus:
        assert store.save(analyzed, vectors=_vectors(analyzed))
    return store


def _key_of(store: Store, path: str, attribution: str) -> Key:
    (row,) = (
        row for row in store.statements() if row.path == path and row.attribution_id == attribution
    )
    return row.article_id, row.attribution_id


def _keys(hits: list[SearchHit]) -> list[Key]:
    return [(hit.statement.article_id, hit.statement.attribution_id) for hit in hits]


def _paths(hits: list[SearchHit]) -> list[tuple[str | None, str]]:
    return [(hit.statement.path, hit.statement.attribution_id) for hit in hits]


def test_words_are_stemmed_and_more_of_them_rank_higher(vector_store: Store) -> None:
    negotiating = vector_store.search("negotiating", mode="words")
    assert _paths(negotiating) == [("daily-1.txt", "a3")]
    assert negotiating[0].words_rank == 1
    assert negotiating[0].meaning_rank is None
    assert negotiating[0].score == pytest.approx(1 / (RRF_K + 1))

    assert set(_paths(vector_store.search("Ukraine", mode="words"))) == {
        ("wire-1.txt", "a1"),
        ("daily-1.txt", "a3"),
    }
    # Any of the words is enough to be ranked; having both ranks first.
    assert _paths(vector_store.search("Ukraine negotiate", mode="words")) == [
        ("daily-1.txt", "a3"),
        ("wire-1.txt", "a1"),
    ]
    assert set(_paths(vector_store.search("Ukraine inflation", mode="words"))) == {
        ("wire-1.txt", "a1"),
        ("daily-1.txt", "a3"),
        ("wire-2.txt", "a1"),
    }
    assert vector_store.search("the about what", mode="words") == []


def test_a_quoted_phrase_must_occur_as_written(vector_store: Store) -> None:
    assert _paths(vector_store.search('"making progress"', mode="words")) == [("wire-2.txt", "a2")]
    assert _paths(vector_store.search("“making progress”", mode="words")) == [("wire-2.txt", "a2")]
    assert vector_store.search('"progress making"', mode="words") == []


def test_the_words_ranking_puts_the_better_match_first(vector_store: Store) -> None:
    # "Declines" is half of one statement's content and a fifth of another's.
    hits = vector_store.search("declines", mode="words")
    assert _paths(hits) == [("wire-2.txt", "a4"), ("wire-2.txt", "a3")]
    assert [hit.words_rank for hit in hits] == [1, 2]
    assert hits[0].score > hits[1].score


@pytest.mark.parametrize(
    "typed",
    [
        '"',
        '""',
        "NEAR(war peace, 2)",
        "war*",
        "war AND",
        "OR",
        "content:war",
        "^war",
        "-war",
        "war & !peace | (x",
        "war <-> peace",
        "'; DROP TABLE attributions; --",
        "\\",
        "a' OR '1'='1",
        "{war}",
        "%_%",
        "ﬁnal ünïcödé 战争",
        "war " * 500,
    ],
)
def test_no_text_is_read_as_query_syntax(vector_store: Store, typed: str) -> None:
    for mode in ("words", "both"):
        hits = vector_store.search(typed, mode=mode, vector=_vector(("x", "y")))
        assert all(isinstance(hit, SearchHit) for hit in hits)
    assert vector_store.statement_page(StatementFilter(words=typed), limit=5).total >= 0
    assert vector_store.counts()["attributions"] == 14


def test_meaning_finds_the_statement_nearest_to_the_query_vector(vector_store: Store) -> None:
    key = _key_of(vector_store, "wire-2.txt", "a2")
    hits = vector_store.search("anything", vector=_near(_vector(key)), mode="meaning", limit=3)

    assert _keys(hits)[0] == key
    assert [hit.meaning_rank for hit in hits] == [1, 2, 3]
    assert [hit.words_rank for hit in hits] == [None, None, None]
    assert hits[0].similarity == pytest.approx(float(_near(_vector(key)) @ _vector(key)), abs=1e-5)
    similarities = [hit.similarity for hit in hits]
    assert similarities == sorted(similarities, reverse=True)  # type: ignore[type-var]


def test_both_fuses_the_rankings_by_reciprocal_rank(vector_store: Store) -> None:
    key = _key_of(vector_store, "daily-1.txt", "a3")
    hits = vector_store.search("negotiate", vector=_near(_vector(key)), mode="both", limit=20)

    assert _keys(hits)[0] == key
    assert (hits[0].words_rank, hits[0].meaning_rank) == (1, 1)
    assert hits[0].score == pytest.approx(2 / (RRF_K + 1))
    # The rest are found by meaning alone, in its order.
    assert [hit.meaning_rank for hit in hits] == list(range(1, 15))
    assert all(hit.words_rank is None for hit in hits[1:])
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)
    assert all(hit.similarity is not None for hit in hits)


def test_a_words_match_far_in_meaning_still_ranks(vector_store: Store) -> None:
    near = _key_of(vector_store, "wire-2.txt", "a5")
    hits = vector_store.search("inflation", vector=_near(_vector(near)), mode="both", limit=3)
    by_key = dict(zip(_keys(hits), hits, strict=True))
    inflation = _key_of(vector_store, "wire-2.txt", "a1")

    # First in one ranking each: the words match is in the meaning ranking too, lower down.
    assert set(_keys(hits)[:2]) == {near, inflation}
    assert by_key[near].meaning_rank == 1
    assert by_key[inflation].words_rank == 1
    assert by_key[inflation].meaning_rank is not None
    assert by_key[inflation].similarity is not None


def test_a_fused_search_counts_by_words_only_what_has_most_of_the_words(
    vector_store: Store,
) -> None:
    vector = _near(_vector(_key_of(vector_store, "wire-2.txt", "a5")))
    both_words = _key_of(vector_store, "daily-1.txt", "a3")

    # By words, a statement with either word ranks; fused, only the one with both (two
    # thirds of two words is two) has a words rank.
    assert len(vector_store.search("Ukraine negotiate", mode="words")) == 2
    fused = vector_store.search("Ukraine negotiate", vector=vector, mode="both", limit=20)
    assert [_keys([hit])[0] for hit in fused if hit.words_rank is not None] == [both_words]
    # Of "Ukraine inflation", no statement has both: the fused ranking is the meaning ranking.
    fused = vector_store.search("Ukraine inflation", vector=vector, mode="both", limit=20)
    assert all(hit.words_rank is None for hit in fused)


FILTERS = [
    StatementFilter(speaker="Milley"),
    StatementFilter(outlet="Daily"),
    StatementFilter(kind=Kind.DIRECT),
    StatementFilter(since=dt.date(2022, 11, 20)),
    StatementFilter(until=dt.date(2022, 11, 16)),
    StatementFilter(outlet="Wire", kind=Kind.INDIRECT, since=dt.date(2022, 11, 23)),
    StatementFilter(contains="War"),
    StatementFilter(words="declines"),
]


@pytest.mark.parametrize("filters", FILTERS)
def test_filters_hold_inside_both_rankings(vector_store: Store, filters: StatementFilter) -> None:
    expected = {
        (row.article_id, row.attribution_id)
        for row in vector_store.statement_page(filters, limit=100).rows
    }
    assert expected  # each filter keeps some statements, and leaves out others
    assert len(expected) < 14
    outside = next(
        (row.article_id, row.attribution_id)
        for row in vector_store.statements()
        if (row.article_id, row.attribution_id) not in expected
    )
    # The nearest statement of all is left out: the ranking is of the filtered statements.
    vector = _near(_vector(outside))
    meaning = vector_store.search("", vector=vector, mode="meaning", filters=filters, limit=100)
    assert set(_keys(meaning)) == expected
    assert [hit.meaning_rank for hit in meaning] == list(range(1, len(expected) + 1))
    top = vector_store.search("", vector=vector, mode="meaning", filters=filters, limit=1)
    assert _keys(top) == _keys(meaning)[:1]

    words = vector_store.search("war further Ukraine", mode="words", filters=filters, limit=100)
    assert set(_keys(words)) <= expected
    for word in ("war", "further", "Ukraine", "prices"):
        found = vector_store.search(word, mode="words", filters=filters, limit=100)
        assert set(_keys(found)) <= expected


def test_pages_of_a_search_follow_each_other(vector_store: Store) -> None:
    vector = _near(_vector(_key_of(vector_store, "wire-1.txt", "a1")))
    whole = vector_store.search("war", vector=vector, limit=6)
    assert len(whole) == 6
    assert vector_store.search("war", vector=vector, limit=3, offset=3) == whole[3:]
    assert vector_store.search("war", vector=vector, limit=0) == []


def test_a_search_checks_what_it_is_given(vector_store: Store) -> None:
    with pytest.raises(ValueError, match="needs the query's vector"):
        vector_store.search("war", mode="meaning")
    with pytest.raises(ValueError, match="needs the query's vector"):
        vector_store.search("war")
    with pytest.raises(ValueError, match="unknown search mode"):
        vector_store.search("war", mode="fuzzy")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="shape"):
        vector_store.search("war", vector=np.ones(3), mode="meaning")
    with pytest.raises(ValueError, match="zero or not finite"):
        vector_store.search("war", vector=np.full(VECTOR_WIDTH, np.nan), mode="meaning")
    with pytest.raises(ValueError, match="limit"):
        vector_store.search("war", mode="words", limit=-1)


def test_more_like_this_leaves_the_statement_out(vector_store: Store) -> None:
    key = _key_of(vector_store, "wire-1.txt", "a2")
    hits = vector_store.similar(*key, limit=20)

    assert key not in _keys(hits)
    assert len(hits) == 13
    expected = sorted((float(_vector(other) @ _vector(key)), other) for other in _keys(hits))
    assert [hit.similarity for hit in hits] == pytest.approx(
        [similarity for similarity, _ in reversed(expected)], abs=1e-5
    )
    assert [hit.meaning_rank for hit in hits] == list(range(1, 14))
    daily = vector_store.similar(*key, filters=StatementFilter(outlet="Daily"))
    assert {hit.statement.outlet for hit in daily} == {"Daily"}
    assert len(daily) == 4


def test_more_like_this_needs_a_stored_statement_with_a_vector(
    store: Store, corpus: list[AnalyzedArticle]
) -> None:
    store.save(corpus[0])
    key = article_id(corpus[0].article.text)
    with pytest.raises(StoreError, match="has no vector yet"):
        store.similar(key, "a1")
    with pytest.raises(StoreError, match="there is no statement a9"):
        store.similar(key, "a9")


def test_vectors_are_put_later_and_replaced(store: Store, corpus: list[AnalyzedArticle]) -> None:
    for analyzed in corpus:
        store.save(analyzed)
    keys = sorted(article_id(analyzed.article.text) for analyzed in corpus[:5])
    assert store.articles_without_vectors() == keys  # the sixth article has no statement
    assert store.articles_without_vectors(limit=2) == keys[:2]
    vector = _vector(("some", "vector"))
    # Words are searched before any vector is stored.
    assert _paths(store.search("inflation", vector=vector)) == [("wire-2.txt", "a1")]

    wire = corpus[2]
    key = article_id(wire.article.text)
    assert store.put_vectors(key, _vectors(wire)) == 5
    assert key not in store.articles_without_vectors()
    assert store.counts()["statement_vectors"] == 5
    first = store.search("", vector=_near(_vector((key, "a3"))), mode="meaning")
    assert _keys(first)[0] == (key, "a3")

    # Put again: the vector is replaced, and the search sees the new one.
    assert store.put_vectors(key, {"a3": _vector(("other", "one"))}) == 1
    assert store.counts()["statement_vectors"] == 5
    again = store.search("", vector=_near(_vector((key, "a3"))), mode="meaning")
    assert _keys(again)[0] != (key, "a3")
    moved = store.search("", vector=_vector(("other", "one")), mode="meaning", limit=1)
    assert _keys(moved) == [(key, "a3")]
    assert moved[0].similarity == pytest.approx(1.0, abs=1e-5)


def test_vectors_of_statements_not_stored_are_refused(
    store: Store, corpus: list[AnalyzedArticle]
) -> None:
    analyzed = corpus[0]
    key = article_id(analyzed.article.text)
    with pytest.raises(StoreError, match="there is no article"):
        store.put_vectors(key, _vectors(analyzed))
    with pytest.raises(ValueError, match="the article does not have: a9"):
        store.save(analyzed, vectors={**_vectors(analyzed), "a9": _vector(("a", "9"))})
    with pytest.raises(ValueError, match=r"shape \(2,\)"):
        store.save(analyzed, vectors={"a1": np.ones(2)})
    assert not store.has_article(key)

    store.save(analyzed)
    with pytest.raises(StoreError, match="has no statement a9"):
        store.put_vectors(key, {"a9": _vector(("a", "9"))})
    assert store.counts()["statement_vectors"] == 0


def test_statement_vectors_are_the_stored_ones_in_a_stable_order(vector_store: Store) -> None:
    rows, vectors = vector_store.statement_vectors()
    keys = [(row.article_id, row.attribution_id) for row in rows]
    assert len(keys) == 14
    assert [key[0] for key in keys] == sorted(key[0] for key in keys)
    assert vectors.dtype == np.float32
    assert vectors.shape == (14, VECTOR_WIDTH)
    for key, vector in zip(keys, vectors, strict=True):
        np.testing.assert_array_equal(vector, _vector(key))

    daily, daily_vectors = vector_store.statement_vectors(StatementFilter(outlet="Daily"))
    assert {row.outlet for row in daily} == {"Daily"}
    assert daily_vectors.shape == (len(daily), VECTOR_WIDTH)
    assert vector_store.statement_vectors(StatementFilter(outlet="None"))[1].shape == (
        0,
        VECTOR_WIDTH,
    )


def test_a_failed_save_leaves_no_words_and_no_vectors(
    store: Store, corpus: list[AnalyzedArticle]
) -> None:
    analyzed = corpus[0]
    # Nested in an attribution that is not there: refused at commit, after every row is written.
    nested = replace(analyzed.attributions[0], nested_in="a9")
    with pytest.raises(StoreError):
        store.save(
            replace(analyzed, attributions=(nested, *analyzed.attributions[1:])),
            vectors=_vectors(analyzed),
        )
    counts = store.counts()
    assert counts["statement_words"] == counts["statement_vectors"] == counts["articles"] == 0

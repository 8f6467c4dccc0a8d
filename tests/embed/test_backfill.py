"""Backfill: vectors for a store ingested without them, idempotent and resumable."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from onrecord._ingest import ingest
from onrecord.embed import BackfillSummary, embed_store
from onrecord.store import Store

ARTICLES = [
    "Senator Warren said that the budget would fail. “We will not give up,” Warren said.",
    "Governor Pence told reporters that the border would be closed by the end of the year.",
    "Two officials familiar with the talks said the vote could slip to next week.",
]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    directory = tmp_path / "corpus"
    directory.mkdir()
    for number, text in enumerate(ARTICLES):
        (directory / f"{number}.txt").write_text(text, encoding="utf-8")
    return directory


def test_a_backfill_gives_every_statement_the_vector_ingest_gives_it(
    corpus: Path, tmp_path: Path
) -> None:
    seen: list[int] = []

    def progressed(summary: BackfillSummary) -> None:
        seen.append(summary.articles)

    with (
        Store.open(str(tmp_path / "late.db")) as late,
        Store.open(str(tmp_path / "ingested.db")) as ingested,
    ):
        ingest([str(corpus)], late, embed=False)
        ingest([str(corpus)], ingested)

        summary = embed_store(late, on_article=progressed)

        statements = late.counts()["attributions"]
        assert (summary.total, summary.articles, summary.statements) == (3, 3, statements)
        assert seen == [1, 2, 3]
        rows, vectors = late.statement_vectors()
        expected_rows, expected = ingested.statement_vectors()
        assert rows == expected_rows
        np.testing.assert_array_equal(vectors, expected)
        assert late.articles_without_vectors() == []


def test_a_backfill_cut_short_resumes_and_a_finished_one_does_nothing(
    corpus: Path, tmp_path: Path
) -> None:
    with Store.open(str(tmp_path / "store.db")) as store:
        ingest([str(corpus)], store, embed=False)

        first = embed_store(store, limit=1)
        left = store.articles_without_vectors()
        rest = embed_store(store)
        again = embed_store(store)

        assert (first.total, first.articles) == (1, 1)
        assert len(left) == 2
        assert (rest.total, rest.articles) == (2, 2)
        assert first.statements + rest.statements == store.counts()["attributions"]
        assert (again.total, again.articles, again.statements) == (0, 0, 0)

"""Ingest: counts, idempotence, one bad document never stops the batch, and a real kill."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from onrecord._batch import run_batch
from onrecord._ingest import IngestSummary, ingest, ingest_parquet
from onrecord.embed import embed_statements
from onrecord.engine import LocalEngine
from onrecord.io._sources import Failure
from onrecord.store import Store

SPEAKERS = ["Senator Elizabeth Warren", "Governor Mike Pence", "Mayor Bill de Blasio", "Ted Cruz"]
TOPICS = ["the budget", "the border", "the election", "the pipeline", "the trade deal", "taxes"]
ARTICLES_TO_KILL = 300


def article(number: int) -> str:
    speaker = SPEAKERS[number % len(SPEAKERS)]
    topic = TOPICS[number % len(TOPICS)]
    return (
        f"Report number {number} on {topic}\n\n"
        f"{speaker} said on Monday that {topic} would be decided by the end of the year. "
        f"“We will not give up on {topic},” {speaker.split()[-1]} told reporters in article "
        f"{number}. Two officials familiar with the talks said the vote could slip.\n"
    )


def write_corpus(directory: Path, count: int) -> Path:
    directory.mkdir()
    for number in range(count):
        (directory / f"article-{number:03}.txt").write_text(article(number), encoding="utf-8")
    return directory


def test_ingest_counts_every_document_once_and_a_rerun_adds_nothing(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", 6)
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    (corpus / "copy.txt").write_text(article(2), encoding="utf-8")
    with Store.open(str(tmp_path / "store.db")) as store:
        first = ingest([str(corpus)], store)
        counts = store.counts()
        second = ingest([str(corpus)], store)

        assert (first.ingested, first.duplicates, len(first.failures)) == (6, 1, 1)
        assert first.failures[0].source.endswith("empty.txt")
        assert (second.ingested, second.duplicates) == (0, 7)
        assert store.counts() == counts
        assert counts["articles"] == 6


@pytest.mark.slow
def test_a_killed_run_restarted_ends_with_the_counts_of_an_uninterrupted_one(
    tmp_path: Path,
) -> None:
    # Large enough that the run cannot finish between two polls on a fast machine.
    corpus = write_corpus(tmp_path / "corpus", ARTICLES_TO_KILL)
    killed_db, clean_db = tmp_path / "killed.db", tmp_path / "clean.db"

    process = subprocess.Popen(
        [sys.executable, "-m", "onrecord", "ingest", str(corpus), "--db", str(killed_db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and process.poll() is None:
        if killed_db.exists():
            with Store.open(str(killed_db)) as store:
                stored = store.counts()["articles"]
            if stored >= 5:
                break
        time.sleep(0.2)
    assert process.poll() is None, "the run finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert 5 <= stored < ARTICLES_TO_KILL

    for database in (killed_db, clean_db):
        finished = subprocess.run(
            [sys.executable, "-m", "onrecord", "ingest", str(corpus), "--db", str(database)],
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        assert finished.returncode == 0, finished.stderr
    with Store.open(str(killed_db)) as killed, Store.open(str(clean_db)) as clean:
        assert killed.counts() == clean.counts()
        assert killed.counts()["articles"] == ARTICLES_TO_KILL


def test_ingesting_what_a_batch_run_wrote_stores_what_ingesting_its_inputs_stores(
    tmp_path: Path,
) -> None:
    corpus = write_corpus(tmp_path / "corpus", 6)
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    (corpus / "copy.txt").write_text(article(2), encoding="utf-8")
    out = tmp_path / "out"
    with LocalEngine(1) as engine:
        run_batch([str(corpus)], out, engine)

    with (
        Store.open(str(tmp_path / "direct.db")) as direct,
        Store.open(str(tmp_path / "parquet.db")) as from_parquet,
    ):
        ingest([str(corpus)], direct)
        summary = ingest_parquet(out, from_parquet)
        again = ingest_parquet(out, from_parquet)

        # The run dropped the copy already; the store is left to drop nothing.
        assert (summary.ingested, summary.duplicates, len(summary.failures)) == (6, 0, 1)
        assert (again.ingested, again.duplicates) == (0, 6)
        assert from_parquet.counts() == direct.counts()
        assert list(from_parquet.export_rows()) == list(direct.export_rows())
        rows, vectors = from_parquet.statement_vectors()
        assert (rows, vectors.tolist()) == (
            direct.statement_vectors()[0],
            direct.statement_vectors()[1].tolist(),
        )
        assert len(rows) == direct.counts()["attributions"]
        assert [(e.source, e.reason) for e in from_parquet.errors()] == [
            (e.source, e.reason) for e in direct.errors()
        ]


def assert_stored_vectors_are_those_of_the_stored_articles(store: Store) -> None:
    rows, vectors = store.statement_vectors()
    by_article: dict[str, dict[str, np.ndarray]] = {}
    for row, vector in zip(rows, vectors, strict=True):
        if row.article_id not in by_article:
            stored = store.article(row.article_id)
            assert stored is not None
            by_article[row.article_id] = embed_statements(stored.analyzed)
        np.testing.assert_array_equal(vector, by_article[row.article_id][row.attribution_id])


def test_ingest_stores_a_vector_for_every_statement_unless_told_not_to(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", 3)
    with (
        Store.open(str(tmp_path / "with.db")) as embedded,
        Store.open(str(tmp_path / "without.db")) as plain,
    ):
        ingest([str(corpus)], embedded)
        ingest([str(corpus)], plain, embed=False)

        statements = embedded.counts()["attributions"]
        assert statements == plain.counts()["attributions"] > 3
        assert len(embedded.statement_vectors()[0]) == statements
        assert_stored_vectors_are_those_of_the_stored_articles(embedded)
        assert embedded.articles_without_vectors() == []
        assert plain.statement_vectors()[0] == []
        assert len(plain.articles_without_vectors()) == 3


def test_progress_line_says_what_is_done_of_the_total_and_the_time_left() -> None:
    summary = IngestSummary(
        ingested=30, duplicates=8, failures=[Failure("x.txt", "file is empty")] * 2, seconds=20.0
    )

    # 40 documents in 20 s: the 160 left take 80 s.
    assert summary.seconds_left(200) == 80.0
    assert summary.progress_line(200) == (
        "40/200 documents: 30 ingested, 8 duplicates, 2 failed (1.5 articles/s, 1:20 left)"
    )
    assert summary.progress_line(None) == (
        "40 documents: 30 ingested, 8 duplicates, 2 failed (1.5 articles/s)"
    )
    assert IngestSummary().seconds_left(10) is None
    long_run = IngestSummary(ingested=1, seconds=4000.0)
    assert long_run.progress_line(2).endswith("(0.0 articles/s, 1:06:40 left)")

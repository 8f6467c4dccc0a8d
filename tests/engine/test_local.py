"""The local engine: in this process with one worker, in worker processes with more."""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Iterator
from itertools import count
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

import onrecord.component  # noqa: F401  (registers the Doc extensions results are read from)
from onrecord._analyze import analyze_articles
from onrecord.engine import LocalEngine, make_engine
from onrecord.errors import EngineError
from onrecord.results import Article

STATEMENTS = [
    "Senator Warren said that the vote would fail.",
    "“We will not negotiate,” said Biden.",
    "",
    "Two officials familiar with the talks said the vote could slip.",
    "Mayor de Blasio told reporters that the subway would be fixed.",
]


@Language.component("test_explode_on_boom")
def explode_on_boom(doc: Doc) -> Doc:
    if "boom" in doc.text:
        raise ValueError("a component broke on this document")
    return doc


def test_one_worker_gives_what_analyze_articles_gives() -> None:
    articles = [Article(text=text, path=f"{number}.txt") for number, text in enumerate(STATEMENTS)]

    with LocalEngine(1) as engine:
        results = list(engine.analyze(articles))

    assert results == list(analyze_articles(articles))
    assert results[2].error == "article text is empty"


def test_an_article_that_breaks_the_pipeline_fails_alone() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("test_explode_on_boom")
    articles = [Article(text=text) for text in ("All is well.", "Then boom.", "Quiet again.")]

    results = list(LocalEngine(1, load=lambda: nlp).analyze(articles))

    assert [result.article for result in results] == articles
    assert [result.error for result in results] == [
        None,
        "analysis failed (ValueError: a component broke on this document)",
        None,
    ]


def test_input_is_read_lazily() -> None:
    taken: list[int] = []

    def endless() -> Iterator[Article]:
        for number in count():
            taken.append(number)
            yield Article(text=f"Official number {number} said that the plan failed.")

    results = LocalEngine(1).analyze(endless())
    next(results)

    assert len(taken) <= 4


@pytest.mark.parametrize(
    ("name", "workers", "scheduler", "message"),
    [
        ("local", 0, None, "at least 1 worker"),
        ("local", 2, "tcp://127.0.0.1:8786", "needs --engine dask"),
        ("spark", None, None, "unknown engine 'spark'; choose one of local, dask"),
    ],
)
def test_engines_that_cannot_be_made_say_why(
    name: str, workers: int | None, scheduler: str | None, message: str
) -> None:
    with pytest.raises(EngineError, match=message):
        make_engine(name, workers, scheduler)


def test_the_default_is_a_worker_per_core_and_no_process_starts_before_there_is_work() -> None:
    before = set(multiprocessing.active_children())
    with LocalEngine() as engine:
        assert engine.workers == len(os.sched_getaffinity(0))
        assert list(engine.analyze([])) == []
        assert set(multiprocessing.active_children()) == before


@pytest.mark.slow
def test_a_worker_that_dies_fails_the_run_with_an_engine_error_not_a_hang() -> None:
    endless = (Article(text=f"Official number {n} said that the plan failed.") for n in count())
    before = set(multiprocessing.active_children())
    with LocalEngine(2) as engine:
        results = engine.analyze(endless)
        next(results)
        workers = set(multiprocessing.active_children()) - before
        assert len(workers) == 2
        assert all(worker.pid is not None for worker in workers)

        os.kill(next(iter(workers)).pid or 0, signal.SIGKILL)

        with pytest.raises(EngineError, match="a worker process died"):
            for _ in results:
                pass
        with pytest.raises(EngineError, match="a worker process died"):
            list(engine.analyze([Article(text=STATEMENTS[0])]))


@pytest.mark.slow
def test_workers_run_single_threaded_numerical_libraries_unless_told_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    before = set(multiprocessing.active_children())
    with LocalEngine(2) as engine:
        list(engine.analyze([Article(text=STATEMENTS[0])] * 12))
        workers = set(multiprocessing.active_children()) - before
        environments = [
            Path(f"/proc/{worker.pid}/environ").read_bytes().split(b"\0") for worker in workers
        ]

    assert len(environments) == 2
    for environment in environments:
        assert b"OPENBLAS_NUM_THREADS=1" in environment
        assert b"OMP_NUM_THREADS=3" in environment
    assert "OPENBLAS_NUM_THREADS" not in os.environ

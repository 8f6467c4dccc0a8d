"""Every engine gives the very same results: one process, two processes, a Dask cluster."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from onrecord.embed import VECTOR_WIDTH, embed_statements
from onrecord.engine import Analysis, DaskEngine, Engine, LocalEngine
from onrecord.results import AnalyzedArticle, Article

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "examples" / "milley-memos.txt"
POLNEAR_DEV = ROOT.parent / "shared" / "data" / "polnear" / "dev" / "text"


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    """Real articles when the corpus is there, with an empty one and a repeated one."""
    example = Article(
        text=EXAMPLE.read_text(encoding="utf-8"),
        published=dt.date(2022, 11, 15),
        path=str(EXAMPLE),
    )
    dev = [
        Article(text=path.read_text(encoding="utf-8"), path=str(path))
        for path in sorted(POLNEAR_DEV.glob("*.txt"))[:9]
    ]
    return [example, *dev, Article(text="", path="empty.txt"), example]


@pytest.fixture(scope="module")
def expected(articles: list[Article]) -> list[AnalyzedArticle]:
    with LocalEngine(1) as engine:
        return list(engine.analyze(articles))


def test_one_local_worker_analyzes_every_article_in_order(
    articles: list[Article], expected: list[AnalyzedArticle]
) -> None:
    assert [result.article for result in expected] == articles
    assert [result.error for result in expected[-2:]] == ["article text is empty", None]
    assert sum(len(result.attributions) for result in expected) > 20


@pytest.mark.slow
@pytest.mark.parametrize(
    "make",
    [lambda: LocalEngine(2), lambda: DaskEngine(workers=2)],
    ids=["local-2-processes", "dask-local-cluster-2-workers"],
)
def test_parallel_engines_give_the_results_of_one_worker(
    make: Callable[[], Engine], articles: list[Article], expected: list[AnalyzedArticle]
) -> None:
    with make() as engine:
        assert engine.workers == 2
        results = list(engine.analyze(articles))

    assert results == expected


def assert_vectors_of_their_statements(analyses: list[Analysis]) -> None:
    """Every statement has the vector that embedding its article here gives it."""
    for analysis in analyses:
        assert set(analysis.vectors) == {each.id for each in analysis.analyzed.attributions}
        for key, vector in embed_statements(analysis.analyzed).items():
            assert analysis.vectors[key].shape == (VECTOR_WIDTH,)
            np.testing.assert_array_equal(analysis.vectors[key], vector)


def test_one_local_worker_embeds_statements_when_asked(
    articles: list[Article], expected: list[AnalyzedArticle]
) -> None:
    with LocalEngine(1) as engine:
        analyses = list(engine.analyses(articles[:3], embed=True))
        plain = list(engine.analyses(articles[:1]))

    assert [analysis.analyzed for analysis in analyses] == expected[:3]
    assert_vectors_of_their_statements(analyses)
    assert sum(len(analysis.vectors) for analysis in analyses) > 20
    assert plain[0].vectors == {}


@pytest.mark.slow
@pytest.mark.parametrize(
    "make",
    [lambda: LocalEngine(2), lambda: DaskEngine(workers=2)],
    ids=["local-2-processes", "dask-local-cluster-2-workers"],
)
def test_parallel_engines_embed_in_their_workers(
    make: Callable[[], Engine],
    articles: list[Article],
    expected: list[AnalyzedArticle],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with monkeypatch.context() as patched:
        # Not in this process: the workers, started afresh, embed.
        patched.setattr("onrecord.embed._statements.embed_texts", _not_here)
        with make() as engine:
            analyses = list(engine.analyses(articles, embed=True))

    assert [analysis.analyzed for analysis in analyses] == expected
    assert_vectors_of_their_statements(analyses)
    # The empty article failed: it has no statements to embed.
    assert analyses[-2].vectors == {}


def _not_here(texts: object) -> None:
    raise AssertionError("statements were embedded in the process that asked for them")

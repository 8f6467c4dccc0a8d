"""Every engine gives the very same results: one process, two processes, a Dask cluster."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from onrecord.engine import DaskEngine, Engine, LocalEngine
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

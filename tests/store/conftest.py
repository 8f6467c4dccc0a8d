"""The articles that the store's tests query (``corpus``), in a store of each backend
(``corpus_store``; the backends' ``store`` fixture is the suite's, in tests/conftest.py)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from onrecord import pipeline
from onrecord._analyze import analyze
from onrecord.results import AnalyzedArticle
from onrecord.store import Store


@pytest.fixture(scope="session")
def corpus() -> list[AnalyzedArticle]:
    """Six short articles of three outlets (one none) as analyzed; see test_queries.py."""
    return [
        _analyzed(text, published, outlet=outlet, path=path)
        for path, outlet, published, text in ARTICLES
    ]


@pytest.fixture
def corpus_store(store: Store, corpus: list[AnalyzedArticle]) -> Store:
    for analyzed in corpus:
        assert store.save(analyzed)
    return store


ARTICLES = [
    (
        "wire-1.txt",
        "Wire",
        "2022-11-15",
        "Gen. Mark Milley, the Chairman of the Joint Chiefs of Staff, said on Monday that "
        "Ukraine had won the first phase of the war. “The Russians have lost 50% of their force,” "
        "Milley told reporters at a Pentagon briefing.\n\n"
        "Two senior administration officials, who spoke on condition of anonymity because they "
        "were not authorized to speak publicly, said the White House disagreed.",
    ),
    (
        "daily-1.txt",
        "Daily",
        "2022-11-20",
        "Milley said last week that talks were possible. “There is a window of opportunity,” he "
        "told the Economic Club of New York.\n\n"
        "President Joe Biden said on Tuesday that he would not negotiate without Ukraine.",
    ),
    (
        "wire-2.txt",
        "Wire",
        "2022-11-23",
        "Treasury Secretary Janet Yellen said on Wednesday that inflation had fallen to 7.7% in "
        "October. “We are making progress,” Yellen told CNN.\n\n"
        "A Treasury official, speaking on condition of anonymity, said the department expected "
        "further declines.\n\n"
        "“Prices are coming down,” President Joe Biden said.",
    ),
    (
        "undated.txt",
        None,
        None,
        "The Élysée Palace said the exercise would go ahead. “We remain ready,” spokesman John "
        "Kirby told reporters.",
    ),
    (
        "daily-2.txt",
        "Daily",
        "2022-11-25",
        "National security adviser Jake Sullivan quoted President Joe Biden as saying that the "
        "war must end.",
    ),
    (
        "daily-3.txt",
        "Daily",
        "2022-11-26",
        "Markets closed higher on Friday after a quiet session.",
    ),
]


def _analyzed(
    text: str, published: str | None, *, outlet: str | None, path: str
) -> AnalyzedArticle:
    # The rules alone: these figures test the store's queries, not the candidate classifier.
    analyzed = analyze(text, published=published, path=path, nlp=pipeline.load(extractor="rules"))
    return replace(analyzed, article=replace(analyzed.article, outlet=outlet))

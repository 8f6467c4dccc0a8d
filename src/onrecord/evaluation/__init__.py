"""Scoring attributions against the PolNeAR gold standard, and search against questions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from onrecord._analyze import analyze_articles
from onrecord.evaluation._brat import (
    GoldDocument,
    read_annotator_pairs,
    read_gold_corpus,
    read_gold_document,
)
from onrecord.evaluation._score import METRICS, Metric, Report, format_report, score
from onrecord.evaluation._search import (
    DEFAULT_K,
    SEARCH_MODES,
    LocatedStatement,
    QueryResult,
    RelevanceQuery,
    SearchMode,
    SearchReport,
    contents_match,
    format_search_report,
    judge,
    ndcg_at,
    read_relevance_set,
    recall_at,
    statements_match,
)
from onrecord.results import Article

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from spacy.language import Language

__all__ = [
    "DEFAULT_K",
    "METRICS",
    "SEARCH_MODES",
    "GoldDocument",
    "LocatedStatement",
    "Metric",
    "QueryResult",
    "RelevanceQuery",
    "Report",
    "SearchMode",
    "SearchReport",
    "agreement",
    "contents_match",
    "evaluate",
    "format_report",
    "format_search_report",
    "judge",
    "ndcg_at",
    "read_annotator_pairs",
    "read_gold_corpus",
    "read_gold_document",
    "read_relevance_set",
    "recall_at",
    "score",
    "statements_match",
]


def evaluate(
    directory: Path,
    *,
    nlp: Language | None = None,
    limit: int | None = None,
    include_nested: bool = False,
) -> Report:
    """Score the extractor on the gold corpus in ``directory``, or its first ``limit`` documents.

    PolNeAR labels every token with at most one attribution, so a statement reported inside
    another one's content is never in its gold standard (one such case in all of train). Nested
    predictions are therefore left out of the comparison unless ``include_nested`` is set.
    """
    documents = read_gold_corpus(directory)[:limit]
    articles = (Article(text=document.text, path=document.name) for document in documents)
    analyzed = analyze_articles(articles, nlp=nlp)
    return score(
        (
            document.text,
            document.attributions,
            [a for a in result.attributions if include_nested or a.nested_in is None],
        )
        for document, result in zip(documents, analyzed, strict=True)
    )


def agreement(directories: Iterable[Path]) -> Report:
    """How far PolNeAR's annotators agree: each second annotation scored against the gold one.

    Scored like :func:`evaluate`, with the second annotator's top-level statements as the
    predictions: the human ceiling for every metric of the extractor.
    """
    return score(
        (
            gold.text,
            gold.attributions,
            [a for a in second.attributions if a.nested_in is None],
        )
        for directory in directories
        for gold, second in read_annotator_pairs(directory)
    )

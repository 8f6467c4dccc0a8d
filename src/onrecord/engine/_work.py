"""What a worker runs: chunks of articles through a pipeline it loads once.

Imported by worker processes, so it imports no more than analysis needs.
"""

from __future__ import annotations

import threading
from contextlib import suppress
from typing import TYPE_CHECKING

from onrecord._analyze import analyze_articles
from onrecord.engine._base import Analysis
from onrecord.errors import OnrecordError
from onrecord.results import AnalyzedArticle, Article

if TYPE_CHECKING:
    from spacy.language import Language

    from onrecord.engine._base import Loader

# A Dask worker may run tasks in several threads; one spaCy pipeline must not parse in two at
# once (its memory zones free strings the other thread's documents still use). Parsing holds
# the GIL anyway, so serializing costs nothing: more processes, not threads, add speed.
_pipeline_lock = threading.Lock()


def warm_up(load: Loader) -> None:
    """Load the pipeline in this worker ahead of its first task.

    A failure is left for that first task to raise again, which brings its message to the
    caller; raised here, it would only break the worker.
    """
    with suppress(OnrecordError):
        load()


def analyze_chunk(articles: list[Article], load: Loader, embed: bool) -> list[Analysis]:
    """The task of a worker: the analysis of ``articles`` by the pipeline ``load`` returns,
    with their statements' vectors if ``embed``."""
    with _pipeline_lock:
        results = analyze_robustly(load(), articles)
    # The encoder's session may run in several threads at once: no need to hold the lock.
    return with_vectors(results) if embed else [Analysis(analyzed) for analyzed in results]


def with_vectors(results: list[AnalyzedArticle]) -> list[Analysis]:
    """Each analysis with the vectors of its statements; an article with an error has none.

    Embedding happens here, in the worker, so the process that stores results (one, for any
    number of workers) never runs the encoder.
    """
    from onrecord.embed import embed_statements

    return [
        Analysis(analyzed, {} if analyzed.error else embed_statements(analyzed))
        for analyzed in results
    ]


def analyze_robustly(nlp: Language, articles: list[Article]) -> list[AnalyzedArticle]:
    """The analysis of ``articles``; one that makes the pipeline raise gets an ``error``.

    A pipeline that raises on one document spoils its whole batch, so the batch is then parsed
    again article by article: only the article that raises again fails, and the others get
    the same results they would have got.
    """
    try:
        return list(analyze_articles(articles, nlp=nlp))
    # Whatever a component raises on a strange document, the rest of the corpus goes on.
    except Exception:
        return [_analyze_alone(nlp, article) for article in articles]


def _analyze_alone(nlp: Language, article: Article) -> AnalyzedArticle:
    try:
        (analyzed,) = analyze_articles([article], nlp=nlp)
    except Exception as error:
        return AnalyzedArticle(
            article=article, error=f"analysis failed ({type(error).__name__}: {error})"
        )
    return analyzed

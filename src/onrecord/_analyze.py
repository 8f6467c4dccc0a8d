"""The library entry points: analyze one article, or many in one streaming pass."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from itertools import islice
from typing import TYPE_CHECKING, TypeVar

from onrecord import pipeline
from onrecord.errors import InputError, TimeBudgetError
from onrecord.io._inputs import check_text
from onrecord.results import AnalyzedArticle, Article

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

T = TypeVar("T")


def analyze(
    text: str,
    published: dt.date | str | None = None,
    *,
    nlp: Language | None = None,
    path: str | None = None,
) -> AnalyzedArticle:
    """The attributed statements of one English news article.

    ``published`` (a date or ``YYYY-MM-DD``) is kept with the article so that relative dates can
    be resolved against it. ``nlp`` defaults to :func:`onrecord.pipeline.load`. Raises an
    ``InputError`` for text that cannot be analyzed.
    """
    nlp = nlp or pipeline.load()
    article = Article(text=text, published=parse_date(published), path=path)
    _check(article, nlp.max_length)
    return next(analyze_articles([article], nlp=nlp))


def analyze_articles(
    articles: Iterable[Article], *, nlp: Language | None = None, batch_size: int = 16
) -> Iterator[AnalyzedArticle]:
    """Analyze ``articles`` lazily and in order, batching them through the spaCy pipeline.

    Every article gets a result: one that cannot be analyzed (empty, too long) comes back with
    its ``error`` set, and the batch goes on. Memory stays flat however many articles pass: each
    batch is parsed in a spaCy memory zone, which frees the strings its texts added to the
    vocabulary once the batch's results have been copied out of its ``Doc`` objects.
    """
    nlp = nlp or pipeline.load()
    for batch in batched(articles, batch_size):
        # Results are built inside the zone and yielded outside it: the caller's code never
        # runs in our zone, so it may analyze with the same pipeline meanwhile.
        with _memory_zone(nlp):
            pairs = nlp.pipe(
                (_with_check(article, nlp) for article in batch),
                as_tuples=True,
                batch_size=batch_size,
            )
            results = [_result(doc, article, error) for doc, (article, error) in pairs]
        yield from results


def analyze_within(
    article: Article, seconds: float, *, nlp: Language | None = None
) -> AnalyzedArticle:
    """``article`` analyzed as :func:`analyze` does, unless that takes more than ``seconds``.

    The time is checked between the pipeline's components: past it, the analysis stops with a
    ``TimeBudgetError`` and the pipeline is free again. Each component takes time near-linear in
    the text's length, so the overrun is at most one component's share of the text.
    """
    nlp = nlp or pipeline.load()
    _check(article, nlp.max_length)
    deadline = time.monotonic() + seconds
    with _memory_zone(nlp):
        doc = _dated_doc(nlp, article.text, article)
        for name, component in nlp.pipeline:
            if time.monotonic() > deadline:
                raise TimeBudgetError(
                    f"analysis stopped after {seconds:g} s, before its {name!r} step: the text "
                    f"takes too long to analyze here; analyze it with the library or the CLI"
                )
            doc = component(doc)
        return _result(doc, article, None)


def _memory_zone(nlp: Language) -> AbstractContextManager[object]:
    # spaCy's zones must not nest; inside a caller's zone, that zone frees our strings too.
    # (spaCy's type stubs lack Vocab.in_memory_zone.)
    in_zone: bool = nlp.vocab.in_memory_zone  # type: ignore[attr-defined]
    return nullcontext() if in_zone else nlp.memory_zone()


def _result(doc: Doc, article: Article, error: str | None) -> AnalyzedArticle:
    if error is not None:
        return AnalyzedArticle(article=article, error=error)
    return AnalyzedArticle(
        article=article,
        attributions=doc._.attributions,
        speakers=doc._.speakers,
    )


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last one shorter), read lazily: Python 3.12's
    ``itertools.batched``."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def parse_date(value: dt.date | str | None) -> dt.date | None:
    """A date from a ``datetime.date`` or an ISO ``YYYY-MM-DD`` string."""
    if isinstance(value, dt.datetime):
        return value.date()
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"not a date: {value!r} (expected YYYY-MM-DD)") from None


def _check(article: Article, max_length: int) -> None:
    check_text(article.text, max_characters=max_length, english=False)


def _with_check(article: Article, nlp: Language) -> tuple[Doc, tuple[Article, str | None]]:
    """The doc to analyze and its context; a refused article is analyzed as nothing."""
    try:
        _check(article, nlp.max_length)
    except InputError as error:
        return _dated_doc(nlp, "", article), (article, str(error))
    return _dated_doc(nlp, article.text, article), (article, None)


def _dated_doc(nlp: Language, text: str, article: Article) -> Doc:
    """``text`` tokenized, with the article's publication date for the component to date its
    statements from."""
    doc = nlp.make_doc(text)
    doc._.published = article.published
    return doc

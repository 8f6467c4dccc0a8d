"""Reading inputs, analyzing them and storing the results: the corpus job behind ``ingest``.

Idempotent and crash-safe by construction: an article's id is the hash of its normalized text,
an article already in the store is skipped before it is parsed, and each article is saved in
one transaction, so a run killed at any point leaves whole articles only and a re-run picks
up where it stopped. A document that cannot be read or analyzed is recorded in the store's
errors and the batch goes on.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from onrecord.analyze import analyze_articles
from onrecord.inputs import MAX_BYTES_DEFAULT
from onrecord.model import Article
from onrecord.sources import Failure, read_sources
from onrecord.store import Store, article_id

if TYPE_CHECKING:
    from spacy.language import Language

    from onrecord.store import IdentityAssigner


@dataclass
class IngestSummary:
    """What one run did: every input document is counted exactly once."""

    ingested: int = 0
    duplicates: int = 0
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def documents(self) -> int:
        return self.ingested + self.duplicates + len(self.failures)

    @property
    def articles_per_second(self) -> float:
        return self.ingested / self.seconds if self.seconds else 0.0


def ingest(
    paths: Sequence[str],
    store: Store,
    *,
    nlp: Language | None = None,
    identities: IdentityAssigner | None = None,
    max_bytes: int = MAX_BYTES_DEFAULT,
    on_document: Callable[[IngestSummary], None] | None = None,
) -> IngestSummary:
    """Analyze and store every article of ``paths`` that the store does not hold yet.

    ``on_document`` is called after each document with the running summary (for progress).
    """
    summary = IngestSummary()
    started = time.perf_counter()

    def progressed() -> None:
        summary.seconds = time.perf_counter() - started
        if on_document is not None:
            on_document(summary)

    def new_articles(items: Iterable[Article | Failure]) -> Iterator[Article]:
        for item in items:
            if isinstance(item, Failure):
                store.record_error(item.source, item.reason)
                summary.failures.append(item)
                progressed()
            elif store.has_article(article_id(item.text)):
                summary.duplicates += 1
                progressed()
            else:
                yield item

    for analyzed in analyze_articles(
        new_articles(read_sources(paths, max_bytes=max_bytes)), nlp=nlp
    ):
        source = analyzed.article.path or "<unknown>"
        if analyzed.error is not None:
            store.record_error(source, analyzed.error)
            summary.failures.append(Failure(source, analyzed.error))
        elif store.save(analyzed, identities):
            summary.ingested += 1
        else:
            summary.duplicates += 1  # the same text twice within one batch
        progressed()
    progressed()
    return summary

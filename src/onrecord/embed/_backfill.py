"""Vectors for the statements of a store that has none for them: the job behind ``embed``.

Idempotent and resumable by construction: the articles to do are those the store reports with
a statement without a vector, each article's vectors are written in one call, so a run killed
at any point leaves whole articles done and a re-run does the rest.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from onrecord.embed._statements import embed_statements

if TYPE_CHECKING:
    from onrecord.store import Store


@dataclass
class BackfillSummary:
    """What one backfill did so far: of ``total`` articles to do, ``articles`` done, with
    ``statements`` vectors written."""

    total: int = 0
    articles: int = 0
    statements: int = 0
    seconds: float = 0.0

    @property
    def statements_per_second(self) -> float:
        return self.statements / self.seconds if self.seconds else 0.0


def embed_store(
    store: Store,
    *,
    limit: int | None = None,
    on_article: Callable[[BackfillSummary], None] | None = None,
) -> BackfillSummary:
    """Embed the statements of every stored article that has statements without vectors (at
    most ``limit`` articles) and store their vectors.

    A statement is embedded from its article as read back from the store, the same text
    (``statement_input``) that ingest embeds. ``on_article`` is called after each article with
    the running summary (for progress).
    """
    started = time.perf_counter()
    todo = store.articles_without_vectors(limit)
    summary = BackfillSummary(total=len(todo))
    for key in todo:
        stored = store.article(key)
        # Deleted since it was listed: nothing to embed.
        if stored is not None:
            summary.statements += store.put_vectors(key, embed_statements(stored.analyzed))
        summary.articles += 1
        summary.seconds = time.perf_counter() - started
        if on_article is not None:
            on_article(summary)
    summary.seconds = time.perf_counter() - started
    return summary

"""Reading inputs, analyzing them and storing the results: the corpus job behind ``ingest``.

Idempotent and crash-safe by construction: an article's id is the hash of its normalized text,
an article already in the store is skipped before it is parsed, and each article is saved in
one transaction, so a run killed at any point leaves whole articles only and a re-run picks
up where it stopped. A document that cannot be read or analyzed is recorded in the store's
errors and the batch goes on.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from onrecord import pipeline
from onrecord._batch import read_batch
from onrecord.engine import Analysis, Engine, LocalEngine
from onrecord.io._inputs import MAX_BYTES_DEFAULT
from onrecord.io._locations import expand, read_locations
from onrecord.io._sidecar import ArticleMetadata, with_metadata
from onrecord.io._sources import Failure
from onrecord.results import Article
from onrecord.store import Store, article_id

if TYPE_CHECKING:
    from pathlib import Path

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

    def seconds_left(self, total: int) -> float | None:
        """When the run should end, at the pace of its documents so far; None before any."""
        if not self.documents or not self.seconds:
            return None
        return max(total - self.documents, 0) * self.seconds / self.documents

    def progress_line(self, total: int | None) -> str:
        """The run so far in one line, for a log: done of total, outcomes, rate, time left."""
        done = f"{self.documents}" if total is None else f"{self.documents}/{total}"
        line = (
            f"{done} documents: {self.ingested} ingested, {self.duplicates} duplicates, "
            f"{len(self.failures)} failed ({self.articles_per_second:.1f} articles/s"
        )
        left = None if total is None else self.seconds_left(total)
        return line + ("" if left is None else f", {_duration(left)} left") + ")"


def _duration(seconds: float) -> str:
    minutes, second = divmod(round(seconds), 60)
    hours, minute = divmod(minutes, 60)
    return f"{hours}:{minute:02}:{second:02}" if hours else f"{minute}:{second:02}"


def ingest(
    paths: Sequence[str],
    store: Store,
    *,
    nlp: Language | None = None,
    engine: Engine | None = None,
    identities: IdentityAssigner | None = None,
    max_bytes: int = MAX_BYTES_DEFAULT,
    on_document: Callable[[IngestSummary], None] | None = None,
    metadata: Mapping[Path, ArticleMetadata] | None = None,
    embed: bool = True,
) -> IngestSummary:
    """Analyze and store every article of ``paths`` that the store does not hold yet.

    ``paths`` are files, directories, globs or URLs (see ``onrecord.io._locations``). ``engine``
    analyzes them (default: this process, with ``nlp``); the store is written by this process
    alone, in input order. ``on_document`` is called after each document with the running
    summary (for progress). ``metadata`` (a sidecar's, see ``onrecord.io._sidecar``) gives
    articles their dates, outlets, titles, URLs and authors. With ``embed``, the engine's
    workers embed every statement (``onrecord.embed``) and the vectors are stored with it;
    without, ``onrecord embed`` (``embed_stored``) can add them later.
    """
    run = _Run(store, identities, on_document)

    def new_articles(items: Iterable[Article | Failure]) -> Iterator[Article]:
        for item in items:
            if isinstance(item, Failure):
                run.failed(item)
            elif store.has_article(article_id(item.text)):
                run.duplicate()
            else:
                yield with_metadata(item, metadata) if metadata else item

    engine = engine or LocalEngine(1, load=(lambda: nlp) if nlp else pipeline.load)
    items = read_locations(expand(paths), max_bytes=max_bytes)
    for analysis in engine.analyses(new_articles(items), embed=embed):
        run.save(analysis)
    return run.finish()


def ingest_parquet(
    directory: Path,
    store: Store,
    *,
    identities: IdentityAssigner | None = None,
    on_document: Callable[[IngestSummary], None] | None = None,
) -> IngestSummary:
    """Store the results that ``onrecord run`` wrote to ``directory``: its done shards.

    Stores exactly what ingesting the shards' inputs would: the same articles, statements,
    speaker identities, errors and the vectors the run wrote (a run with ``--no-embed`` wrote
    none: ``onrecord embed`` adds them). Articles already stored are skipped.
    """
    run = _Run(store, identities, on_document)
    for _, results in read_batch(directory):
        for item in results:
            if isinstance(item, Failure):
                run.failed(item)
            else:
                run.save(item)
    return run.finish()


class _Run:
    """Stores results and keeps the summary of one ingest."""

    def __init__(
        self,
        store: Store,
        identities: IdentityAssigner | None,
        on_document: Callable[[IngestSummary], None] | None,
    ) -> None:
        self.summary = IngestSummary()
        self._store = store
        self._identities = identities
        self._on_document = on_document
        self._started = time.perf_counter()

    def failed(self, failure: Failure) -> None:
        self._store.record_error(failure.source, failure.reason)
        self.summary.failures.append(failure)
        self._progressed()

    def duplicate(self) -> None:
        self.summary.duplicates += 1
        self._progressed()

    def save(self, analysis: Analysis) -> None:
        analyzed = analysis.analyzed
        if analyzed.error is not None:
            self.failed(Failure(analyzed.article.path or "<unknown>", analyzed.error))
        elif self._store.save(analyzed, self._identities, vectors=analysis.vectors):
            self.summary.ingested += 1
            self._progressed()
        else:
            self.duplicate()  # the same text twice within one batch

    def finish(self) -> IngestSummary:
        self._progressed()
        return self.summary

    def _progressed(self) -> None:
        self.summary.seconds = time.perf_counter() - self._started
        if self._on_document is not None:
            self._on_document(self.summary)

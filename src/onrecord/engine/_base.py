"""What every engine shares: articles go out in chunks, and results come back in input order."""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, Self, TypeVar

from onrecord.results import AnalyzedArticle, Article

if TYPE_CHECKING:
    from types import TracebackType

    from spacy.language import Language

    from onrecord.embed import FloatArray

# Articles per task. Small, so that two workers finish a few hundred articles at about the same
# time (the last task of one is not much longer than the other's), and large enough that the
# cost of a task (pickling its articles, scheduling it: milliseconds) is lost in its seconds of
# parsing. Fixed whatever the engine, so every engine parses the very same batches.
CHUNK_SIZE = 4
# Tasks out per worker. Results are taken in input order, so a worker that has finished the
# tasks after a long one waits for it if there are no more to take; articles differ threefold in
# cost, and with eight tasks a worker no one of them holds the others up. Bounded all the same:
# at most 32 articles a worker, some megabytes, are held at a time.
TASKS_PER_WORKER = 8

Loader = Callable[[], "Language"]
"""Returns the pipeline that analyzes: called in every worker process, so it must pickle (a
module-level function, or a ``functools.partial`` of one) and should cache its pipeline, as
``onrecord.pipeline.load`` does: each worker then loads it once."""


@dataclass(frozen=True, slots=True)
class Analysis:
    """An article's analysis as a worker made it, with the vectors of its statements by
    attribution id (``onrecord.embed.embed_statements``) when the engine was asked to embed
    them; none for an article with an ``error``."""

    analyzed: AnalyzedArticle
    vectors: Mapping[str, FloatArray] = field(default_factory=dict)


class Pending(Protocol):
    """A submitted task: a ``concurrent.futures.Future`` or a ``distributed.Future``."""

    def cancel(self) -> object: ...


Task = TypeVar("Task", bound=Pending)


class Engine(ABC):
    """Analyzes a stream of articles, in this process, in worker processes or on a cluster.

    Every engine gives the same results: one ``AnalyzedArticle`` per article, in input order,
    with ``error`` set for an article that could not be analyzed. Input is read lazily and only a
    bounded number of articles is held at a time, so a stream of any length passes in flat
    memory. Close an engine (or use it as a context manager) to stop its workers.
    """

    workers: int

    @abstractmethod
    def analyses(self, articles: Iterable[Article], *, embed: bool = False) -> Iterator[Analysis]:
        """The analysis of each of ``articles``, in order; with ``embed``, each with the
        vectors of its statements, computed by the worker that analyzed it."""

    def analyze(self, articles: Iterable[Article]) -> Iterator[AnalyzedArticle]:
        """The analysis of each of ``articles``, in order."""
        return (analysis.analyzed for analysis in self.analyses(articles))

    @abstractmethod
    def close(self) -> None:
        """Stop the workers; the engine cannot be used afterwards."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def default_workers() -> int:
    """The cores this process may run on (a container's CPU set, not the whole machine's)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def in_order(
    chunks: Iterable[list[Article]],
    submit: Callable[[list[Article]], Task],
    collect: Callable[[Task], list[Analysis]],
    workers: int,
) -> Iterator[Analysis]:
    """Submit ``chunks`` as tasks to ``workers`` workers and yield their results in order.

    ``TASKS_PER_WORKER`` tasks a worker are out at a time: every worker stays busy while the
    caller handles results, and what is held in memory is bounded. Tasks still running when the
    caller stops (or ``collect`` raises) are cancelled.
    """
    window = TASKS_PER_WORKER * workers
    pending: deque[Task] = deque()
    try:
        for chunk in chunks:
            pending.append(submit(chunk))
            if len(pending) >= window:
                yield from collect(pending.popleft())
        while pending:
            yield from collect(pending.popleft())
    finally:
        for task in pending:
            task.cancel()

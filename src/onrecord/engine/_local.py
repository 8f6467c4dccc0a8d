"""The ``local`` engine: this machine's cores, one worker process each."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from multiprocessing.context import SpawnContext, SpawnProcess

from onrecord import pipeline
from onrecord._analyze import batched
from onrecord.engine._base import (
    CHUNK_SIZE,
    Analysis,
    Engine,
    Loader,
    default_workers,
    in_order,
)
from onrecord.engine._work import analyze_chunk, warm_up
from onrecord.errors import EngineError
from onrecord.results import Article

# Seconds between a worker's checks that the process that started it is still there.
_PARENT_CHECK_SECONDS = 1.0
# One thread for the numerical libraries of each worker, as Dask's workers have: a worker is one
# of a process per core, and OpenBLAS's helper threads would only spin on the others' cores
# (they cost a worker 10% more CPU on the 2-core machine of bench/scale.py). A value the user
# set wins.
_WORKER_ENVIRONMENT = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


class LocalEngine(Engine):
    """Analyzes with ``workers`` processes of this machine (default: one per core).

    Each worker process loads the pipeline once, when it starts. With one worker the articles
    are analyzed in this process, and ``load`` may return any pipeline, such as one already
    loaded. Worker processes are started, not forked: the caller may run threads (a progress
    display, a database pool), and a forked child could inherit one of their locks held.
    """

    def __init__(self, workers: int | None = None, *, load: Loader = pipeline.load) -> None:
        self.workers = default_workers() if workers is None else workers
        if self.workers < 1:
            raise EngineError(f"the local engine needs at least 1 worker, not {self.workers}")
        self._load = load
        self._pool: ProcessPoolExecutor | None = None
        if self.workers > 1:
            # Processes start with the first tasks: a run that finds nothing new starts none.
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=_WorkerContext(),
                initializer=_start_worker,
                initargs=(load, os.getpid()),
            )

    def analyses(self, articles: Iterable[Article], *, embed: bool = False) -> Iterator[Analysis]:
        chunks = batched(articles, CHUNK_SIZE)
        if self._pool is None:
            return (
                analysis for chunk in chunks for analysis in analyze_chunk(chunk, self._load, embed)
            )
        return in_order(
            chunks,
            partial(_submit, self._pool, self._load, embed),
            _collect,
            self.workers,
        )

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)


def _submit(
    pool: ProcessPoolExecutor, load: Loader, embed: bool, chunk: list[Article]
) -> Future[list[Analysis]]:
    try:
        return pool.submit(analyze_chunk, chunk, load, embed)
    except BrokenProcessPool as error:  # a worker died during an earlier analysis
        raise _worker_died() from error


def _collect(task: Future[list[Analysis]]) -> list[Analysis]:
    try:
        return task.result()
    except BrokenProcessPool as error:
        raise _worker_died() from error


def _worker_died() -> EngineError:
    return EngineError(
        "a worker process died while analyzing articles (killed, or out of memory); "
        "what was finished before is kept, and running again resumes"
    )


class _WorkerProcess(SpawnProcess):
    """A spawned process that starts with ``_WORKER_ENVIRONMENT``, this process's unchanged."""

    def start(self) -> None:
        added = {key: value for key, value in _WORKER_ENVIRONMENT.items() if key not in os.environ}
        os.environ.update(added)
        try:
            super().start()
        finally:
            for key in added:
                del os.environ[key]


class _WorkerContext(SpawnContext):
    Process = _WorkerProcess


def _start_worker(load: Loader, parent: int) -> None:
    # A parent killed outright (SIGKILL, OOM killer) cannot stop its pool, and its idle workers
    # would wait for tasks forever; each one leaves by itself once its parent is gone.
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    warm_up(load)


def _exit_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_PARENT_CHECK_SECONDS)
    os._exit(1)

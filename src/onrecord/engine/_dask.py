"""The ``dask`` engine: the workers of a Dask cluster, a local one by default.

Needs the ``scale`` extra (``pip install 'onrecord[scale]'``). On an existing cluster every
worker needs onrecord and the spaCy model installed, like this machine.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Iterator
from concurrent.futures import CancelledError
from functools import partial
from typing import TYPE_CHECKING, Any

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
from onrecord.errors import SCALE_EXTRA_HINT, EngineError, MissingExtraError
from onrecord.results import Article

if TYPE_CHECKING:
    from distributed import Future

# How long to wait for an existing scheduler to answer before giving up.
_CONNECT_SECONDS = 30


class DaskEngine(Engine):
    """Analyzes on a Dask cluster: ``scheduler`` (``tcp://HOST:PORT``) or, by default, a
    ``LocalCluster`` of ``workers`` single-threaded worker processes on this machine.

    Every worker loads the pipeline once, when the engine starts (or, for a worker that joins
    later, with its first task). A worker that dies has its tasks rerun on the others by Dask;
    a task that kills workers again and again fails the run with an ``EngineError``.
    """

    def __init__(
        self,
        scheduler: str | None = None,
        workers: int | None = None,
        *,
        load: Loader = pipeline.load,
    ) -> None:
        distributed = _import_distributed()
        from dask import config as dask_config

        self._load = load
        # Any: distributed's methods carry no annotations for a strict mypy to check.
        self._cluster: Any = None
        if scheduler is None:
            # Dask has glibc give freed memory back to the system 64 KiB at a time
            # (MALLOC_TRIM_THRESHOLD_), to keep its workers small; spaCy's many short-lived
            # allocations then cost 8% more CPU. Memory zones keep our workers flat without it,
            # so the workers of our own cluster keep glibc's default.
            with dask_config.set(
                {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}
            ):
                self._cluster = distributed.LocalCluster(
                    n_workers=default_workers() if workers is None else workers,
                    threads_per_worker=1,
                    processes=True,
                    # On this machine only, on free ports: the scheduler's web server (health,
                    # metrics) would take port 8787, or warn when another cluster has it.
                    host="127.0.0.1",
                    dashboard_address="127.0.0.1:0",
                )
            self._client: Any = distributed.Client(self._cluster)
        elif workers is not None:
            raise EngineError(
                "--workers sizes a local cluster; the cluster at --scheduler has its own workers"
            )
        else:
            self._client = _connect(distributed, scheduler)
        try:
            self.workers = self._warm_up()
        except BaseException:
            self.close()
            raise

    def _warm_up(self) -> int:
        """Load the pipeline on every worker now; the number of workers."""
        addresses = list(self._client.nthreads())
        if not addresses:
            raise EngineError("the Dask cluster has no workers")
        # Tasks pinned to each worker, not Client.run: that would load the pipeline in the
        # worker's event loop and block its heartbeats for seconds.
        self._client.gather(
            [
                self._client.submit(warm_up, self._load, workers=[address], pure=False)
                for address in addresses
            ]
        )
        return len(addresses)

    def analyses(self, articles: Iterable[Article], *, embed: bool = False) -> Iterator[Analysis]:
        return in_order(
            batched(articles, CHUNK_SIZE),
            partial(self._submit, embed=embed),
            _collect,
            self.workers,
        )

    def _submit(self, chunk: list[Article], *, embed: bool) -> Future[list[Analysis]]:
        # Not pure: the same chunk twice (a duplicated article) is two tasks, not one key.
        task: Future[list[Analysis]] = self._client.submit(
            analyze_chunk, chunk, self._load, embed, pure=False
        )
        return task

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def _connect(distributed: Any, scheduler: str) -> Any:
    """A client of the cluster at ``scheduler``, or an ``EngineError`` saying why there is none.

    The address is tried on a connection of our own first: a ``Client`` that fails to connect
    is left half made, and its clean-up, whenever the garbage collector runs it, can block the
    next client for good.
    """

    async def probe() -> None:
        connection = await distributed.comm.connect(scheduler, timeout=_CONNECT_SECONDS)
        await connection.close()

    try:
        asyncio.run(probe())
    # ValueError: not an address ("missing port number", "unknown address scheme").
    except (OSError, ValueError) as error:
        raise EngineError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from None
    return distributed.Client(scheduler, timeout=_CONNECT_SECONDS)


def _collect(task: Future[list[Analysis]]) -> list[Analysis]:
    from distributed import KilledWorker

    try:
        return task.result()
    except KilledWorker as error:
        raise EngineError(
            f"Dask workers died again and again analyzing one chunk of articles ({error}); "
            "what was finished before is kept, and running again resumes"
        ) from error
    # A lost scheduler cancels the tasks; a broken connection is a CommClosedError, an OSError.
    except (CancelledError, OSError) as error:
        raise EngineError(
            f"lost the Dask cluster ({type(error).__name__}: {error}); what was finished "
            "before is kept, and running again resumes"
        ) from error


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise MissingExtraError(
            f"the dask engine needs dask.distributed, which is not installed: {SCALE_EXTRA_HINT}"
        ) from None
    return distributed

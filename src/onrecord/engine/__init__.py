"""Engines analyze streams of articles in parallel: ``local`` (this machine's cores, the
default) or ``dask`` (a Dask cluster). The store stays with the caller: engines only analyze.

    with make_engine("local", workers=2) as engine:
        for analyzed in engine.analyze(articles):
            ...
        for analysis in engine.analyses(articles, embed=True):
            analysis.analyzed, analysis.vectors  # vectors by attribution id
"""

from __future__ import annotations

from typing import Literal

from onrecord import pipeline
from onrecord.engine._base import CHUNK_SIZE, Analysis, Engine, Loader, default_workers
from onrecord.engine._dask import DaskEngine
from onrecord.engine._local import LocalEngine
from onrecord.errors import EngineError

EngineName = Literal["local", "dask"]
ENGINES: tuple[EngineName, ...] = ("local", "dask")


def make_engine(
    name: str,
    workers: int | None = None,
    scheduler: str | None = None,
    *,
    load: Loader = pipeline.load,
) -> Engine:
    """The engine ``name`` ("local" or "dask") with ``workers`` workers (default: one per core).

    ``scheduler`` is the address of an existing Dask cluster (``tcp://HOST:PORT``); without
    one, the dask engine starts a local cluster.
    """
    if name == "local":
        if scheduler is not None:
            raise EngineError("--scheduler names a Dask cluster; it needs --engine dask")
        return LocalEngine(workers, load=load)
    if name == "dask":
        return DaskEngine(scheduler, workers, load=load)
    raise EngineError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")


__all__ = [
    "CHUNK_SIZE",
    "ENGINES",
    "Analysis",
    "DaskEngine",
    "Engine",
    "EngineName",
    "Loader",
    "LocalEngine",
    "default_workers",
    "make_engine",
]

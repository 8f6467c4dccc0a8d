"""The dask engine's set-up errors; its results are checked in test_engines.py."""

from __future__ import annotations

import sys

import pytest
from distributed import LocalCluster

from onrecord.engine import DaskEngine, LocalEngine
from onrecord.engine import _dask as dask
from onrecord.errors import EngineError, MissingExtraError
from onrecord.results import Article

STATEMENTS = [
    f"{name} said that the vote on bill {number} would fail."
    for number, name in enumerate(["Senator Warren", "Governor Pence", "Mayor de Blasio"] * 4)
]


def test_without_distributed_it_says_which_extra_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)

    with pytest.raises(MissingExtraError, match=r"needs dask.distributed.*onrecord\[scale\]"):
        DaskEngine()


def test_an_existing_cluster_brings_its_own_workers() -> None:
    with pytest.raises(EngineError, match="has its own workers"):
        DaskEngine("tcp://127.0.0.1:8786", workers=2)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("address", "reason"),
    [
        # Port 9 (discard) has no Dask scheduler behind it.
        ("tcp://127.0.0.1:9", "Timed out"),
        ("127.0.0.1", "missing port number"),
        ("http://127.0.0.1:8786", "unknown address scheme 'http'"),
    ],
)
def test_a_scheduler_that_cannot_be_reached_is_an_engine_error(
    address: str, reason: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dask, "_CONNECT_SECONDS", 1)

    with pytest.raises(
        EngineError, match=f"cannot reach the Dask scheduler at {address}: {reason}"
    ):
        DaskEngine(address)


@pytest.mark.slow
def test_an_existing_cluster_is_used_through_its_scheduler_and_left_running() -> None:
    articles = [Article(text=text) for text in STATEMENTS]
    expected = list(LocalEngine(1).analyze(articles))
    # Two threads in its one worker: the pipeline must still parse one chunk at a time.
    with LocalCluster(
        n_workers=1, threads_per_worker=2, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        with DaskEngine(cluster.scheduler_address) as engine:
            assert engine.workers == 1
            results = list(engine.analyze(articles))

        assert len(cluster.workers) == 1
    assert results == expected

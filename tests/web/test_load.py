"""A bounded load test (bench/load.py) against ``onrecord serve`` on loopback: no errors."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Callable

    from conftest import LiveServer

BENCH = Path(__file__).parents[2] / "bench" / "load.py"
ARTIFACTS = Path(__file__).parents[2] / "test-artifacts" / "web"


@pytest.mark.slow
def test_2000_requests_at_concurrency_20_without_errors(
    live_server: LiveServer, import_file: Callable[[Path], ModuleType]
) -> None:
    bench = import_file(BENCH)
    paths = bench.load_paths(live_server.url)

    report = bench.run(live_server.url, paths, requests=2000, concurrency=20)

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "load.json").write_text(json.dumps(asdict(report), indent=2) + "\n")
    print(report.summary())
    assert report.errors == 0, report.first_errors
    assert report.statuses == {200: 2000}
    assert any(path.startswith("/articles/") for path in paths)

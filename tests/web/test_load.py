"""A bounded load test (bench/load.py) against ``onrecord serve`` on loopback: no errors."""

from __future__ import annotations

import importlib.util
import json
import sys
from dataclasses import asdict
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from conftest import LiveServer

BENCH = Path(__file__).parents[2] / "bench" / "load.py"
ARTIFACTS = Path(__file__).parents[2] / "test-artifacts" / "web"


def _load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("load", BENCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # Registered before running so that its dataclasses can find their module.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_2000_requests_at_concurrency_20_without_errors(live_server: LiveServer) -> None:
    bench = _load_bench()
    paths = bench.load_paths(live_server.url)

    report = bench.run(live_server.url, paths, requests=2000, concurrency=20)

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "load.json").write_text(json.dumps(asdict(report), indent=2) + "\n")
    print(report.summary())
    assert report.errors == 0, report.first_errors
    assert report.statuses == {200: 2000}
    assert any(path.startswith("/articles/") for path in paths)

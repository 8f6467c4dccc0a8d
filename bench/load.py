"""A bounded load test of the web app on loopback: a fixed number of requests, at a fixed
concurrency, to article pages and API answers; it reports errors and latency percentiles.

    python bench/load.py --db onrecord.db      # starts `onrecord serve` on a free port itself
    python bench/load.py --url http://127.0.0.1:8000

bench/README.md explains what is measured.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO

import httpx

DEFAULT_REQUESTS = 2000
DEFAULT_CONCURRENCY = 20
# Articles whose pages are requested: enough that caches of one page do not decide the result.
ARTICLES = 5
STARTUP_SECONDS = 120


@dataclass(frozen=True)
class LoadReport:
    """What a run measured; latencies in milliseconds, from sending a request to its last byte."""

    requests: int
    concurrency: int
    paths: int
    errors: int
    seconds: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    statuses: dict[int, int]
    first_errors: list[str]

    @property
    def requests_per_second(self) -> float:
        return self.requests / self.seconds

    def summary(self) -> str:
        return (
            f"{self.requests} requests at concurrency {self.concurrency} over {self.paths} paths "
            f"in {self.seconds:.1f} s ({self.requests_per_second:.0f}/s): {self.errors} errors; "
            f"latency p50 {self.p50_ms:.1f} ms, p90 {self.p90_ms:.1f} ms, "
            f"p99 {self.p99_ms:.1f} ms, max {self.max_ms:.1f} ms"
        )


def load_paths(base_url: str, articles: int = ARTICLES) -> list[str]:
    """Pages and API answers of the store's latest articles, and two API listings."""
    found = httpx.get(f"{base_url}/api/articles", params={"limit": articles}, timeout=30)
    found.raise_for_status()
    ids = [article["id"] for article in found.json()["articles"]]
    if not ids:
        raise SystemExit("the store has no articles to request")
    return [
        *(f"/articles/{key}" for key in ids),
        *(f"/api/articles/{key}" for key in ids),
        "/api/statements?limit=20",
        "/api/speakers?limit=20",
    ]


def run(
    base_url: str,
    paths: Sequence[str],
    *,
    requests: int = DEFAULT_REQUESTS,
    concurrency: int = DEFAULT_CONCURRENCY,
) -> LoadReport:
    """Send ``requests`` GETs, cycling over ``paths``, ``concurrency`` at a time.

    Every status but 200, and every transport failure or timeout, is an error.
    """
    return asyncio.run(_run(base_url, paths, requests, concurrency))


async def _run(base_url: str, paths: Sequence[str], requests: int, concurrency: int) -> LoadReport:
    order = itertools.islice(itertools.cycle(paths), requests)
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    errors: list[str] = []
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async def worker(client: httpx.AsyncClient) -> None:
        # The workers share one iterator: each request is sent exactly once.
        for path in order:
            started = time.perf_counter()
            try:
                response = await client.get(path)
            except httpx.HTTPError as error:
                errors.append(f"{path}: {type(error).__name__}: {error}")
                continue
            latencies.append((time.perf_counter() - started) * 1000)
            statuses[response.status_code] += 1
            if response.status_code != 200:
                errors.append(f"{path}: HTTP {response.status_code}")

    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=30) as client:
        started = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        seconds = time.perf_counter() - started
    latencies.sort()
    return LoadReport(
        requests=requests,
        concurrency=concurrency,
        paths=len(paths),
        errors=len(errors),
        seconds=seconds,
        p50_ms=_percentile(latencies, 50),
        p90_ms=_percentile(latencies, 90),
        p99_ms=_percentile(latencies, 99),
        max_ms=latencies[-1] if latencies else 0.0,
        statuses=dict(statuses),
        first_errors=errors[:10],
    )


@contextmanager
def serving(database: Path) -> Iterator[str]:
    """``onrecord serve`` over ``database`` on a free port of 127.0.0.1, for the block."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "onrecord", "serve", "--db", str(database)]
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [*command, "--port", str(port)], stdout=subprocess.DEVNULL, stderr=log
        )
        try:
            _wait_for(url, process, log)
            yield url
        finally:
            process.terminate()
            process.wait(timeout=30)


def _wait_for(url: str, process: subprocess.Popen[bytes], log: IO[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        if process.poll() is not None:
            log.seek(0)
            raise SystemExit(f"onrecord serve failed:\n{log.read().decode()}")
        try:
            httpx.get(f"{url}/api/articles?limit=1", timeout=5).raise_for_status()
            return
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise SystemExit("onrecord serve did not answer") from None
            time.sleep(0.2)


def _percentile(sorted_values: Sequence[float], percent: int) -> float:
    """The nearest-rank percentile: the smallest value with ``percent``% of values at or below."""
    if not sorted_values:
        return 0.0
    rank = max(1, -(-percent * len(sorted_values) // 100))
    return sorted_values[rank - 1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--url", help="A running server, e.g. http://127.0.0.1:8000.")
    target.add_argument("--db", type=Path, help="A store to serve with `onrecord serve`.")
    parser.add_argument("--requests", type=int, default=DEFAULT_REQUESTS)
    parser.add_argument("--concurrency", type=int, default=DEFAULT_CONCURRENCY)
    parser.add_argument("--json", type=Path, help="Also write the report to this file.")
    args = parser.parse_args(argv)

    with serving(args.db) if args.db else _given(args.url) as url:
        report = run(url, load_paths(url), requests=args.requests, concurrency=args.concurrency)
    print(report.summary())
    for error in report.first_errors:
        print(f"  {error}")
    if args.json:
        args.json.write_text(json.dumps(asdict(report), indent=2) + "\n")
    return 1 if report.errors else 0


@contextmanager
def _given(url: str) -> Iterator[str]:
    yield url.rstrip("/")


if __name__ == "__main__":
    sys.exit(main())

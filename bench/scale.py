"""Throughput of the engines on the same articles: one process, two processes, Dask.

Run ``python bench/scale.py --help`` for options; bench/README.md explains what is measured.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import sys
import time
from dataclasses import asdict, dataclass
from functools import partial
from importlib.metadata import version

from onrecord import pipeline
from onrecord.engine import CHUNK_SIZE, Engine, Loader, make_engine
from onrecord.errors import OnrecordError
from onrecord.results import AnalyzedArticle, Article
from processes import busy_seconds, cpu_seconds, descendants
from throughput import PUBLISHED, Row, parse_timing_args, read_texts, timing_parser

# The targets: two local workers at least 1.7 times one, Dask within 15% of local.
TARGET_SPEEDUP = 1.7
TARGET_DASK_GAP = 0.15


@dataclass(frozen=True)
class Setup:
    label: str
    engine: str
    workers: int


SETUPS = (
    Setup("local, 1 process", "local", 1),
    Setup("local, 2 processes", "local", 2),
    Setup("dask, 2 workers", "dask", 2),
)
ONE, TWO, DASK = (setup.label for setup in SETUPS)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = timing_parser(
        "Articles/s and words/s of the local and dask engines on the same texts.", "engine"
    )
    return parse_timing_args(parser, argv)


def start(setup: Setup, load: Loader, warm_up: list[Article]) -> tuple[Engine, float]:
    """The engine of ``setup``, every worker's pipeline loaded; the seconds that took."""
    started = time.perf_counter()
    engine = make_engine(setup.engine, setup.workers, load=load)
    # Two tasks per worker: each worker has started, loaded its pipeline and parsed.
    list(engine.analyze(warm_up))
    return engine, time.perf_counter() - started


@dataclass(frozen=True)
class Timing:
    """A timed run, and the cores used meanwhile by its processes and by everything else."""

    seconds: float
    own_cores: float
    other_cores: float


def time_run(engine: Engine, articles: list[Article]) -> tuple[Timing, list[AnalyzedArticle]]:
    # A collection pending from the previous run would otherwise be charged to this one.
    gc.collect()
    processes = [os.getpid(), *descendants(os.getpid())]
    own, busy = cpu_seconds(processes), busy_seconds()
    started = time.perf_counter()
    results = list(engine.analyze(articles))
    seconds = time.perf_counter() - started
    own = cpu_seconds(processes) - own
    other = max(0.0, busy_seconds() - busy - own)
    return Timing(seconds, own / seconds, other / seconds), results


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    texts = read_texts(args.texts, args.limit)
    articles = [Article(text, published=PUBLISHED) for text in texts]
    words = sum(len(text.split()) for text in texts)
    try:
        load = partial(pipeline.load, pipeline.resolve_model_name(args.model))
    except OnrecordError as error:
        sys.exit(str(error))
    warm_up = articles[: 2 * max(setup.workers for setup in SETUPS) * CHUNK_SIZE]

    start_up: dict[str, float] = {}
    best: dict[str, Timing] = {}
    results: dict[str, list[AnalyzedArticle]] = {}
    for setup in SETUPS:
        # One engine at a time: an idle Dask cluster's heartbeats would be charged to the others.
        engine, start_up[setup.label] = start(setup, load, warm_up)
        with engine:
            for _ in range(args.repeat):
                timing, results[setup.label] = time_run(engine, articles)
                best[setup.label] = min(
                    best.get(setup.label, timing), timing, key=lambda timing: timing.seconds
                )

    rows = [Row(label, len(articles), words, timing.seconds) for label, timing in best.items()]
    speedup = best[ONE].seconds / best[TWO].seconds
    dask_gap = best[DASK].seconds / best[TWO].seconds - 1
    identical = results[ONE] == results[TWO] == results[DASK]
    verdicts = {
        f"2 processes / 1 >= {TARGET_SPEEDUP}x": speedup >= TARGET_SPEEDUP,
        f"dask within {TARGET_DASK_GAP:.0%} of 2 processes": dask_gap <= TARGET_DASK_GAP,
        "identical results": identical,
    }
    facts = {
        "python": platform.python_version(),
        "spacy": version("spacy"),
        "dask": version("distributed"),
        "model": load.args[0],
        "cores": len(os.sched_getaffinity(0)),
        "load average": " ".join(f"{value:.2f}" for value in os.getloadavg()),
        "texts": str(args.texts),
        "repeat": args.repeat,
        "chunk": CHUNK_SIZE,
    }

    for key, value in facts.items():
        print(f"{key + ':':<14}{value}")
    print()
    print(
        f"{'':<20}{'articles':>9}{'words':>9}{'seconds':>9}{'articles/s':>12}{'words/s':>10}"
        f"{'start-up s':>12}{'cores':>7}{'others':>8}"
    )
    for row in rows:
        timing = best[row.label]
        print(
            f"{row.label:<20}{row.articles:>9}{row.words:>9}{row.seconds:>9.2f}"
            f"{row.articles_per_second:>12.1f}{row.words_per_second:>10.0f}"
            f"{start_up[row.label]:>12.1f}{timing.own_cores:>7.2f}{timing.other_cores:>8.2f}"
        )
    print()
    print(f"speed-up, 2 processes over 1: {speedup:.2f}x")
    print(f"dask over 2 processes: {1 / (1 + dask_gap):.2f}x ({dask_gap:+.1%} time)")
    for target, met in verdicts.items():
        print(f"{target}: {'PASS' if met else 'FAIL'}")

    if args.json:
        report = {
            **facts,
            "rows": [
                {
                    **asdict(row),
                    "articles_per_second": row.articles_per_second,
                    "words_per_second": row.words_per_second,
                    "start_up_seconds": start_up[row.label],
                    "cores": best[row.label].own_cores,
                    "other_cores": best[row.label].other_cores,
                }
                for row in rows
            ],
            "speedup": speedup,
            "dask_gap": dask_gap,
            "verdicts": verdicts,
        }
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

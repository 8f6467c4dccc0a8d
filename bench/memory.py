"""Memory over a long run: peak RSS of the main and worker processes against articles analyzed.

Run ``python bench/memory.py --help`` for options; bench/README.md explains what is measured.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path

from onrecord import pipeline
from onrecord.engine import ENGINES, make_engine
from onrecord.errors import OnrecordError
from onrecord.extract._extractors import DEFAULT_EXTRACTOR, EXTRACTORS
from onrecord.results import Article
from processes import Memory, descendants, sample_memory

DEFAULT_TEXTS = Path(__file__).resolve().parents[2] / "shared" / "data" / "polnear"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Peak RSS of the engine's processes as the articles analyzed add up.",
    )
    parser.add_argument(
        "--texts",
        type=Path,
        default=DEFAULT_TEXTS,
        help=f"directory searched for *.txt articles, recursively (default: {DEFAULT_TEXTS})",
    )
    parser.add_argument(
        "--articles", type=int, default=50_000, help="articles to analyze (default 50000)"
    )
    parser.add_argument(
        "--every", type=int, default=5_000, help="articles between samples (default 5000)"
    )
    parser.add_argument("--engine", choices=ENGINES, default="local", help="default: local")
    parser.add_argument("--workers", type=int, help="default: one per core")
    parser.add_argument(
        "--model", help="spaCy model (default: $ONRECORD_SPACY_MODEL or the installed default)"
    )
    parser.add_argument(
        "--extractor", choices=EXTRACTORS, default=DEFAULT_EXTRACTOR, help="default: %(default)s"
    )
    args = parser.parse_args(argv)
    if args.articles < 1 or args.every < 1:
        parser.error("--articles and --every must be at least 1")
    return args


def articles(texts: list[str], count: int) -> Iterator[Article]:
    """``count`` articles, the texts over and over, each made unique by a last sentence.

    Unique texts are unique articles to every deduplication; their words (a reference number,
    a made-up name) are new to the vocabulary, as a real stream's names and numbers are.
    """
    for number in range(count):
        tag = f"{number:x}".translate(str.maketrans("0123456789abcdef", "bcdfghjklmnpqrst"))
        yield Article(
            text=f"{texts[number % len(texts)]}\n\nCopy {number} was filed by {tag.title()}.\n"
        )


def worker_memory() -> list[Memory]:
    # Tiny helpers (multiprocessing's resource tracker) are no workers.
    found = [sample_memory(pid) for pid in descendants(os.getpid())]
    return [memory for memory in found if memory is not None and memory.rss > 100]


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    texts = [path.read_text(encoding="utf-8") for path in sorted(args.texts.rglob("*.txt"))]
    if not texts:
        sys.exit(f"no *.txt files under {args.texts}")
    try:
        load = partial(pipeline.load, pipeline.resolve_model_name(args.model), args.extractor)
        engine = make_engine(args.engine, args.workers, load=load)
    except OnrecordError as error:
        sys.exit(str(error))

    print(f"engine:   {args.engine}, {engine.workers} workers, {args.extractor} extractor")
    print(f"texts:    {len(texts)} from {args.texts}, repeated to {args.articles} articles")
    print("memory:   MiB; peak = highest RSS since the previous line; workers: each one's")
    print()
    print(
        f"{'articles':>9}{'seconds':>9}{'articles/s':>11}{'main rss':>10}{'main peak':>11}  workers"
    )
    sample_memory(os.getpid())
    started = time.perf_counter()
    statements = 0
    with engine:
        for count, analyzed in enumerate(engine.analyze(articles(texts, args.articles)), 1):
            statements += len(analyzed.attributions)
            if count % args.every == 0 or count == args.articles:
                seconds = time.perf_counter() - started
                main_memory = sample_memory(os.getpid())
                assert main_memory is not None
                workers = ", ".join(
                    f"rss {memory.rss:.0f} peak {memory.peak:.0f}" for memory in worker_memory()
                )
                print(
                    f"{count:>9}{seconds:>9.0f}{count / seconds:>11.1f}"
                    f"{main_memory.rss:>10.0f}{main_memory.peak:>11.0f}  {workers or '-'}",
                    flush=True,
                )
    print()
    print(f"{statements} statements")


if __name__ == "__main__":
    main()

"""Throughput of ``onrecord`` analysis against the bare spaCy model on the same texts.

Run ``python bench/throughput.py --help`` for options; bench/README.md explains what is measured.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import sys
import time
from dataclasses import asdict, dataclass
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from onrecord._analyze import analyze_articles
from onrecord.errors import ModelNotFoundError
from onrecord.extract._extractors import EXTRACTORS
from onrecord.pipeline import load, load_bare, resolve_model_name
from onrecord.results import Article

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_TEXTS = Path(__file__).resolve().parents[2] / "shared" / "data" / "polnear" / "dev" / "text"
BARE = "bare spaCy"
ANALYZE = "analyze"
# PolNeAR dev articles are from the autumn of 2016; any date exercises the date resolver.
PUBLISHED = dt.date(2016, 10, 15)
# The least throughput of each extractor's whole analysis, as a share of bare parsing's.
TARGET_THROUGHPUT = {"accurate": 0.6, "fast": 0.85, "rules": 0.85}
WARMUP_TEXTS = 5


@dataclass(frozen=True)
class Row:
    label: str
    articles: int
    words: int
    seconds: float

    @property
    def articles_per_second(self) -> float:
        return self.articles / self.seconds

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = timing_parser(
        "Time onrecord analysis against bare spaCy on the same texts.", "pipeline"
    )
    parser.add_argument(
        "--extractor",
        action="append",
        choices=EXTRACTORS,
        help="extractor to time (repeatable; default: all of them)",
    )
    return parse_timing_args(parser, argv)


def timing_parser(description: str, timed: str) -> argparse.ArgumentParser:
    """The options every timing benchmark takes: which texts, how often, which model, where to."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--texts",
        type=Path,
        default=DEFAULT_TEXTS,
        help=f"directory of *.txt articles (default: {DEFAULT_TEXTS})",
    )
    parser.add_argument("--limit", type=int, help="use only the first N texts, sorted by name")
    parser.add_argument(
        "--repeat", type=int, default=3, help=f"timed runs per {timed}; the best counts (default 3)"
    )
    parser.add_argument(
        "--model", help="spaCy model (default: $ONRECORD_SPACY_MODEL or the installed default)"
    )
    parser.add_argument("--json", type=Path, help="also write the numbers to this JSON file")
    return parser


def parse_timing_args(
    parser: argparse.ArgumentParser, argv: list[str] | None
) -> argparse.Namespace:
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")
    return args


def read_texts(directory: Path, limit: int | None) -> list[str]:
    paths = sorted(directory.glob("*.txt"))[:limit]
    if not paths:
        sys.exit(f"no *.txt files in {directory}")
    return [path.read_text(encoding="utf-8") for path in paths]


def run(label: str, nlp: Language, texts: list[str]) -> None:
    """Bare spaCy parses; onrecord runs its whole library path, dates included."""
    if label == BARE:
        list(nlp.pipe(texts, n_process=1))
    else:
        list(analyze_articles((Article(text, published=PUBLISHED) for text in texts), nlp=nlp))


def time_run(label: str, nlp: Language, texts: list[str]) -> float:
    # A collection pending from the previous run would otherwise be charged to this one.
    gc.collect()
    start = time.perf_counter()
    run(label, nlp, texts)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    texts = read_texts(args.texts, args.limit)
    extractors = args.extractor or list(EXTRACTORS)
    try:
        model = resolve_model_name(args.model)
        pipelines = {BARE: load_bare(model)}
        load_seconds = {}
        for extractor in extractors:
            started = time.perf_counter()
            pipelines[f"{ANALYZE} {extractor}"] = load(model, extractor)
            load_seconds[extractor] = time.perf_counter() - started
    except ModelNotFoundError as error:
        sys.exit(str(error))

    for label, nlp in pipelines.items():
        run(label, nlp, texts[:WARMUP_TEXTS])
    best = dict.fromkeys(pipelines, float("inf"))
    labels = list(pipelines)
    for repeat in range(args.repeat):
        # Alternating the order spreads any drift (CPU frequency, caches) over the pipelines.
        for label in labels if repeat % 2 == 0 else reversed(labels):
            best[label] = min(best[label], time_run(label, pipelines[label], texts))

    words = sum(len(text.split()) for text in texts)
    rows = [Row(label, len(texts), words, seconds) for label, seconds in best.items()]
    throughput = {
        extractor: best[BARE] / best[f"{ANALYZE} {extractor}"] for extractor in extractors
    }
    verdicts = {
        extractor: "PASS" if share >= TARGET_THROUGHPUT[extractor] else "FAIL"
        for extractor, share in throughput.items()
    }
    bare_nlp = pipelines[BARE]
    facts = {
        "python": platform.python_version(),
        "spacy": version("spacy"),
        "onnxruntime": version("onnxruntime"),
        "model": f"{model} {bare_nlp.meta.get('version', '?')}",
        "pipeline": ", ".join(pipelines[labels[-1]].pipe_names),
        "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"),
        "texts": str(args.texts),
        "repeat": args.repeat,
    }

    for key, value in facts.items():
        print(f"{key + ':':<19}{value}")
    print()
    print(f"{'':<18}{'articles':>9}{'words':>9}{'seconds':>9}{'articles/s':>12}{'words/s':>10}")
    for row in rows:
        print(
            f"{row.label:<18}{row.articles:>9}{row.words:>9}{row.seconds:>9.2f}"
            f"{row.articles_per_second:>12.1f}{row.words_per_second:>10.0f}"
        )
    print()
    for extractor, share in throughput.items():
        print(
            f"{extractor:<9} throughput / bare: {share:.2f}x "
            f"(target >= {TARGET_THROUGHPUT[extractor]}x: {verdicts[extractor]}); "
            f"pipeline loaded in {load_seconds[extractor]:.1f} s"
        )

    if args.json:
        report = {
            **facts,
            "rows": [
                {
                    **asdict(row),
                    "articles_per_second": row.articles_per_second,
                    "words_per_second": row.words_per_second,
                }
                for row in rows
            ],
            "throughput": throughput,
            "target_throughput": {e: TARGET_THROUGHPUT[e] for e in extractors},
            "load_seconds": load_seconds,
            "verdicts": verdicts,
        }
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

"""What embedding statements adds to ``ingest``: the same articles ingested with and without.

Run ``python bench/embedding.py --help`` for options; bench/README.md explains what is measured.
"""

from __future__ import annotations

import gc
import json
import tempfile
import time
from functools import partial
from pathlib import Path

from onrecord import pipeline
from onrecord._ingest import ingest
from onrecord.engine import LocalEngine
from onrecord.store import Store
from throughput import parse_timing_args, timing_parser

# The target: embedding adds at most this share to ingest's time.
TARGET_EXTRA = 0.25


def time_ingest(
    paths: list[str], engine: LocalEngine, embed: bool, scratch: Path, run: int
) -> tuple[float, int]:
    """Seconds to ingest ``paths`` into a new store, one worker; the statements stored."""
    # The pipeline and encoder are loaded before: the first run of either kind loads nothing.
    gc.collect()
    with Store.open(str(scratch / f"{'with' if embed else 'without'}-{run}.db")) as store:
        started = time.perf_counter()
        summary = ingest(paths, store, engine=engine, embed=embed)
        seconds = time.perf_counter() - started
        assert summary.ingested == len(paths), summary
        return seconds, store.counts()["attributions"]


def main(argv: list[str] | None = None) -> None:
    parser = timing_parser(
        "Seconds to ingest the same texts with and without statement embeddings.", "setting"
    )
    args = parse_timing_args(parser, argv)
    paths = [str(path) for path in sorted(args.texts.glob("*.txt"))[: args.limit]]
    pipeline.load(args.model)
    from onrecord.embed import embed_query

    embed_query("warm up")
    best: dict[bool, float] = {True: float("inf"), False: float("inf")}
    statements = 0
    engine = LocalEngine(1, load=partial(pipeline.load, args.model))
    with tempfile.TemporaryDirectory() as scratch:
        for run in range(args.repeat):
            # Alternating which goes first: a machine that slows down mid-run hurts both.
            for embed in (run % 2 == 0, run % 2 != 0):
                seconds, statements = time_ingest(paths, engine, embed, Path(scratch), run)
                best[embed] = min(best[embed], seconds)
                print(f"run {run + 1}, {'with' if embed else 'without'} embedding: {seconds:.1f} s")
    extra = best[True] / best[False] - 1
    print(
        f"{len(paths)} articles, {statements} statements, one worker, best of {args.repeat}:"
        f" without embedding {best[False]:.1f} s, with {best[True]:.1f} s:"
        f" embedding adds {extra:.1%} (target at most {TARGET_EXTRA:.0%}),"
        f" {(best[True] - best[False]) / statements * 1000:.1f} ms a statement"
    )
    if args.json:
        record = {
            "articles": len(paths),
            "statements": statements,
            "repeat": args.repeat,
            "seconds_without": best[False],
            "seconds_with": best[True],
            "extra": extra,
        }
        args.json.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

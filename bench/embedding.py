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
from onrecord._analyze import analyze_articles
from onrecord._ingest import ingest
from onrecord.embed import embed_query, embed_statements
from onrecord.engine import LocalEngine
from onrecord.results import Article
from onrecord.store import Store
from throughput import parse_timing_args, timing_parser

# The target: embedding adds at most this share to ingest's time.
TARGET_EXTRA = 0.25


def time_ingest(
    paths: list[str], engine: LocalEngine, embed: bool, scratch: Path, run: int
) -> tuple[float, float, int]:
    """Seconds and CPU seconds to ingest ``paths`` into a new store with one worker, which
    analyzes in this process; the statements stored."""
    # The pipeline and encoder are loaded before: the first run of either kind loads nothing.
    gc.collect()
    with Store.open(str(scratch / f"{'with' if embed else 'without'}-{run}.db")) as store:
        started, cpu = time.perf_counter(), time.process_time()
        summary = ingest(paths, store, engine=engine, embed=embed)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        assert summary.ingested == len(paths), summary
        return seconds, cpu, store.counts()["attributions"]


def split(paths: list[str], model: str | None) -> None:
    """CPU seconds of analysis and of embedding, article by article, back to back: both under
    the same load, however the machine's varies."""
    nlp = pipeline.load(model)
    analysis = embedding = 0.0
    statements = 0
    for path in paths:
        article = Article(Path(path).read_text(encoding="utf-8"), path=path)
        started = time.process_time()
        (analyzed,) = analyze_articles([article], nlp=nlp)
        analyzed_at = time.process_time()
        embed_statements(analyzed)
        analysis += analyzed_at - started
        embedding += time.process_time() - analyzed_at
        statements += len(analyzed.attributions)
    print(
        f"article by article: analysis {analysis:.1f} CPU s, embedding {embedding:.1f} CPU s"
        f" ({embedding / analysis:.1%} of analysis), {embedding / statements * 1000:.2f} ms a"
        " statement"
    )


def main(argv: list[str] | None = None) -> None:
    parser = timing_parser(
        "Seconds to ingest the same texts with and without statement embeddings.", "setting"
    )
    parser.add_argument(
        "--split-only", action="store_true", help="only time analysis and embedding apart"
    )
    args = parse_timing_args(parser, argv)
    paths = [str(path) for path in sorted(args.texts.glob("*.txt"))[: args.limit]]
    pipeline.load(args.model)
    embed_query("warm up")
    split(paths, args.model)
    if args.split_only:
        return
    # Wall-clock seconds, and CPU seconds: on a shared machine the first varies with the
    # others' load, the second much less.
    best = {(embed, clock): float("inf") for embed in (True, False) for clock in ("wall", "cpu")}
    statements = 0
    engine = LocalEngine(1, load=partial(pipeline.load, args.model))
    with tempfile.TemporaryDirectory() as scratch:
        for run in range(args.repeat):
            # Alternating which goes first: a machine that slows down mid-run hurts both.
            for embed in (run % 2 == 0, run % 2 != 0):
                seconds, cpu, statements = time_ingest(paths, engine, embed, Path(scratch), run)
                best[embed, "wall"] = min(best[embed, "wall"], seconds)
                best[embed, "cpu"] = min(best[embed, "cpu"], cpu)
                print(
                    f"run {run + 1}, {'with' if embed else 'without'} embedding:"
                    f" {seconds:.1f} s, {cpu:.1f} CPU s",
                    flush=True,
                )
    record: dict[str, float] = {"articles": len(paths), "statements": statements}
    print(f"{len(paths)} articles, {statements} statements, one worker, best of {args.repeat}:")
    for clock in ("wall", "cpu"):
        without, with_ = best[False, clock], best[True, clock]
        extra = with_ / without - 1
        record |= {f"{clock}_without": without, f"{clock}_with": with_, f"{clock}_extra": extra}
        print(
            f"  {clock}: without embedding {without:.1f} s, with {with_:.1f} s: embedding adds"
            f" {extra:.1%} (target at most {TARGET_EXTRA:.0%}),"
            f" {(with_ - without) / statements * 1000:.1f} ms a statement"
        )
    if args.json:
        args.json.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

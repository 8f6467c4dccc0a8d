"""``onrecord run``: many inputs analyzed into Parquet shards."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from onrecord.cli._embed import EmbedOption
from onrecord.cli._util import (
    Command,
    EngineChoice,
    EngineOption,
    ExtractorOption,
    MaxBytesOption,
    ModelOption,
    SchedulerOption,
    WorkersOption,
    app,
    complain,
    engine_for,
    example,
    fail,
    stderr,
)
from onrecord.errors import OnrecordError
from onrecord.extract._extractors import DEFAULT_EXTRACTOR
from onrecord.io._inputs import MAX_BYTES_DEFAULT


@app.command(
    cls=Command, epilog=example("onrecord run 'crawl/*.warc.gz' --out shards/ --workers 4")
)
def run(
    inputs: Annotated[
        list[str],
        typer.Argument(help="Shards: files, directories, globs (each match) or URLs."),
    ],
    out: Annotated[Path, typer.Option(help="Directory for the Parquet shards and manifest.")],
    model: ModelOption = None,
    extractor: ExtractorOption = DEFAULT_EXTRACTOR,
    max_bytes: MaxBytesOption = MAX_BYTES_DEFAULT,
    engine: EngineOption = EngineChoice.local,
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
    embed: EmbedOption = True,
) -> None:
    """Analyze many inputs into Parquet shards; a re-run does only the shards not done yet.

    A shard that cannot be read is reported and makes the exit status 1; the next run tries it
    again. Load the shards into a store with `onrecord ingest --from-parquet DIR`.
    """
    from onrecord._batch import ShardResult, run_batch

    def show(result: ShardResult) -> None:
        if result.status == "done":
            stderr.print(
                f"done {escape(result.input)}: {result.articles} articles, "
                f"{result.attributions} statements, {result.errors} errors "
                f"({result.seconds:.1f} s)",
                highlight=False,
            )
        else:
            complain("failed", f"{result.input}: {result.reason}")

    try:
        with engine_for(engine, workers, scheduler, model, extractor) as analyzer:
            summary = run_batch(
                inputs, out, analyzer, max_bytes=max_bytes, on_shard=show, embed=embed
            )
    except OnrecordError as error:
        fail(str(error))
    typer.echo(
        f"{len(summary.done)} shards done, {summary.skipped} done before, "
        f"{len(summary.failed)} failed; {summary.articles} articles in {summary.seconds:.1f} s "
        f"({summary.articles_per_second:.1f} articles/s) -> {out}"
    )
    if summary.failed:
        raise typer.Exit(1)

"""``onrecord ingest``: articles analyzed into the store, with progress on stderr."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from onrecord.cli._embed import EmbedOption
from onrecord.cli._util import (
    Command,
    DbOption,
    EngineChoice,
    EngineOption,
    ExtractorOption,
    MaxBytesOption,
    MetadataOption,
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
from onrecord.io._sidecar import read_sidecar

if TYPE_CHECKING:
    from onrecord._ingest import IngestSummary


@app.command(cls=Command, epilog=example("onrecord ingest news/ crawl.warc.gz --db onrecord.db"))
def ingest(
    paths: Annotated[
        list[str] | None,
        typer.Argument(help="Text, HTML, JSONL or WARC files, directories, globs or URLs."),
    ] = None,
    db: DbOption = None,
    model: ModelOption = None,
    extractor: ExtractorOption = DEFAULT_EXTRACTOR,
    max_bytes: MaxBytesOption = MAX_BYTES_DEFAULT,
    engine: EngineOption = EngineChoice.local,
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
    from_parquet: Annotated[
        Path | None,
        typer.Option(help="Store what `onrecord run` wrote to this directory instead."),
    ] = None,
    metadata: MetadataOption = None,
    embed: EmbedOption = True,
) -> None:
    """Analyze articles and add them to the store; re-running adds only what is new.

    Every readable document is stored even when others fail; failures are listed on stderr and
    make the exit status 1.
    """
    if (paths is None) == (from_parquet is None):
        fail("give the PATHS to analyze, or --from-parquet DIR, not both")
    if metadata is not None and from_parquet is not None:
        fail("--metadata is for the PATHS to analyze; the shards of --from-parquet have theirs")
    if not embed and from_parquet is not None:
        fail("--no-embed is for the PATHS to analyze; --from-parquet stores the shards' vectors")
    try:
        from onrecord._ingest import ingest as run_ingest
        from onrecord._ingest import ingest_parquet
        from onrecord.io._locations import count_locations
        from onrecord.store import Store

        total = None if paths is None else count_locations(paths)
        sidecar = read_sidecar(metadata) if metadata else None
        with Store.open(db) as store, _ingest_progress(total) as show:
            if from_parquet is not None:
                summary = ingest_parquet(from_parquet, store, on_document=show)
            else:
                with engine_for(engine, workers, scheduler, model, extractor) as analyzer:
                    summary = run_ingest(
                        paths or [],
                        store,
                        engine=analyzer,
                        max_bytes=max_bytes,
                        on_document=show,
                        metadata=sidecar,
                        embed=embed,
                    )
    except OnrecordError as error:
        fail(str(error))
    typer.echo(
        f"ingested {summary.ingested}, skipped as duplicate {summary.duplicates}, "
        f"failed {len(summary.failures)} in {summary.seconds:.1f} s "
        f"({summary.articles_per_second:.1f} articles/s)"
    )
    for failure in summary.failures:
        complain("failed", f"{failure.source}: {failure.reason}")
    if summary.failures:
        raise typer.Exit(1)


# Without a terminal, as in a log, ingest says how it is doing this often.
PROGRESS_EVERY_SECONDS = 10.0


@contextmanager
def _ingest_progress(total: int | None) -> Iterator[Callable[[IngestSummary], None]]:
    """What ``ingest`` calls after each document: a progress bar with the rate and time left
    on a terminal (a counter where the total is unknown), else a line on stderr every
    ``PROGRESS_EVERY_SECONDS``."""
    if not stderr.is_terminal:
        last = time.monotonic()

        def log(summary: IngestSummary) -> None:
            nonlocal last
            if time.monotonic() - last >= PROGRESS_EVERY_SECONDS:
                last = time.monotonic()
                stderr.print(f"ingest: {summary.progress_line(total)}", highlight=False)

        yield log
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TextColumn("elapsed,"),
        TimeRemainingColumn(),
        TextColumn("left"),
        console=stderr,
        transient=True,
    ) as progress:
        task = progress.add_task("documents", total=total, rate="")

        def show(summary: IngestSummary) -> None:
            progress.update(
                task,
                completed=summary.documents,
                description=f"{summary.ingested} ingested, {summary.duplicates} duplicates, "
                f"{len(summary.failures)} failed",
                rate=f"{summary.articles_per_second:.1f} articles/s",
            )

        yield show

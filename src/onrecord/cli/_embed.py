"""``onrecord embed``: vectors for the stored statements that have none, with progress."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from onrecord.cli._util import Command, DbOption, app, example, fail, stderr
from onrecord.errors import OnrecordError

if TYPE_CHECKING:
    from onrecord.embed import BackfillSummary

EmbedOption = Annotated[
    bool,
    typer.Option(
        "--embed/--no-embed",
        help="Embed every statement for search by meaning, in the workers (`onrecord embed` "
        "adds vectors later).",
    ),
]

# Without a terminal, as in a log, embed says how it is doing this often.
PROGRESS_EVERY_SECONDS = 10.0


@app.command(cls=Command, epilog=example("onrecord embed --db onrecord.db"))
def embed(
    db: DbOption = None,
    limit: Annotated[
        int | None, typer.Option(min=1, help="Embed at most this many articles' statements.")
    ] = None,
) -> None:
    """Embed the stored statements that have no vector yet (a store ingested with --no-embed,
    or before search by meaning); re-running does only what is left."""
    try:
        from onrecord.embed import embed_store
        from onrecord.store import Store
        from onrecord.store._database import database_url, make_engine

        # Like ingest, embed writes and so upgrades an older store; unlike ingest, it never
        # creates one: a mistyped SQLite path is refused, not made an empty store.
        make_engine(database_url(db), must_exist=True).dispose()
        with (
            Store.open(db) as store,
            Progress(
                TextColumn("embedding"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("articles"),
                TimeRemainingColumn(),
                TextColumn("left"),
                console=stderr,
                transient=True,
                disable=not stderr.is_terminal,
            ) as progress,
        ):
            task = progress.add_task("articles", total=None)
            last = time.monotonic()

            def show(summary: BackfillSummary) -> None:
                nonlocal last
                progress.update(task, completed=summary.articles, total=summary.total)
                if not stderr.is_terminal and time.monotonic() - last >= PROGRESS_EVERY_SECONDS:
                    last = time.monotonic()
                    stderr.print(
                        f"embed: {summary.articles}/{summary.total} articles, "
                        f"{summary.statements} statements "
                        f"({summary.statements_per_second:.0f} statements/s)",
                        highlight=False,
                    )

            summary = embed_store(store, limit=limit, on_article=show)
    except OnrecordError as error:
        fail(str(error))
    typer.echo(
        f"embedded {summary.statements} statements of {summary.articles} articles in "
        f"{summary.seconds:.1f} s ({summary.statements_per_second:.0f} statements/s)"
    )

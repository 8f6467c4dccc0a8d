"""``onrecord eval-search``: the search modes scored against a relevance check set."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from onrecord.cli._util import (
    Command,
    EngineChoice,
    ExtractorOption,
    ModelOption,
    WorkersOption,
    app,
    engine_for,
    example,
    fail,
)
from onrecord.errors import OnrecordError
from onrecord.extract._extractors import DEFAULT_EXTRACTOR


@app.command(
    "eval-search",
    cls=Command,
    epilog=example(
        "onrecord eval-search --gold ../shared/data/polnear/dev "
        "--queries tests/fixtures/search_relevance.json --verbose"
    ),
)
def evaluate_search_command(
    gold: Annotated[
        Path, typer.Option(help="PolNeAR-style directory with text/ and attributions/.")
    ],
    queries: Annotated[
        Path,
        typer.Option(help="Check set: questions and the gold statements that answer each."),
    ],
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Store URL or SQLite path to ingest the corpus into, or that holds it already "
            "(default: a temporary SQLite store).",
        ),
    ] = None,
    model: ModelOption = None,
    extractor: ExtractorOption = DEFAULT_EXTRACTOR,
    workers: WorkersOption = None,
    limit: Annotated[
        int | None, typer.Option(help="Use only the first N documents of the corpus.")
    ] = None,
    verbose: Annotated[bool, typer.Option(help="Also show each question's scores.")] = False,
) -> None:
    """Score search by words, by meaning and both: recall@10 and nDCG@10 over the questions.

    The corpus's articles are ingested as `ingest` does (the extractor's statements, with their
    vectors). A hit counts when it is in the document of a gold statement that answers the
    question and shares half of the shorter content or more; each gold statement counts once.
    """
    from onrecord.evaluation import evaluate_search, format_search_report

    try:
        with engine_for(EngineChoice.local, workers, None, model, extractor) as engine:
            if db is None:
                report = evaluate_search(gold, queries, engine=engine, limit=limit)
            else:
                from onrecord.store import Store

                with Store.open(db) as store:
                    report = evaluate_search(gold, queries, store=store, engine=engine, limit=limit)
    except OnrecordError as error:
        fail(str(error))
    typer.echo(format_search_report(report, verbose=verbose))

"""``onrecord eval``: the extractor scored against gold annotations."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from onrecord import pipeline
from onrecord.cli._util import Command, ExtractorOption, ModelOption, app, example, fail
from onrecord.errors import OnrecordError
from onrecord.extract._extractors import DEFAULT_EXTRACTOR


@app.command(
    "eval",
    cls=Command,
    epilog=example("onrecord eval --gold ../shared/data/polnear/dev --extractor rules"),
)
def evaluate_command(
    gold: Annotated[
        Path, typer.Option(help="PolNeAR-style directory with text/ and attributions/.")
    ],
    model: ModelOption = None,
    extractor: ExtractorOption = DEFAULT_EXTRACTOR,
    limit: Annotated[int | None, typer.Option(help="Score only the first N documents.")] = None,
    include_nested: Annotated[
        bool,
        typer.Option(help="Also score statements nested in others (PolNeAR never annotates them)."),
    ] = False,
) -> None:
    """Score the extractor against gold brat annotations: P/R/F1 per span role and linked."""
    from onrecord.evaluation import evaluate, format_report

    try:
        nlp = pipeline.load(model, extractor)
        report = evaluate(gold, nlp=nlp, limit=limit, include_nested=include_nested)
    except OnrecordError as error:
        fail(str(error))
    typer.echo(format_report(report))

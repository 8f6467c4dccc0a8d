"""``onrecord analyze``: statements of articles, printed as a table, JSON or JSONL."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator, Mapping
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from spacy.language import Language

from onrecord import pipeline
from onrecord._analyze import analyze_articles, parse_date
from onrecord._serialize import analyzed_to_json
from onrecord.cli._util import (
    Command,
    ExtractorOption,
    MetadataOption,
    ModelOption,
    app,
    complain,
    example,
    fail,
)
from onrecord.errors import InputError, MissingExtraError, OnrecordError
from onrecord.extract._extractors import DEFAULT_EXTRACTOR
from onrecord.io._inputs import (
    MAX_BYTES_DEFAULT,
    STDIN_MARKER,
    decode_document,
    expand_paths,
    read_document,
)
from onrecord.io._sidecar import ArticleMetadata, read_sidecar, with_metadata
from onrecord.results import AnalyzedArticle, Article, Attribution, Speaker


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
        fail(str(error))
    failures = 0
    records = []
    for path, outcome in _analyze_paths(paths, date, sidecar, nlp, max_bytes):
        if isinstance(outcome, InputError):
            failures += 1
            complain("error", str(outcome))
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
    from onrecord.io._sources import Failure, read_file, source_kind, text_item

    if name != STDIN_MARKER and source_kind(Path(name)) not in (None, "text"):
        try:
            items = list(read_file(Path(name), name, max_bytes=max_bytes))
        except MissingExtraError as error:
            fail(str(error))
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

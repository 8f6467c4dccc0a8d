"""``onrecord query``: speakers, statements and sourcing read from the store."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from onrecord._analyze import parse_date
from onrecord.cli._util import (
    Command,
    ContainsOption,
    DbOption,
    Group,
    KindOption,
    OutletOption,
    SinceOption,
    SpeakerOption,
    UntilOption,
    app,
    complain,
    example,
    fail,
)
from onrecord.errors import OnrecordError
from onrecord.results import SpeakerKind

if TYPE_CHECKING:
    from onrecord._export import TextTable
    from onrecord.store import SpeakerRow
    from onrecord.store import Store as StoreType


class RowFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


query_app = typer.Typer(
    cls=Group,
    help="Ask the store: speakers, statements, sourcing.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
)


app.add_typer(query_app, name="query")


FormatOption = Annotated[RowFormat, typer.Option("--format", help="Output format.")]


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
    from onrecord._export import speaker_table

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
    from onrecord._export import statement_table

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
    from onrecord._export import sourcing_table

    def rows(store: StoreType) -> Sequence[Any]:
        return store.sourcing(outlet=outlet, since=parse_date(since), until=parse_date(until))

    _query(db, rows, sourcing_table, output_format)


def _query(
    db: str | None,
    rows: Callable[[StoreType], Sequence[Any]],
    table: Callable[[Sequence[Any]], TextTable],
    output_format: RowFormat,
) -> None:
    from onrecord._export import plain_row, render_rows

    try:
        from onrecord.store import Store

        with Store.open(db, read_only=True) as store:
            found = rows(store)
    except OnrecordError as error:
        fail(str(error))
    if output_format is RowFormat.table:
        Console().print(rich_table(table(found)))
    else:
        sys.stdout.write(render_rows([plain_row(row) for row in found], output_format.value))


def rich_table(table: TextTable) -> Table:
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
        complain("note", f"{name!r} matches {len(found)} speakers: {who}")

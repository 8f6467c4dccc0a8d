"""``onrecord line`` and ``onrecord lines``: who holds a position in the store, and saved lines."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from onrecord._analyze import parse_date
from onrecord.cli._query import rich_table
from onrecord.cli._util import (
    Command,
    DbOption,
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
from onrecord.stance._retrieval import LINE_DEPTH, MAX_LINE_DEPTH

if TYPE_CHECKING:
    from onrecord.stance import Line
    from onrecord.store import StatementRow


class LineFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class LinesFormat(StrEnum):
    table = "table"
    json = "json"


AffiliationOption = Annotated[
    str | None,
    typer.Option(
        help='Text of a title or affiliation the article gives the speaker ("Pentagon", '
        '"senator"), or of an unnamed source\'s ("administration").'
    ),
]


@app.command(
    cls=Command,
    epilog=example(
        'onrecord line "The decision to negotiate belongs to Ukraine" --since 2022-11-01 '
        "--save ukraine-decides"
    ),
)
def line(
    position: Annotated[
        str | None, typer.Argument(help="The position: a sentence, the line to hold.")
    ] = None,
    db: DbOption = None,
    speaker: SpeakerOption = None,
    affiliation: AffiliationOption = None,
    outlet: OutletOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    depth: Annotated[
        int,
        typer.Option(min=1, max=MAX_LINE_DEPTH, help="How many statements the search retrieves."),
    ] = LINE_DEPTH,
    output_format: Annotated[
        LineFormat,
        typer.Option("--format", help="table, json (per speaker) or csv (one row a statement)."),
    ] = LineFormat.table,
    save: Annotated[
        str | None,
        typer.Option(help="Save the line under this name, to run it again with --saved."),
    ] = None,
    saved: Annotated[
        str | None,
        typer.Option(
            help="Run the line saved under this name; filters given here replace its own."
        ),
    ] = None,
) -> None:
    """Who holds the line POSITION: the statements search finds on it, each classified as
    supporting, opposing or neither, per speaker, with the dated statements that oppose it
    (the departures), those who departed first."""
    from onrecord._export import render_rows
    from onrecord.stance import line_record, line_rows, run_line
    from onrecord.store import StatementFilter, Store

    try:
        given = StatementFilter(
            speaker=speaker,
            affiliation=affiliation,
            outlet=outlet,
            since=parse_date(since),
            until=parse_date(until),
        )
        with Store.open(db, read_only=save is None, create=False) as store:
            if saved is not None:
                if position is not None:
                    fail("give a POSITION or --saved NAME, not both")
                found = store.saved_line(saved)
                if found is None:
                    fail(f"no line is saved as {saved!r}: `onrecord lines` lists them")
                position = found.position
                filters = found.filters.replaced_by(given)
            elif position is None:
                fail("give the POSITION of the line, or --saved NAME to run a saved one")
            else:
                filters = given
            result = run_line(store, position, filters=filters, depth=depth)
            if save is not None:
                kept = store.save_line(save, result.position, filters)
                complain("note", f"saved as {kept.name!r}: run it again with --saved")
    except OnrecordError as error:
        fail(str(error))
    if output_format is LineFormat.json:
        sys.stdout.write(json.dumps(line_record(result), ensure_ascii=False, indent=2) + "\n")
    elif output_format is LineFormat.csv:
        sys.stdout.write(render_rows(line_rows(result), "csv"))
    else:
        _print_line(result)


def _print_line(result: Line[StatementRow]) -> None:
    from onrecord._export import departure_table, line_table

    console = Console()
    console.print(f"Line: {result.position}", highlight=False, markup=False)
    if not result.speakers:
        console.print("No statement was found on this position.", highlight=False)
        return
    console.print(rich_table(line_table(result)))
    if any(speaker.departures for speaker in result.speakers):
        console.print(rich_table(departure_table(result)))


@app.command(cls=Command, epilog=example("onrecord lines --delete ukraine-decides"))
def lines(
    db: DbOption = None,
    delete: Annotated[
        str | None, typer.Option(help="Delete the line saved under this name.")
    ] = None,
    output_format: Annotated[
        LinesFormat, typer.Option("--format", help="Output format.")
    ] = LinesFormat.table,
) -> None:
    """The saved lines, by name: position, filters and when each was saved; or delete one."""
    from onrecord._export import saved_line_table
    from onrecord.shapes import to_json
    from onrecord.store import Store

    try:
        with Store.open(db, read_only=delete is None, create=False) as store:
            if delete is not None:
                if not store.delete_line(delete):
                    fail(f"no line is saved as {delete!r}: `onrecord lines` lists them")
                complain("note", f"deleted the line {delete.strip()!r}")
                return
            found = store.saved_lines()
    except OnrecordError as error:
        fail(str(error))
    if output_format is LinesFormat.json:
        records = [to_json(saved) for saved in found]
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    else:
        Console().print(rich_table(saved_line_table(found)))

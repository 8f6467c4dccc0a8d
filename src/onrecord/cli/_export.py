"""``onrecord export``: the store's statements written to a file."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from onrecord._analyze import parse_date
from onrecord.cli._util import (
    Command,
    ContainsOption,
    DbOption,
    KindOption,
    OutletOption,
    SinceOption,
    SpeakerOption,
    UntilOption,
    app,
    example,
    fail,
)
from onrecord.errors import OnrecordError


class ExportFormat(StrEnum):
    parquet = "parquet"
    csv = "csv"
    jsonl = "jsonl"


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
    from onrecord._export import write_export

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
        fail(str(error))
    typer.echo(f"exported {count} statements to {out}")

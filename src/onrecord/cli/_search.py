"""``onrecord search``: statements ranked by how well they match a query, by words and meaning."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console

from onrecord._analyze import parse_date
from onrecord.cli._query import rich_table
from onrecord.cli._util import (
    Command,
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


class SearchFormat(StrEnum):
    table = "table"
    json = "json"


class Mode(StrEnum):
    meaning = "meaning"
    words = "words"
    both = "both"


@app.command(
    cls=Command,
    epilog=example('onrecord search "negotiations with Russia" --speaker Milley --limit 5'),
)
def search(
    query: Annotated[str, typer.Argument(help='Words, "a phrase", or a question.')],
    db: DbOption = None,
    speaker: SpeakerOption = None,
    outlet: OutletOption = None,
    kind: KindOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="At most this many rows.")] = 20,
    mode: Annotated[
        Mode,
        typer.Option(
            help="meaning: by the query's embedding; words: by full text (stemmed, "
            '"phrases"); both: the two rankings fused.'
        ),
    ] = Mode.both,
    output_format: Annotated[
        SearchFormat, typer.Option("--format", help="Output format.")
    ] = SearchFormat.table,
) -> None:
    """Statements that best match QUERY, best first, with their score, speaker, outlet, date
    and article."""
    from onrecord._export import plain_row, render_rows, search_table
    from onrecord.store import StatementFilter, Store

    try:
        filters = StatementFilter(
            speaker=speaker,
            outlet=outlet,
            kind=kind,
            since=parse_date(since),
            until=parse_date(until),
        )
        vector = None
        if mode is not Mode.words:
            from onrecord.embed import embed_query

            vector = embed_query(query)
        with Store.open(db, read_only=True) as store:
            hits = store.search(query, vector=vector, mode=mode.value, filters=filters, limit=limit)
    except OnrecordError as error:
        fail(str(error))
    if output_format is SearchFormat.table:
        Console().print(rich_table(search_table(hits)))
    else:
        sys.stdout.write(render_rows([plain_row(hit) for hit in hits], "json"))

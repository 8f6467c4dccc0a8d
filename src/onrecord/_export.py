"""Writing store rows as CSV, JSON Lines or Parquet, and query results as JSON, CSV or tables."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import textwrap
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from onrecord.errors import CORPUS_EXTRA_HINT, MissingExtraError
from onrecord.shapes import SCHEMA_VERSION, arrow_fields

if TYPE_CHECKING:
    from onrecord.stance import ClassifiedStatement, Line
    from onrecord.store import (
        SavedLine,
        SearchHit,
        SourcingRow,
        SpeakerRow,
        StatementFilter,
        StatementRow,
        TitleRow,
    )

# Parquet is written in row groups of this many statements, so memory stays flat.
PARQUET_BATCH = 10_000


def write_export(
    rows: Iterable[dict[str, Any]], out: Path, file_format: str, row_type: type
) -> int:
    """Write ``rows`` to ``out`` as ``csv``, ``jsonl`` or ``parquet``; the number written.

    ``rows`` are the JSON shapes (``onrecord.shapes.to_json``) of dataclass ``row_type``, from
    which Parquet's columns are derived: lists and objects are nested there as in JSON Lines,
    and JSON text in a CSV cell.
    """
    if file_format == "parquet":
        return _write_parquet(iter(rows), out, row_type)
    count = 0
    with out.open("w", encoding="utf-8", newline="") as file:
        writer: csv.DictWriter[str] | None = None
        for row in rows:
            if file_format == "jsonl":
                file.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
            else:
                if writer is None:
                    writer = csv.DictWriter(file, fieldnames=list(row))
                    writer.writeheader()
                writer.writerow(_flat(row))
            count += 1
    return count


def render_rows(rows: list[dict[str, Any]], file_format: str) -> str:
    """Query results as a JSON array or as CSV with a header."""
    if file_format == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2, default=str) + "\n"
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(_flat(row) for row in rows)
    return buffer.getvalue()


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    """Lists, tuples and mappings as JSON text, so that every CSV cell is one value."""
    return {
        key: json.dumps(value, ensure_ascii=False, default=str)
        if isinstance(value, list | tuple | dict)
        else value
        for key, value in row.items()
    }


def plain_row(row: Any) -> dict[str, Any]:
    """A query row (a dataclass of ``onrecord.store``) as a dict of JSON-ready values."""
    return {
        key: value.isoformat() if isinstance(value, dt.date) else value
        for key, value in dataclasses.asdict(row).items()
    }


# The content of a statement in a table: enough to recognise it, the rest is in json and csv.
ABRIDGED_CONTENT = 160
# Titles of a speaker in a table, most recently seen first.
TABLE_TITLES = 3


@dataclass(frozen=True, slots=True)
class TextTable:
    """Query results as a person reads them: the columns that matter, as text.

    ``wide`` are the columns that share the room a terminal leaves, in these proportions (the
    others keep the width of their longest value); ``numeric`` those aligned right; ``note``
    says what the figures mean.
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    wide: Mapping[str, int] = field(default_factory=dict)
    numeric: frozenset[str] = frozenset()
    note: str | None = None


def speaker_table(rows: Sequence[SpeakerRow]) -> TextTable:
    """Speakers: name, kind, statements, latest titles and outlets."""
    return TextTable(
        columns=("speaker", "kind", "statements", "titles", "outlets"),
        rows=tuple(
            (
                row.name,
                row.kind.value,
                str(row.statements),
                _some(
                    [title.title for title in sorted(row.titles, key=_last_seen, reverse=True)],
                    TABLE_TITLES,
                ),
                ", ".join(row.outlets),
            )
            for row in rows
        ),
        wide={"speaker": 2, "titles": 3, "outlets": 2},
        numeric=frozenset({"statements"}),
    )


def statement_table(rows: Sequence[StatementRow]) -> TextTable:
    """Statements: speaker (or the source as written), kind, abridged content, outlet, date."""
    return TextTable(
        columns=("speaker", "kind", "content", "outlet", "date"),
        rows=tuple(
            (
                row.speaker_name or (row.source.text if row.source else "—"),
                row.kind.value,
                textwrap.shorten(row.text, ABRIDGED_CONTENT, placeholder=" …"),
                row.outlet or "",
                _statement_day(row),
            )
            for row in rows
        ),
        wide={"speaker": 2, "content": 5, "outlet": 2},
    )


def search_table(hits: Sequence[SearchHit]) -> TextTable:
    """Search hits, best first: score, speaker, outlet, date, abridged content and article."""
    return TextTable(
        columns=("score", "speaker", "outlet", "date", "content", "article"),
        rows=tuple(
            (
                f"{hit.score:.4f}",
                hit.statement.speaker_name
                or (hit.statement.source.text if hit.statement.source else "—"),
                hit.statement.outlet or "",
                _statement_day(hit.statement),
                textwrap.shorten(hit.statement.text, ABRIDGED_CONTENT, placeholder=" …"),
                hit.statement.url or hit.statement.path or hit.statement.article_id,
            )
            for hit in hits
        ),
        wide={"speaker": 2, "content": 5, "outlet": 1, "article": 2},
        numeric=frozenset({"score"}),
        note="score: reciprocal-rank fusion of the words and meaning rankings, higher is better.",
    )


def sourcing_table(rows: Sequence[SourcingRow]) -> TextTable:
    """Sourcing per outlet, shares as percentages."""
    return TextTable(
        columns=("outlet", "articles", "statements", "unnamed", "sources/article"),
        rows=tuple(
            (
                row.outlet or "(no outlet)",
                str(row.articles),
                str(row.attributions),
                f"{row.anonymous} ({100 * row.anonymous_share:.1f}%)",
                f"{row.mean_sources:.1f}",
            )
            for row in rows
        ),
        wide={"outlet": 1},
        numeric=frozenset({"articles", "statements", "unnamed", "sources/article"}),
        note="unnamed: statements from unnamed sources. sources/article: distinct speakers "
        "quoted per article (people, organizations, groups and unnamed sources alike).",
    )


def line_table(line: Line[StatementRow]) -> TextTable:
    """The speakers of a line who support or oppose it, in the line's order, with their
    counts; the note says how many said only neither."""
    taking_sides = [s for s in line.speakers if s.supports or s.opposes]
    others = len(line.speakers) - len(taking_sides)
    statements = sum(len(s.statements) for s in line.speakers)
    return TextTable(
        columns=("speaker", "supports", "opposes", "neither", "first departure"),
        rows=tuple(
            (
                speaker.speaker,
                str(speaker.supports),
                str(speaker.opposes),
                str(speaker.neither),
                _first_departure(speaker.departures),
            )
            for speaker in taking_sides
        ),
        wide={"speaker": 1},
        numeric=frozenset({"supports", "opposes", "neither"}),
        note=f"{statements} statements found on the position; {others} more speakers said "
        "neither (--format json or csv lists every statement).",
    )


def departure_table(line: Line[StatementRow]) -> TextTable:
    """The statements that oppose a line, speaker by speaker in the line's order, each with
    its day, the model's probability that it opposes, its content and its article."""
    return TextTable(
        columns=("speaker", "date", "opposes", "content", "article"),
        rows=tuple(
            (
                speaker.speaker,
                "" if departure.day is None else departure.day.isoformat(),
                f"{departure.stance.opposes:.2f}",
                textwrap.shorten(departure.statement.text, ABRIDGED_CONTENT, placeholder=" …"),
                _article_of(departure.statement),
            )
            for speaker in line.speakers
            for departure in speaker.departures
        ),
        wide={"speaker": 1, "content": 5, "article": 2},
        numeric=frozenset({"opposes"}),
        note="Departures: the statements that oppose the line; opposes: the model's "
        "probability that it does. An article without URL or path: its id's first characters.",
    )


def saved_line_table(lines: Sequence[SavedLine]) -> TextTable:
    """Saved lines: name, position, the filters they keep to, when saved (UTC)."""
    return TextTable(
        columns=("name", "position", "filters", "saved"),
        rows=tuple(
            (
                line.name,
                line.position,
                filter_summary(line.filters),
                line.saved.strftime("%Y-%m-%d %H:%M"),
            )
            for line in lines
        ),
        wide={"name": 1, "position": 3, "filters": 2},
    )


def filter_summary(filters: StatementFilter) -> str:
    """The filters that are set, as ``name=value``; "—" for none."""
    shown = [
        f"{name}={getattr(value, 'value', value)}"
        for name, value in plain_row(filters).items()
        if value is not None
    ]
    return ", ".join(shown) or "—"


# The beginning of an article id that a table shows: the whole id is in json and csv.
SHORT_ID = 12


def _article_of(row: StatementRow) -> str:
    return row.url or row.path or f"{row.article_id[:SHORT_ID]}…"


def _first_departure(departures: Sequence[ClassifiedStatement[StatementRow]]) -> str:
    days = [d.day for d in departures if d.day is not None]
    if days:
        return min(days).isoformat()
    return "undated" if departures else ""


def _some(items: Sequence[str], most: int) -> str:
    shown = "; ".join(items[:most])
    return shown if len(items) <= most else f"{shown}; +{len(items) - most} more"


def _last_seen(title: TitleRow) -> dt.date:
    return title.last_seen or dt.date.min


def _statement_day(row: StatementRow) -> str:
    """The statement's days when the article gives them, else the publication day.

    A range takes two lines, so that the date column stays as narrow as one day.
    """
    if row.date is not None:
        start, end = row.date.start.isoformat(), row.date.end.isoformat()
        return start if start == end else f"{start}\n..{end}"
    return "" if row.published is None else row.published.isoformat()


def _write_parquet(rows: Iterator[dict[str, Any]], out: Path, row_type: type) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise MissingExtraError(f"Parquet export needs pyarrow: {CORPUS_EXTRA_HINT}") from None
    schema = pa.schema(
        arrow_fields(row_type), metadata={"onrecord.schema_version": str(SCHEMA_VERSION)}
    )
    count = 0
    with pq.ParquetWriter(out, schema) as writer:
        while batch := list(islice(rows, PARQUET_BATCH)):
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count

"""Saved lines: a position and its statement filters under a name, to be run again later."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Row, delete, insert, select, update

from onrecord.errors import LineError
from onrecord.shapes import from_json, to_json
from onrecord.store._schema import saved_lines
from onrecord.store._statements import StatementFilter


@dataclass(frozen=True, slots=True)
class SavedLine:
    """A line saved under ``name``: its position, the filters of its statements, and when it
    was saved last (UTC)."""

    id: int
    name: str
    position: str
    filters: StatementFilter
    saved: dt.datetime


def checked_name(name: str) -> str:
    """``name`` without surrounding spaces; a ``LineError`` if nothing is left."""
    stripped = name.strip()
    if not stripped:
        raise LineError("a saved line needs a name")
    return stripped


def checked_position(position: str) -> str:
    """``position`` without surrounding spaces; a ``LineError`` if nothing is left."""
    stripped = position.strip()
    if not stripped:
        raise LineError("the position of a line is empty: give the sentence the line holds")
    return stripped


def save_line(
    connection: Connection, name: str, position: str, filters: StatementFilter
) -> SavedLine:
    """Save the line under ``name``, replacing the position and filters of one saved so before.

    The caller holds the store's write lock, so that two saves of a name take turns.
    """
    values = {
        "position": checked_position(position),
        "filters": json.dumps(to_json(filters), sort_keys=True),
        "saved": dt.datetime.now(dt.UTC),
    }
    name = checked_name(name)
    replaced = connection.execute(
        update(saved_lines).where(saved_lines.c.name == name).values(values)
    )
    if replaced.rowcount == 0:
        connection.execute(insert(saved_lines).values(name=name, **values))
    found = saved_line(connection, name)
    assert found is not None, "a line just saved is read back in the same transaction"
    return found


def saved_line(connection: Connection, name: str) -> SavedLine | None:
    row = connection.execute(
        select(saved_lines).where(saved_lines.c.name == name.strip())
    ).one_or_none()
    return None if row is None else _saved_line(row)


def all_saved_lines(connection: Connection) -> list[SavedLine]:
    """Every saved line by name, ignoring case: sorted here, as the backends' collations
    differ."""
    lines = [_saved_line(row) for row in connection.execute(select(saved_lines))]
    return sorted(lines, key=lambda line: (line.name.casefold(), line.name))


def delete_line(connection: Connection, name: str) -> bool:
    deleted = connection.execute(delete(saved_lines).where(saved_lines.c.name == name.strip()))
    return deleted.rowcount > 0


def _saved_line(row: Row[Any]) -> SavedLine:
    filters = from_json(StatementFilter, json.loads(row.filters))
    assert isinstance(filters, StatementFilter)
    return SavedLine(
        id=row.id,
        name=row.name,
        position=row.position,
        filters=filters,
        saved=row.saved,
    )

"""Read why sources could not be ingested."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import (
    Connection,
    select,
)

from onrecord.store._schema import errors


@dataclass(frozen=True, slots=True)
class ErrorRow:
    """Why a source could not be ingested, as last recorded."""

    source: str
    reason: str
    at: dt.datetime


def error_rows(connection: Connection) -> list[ErrorRow]:
    """The recorded errors, oldest first."""
    query = select(errors.c.source, errors.c.reason, errors.c.at).order_by(
        errors.c.at, errors.c.source
    )
    return [ErrorRow(*row) for row in connection.execute(query)]

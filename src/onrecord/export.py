"""Writing store rows as CSV, JSON Lines or Parquet, and query results as JSON or CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from onrecord.errors import CORPUS_EXTRA_HINT, MissingExtraError

# Parquet is written in row groups of this many statements, so memory stays flat.
PARQUET_BATCH = 10_000


def write_export(rows: Iterable[dict[str, Any]], out: Path, file_format: str) -> int:
    """Write ``rows`` to ``out`` as ``csv``, ``jsonl`` or ``parquet``; the number written."""
    if file_format == "parquet":
        return _write_parquet(iter(rows), out)
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
    """Lists and mappings as JSON text, so that every CSV cell is one value."""
    return {
        key: json.dumps(value, ensure_ascii=False, default=str)
        if isinstance(value, list | dict)
        else value
        for key, value in row.items()
    }


def _write_parquet(rows: Iterator[dict[str, Any]], out: Path) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise MissingExtraError(f"Parquet export needs pyarrow: {CORPUS_EXTRA_HINT}") from None
    count = 0
    writer = None
    try:
        while batch := [_flat(row) for row in islice(rows, PARQUET_BATCH)]:
            table = pa.Table.from_pylist(batch)
            if writer is None:
                writer = pq.ParquetWriter(out, table.schema)
            writer.write_table(table.cast(writer.schema))
            count += len(batch)
    finally:
        if writer is not None:
            writer.close()
    return count

"""One shard of analysis results as Parquet files: its articles, statements and errors.

``articles/KEY.parquet`` has a row per analyzed article (its id, text, metadata and speakers),
``attributions/KEY.parquet`` a row per statement (with its article's id and path) and
``errors/KEY.parquet`` a row per document that could not be read or analyzed (``source``,
``reason``). Statements and speakers are the objects of the JSON output
(``onrecord._serialize``), and the columns are derived from the same dataclasses
(``onrecord.shapes``): spans are ``{start, end, text}`` structs, dates
``{start, end, expression}`` with ISO days. The files' metadata give the JSON shape's version,
``onrecord.schema_version``.
Each statement row also names its speaker (``speaker_name``, ``speaker_kind``) so that tables
can be queried without unnesting the speakers, and has its ``vector`` (``onrecord.embed``: 384
float32 numbers, a fixed-size list) when the run embedded statements, else null.
``read_shard`` turns the rows back into the very results (and vectors) that were written.

Needs pyarrow, from the ``scale`` or the ``corpus`` extra.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from onrecord._ids import article_id
from onrecord._serialize import (
    attribution_from_json,
    attribution_to_json,
    speaker_from_json,
    speaker_to_json,
)
from onrecord.embed import VECTOR_WIDTH
from onrecord.engine import Analysis
from onrecord.errors import SCALE_EXTRA_HINT, MissingExtraError
from onrecord.io._sources import Failure
from onrecord.results import AnalyzedArticle, Article, Attribution, Speaker
from onrecord.shapes import SCHEMA_VERSION, arrow_fields, arrow_type, json_fields, to_json

if TYPE_CHECKING:
    from onrecord.embed import FloatArray

TABLES = ("articles", "attributions", "errors")
# Rows are written in groups of this many, so a shard of any size is written in flat memory.
_ROW_GROUP = 1000
_TEMPORARY_SUFFIX = ".tmp"


def shard_file(out: Path, table: str, key: str) -> Path:
    return out / table / f"{key}.parquet"


def temporary_files(out: Path) -> Iterator[Path]:
    """Files of shards that were being written when a run was killed."""
    for table in TABLES:
        yield from (out / table).glob(f".*{_TEMPORARY_SUFFIX}")


class ShardWriter:
    """Writes one shard's three files under hidden temporary names.

    ``commit`` moves them into place, each in one atomic rename; ``discard`` removes them. A
    reader never sees half a file, whenever the writing process is killed.
    """

    def __init__(self, out: Path, key: str) -> None:
        self.articles = 0
        self.attributions = 0
        self.errors = 0
        self._tables = {
            table: _TableWriter(
                out / table / f".{key}.parquet{_TEMPORARY_SUFFIX}",
                shard_file(out, table, key),
                _schema(table),
            )
            for table in TABLES
        }

    def add(
        self, analyzed: AnalyzedArticle, vectors: Mapping[str, FloatArray] | None = None
    ) -> None:
        """An article's row and its statements' rows, or an error row if it has an error.

        ``vectors`` are its statements' by attribution id; a statement without one gets null.
        """
        article = analyzed.article
        if analyzed.error is not None:
            self.add_failure(Failure(article.path or "<unknown>", analyzed.error))
            return
        key = article_id(article.text)
        self._tables["articles"].add(
            {
                "article_id": key,
                # Every field of the article; its dates as Arrow dates.
                **{field.name: getattr(article, field.name) for field in json_fields(Article)},
                "speakers": [speaker_to_json(speaker) for speaker in analyzed.speakers],
            }
        )
        speakers = {speaker.id: speaker for speaker in analyzed.speakers}
        for attribution in analyzed.attributions:
            speaker = speakers.get(attribution.speaker or "")
            self._tables["attributions"].add(
                {
                    "article_id": key,
                    "path": article.path,
                    **attribution_to_json(attribution),
                    "speaker_name": speaker.name if speaker else None,
                    "speaker_kind": speaker.kind.value if speaker else None,
                    "vector": (vectors or {}).get(attribution.id),
                }
            )
        self.articles += 1
        self.attributions += len(analyzed.attributions)

    def add_failure(self, failure: Failure) -> None:
        self._tables["errors"].add(to_json(failure))
        self.errors += 1

    def commit(self) -> None:
        # The articles file last: its presence means the shard's other files are there too.
        for table in reversed(TABLES):
            self._tables[table].commit()

    def discard(self) -> None:
        for writer in self._tables.values():
            writer.discard()


class _TableWriter:
    def __init__(self, temporary: Path, final: Path, schema: Any) -> None:
        _, parquet = _pyarrow()
        self._temporary = temporary
        self._final = final
        self._schema = schema
        self._rows: list[dict[str, Any]] = []
        self._writer = parquet.ParquetWriter(str(temporary), schema)

    def add(self, row: dict[str, Any]) -> None:
        self._rows.append(row)
        if len(self._rows) >= _ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        arrow, _ = _pyarrow()
        if self._rows:
            self._writer.write_table(arrow.Table.from_pylist(self._rows, schema=self._schema))
            self._rows = []

    def commit(self) -> None:
        self._flush()
        self._writer.close()
        # On disk before it is renamed: a crash of the machine cannot leave an empty file
        # under the final name.
        with self._temporary.open("rb") as file:
            os.fsync(file.fileno())
        self._temporary.replace(self._final)

    def discard(self) -> None:
        self._writer.close()
        self._temporary.unlink(missing_ok=True)


def read_shard(out: Path, key: str) -> Iterator[Analysis | Failure]:
    """The results written for shard ``key``, as they were written: errors first, then the
    articles in their order, each with its statements and the vectors written with them."""
    for row in _rows(shard_file(out, "errors", key)):
        yield Failure(**row)
    statements = _rows(shard_file(out, "attributions", key))
    statement = next(statements, None)
    for row in _rows(shard_file(out, "articles", key)):
        # Statements were written right after their article, so the two files are read
        # side by side, never whole.
        attributions = []
        vectors: dict[str, FloatArray] = {}
        while statement is not None and statement["article_id"] == row["article_id"]:
            attribution = attribution_from_json(statement)
            attributions.append(attribution)
            # Shards written before vectors existed have no such column.
            if statement.get("vector") is not None:
                vectors[attribution.id] = np.array(statement["vector"], dtype=np.float32)
            statement = next(statements, None)
        article = Article(
            # Shards written before a field existed have no such column: it keeps its default.
            **{field.name: row[field.name] for field in json_fields(Article) if field.name in row}
        )
        analyzed = AnalyzedArticle(
            article=article,
            attributions=tuple(attributions),
            speakers=tuple(speaker_from_json(speaker) for speaker in row["speakers"]),
        )
        yield Analysis(analyzed, vectors)


def _rows(path: Path) -> Iterator[dict[str, Any]]:
    _, parquet = _pyarrow()
    for batch in parquet.ParquetFile(str(path)).iter_batches(batch_size=_ROW_GROUP):
        yield from batch.to_pylist()


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise MissingExtraError(
            f"Parquet files need pyarrow, which is not installed: {SCALE_EXTRA_HINT}"
        ) from None
    return pyarrow, pyarrow.parquet


def _schema(table: str) -> Any:
    """The columns of ``table``, derived from the dataclasses its rows hold."""
    arrow, _ = _pyarrow()
    string = arrow.string()
    # The version of the JSON shape that the statements and speakers have.
    metadata = {"onrecord.schema_version": str(SCHEMA_VERSION)}
    if table == "errors":
        return arrow.schema(arrow_fields(Failure), metadata=metadata)
    if table == "articles":
        return arrow.schema(
            [
                ("article_id", string),
                *arrow_fields(Article, dates=arrow.date32()),
                ("speakers", arrow.list_(arrow_type(Speaker))),
            ],
            metadata=metadata,
        )
    return arrow.schema(
        [
            ("article_id", string),
            ("path", string),
            *arrow_fields(Attribution),
            ("speaker_name", string),
            ("speaker_kind", string),
            ("vector", arrow.list_(arrow.float32(), VECTOR_WIDTH)),
        ],
        metadata=metadata,
    )

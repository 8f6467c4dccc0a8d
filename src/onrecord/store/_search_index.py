"""The search indexes beside the statements: their words and their vectors, on each backend.

- Full text, ``statement_words``: on SQLite an FTS5 table of each statement's content (the
  Porter stemmer over Unicode words, accents folded), on PostgreSQL a table of its ``tsvector``
  (the ``english`` configuration: stems, stop words dropped) with a GIN index.
- Vectors, ``statement_vectors`` (``schema``): on SQLite also in ``statement_vector_index``, a
  sqlite-vec table of cosine distance under the same ids; on PostgreSQL also in an
  ``embedding vector(384)`` column where the server has pgvector (where it has not, searches
  scan the vectors exactly, see ``search``).

Every write here runs in the transaction that writes the statements it indexes, so the indexes
are in step with the statements whatever happens: a save that fails or is killed leaves neither.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
from sqlalchemy import Connection, delete, select, text
from sqlalchemy.exc import DBAPIError

from onrecord.embed import VECTOR_WIDTH
from onrecord.store._schema import attributions, statement_vectors
from onrecord.store._statements import GAP

FULL_TEXT = "statement_words"
VECTOR_INDEX = "statement_vector_index"
# Rows written at a time when the full text of a whole store is indexed.
_BATCH = 1000


def create_search_index(connection: Connection) -> None:
    """Create the full-text index and the backend's vector index (``statement_vectors`` is in
    ``schema``); on PostgreSQL, use pgvector if the server has it."""
    if connection.dialect.name == "sqlite":
        connection.execute(
            text(
                f"CREATE VIRTUAL TABLE {FULL_TEXT} USING fts5(content, article_id UNINDEXED,"
                " attribution_id UNINDEXED, tokenize='porter unicode61 remove_diacritics 2')"
            )
        )
        connection.execute(
            text(
                f"CREATE VIRTUAL TABLE {VECTOR_INDEX} USING"
                f" vec0(embedding float[{VECTOR_WIDTH}] distance_metric=cosine)"
            )
        )
        return
    connection.execute(
        text(
            f"CREATE TABLE {FULL_TEXT} ("
            " article_id VARCHAR(64) NOT NULL, attribution_id VARCHAR NOT NULL,"
            " words TSVECTOR NOT NULL, PRIMARY KEY (article_id, attribution_id),"
            " FOREIGN KEY (article_id, attribution_id) REFERENCES attributions (article_id, id))"
        )
    )
    connection.execute(text(f"CREATE INDEX ix_{FULL_TEXT}_words ON {FULL_TEXT} USING GIN (words)"))
    if _pgvector_available(connection):
        connection.execute(
            text(f"ALTER TABLE statement_vectors ADD COLUMN embedding vector({VECTOR_WIDTH})")
        )


def has_pgvector(connection: Connection) -> bool:
    """Whether this store keeps its vectors in a pgvector column too (PostgreSQL only)."""
    if connection.dialect.name != "postgresql":
        return False
    found = connection.execute(
        text(
            "SELECT 1 FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND table_name = 'statement_vectors'"
            " AND column_name = 'embedding'"
        )
    ).first()
    return found is not None


def index_words(connection: Connection, rows: Sequence[tuple[str, str, str]]) -> None:
    """Add statements to the full-text index: (article id, attribution id, content text)."""
    if not rows:
        return
    values = [{"article": a, "attribution": b, "content": content} for a, b, content in rows]
    if connection.dialect.name == "sqlite":
        statement = (
            f"INSERT INTO {FULL_TEXT} (content, article_id, attribution_id)"
            " VALUES (:content, :article, :attribution)"
        )
    else:
        statement = (
            f"INSERT INTO {FULL_TEXT} (article_id, attribution_id, words)"
            " VALUES (:article, :attribution, to_tsvector('english', :content))"
        )
    connection.execute(text(statement), values)


def index_all_words(connection: Connection) -> None:
    """Index the content of every stored statement: a store's full text made from scratch."""
    # As the migration to version 6 reads them, not through ``schema``, which may move on.
    parts = connection.execute(
        text(
            "SELECT article_id, attribution_id, text FROM spans WHERE role = 'content'"
            " ORDER BY article_id, attribution_id, seq"
        ).execution_options(yield_per=_BATCH)
    )
    batch: list[tuple[str, str, str]] = []
    key: tuple[str, str] | None = None
    texts: list[str] = []
    for article_id, attribution_id, part in parts:
        if (article_id, attribution_id) != key:
            if key is not None:
                batch.append((*key, GAP.join(texts)))
            key, texts = (article_id, attribution_id), []
        texts.append(part)
        if len(batch) >= _BATCH:
            index_words(connection, batch)
            batch = []
    if key is not None:
        batch.append((*key, GAP.join(texts)))
    index_words(connection, batch)


def checked_vectors(vectors: Mapping[str, Any]) -> dict[str, np.ndarray]:
    """``vectors`` as float32 arrays of the store's width; a ``ValueError`` names a bad one."""
    checked: dict[str, np.ndarray] = {}
    for attribution_id, vector in vectors.items():
        array = np.asarray(vector, dtype=np.float32)
        if array.shape != (VECTOR_WIDTH,):
            raise ValueError(
                f"the vector of {attribution_id} has shape {array.shape}, not ({VECTOR_WIDTH},)"
            )
        if not np.all(np.isfinite(array)) or not np.any(array):
            raise ValueError(f"the vector of {attribution_id} is zero or not finite")
        checked[attribution_id] = array
    return checked


def write_vectors(
    connection: Connection, article_id: str, vectors: Mapping[str, np.ndarray], *, pgvector: bool
) -> int:
    """Store the vectors of statements of ``article_id``, replacing those they had."""
    if not vectors:
        return 0
    ids = list(vectors)
    chosen = (statement_vectors.c.article_id == article_id) & (
        statement_vectors.c.attribution_id.in_(ids)
    )
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        old = connection.execute(select(statement_vectors.c.id).where(chosen)).scalars().all()
        _delete_indexed(connection, old)
    connection.execute(delete(statement_vectors).where(chosen))
    rows = [
        {"article": article_id, "attribution": key, "vector": vector.astype("<f4").tobytes()}
        | ({"embedding": _pgvector_text(vector)} if pgvector else {})
        for key, vector in vectors.items()
    ]
    columns = "article_id, attribution_id, vector" + (", embedding" if pgvector else "")
    values = ":article, :attribution, :vector" + (
        ", CAST(:embedding AS vector)" if pgvector else ""
    )
    connection.execute(text(f"INSERT INTO statement_vectors ({columns}) VALUES ({values})"), rows)
    if sqlite:
        connection.execute(
            text(
                f"INSERT INTO {VECTOR_INDEX} (rowid, embedding)"
                " SELECT id, vector FROM statement_vectors WHERE article_id = :article"
                " AND attribution_id IN (SELECT value FROM json_each(:ids))"
            ),
            {"article": article_id, "ids": _json_list(ids)},
        )
    return len(rows)


def stored_attribution_ids(connection: Connection, article_id: str) -> set[str]:
    """The ids of the statements stored for ``article_id``."""
    return set(
        connection.execute(
            select(attributions.c.id).where(attributions.c.article_id == article_id)
        ).scalars()
    )


def _delete_indexed(connection: Connection, ids: Iterable[int]) -> None:
    for vector_id in ids:
        connection.execute(text(f"DELETE FROM {VECTOR_INDEX} WHERE rowid = :id"), {"id": vector_id})


def _pgvector_available(connection: Connection) -> bool:
    """Whether pgvector is installed in the database, or can be: then it is."""
    installed = connection.execute(
        text("SELECT 1 FROM pg_extension WHERE extname = 'vector'")
    ).first()
    if installed is not None:
        return True
    try:
        # In a savepoint: a server without the extension fails the statement, not the migration.
        with connection.begin_nested():
            connection.execute(text("CREATE EXTENSION vector"))
    except DBAPIError:
        return False
    return True


def _pgvector_text(vector: np.ndarray) -> str:
    return "[" + ",".join(repr(float(value)) for value in vector) + "]"


def _json_list(values: Sequence[str]) -> str:
    return json.dumps(list(values))

"""Engines for the store's two backends, set up so that the same Core code behaves the same."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import Any

from sqlalchemy import URL, Connection, Engine, create_engine, event, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError

from onrecord.errors import CORPUS_EXTRA_HINT, MissingExtraError, StoreError

DEFAULT_PATH = "onrecord.db"
# How long a SQLite writer waits for another one before giving up; a save takes milliseconds,
# so only a stuck process makes anyone wait this long.
BUSY_TIMEOUT_MS = 30_000
CONNECT_TIMEOUT_S = 10
# How much of a SQLite store is memory-mapped: address space, not memory.
MMAP_BYTES = 2**30
# The largest integer both backends store and compare (SQLite INTEGER, PostgreSQL BIGINT):
# Python's sqlite3 cannot even pass a larger one to a query.
MAX_INTEGER = 2**63 - 1
_WRITE = "onrecord_write"


def database_url(location: str | os.PathLike[str] | None) -> URL:
    """The URL of ``location``: a database URL, or the path of a SQLite file.

    A bare path is made absolute now, so that the store stays where it was opened even if the
    process changes directory. ``postgresql://`` means psycopg 3, the driver the extra installs.
    """
    if location is None:
        location = DEFAULT_PATH
    if isinstance(location, os.PathLike) or "://" not in location:
        return URL.create("sqlite", database=str(Path(location).absolute()))
    try:
        url = make_url(location)
    except ArgumentError:
        raise StoreError(f"not a database URL: {location!r}") from None
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url


def make_engine(url: URL, *, read_only: bool = False, must_exist: bool = False) -> Engine:
    """An engine for ``url``, which must name a SQLite or PostgreSQL database.

    ``read_only`` makes the database refuse every write: SQLite opens the file ``mode=ro``,
    PostgreSQL runs every transaction read-only. A SQLite file that is not there is created,
    unless ``must_exist`` or ``read_only``.
    """
    backend = url.get_backend_name()
    try:
        if backend == "sqlite":
            return _sqlite_engine(url, read_only=read_only, must_exist=must_exist)
        if backend == "postgresql":
            connect_args = (
                {} if "connect_timeout" in url.query else {"connect_timeout": CONNECT_TIMEOUT_S}
            )
            return create_engine(
                url,
                pool_pre_ping=True,
                connect_args=connect_args,
                execution_options={"postgresql_readonly": True} if read_only else {},
            )
    except ImportError as error:
        raise MissingExtraError(
            f"{url.drivername} needs a driver that is not installed ({error}): {CORPUS_EXTRA_HINT}"
        ) from error
    raise StoreError(f"unsupported database {backend!r}: the store runs on SQLite or PostgreSQL")


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A transaction that will write.

    SQLite takes its write lock at BEGIN for it, so that two writers queue on the busy timeout;
    a deferred transaction that reads first would instead fail outright when it tries to write
    after the other one committed.
    """
    with engine.connect() as connection:
        connection.execution_options(**{_WRITE: True})
        with connection.begin():
            yield connection


@contextmanager
def reported(action: str) -> Iterator[None]:
    """Turn a database failure during ``action`` into a ``StoreError`` that says what failed."""
    try:
        yield
    except SQLAlchemyError as error:
        reason = error.orig if isinstance(error, DBAPIError) else error
        raise StoreError(f"{action}: {reason}") from error


def _sqlite_engine(url: URL, *, read_only: bool, must_exist: bool) -> Engine:
    existing = read_only or must_exist
    if existing:
        url = _existing_file(url, mode="ro" if read_only else "rw")
    driver = sqlite_module()
    engine = create_engine(url, module=driver)
    # WAL mode is set where a store is created and persists; a store that must exist is not
    # changed, and a read-only connection could not change it.
    event.listen(engine, "connect", partial(_configure_sqlite, wal=not existing, driver=driver))
    event.listen(engine, "begin", _begin_sqlite)
    return engine


def _existing_file(url: URL, *, mode: str) -> URL:
    """``url`` as a SQLite URI that opens its file in ``mode`` (``ro``, ``rw``), not creating it."""
    if url.query.get("uri"):
        # Already a SQLite URI: its own mode says how to open it.
        return url
    database = url.database or ":memory:"
    path = Path(database)
    if database == ":memory:" or not path.is_file():
        raise StoreError(
            f"there is no store at {database}: create one with `onrecord ingest --db {database}`"
        )
    return url.set(
        database=path.absolute().as_uri(), query={**url.query, "mode": mode, "uri": "true"}
    )


def sqlite_module() -> ModuleType:
    """The sqlite3 module the store runs on: one that can load sqlite-vec, the vector index.

    Python's own where it was built to load extensions, else pysqlite3 (the ``corpus`` extra
    installs its binary build, which bundles a recent SQLite with FTS5, where Python's cannot).
    """
    if hasattr(sqlite3.Connection, "enable_load_extension"):
        return sqlite3
    try:
        import pysqlite3.dbapi2 as driver
    except ModuleNotFoundError:
        raise MissingExtraError(
            "this Python's sqlite3 cannot load extensions, and the store's vector index "
            f"(sqlite-vec) is one: install pysqlite3-binary, or {CORPUS_EXTRA_HINT}"
        ) from None
    module: ModuleType = driver
    return module


def _configure_sqlite(
    dbapi_connection: Any, _record: object, *, wal: bool, driver: ModuleType
) -> None:
    # Transactions are begun by _begin_sqlite: the sqlite3 module's own handling would commit
    # DDL on its own and never begin before a SELECT, breaking atomic migrations and snapshots.
    dbapi_connection.isolation_level = None
    _load_sqlite_vec(dbapi_connection)
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    if wal:
        _use_wal(cursor, driver.OperationalError)
    cursor.execute("PRAGMA foreign_keys=ON")
    # Searches by meaning read every vector (1.5 kB a statement): mapped into memory, they are
    # read where the OS cache holds them instead of copied page by page (190 to 115 ms for a
    # nearest search over 100,000 statements, bench/README.md).
    cursor.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
    cursor.close()
    # SQLite's lower() folds ASCII letters only; PostgreSQL's folds all of Unicode (in a UTF-8
    # locale). Python's makes case-insensitive filters match the same rows on both.
    dbapi_connection.create_function("lower", 1, _lower, deterministic=True)


def _load_sqlite_vec(dbapi_connection: Any) -> None:
    try:
        import sqlite_vec
    except ModuleNotFoundError:
        raise MissingExtraError(
            "the store's vector index needs sqlite-vec, which is not installed: "
            + CORPUS_EXTRA_HINT
        ) from None
    dbapi_connection.enable_load_extension(True)
    try:
        sqlite_vec.load(dbapi_connection)
    finally:
        # Only sqlite-vec: SQL run later must not be able to load a library of its choosing.
        dbapi_connection.enable_load_extension(False)


def _use_wal(cursor: Any, operational_error: type[Exception]) -> None:
    """Put the database in WAL mode, which lets readers go on while an ingest writes."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except operational_error as error:
            # Switching to WAL does not wait on the busy timeout, so connections that open a new
            # database at the same moment take turns here.
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def _lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def _begin_sqlite(connection: Connection) -> None:
    immediate = connection.get_execution_options().get(_WRITE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

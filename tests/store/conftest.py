"""Stores to test on: a SQLite file, and a database of a throwaway PostgreSQL server of our own.

The server needs PostgreSQL's binaries (``initdb``, ``pg_ctl``) on PATH or under
/usr/lib/postgresql/*/bin. Without them the PostgreSQL tests skip, except under CI, where they
fail: CI must test both backends.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import psycopg
import pytest

from onrecord import pipeline
from onrecord._analyze import analyze
from onrecord.results import AnalyzedArticle
from onrecord.store import Store

DATABASE = "onrecord_test"
SUPERUSER = "postgres"


@pytest.fixture(scope="session")
def postgresql_url() -> Iterator[str]:
    """A SQLAlchemy URL of an empty database on a server listening on 127.0.0.1 only."""
    binaries = _postgresql_binaries()
    if binaries is None:
        message = (
            "PostgreSQL is not installed (no initdb on PATH or under /usr/lib/postgresql/*/bin); "
            "on Debian: apt-get install postgresql"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    # PostgreSQL refuses to run as root: then the server runs as the postgres user.
    as_server_user = ["runuser", "-u", SUPERUSER, "--"] if os.geteuid() == 0 else []
    # Under /tmp, not pytest's tmp_path: the server user must be able to reach it.
    base = Path(tempfile.mkdtemp(prefix="onrecord-postgresql-"))
    data, sockets, log = base / "data", base / "sockets", base / "server.log"
    sockets.mkdir()
    if as_server_user:
        for path in (base, sockets):
            shutil.chown(path, SUPERUSER)
    port = _free_port()
    options = (
        f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={sockets} "
        # A test database need not survive a crash of the machine.
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    )
    pg_ctl = [*as_server_user, str(binaries / "pg_ctl"), "-D", str(data)]
    try:
        _run(
            [
                *as_server_user,
                str(binaries / "initdb"),
                *("-D", str(data), "-U", SUPERUSER, "-A", "trust"),
                *("-E", "UTF8", "--locale=C.UTF-8", "--no-sync"),
            ],
            cwd=base,
        )
        _run([*pg_ctl, "-l", str(log), "-o", options, "-w", "start"], cwd=base, log=log)
        conninfo = f"host=127.0.0.1 port={port} user={SUPERUSER} dbname=postgres"
        with psycopg.connect(conninfo, autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {DATABASE}")
        yield f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{port}/{DATABASE}"
    finally:
        subprocess.run(
            [*pg_ctl, "-m", "immediate", "-w", "stop"], cwd=base, capture_output=True, check=False
        )
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where to open a new, empty store: a SQLite file path, or the test PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "onrecord.db")
    url: str = request.getfixturevalue("postgresql_url")
    empty_postgresql(url)
    return url


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with Store.open(store_url) as opened:
        yield opened


@pytest.fixture(scope="session")
def corpus() -> list[AnalyzedArticle]:
    """Six short articles of three outlets (one none) as analyzed; see test_queries.py."""
    return [
        _analyzed(text, published, outlet=outlet, path=path)
        for path, outlet, published, text in ARTICLES
    ]


@pytest.fixture
def corpus_store(store: Store, corpus: list[AnalyzedArticle]) -> Store:
    for analyzed in corpus:
        assert store.save(analyzed)
    return store


def empty_postgresql(url: str) -> None:
    """Drop everything in the database of ``url``, as a new one would be."""
    conninfo = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo, autocommit=True) as connection:
        # A store a failed test left open would block the drop: fail fast rather than hang.
        connection.execute("SET lock_timeout = '10s'")
        connection.execute("DROP SCHEMA public CASCADE")
        connection.execute("CREATE SCHEMA public")


ARTICLES = [
    (
        "wire-1.txt",
        "Wire",
        "2022-11-15",
        "Gen. Mark Milley, the Chairman of the Joint Chiefs of Staff, said on Monday that "
        "Ukraine had won the first phase of the war. “The Russians have lost 50% of their force,” "
        "Milley told reporters at a Pentagon briefing.\n\n"
        "Two senior administration officials, who spoke on condition of anonymity because they "
        "were not authorized to speak publicly, said the White House disagreed.",
    ),
    (
        "daily-1.txt",
        "Daily",
        "2022-11-20",
        "Milley said last week that talks were possible. “There is a window of opportunity,” he "
        "told the Economic Club of New York.\n\n"
        "President Joe Biden said on Tuesday that he would not negotiate without Ukraine.",
    ),
    (
        "wire-2.txt",
        "Wire",
        "2022-11-23",
        "Treasury Secretary Janet Yellen said on Wednesday that inflation had fallen to 7.7% in "
        "October. “We are making progress,” Yellen told CNN.\n\n"
        "A Treasury official, speaking on condition of anonymity, said the department expected "
        "further declines.\n\n"
        "“Prices are coming down,” President Joe Biden said.",
    ),
    (
        "undated.txt",
        None,
        None,
        "The Élysée Palace said the exercise would go ahead. “We remain ready,” spokesman John "
        "Kirby told reporters.",
    ),
    (
        "daily-2.txt",
        "Daily",
        "2022-11-25",
        "National security adviser Jake Sullivan quoted President Joe Biden as saying that the "
        "war must end.",
    ),
    (
        "daily-3.txt",
        "Daily",
        "2022-11-26",
        "Markets closed higher on Friday after a quiet session.",
    ),
]


def _analyzed(
    text: str, published: str | None, *, outlet: str | None, path: str
) -> AnalyzedArticle:
    # The rules alone: these figures test the store's queries, not the candidate classifier.
    analyzed = analyze(text, published=published, path=path, nlp=pipeline.load(extractor="rules"))
    return replace(analyzed, article=replace(analyzed.article, outlet=outlet))


def _postgresql_binaries() -> Path | None:
    initdb = shutil.which("initdb")
    if initdb is not None:
        return Path(initdb).parent
    installed = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda path: [
            int(part) for part in path.parent.parent.name.split(".") if part.isdigit()
        ],
    )
    return installed[-1].parent if installed else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _run(command: list[str], *, cwd: Path, log: Path | None = None) -> None:
    # In a directory of its own: the server user may not be allowed into the working directory.
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        server_log = log.read_text(errors="replace") if log is not None and log.exists() else ""
        pytest.fail(
            f"cannot start the test PostgreSQL server: {' '.join(command)} exited with "
            f"{done.returncode}\n{done.stdout}{done.stderr}{server_log}"
        )

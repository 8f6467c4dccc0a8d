"""Fixtures shared by the whole suite, among them the stores to test on: a SQLite file, and a
database of a throwaway PostgreSQL server of our own.

The server needs PostgreSQL's binaries (``initdb``, ``pg_ctl``) on PATH or under
/usr/lib/postgresql/*/bin. Without them the PostgreSQL tests skip, except under CI, where they
fail: CI must test both backends.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import psycopg
import pytest

if TYPE_CHECKING:
    from onrecord.store import Store


def _import_file(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # Registered before running so that its dataclasses can find their module.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def import_file() -> Callable[[Path], ModuleType]:
    """Import a Python file that is not in a package (``bench/``), by path."""
    return _import_file


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test that takes ``cli_command`` runs once per command of ``onrecord``, as
    ``(name, click command)``: "analyze", "query speakers", ..."""
    if "cli_command" in metafunc.fixturenames:
        import typer.main

        from onrecord.cli import app

        found = []
        for name, command in getattr(typer.main.get_command(app), "commands", {}).items():
            subcommands = getattr(command, "commands", {})
            found += [(f"{name} {sub}", each) for sub, each in subcommands.items()] or [
                (name, command)
            ]
        metafunc.parametrize("cli_command", found, ids=[name for name, _ in found])


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
    # Here, not at the top: the suite's first import of the store is a test's own.
    from onrecord.store import Store

    with Store.open(store_url) as opened:
        yield opened


def empty_postgresql(url: str) -> None:
    """Drop everything in the database of ``url``, as a new one would be."""
    conninfo = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo, autocommit=True) as connection:
        # A store a failed test left open would block the drop: fail fast rather than hang.
        connection.execute("SET lock_timeout = '10s'")
        connection.execute("DROP SCHEMA public CASCADE")
        connection.execute("CREATE SCHEMA public")


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

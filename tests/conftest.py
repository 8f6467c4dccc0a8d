"""Fixtures shared by the whole suite."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest


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

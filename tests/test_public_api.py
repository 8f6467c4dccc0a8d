"""What the package promises to export: ``from onrecord import *`` and every subpackage's
``__all__`` import, so a name listed but never imported fails here instead of in a user's code."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest

import onrecord
import onrecord.errors

SUBPACKAGES = sorted(
    f"onrecord.{module.name}" for module in pkgutil.iter_modules(onrecord.__path__) if module.ispkg
)


def test_star_import_gives_every_name_of_all() -> None:
    namespace: dict[str, object] = {}
    exec("from onrecord import *", namespace)

    assert set(onrecord.__all__) <= set(namespace)


def test_every_error_the_readme_names_is_exported() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    named = {
        name
        for name, value in vars(onrecord.errors).items()
        if isinstance(value, type) and issubclass(value, Exception) and f"`{name}`" in readme
    }

    assert {"EngineError", "BatchError", "StoreError"} <= named
    assert named <= set(onrecord.__all__)


def test_subpackages_are_found() -> None:
    assert {"onrecord.engine", "onrecord.evaluation", "onrecord.store", "onrecord.web"} <= set(
        SUBPACKAGES
    )


@pytest.mark.parametrize("name", SUBPACKAGES)
def test_star_import_of_a_subpackage_gives_every_name_of_its_all(name: str) -> None:
    module = importlib.import_module(name)
    namespace: dict[str, object] = {}
    exec(f"from {name} import *", namespace)

    assert module.__all__
    assert set(module.__all__) <= set(namespace)

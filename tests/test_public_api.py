"""What the package promises to export: ``from onrecord import *`` and every subpackage's
``__all__`` import, so a name listed but never imported fails here instead of in a user's code."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest

import onrecord
import onrecord.errors

# Every module whose dotted name has no part with a leading underscore: the public surface.
PUBLIC_MODULES = sorted(
    module.name
    for module in pkgutil.walk_packages(onrecord.__path__, "onrecord.")
    if not any(part.startswith("_") for part in module.name.split("."))
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


def test_the_public_modules_are_the_stages_and_the_types_they_hand_on() -> None:
    assert set(PUBLIC_MODULES) == {
        "onrecord.cli",
        "onrecord.component",
        "onrecord.embed",
        "onrecord.engine",
        "onrecord.errors",
        "onrecord.evaluation",
        "onrecord.extract",
        "onrecord.io",
        "onrecord.offsets",
        "onrecord.pipeline",
        "onrecord.resolve",
        "onrecord.results",
        "onrecord.shapes",
        "onrecord.stance",
        "onrecord.store",
        "onrecord.topics",
        "onrecord.web",
    }


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_a_public_module_says_what_it_exports_and_exports_it(name: str) -> None:
    module = importlib.import_module(name)
    namespace: dict[str, object] = {}
    exec(f"from {name} import *", namespace)

    assert module.__all__
    assert set(module.__all__) <= set(namespace)

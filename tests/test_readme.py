"""The README's examples run as written and show what onrecord prints, and it names every
command and option: documentation that cannot go stale (as sqlite-utils tests its own)."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from typing import Any

import click
import pytest
import typer.main
from typer.testing import CliRunner

from onrecord.cli import app

ROOT = Path(__file__).parents[1]
README_TEXT = (ROOT / "README.md").read_text(encoding="utf-8")
PYTHON_BLOCKS = re.findall(r"```python\n(.*?)```", README_TEXT, re.DOTALL)
SHELL_BLOCKS = re.findall(r"```sh\n(.*?)```", README_TEXT, re.DOTALL)
(JSON_EXAMPLE,) = re.findall(r"```json\n(.*?)```", README_TEXT, re.DOTALL)
# Where the README says which command printed its JSON example.
JSON_COMMAND = re.search(r"the output of `(onrecord analyze [^`]*)`", README_TEXT)
ABRIDGED = "…"
MORE_SPANS = re.compile(r"… (\d+) more spans")


def test_readme_has_python_examples() -> None:
    assert PYTHON_BLOCKS


@pytest.mark.parametrize("block", PYTHON_BLOCKS)
def test_readme_python_example_runs(block: str) -> None:
    exec(compile(block, str(ROOT / "README.md"), "exec"), {})


@pytest.fixture(scope="module")
def example_output(pytestconfig: pytest.Config) -> dict[str, Any]:
    """What the command the README names prints, run in the checkout's root."""
    assert JSON_COMMAND is not None
    arguments = shlex.split(JSON_COMMAND.group(1))[1:]
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        result = CliRunner().invoke(app, arguments)
    assert result.exit_code == 0, result.output
    (record,) = json.loads(result.stdout)
    assert isinstance(record, dict)
    return record


def shown_as(shown: Any, actual: Any, where: str) -> None:
    """``shown`` (the README's) is ``actual`` but for texts abridged with "…" and lists cut
    short with "… N more spans"."""
    if isinstance(shown, dict):
        assert isinstance(actual, dict), where
        assert set(shown) == set(actual), where
        for key, value in shown.items():
            shown_as(value, actual[key], f"{where}.{key}")
    elif isinstance(shown, list):
        assert isinstance(actual, list), where
        more = [MORE_SPANS.fullmatch(item) for item in shown if isinstance(item, str)]
        listed = [item for item in shown if not isinstance(item, str)]
        hidden = sum(int(match.group(1)) for match in more if match)
        assert len(actual) == len(listed) + hidden, f"{where}: {len(actual)} items"
        for index, item in enumerate(listed):
            shown_as(item, actual[index], f"{where}[{index}]")
    elif isinstance(shown, str) and ABRIDGED in shown:
        assert isinstance(actual, str), where
        parts = [part.strip() for part in shown.split(ABRIDGED)]
        assert actual.startswith(parts[0]), where
        assert actual.endswith(parts[-1]), where
    else:
        assert shown == actual, where


def test_readme_json_example_is_what_the_command_prints(example_output: dict[str, Any]) -> None:
    shown = json.loads(JSON_EXAMPLE)
    actual = dict(example_output)
    # The README shows one statement and one speaker of each list, by id.
    for key in ("attributions", "speakers"):
        ids = {item["id"] for item in shown[key]}
        actual[key] = [item for item in actual[key] if item["id"] in ids]
        assert len(actual[key]) == len(ids), f"{key}: {sorted(ids)}"
    shown_as(shown, actual, "$")


def test_readme_prose_about_the_example_is_what_the_command_prints(
    example_output: dict[str, Any],
) -> None:
    said = re.search(
        r"just before \(`([^`]+)`\) has `(\"venue\": .*?)` and `(\"date\": .*?)`", README_TEXT, re.S
    )
    assert said is not None
    (statement,) = [
        item
        for item in example_output["attributions"]
        if [span["text"] for span in item["cue"]] == [said.group(1)]
    ]
    for field in said.group(2, 3):
        shown = json.loads("{" + " ".join(field.split()) + "}")
        assert {key: statement[key] for key in shown} == shown


def test_readme_counts_the_example_statements_as_onrecord_finds_them(
    example_output: dict[str, Any],
) -> None:
    (count,) = re.findall(r"the example article's (\d+) statements", README_TEXT)
    assert int(count) == len(example_output["attributions"])


def synopsis(command: str) -> str:
    """The README's shell lines for ``onrecord COMMAND``, with their continuation lines."""
    lines = []
    for block in SHELL_BLOCKS:
        taking = False
        for line in block.splitlines():
            if line.startswith("onrecord "):
                taking = line.startswith(f"onrecord {command} ") or line == f"onrecord {command}"
            elif not line.startswith(" "):
                taking = False
            if taking:
                lines.append(line)
    return "\n".join(lines)


def test_readme_names_every_command_and_its_options(cli_command: tuple[str, Any]) -> None:
    name, command = cli_command
    shown = synopsis(name)
    assert shown, f"no `onrecord {name}` line in the README's shell examples"
    for option in long_options(command):
        assert re.search(rf"{re.escape(option)}\b", shown), f"{name} {option}"


def test_readme_names_every_option_of_onrecord_itself() -> None:
    # Options before any command: --version, and the shell completion ones typer adds.
    shown = "\n".join(
        line
        for block in SHELL_BLOCKS
        for line in block.splitlines()
        if line.startswith("onrecord --")
    )
    options = long_options(typer.main.get_command(app))
    assert options
    for option in options:
        assert re.search(rf"{re.escape(option)}\b", shown), option


def long_options(command: click.Command) -> list[str]:
    """Every ``--option`` of ``command``, the negative form of a flag too (``--no-...``)."""
    return [
        option
        for param in command.params
        for option in [*param.opts, *param.secondary_opts]
        if option.startswith("--") and option != "--help"
    ]

"""``onrecord line`` and ``onrecord lines`` over the example article, ingested with its vectors.

The stances are the shipped model's, which is being retrained: these tests check what the
commands retrieve, group, print, save and refuse, not what the model says.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from onrecord.cli import app

EXAMPLE = Path(__file__).parents[2] / "examples/milley-memos.txt"
POSITION = (
    "The decision to negotiate belongs to Ukraine and the US will not push Ukraine to negotiate"
)
STATEMENTS = 24  # of the example, as the default extractor finds them (README, "Corpus")


@pytest.fixture(scope="module")
def example_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("line")
    shutil.copy(EXAMPLE, directory / EXAMPLE.name)
    database = directory / "store.db"
    result = CliRunner().invoke(
        app, ["ingest", str(directory / EXAMPLE.name), "--db", str(database)]
    )
    assert result.exit_code == 0, result.output
    return database


@pytest.fixture
def store(example_store: Path, tmp_path: Path) -> str:
    """A copy of the example's store for each test, which may save lines in it."""
    database = tmp_path / "store.db"
    shutil.copy(example_store, database)
    return str(database)


def _run(*arguments: str) -> Any:
    return CliRunner().invoke(app, list(arguments))


def _json(store: str, *arguments: str) -> dict[str, Any]:
    result = _run("line", *arguments, "--db", store, "--format", "json")
    assert result.exit_code == 0, result.output
    record: dict[str, Any] = json.loads(result.stdout)
    return record


def _said(record: dict[str, Any]) -> dict[str, set[str]]:
    """Each speaker's statements' texts."""
    return {
        speaker["speaker"]: {statement["text"] for statement in speaker["statements"]}
        for speaker in record["speakers"]
    }


def test_line_groups_every_statement_found_by_speaker(store: str) -> None:
    record = _json(store, POSITION)

    assert record["position"] == POSITION
    speakers = record["speakers"]
    assert sum(len(s["statements"]) for s in speakers) == STATEMENTS
    for speaker in speakers:
        counts = (speaker["supports"], speaker["opposes"], speaker["neither"])
        assert sum(counts) == len(speaker["statements"])
        assert speaker["departures"] == [
            s for s in speaker["statements"] if s["stance"] == "opposes"
        ]
    said = _said(record)
    assert any("Seize the moment" in text for text in said["Mark Milley"])
    assert any("Nothing about Ukraine without Ukraine" in text for text in said["Joe Biden"])
    assert any("when and how they want to negotiate" in text for text in said["Jake Sullivan"])
    assert any("decisions about the negotiations belong" in text for text in said["Bill Taylor"])
    # Those who departed come first (hold_line's order, tested in tests/stance/test_line.py).
    departed = [bool(s["departures"]) for s in speakers]
    assert departed == sorted(departed, reverse=True)


def test_line_prints_speakers_and_departures(store: str) -> None:
    result = _run("line", POSITION, "--db", store)

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Line: {POSITION[:40]}")
    assert "supports" in result.stdout
    assert f"{STATEMENTS} statements found" in result.stdout


def test_line_csv_has_a_row_per_statement(store: str) -> None:
    result = _run("line", POSITION, "--db", store, "--format", "csv")

    assert result.exit_code == 0, result.output
    header, *rows = result.stdout.splitlines()
    assert header.startswith("position,speaker,article_id,attribution_id")
    assert "stance,supports,opposes,neither" in header
    assert len([row for row in rows if row.startswith(POSITION[:20])]) == STATEMENTS


@pytest.mark.parametrize(
    ("options", "speakers"),
    [
        (["--speaker", "Biden"], {"Joe Biden"}),
        (["--affiliation", "joint chiefs"], {"Mark Milley"}),
        (["--until", "2022-11-01"], set()),
        (["--depth", "3"], None),
    ],
)
def test_line_keeps_to_its_options(
    store: str, options: list[str], speakers: set[str] | None
) -> None:
    record = _json(store, POSITION, *options)

    if speakers is None:
        assert sum(len(s["statements"]) for s in record["speakers"]) == 3
    else:
        assert set(_said(record)) == speakers


def test_a_saved_line_runs_again_and_is_listed(store: str) -> None:
    saved = _run("line", POSITION, "--speaker", "Biden", "--db", store, "--save", "ukraine")
    assert saved.exit_code == 0, saved.output
    assert "saved as 'ukraine'" in saved.stderr

    again = _json(store, "--saved", "ukraine")
    # A filter given with --saved takes the place of the saved one.
    sullivan = _json(store, "--saved", "ukraine", "--speaker", "Sullivan")
    listed = _run("lines", "--db", store, "--format", "json")

    assert again["position"] == POSITION
    assert set(_said(again)) == {"Joe Biden"}
    assert set(_said(sullivan)) == {"Jake Sullivan"}
    assert listed.exit_code == 0, listed.output
    (line,) = json.loads(listed.stdout)
    assert (line["name"], line["position"], line["filters"]["speaker"]) == (
        "ukraine",
        POSITION,
        "Biden",
    )
    table = _run("lines", "--db", store)
    assert "ukraine" in table.stdout
    assert "speaker=Biden" in table.stdout


def test_saving_a_name_again_replaces_it_and_delete_removes_it(store: str) -> None:
    for position in ("Ukraine decides.", POSITION):
        assert _run("line", position, "--db", store, "--save", "ukraine").exit_code == 0

    (line,) = json.loads(_run("lines", "--db", store, "--format", "json").stdout)
    assert line["position"] == POSITION
    deleted = _run("lines", "--db", store, "--delete", "ukraine")
    assert deleted.exit_code == 0, deleted.output
    assert json.loads(_run("lines", "--db", store, "--format", "json").stdout) == []
    again = _run("lines", "--db", store, "--delete", "ukraine")
    assert again.exit_code != 0
    assert "no line is saved as 'ukraine'" in again.stderr


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["line", " "], "the position of a line is empty"),
        (["line"], "give the POSITION of the line"),
        (["line", "--saved", "nothing"], "no line is saved as 'nothing'"),
        (["line", POSITION, "--saved", "nothing"], "not both"),
        (["line", POSITION, "--save", " "], "a saved line needs a name"),
        (["line", POSITION, "--since", "last week"], "not a date"),
        (["line", POSITION, "--depth", "0"], "greater than or equal to 1"),
    ],
)
def test_line_refuses_bad_input(store: str, arguments: list[str], message: str) -> None:
    result = _run(*arguments, "--db", store)

    assert result.exit_code != 0
    assert message in result.stderr


def test_line_hostile_text_is_a_plain_position(store: str) -> None:
    hostile = "<script>alert('x')</script> \"Ukraine NEAR negotiate* OR 1=1; --"

    record = _json(store, hostile)

    assert record["position"] == hostile.strip()

"""``onrecord ingest``, ``query`` and ``export`` on a small store."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from onrecord.cli import app

ARTICLES = {
    "daily-1.txt": (
        "Senator Elizabeth Warren said on Monday that the budget would pass. "
        "“We have the votes,” Warren told reporters.\n"
    ),
    "daily-2.txt": (
        "Two officials familiar with the talks said the budget vote could slip to next week. "
        "Elizabeth Warren said she was confident.\n"
    ),
}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    directory = tmp_path_factory.mktemp("corpus")
    for name, text in ARTICLES.items():
        (directory / name).write_text(text, encoding="utf-8")
    database = str(directory / "store.db")
    result = CliRunner().invoke(app, ["ingest", str(directory), "--db", database])
    assert result.exit_code == 0, result.output
    assert "ingested 2, skipped as duplicate 0, failed 0" in result.stdout
    return database


def test_a_second_ingest_adds_nothing(store: str) -> None:
    directory = str(Path(store).parent)
    result = CliRunner().invoke(app, ["ingest", directory, "--db", store])
    assert result.exit_code == 0
    assert "ingested 0, skipped as duplicate 2, failed 0" in result.stdout


def test_query_speakers_as_json(store: str) -> None:
    result = CliRunner().invoke(app, ["query", "speakers", "--db", store, "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    warren = next(row for row in rows if row["name"] == "Elizabeth Warren")
    assert warren["kind"] == "person"
    assert warren["statements"] >= 3


def test_query_statements_filtered_as_csv(store: str) -> None:
    result = CliRunner().invoke(
        app,
        [
            *("query", "statements", "--db", store),
            *("--speaker", "Warren", "--contains", "votes", "--format", "csv"),
        ],
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 1
    assert "We have the votes" in rows[0]["text"]


def test_query_sourcing_table(store: str) -> None:
    result = CliRunner(env={"COLUMNS": "200"}).invoke(app, ["query", "sourcing", "--db", store])
    assert result.exit_code == 0, result.output
    assert "anonymous_share" in result.stdout


@pytest.mark.parametrize("file_format", ["jsonl", "csv", "parquet"])
def test_export(store: str, tmp_path: Path, file_format: str) -> None:
    out = tmp_path / f"statements.{file_format}"
    result = CliRunner().invoke(
        app, ["export", "--db", store, "--format", file_format, "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    count = int(result.stdout.split()[1])
    assert count >= 4
    if file_format == "jsonl":
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    elif file_format == "csv":
        with out.open(encoding="utf-8", newline="") as file:
            rows = list(csv.DictReader(file))
    else:
        import pyarrow.parquet as pq

        rows = pq.read_table(out).to_pylist()
    assert len(rows) == count
    assert len({row["article_id"] for row in rows}) == len(ARTICLES)


def test_query_on_a_store_that_cannot_be_opened_fails_clearly(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["query", "speakers", "--db", "mysql://nobody@127.0.0.1/none"])
    assert result.exit_code == 2
    assert "error" in result.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["query", "speakers"],
        ["query", "statements"],
        ["query", "sourcing"],
        ["export", "--out", "statements.jsonl"],
    ],
    ids=" ".join,
)
def test_reading_a_store_that_is_not_there_fails_and_creates_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    typo = tmp_path / "stroe.db"

    result = CliRunner().invoke(app, [*command, "--db", str(typo)])

    assert result.exit_code == 2
    assert f"there is no store at {typo}" in " ".join(result.stderr.split())
    assert list(tmp_path.iterdir()) == []


def test_ingest_with_a_failed_document_stores_the_rest_and_exits_1(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(ARTICLES["daily-1.txt"], encoding="utf-8")
    (tmp_path / "empty.jsonl").write_bytes(b"")
    database = str(tmp_path / "store.db")

    result = CliRunner().invoke(app, ["ingest", str(tmp_path), "--db", database])

    assert result.exit_code == 1
    assert "ingested 1, skipped as duplicate 0, failed 1" in result.stdout
    assert f"{tmp_path / 'empty.jsonl'}: file is empty" in result.stderr


def test_without_the_corpus_extra_ingest_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    for name in [m for m in sys.modules if m.startswith(("onrecord.store", "onrecord.ingest"))]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "sqlalchemy", None)

    result = CliRunner().invoke(app, ["ingest", str(tmp_path), "--db", str(tmp_path / "x.db")])

    assert result.exit_code == 2
    assert "pip install 'onrecord[corpus]'" in " ".join(result.stderr.split())

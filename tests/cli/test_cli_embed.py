"""``onrecord embed``, and ``--no-embed`` for ``ingest`` and ``run``."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from onrecord.cli import _embed as embed_command
from onrecord.cli import app
from onrecord.store import Store

ARTICLES = {
    "1.txt": "Senator Warren said that the budget would pass. “We have the votes,” Warren said.",
    "2.txt": "Two officials familiar with the talks said the budget vote could slip.",
}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    directory = tmp_path / "corpus"
    directory.mkdir()
    for name, text in ARTICLES.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


def invoke(*arguments: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(arguments))
    return result.exit_code, result.stdout, result.stderr


def without_vectors(database: str) -> int:
    with Store.open(database) as store:
        return len(store.articles_without_vectors())


def test_embed_fills_in_a_store_ingested_without_vectors_and_then_does_nothing(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = str(tmp_path / "store.db")
    assert invoke("ingest", str(corpus), "--db", database, "--no-embed")[0] == 0
    assert without_vectors(database) == 2
    monkeypatch.setattr(embed_command, "PROGRESS_EVERY_SECONDS", 0.0)

    code, out, err = invoke("embed", "--db", database)

    assert code == 0, err
    with Store.open(database) as store:
        statements = store.counts()["attributions"]
    assert out.startswith(f"embedded {statements} statements of 2 articles in ")
    lines = [line for line in err.splitlines() if line.startswith("embed: ")]
    assert lines[0].startswith("embed: 1/2 articles, ")
    assert lines[-1].startswith(f"embed: 2/2 articles, {statements} statements (")
    assert without_vectors(database) == 0
    assert invoke("embed", "--db", database)[1].startswith("embedded 0 statements of 0 articles")


def test_embed_on_a_terminal_shows_a_progress_bar(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = str(tmp_path / "store.db")
    invoke("ingest", str(corpus), "--db", database, "--no-embed")
    terminal = io.StringIO()
    monkeypatch.setattr(
        embed_command, "stderr", Console(file=terminal, force_terminal=True, width=120)
    )

    code, _, err = invoke("embed", "--db", database, "--limit", "1")

    assert code == 0, err
    assert "embedding" in terminal.getvalue()
    assert "1/1" in terminal.getvalue()
    assert without_vectors(database) == 1


def test_a_run_without_vectors_ingests_without_them(corpus: Path, tmp_path: Path) -> None:
    out, database = tmp_path / "out", str(tmp_path / "store.db")
    assert invoke("run", str(corpus), "--out", str(out), "--workers", "1", "--no-embed")[0] == 0
    assert invoke("ingest", "--from-parquet", str(out), "--db", database)[0] == 0

    assert without_vectors(database) == 2


def test_no_embed_is_refused_for_shards(tmp_path: Path) -> None:
    code, _, err = invoke("ingest", "--from-parquet", str(tmp_path), "--no-embed")

    assert code == 2
    assert "--no-embed is for the PATHS to analyze" in " ".join(err.split())


def test_embed_without_a_store_fails_and_creates_none(tmp_path: Path) -> None:
    typo = tmp_path / "stroe.db"

    code, _, err = invoke("embed", "--db", str(typo))

    assert code == 2
    assert f"there is no store at {typo}" in " ".join(err.split())
    assert list(tmp_path.iterdir()) == []

"""``onrecord run``, ``ingest --from-parquet`` and the engine options, end to end."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from onrecord.cli import app
from onrecord.store import Store

ARTICLES = {
    "warren.txt": (
        "Senator Elizabeth Warren said on Monday that the budget would pass. "
        "“We have the votes,” Warren told reporters.\n"
    ),
    "talks.txt": (
        "Two officials familiar with the talks said the budget vote could slip to next week. "
        "Elizabeth Warren said she was confident.\n"
    ),
    "pence.txt": (
        "Governor Mike Pence told a rally in Ohio that taxes would be cut. "
        "“It is a promise,” Pence said.\n"
    ),
}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    directory = tmp_path / "corpus"
    directory.mkdir()
    for name, text in ARTICLES.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


def export_rows(database: Path) -> list[dict[str, object]]:
    with Store.open(str(database)) as store:
        return list(store.export_rows())


def invoke(*arguments: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(arguments))
    return result.exit_code, result.stdout, result.stderr


def test_run_then_ingest_from_parquet_stores_what_ingest_stores(
    corpus: Path, tmp_path: Path
) -> None:
    out, direct, loaded = tmp_path / "out", tmp_path / "direct.db", tmp_path / "loaded.db"

    code, stdout, stderr = invoke("run", str(corpus), "--out", str(out), "--workers", "1")

    assert code == 0, stderr
    assert "1 shards done, 0 done before, 0 failed; 3 articles" in stdout
    assert f"done {corpus}: 3 articles" in stderr
    code, stdout, _ = invoke("ingest", "--from-parquet", str(out), "--db", str(loaded))
    assert code == 0
    assert "ingested 3, skipped as duplicate 0, failed 0" in stdout
    code, _, _ = invoke("ingest", str(corpus), "--db", str(direct), "--workers", "1")
    assert code == 0
    assert export_rows(loaded) == export_rows(direct) != []


def test_a_shard_that_fails_is_reported_and_makes_the_status_1(
    corpus: Path, tmp_path: Path
) -> None:
    missing = str(tmp_path / "missing.jsonl")
    arguments = ("run", str(corpus), missing, "--out", str(tmp_path / "out"), "--workers", "1")

    code, stdout, stderr = invoke(*arguments)

    assert code == 1
    assert "1 shards done, 0 done before, 1 failed" in stdout
    assert f"failed: {missing}: no such file or directory" in stderr
    code, stdout, _ = invoke(*arguments)
    assert (code, "0 shards done, 1 done before, 1 failed" in stdout) == (1, True)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("ingest",), "give the PATHS to analyze, or --from-parquet DIR, not both"),
        (("ingest", "x.txt", "--from-parquet", "out"), "not both"),
        (("ingest", "--from-parquet", "nowhere"), "not the output of `onrecord run`"),
        (("run", "x.txt", "--out", "o", "--scheduler", "tcp://h:1"), "needs --engine dask"),
    ],
)
def test_usage_errors_say_what_to_do(
    arguments: tuple[str, ...], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)

    code, _, stderr = invoke(*arguments)

    assert code == 2
    assert message in stderr


@pytest.mark.slow
def test_a_run_on_a_dask_local_cluster_of_two_workers_stores_what_one_process_stores(
    corpus: Path, tmp_path: Path
) -> None:
    out, direct, loaded = tmp_path / "out", tmp_path / "direct.db", tmp_path / "loaded.db"
    dask = ("--engine", "dask", "--workers", "2")

    code, stdout, stderr = invoke("run", str(corpus), "--out", str(out), *dask)

    assert code == 0, stderr
    assert "1 shards done" in stdout
    assert invoke("ingest", "--from-parquet", str(out), "--db", str(loaded))[0] == 0
    assert invoke("ingest", str(corpus), "--db", str(direct), "--workers", "1")[0] == 0
    assert export_rows(loaded) == export_rows(direct) != []

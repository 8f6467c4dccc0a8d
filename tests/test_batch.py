"""Batch runs: shards to Parquet, a manifest, and resuming at shard granularity."""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import fsspec
import pyarrow.parquet as pq
import pytest

from onrecord._batch import MANIFEST, BatchSummary, Shard, ShardResult, read_batch, run_batch
from onrecord._parquet import TABLES, shard_file
from onrecord.engine import Analysis, Engine, LocalEngine
from onrecord.errors import BatchError
from onrecord.io._sources import Failure

SPEAKERS = ["Senator Elizabeth Warren", "Governor Mike Pence", "Mayor Bill de Blasio", "Ted Cruz"]


def article(number: int) -> str:
    speaker = SPEAKERS[number % len(SPEAKERS)]
    return (
        f"Report number {number}\n\n"
        f"{speaker} said on Monday that bill {number} would pass by the end of the year. "
        f"“We will not give up,” {speaker.split()[-1]} told reporters in article {number}.\n"
    )


def write_shard(directory: Path, numbers: range) -> str:
    directory.mkdir(parents=True)
    for number in numbers:
        (directory / f"{number:04}.txt").write_text(article(number), encoding="utf-8")
    return str(directory)


@pytest.fixture(scope="module")
def engine() -> Iterator[Engine]:
    with LocalEngine(1) as engine:
        yield engine


def manifest_lines(out: Path) -> list[dict[str, object]]:
    lines = (out / MANIFEST).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def shard_mtimes(out: Path, key: str) -> list[int]:
    return [shard_file(out, table, key).stat().st_mtime_ns for table in TABLES]


def test_a_run_writes_each_shard_and_the_results_read_back(tmp_path: Path, engine: Engine) -> None:
    first = write_shard(tmp_path / "first", range(3))
    (tmp_path / "first" / "copy.txt").write_text(article(1), encoding="utf-8")
    (tmp_path / "first" / "empty.txt").write_text("", encoding="utf-8")
    lines = [json.dumps({"text": article(number)}) for number in (10, 11)]
    (tmp_path / "second.jsonl").write_text("\n".join([lines[0], "{oops", lines[1]]) + "\n")
    out = tmp_path / "out"
    seen: list[ShardResult] = []

    summary = run_batch([first, str(tmp_path / "second.jsonl")], out, engine, on_shard=seen.append)

    assert seen == summary.results
    assert [(r.status, r.articles, r.errors, r.duplicates) for r in seen] == [
        ("done", 3, 1, 1),
        ("done", 2, 1, 0),
    ]
    assert summary.articles == 5
    assert [line["key"] for line in manifest_lines(out)] == [r.key for r in seen]
    shards = [(result, list(items)) for result, items in read_batch(out)]
    assert [result.key for result, _ in shards] == [r.key for r in seen]
    first_items = shards[0][1]
    assert first_items[0] == Failure(str(tmp_path / "first" / "empty.txt"), "file is empty")
    analyses = [item for _, items in shards for item in items if isinstance(item, Analysis)]
    analyzed = [analysis.analyzed for analysis in analyses]
    assert [a.article.text for a in analyzed] == [article(n) for n in (0, 1, 2, 10, 11)]
    assert all(a.attributions for a in analyzed)
    statements = pq.read_table(out / "attributions")
    assert (
        statements.num_rows
        == sum(r.attributions for r in seen)
        == sum(len(a.attributions) for a in analyzed)
    )
    # Embedded by default, by the engine.
    assert statements.column("vector").null_count == 0
    for analysis in analyses:
        assert set(analysis.vectors) == {each.id for each in analysis.analyzed.attributions}


def test_a_run_without_embedding_writes_null_vectors(tmp_path: Path, engine: Engine) -> None:
    out = tmp_path / "out"

    run_batch([write_shard(tmp_path / "in", range(2))], out, engine, embed=False)

    statements = pq.read_table(out / "attributions")
    assert statements.num_rows > 0
    assert statements.column("vector").null_count == statements.num_rows


def test_a_rerun_redoes_no_done_shard_and_retries_a_failed_one(
    tmp_path: Path, engine: Engine
) -> None:
    done = write_shard(tmp_path / "done", range(2))
    late = str(tmp_path / "late")
    out = tmp_path / "out"

    first = run_batch([done, late], out, engine)

    assert [(r.status, r.reason) for r in first.results] == [
        ("done", None),
        ("failed", "no such file or directory"),
    ]
    key = first.results[0].key
    assert not shard_file(out, "articles", first.results[1].key).exists()
    written = shard_mtimes(out, key)

    write_shard(Path(late), range(2, 4))
    second = run_batch([done, late], out, engine)

    assert second.skipped == 1
    assert [(r.input, r.status, r.articles) for r in second.results] == [(late, "done", 2)]
    assert shard_mtimes(out, key) == written
    assert [line["status"] for line in manifest_lines(out)] == ["done", "failed", "done"]
    assert run_batch([done, late], out, engine).skipped == 2


def test_a_done_shard_whose_files_were_removed_is_done_again(
    tmp_path: Path, engine: Engine
) -> None:
    shard = write_shard(tmp_path / "shard", range(1))
    out = tmp_path / "out"
    (result,) = run_batch([shard], out, engine).results

    shard_file(out, "attributions", result.key).unlink()

    assert [r.status for r in run_batch([shard], out, engine).results] == ["done"]


def test_what_a_killed_run_left_is_cleaned_up_and_never_counts(
    tmp_path: Path, engine: Engine
) -> None:
    shard = write_shard(tmp_path / "shard", range(1))
    out = tmp_path / "out"
    key = Shard.of(shard).key
    for table in TABLES:
        (out / table).mkdir(parents=True)
        (out / table / f".{key}.parquet.tmp").write_bytes(b"half a file")
    # A manifest line cut short by the kill, claiming the shard.
    (out / MANIFEST).write_text(f'{{"key": "{key}", "input": "x", "status": "do', encoding="utf-8")

    summary = run_batch([shard], out, engine)

    assert [r.status for r in summary.results] == ["done"]
    assert sorted(path.name for path in out.rglob("*.tmp")) == []
    lines = (out / MANIFEST).read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[-1])["status"] == "done"
    assert len(lines) == 2


def test_a_shard_key_is_the_same_from_any_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    absolute = Shard.of(str(tmp_path / "crawl" / "CC-NEWS-0001.warc.gz"))
    monkeypatch.chdir(tmp_path)

    assert Shard.of("crawl/CC-NEWS-0001.warc.gz").key == absolute.key
    assert absolute.key.startswith("CC-NEWS-0001.warc.gz-")
    assert Shard.of("s3://bucket/crawl/CC-NEWS-0001.warc.gz").key != absolute.key
    assert Shard.of("/data/.hidden dir/").key.startswith("hidden_dir-")


def test_shards_may_be_urls(tmp_path: Path, engine: Engine) -> None:
    url = f"memory:///onrecord-test-{uuid.uuid4().hex}/news.jsonl"
    with fsspec.open(url, "w", encoding="utf-8") as file:
        file.write(json.dumps({"text": article(5), "url": "https://example.com/5"}) + "\n")
    try:
        summary = run_batch([url], tmp_path / "out", engine)
    finally:
        fsspec.filesystem("memory").rm(url)

    (result,) = summary.results
    assert (result.status, result.articles) == ("done", 1)
    (row,) = pq.read_table(shard_file(tmp_path / "out", "articles", result.key)).to_pylist()
    assert (row["path"], row["outlet"]) == (f"{url}:1", "example.com")


def test_two_runs_cannot_write_to_the_same_directory(tmp_path: Path, engine: Engine) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with (out / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with pytest.raises(BatchError, match="another `onrecord run` is writing to"):
            run_batch([], out, engine)


def test_reading_a_directory_that_is_no_run_output_says_so(tmp_path: Path) -> None:
    with pytest.raises(BatchError, match="not the output of `onrecord run`"):
        list(read_batch(tmp_path))


def test_summary_counts() -> None:
    summary = BatchSummary(
        results=[
            ShardResult(key="a", input="a", status="done", articles=4),
            ShardResult(key="b", input="b", status="failed", reason="gone"),
        ],
        seconds=2.0,
    )
    assert (len(summary.done), len(summary.failed), summary.articles) == (1, 1, 4)
    assert summary.articles_per_second == 2.0


@pytest.mark.slow
def test_a_killed_run_restarted_redoes_only_the_shards_it_had_not_finished(
    tmp_path: Path,
) -> None:
    shards = [write_shard(tmp_path / f"shard-{n}", range(20 * n, 20 * n + 20)) for n in range(4)]
    out = tmp_path / "out"
    command = [sys.executable, "-m", "onrecord", "run", *shards, "--out", str(out)]

    process = subprocess.Popen(
        [*command, "--workers", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if (out / MANIFEST).exists() and manifest_lines(out):
            break
        time.sleep(0.05)
    assert process.poll() is None, "the run finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    finished = {str(line["key"]) for line in manifest_lines(out)}
    assert 1 <= len(finished) < 4
    written = {key: shard_mtimes(out, key) for key in finished}

    again = subprocess.run(
        [*command, "--workers", "1"], capture_output=True, text=True, check=False, timeout=300
    )

    assert again.returncode == 0, again.stderr
    assert f"{4 - len(finished)} shards done, {len(finished)} done before, 0 failed" in again.stdout
    assert {key: shard_mtimes(out, key) for key in finished} == written
    keys = [str(line["key"]) for line in manifest_lines(out)]
    assert sorted(keys) == sorted(Shard.of(shard).key for shard in shards)
    texts = pq.read_table(out / "articles", columns=["text"]).column("text").to_pylist()
    assert sorted(texts) == sorted(article(number) for number in range(80))

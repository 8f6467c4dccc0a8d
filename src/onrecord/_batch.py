"""Batch runs: inputs of any size analyzed into Parquet shards, resumable shard by shard.

Each input (a file, a directory, each match of a glob; a local path or a URL) is a shard. Its
results go to ``OUT/articles/KEY.parquet``, ``OUT/attributions/KEY.parquet`` and
``OUT/errors/KEY.parquet`` (see ``onrecord._parquet``), where ``KEY`` is the input's name and a
hash of its absolute path or URL. ``OUT/manifest.jsonl`` gets a line per shard when it is done
or has failed; the last line of a shard counts.

A shard counts as done only once its files are complete under their final names and its
manifest line is written, so a run killed at any moment and started again redoes only the shards
it had not finished. A document that cannot be read or analyzed is a row of the shard's errors
and the shard goes on; a shard whose input cannot be read at all (missing, truncated, not
fetched) fails, is written nowhere but the manifest, and is tried again by the next run.
Duplicate articles (same ``article_id``) are dropped within a shard; across shards they are
dropped when the shards are ingested into a store.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import fcntl
import hashlib
import json
import os
import re
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Literal

from onrecord._ids import article_id
from onrecord._parquet import TABLES, ShardWriter, read_shard, shard_file, temporary_files
from onrecord.engine import Analysis, Engine
from onrecord.errors import BatchError
from onrecord.io._inputs import MAX_BYTES_DEFAULT
from onrecord.io._locations import expand, is_url, read_locations
from onrecord.io._sources import Failure
from onrecord.results import Article

MANIFEST = "manifest.jsonl"
_KEY_NAME_CHARS = 48

Status = Literal["done", "failed"]


@dataclass(frozen=True, slots=True)
class Shard:
    """One input of a batch run, and the key its files are named by."""

    input: str
    key: str

    @classmethod
    def of(cls, name: str) -> Shard:
        """The shard of a path or URL; the same file or URL has the same key from any directory."""
        canonical = name if is_url(name) else str(Path(name).resolve())
        digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]
        # A readable part for people looking at the files; the digest makes the key unique.
        stem = re.sub(r"[^A-Za-z0-9._-]+", "_", PurePosixPath(canonical.rstrip("/")).name)
        stem = stem.lstrip(".")[:_KEY_NAME_CHARS] or "input"
        return cls(input=name, key=f"{stem}-{digest}")


@dataclass(frozen=True, slots=True)
class ShardResult:
    """What happened to one shard: one line of the manifest.

    ``reason`` says why a failed shard failed. ``errors`` counts its documents that could not
    be read or analyzed, ``duplicates`` the articles dropped as repeated within the shard.
    """

    key: str
    input: str
    status: Status
    articles: int = 0
    attributions: int = 0
    errors: int = 0
    duplicates: int = 0
    reason: str | None = None
    seconds: float = 0.0
    finished: str = ""


@dataclass
class BatchSummary:
    """What one run did; ``skipped`` counts the shards found done by an earlier run."""

    results: list[ShardResult] = field(default_factory=list)
    skipped: int = 0
    seconds: float = 0.0

    @property
    def done(self) -> list[ShardResult]:
        return [result for result in self.results if result.status == "done"]

    @property
    def failed(self) -> list[ShardResult]:
        return [result for result in self.results if result.status == "failed"]

    @property
    def articles(self) -> int:
        return sum(result.articles for result in self.done)

    @property
    def articles_per_second(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0


def plan(inputs: Sequence[str]) -> list[Shard]:
    """The shards of ``inputs``: globs expanded, each path or URL once, in order."""
    shards = {shard.key: shard for shard in map(Shard.of, expand(inputs))}
    return list(shards.values())


def run_batch(
    inputs: Sequence[str],
    out: Path,
    engine: Engine,
    *,
    max_bytes: int = MAX_BYTES_DEFAULT,
    on_shard: Callable[[ShardResult], None] | None = None,
    embed: bool = True,
) -> BatchSummary:
    """Analyze every shard of ``inputs`` not done yet in ``out``, and write its files there.

    ``on_shard`` is called with each shard's result as soon as it is done or has failed.
    With ``embed``, the engine's workers embed every statement (``onrecord.embed``) and the
    statements' files get their vectors.
    Raises ``BatchError`` if another run is writing to ``out``.
    """
    started = time.perf_counter()
    summary = BatchSummary()
    for table in TABLES:
        (out / table).mkdir(parents=True, exist_ok=True)
    with _exclusive(out):
        for leftover in temporary_files(out):
            leftover.unlink()
        manifest = _Manifest(out / MANIFEST)
        done = manifest.done()
        shards = plan(inputs)
        todo = [shard for shard in shards if not _is_complete(out, shard.key, done)]
        summary.skipped = len(shards) - len(todo)

        def finished(result: ShardResult) -> None:
            manifest.append(result)
            summary.results.append(result)
            if on_shard is not None:
                on_shard(result)

        _analyze_shards(todo, out, engine, max_bytes, finished, embed)
    summary.seconds = time.perf_counter() - started
    return summary


def read_batch(out: Path) -> Iterator[tuple[ShardResult, Iterator[Analysis | Failure]]]:
    """The done shards of the run directory ``out``, each with its results, in the order they
    were finished."""
    manifest = out / MANIFEST
    if not manifest.is_file():
        raise BatchError(f"{out} holds no {MANIFEST}: it is not the output of `onrecord run`")
    for result in _Manifest(manifest).done().values():
        yield result, read_shard(out, result.key)


class _ShardRun:
    """A shard whose articles are being analyzed: results go to its files as they come."""

    def __init__(self, shard: Shard, out: Path) -> None:
        self.shard = shard
        self.writer = ShardWriter(out, shard.key)
        self.started = time.perf_counter()
        self.expected = 0  # articles sent to the engine
        self.received = 0
        self.read_all = False
        self.reason: str | None = None
        self.duplicates = 0
        self._seen: set[str] = set()

    def articles(self, max_bytes: int) -> Iterator[Article]:
        """The shard's new articles; its failures go straight to its errors."""
        for item in read_locations([self.shard.input], max_bytes=max_bytes):
            if isinstance(item, Failure):
                self.writer.add_failure(item)
                # A failure named after the input itself is one of the whole file (or of the
                # rest of it), not of one of its documents.
                if item.source == self.shard.input:
                    self.reason = item.reason
            elif (key := article_id(item.text)) in self._seen:
                self.duplicates += 1
            else:
                self._seen.add(key)
                self.expected += 1
                yield item
        self.read_all = True

    @property
    def complete(self) -> bool:
        return self.read_all and self.received == self.expected

    def add(self, analysis: Analysis) -> None:
        self.writer.add(analysis.analyzed, analysis.vectors)
        self.received += 1

    def finish(self) -> ShardResult:
        if self.reason is None:
            self.writer.commit()
            status: Status = "done"
        else:
            self.writer.discard()
            status = "failed"
        return ShardResult(
            key=self.shard.key,
            input=self.shard.input,
            status=status,
            articles=self.writer.articles,
            attributions=self.writer.attributions,
            errors=self.writer.errors,
            duplicates=self.duplicates,
            reason=self.reason,
            seconds=round(time.perf_counter() - self.started, 3),
            finished=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        )


def _analyze_shards(
    shards: list[Shard],
    out: Path,
    engine: Engine,
    max_bytes: int,
    finished: Callable[[ShardResult], None],
    embed: bool,
) -> None:
    """All shards' articles go to the engine as one stream, so that workers never wait for a
    shard to be finished; results come back in order and are sorted back into their shards."""
    running: deque[_ShardRun] = deque()  # shards being read or waiting for their results

    def articles() -> Iterator[Article]:
        for shard in shards:
            run = _ShardRun(shard, out)
            running.append(run)
            yield from run.articles(max_bytes)

    def finish_complete() -> None:
        while running and running[0].complete:
            finished(running.popleft().finish())

    try:
        for analysis in engine.analyses(articles(), embed=embed):
            # Results come in input order: this one belongs to the first shard still waiting.
            finish_complete()
            running[0].add(analysis)
        finish_complete()
    finally:
        for run in running:
            run.writer.discard()


def _is_complete(out: Path, key: str, done: dict[str, ShardResult]) -> bool:
    # A done shard whose files were removed since is done again.
    return key in done and all(shard_file(out, table, key).is_file() for table in TABLES)


class _Manifest:
    """``manifest.jsonl``: a line per shard result, appended and synced one at a time."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def done(self) -> dict[str, ShardResult]:
        """The latest result of each shard whose latest result is done, in finishing order."""
        latest: dict[str, ShardResult] = {}
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return {}
        known = {entry.name for entry in dataclasses.fields(ShardResult)}
        for line in lines:
            try:
                record = json.loads(line)
                result = ShardResult(**{k: v for k, v in record.items() if k in known})
            # A line cut short by a kill; its shard was not counted as done.
            except (ValueError, TypeError):
                continue
            latest.pop(result.key, None)
            latest[result.key] = result
        return {key: result for key, result in latest.items() if result.status == "done"}

    def append(self, result: ShardResult) -> None:
        line = json.dumps(dataclasses.asdict(result), ensure_ascii=False) + "\n"
        with self.path.open("a+b") as file:
            # After a line cut short by a kill, start a new line rather than extend it.
            if file.tell() > 0:
                file.seek(-1, 2)
                if file.read(1) != b"\n":
                    line = "\n" + line
            file.write(line.encode("utf-8"))
            file.flush()
            os.fsync(file.fileno())


@contextmanager
def _exclusive(out: Path) -> Iterator[None]:
    """Hold ``out`` for this run: two runs writing the same shards would spoil each other's."""
    with (out / ".lock").open("w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BatchError(f"another `onrecord run` is writing to {out}") from None
        yield

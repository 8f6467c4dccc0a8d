"""A shard's Parquet files: written under temporary names, read back into equal results."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from onrecord.analyze import analyze
from onrecord.model import AnalyzedArticle, Article
from onrecord.parquet import TABLES, ShardWriter, read_shard, shard_file, temporary_files
from onrecord.sources import Failure

EXAMPLE = Path(__file__).parents[1] / "examples" / "milley-memos.txt"


@pytest.fixture(scope="module")
def results() -> list[AnalyzedArticle]:
    example = analyze(EXAMPLE.read_text(encoding="utf-8"), published="2022-11-15", path="m.txt")
    metadata = Article(
        text="Senator Warren said that the vote would fail, her spokesman told CNN on Monday.",
        published=dt.date(2016, 10, 3),
        path="news.jsonl:7",
        url="https://example.com/warren",
        outlet="example.com",
        title="Warren on the vote",
        author="A. Reporter, B. Writer",
    )
    return [
        example,
        analyze(metadata.text, published=metadata.published, path=metadata.path),
        AnalyzedArticle(article=Article(text="Nobody said a thing.", path="quiet.txt")),
        AnalyzedArticle(article=Article(text="", path="empty.txt"), error="article is empty"),
    ]


def write(out: Path, key: str, items: list[AnalyzedArticle]) -> ShardWriter:
    for table in TABLES:
        (out / table).mkdir(parents=True, exist_ok=True)
    writer = ShardWriter(out, key)
    writer.add_failure(Failure("news.jsonl:3", "invalid JSON"))
    for item in items:
        writer.add(item)
    return writer


def test_a_committed_shard_reads_back_as_written(
    tmp_path: Path, results: list[AnalyzedArticle]
) -> None:
    writer = write(tmp_path, "shard", results)
    writer.commit()

    read = list(read_shard(tmp_path, "shard"))

    assert read == [
        Failure("news.jsonl:3", "invalid JSON"),
        Failure("empty.txt", "article is empty"),
        *results[:3],
    ]
    assert (writer.articles, writer.errors) == (3, 2)
    assert writer.attributions == sum(len(r.attributions) for r in results) > 10
    assert list(temporary_files(tmp_path)) == []


def test_statement_rows_are_flat_enough_to_query(
    tmp_path: Path, results: list[AnalyzedArticle]
) -> None:
    write(tmp_path, "shard", results[:1]).commit()

    rows = pq.read_table(shard_file(tmp_path, "attributions", "shard")).to_pylist()

    biden = next(row for row in rows if row["source"] and row["source"]["text"] == "Biden")
    assert biden["speaker_name"] == "Joe Biden"
    assert biden["speaker_kind"] == "person"
    assert biden["path"] == "m.txt"
    text = results[0].article.text
    for span in biden["content"]:
        assert text[span["start"] : span["end"]] == span["text"]


def test_nothing_is_under_a_final_name_before_commit_and_discard_leaves_nothing(
    tmp_path: Path, results: list[AnalyzedArticle]
) -> None:
    writer = write(tmp_path, "shard", results)

    assert not any(shard_file(tmp_path, table, "shard").exists() for table in TABLES)
    assert len(list(temporary_files(tmp_path))) == 3

    writer.discard()

    assert list(tmp_path.rglob("*.parquet*")) == []


def test_an_empty_shard_is_three_readable_files(tmp_path: Path) -> None:
    for table in TABLES:
        (tmp_path / table).mkdir()
    ShardWriter(tmp_path, "empty").commit()

    assert list(read_shard(tmp_path, "empty")) == []

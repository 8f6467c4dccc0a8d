"""A shard's Parquet files: written under temporary names, read back into equal results."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from onrecord._analyze import analyze
from onrecord._parquet import TABLES, ShardWriter, read_shard, shard_file, temporary_files
from onrecord.embed import VECTOR_WIDTH, embed_statements
from onrecord.engine import Analysis
from onrecord.io._sources import Failure
from onrecord.results import (
    AnalyzedArticle,
    AnonymousProfile,
    Article,
    Attribution,
    DateInterval,
    Kind,
    Span,
    Speaker,
    SpeakerKind,
)
from onrecord.shapes import SCHEMA_VERSION

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
        *(Analysis(result) for result in results[:3]),
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


def test_every_field_of_a_statement_and_a_speaker_reads_back(tmp_path: Path) -> None:
    # The columns are derived from the dataclasses: a member of the public (``informed`` false)
    # and a confidence come back too.
    text = "Two US officials, not named, told CNN in Paris last week “we shall” fight."
    public = Speaker(
        id="s2",
        kind=SpeakerKind.ANONYMOUS,
        name="Two US officials",
        mentions=(Span(0, 16, text[0:16]),),
        titles=(Span(4, 6, "US"),),
        affiliation=Span(4, 6, "US"),
        anonymous=AnonymousProfile(
            count=2,
            plural=True,
            descriptor=Span(7, 16, text[7:16]),
            affiliation=Span(4, 6, "US"),
            reason=Span(18, 27, text[18:27]),
            informed=False,
        ),
    )
    statement = Attribution(
        id="a1",
        kind=Kind.MIXED,
        content=(Span(56, 66, text[56:66]), Span(67, 72, text[67:72])),
        cue=(Span(29, 33, text[29:33]),),
        source=Span(0, 16, text[0:16]),
        nested_in="a0",
        speaker="s2",
        addressee=Span(34, 37, text[34:37]),
        venue=Span(41, 46, text[41:46]),
        date=DateInterval(dt.date(2022, 11, 7), dt.date(2022, 11, 13), Span(47, 56, text[47:56])),
        quoting="s2",
        confidence=0.75,
    )
    article = Article(
        text=text,
        published=dt.date(2022, 11, 15),
        path="a.html",
        url="https://example.com/a",
        outlet="Example",
        title="A",
        author="B",
        published_from="metadata",
    )
    analyzed = AnalyzedArticle(article=article, attributions=(statement,), speakers=(public,))
    write(tmp_path, "shard", [analyzed]).commit()

    assert list(read_shard(tmp_path, "shard"))[1:] == [Analysis(analyzed)]
    metadata = pq.read_schema(shard_file(tmp_path, "attributions", "shard")).metadata
    assert metadata[b"onrecord.schema_version"] == str(SCHEMA_VERSION).encode()


def test_statements_vectors_are_a_fixed_size_float32_column_and_read_back(
    tmp_path: Path, results: list[AnalyzedArticle]
) -> None:
    example = results[0]
    vectors = embed_statements(example)
    # One statement without a vector: a run cut short of one, or an older writer's.
    missing = example.attributions[1].id
    del vectors[missing]
    for table in TABLES:
        (tmp_path / table).mkdir()
    writer = ShardWriter(tmp_path, "shard")
    writer.add(example, vectors)
    writer.add(results[1])
    writer.commit()

    table = pq.read_table(shard_file(tmp_path, "attributions", "shard"))
    assert table.schema.field("vector").type == pa.list_(pa.float32(), VECTOR_WIDTH)
    assert table.column("vector").null_count == 1 + len(results[1].attributions)
    first, second = read_shard(tmp_path, "shard")
    assert isinstance(first, Analysis)
    assert first.analyzed == example
    assert set(first.vectors) == set(vectors)
    for key, vector in vectors.items():
        np.testing.assert_array_equal(first.vectors[key], vector)
        assert first.vectors[key].dtype == np.float32
    assert second == Analysis(results[1])

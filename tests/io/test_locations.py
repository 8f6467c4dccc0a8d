"""Inputs by glob and by fsspec URL read like local files, and name documents by URL."""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import fsspec
import pytest

from onrecord.errors import MissingExtraError
from onrecord.io._locations import expand, read_locations
from onrecord.io._sources import Failure, read_sources
from onrecord.results import Article

WARREN = "Senator Elizabeth Warren said on Monday that the budget would pass before the holidays."
BIDEN = "President Joe Biden told reporters that the talks with Russia would go on this week."


@pytest.fixture
def memory_root() -> Iterator[str]:
    """A directory of fsspec's in-memory file system, removed afterwards."""
    filesystem = fsspec.filesystem("memory")
    root = f"/onrecord-test-{uuid.uuid4().hex}"
    filesystem.mkdir(root)
    yield f"memory://{root}"
    filesystem.rm(root, recursive=True)


def put(url: str, data: str) -> None:
    with fsspec.open(url, "w", encoding="utf-8") as file:
        file.write(data)


def texts(items: list[Article | Failure]) -> list[str]:
    return [item.text if isinstance(item, Article) else f"! {item.reason}" for item in items]


def test_a_remote_jsonl_file_is_read_record_by_record(memory_root: str) -> None:
    url = f"{memory_root}/news.jsonl"
    put(url, f'{{"text": "{WARREN}", "url": "https://example.com/a"}}\n{{"oops\n')

    items = list(read_locations([url]))

    assert isinstance(items[0], Article)
    assert (items[0].text, items[0].path, items[0].outlet) == (WARREN, f"{url}:1", "example.com")
    assert isinstance(items[1], Failure)
    assert items[1].source == f"{url}:2"
    assert items[1].reason.startswith("invalid JSON")


def test_a_remote_directory_is_its_documents_in_path_order_hidden_ones_left_out(
    memory_root: str,
) -> None:
    put(f"{memory_root}/b.txt", BIDEN)
    put(f"{memory_root}/a/warren.txt", WARREN)
    put(f"{memory_root}/.cache/copy.txt", WARREN)
    put(f"{memory_root}/notes.md", WARREN)

    items = list(read_locations([memory_root]))

    assert texts(items) == [WARREN, BIDEN]
    assert [item.path for item in items if isinstance(item, Article)] == [
        f"{memory_root}/a/warren.txt",
        f"{memory_root}/b.txt",
    ]


def test_file_urls_read_local_files_in_place(tmp_path: Path) -> None:
    (tmp_path / "warren.txt").write_text(WARREN, encoding="utf-8")

    (item,) = read_locations([f"file://{tmp_path}/warren.txt"])

    assert isinstance(item, Article)
    assert (item.text, item.path) == (WARREN, f"file://{tmp_path}/warren.txt")


def test_what_cannot_be_read_is_a_failure_and_reading_goes_on(memory_root: str) -> None:
    put(f"{memory_root}/only.md", WARREN)
    put(f"{memory_root}/warren.txt", WARREN)

    items = list(
        read_locations(
            [
                f"{memory_root}/missing.txt",
                f"{memory_root}/",
                "nosuch://x",
                f"{memory_root}/warren.txt",
            ]
        )
    )

    assert texts(items) == [
        "! no such file or directory",
        WARREN,
        "! not a URL onrecord can read (Protocol not known: nosuch)",
        WARREN,
    ]


def test_globs_expand_to_sorted_matches_and_a_glob_matching_nothing_stays(
    tmp_path: Path, memory_root: str
) -> None:
    for name in ("b.jsonl", "a.jsonl", "c.txt", "d[1].txt", "d1.txt"):
        (tmp_path / name).write_text("", encoding="utf-8")
        put(f"{memory_root}/{name}", "")

    local = expand(
        [str(tmp_path / "*.jsonl"), str(tmp_path / "none-*"), str(tmp_path / "d[1].txt")]
    )
    remote = expand([f"{memory_root}/*.jsonl", "plain.txt"])

    assert local == [
        str(tmp_path / "a.jsonl"),
        str(tmp_path / "b.jsonl"),
        str(tmp_path / "none-*"),
        str(tmp_path / "d[1].txt"),
    ]
    assert remote == [f"{memory_root}/a.jsonl", f"{memory_root}/b.jsonl", "plain.txt"]


def test_local_paths_read_as_read_sources_does(tmp_path: Path) -> None:
    (tmp_path / "warren.txt").write_text(WARREN, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")

    assert list(read_locations([str(tmp_path)])) == list(read_sources([str(tmp_path)]))


def test_urls_without_fsspec_say_which_extra_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "fsspec.core", None)

    with pytest.raises(MissingExtraError, match=r"needs fsspec.*pip install 'onrecord\[scale\]'"):
        list(read_locations(["s3://bucket/news.jsonl"]))

"""Sidecar metadata: reading CSV and JSONL sidecars, and giving their articles what they say."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from onrecord.io._sidecar import ArticleMetadata, SidecarError, read_sidecar, with_metadata
from onrecord.results import Article

ROWS = [
    {"path": "texts/a.txt", "published": "2022-11-15", "outlet": "Daily", "title": "Budget"},
    {"path": "b.txt", "url": "https://daily.example/b", "author": "Jane Doe"},
]


def write_csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(params=["csv", "jsonl"])
def sidecar(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    directory = tmp_path / "corpus"
    directory.mkdir()
    if request.param == "jsonl":
        path = directory / "meta.jsonl"
        path.write_text("".join(json.dumps(row) + "\n" for row in ROWS), encoding="utf-8")
        return path
    return write_csv(
        directory / "meta.csv",
        "path,published,outlet,title,url,author\n"
        "texts/a.txt,2022-11-15,Daily,Budget,,\n"
        "b.txt,,,,https://daily.example/b,Jane Doe\n",
    )


def test_a_sidecar_gives_each_path_its_metadata(sidecar: Path) -> None:
    assert read_sidecar(sidecar) == {
        sidecar.parent / "texts" / "a.txt": ArticleMetadata(
            published=dt.date(2022, 11, 15), outlet="Daily", title="Budget"
        ),
        sidecar.parent / "b.txt": ArticleMetadata(url="https://daily.example/b", author="Jane Doe"),
    }


def test_an_article_takes_what_its_sidecar_says(
    sidecar: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(sidecar.parent)
    metadata = read_sidecar(sidecar)
    own = Article(text="…", path="./texts/a.txt", published=dt.date(2000, 1, 1), author="Ann")

    given = with_metadata(own, metadata)

    # The sidecar wins where it says something; the article keeps the rest.
    assert (given.published, given.published_from) == (dt.date(2022, 11, 15), "sidecar")
    assert (given.outlet, given.title, given.author) == ("Daily", "Budget", "Ann")
    other = Article(text="…", path="other.txt", published=dt.date(2000, 1, 1))
    assert with_metadata(other, metadata) == other
    assert with_metadata(Article(text="…"), metadata) == Article(text="…")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("path,published\na.txt,15/11/2022\n", "meta.csv:2: published '15/11/2022' is not a date"),
        ("path,date\na.txt,2022-11-15\n", "meta.csv:2: unknown column 'date'"),
        ("path,outlet\na.txt,Daily,extra\n", "meta.csv:2: unknown column '(values beyond"),
        ("outlet\nDaily\n", "meta.csv:2: no path"),
        ("path\na.txt\n./a.txt\n", "meta.csv:3: ./a.txt is given twice"),
        ("", "meta.csv: empty; a sidecar has a header of path, published"),
    ],
)
def test_a_bad_sidecar_says_where_and_why(tmp_path: Path, content: str, reason: str) -> None:
    path = write_csv(tmp_path / "meta.csv", content)
    with pytest.raises(SidecarError) as raised:
        read_sidecar(path)
    assert str(raised.value).startswith(str(tmp_path / reason.split(":")[0]))
    assert reason in str(raised.value)


def test_a_bad_jsonl_sidecar_says_where_and_why(tmp_path: Path) -> None:
    path = tmp_path / "meta.jsonl"
    path.write_text('{"path": "a.txt"}\n\n[1]\n', encoding="utf-8")
    with pytest.raises(SidecarError, match=r"meta\.jsonl:3: not a JSON object"):
        read_sidecar(path)
    path.write_text('{"path": "a.txt", "title": 3}\n', encoding="utf-8")
    with pytest.raises(SidecarError, match=r"meta\.jsonl:1: 'title' is not text: 3"):
        read_sidecar(path)
    with pytest.raises(SidecarError, match="cannot be read"):
        read_sidecar(tmp_path / "missing.csv")

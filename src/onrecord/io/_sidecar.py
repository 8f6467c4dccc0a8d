"""Metadata for articles from a file beside them: a sidecar of paths and their dates, outlets,
titles, URLs and authors, for text files that cannot say these themselves.

A sidecar is a CSV file with a header, or a JSON Lines file of objects, with the columns
``path`` (required) and any of ``published`` (YYYY-MM-DD), ``outlet``, ``title``, ``url`` and
``author``. A relative ``path`` is taken from the sidecar's own directory, so the sidecar moves
with its articles. What a sidecar gives wins over what a document says of itself.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from onrecord.errors import InputError
from onrecord.results import Article

# Article.published_from for a date that came from a sidecar.
SIDECAR_DATE = "sidecar"


class SidecarError(InputError):
    """A sidecar that cannot be read: its file, line and what is wrong there."""


@dataclass(frozen=True, slots=True)
class ArticleMetadata:
    """What a sidecar says of one article; None where it says nothing."""

    published: dt.date | None = None
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    author: str | None = None


COLUMNS = ("path", *(field.name for field in fields(ArticleMetadata)))


def read_sidecar(path: Path) -> dict[Path, ArticleMetadata]:
    """The metadata of each article the sidecar at ``path`` names, by its absolute path.

    Raises ``SidecarError`` for a file that cannot be read, an unknown column, a row without a
    path, a path given twice or a date that is not YYYY-MM-DD.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise SidecarError(f"{path}: cannot be read ({error})") from None
    rows = _jsonl_rows(path, text) if path.suffix.lower() == ".jsonl" else _csv_rows(path, text)
    found: dict[Path, ArticleMetadata] = {}
    for line, row in rows:
        where = f"{path}:{line}"
        unknown = sorted(set(row) - set(COLUMNS))
        if unknown:
            raise SidecarError(
                f"{where}: unknown column {unknown[0]!r}; a sidecar has {', '.join(COLUMNS)}"
            )
        values = {key: _text(where, key, value) for key, value in row.items()}
        named = values.pop("path", None)
        if named is None:
            raise SidecarError(f"{where}: no path")
        document = _absolute(path.parent / named)
        if document in found:
            raise SidecarError(f"{where}: {named} is given twice")
        published = values.pop("published", None)
        found[document] = ArticleMetadata(published=_date(where, published), **values)
    return found


def with_metadata(article: Article, sidecar: Mapping[Path, ArticleMetadata]) -> Article:
    """``article`` with what ``sidecar`` says of its file, where it says something."""
    if not article.path:
        return article
    given = sidecar.get(_absolute(Path(article.path)))
    if given is None:
        return article
    return replace(
        article,
        published=given.published or article.published,
        published_from=SIDECAR_DATE if given.published else article.published_from,
        outlet=given.outlet or article.outlet,
        title=given.title or article.title,
        url=given.url or article.url,
        author=given.author or article.author,
    )


def _absolute(path: Path) -> Path:
    # Not resolve(): a symlinked article is named by its link, as the command line names it.
    return Path(os.path.normpath(path.absolute()))


def _csv_rows(path: Path, text: str) -> list[tuple[int, dict[str, Any]]]:
    reader = csv.DictReader(text.splitlines(), restkey="(values beyond the header)")
    if reader.fieldnames is None:
        raise SidecarError(f"{path}: empty; a sidecar has a header of {', '.join(COLUMNS)}")
    # Line 1 is the header; an empty cell says nothing.
    return [
        (number, {key: value for key, value in row.items() if value != ""})
        for number, row in enumerate(reader, start=2)
    ]


def _jsonl_rows(path: Path, text: str) -> list[tuple[int, dict[str, Any]]]:
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise SidecarError(f"{path}:{number}: invalid JSON: {error.msg}") from None
        if not isinstance(row, dict):
            raise SidecarError(f"{path}:{number}: not a JSON object")
        rows.append((number, {key: value for key, value in row.items() if value is not None}))
    return rows


def _text(where: str, column: str, value: Any) -> str:
    if not isinstance(value, str):
        raise SidecarError(f"{where}: {column!r} is not text: {value!r}")
    return value.strip()


def _date(where: str, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise SidecarError(f"{where}: published {value!r} is not a date YYYY-MM-DD") from None

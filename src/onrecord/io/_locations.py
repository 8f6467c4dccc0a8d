"""Inputs named by local path, glob or fsspec URL: ``crawl/*.warc.gz``, ``s3://bucket/news/``.

A URL is anything with a ``PROTOCOL://`` prefix that fsspec knows (``s3://``, ``gs://``,
``https://``, ``file://``, ``memory://``, ...). Remote files are copied one at a time to a
temporary file and read from there like local ones, so every format reads the same whatever
holds it. URLs need fsspec, from the ``scale`` extra, and the package of their protocol
(``s3fs`` for ``s3://``, ...).
"""

from __future__ import annotations

import glob
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from onrecord.errors import SCALE_EXTRA_HINT, InputError, MissingExtraError
from onrecord.io._inputs import MAX_BYTES_DEFAULT
from onrecord.io._sources import (
    NO_SUCH_FILE,
    Failure,
    SourceItem,
    count_documents,
    empty_directory_failure,
    is_document,
    read_file,
    read_sources,
)


def is_url(name: str) -> bool:
    return "://" in name


def expand(inputs: Sequence[str]) -> list[str]:
    """``inputs`` with each glob replaced by the paths or URLs it matches, sorted.

    A glob that matches nothing stays as given, to be reported as missing when it is read; so
    does a local file whose name only looks like a glob ("notes[1].txt").
    """
    expanded: list[str] = []
    for name in inputs:
        if not glob.has_magic(name) or (not is_url(name) and Path(name).exists()):
            expanded.append(name)
        elif is_url(name):
            filesystem, pattern = _url_to_fs(name)
            matches = sorted(filesystem.glob(pattern))
            expanded += [filesystem.unstrip_protocol(match) for match in matches] or [name]
        else:
            # Not Path.glob: it takes no absolute patterns.
            expanded += sorted(glob.glob(name, recursive=True)) or [name]  # noqa: PTH207
    return expanded


def count_locations(names: Sequence[str]) -> int | None:
    """How many items ``read_locations(names)`` gives, when it can be told without reading
    them: local files of one article each (text, HTML, JSON); else None."""
    if any(is_url(name) for name in names):
        return None
    return count_documents(names)


def read_locations(
    names: Sequence[str], *, max_bytes: int = MAX_BYTES_DEFAULT
) -> Iterator[SourceItem]:
    """The articles of the local paths and URLs ``names``, each or a ``Failure``, in order.

    Local paths read as in ``sources.read_sources``. A URL names a file or a directory, whose
    files are read in the order of their paths; documents are named by URL. A remote file that
    cannot be fetched is a ``Failure`` naming it, and reading goes on.
    """
    for name in names:
        if is_url(name):
            yield from _read_url(name, max_bytes)
        else:
            yield from read_sources([name], max_bytes=max_bytes)


def _read_url(url: str, max_bytes: int) -> Iterator[SourceItem]:
    try:
        filesystem, root = _url_to_fs(url)
    except InputError as error:
        yield Failure(url, str(error))
        return
    try:
        if not filesystem.exists(root):
            yield Failure(url, NO_SUCH_FILE)
            return
        directory = filesystem.isdir(root)
        files = sorted(filesystem.find(root)) if directory else [root]
    # fsspec's backends raise whatever their client libraries raise (botocore, aiohttp, ...).
    except Exception as error:
        yield Failure(url, _cannot_fetch(error))
        return
    if directory:
        files = [file for file in files if _is_document_below(file, root)]
        if not files:
            yield empty_directory_failure(url)
    for file in files:
        yield from _read_remote_file(filesystem, file, url if file == root else None, max_bytes)


def _is_document_below(file: str, root: str) -> bool:
    relative = PurePosixPath(file).relative_to(PurePosixPath(root))
    # Hidden directories are skipped as in local ones (".git", ".cache").
    return is_document(relative) and not any(part.startswith(".") for part in relative.parts)


def _read_remote_file(
    filesystem: Any, path: str, url: str | None, max_bytes: int
) -> Iterator[SourceItem]:
    source = url or filesystem.unstrip_protocol(path)
    if _is_local(filesystem):
        yield from read_file(Path(path), source, max_bytes=max_bytes)
        return
    with tempfile.TemporaryDirectory(prefix="onrecord-") as directory:
        # The copy keeps the file's name: its suffix says how to read it.
        copy = Path(directory, PurePosixPath(path).name)
        try:
            filesystem.get_file(path, str(copy))
        except Exception as error:
            yield Failure(source, _cannot_fetch(error))
            return
        yield from read_file(copy, source, max_bytes=max_bytes)


def _cannot_fetch(error: Exception) -> str:
    return f"cannot be fetched ({type(error).__name__}: {error})"


def _is_local(filesystem: Any) -> bool:
    from fsspec.implementations.local import LocalFileSystem

    return isinstance(filesystem, LocalFileSystem)


def _url_to_fs(url: str) -> tuple[Any, str]:
    try:
        from fsspec.core import url_to_fs
    except ImportError:
        raise MissingExtraError(
            f"reading URLs ({url}) needs fsspec, which is not installed: {SCALE_EXTRA_HINT}"
        ) from None
    try:
        return url_to_fs(url)  # type: ignore[no-any-return]
    except ImportError as error:
        # fsspec knows the protocol but not its package: "Install s3fs to access S3".
        raise MissingExtraError(f"reading {url} needs another package: {error}") from None
    except ValueError as error:
        raise InputError(f"not a URL onrecord can read ({error})") from None

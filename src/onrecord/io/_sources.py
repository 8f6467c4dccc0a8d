"""Reading corpora of news into articles: text, HTML, JSONL and WARC files, one article at a time.

Everything is streamed: a JSONL file is read a line at a time and a WARC file a record at a
time, so a multi-gigabyte crawl never sits in memory. A document that cannot be read becomes a
``Failure`` saying why, and reading goes on with the next one.

HTML (files, JSONL ``html`` fields, WARC payloads) needs trafilatura and WARC needs warcio: both
come with ``pip install 'onrecord[corpus]'`` and are imported only when first needed.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import re
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, Literal

from onrecord.errors import (
    CORPUS_EXTRA_HINT,
    BinaryInputError,
    EmptyInputError,
    InputError,
    InputTooLargeError,
    MissingExtraError,
)
from onrecord.io._inputs import MAX_BYTES_DEFAULT, check_english, check_text, decode_document
from onrecord.resolve._outlets import clean_authors, clean_title, outlet_name
from onrecord.results import Article

if TYPE_CHECKING:
    import io
    from collections.abc import Callable, Iterator, Sequence

SourceKind = Literal["text", "html", "json", "jsonl", "warc"]

# Longest suffixes first, so "a.jsonl.gz" is not taken for some other ".gz" file.
_SUFFIXES: tuple[tuple[str, SourceKind], ...] = (
    (".jsonl.gz", "jsonl"),
    (".warc.gz", "warc"),
    (".jsonl", "jsonl"),
    (".warc", "warc"),
    # One news-please record, as .jsonl holds one a line.
    (".json", "json"),
    (".html", "html"),
    (".htm", "html"),
    (".txt", "text"),
)
_SUPPORTED = ", ".join(sorted(suffix for suffix, _ in _SUFFIXES))
NO_SUCH_FILE = "no such file or directory"

# --max-bytes bounds the article text handed to spaCy; the markup around a news article is
# commonly five to twenty times its text, so raw HTML (and a JSONL line holding it) may be this
# many times larger before it is refused unread.
_MARKUP_FACTOR = 10
_MARKUP_LIMIT = f" for markup ({_MARKUP_FACTOR} × --max-bytes)"

# Trafilatura turns a page without an article into its menu or footer ("Home News Sports").
# An article has at least one sentence of this many words; menus and copyright lines have none.
_MIN_SENTENCE_WORDS = 10
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s*$")

_HTML_TYPES = ("text/html", "application/xhtml+xml")
# How a saved web page starts, after any comment or XML declaration.
_MARKUP_START = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S
)

_EXCERPT_CHARS = 60
_SKIP_CHUNK = 1 << 20
_GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True, slots=True)
class Failure:
    """A document that could not be read, and why.

    ``source`` names it as ``Article.path`` would have: "path", "path:LINE" for a JSONL line
    (counted from 1), "path#RECORD-ID" for a WARC record ("path#record-N" if it has no ID).
    A failure of a whole file, or of the rest of one, names the file alone.
    """

    source: str
    reason: str


SourceItem = Article | Failure


def source_kind(path: PurePath) -> SourceKind | None:
    """The kind of document the file name says ``path`` holds, or None if it is not one we read."""
    name = path.name.lower()
    for suffix, kind in _SUFFIXES:
        if name.endswith(suffix):
            return kind
    return None


def read_sources(
    paths: Sequence[str], *, max_bytes: int = MAX_BYTES_DEFAULT
) -> Iterator[SourceItem]:
    """The articles of the files and directories ``paths``, in order, each or a ``Failure``.

    A directory stands for the supported files below it, recursively: each directory's files
    sorted by name, then its subdirectories sorted by name; hidden files and directories (".x")
    are left out. ``Article.path`` is the document's reference built from the path as given
    (see ``Failure.source``), so the same command names the same documents on every run.

    Every text passes the checks of ``inputs.decode_document``: texts that are empty, larger
    than ``max_bytes`` or not English are failures, never exceptions. The one exception is
    ``MissingExtraError``, when a file needs the ``corpus`` extra and it is not installed.
    """
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = False
            for document in _directory_documents(path):
                found = True
                if isinstance(document, Failure):
                    yield document
                else:
                    yield from read_file(document, str(document), max_bytes=max_bytes)
            if not found:
                yield empty_directory_failure(name)
        elif path.exists():
            yield from read_file(path, name, max_bytes=max_bytes)
        else:
            yield Failure(name, NO_SUCH_FILE)


def count_documents(paths: Sequence[str]) -> int | None:
    """How many items ``read_sources(paths)`` gives, from the file names alone; None when a
    JSONL or WARC file is among them, whose records cannot be counted without reading them."""
    count = 0
    for name in paths:
        path = Path(name)
        found = list(_directory_documents(path)) if path.is_dir() else [path]
        for document in found:
            if isinstance(document, Path) and source_kind(document) in ("jsonl", "warc"):
                return None
        count += max(len(found), 1)  # an empty directory is one failure
    return count


def _directory_documents(directory: Path) -> Iterator[Path | Failure]:
    """The documents below ``directory``, and a ``Failure`` for each directory that cannot be
    listed: its documents are missing from the run, and that must show."""
    unlisted: list[OSError] = []
    # os.walk rather than rglob: it does not follow symlinked directories into loops.
    for root, directories, files in os.walk(directory, onerror=unlisted.append):
        yield from _unlisted_failures(unlisted)
        directories[:] = sorted(d for d in directories if not d.startswith("."))
        for name in sorted(files):
            path = Path(root, name)
            if is_document(path):
                yield path
    yield from _unlisted_failures(unlisted)


def _unlisted_failures(errors: list[OSError]) -> Iterator[Failure]:
    while errors:
        error = errors.pop(0)
        yield Failure(str(error.filename), f"cannot be read ({error.strerror or error})")


def is_document(path: PurePath) -> bool:
    """Whether a directory's file ``path`` is one to read: of a supported kind, not hidden."""
    return not path.name.startswith(".") and source_kind(path) is not None


def empty_directory_failure(name: str) -> Failure:
    return Failure(name, f"directory holds no files of a supported kind ({_SUPPORTED})")


def read_file(
    path: Path, source: str, *, max_bytes: int = MAX_BYTES_DEFAULT
) -> Iterator[SourceItem]:
    """The articles of the one file ``path``, named after ``source`` as ``read_sources`` does.

    ``source`` may differ from ``path``: a local copy of a remote file is named by its URL.
    """
    kind = source_kind(path)
    if kind is None:
        yield Failure(source, f"unsupported file type; onrecord reads {_SUPPORTED}")
    elif kind == "jsonl":
        yield from _read_jsonl(path, source, max_bytes)
    elif kind == "warc":
        yield from _read_warc(path, source, max_bytes)
    elif kind == "text":
        try:
            data = _read_bytes(path, max_bytes, " (--max-bytes)")
            text = decode_document(data, max_bytes=max_bytes, english=False)
            yield text_item(source, text, max_bytes)
        except InputError as error:
            yield Failure(source, str(error))
    else:
        try:
            data = _read_bytes(path, max_bytes * _MARKUP_FACTOR, _MARKUP_LIMIT)
        except InputError as error:
            yield Failure(source, str(error))
        else:
            if kind == "json":
                yield _jsonl_item(source, data, max_bytes, first=True, unit="file")
            else:
                yield _html_article(source, data, _Metadata(), max_bytes)


def text_item(source: str, text: str, max_bytes: int) -> SourceItem:
    """The article of a decoded text file, checked to be English; a web page saved under
    another name (it opens with ``<!doctype html>`` or ``<html``) is read as the HTML it is."""
    if _MARKUP_START.match(text):
        return _html_article(source, text, _Metadata(), max_bytes)
    try:
        check_english(text)
    except InputError as error:
        return Failure(source, str(error))
    return Article(text=text, path=source)


def _read_bytes(path: Path, limit: int, limit_name: str) -> bytes:
    try:
        with path.open("rb") as file:
            # Checked on the open file, so a huge file is refused without reading it.
            size = os.fstat(file.fileno()).st_size
            if size > limit:
                raise InputTooLargeError(
                    f"file is {size:,} bytes, above the {limit:,}-byte limit{limit_name}"
                )
            # One byte more than allowed, so a file that grew since is still caught.
            return file.read(limit + 1)
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror or error})") from error


@dataclass(frozen=True, slots=True)
class _Metadata:
    """What a source says about an article besides its text; None where it says nothing."""

    published: dt.date | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    author: str | None = None
    published_from: str | None = None


def _article(source: str, text: str, metadata: _Metadata, max_bytes: int) -> SourceItem:
    try:
        check_text(text, max_bytes=max_bytes)
    except InputError as error:
        return Failure(source, str(error))
    outlet = outlet_name(metadata.outlet, metadata.url)
    return Article(
        text=text,
        published=metadata.published,
        path=source,
        url=metadata.url,
        outlet=outlet,
        title=clean_title(metadata.title, outlet, metadata.outlet),
        author=clean_authors(metadata.author, outlet, metadata.outlet),
        published_from=metadata.published_from if metadata.published else None,
    )


def _parse_date(value: str) -> dt.date | None:
    """The calendar date of an ISO date or datetime, or an RFC 2822 one; None if it is neither.

    A datetime gives the date it names in its own time zone: the day the outlet printed.
    """
    value = value.strip()
    for parse in (dt.date.fromisoformat, dt.datetime.fromisoformat):
        try:
            parsed = parse(value)
        except ValueError:
            continue
        return parsed.date() if isinstance(parsed, dt.datetime) else parsed
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return None


def _string(value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


@contextmanager
def _open_maybe_gzip(path: Path) -> Iterator[gzip.GzipFile | io.BufferedReader]:
    with path.open("rb") as file:
        # By content rather than name: ".jsonl" files are sometimes gzipped and ".gz" ones not.
        if file.peek(2)[:2] == _GZIP_MAGIC:
            with gzip.GzipFile(fileobj=file, mode="rb") as unzipped:
                yield unzipped
        else:
            yield file


def _corrupt_file_reason(error: BaseException, position: str) -> str:
    if isinstance(error, EOFError | zlib.error | gzip.BadGzipFile):
        return f"corrupt or truncated gzip data {position} ({error})"
    if isinstance(error, OSError) and error.strerror:
        return f"cannot be read {position} ({error.strerror})"
    return f"cannot be read {position} ({error})"


# ---------------------------------------------------------------------------------------- HTML


def _html_article(source: str, markup: str | bytes, given: _Metadata, max_bytes: int) -> SourceItem:
    """The article of an HTML page; ``given`` metadata wins over what the page says."""
    try:
        text, found = _extract_html(markup, given.url)
    except InputError as error:
        return Failure(source, str(error))
    metadata = _Metadata(
        published=given.published or found.published,
        url=given.url or found.url,
        outlet=given.outlet or found.outlet,
        title=given.title or found.title,
        author=given.author or found.author,
        published_from=given.published_from if given.published else found.published_from,
    )
    return _article(source, text, metadata, max_bytes)


def _extract_html(markup: str | bytes, url: str | None) -> tuple[str, _Metadata]:
    if not markup.strip():
        raise EmptyInputError("HTML is empty")
    # Trafilatura finds the encoding of bytes itself; NUL bytes mean they are no page at all.
    if isinstance(markup, bytes) and b"\0" in markup:
        raise BinaryInputError("binary data (NUL bytes) — not an HTML page")
    extract = _bare_extraction()
    try:
        result = extract(
            markup,
            url=url,
            with_metadata=True,
            include_comments=False,
            # Tables come out as cell soup, which is no statement anyone made.
            include_tables=False,
            # Only a date the page states (its metadata, a <time> element, its URL): the
            # extensive search guesses one from copyright lines and stray years, and a page
            # without any date got 2008-01-01 or 2015-01-01.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    # Trafilatura parses whatever the web serves; a page that breaks it is a bad page, not a
    # reason to stop reading the corpus.
    except Exception as error:
        raise InputError(f"HTML could not be parsed ({type(error).__name__}: {error})") from None
    if result is None:
        raise EmptyInputError("no article text could be extracted from the HTML")
    # trafilatura 1.x returns a dict, 2.x a Document.
    fields: dict[str, Any] = result if isinstance(result, dict) else result.as_dict()
    text = _string(fields.get("text")) or ""
    if not any(_is_sentence(line) for line in text.splitlines()):
        excerpt = " ".join(text.split())[:_EXCERPT_CHARS]
        raise EmptyInputError(
            "no article text in the HTML, only navigation or boilerplate"
            + (f" ({excerpt!r})" if excerpt else "")
        )
    date = _string(fields.get("date"))
    author = _string(fields.get("author"))
    published = _parse_date(date) if date else None
    return text, _Metadata(
        published=published,
        published_from=_date_source(markup, url or _string(fields.get("url")), published),
        url=_string(fields.get("url")),
        outlet=_string(fields.get("sitename")),
        title=_string(fields.get("title")),
        # Trafilatura joins several authors with "; "; author lists elsewhere get ", ".
        author=author.replace("; ", ", ") if author else None,
    )


# Where a page states its date, most telling first (``{day}`` is the date, escaped):
# trafilatura (htmldate) reads the same places but does not say which one it used.
_DATE_PLACES = (
    (
        "metadata",
        r"""<meta\b[^>]*\bcontent\s*=\s*["']\s*{day}"""
        r"""|"(?:datePublished|dateCreated|uploadDate)"\s*:\s*"\s*{day}""",
    ),
    ("time element", r"""<time\b[^>]*\bdatetime\s*=\s*["']\s*{day}"""),
)


def _date_source(markup: str | bytes, url: str | None, published: dt.date | None) -> str | None:
    """Where the page states ``published``: "metadata", "time element", "url" or "page"."""
    if published is None:
        return None
    page = markup.decode("utf-8", "replace") if isinstance(markup, bytes) else markup
    day = re.escape(published.isoformat())
    for place, template in _DATE_PLACES:
        if re.search(template.replace("{day}", day), page, re.IGNORECASE):
            return place
    compact = published.strftime("%Y%m%d")
    spelled = (
        published.strftime("%Y/%m/%d"),
        published.strftime("%Y/%b/%d").lower(),
        published.isoformat(),
        compact,
    )
    if url and any(form in url for form in spelled):
        return "url"
    return "page"


def _bare_extraction() -> Callable[..., Any]:
    try:
        from trafilatura import bare_extraction
    except ImportError as error:
        raise MissingExtraError(
            f"reading HTML needs trafilatura, which is not installed: {CORPUS_EXTRA_HINT}"
        ) from error
    return bare_extraction


def _is_sentence(line: str) -> bool:
    return len(line.split()) >= _MIN_SENTENCE_WORDS and _SENTENCE_END.search(line) is not None


# --------------------------------------------------------------------------------------- JSONL

_TEXT_FIELDS = ("text", "maintext")
_DATE_FIELDS = ("published", "date_publish", "date")
_AUTHOR_FIELDS = ("author", "authors")
_OUTLET_FIELDS = ("outlet", "source_domain")


class _LineError(Exception):
    """A JSONL line that is not an article; the message says why."""


def _read_jsonl(path: Path, source: str, max_bytes: int) -> Iterator[SourceItem]:
    line_limit = max_bytes * _MARKUP_FACTOR
    number = 0
    blank = 0
    try:
        with _open_maybe_gzip(path) as file:
            while line := file.readline(line_limit + 1):
                number += 1
                reference = f"{source}:{number}"
                if not line.strip():
                    blank += 1
                elif len(line) > line_limit and not line.endswith(b"\n"):
                    # Skipped in bounded chunks: one runaway line must not fill the memory.
                    while (rest := file.readline(_SKIP_CHUNK)) and not rest.endswith(b"\n"):
                        pass
                    yield Failure(
                        reference,
                        f"line is longer than the {line_limit:,}-byte limit{_MARKUP_LIMIT}",
                    )
                else:
                    yield _jsonl_item(reference, line, max_bytes, first=number == 1)
    except (OSError, EOFError, zlib.error) as error:
        position = f"after line {number}" if number else "at the start"
        yield Failure(source, _corrupt_file_reason(error, position))
        return
    if number == blank:
        # Otherwise a file that lost its contents would pass as one with nothing new.
        yield Failure(source, "file is empty" if number == 0 else "file holds only blank lines")


def _jsonl_item(
    reference: str, line: bytes, max_bytes: int, *, first: bool, unit: str = "line"
) -> SourceItem:
    """The article of one record: a JSONL line, or the whole of a ``.json`` file (``unit``)."""
    try:
        decoded = line.decode("utf-8-sig" if first else "utf-8")
    except UnicodeDecodeError as error:
        return Failure(reference, f"{unit} is not valid UTF-8 at byte {error.start}")
    try:
        # Without its line break, a line cut inside a string says so, not "control character".
        record = json.loads(decoded.rstrip("\r\n"))
    except json.JSONDecodeError as error:
        return Failure(reference, f"invalid JSON: {error.msg} (column {error.colno})")
    if not isinstance(record, dict):
        return Failure(
            reference, f"{unit} is a JSON {_json_type(record)}, not an object with 'text' or 'html'"
        )
    try:
        metadata = _jsonl_metadata(record)
        text = _field(record, _TEXT_FIELDS)
        html = _field(record, ("html",))
    except _LineError as error:
        return Failure(reference, str(error))
    if text is not None and (text.strip() or html is None):
        return _article(reference, text, metadata, max_bytes)
    if html is not None:
        return _html_article(reference, html, metadata, max_bytes)
    return Failure(reference, "no article text: the object has no 'text', 'maintext' or 'html'")


def _jsonl_metadata(record: dict[str, Any]) -> _Metadata:
    date = _field(record, _DATE_FIELDS)
    return _Metadata(
        published=_parse_date(date) if date else None,
        published_from="record",
        url=_string(_field(record, ("url",))),
        outlet=_string(_field(record, _OUTLET_FIELDS)),
        title=_string(_field(record, ("title",))),
        author=_authors(record),
    )


def _field(record: dict[str, Any], names: tuple[str, ...]) -> str | None:
    """The first of the fields ``names`` that is present and not null; it must be a string."""
    for name in names:
        value = record.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            raise _LineError(f"field {name!r} is a JSON {_json_type(value)}, not a string")
        return value
    return None


def _authors(record: dict[str, Any]) -> str | None:
    for name in _AUTHOR_FIELDS:
        value = record.get(name)
        if value is None:
            continue
        if isinstance(value, str):
            return _string(value)
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return ", ".join(item.strip() for item in value if item.strip()) or None
        raise _LineError(f"field {name!r} must be a string or a list of strings")
    return None


def _json_type(value: object) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), "number")


# ---------------------------------------------------------------------------------------- WARC


class _CorruptStreamError(Exception):
    """The bytes under a WARC reader broke off or are not valid gzip.

    Not an ``EOFError``: warcio takes one of those, raised while it reads a record's headers,
    for the normal end of the file, and would end a truncated file without a word.
    """


class _StrictReader:
    """A binary stream for warcio whose read errors cannot pass for the end of the file."""

    def __init__(self, stream: gzip.GzipFile | io.BufferedReader) -> None:
        self._stream = stream

    def read(self, size: int = -1) -> bytes:
        try:
            # read1: what came before a break is returned first, so no whole record is lost.
            return self._stream.read1(size)
        except (OSError, EOFError, zlib.error) as error:
            raise _CorruptStreamError(str(error)) from error

    def tell(self) -> int:
        return self._stream.tell()


@dataclass(frozen=True, slots=True)
class _Page:
    reference: str
    payload: bytes
    url: str | None


def _read_warc(path: Path, source: str, max_bytes: int) -> Iterator[SourceItem]:
    for page in _warc_pages(path, source, max_bytes * _MARKUP_FACTOR):
        if isinstance(page, Failure):
            yield page
        else:
            given = _Metadata(url=page.url)
            yield _html_article(page.reference, page.payload, given, max_bytes)


def _warc_pages(path: Path, source: str, payload_limit: int) -> Iterator[_Page | Failure]:
    """The web pages of a WARC file: warcio's part of the work, so its errors are told apart."""
    warc_iterator = _warc_iterator()
    whole = 0  # records read to their end
    try:
        with _open_maybe_gzip(path) as file:
            head = file.peek(5)[:5]
            if not head:
                yield Failure(source, "file is empty")
                return
            if head != b"WARC/":
                yield Failure(source, "not a WARC file (it does not start with 'WARC/')")
                return
            reader = _StrictReader(file)
            records = warc_iterator(reader)
            for record in records:
                number = whole + 1
                # Mandatory in WARC; warcio hands out a record whose headers broke off as is.
                if not record.rec_headers.get_header("Content-Length"):
                    yield Failure(
                        source,
                        f"malformed or truncated WARC record {number}: no Content-Length header",
                    )
                    return
                page = _warc_page(record, f"{source}#", number, payload_limit)
                # Read to the record's end, so a truncated record is told from a whole one.
                records.read_to_end()
                missing = getattr(record.raw_stream, "limit", 0)
                if missing > 0:
                    yield Failure(
                        source, f"truncated: WARC record {number} lacks its last {missing:,} bytes"
                    )
                    return
                whole = number
                if page is not None:
                    yield page
            # warcio ends without a word at a record that breaks off in its headers; its offset
            # then stays at that record's start, short of all that was read.
            if records.offset < reader.tell():
                yield Failure(
                    source, f"truncated: WARC record {whole + 1} breaks off after its headers"
                )
    except (_CorruptStreamError, OSError, EOFError, zlib.error) as error:
        position = f"after record {whole}" if whole else "at the start"
        yield Failure(source, _corrupt_file_reason(error.__cause__ or error, position))
    # warcio raises what it likes on malformed records (ArchiveLoadFailed, ValueError,
    # AttributeError, ...); only reading records runs in this block, no extraction.
    except Exception as error:
        yield Failure(
            source,
            f"malformed or truncated WARC record {whole + 1} ({type(error).__name__}: {error})",
        )


def _warc_iterator() -> Callable[[_StrictReader], Any]:
    try:
        from warcio.archiveiterator import WARCIterator
    except ImportError as error:
        raise MissingExtraError(
            f"reading WARC files needs warcio, which is not installed: {CORPUS_EXTRA_HINT}"
        ) from error
    # WARC only: told to guess, warcio would parse any text as an ARC file.
    return WARCIterator  # type: ignore[no-any-return]


def _warc_page(record: Any, prefix: str, number: int, payload_limit: int) -> _Page | Failure | None:
    """The web page a WARC record holds; None for records that hold no web page."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    http = record.http_headers
    # Redirects and error pages are no articles, whatever HTML they carry.
    if not str(http.get_statuscode()).startswith("2"):
        return None
    content_type = str(http.get_header("Content-Type") or "").lower()
    if content_type and not content_type.startswith(_HTML_TYPES):
        return None
    record_id = str(record.rec_headers.get_header("WARC-Record-ID") or "").strip("<>")
    reference = prefix + (record_id or f"record-{number}")
    url = record.rec_headers.get_header("WARC-Target-URI")
    try:
        payload: bytes = record.content_stream().read(payload_limit + 1)
    except _CorruptStreamError:
        raise
    # A bad HTTP chunking or Content-Encoding spoils this record only; the WARC framing holds.
    except Exception as error:
        return Failure(
            reference, f"HTTP payload cannot be decoded ({type(error).__name__}: {error})"
        )
    if len(payload) > payload_limit:
        return Failure(
            reference,
            f"HTML payload is larger than the {payload_limit:,}-byte limit{_MARKUP_LIMIT}",
        )
    return _Page(reference, payload, str(url) if url else None)

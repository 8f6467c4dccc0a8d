"""Reading user documents into text, refusing what cannot be an English article, saying why."""

from __future__ import annotations

import codecs
import os
import re
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from spacy.lang.en.stop_words import STOP_WORDS

from onrecord.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    InputError,
    InputTooLargeError,
    NotEnglishError,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

# spaCy's default max_length is 1e6 characters; one news article is far smaller.
MAX_BYTES_DEFAULT = 1_000_000

STDIN_MARKER = "-"

# Tab, newline, vertical tab, form feed and carriage return occur in real text files.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\v\f\r") + b"\x7f"
# Real articles have next to no other control bytes; text-like binaries have many.
_MAX_CONTROL_SHARE = 0.01

# Calibrated on PolNeAR (924 articles: lowest share 0.26, median 0.46) against news paragraphs
# in eight other European and Asian languages (highest share 0.09); 0.15 sits between the two.
_MIN_ENGLISH_SHARE = 0.15
_LANGUAGE_SAMPLE_WORDS = 2000
# A headline or a byline is too short for a share of function words to mean anything.
_MIN_JUDGED_WORDS = 8

# CJK scripts don't separate words with spaces, so each ideograph or kana counts as one word;
# otherwise a Chinese article would be a handful of "words" and escape the check.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_WORD = re.compile(rf"[{_CJK}]|[^\W\d_{_CJK}]+")


def decode_document(
    data: bytes, *, max_bytes: int = MAX_BYTES_DEFAULT, english: bool = True
) -> str:
    """The text of a document given as bytes, unaltered except for a leading UTF-8 BOM.

    Raises an ``InputError`` subclass saying why the bytes are not an English text article;
    with ``english=False`` the language is left for the caller to check (on markup, say, it
    would be the tags' language that counts).
    """
    if len(data) > max_bytes:
        raise InputTooLargeError(_too_large_message(len(data), max_bytes))
    if not data:
        raise EmptyInputError("file is empty")
    # UTF-16 files are full of NUL bytes; saying "binary" would send the user the wrong way.
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise EncodingError("text is UTF-16 encoded; save it as UTF-8")
    if b"\0" in data:
        raise BinaryInputError("binary data (NUL bytes) — not a text article")
    control_share = (len(data) - len(data.translate(None, _CONTROL_BYTES))) / len(data)
    if control_share > _MAX_CONTROL_SHARE:
        raise BinaryInputError(
            f"binary data ({control_share:.0%} control characters) — not a text article"
        )
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        text = data[bom:].decode("utf-8")
    except UnicodeDecodeError as error:
        position = bom + error.start
        raise EncodingError(
            f"not valid UTF-8 at byte {position} (0x{data[position]:02x}); "
            "convert the file to UTF-8"
        ) from None
    check_text(text, english=english)
    return text


def check_english(text: str) -> None:
    """Raise ``NotEnglishError`` unless ``text`` has the share of function words English has.

    Only the first words are looked at, so the check stays cheap for long documents; texts too
    short to judge pass.
    """
    words = [m.group().lower() for m in islice(_WORD.finditer(text), _LANGUAGE_SAMPLE_WORDS)]
    if len(words) < _MIN_JUDGED_WORDS:
        return
    share = sum(word in STOP_WORDS for word in words) / len(words)
    if share < _MIN_ENGLISH_SHARE:
        raise NotEnglishError(
            f"text does not look like English ({share:.0%} English function words, "
            f"English prose has well over {_MIN_ENGLISH_SHARE:.0%}); "
            "onrecord analyzes English text only"
        )


def check_text(
    text: str,
    *,
    max_bytes: int | None = None,
    max_characters: int | None = None,
    english: bool = True,
) -> None:
    """Raise an ``InputError`` subclass saying why ``text`` is not an article to analyze.

    The one text check: ``decode_document`` runs it on what it decodes, the readers on texts
    that came decoded already (out of JSON or HTML), and ``onrecord.analyze`` on what it is
    handed, since a text made in Python has passed neither (``english=False`` there: the
    library analyzes what it is given). ``max_bytes`` is the UTF-8 size limit of the readers,
    ``max_characters`` the parser's.
    """
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as error:
        # JSON or Python can carry a lone "\ud800"; no UTF-8 file or database could store such a
        # text, and spaCy cannot hash it.
        raise EncodingError(
            f"article text holds a lone surrogate (U+{ord(text[error.start]):04X}) at "
            f"character {error.start:,}: it is not Unicode text"
        ) from None
    if max_bytes is not None and size > max_bytes:
        raise InputTooLargeError(
            f"article text is {size:,} bytes, above the {max_bytes:,}-byte limit (--max-bytes)"
        )
    if max_characters is not None and len(text) > max_characters:
        raise InputTooLargeError(
            f"article is {len(text):,} characters, above the pipeline's limit of {max_characters:,}"
        )
    if not text.strip():
        raise EmptyInputError("article text is empty")
    if "\0" in text:
        raise BinaryInputError("article text holds NUL characters — binary data, not an article")
    if english:
        check_english(text)


def read_document(path: Path, *, max_bytes: int = MAX_BYTES_DEFAULT, english: bool = True) -> str:
    """The text of the file at ``path``; errors are ``InputError``s whose message names it.

    ``english`` is ``decode_document``'s.
    """
    try:
        with path.open("rb") as file:
            # Checked on the open file, so a huge file is refused without reading it.
            size = os.fstat(file.fileno()).st_size
            if size > max_bytes:
                raise InputTooLargeError(f"{path}: {_too_large_message(size, max_bytes)}")
            # Pipes and growing files report a size that need not hold: read one byte more than
            # allowed, so decode_document still sees that the limit was crossed.
            data = file.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(f"no such file or directory: {path}") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a file") from None
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror})") from error
    try:
        return decode_document(data, max_bytes=max_bytes, english=english)
    except InputError as error:
        # Same type, so callers can still tell the reasons apart.
        raise type(error)(f"{path}: {error}") from None


# The files of a directory that ``analyze`` reads: texts, web pages and news-please records.
ANALYZED_SUFFIXES = (".txt", ".html", ".htm", ".json")


def expand_paths(paths: Sequence[str]) -> list[str]:
    """The documents named by ``paths``: files as given, directories as their files of the
    ``ANALYZED_SUFFIXES`` (ignoring case).

    A directory contributes its direct children only, sorted by name; ``"-"`` (stdin) is kept.
    """
    expanded: list[str] = []
    for name in paths:
        if name == STDIN_MARKER:
            expanded.append(name)
            continue
        path = Path(name)
        if path.is_dir():
            documents = sorted(
                child
                for child in path.iterdir()
                if child.suffix.lower() in ANALYZED_SUFFIXES and child.is_file()
            )
            if not documents:
                kinds = ", ".join(ANALYZED_SUFFIXES)
                raise InputError(f"no files of the kinds analyzed ({kinds}) in directory: {name}")
            expanded.extend(str(child) for child in documents)
        elif path.exists():
            expanded.append(name)
        else:
            raise InputError(f"no such file or directory: {name}")
    return expanded


def _too_large_message(size: int, max_bytes: int) -> str:
    size_text, limit_text = _megabytes(size), _megabytes(max_bytes)
    # Just over the limit, both round alike; "1.0 MB, above the 1.0 MB limit" would puzzle.
    if size_text == limit_text:
        size_text, limit_text = f"{size:,} bytes", f"{max_bytes:,}-byte"
    return f"file is {size_text}, above the {limit_text} limit (--max-bytes)"


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"

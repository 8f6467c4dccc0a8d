"""Reading input: files, directories, URLs, WARC archives and metadata sidecars, as articles."""

from onrecord.io._inputs import (
    MAX_BYTES_DEFAULT,
    STDIN_MARKER,
    check_english,
    check_text,
    decode_document,
    expand_paths,
    read_document,
)
from onrecord.io._locations import count_locations, read_locations
from onrecord.io._sidecar import ArticleMetadata, read_sidecar, with_metadata
from onrecord.io._sources import Failure, SourceItem, read_file, read_sources, source_kind

__all__ = [
    "MAX_BYTES_DEFAULT",
    "STDIN_MARKER",
    "ArticleMetadata",
    "Failure",
    "SourceItem",
    "check_english",
    "check_text",
    "count_locations",
    "decode_document",
    "expand_paths",
    "read_document",
    "read_file",
    "read_locations",
    "read_sidecar",
    "read_sources",
    "source_kind",
    "with_metadata",
]

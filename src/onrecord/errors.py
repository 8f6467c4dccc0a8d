"""The one exception tree of onrecord: catch ``OnrecordError`` to catch everything we raise."""

from __future__ import annotations


class OnrecordError(Exception):
    """Base of every error onrecord raises on purpose."""


class InputError(OnrecordError):
    """A document that cannot be analyzed; the message says why in terms a user can act on."""


class EmptyInputError(InputError):
    """The document has no text."""


class BinaryInputError(InputError):
    """The document is binary data, not text."""


class EncodingError(InputError):
    """The document's bytes are not valid UTF-8."""


class InputTooLargeError(InputError):
    """The document is larger than the configured limit."""


class NotEnglishError(InputError):
    """The document does not look like English text."""


class TimeBudgetError(InputError):
    """The document took longer to analyze than the caller allowed."""


class ModelNotFoundError(OnrecordError):
    """The configured spaCy model is not installed."""


class GoldFormatError(OnrecordError):
    """A gold-standard annotation file cannot be read."""


class StoreError(OnrecordError):
    """The corpus store cannot be opened, migrated or written, or its extra is not installed."""


class LineError(OnrecordError):
    """A line cannot be run or saved as asked: its position or name is empty, or no line of
    that name is saved."""


CORPUS_EXTRA_HINT = "pip install 'onrecord[corpus]'"
WEB_EXTRA_HINT = "pip install 'onrecord[web]'"
SCALE_EXTRA_HINT = "pip install 'onrecord[scale]'"


class MissingExtraError(OnrecordError):
    """An optional dependency is not installed; the message names the extra to install.

    Not an ``InputError``: the documents are fine, the installation is not, and a caller that
    reports ``InputError``s per document must not bury this under one line per file.
    """


class EngineError(OnrecordError):
    """The engine that analyzes articles in parallel cannot be set up as asked, or failed: a
    worker process died, or the cluster could not be reached. What was stored or written before
    stays, and re-running resumes.
    """


class BatchError(OnrecordError):
    """A batch run cannot start or go on: its output directory is unusable or already in use."""


__all__ = [
    "BatchError",
    "BinaryInputError",
    "EmptyInputError",
    "EncodingError",
    "EngineError",
    "GoldFormatError",
    "InputError",
    "InputTooLargeError",
    "LineError",
    "MissingExtraError",
    "ModelNotFoundError",
    "NotEnglishError",
    "OnrecordError",
    "StoreError",
    "TimeBudgetError",
]

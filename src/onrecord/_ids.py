"""Article ids: the same story gets the same id wherever it is read, stored or written."""

from __future__ import annotations

import hashlib
import unicodedata


def article_id(text: str) -> str:
    """The id of an article: the SHA-256, in hex, of its text in NFC with whitespace collapsed.

    The same story saved with other line breaks or Unicode composition is the same article.
    """
    normalized = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()

"""Extraction: quotes, cues and statement candidates, and the extractors that find statements."""

from onrecord.extract._extractors import (
    ACCURATE,
    DEFAULT_EXTRACTOR,
    EXTRACTORS,
    FAST,
    RULES,
    Extractor,
    load_extractor,
)
from onrecord.extract._rules import extract_attributions

__all__ = [
    "ACCURATE",
    "DEFAULT_EXTRACTOR",
    "EXTRACTORS",
    "FAST",
    "RULES",
    "Extractor",
    "extract_attributions",
    "load_extractor",
]

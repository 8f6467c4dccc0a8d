"""onrecord: who said what, on whose authority, when and where, in English news articles."""

from onrecord.analyze import analyze, analyze_articles
from onrecord.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    GoldFormatError,
    InputError,
    InputTooLargeError,
    ModelNotFoundError,
    NotEnglishError,
    OnrecordError,
)
from onrecord.model import AnalyzedArticle, Article, Attribution, Kind, Span

__all__ = [
    "AnalyzedArticle",
    "Article",
    "Attribution",
    "BinaryInputError",
    "EmptyInputError",
    "EncodingError",
    "GoldFormatError",
    "InputError",
    "InputTooLargeError",
    "Kind",
    "ModelNotFoundError",
    "NotEnglishError",
    "OnrecordError",
    "Span",
    "analyze",
    "analyze_articles",
]

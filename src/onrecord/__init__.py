"""onrecord: who said what, on whose authority, when and where, in English news articles."""

from onrecord.analyze import analyze, analyze_articles
from onrecord.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    GoldFormatError,
    InputError,
    InputTooLargeError,
    MissingExtraError,
    ModelNotFoundError,
    NotEnglishError,
    OnrecordError,
    StoreError,
)
from onrecord.results import (
    AnalyzedArticle,
    AnonymousProfile,
    Article,
    Attribution,
    DateInterval,
    Kind,
    Span,
    Speaker,
    SpeakerKind,
)

__all__ = [
    "AnalyzedArticle",
    "AnonymousProfile",
    "Article",
    "Attribution",
    "BinaryInputError",
    "DateInterval",
    "EmptyInputError",
    "EncodingError",
    "GoldFormatError",
    "InputError",
    "InputTooLargeError",
    "Kind",
    "MissingExtraError",
    "ModelNotFoundError",
    "NotEnglishError",
    "OnrecordError",
    "Span",
    "Speaker",
    "SpeakerKind",
    "StoreError",
    "analyze",
    "analyze_articles",
]

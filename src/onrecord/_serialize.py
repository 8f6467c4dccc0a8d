"""The public JSON shape of analysis results (documented in README, "JSON output").

The shape of a statement, a speaker and their parts is derived from the dataclasses of
``onrecord.results`` by ``onrecord.shapes``: a field added there is in the JSON output, the API's
answers and the Parquet files of ``onrecord run`` alike.
"""

from __future__ import annotations

from typing import Any

from onrecord.results import AnalyzedArticle, Attribution, Speaker
from onrecord.shapes import SCHEMA_VERSION, from_json, to_json

JSON = dict[str, Any]


def attribution_to_json(attribution: Attribution) -> JSON:
    result: JSON = to_json(attribution)
    return result


def speaker_to_json(speaker: Speaker) -> JSON:
    result: JSON = to_json(speaker)
    return result


def analyzed_to_json(analyzed: AnalyzedArticle, path: str | None = None) -> JSON:
    """One record of ``onrecord analyze --format jsonl``."""
    article = analyzed.article
    return {
        "schema_version": SCHEMA_VERSION,
        "path": path if path is not None else article.path,
        "article": {
            "text": article.text,
            "published": to_json(article.published),
            "length": len(article.text),
        },
        "attributions": [attribution_to_json(a) for a in analyzed.attributions],
        "speakers": [speaker_to_json(s) for s in analyzed.speakers],
    }


# The way back, for results stored in this shape (``onrecord run``'s Parquet files): a round
# trip gives equal results, and a field that older JSON lacks takes its default.


def attribution_from_json(value: JSON) -> Attribution:
    result: Attribution = from_json(Attribution, value)
    return result


def speaker_from_json(value: JSON) -> Speaker:
    result: Speaker = from_json(Speaker, value)
    return result

"""The public JSON shape of analysis results (documented in README, "JSON output")."""

from __future__ import annotations

from typing import Any

from onrecord.model import AnalyzedArticle, Attribution, Span

JSON = dict[str, Any]


def span_to_json(span: Span) -> JSON:
    return {"start": span.start, "end": span.end, "text": span.text}


def attribution_to_json(attribution: Attribution) -> JSON:
    return {
        "id": attribution.id,
        "kind": attribution.kind.value,
        "content": [span_to_json(span) for span in attribution.content],
        "cue": [span_to_json(span) for span in attribution.cue],
        "source": span_to_json(attribution.source) if attribution.source else None,
        "nested_in": attribution.nested_in,
    }


def analyzed_to_json(analyzed: AnalyzedArticle, path: str | None = None) -> JSON:
    """One record of ``onrecord analyze --format jsonl``."""
    article = analyzed.article
    return {
        "path": path if path is not None else article.path,
        "article": {
            "text": article.text,
            "published": article.published.isoformat() if article.published else None,
            "length": len(article.text),
        },
        "attributions": [attribution_to_json(a) for a in analyzed.attributions],
    }

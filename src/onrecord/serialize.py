"""The public JSON shape of analysis results (documented in README, "JSON output")."""

from __future__ import annotations

import datetime as dt
from typing import Any

from onrecord.model import (
    AnalyzedArticle,
    AnonymousProfile,
    Attribution,
    DateInterval,
    Kind,
    Span,
    Speaker,
    SpeakerKind,
)

JSON = dict[str, Any]


def span_to_json(span: Span | None) -> JSON | None:
    return None if span is None else {"start": span.start, "end": span.end, "text": span.text}


def date_to_json(date: DateInterval | None) -> JSON | None:
    if date is None:
        return None
    return {
        "start": date.start.isoformat(),
        "end": date.end.isoformat(),
        "expression": span_to_json(date.span),
    }


def attribution_to_json(attribution: Attribution) -> JSON:
    return {
        "id": attribution.id,
        "kind": attribution.kind.value,
        "content": [span_to_json(span) for span in attribution.content],
        "cue": [span_to_json(span) for span in attribution.cue],
        "source": span_to_json(attribution.source),
        "nested_in": attribution.nested_in,
        "speaker": attribution.speaker,
        "addressee": span_to_json(attribution.addressee),
        "venue": span_to_json(attribution.venue),
        "date": date_to_json(attribution.date),
        "quoting": attribution.quoting,
        "confidence": attribution.confidence,
    }


def anonymous_to_json(profile: AnonymousProfile | None) -> JSON | None:
    if profile is None:
        return None
    return {
        "count": profile.count,
        "plural": profile.plural,
        "descriptor": span_to_json(profile.descriptor),
        "affiliation": span_to_json(profile.affiliation),
        "reason": span_to_json(profile.reason),
        "informed": profile.informed,
    }


def speaker_to_json(speaker: Speaker) -> JSON:
    return {
        "id": speaker.id,
        "kind": speaker.kind.value,
        "name": speaker.name,
        "mentions": [span_to_json(span) for span in speaker.mentions],
        "titles": [span_to_json(span) for span in speaker.titles],
        "affiliation": span_to_json(speaker.affiliation),
        "anonymous": anonymous_to_json(speaker.anonymous),
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
        "speakers": [speaker_to_json(s) for s in analyzed.speakers],
    }


# The way back, for results stored in this shape (``onrecord run``'s Parquet files). Each
# function reads what its ``*_to_json`` counterpart writes, so a round trip gives equal results.


def span_from_json(value: JSON) -> Span:
    return Span(start=value["start"], end=value["end"], text=value["text"])


def optional_span_from_json(value: JSON | None) -> Span | None:
    return None if value is None else span_from_json(value)


def date_from_json(value: JSON | None) -> DateInterval | None:
    if value is None:
        return None
    return DateInterval(
        start=dt.date.fromisoformat(value["start"]),
        end=dt.date.fromisoformat(value["end"]),
        span=span_from_json(value["expression"]),
    )


def attribution_from_json(value: JSON) -> Attribution:
    return Attribution(
        id=value["id"],
        kind=Kind(value["kind"]),
        content=tuple(span_from_json(span) for span in value["content"]),
        cue=tuple(span_from_json(span) for span in value["cue"]),
        source=optional_span_from_json(value["source"]),
        nested_in=value["nested_in"],
        speaker=value["speaker"],
        addressee=optional_span_from_json(value["addressee"]),
        venue=optional_span_from_json(value["venue"]),
        date=date_from_json(value["date"]),
        quoting=value["quoting"],
        # Records written before extractors reported a confidence have none.
        confidence=value.get("confidence"),
    )


def anonymous_from_json(value: JSON | None) -> AnonymousProfile | None:
    if value is None:
        return None
    return AnonymousProfile(
        count=value["count"],
        plural=value["plural"],
        descriptor=optional_span_from_json(value["descriptor"]),
        affiliation=optional_span_from_json(value["affiliation"]),
        reason=optional_span_from_json(value["reason"]),
        # JSON written before the field existed counted every unnamed source as informed.
        informed=value.get("informed", True),
    )


def speaker_from_json(value: JSON) -> Speaker:
    return Speaker(
        id=value["id"],
        kind=SpeakerKind(value["kind"]),
        name=value["name"],
        mentions=tuple(span_from_json(span) for span in value["mentions"]),
        titles=tuple(span_from_json(span) for span in value["titles"]),
        affiliation=optional_span_from_json(value["affiliation"]),
        anonymous=anonymous_from_json(value["anonymous"]),
    )

"""Who, to whom, where and when: speakers and context added to extracted attributions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Token

from onrecord.resolve._context import statement_context
from onrecord.resolve._dates import statement_date
from onrecord.resolve._speakers import resolve_speakers
from onrecord.results import Attribution, Span, Speaker


def describe(
    doc: Doc, attributions: Sequence[Attribution]
) -> tuple[tuple[Attribution, ...], tuple[Speaker, ...]]:
    """``attributions`` with speakers, addressee and venue filled in, and the article's speakers."""
    text = doc.text
    cues = [cue_head(doc, attribution) for attribution in attributions]
    relayed = [_relayed_mention(cue, text) for cue in cues]
    resolution = resolve_speakers(doc, attributions, relayed)
    described = []
    for index, (attribution, cue) in enumerate(zip(attributions, cues, strict=True)):
        context = statement_context(cue, _content_heads(doc, attribution)) if cue else None
        addressee = context.addressee if context else None
        venue = context.venue if context else None
        described.append(
            replace(
                attribution,
                speaker=resolution.sources[index],
                quoting=resolution.relayed[index],
                addressee=Span.of(text, *addressee) if addressee else None,
                venue=Span.of(text, *venue) if venue else None,
            )
        )
    return tuple(described), resolution.speakers


def _relayed_mention(cue: Token | None, text: str) -> Span | None:
    """ "quoted Biden as saying": the person whose words the source passes on."""
    if cue is None or cue.lemma_.lower() != "quote":
        return None
    quoted = next((child for child in cue.children if child.dep_ == "dobj"), None)
    if quoted is None:
        return None
    return Span.of(text, quoted.left_edge.idx, quoted.right_edge.idx + len(quoted.right_edge))


def date_attributions(
    doc: Doc, attributions: Sequence[Attribution], published: dt.date | None
) -> tuple[Attribution, ...]:
    """``attributions`` with the date each statement was made, relative to ``published``."""
    if published is None:
        return tuple(attributions)
    dated = []
    for attribution in attributions:
        cue = cue_head(doc, attribution)
        when = statement_date(cue, published) if cue is not None else None
        dated.append(replace(attribution, date=when) if when is not None else attribution)
    return tuple(dated)


def cue_head(doc: Doc, attribution: Attribution) -> Token | None:
    """The syntactic head of the first cue span: "said" in "has said"."""
    if not attribution.cue:
        return None
    span = doc.char_span(attribution.cue[0].start, attribution.cue[0].end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _content_heads(doc: Doc, attribution: Attribution) -> list[Token]:
    heads = []
    for segment in attribution.content:
        span = doc.char_span(segment.start, segment.end, alignment_mode="contract")
        if span is not None and len(span):
            heads.append(span.root)
    return heads

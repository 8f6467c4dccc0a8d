"""Rule-based attribution extraction over a spaCy dependency parse.

The cue finders (:mod:`onrecord.extract._cues`) propose a draft statement for each cue of the
parse. Quote repair (:mod:`onrecord.extract._quote_repair`) widens contents to whole quotes
(:mod:`onrecord.extract._quotes`), attributes the quotes the parse missed and joins a quote
interrupted by "said Biden". This module orders the drafts, decides the kind and the nesting of
each statement and freezes them into ``Attribution``s with character-exact spans (span geometry:
:mod:`onrecord.extract._segments`). With a candidate classifier
(:mod:`onrecord.extract._learned`) the rules only propose: the classifier decides which
candidates are statements.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate

from spacy.tokens import Doc

from onrecord.extract._cues import Draft, draft_for, merge_coordinated
from onrecord.extract._intervals import Intervals
from onrecord.extract._learned import CandidateClassifier, all_statement_features
from onrecord.extract._lexicon import CueLexicon, default_lexicon
from onrecord.extract._quote_repair import (
    Claims,
    Quotes,
    attribute_loose_quotes,
    continue_interrupted_quotes,
    continue_into_quoted_paragraphs,
    snap_to_quotes,
)
from onrecord.extract._quotes import QuoteRegion, find_quotes
from onrecord.extract._segments import inside, join_across_punctuation
from onrecord.offsets import Segment
from onrecord.results import Attribution, Kind, Span


def extract_attributions(
    doc: Doc, lexicon: CueLexicon | None = None, model: CandidateClassifier | None = None
) -> tuple[Attribution, ...]:
    """Every attributed statement in ``doc``, ordered by position, with character-exact spans.

    Without a ``model`` the rules alone decide, with ``lexicon`` (default: the shipped cue
    lexicon). With one, the rules propose candidates from the model's wider lexicon (unless
    ``lexicon`` is given) and only the candidates the model accepts are kept.
    """
    # Doc.text joins every token anew: read it once.
    text = doc.text
    if model is None:
        return _freeze(text, *_drafts(doc, text, lexicon or default_lexicon()))
    drafts, quotes = _drafts(doc, text, lexicon or model.lexicon)
    candidates = _freeze(text, drafts, quotes)
    probabilities = model.probabilities(all_statement_features(doc, candidates, quotes))
    kept = []
    for draft, probability in zip(_ordered(drafts), probabilities, strict=True):
        if probability >= model.threshold:
            draft.confidence = probability
            kept.append(draft)
    return _freeze(text, kept, quotes)


@dataclass(frozen=True)
class LinkedSegments:
    """A statement found by other means than the rules, as character segments of the text."""

    cue: Sequence[Segment]
    content: Sequence[Segment]
    source: Segment | None
    confidence: float | None


def freeze_linked(text: str, statements: Iterable[LinkedSegments]) -> tuple[Attribution, ...]:
    """Attributions of ``statements`` with ids, kinds and nesting decided as for the rules'.

    Fragments of one content that no letter or digit keeps apart are joined: a quotation mark
    or a comma between two parts of one content is part of it.
    """
    drafts = [
        Draft(
            cue=list(statement.cue),
            content=join_across_punctuation(text, statement.content),
            source=statement.source,
            # Character offsets order these drafts as token indices order the rules'.
            anchor=statement.cue[0][0],
            confidence=statement.confidence,
        )
        for statement in statements
        if statement.content
    ]
    return _freeze(text, drafts, find_quotes(text))


def _drafts(doc: Doc, text: str, lexicon: CueLexicon) -> tuple[list[Draft], list[QuoteRegion]]:
    quotes = find_quotes(text)
    consumed: set[int] = set()
    drafts: list[Draft] = []
    for token in doc:
        if token.i in consumed:
            continue
        draft = draft_for(token, lexicon, consumed)
        if draft is not None and draft.content:
            drafts.append(draft)
    drafts = merge_coordinated(doc, drafts)
    quote_index = Quotes(quotes)
    for draft in drafts:
        draft.content = snap_to_quotes(draft.content, quote_index, draft.cue[0])
    claims = Claims(drafts)
    attribute_loose_quotes(doc, text, drafts, quotes, lexicon, claims)
    continue_interrupted_quotes(doc, text, drafts, quote_index, claims)
    continue_into_quoted_paragraphs(text, drafts, quote_index, claims)
    return drafts, quotes


class _Words:
    """How many letters and digits a span has inside quotes and outside them, in O(log n)."""

    def __init__(self, text: str, quotes: Sequence[QuoteRegion]) -> None:
        # Letters and digits before each position, and before each quote's start inside quotes.
        self._before = [0, *accumulate(map(str.isalnum, text))]
        self._quotes = quotes
        self._starts = [quote.start for quote in quotes]
        self._quoted_before = [0]
        for quote in quotes:
            inside = self._before[quote.end] - self._before[quote.start]
            self._quoted_before.append(self._quoted_before[-1] + inside)

    def inside_and_outside(self, start: int, end: int) -> tuple[int, int]:
        inside = self._quoted_until(end) - self._quoted_until(start)
        return inside, self._before[end] - self._before[start] - inside

    def _quoted_until(self, position: int) -> int:
        index = bisect_right(self._starts, position) - 1
        if index < 0:
            return 0
        quote = self._quotes[index]
        partial = self._before[min(position, quote.end)] - self._before[quote.start]
        return self._quoted_before[index] + partial


def _kind(content: Sequence[Segment], words: _Words) -> Kind:
    inside = outside = 0
    for start, end in content:
        quoted, unquoted = words.inside_and_outside(start, end)
        inside += quoted
        outside += unquoted
    if inside and not outside:
        return Kind.DIRECT
    return Kind.MIXED if inside else Kind.INDIRECT


def _freeze(
    text: str, drafts: Sequence[Draft], quotes: Sequence[QuoteRegion]
) -> tuple[Attribution, ...]:
    ordered = _ordered(drafts)
    ids = {id(draft): f"a{number}" for number, draft in enumerate(ordered, start=1)}
    words = _Words(text, quotes)
    contents = Intervals((s, e, n) for n, draft in enumerate(ordered) for s, e in draft.content)
    attributions = []
    for draft in ordered:
        container = _innermost_container(draft, ordered, contents)
        attributions.append(
            Attribution(
                id=ids[id(draft)],
                kind=_kind(draft.content, words),
                content=tuple(Span.of(text, s, e) for s, e in draft.content),
                cue=tuple(Span.of(text, s, e) for s, e in draft.cue),
                source=Span.of(text, *draft.source) if draft.source else None,
                nested_in=ids[id(container)] if container is not None else None,
                # Four decimals tell statements apart; more would be the models' noise.
                confidence=None if draft.confidence is None else round(draft.confidence, 4),
            )
        )
    return tuple(attributions)


def _ordered(drafts: Iterable[Draft]) -> list[Draft]:
    return sorted(drafts, key=lambda d: (d.content[0][0], d.anchor))


def _innermost_container(
    draft: Draft, drafts: Sequence[Draft], contents: Intervals[int]
) -> Draft | None:
    """The draft of the shortest content that holds ``draft``'s cue (``contents`` indexes the
    content segments of ``drafts`` by position in it); the first of several as short."""
    cue = draft.cue[0]
    containers = [
        other
        for other in (drafts[n] for n in sorted(set(contents.overlapping(cue[0], cue[1]))))
        if other is not draft
        and inside(cue, other.content)
        and not inside(other.cue[0], draft.content)
    ]
    return min(containers, key=lambda d: sum(e - s for s, e in d.content), default=None)

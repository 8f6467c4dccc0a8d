"""The interchangeable ways of finding statements in a parsed article.

``accurate``
    The fine-tuned MiniLM encoder and its linker (:mod:`onrecord.neural`).
``fast`` (the default)
    The rules propose candidates and a logistic regression decides (:mod:`onrecord.learned`).
``rules``
    The rules alone, with the shipped cue lexicon (:mod:`onrecord.extract`).

Any other choice is the path of a trained model: a directory written by
``onrecord train --extractor accurate`` or a JSON file written by ``--extractor fast``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from onrecord.errors import ModelNotFoundError
from onrecord.extract import LinkedSegments, extract_attributions, freeze_linked
from onrecord.intervals import Intervals
from onrecord.learned import StatementModel, shipped_model
from onrecord.lexicon import CueLexicon, default_lexicon
from onrecord.model import Kind
from onrecord.neural import AttributionTagger, load_tagger, shipped_tagger

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from onrecord.extract import Segment
    from onrecord.model import Attribution

ACCURATE = "accurate"
FAST = "fast"
RULES = "rules"
EXTRACTORS = (ACCURATE, FAST, RULES)
# The accurate extractor becomes the default once it beats the fast one on PolNeAR dev and
# keeps every statement of the example article; README "How it works" has the numbers.
DEFAULT_EXTRACTOR = FAST


class Extractor(Protocol):
    """Finds the attributed statements of a parsed article, in text order."""

    def extract(self, doc: Doc) -> tuple[Attribution, ...]: ...


@dataclass(frozen=True)
class RulesExtractor:
    lexicon: CueLexicon

    def extract(self, doc: Doc) -> tuple[Attribution, ...]:
        return extract_attributions(doc, self.lexicon)


@dataclass(frozen=True)
class FastExtractor:
    model: StatementModel

    def extract(self, doc: Doc) -> tuple[Attribution, ...]:
        return extract_attributions(doc, model=self.model)


# Tuned on PolNeAR dev with the shipped encoder (before its biases), linked F1 at
# (quotation, missed): (0.9, 0.5) 72.2, (0.8, 0.5) 72.1, (0.95, 0.5) 72.2, (0.9, 0.4) 71.9,
# (0.9, 0.6) 72.1, (0.9, never) 71.0.
MISSED_STATEMENT_PROBABILITY = 0.5
QUOTATION_PROBABILITY = 0.9


@dataclass(frozen=True)
class AccurateExtractor:
    """The encoder's statements, combined with the rules' (kept by ``rules``, the fast
    extractor's model) where those are the better reading:

    - direct quotations: a quotation's extent is set by its quotation marks, which the rules
      read exactly and the encoder only approximates. A direct quotation of the rules that the
      fast model is sure of (``QUOTATION_PROBABILITY``) replaces the encoder's statements it
      touches.
    - nested statements: PolNeAR gives each token to one statement at most, so the encoder
      learned top-level statements only; "the sources said [some of those invited said they
      believe ...]" still holds two. A statement whose cue lies inside a kept content, and
      touches no kept cue, is kept.
    - missed statements: one whose cue and content touch no kept statement is kept when the
      fast model is sure enough of it (``MISSED_STATEMENT_PROBABILITY``): the two models err
      differently.
    """

    tagger: AttributionTagger
    rules: StatementModel

    def extract(self, doc: Doc) -> tuple[Attribution, ...]:
        text = doc.text
        pieces, statements = self.tagger.statements(text)
        encoded = [
            LinkedSegments(
                cue=[pieces.characters(s.cue)],
                content=[pieces.characters(c) for c in s.content],
                source=None if s.source is None else pieces.characters(s.source),
                confidence=s.confidence,
            )
            for s in statements
        ]
        return freeze_linked(text, _combined(encoded, extract_attributions(doc, model=self.rules)))


def _combined(
    encoded: Sequence[LinkedSegments], ruled: Sequence[Attribution]
) -> list[LinkedSegments]:
    candidates = [_segments(attribution) for attribution in ruled]
    sure_quotations = [
        attribution.kind is Kind.DIRECT and (attribution.confidence or 0.0) >= QUOTATION_PROBABILITY
        for attribution in ruled
    ]
    kept = [candidate for candidate, sure in zip(candidates, sure_quotations, strict=True) if sure]
    quotations = _index(kept, _extent)
    kept += [statement for statement in encoded if not _touches(quotations, _extent(statement))]
    # Indexed: a long article has thousands of statements, and scanning them all for each
    # candidate would be quadratic in its length.
    extents = _index(kept, _extent)
    cues = _index(kept, lambda statement: statement.cue)
    contents = Intervals(
        (start, end, (start, end)) for statement in kept for start, end in statement.content
    )
    added = []
    for attribution, candidate, sure in zip(ruled, candidates, sure_quotations, strict=True):
        if sure:
            continue
        cue_start, cue_end = candidate.cue[0][0], candidate.cue[-1][1]
        # A content that contains the cue overlaps it, or touches it when the cue is empty.
        nested = any(
            start <= cue_start and cue_end <= end
            for start, end in contents.overlapping(cue_start - 1, cue_end + 1)
        )
        missed = (
            not _touches(extents, _extent(candidate))
            and (attribution.confidence or 0.0) >= MISSED_STATEMENT_PROBABILITY
        )
        if (nested and not _touches(cues, candidate.cue)) or missed:
            added.append(candidate)
    return kept + added


def _segments(attribution: Attribution) -> LinkedSegments:
    return LinkedSegments(
        cue=[(span.start, span.end) for span in attribution.cue],
        content=[(span.start, span.end) for span in attribution.content],
        source=None
        if attribution.source is None
        else (attribution.source.start, attribution.source.end),
        confidence=attribution.confidence,
    )


def _extent(statement: LinkedSegments) -> Sequence[Segment]:
    return [*statement.cue, *statement.content]


def _index(
    statements: Sequence[LinkedSegments],
    segments_of: Callable[[LinkedSegments], Sequence[Segment]],
) -> Intervals[None]:
    return Intervals(
        (start, end, None) for statement in statements for start, end in segments_of(statement)
    )


def _touches(index: Intervals[None], segments: Sequence[Segment]) -> bool:
    return any(index.overlapping(start, end) for start, end in segments)


def load_extractor(choice: str) -> Extractor:
    """The extractor named ``choice`` (see the module's documentation), loaded once per process."""
    if choice == ACCURATE:
        return AccurateExtractor(shipped_tagger(), rules=shipped_model())
    if choice == FAST:
        return FastExtractor(shipped_model())
    if choice == RULES:
        return RulesExtractor(default_lexicon())
    path = Path(choice)
    if path.is_dir():
        return AccurateExtractor(load_tagger(str(path.resolve())), rules=shipped_model())
    if path.is_file():
        return FastExtractor(StatementModel.load(path))
    raise ModelNotFoundError(
        f"no extractor {choice!r}: choose {', '.join(EXTRACTORS)} or the path of a trained model"
    )

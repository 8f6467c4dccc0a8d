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

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from onrecord.errors import ModelNotFoundError
from onrecord.extract import LinkedSegments, extract_attributions, freeze_linked
from onrecord.learned import StatementModel, shipped_model
from onrecord.lexicon import CueLexicon, default_lexicon
from onrecord.neural import AttributionTagger, load_tagger, shipped_tagger

if TYPE_CHECKING:
    from spacy.tokens import Doc

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


@dataclass(frozen=True)
class AccurateExtractor:
    """The encoder's statements, and the rules' statements nested in their contents.

    PolNeAR gives each token to one statement at most, so the encoder learned top-level
    statements only; "the sources said [some of those invited said they believe ...]" still
    holds two. A statement of the rules (kept by ``nested``, the fast extractor's model) whose
    cue lies inside the content of one of the encoder's, and touches none of its cues, is kept.
    """

    tagger: AttributionTagger
    nested: StatementModel | None = None

    def extract(self, doc: Doc) -> tuple[Attribution, ...]:
        text = doc.text
        pieces, statements = self.tagger.statements(text)
        found = [
            LinkedSegments(
                cue=[pieces.characters(s.cue)],
                content=[pieces.characters(c) for c in s.content],
                source=None if s.source is None else pieces.characters(s.source),
                confidence=s.confidence,
            )
            for s in statements
        ]
        if self.nested is not None and found:
            found += _nested_statements(extract_attributions(doc, model=self.nested), found)
        return freeze_linked(text, found)


def _nested_statements(
    candidates: Sequence[Attribution], statements: Sequence[LinkedSegments]
) -> list[LinkedSegments]:
    contents = [segment for statement in statements for segment in statement.content]
    cues = [segment for statement in statements for segment in statement.cue]
    nested = []
    for candidate in candidates:
        cue_start, cue_end = candidate.cue[0].start, candidate.cue[-1].end
        inside = any(start <= cue_start and cue_end <= end for start, end in contents)
        touching = any(start < cue_end and cue_start < end for start, end in cues)
        if inside and not touching:
            nested.append(
                LinkedSegments(
                    cue=[(span.start, span.end) for span in candidate.cue],
                    content=[(span.start, span.end) for span in candidate.content],
                    source=(
                        None
                        if candidate.source is None
                        else (candidate.source.start, candidate.source.end)
                    ),
                    confidence=candidate.confidence,
                )
            )
    return nested


def load_extractor(choice: str) -> Extractor:
    """The extractor named ``choice`` (see the module's documentation), loaded once per process."""
    if choice == ACCURATE:
        return AccurateExtractor(shipped_tagger(), nested=shipped_model())
    if choice == FAST:
        return FastExtractor(shipped_model())
    if choice == RULES:
        return RulesExtractor(default_lexicon())
    path = Path(choice)
    if path.is_dir():
        return AccurateExtractor(load_tagger(str(path.resolve())), nested=shipped_model())
    if path.is_file():
        return FastExtractor(StatementModel.load(path))
    raise ModelNotFoundError(
        f"no extractor {choice!r}: choose {', '.join(EXTRACTORS)} or the path of a trained model"
    )

"""Deriving the cue lexicon from gold annotations (the shipped one comes from PolNeAR train).

Every verb, noun and adjective lemma of the corpus is first allowed as a cue; the extractor runs
with that permissive lexicon, and each top-level prediction is judged by the ``linked`` metric.
A lemma is kept when it was seen often enough and its predictions were right often enough: with
an overall F1 near 0.5, a cue whose predictions are right more than a third of the time adds
more than it costs.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from onrecord.evaluation._score import linked_predictions
from onrecord.extract._learned import CUE_POS, cue_tokens, cue_word
from onrecord.extract._lexicon import CueLexicon
from onrecord.extract._rules import extract_attributions

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from spacy.tokens import Doc

    from onrecord.evaluation._brat import GoldDocument


@dataclass(frozen=True, slots=True)
class CueStatistics:
    """How often statements cued by ``lemma`` (as ``pos``) matched the gold standard."""

    pos: str
    lemma: str
    correct: int
    total: int

    @property
    def precision(self) -> float:
        return self.correct / self.total


def cue_statistics(documents: Sequence[GoldDocument], docs: Sequence[Doc]) -> list[CueStatistics]:
    """Per-lemma precision of the extractor run with every lemma of ``docs`` allowed as a cue.

    ``docs`` are the parsed texts of ``documents``, in the same order.
    """
    permissive = CueLexicon(
        verbs=frozenset(_lemmas(docs, "VERB")),
        nouns=frozenset(_lemmas(docs, "NOUN")),
        adjectives=frozenset(_lemmas(docs, "ADJ")),
    )
    correct: Counter[tuple[str, str]] = Counter()
    total: Counter[tuple[str, str]] = Counter()
    for document, doc in zip(documents, docs, strict=True):
        # Judged as ``evaluate`` judges: PolNeAR never annotates nested statements.
        top_level = [a for a in extract_attributions(doc, permissive) if a.nested_in is None]
        judged = linked_predictions(document.text, document.attributions, top_level)
        for attribution, is_correct in zip(top_level, judged, strict=True):
            word = cue_word(cue_tokens(doc, attribution.cue))
            if word is not None and word.pos_ in CUE_POS:
                key = (word.pos_, word.lemma_.lower())
                total[key] += 1
                correct[key] += is_correct
    return [CueStatistics(pos, lemma, correct[pos, lemma], n) for (pos, lemma), n in total.items()]


def select_lexicon(
    statistics: Iterable[CueStatistics], *, min_count: int, min_precision: float
) -> CueLexicon:
    kept = [s for s in statistics if s.total >= min_count and s.precision >= min_precision]
    return CueLexicon(
        verbs=frozenset(s.lemma for s in kept if s.pos == "VERB"),
        nouns=frozenset(s.lemma for s in kept if s.pos == "NOUN"),
        adjectives=frozenset(s.lemma for s in kept if s.pos == "ADJ"),
    )


def write_lexicon(
    path: Path,
    lexicon: CueLexicon,
    statistics: Iterable[CueStatistics],
    provenance: dict[str, object],
) -> None:
    """Write ``lexicon`` with the statistics of its lemmas, so each choice can be audited."""
    kept = {(s.pos, s.lemma): s for s in statistics}
    record = {
        **provenance,
        "verbs": sorted(lexicon.verbs),
        "nouns": sorted(lexicon.nouns),
        "adjectives": sorted(lexicon.adjectives),
        "statistics": {
            f"{pos}:{lemma}": [kept[pos, lemma].correct, kept[pos, lemma].total]
            for pos, lemmas in (
                ("VERB", lexicon.verbs),
                ("NOUN", lexicon.nouns),
                ("ADJ", lexicon.adjectives),
            )
            for lemma in sorted(lemmas)
        },
    }
    path.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _lemmas(docs: Iterable[Doc], pos: str) -> set[str]:
    return {token.lemma_.lower() for doc in docs for token in doc if token.pos_ == pos}

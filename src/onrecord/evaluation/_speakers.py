"""Evaluating speaker resolution against hand-labelled referents of PolNeAR source mentions.

``tests/fixtures/speaker_referents.tsv`` lists gold source mentions of PolNeAR dev that are a
pronoun, a partial name or a bare title, each with the full name of the person it refers to
(read off the article by hand) or ``NOT_A_NAMED_PERSON``. Resolution runs on the gold
attributions of each article, so that extraction errors do not count against it. A mention is
resolved correctly when its speaker is a person whose name is the referent (the same last
name and, where both give one, the same first name: "Donald J. Trump" names "Donald Trump"),
or, for ``NOT_A_NAMED_PERSON``, when it is not resolved to a named person of the article.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from onrecord._vocabulary import NAME_SUFFIXES
from onrecord.evaluation._brat import read_gold_corpus
from onrecord.resolve._speakers import resolve_speakers
from onrecord.results import SpeakerKind

if TYPE_CHECKING:
    from spacy.language import Language

NOT_A_NAMED_PERSON = "NOT_A_NAMED_PERSON"


@dataclass(frozen=True, slots=True)
class ReferentCase:
    document: str
    start: int
    end: int
    mention: str
    category: str
    referent: str


@dataclass(frozen=True, slots=True)
class ResolutionOutcome:
    case: ReferentCase
    resolved: str | None  # name of the person resolved to, None if not a person
    correct: bool


def read_cases(path: Path) -> list[ReferentCase]:
    with path.open(encoding="utf-8", newline="") as file:
        return [
            ReferentCase(
                row["document"],
                int(row["start"]),
                int(row["end"]),
                row["mention"],
                row["category"],
                row["referent"],
            )
            for row in csv.DictReader(file, delimiter="\t")
        ]


def evaluate_resolution(
    cases: list[ReferentCase], corpus: Path, nlp: Language
) -> list[ResolutionOutcome]:
    """Resolve every case's mention within its article's gold attributions."""
    documents = {document.name: document for document in read_gold_corpus(corpus)}
    outcomes = []
    by_document: dict[str, list[ReferentCase]] = {}
    for case in cases:
        by_document.setdefault(case.document, []).append(case)
    with nlp.select_pipes(disable=["onrecord"]):
        for name, document_cases in by_document.items():
            document = documents[name]
            doc = nlp(document.text)
            resolution = resolve_speakers(doc, document.attributions)
            assigned = resolution.sources
            by_id = {speaker.id: speaker for speaker in resolution.speakers}
            for case in document_cases:
                index = next(
                    i
                    for i, a in enumerate(document.attributions)
                    if a.source is not None
                    and (a.source.start, a.source.end) == (case.start, case.end)
                )
                speaker = by_id.get(assigned[index] or "")
                resolved = speaker.name if speaker and speaker.kind is SpeakerKind.PERSON else None
                outcomes.append(ResolutionOutcome(case, resolved, _names(resolved, case.referent)))
    return outcomes


def summarize(outcomes: list[ResolutionOutcome]) -> str:
    """Accuracy per category and overall, as printed by ``scripts/evaluate_speakers.py``."""
    totals: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for outcome in outcomes:
        for key in (outcome.case.category, "all"):
            totals[key] += 1
            right[key] += outcome.correct
    lines = [f"{'category':<14}{'correct':>9}{'cases':>7}{'accuracy':>10}"]
    for key in sorted(totals, key=lambda k: (k == "all", k)):
        lines.append(
            f"{key:<14}{right[key]:>9}{totals[key]:>7}{100 * right[key] / totals[key]:>9.1f}%"
        )
    return "\n".join(lines)


def _names(resolved: str | None, referent: str) -> bool:
    if referent == NOT_A_NAMED_PERSON:
        return resolved is None
    if resolved is None:
        return False
    resolved_words = _core_words(resolved)
    referent_words = _core_words(referent)
    if resolved_words[-1] != referent_words[-1]:
        return False
    both_have_first = len(resolved_words) > 1 and len(referent_words) > 1
    return not both_have_first or resolved_words[0] == referent_words[0]


def _core_words(name: str) -> list[str]:
    words = [w.strip(".,").lower() for w in name.split()]
    return [w for w in words if w not in NAME_SUFFIXES] or words

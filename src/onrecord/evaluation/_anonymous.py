"""Scoring :mod:`onrecord.resolve._anonymous` on hand-labelled source mentions from PolNeAR.

``scripts/evaluate_anonymous.py`` prints these scores for ``tests/fixtures/anonymous_sources.tsv``.
Each row of the fixture is one gold source mention of PolNeAR train or dev, with the sentence it
is in and offsets within that sentence; the sentence alone is parsed, so the corpus is not
needed. Candidates were the distinct gold sources whose head noun (in a parse of the whole
article) is a word for a person (source, official, aide, people, spokesman, senator, expert,
...) and that hold no PERSON entity: 966 of them. The fixture samples them: every mention of
the rarer source nouns (source, person, insider, operative, diplomat, staffer, confidant,
associate), every 3rd to 5th of the frequent ones (official, people, aide, adviser,
strategist, ally, spokesman), and the mentions of other person nouns whose sentence speaks of
anonymity or knowledge; then a second sample of 65 more, labelled after the rules were written.

The expected columns were filled by hand, by reading the sentence (and the article where the
sentence left it open), never by running the profiler:

* ``anonymous``: whether the mention is an unnamed source. False for named people and
  organizations, spokespeople, and classes of people ("people", "most party insiders").
* ``count``: the number the article gives, empty when it gives none ("officials", "the
  sources"); a singular noun is one source ("the official", "a third source").
* ``descriptor``: the first phrase after the head that describes the source ("familiar with
  the matter", "in the room", a relative clause about knowledge or anonymity), else the
  premodifiers from a rank word on ("senior administration", "former campaign").
* ``affiliation``: the organization, party, place or sector named right before the head
  ("White House", "Sanders", "law enforcement"), the head itself for a party noun ("a Democrat
  familiar with ..."), else the object of "with/for/to/at/of" ("officials with the DCCC"),
  without its article. Possessive pronouns ("her advisers") are not affiliations.
* ``reason``: why the name is withheld ("because ...", "for fear of ...", "not authorized to
  ...", a purpose "to discuss ..."); "on condition of anonymity" alone gives no reason.

Field accuracies are over the rows expected anonymous; a row the detector misses is wrong on
every field.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from onrecord import pipeline
from onrecord.offsets import Segment
from onrecord.resolve._anonymous import profile
from onrecord.results import AnonymousProfile, Span

FIELDS = ("count", "plural", "descriptor", "affiliation", "reason")


@dataclass(frozen=True)
class Row:
    document: str
    start: int
    end: int
    mention: str
    sentence: str
    anonymous: bool
    count: int | None
    plural: bool
    descriptor: str
    affiliation: str
    reason: str


@dataclass(frozen=True)
class Outcome:
    row: Row
    profile: AnonymousProfile | None


def read_fixture(path: Path) -> list[Row]:
    """The rows of a fixture file, each checked to hold its mention at its offsets."""
    with path.open(encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file, delimiter="\t", quoting=csv.QUOTE_NONE)
        rows = [
            Row(
                document=record["document"],
                start=int(record["start"]),
                end=int(record["end"]),
                mention=record["mention"],
                sentence=record["sentence"],
                anonymous=record["anonymous"] == "true",
                count=int(record["count"]) if record["count"] else None,
                plural=record["plural"] == "true",
                descriptor=record["descriptor"],
                affiliation=record["affiliation"],
                reason=record["reason"],
            )
            for record in reader
        ]
    for row in rows:
        if row.sentence[row.start : row.end] != row.mention:
            raise ValueError(f"{path}: {row.mention!r} is not at {row.start}:{row.end}")
    return rows


def run(rows: Sequence[Row], model: str | None = None) -> list[Outcome]:
    """The profile of each row's mention, its sentence parsed alone."""
    nlp = pipeline.load(model)
    with nlp.select_pipes(disable=["onrecord"]):
        docs = nlp.pipe(row.sentence for row in rows)
        outcomes = []
        for row, doc in zip(rows, docs, strict=True):
            mention = doc.char_span(row.start, row.end, alignment_mode="expand")
            outcomes.append(Outcome(row, profile(mention) if mention is not None else None))
    return outcomes


def _expected_range(row: Row, text: str) -> Segment:
    """Where ``text`` is in the sentence: the occurrence nearest the mention."""
    starts = []
    position = row.sentence.find(text)
    while position >= 0:
        starts.append(position)
        position = row.sentence.find(text, position + 1)
    start = min(starts, key=lambda s: abs(s - row.start))
    return Segment((start, start + len(text)))


def _exact(expected: str, found: Span | None) -> bool:
    return (found.text if found else "") == expected


def _overlaps(row: Row, expected: str, found: Span | None) -> bool:
    if not expected or found is None:
        return not expected and found is None
    start, end = _expected_range(row, expected)
    return found.start < end and start < found.end


def field_matches(outcome: Outcome) -> dict[str, bool]:
    """Which fields of an expected-anonymous row the profile got right."""
    row, found = outcome.row, outcome.profile
    if found is None:
        return dict.fromkeys((*FIELDS, "descriptor overlap", "reason overlap"), False)
    return {
        "count": found.count == row.count,
        "plural": found.plural == row.plural,
        "descriptor": _exact(row.descriptor, found.descriptor),
        "descriptor overlap": _overlaps(row, row.descriptor, found.descriptor),
        "affiliation": _exact(row.affiliation, found.affiliation),
        "reason": _exact(row.reason, found.reason),
        "reason overlap": _overlaps(row, row.reason, found.reason),
    }


def scores(outcomes: Sequence[Outcome]) -> dict[str, float]:
    """Detection precision and recall, and the accuracy of each field."""
    detected = [o for o in outcomes if o.profile is not None]
    expected = [o for o in outcomes if o.row.anonymous]
    correct = [o for o in detected if o.row.anonymous]
    result = {
        "detection precision": len(correct) / len(detected) if detected else 0.0,
        "detection recall": len(correct) / len(expected) if expected else 0.0,
    }
    matches = [field_matches(o) for o in expected]
    for name in matches[0] if matches else ():
        result[name] = sum(m[name] for m in matches) / len(matches)
    return result

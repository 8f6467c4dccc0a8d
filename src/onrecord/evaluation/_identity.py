"""Scoring :func:`onrecord.resolve._identity.match` on hand-labelled pairs of PolNeAR speakers.

``scripts/evaluate_identity.py`` prints these scores for ``tests/fixtures/speaker_pairs.tsv``.
Each row of the fixture is two people (or organizations, or unnamed sources) named in two
PolNeAR train/dev articles, with what the matcher may know of each: the name, the outlet and
date from the file name, the titles the article writes with the name, and two or three other
people it names. The ``label`` says whether the two are the same: ``merge`` or ``separate``.
Side A becomes an :class:`~onrecord.resolve._identity.Identity` of its own, side B a new
sighting, and B is matched against A when they share a last name, as the store would fetch it.
Merging is the positive class of the printed precision and recall.

The corpus is not copied: rows hold names and short titles only.

Columns (tab-separated, UTF-8, header row, no quoting; lists are separated by "; "):

* ``label``: ``merge`` or ``separate``; ``kind``: ``person``, ``organization`` or
  ``anonymous``.
* ``a_document``, ``b_document``: the article's file stem.
* ``a_name``, ``b_name``: the fullest form of the name that the article writes, without
  titles, spelled as written (misspellings, typographic apostrophes, non-breaking spaces and
  mis-encoded letters included). A side is a last name alone only when the article never
  writes the first name ("Trump" in an AFP piece, "President Obama" in the NYT).
* ``*_outlet``, ``*_date``: from the file name.
* ``*_titles``: titles and honorifics written with the name ("Sen.", "Mrs.", "the former
  head of Apple retail stores"), verbatim.
* ``*_others``: other people the article names, as it writes them.
* ``note``: why, for the cases that needed reading beyond the name.

Selection: pairs were drawn to cover last names shared within families (Clintons, Trumps,
Bushes, Obamas, Cruzes, Kennedys, Pauls, Reagans, Romneys, Koches, Cuomos, Smiths, Sanderses)
and by unrelated people (Johnsons, Scotts, Kellys, Browns, Grahams, Carters, Castros, Millers,
Wallaces), including two pairs of different people with the same full name (Ron Johnson,
Michael Brown); and the same person under different surface forms: last name alone, middle
names and initials, suffixes, nicknames (Jake/Jacob, Ted/Edward, Ash/Ashton, Rudy/Rudolph,
Chuck/Charles, Joe/Joseph), quoted nicknames, misspellings and encodings. A few pairs of
organizations and unnamed sources check that those never cross kinds.

Labelling: every label was decided by reading both articles around the names, as an editor
would, never by running the matcher; the only scripted step checked that every name, title and
other name occurs verbatim in its article. Unnamed sources are labelled ``separate``: nothing
in two articles says that two "senior administration officials" are one person.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from onrecord.resolve._identity import Identity, Sighting, match
from onrecord.resolve._names import normalized_name
from onrecord.results import SpeakerKind


@dataclass(frozen=True)
class Pair:
    merge: bool
    a: Sighting
    b: Sighting
    note: str


@dataclass(frozen=True)
class Score:
    true_positives: int
    false_positives: int
    false_negatives: int
    true_negatives: int
    errors: tuple[Pair, ...]

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0


def read_pairs(path: Path) -> list[Pair]:
    """The labelled pairs of a fixture file."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [
        Pair(
            merge=_label(row["label"]),
            a=_sighting(row, "a"),
            b=_sighting(row, "b"),
            note=row["note"],
        )
        for row in rows
    ]


def evaluate(pairs: Sequence[Pair]) -> Score:
    """Side B of each pair matched against an identity made of side A alone."""
    counts = {(True, True): 0, (True, False): 0, (False, True): 0, (False, False): 0}
    errors = []
    for pair in pairs:
        known = Identity.new("a", pair.a)
        candidates = [known] if known.last_name == normalized_name(pair.b.name)[1] else []
        merged = match(pair.b, candidates) is known
        counts[merged, pair.merge] += 1
        if merged != pair.merge:
            errors.append(pair)
    return Score(
        true_positives=counts[True, True],
        false_positives=counts[True, False],
        false_negatives=counts[False, True],
        true_negatives=counts[False, False],
        errors=tuple(errors),
    )


def _label(text: str) -> bool:
    if text not in ("merge", "separate"):
        raise ValueError(f"unknown label {text!r}")
    return text == "merge"


def _sighting(row: dict[str, str], side: str) -> Sighting:
    def values(column: str) -> list[str]:
        return [v for v in row[f"{side}_{column}"].split("; ") if v]

    return Sighting(
        kind=SpeakerKind(row["kind"]),
        name=row[f"{side}_name"],
        titles=tuple(values("titles")),
        outlet=row[f"{side}_outlet"],
        published=date.fromisoformat(row[f"{side}_date"]),
        cooccurring=frozenset(normalized_name(name)[1] for name in values("others")),
    )

"""The cue lexicon: which verb and noun lemmas introduce attributions.

The shipped list is derived from the PolNeAR train split by ``scripts/derive_cue_lexicon.py``:
a lemma is kept when statements extracted with it agree with the gold annotation often enough.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class CueLexicon:
    verbs: frozenset[str]
    nouns: frozenset[str]
    # Predicate adjectives of mental states: "worried about", "confident that".
    adjectives: frozenset[str] = frozenset()


@cache
def default_lexicon() -> CueLexicon:
    """The lexicon shipped in ``onrecord/data/cue_lexicon.json``."""
    raw = json.loads(resources.files("onrecord").joinpath("data/cue_lexicon.json").read_text())
    return CueLexicon(
        verbs=frozenset(raw["verbs"]),
        nouns=frozenset(raw["nouns"]),
        adjectives=frozenset(raw["adjectives"]),
    )

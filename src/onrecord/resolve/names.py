"""People's names as words: spelling folded so that variants meet, the first names and nicknames
shipped with onrecord, and the walks of life that title words place a person in.

Both the speakers of one article (:mod:`onrecord.resolve.speakers`) and the identities across
articles (:mod:`onrecord.resolve.identity`) read names through these.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from importlib import resources

from onrecord.vocabulary import ABBREVIATIONS, NICKNAMES, TITLE_STOPWORDS, WALKS_OF_LIFE


def first_name_gender(first_name: str) -> str | None:
    """ "m" or "f" for a first name of the list shipped in ``onrecord/data/first_names.json``."""
    return _first_name_genders().get(fold(first_name))


def is_first_name(word: str) -> bool:
    """Whether ``word`` is a first name or nickname of the lists shipped with onrecord."""
    return fold(word) in first_names()


@cache
def first_names() -> frozenset[str]:
    """The first names and nicknames shipped with onrecord, folded (see :func:`fold`)."""
    return frozenset(_first_name_genders()) | frozenset(nickname_groups())


@cache
def nickname_groups() -> dict[str, set[int]]:
    """Each folded first name or nickname, and the numbers of the groups of ``NICKNAMES`` that
    hold it: "ted" is in Edward's and Theodore's."""
    groups: dict[str, set[int]] = {}
    for number, names in enumerate(NICKNAMES):
        for name in names:
            groups.setdefault(fold(name), set()).add(number)
    return groups


@cache
def _first_name_genders() -> dict[str, str]:
    raw = json.loads(resources.files("onrecord").joinpath("data/first_names.json").read_text())
    return {fold(name): gender for gender in ("m", "f") for name in raw[gender]}


def walks_of_life(titles: Iterable[str]) -> set[str]:
    """The walks of life ("politics", "military", ...) that title words place a person in."""
    words = title_words(titles)
    return {walk for walk, markers in WALKS_OF_LIFE.items() if words & markers}


def title_words(titles: Iterable[str]) -> set[str]:
    """The words of ``titles`` that say something of who holds them, abbreviations spelled out:
    "Sen." and "the senator" both give {"senator"}."""
    words = set()
    for title in titles:
        for word in re.split(r"[^a-z]+", without_accents(title).lower()):
            word = ABBREVIATIONS.get(word, word)
            if len(word) > 1 and word not in TITLE_STOPWORDS:
                words.add(word)
    return words


def bare(word: str) -> str:
    """A word lower-cased without its punctuation: "Sen." -> "sen", "Jr.," -> "jr"."""
    return re.sub(r"[^a-z]", "", without_accents(word).lower())


def without_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def letters(word: str) -> str:
    """Only the letters, lower-cased and without accents: "O’Malley" -> "omalley"."""
    return "".join(c for c in without_accents(word).lower() if c.isalpha() and c.isascii())


def fold(word: str) -> str:
    """:func:`letters` with doubled letters single, so that spelling variants and mangled
    encodings meet: "Hilary" and "Hillary", "JuliÃ¡n" and "Julián"."""
    return re.sub(r"(.)\1+", r"\1", letters(word))

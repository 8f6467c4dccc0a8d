"""People's names as words: spelling folded so that variants meet, the first names and nicknames
shipped with onrecord, the walks of life that title words place a person in, and a person's name
taken apart into first name, initials, last name and suffix without titles or honorifics
(:func:`parse_name`, :func:`normalized_name`).

Both the speakers of one article (:mod:`onrecord.resolve._speakers`) and the identities across
articles (:mod:`onrecord.resolve._identity`) read names through these.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from onrecord._vocabulary import (
    ABBREVIATIONS,
    NAME_SUFFIXES,
    NICKNAMES,
    PARTICLES,
    TITLE_STOPWORDS,
    TITLE_WORDS,
    WALKS_OF_LIFE,
)

QUOTED = re.compile(r"[\"“”]([^\"“”]+)[\"“”]|''(.+?)''")


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


@dataclass(frozen=True, slots=True)
class ParsedName:
    """A person's name taken apart; the parts are lower-case letters (see :func:`letters`)."""

    display: str  # the name without titles, as written: 'Robert C. "Bobby" Scott'
    first: str
    initial: bool  # the first name is an initial: "J." of "J. Smith"
    nickname: str  # the quoted one: "bobby"
    middles: str  # initials of the middle names: "hw" for George H.W. Bush
    last: str
    suffix: str
    honorifics: frozenset[str]  # title words written in the name itself: {"mrs"}


def normalized_name(name: str) -> tuple[str, str]:
    """(first, last) of a name, lower-cased, without titles, honorifics, suffixes, accents or
    punctuation: "Gen. Mark Milley" -> ("mark", "milley"), "Milley" -> ("", "milley"),
    "the White House" -> ("white", "house")."""
    parsed = parse_name(name)
    return parsed.first, parsed.last


def parse_name(name: str) -> ParsedName:
    """``name`` taken apart: the run of capitalized words at its end, without titles, honorifics,
    a possessive or what follows the name ("(R-Wis.)", an age)."""
    nickname = ""
    quoted = QUOTED.search(name)
    if quoted:
        nickname = letters(quoted.group(1) or quoted.group(2) or "")
    words = [w for w in name.replace("’", "'").split() if w.strip(",")]
    # Nothing after the name counts: "(R-Wis.)", an age.
    while len(words) > 1 and (words[-1].startswith("(") or not letters(words[-1])):
        words.pop()
    words = _strip_possessive(words)
    if not words:
        return ParsedName("", "", False, nickname, "", "", "", frozenset())
    # The name is the run of capitalized words at the end: what comes before the last
    # lower-case word is a description ("the segregationist former governor George Wallace").
    start = len(words)
    while start > 0 and _name_word(words[start - 1], words[start:]):
        start -= 1
    run = words[start:] or words[-1:]
    suffix = ""
    while len(run) > 1 and bare(run[-1]) in NAME_SUFFIXES:
        suffix = suffix or bare(run[-1])
        run = run[:-1]
    honorifics = frozenset(bare(w) for w in run[:-1] if bare(w) in TITLE_WORDS)
    # Titles end where the name starts: after the last title word before the last name.
    body = run
    for i in range(len(run) - 2, -1, -1):
        if bare(run[i]) in TITLE_WORDS:
            body = run[i + 1 :]
            break
    body = _from_first_name(body)
    display = " ".join(body + ([words[-1]] if suffix and words[-1] not in body else []))
    parts = [w for w in body if not QUOTED.fullmatch(w) and not _particle(w)]
    parts = [w for w in parts if fold(w)] or body[-1:]
    first = letters(parts[0]) if len(parts) > 1 else ""
    initial = len(parts) > 1 and _initial(parts[0])
    middles = "".join(letters(w) if _initial(w) else fold(w)[:1] for w in parts[1:-1])
    last = letters(parts[-1])
    return ParsedName(display, first, initial, nickname, middles, last, suffix, honorifics)


def _name_word(word: str, after: Sequence[str]) -> bool:
    """Whether ``word`` belongs to the name that ``after`` ends: capitalized, an initial, a
    quoted nickname, or a particle ("de" in "Bill de Blasio") followed by more of the name."""
    letters = [c for c in word if c.isalpha()]
    if not letters:
        return False
    if _particle(word):
        return bool(after)
    return letters[0].isupper() or _quoted_part(word)


def _particle(word: str) -> bool:
    return word.islower() and word in PARTICLES


def _quoted_part(word: str) -> bool:
    return word[:1] in "\"“”'" or word[-1:] in "\"“”'"


def _from_first_name(words: list[str]) -> list[str]:
    """Drop leading words that are not a first name when a known first name follows: "Texas
    Ted Cruz", "Staff Mark Milley"."""
    names = first_names()
    if len(words) > 2 and fold(words[0]) not in names and not _initial(words[0]):
        for i in range(1, len(words) - 1):
            if fold(words[i]) in names:
                return words[i:]
    return words


def _strip_possessive(words: list[str]) -> list[str]:
    if not words:
        return words
    last = re.sub(r"'s?$", "", words[-1].rstrip(","))
    return [*words[:-1], last] if last else words[:-1]


def _initial(word: str) -> bool:
    """ "J.", "H.W.", "W": initials rather than a name."""
    return re.fullmatch(r"(?:[^\W\d_]\.)+|[^\W\d_]", word) is not None

"""One identity per speaker across a corpus: is the speaker of a new article someone known?

Pure logic, no storage. A store keeps :class:`Identity` records and, for each speaker of a new
article, builds a :class:`Sighting` with :func:`sighting_of`, fetches the identities of the same
kind whose ``last_name`` is ``normalized_name(sighting.name)[1]`` (names are taken apart by
:mod:`onrecord.resolve._names`), and asks :func:`match` which of them, if any, the speaker is;
then it either has that identity :meth:`~Identity.absorb` the sighting or starts a new one with
:meth:`Identity.new`.

Rules, in order:

* **Unnamed sources, groups and unknown speakers** never merge, with anything: two "senior
  officials" of two articles may or may not be the same person, and nothing tells.
* **Organizations** merge when their names are equal once lower-cased, without a leading
  "the" and punctuation: "the White House" is "White House".
* **A person's names** are compared as (first, middle, last, suffix), without titles or
  honorifics ("Chairman of the Joint Chiefs of Staff Mark Milley" is Mark Milley), case,
  accents, apostrophes or doubled letters ("Hilary" is "Hillary"). First names that differ
  never merge, except a nickname and its full form (Bill and William, Jake and Jacob, a quoted
  nickname: Robert C. "Bobby" Scott) or an initial and a name it abbreviates. Middle initials
  count only when both names give them ("George W." is not "George H.W."); a generational
  suffix on one name only is ignored ("Joseph R. Biden Jr." is "Joe Biden") unless a namesake
  speaks alongside, which is when the suffix tells two people apart (Donald Trump and Donald
  Trump Jr.). A first name, title or honorific of one gender never merges into the other
  ("Mrs. Clinton" is not Bill Clinton).
* **Full names** that are compatible merge; of several such candidates, the one with clearly
  the most evidence (below), else none. Equal names stay apart when the titles place the two in
  different walks of life (politics, business, the military, the media, the law, faith, youth)
  and they have little else in common: Sen. Ron Johnson is not the former head of Apple's
  retail stores.
* **A last name alone** ("Clinton", or "President Obama" in an article that never writes
  "Barack") merges only on evidence: shared titles, people speaking in both places, the same
  outlet, close dates. Some evidence is enough for a single candidate; more, and a clear lead
  over the next candidate, is needed when several share the name or when the candidate has a
  namesake speaking alongside it (Bill Clinton quoted next to Hillary). Otherwise the answer is
  None: a second "Clinton" identity is a smaller error than Bill merged into Hillary. The same
  holds for a full name whose only candidates are known by a last name alone.
* **A first name alone** ("Jake", with no honorific saying it is a last name) never merges.
* **A two-word surname** ("Kostro Miller", whose first word is no first name) is the person
  whose full name ends with it (Amanda A. Kostro Miller).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from onrecord._vocabulary import (
    GENDERED,
    SURNAME_HONORIFICS,
    TITLE_BREAKS,
)
from onrecord.resolve._names import (
    ParsedName,
    bare,
    first_name_gender,
    first_names,
    fold,
    letters,
    nickname_groups,
    normalized_name,
    parse_name,
    title_words,
    walks_of_life,
    without_accents,
)
from onrecord.results import Article, Speaker, SpeakerKind

# How much evidence a last name alone needs: some for the only candidate; more, and a lead
# over the runner-up, among several candidates or next to a namesake.
SUPPORT = 1.0
DECISIVE = 2.0
MARGIN = 1.0
# Sightings this many days apart or less count as close in time.
CLOSE_DAYS = 30


@dataclass(frozen=True, slots=True)
class Sighting:
    """One speaker of one article, as the cross-article matcher sees it.

    ``name`` is the speaker's canonical name within the article; ``cooccurring`` holds the
    lower-cased last names of the other people speaking in the same article.
    """

    kind: SpeakerKind
    name: str
    titles: tuple[str, ...] = ()
    outlet: str | None = None
    published: date | None = None
    cooccurring: frozenset[str] = frozenset()


@dataclass(slots=True)
class Identity:
    """Everything known so far about one speaker across articles.

    ``name`` is the fullest name seen, without titles; ``first_name`` and ``last_name`` are its
    normalized parts (see :func:`normalized_name`), the latter being what candidates are
    looked up by. ``titles`` are lower-cased, without end punctuation ("sen", "former
    secretary of state"); ``outlets`` and ``cooccurring`` count sightings.
    """

    key: int | str
    kind: SpeakerKind
    name: str = ""
    first_name: str = ""
    last_name: str = ""
    titles: set[str] = field(default_factory=set)
    outlets: Counter[str] = field(default_factory=Counter)
    first_seen: date | None = None
    last_seen: date | None = None
    cooccurring: Counter[str] = field(default_factory=Counter)
    sightings: int = 0

    @classmethod
    def new(cls, key: int | str, sighting: Sighting) -> Identity:
        """A new identity made of ``sighting`` alone."""
        identity = cls(key, sighting.kind)
        identity.absorb(sighting)
        return identity

    def absorb(self, sighting: Sighting) -> None:
        """Add what ``sighting`` tells about this speaker."""
        if sighting.kind is not self.kind:
            raise ValueError(f"a {sighting.kind} sighting cannot join a {self.kind} identity")
        parsed = parse_name(sighting.name)
        if self.kind is not SpeakerKind.PERSON:
            self.name = self.name or re.sub(r"^[Tt]he\s+", "", " ".join(sighting.name.split()))
            self.first_name, self.last_name = normalized_name(self.name)
        elif not self.name or _fullness(parsed) > _fullness(parse_name(self.name)):
            self.name = parsed.display
            self.first_name, self.last_name = normalized_name(parsed.display)
        self.titles.update(t for t in (_clean_title(t) for t in sighting.titles) if t)
        if self.kind is SpeakerKind.PERSON:
            self.titles.update(parsed.honorifics)
        if sighting.outlet:
            self.outlets[sighting.outlet] += 1
        if sighting.published is not None:
            self.first_seen = min(filter(None, (self.first_seen, sighting.published)))
            self.last_seen = max(filter(None, (self.last_seen, sighting.published)))
        self.cooccurring.update(sighting.cooccurring)
        self.sightings += 1


def sighting_of(speaker: Speaker, article: Article, others: Sequence[Speaker]) -> Sighting:
    """The sighting of ``speaker`` in ``article``, whose other speakers are ``others``.

    Besides the titles resolution found, the titles hold the honorifics written right before a
    mention ("Mrs." of "Mrs. Clinton"): they tell a last name and a gender.
    """
    titles = [t.text for t in speaker.titles]
    if speaker.kind is SpeakerKind.PERSON:
        titles += _honorifics_before(speaker, article.text)
    cooccurring = frozenset(
        last
        for other in others
        if other.kind is SpeakerKind.PERSON and other.id != speaker.id
        for last in [normalized_name(other.name)[1]]
        if last
    )
    return Sighting(
        kind=speaker.kind,
        name=speaker.name,
        titles=tuple(dict.fromkeys(titles)),
        outlet=article.outlet,
        published=article.published,
        cooccurring=cooccurring,
    )


def match(sighting: Sighting, candidates: Sequence[Identity]) -> Identity | None:
    """The identity among ``candidates`` that ``sighting`` is, or None for a new one.

    ``candidates`` are the identities sharing the sighting's last name; see the module
    documentation for the rules.
    """
    if sighting.kind is SpeakerKind.ORGANIZATION:
        key = _organization_key(sighting.name)
        return next(
            (c for c in candidates if c.kind is sighting.kind and _organization_key(c.name) == key),
            None,
        )
    if sighting.kind is not SpeakerKind.PERSON:
        return None
    name = parse_name(sighting.name)
    if not name.last or _first_name_only(name, sighting.titles):
        return None
    gender = _gender(name, sighting.titles)
    known = [(c, parse_name(c.name)) for c in candidates if c.kind is SpeakerKind.PERSON]
    fitting = [(c, p) for c, p in known if _compatible(name, gender, sighting.cooccurring, c, p)]
    compatible = [c for c, _ in fitting]
    full = [c for c, parsed in fitting if parsed.first]
    if name.first and full:
        if len(full) > 1:
            return _best(sighting, full, needed=0.0)
        return None if _other_walk_of_life(sighting, full[0]) else full[0]
    if len(compatible) == 1 and not _namesake(name.last, sighting.cooccurring, compatible[0]):
        return _best(sighting, compatible, needed=SUPPORT)
    return _best(sighting, compatible, needed=DECISIVE)


def _compatible(
    name: ParsedName,
    gender: str | None,
    cooccurring: frozenset[str],
    other: Identity,
    known: ParsedName,
) -> bool:
    """Whether ``name`` and the identity ``other`` (named ``known``) can be one person."""
    if known.last != name.last or _first_name_only(known, other.titles):
        return False
    if _compound_surname(name, known) or _compound_surname(known, name):
        return True
    if name.first and known.first and not _same_first_name(name, known):
        return False
    if name.middles and known.middles and name.middles != known.middles:
        return False
    if name.suffix != known.suffix and (
        (name.suffix and known.suffix) or _namesake(name.last, cooccurring, other)
    ):
        return False
    other_gender = _gender(known, other.titles)
    return gender is None or other_gender is None or gender == other_gender


def _compound_surname(short: ParsedName, full: ParsedName) -> bool:
    """ "Kostro Miller" is the two-word surname of Amanda A. Kostro Miller, not someone whose
    first name is Kostro: its first word is no first name, and the full name has it too."""
    words = full.display.split()
    return (
        bool(short.first)
        and len(short.display.split()) == 2
        and len(words) >= 3
        and fold(short.first) not in first_names()
        and letters(words[-2]) == short.first
    )


def _namesake(last: str, cooccurring: Iterable[str], identity: Identity) -> bool:
    """Whether someone of the same last name speaks next to the sighting or the identity."""
    return last in cooccurring or identity.cooccurring[last] > 0


def _best(sighting: Sighting, candidates: Sequence[Identity], needed: float) -> Identity | None:
    """The candidate with the most evidence, if it has ``needed`` and leads the others."""
    if not candidates:
        return None
    scored = sorted(((_evidence(sighting, c), i) for i, c in enumerate(candidates)), reverse=True)
    best, index = scored[0]
    if best < needed or (len(scored) > 1 and best - scored[1][0] < MARGIN):
        return None
    return candidates[index]


def _evidence(sighting: Sighting, identity: Identity) -> float:
    """How much ``sighting`` and ``identity`` have in common besides the name."""
    titles = title_words(sighting.titles) & title_words(identity.titles)
    own = parse_name(sighting.name).last
    shared = {n for n in sighting.cooccurring if n != own and identity.cooccurring[n] > 0}
    score = 2.0 * min(len(titles), 2) + min(len(shared), 3)
    if sighting.outlet and identity.outlets[sighting.outlet] > 0:
        score += 0.5
    if sighting.published and identity.first_seen and identity.last_seen:
        before = (identity.first_seen - sighting.published).days
        after = (sighting.published - identity.last_seen).days
        if max(before, after, 0) <= CLOSE_DAYS:
            score += 0.5
    return score


def _first_name_only(name: ParsedName, titles: Iterable[str]) -> bool:
    """A lone known first name with no honorific before it: "Jake", not "Mr. Jake"."""
    if name.first or fold(name.last) not in first_names() or name.honorifics:
        return False
    return not any(
        (words := _clean_title(t).split()) and bare(words[-1]) in SURNAME_HONORIFICS for t in titles
    )


def _same_first_name(one: ParsedName, other: ParsedName) -> bool:
    if one.initial or other.initial:
        return one.first[:1] == other.first[:1]
    groups = nickname_groups()
    firsts = {fold(one.first), fold(one.nickname)} - {""}
    others = {fold(other.first), fold(other.nickname)} - {""}
    return any(
        a == b or bool(groups.get(a, set()) & groups.get(b, set())) for a in firsts for b in others
    )


def _gender(name: ParsedName, titles: Iterable[str]) -> str | None:
    """ "m" or "f" when the first name, an honorific or a family title says; None if unknown
    or contradictory."""
    found = {first_name_gender(name.first)} | {GENDERED.get(h) for h in name.honorifics}
    for title in titles:
        for word in _clean_title(title).split():
            if word in TITLE_BREAKS:
                break
            found.add(GENDERED.get(bare(word)))
    found.discard(None)
    return found.pop() if len(found) == 1 else None


def _other_walk_of_life(sighting: Sighting, identity: Identity) -> bool:
    """Namesakes told apart by their roles: described in different walks of life (a senator,
    a retail executive) with nothing else in common (no co-speaker, outlet or time)."""
    own, known = walks_of_life(sighting.titles), walks_of_life(identity.titles)
    return bool(own and known and not own & known) and _evidence(sighting, identity) < DECISIVE


def _honorifics_before(speaker: Speaker, text: str) -> list[str]:
    """Title words written right before a mention, or at its start: "Mr." in "Mr. Obama"."""
    found = []
    last = normalized_name(speaker.name)[1]
    for mention in speaker.mentions:
        if last not in letters(mention.text):
            continue  # a pronoun or a title alone
        before = text[max(0, mention.start - 20) : mention.start].split()
        first = mention.text.split()[:1]
        for word in [*before[-1:], *(first if len(mention.text.split()) > 1 else [])]:
            if bare(word) in SURNAME_HONORIFICS and word[:1].isupper():
                found.append(word)
    return found


def _organization_key(name: str) -> str:
    words = re.sub(r"[^\w\s]", "", without_accents(name).lower()).split()
    return " ".join(words[1:] if words[:1] == ["the"] else words)


def _fullness(name: ParsedName) -> tuple[bool, int, int]:
    return bool(name.first), len(name.display.split()), len(name.display)


def _clean_title(title: str) -> str:
    return " ".join(title.lower().split()).strip(" .,;:")

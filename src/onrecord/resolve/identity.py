"""One identity per speaker across a corpus: is the speaker of a new article someone known?

Pure logic, no storage. A store keeps :class:`Identity` records and, for each speaker of a new
article, builds a :class:`Sighting` with :func:`sighting_of`, fetches the identities of the same
kind whose ``last_name`` is ``normalized_name(sighting.name)[1]``, and asks :func:`match` which
of them, if any, the speaker is; then it either has that identity :meth:`~Identity.absorb` the
sighting or starts a new one with :meth:`Identity.new`.

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

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources

from onrecord.results import Article, Speaker, SpeakerKind

# Words that name an office or a courtesy, written before a name but not part of it.
TITLE_WORDS = frozenset(
    {
        "mr", "mrs", "ms", "miss", "mx", "dr", "sen", "sens", "senator", "rep", "reps",
        "representative", "gov", "govs", "governor", "lt", "col", "gen", "general", "adm",
        "admiral", "sgt", "capt", "cmdr", "maj", "rev", "reverend", "fr", "father", "pastor",
        "bishop", "rabbi", "imam", "prof", "professor", "president", "pres", "vice", "secretary",
        "speaker", "chairman", "chairwoman", "chair", "chairperson", "leader", "majority",
        "minority", "whip", "justice", "judge", "chief", "attorney", "mayor", "minister", "prime",
        "director", "ambassador", "commissioner", "deputy", "former", "first", "lady", "state",
        "house", "senate", "defense", "staff", "joint", "chiefs", "homeland", "security",
        "press", "congressman", "congresswoman", "chancellor", "premier", "spokesman",
        "spokeswoman", "spokesperson", "councilman", "councilwoman", "treasurer", "comptroller",
        "commander", "superintendent",
    }
)  # fmt: skip
COURTESY = frozenset({"mr", "mrs", "ms", "miss", "mx"})
# Honorifics whose presence before a one-word name makes that word a last name.
SURNAME_HONORIFICS = TITLE_WORDS - {"former", "first", "state", "house", "senate", "staff"}
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
# Lower-case words inside names ("Bill de Blasio"); they add nothing to telling people apart.
PARTICLES = frozenset(
    {"de", "da", "di", "du", "del", "della", "van", "von", "der", "den", "la", "le", "bin", "ibn"}
    | {"al", "el"}
)
# Titles and family words that tell a person's gender ("his wife", "Mrs.", "the congressman").
GENDERED = {
    "mr": "m", "mrs": "f", "ms": "f", "miss": "f", "congressman": "m", "congresswoman": "f",
    "chairman": "m", "chairwoman": "f", "spokesman": "m", "spokeswoman": "f", "king": "m",
    "queen": "f", "lady": "f", "wife": "f", "husband": "m", "widow": "f", "widower": "m",
    "daughter": "f", "son": "m", "mother": "f", "father": "m", "sister": "f", "brother": "m",
    "businessman": "m", "businesswoman": "f", "councilman": "m", "councilwoman": "f",
}  # fmt: skip
# Words that introduce someone else in a title ("the mother of Sean Smith", "aide to the first
# lady"): only the words before them describe the titled person.
TITLE_BREAKS = frozenset({"of", "to", "for", "at", "in", "with", "under", "from"})
ABBREVIATIONS = {
    "sen": "senator", "sens": "senator", "rep": "representative", "reps": "representative",
    "gov": "governor", "govs": "governor", "gen": "general", "pres": "president",
    "sec": "secretary", "lt": "lieutenant", "col": "colonel", "adm": "admiral", "atty": "attorney",
    "rev": "reverend", "prof": "professor", "congressman": "representative",
    "congresswoman": "representative", "dr": "doctor",
}  # fmt: skip
# Words of titles that say nothing about who holds them.
TITLE_STOPWORDS = COURTESY | TITLE_BREAKS | {
    "the", "a", "an", "and", "or", "by", "on", "his", "her", "their", "its", "who", "then",
    "now", "current", "late", "retired", "also", "another", "one", "ex",
}  # fmt: skip
NICKNAMES = (
    ("william", "bill", "billy", "will", "willie", "willy"),
    ("robert", "bob", "bobby", "rob", "robbie", "bert"),
    ("joseph", "joe", "joey"),
    ("michael", "mike", "mikey", "mick"),
    ("james", "jim", "jimmy", "jamie"),
    ("thomas", "tom", "tommy"),
    ("richard", "dick", "rick", "ricky", "rich", "richie"),
    ("edward", "ed", "eddie", "ted", "teddy", "ned"),
    ("theodore", "ted", "teddy", "theo"),
    ("charles", "chuck", "charlie"),
    ("daniel", "dan", "danny"),
    ("david", "dave", "davey"),
    ("stephen", "steven", "steve", "stevie"),
    ("christopher", "chris"),
    ("christine", "christina", "chris", "tina"),
    ("anthony", "tony"),
    ("andrew", "andy", "drew"),
    ("lawrence", "laurence", "larry"),
    ("gerald", "jerry", "gerry"),
    ("jerome", "jerry"),
    ("patrick", "pat", "paddy"),
    ("patricia", "pat", "patty", "trish"),
    ("elizabeth", "liz", "beth", "betsy", "betty", "libby"),
    ("katherine", "catherine", "kathleen", "kate", "kathy", "cathy", "katie"),
    ("samuel", "sam", "sammy"),
    ("samantha", "sam"),
    ("benjamin", "ben", "benny"),
    ("alexander", "alex"),
    ("alexandra", "alex"),
    ("albert", "al", "bert"),
    ("alan", "allen", "al"),
    ("matthew", "matt"),
    ("nicholas", "nick", "nicky"),
    ("donald", "don", "donnie"),
    ("ronald", "ron", "ronnie"),
    ("kenneth", "ken", "kenny"),
    ("gregory", "greg"),
    ("jeffrey", "geoffrey", "jeff", "geoff"),
    ("jonathan", "jon"),
    ("john", "jack", "johnny"),
    ("jacob", "jake"),
    ("newton", "newt"),
    ("rudolph", "rudolf", "rudy"),
    ("ashton", "ash"),
    ("frederick", "fred", "freddie"),
    ("henry", "hank", "harry"),
    ("harold", "harry", "hal"),
    ("peter", "pete"),
    ("philip", "phil"),
    ("raymond", "ray"),
    ("timothy", "tim", "timmy"),
    ("walter", "walt"),
    ("douglas", "doug"),
    ("leonard", "len", "lenny"),
    ("francis", "frank", "frankie"),
    ("joshua", "josh"),
    ("zachary", "zach"),
    ("susan", "sue", "susie"),
    ("deborah", "debra", "debbie", "deb"),
    ("margaret", "maggie", "peggy", "meg"),
    ("jennifer", "jen", "jenny"),
    ("rebecca", "becky"),
    ("victoria", "vicky", "tori"),
    ("abigail", "abby"),
    ("cynthia", "cindy"),
    ("judith", "judy"),
)
# How much evidence a last name alone needs: some for the only candidate; more, and a lead
# over the runner-up, among several candidates or next to a namesake.
# Title words that place a person in one walk of life; a person may have several.
WALKS_OF_LIFE = {
    "politics": frozenset(
        {"senator", "sen", "representative", "rep", "congressman", "congresswoman", "governor",
         "gov", "president", "mayor", "secretary", "candidate", "nominee", "superdelegate",
         "delegate", "lawmaker", "minister", "ambassador", "wis", "speaker", "councilman"}
    ),
    "business": frozenset(
        {"executive", "ceo", "founder", "investor", "billionaire", "industrialist",
         "businessman", "businesswoman", "retail", "stores", "company", "mogul"}
    ),
    "military": frozenset({"general", "gen", "admiral", "colonel", "sergeant", "army"}),
    "media": frozenset({"host", "anchor", "reporter", "columnist", "editor", "correspondent"}),
    "law": frozenset({"judge", "justice", "prosecutor", "lawyer"}),
    "faith": frozenset({"pastor", "rabbi", "bishop", "reverend", "imam"}),
    "youth": frozenset({"teenager", "teen", "student", "boy", "girl"}),
}  # fmt: skip
SUPPORT = 1.0
DECISIVE = 2.0
MARGIN = 1.0
# Sightings this many days apart or less count as close in time.
CLOSE_DAYS = 30
QUOTED = re.compile(r"[\"“”]([^\"“”]+)[\"“”]|''(.+?)''")


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
        parsed = _parse(sighting.name)
        if self.kind is not SpeakerKind.PERSON:
            self.name = self.name or re.sub(r"^[Tt]he\s+", "", " ".join(sighting.name.split()))
            self.first_name, self.last_name = normalized_name(self.name)
        elif not self.name or _fullness(parsed) > _fullness(_parse(self.name)):
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


@dataclass(frozen=True, slots=True)
class _Name:
    """A person's name taken apart; the parts are lower-case letters (see :func:`_letters`)."""

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
    parsed = _parse(name)
    return parsed.first, parsed.last


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
    name = _parse(sighting.name)
    if not name.last or _first_name_only(name, sighting.titles):
        return None
    gender = _gender(name, sighting.titles)
    known = [(c, _parse(c.name)) for c in candidates if c.kind is SpeakerKind.PERSON]
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
    name: _Name, gender: str | None, cooccurring: frozenset[str], other: Identity, known: _Name
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


def _compound_surname(short: _Name, full: _Name) -> bool:
    """ "Kostro Miller" is the two-word surname of Amanda A. Kostro Miller, not someone whose
    first name is Kostro: its first word is no first name, and the full name has it too."""
    words = full.display.split()
    return (
        bool(short.first)
        and len(short.display.split()) == 2
        and len(words) >= 3
        and _fold(short.first) not in _first_names()
        and _letters(words[-2]) == short.first
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
    titles = _title_words(sighting.titles) & _title_words(identity.titles)
    own = _parse(sighting.name).last
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


def _parse(name: str) -> _Name:
    nickname = ""
    quoted = QUOTED.search(name)
    if quoted:
        nickname = _letters(quoted.group(1) or quoted.group(2) or "")
    words = [w for w in name.replace("’", "'").split() if w.strip(",")]
    # Nothing after the name counts: "(R-Wis.)", an age.
    while len(words) > 1 and (words[-1].startswith("(") or not _letters(words[-1])):
        words.pop()
    words = _strip_possessive(words)
    if not words:
        return _Name("", "", False, nickname, "", "", "", frozenset())
    # The name is the run of capitalized words at the end: what comes before the last
    # lower-case word is a description ("the segregationist former governor George Wallace").
    start = len(words)
    while start > 0 and _name_word(words[start - 1], words[start:]):
        start -= 1
    run = words[start:] or words[-1:]
    suffix = ""
    while len(run) > 1 and _bare(run[-1]) in SUFFIXES:
        suffix = suffix or _bare(run[-1])
        run = run[:-1]
    honorifics = frozenset(_bare(w) for w in run[:-1] if _bare(w) in TITLE_WORDS)
    # Titles end where the name starts: after the last title word before the last name.
    body = run
    for i in range(len(run) - 2, -1, -1):
        if _bare(run[i]) in TITLE_WORDS:
            body = run[i + 1 :]
            break
    body = _from_first_name(body)
    display = " ".join(body + ([words[-1]] if suffix and words[-1] not in body else []))
    parts = [w for w in body if not QUOTED.fullmatch(w) and not _particle(w)]
    parts = [w for w in parts if _fold(w)] or body[-1:]
    first = _letters(parts[0]) if len(parts) > 1 else ""
    initial = len(parts) > 1 and _initial(parts[0])
    middles = "".join(_letters(w) if _initial(w) else _fold(w)[:1] for w in parts[1:-1])
    last = _letters(parts[-1])
    return _Name(display, first, initial, nickname, middles, last, suffix, honorifics)


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
    names = _first_names()
    if len(words) > 2 and _fold(words[0]) not in names and not _initial(words[0]):
        for i in range(1, len(words) - 1):
            if _fold(words[i]) in names:
                return words[i:]
    return words


def _strip_possessive(words: list[str]) -> list[str]:
    if not words:
        return words
    last = re.sub(r"'s?$", "", words[-1].rstrip(","))
    return [*words[:-1], last] if last else words[:-1]


def _first_name_only(name: _Name, titles: Iterable[str]) -> bool:
    """A lone known first name with no honorific before it: "Jake", not "Mr. Jake"."""
    if name.first or _fold(name.last) not in _first_names() or name.honorifics:
        return False
    return not any(
        (words := _clean_title(t).split()) and _bare(words[-1]) in SURNAME_HONORIFICS
        for t in titles
    )


def _same_first_name(one: _Name, other: _Name) -> bool:
    if one.initial or other.initial:
        return one.first[:1] == other.first[:1]
    groups = _nickname_groups()
    firsts = {_fold(one.first), _fold(one.nickname)} - {""}
    others = {_fold(other.first), _fold(other.nickname)} - {""}
    return any(
        a == b or bool(groups.get(a, set()) & groups.get(b, set())) for a in firsts for b in others
    )


def _initial(word: str) -> bool:
    """ "J.", "H.W.", "W": initials rather than a name."""
    return re.fullmatch(r"(?:[^\W\d_]\.)+|[^\W\d_]", word) is not None


def _gender(name: _Name, titles: Iterable[str]) -> str | None:
    """ "m" or "f" when the first name, an honorific or a family title says; None if unknown
    or contradictory."""
    found = {first_name_gender(name.first)} | {GENDERED.get(h) for h in name.honorifics}
    for title in titles:
        for word in _clean_title(title).split():
            if word in TITLE_BREAKS:
                break
            found.add(GENDERED.get(_bare(word)))
    found.discard(None)
    return found.pop() if len(found) == 1 else None


def _other_walk_of_life(sighting: Sighting, identity: Identity) -> bool:
    """Namesakes told apart by their roles: described in different walks of life (a senator,
    a retail executive) with nothing else in common (no co-speaker, outlet or time)."""
    own, known = walks_of_life(sighting.titles), walks_of_life(identity.titles)
    return bool(own and known and not own & known) and _evidence(sighting, identity) < DECISIVE


def walks_of_life(titles: Iterable[str]) -> set[str]:
    """The walks of life ("politics", "military", ...) that title words place a person in."""
    words = _title_words(titles)
    return {walk for walk, markers in WALKS_OF_LIFE.items() if words & markers}


def _title_words(titles: Iterable[str]) -> set[str]:
    words = set()
    for title in titles:
        for word in re.split(r"[^a-z]+", _ascii(title).lower()):
            word = ABBREVIATIONS.get(word, word)
            if len(word) > 1 and word not in TITLE_STOPWORDS:
                words.add(word)
    return words


def _honorifics_before(speaker: Speaker, text: str) -> list[str]:
    """Title words written right before a mention, or at its start: "Mr." in "Mr. Obama"."""
    found = []
    last = normalized_name(speaker.name)[1]
    for mention in speaker.mentions:
        if last not in _letters(mention.text):
            continue  # a pronoun or a title alone
        before = text[max(0, mention.start - 20) : mention.start].split()
        first = mention.text.split()[:1]
        for word in [*before[-1:], *(first if len(mention.text.split()) > 1 else [])]:
            if _bare(word) in SURNAME_HONORIFICS and word[:1].isupper():
                found.append(word)
    return found


def _organization_key(name: str) -> str:
    words = re.sub(r"[^\w\s]", "", _ascii(name).lower()).split()
    return " ".join(words[1:] if words[:1] == ["the"] else words)


def _fullness(name: _Name) -> tuple[bool, int, int]:
    return bool(name.first), len(name.display.split()), len(name.display)


def _clean_title(title: str) -> str:
    return " ".join(title.lower().split()).strip(" .,;:")


def _bare(word: str) -> str:
    """A word lower-cased without its punctuation: "Sen." -> "sen", "Jr.," -> "jr"."""
    return re.sub(r"[^a-z]", "", _ascii(word).lower())


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _letters(word: str) -> str:
    """Only the letters, lower-cased and without accents: "O’Malley" -> "omalley"."""
    return "".join(c for c in _ascii(word).lower() if c.isalpha() and c.isascii())


def _fold(word: str) -> str:
    """:func:`_letters` with doubled letters single, so that spelling variants and mangled
    encodings meet: "Hilary" and "Hillary", "JuliÃ¡n" and "Julián"."""
    return re.sub(r"(.)\1+", r"\1", _letters(word))


@cache
def _nickname_groups() -> dict[str, set[int]]:
    groups: dict[str, set[int]] = {}
    for number, names in enumerate(NICKNAMES):
        for name in names:
            groups.setdefault(_fold(name), set()).add(number)
    return groups


def first_name_gender(first_name: str) -> str | None:
    """ "m" or "f" for a first name of the list shipped in ``onrecord/data/first_names.json``."""
    return _first_name_genders().get(_fold(first_name))


@cache
def _first_name_genders() -> dict[str, str]:
    raw = json.loads(resources.files("onrecord").joinpath("data/first_names.json").read_text())
    return {_fold(name): gender for gender in ("m", "f") for name in raw[gender]}


def is_first_name(word: str) -> bool:
    """Whether ``word`` is a first name or nickname of the lists shipped with onrecord."""
    return _fold(word) in _first_names()


@cache
def _first_names() -> frozenset[str]:
    return frozenset(_first_name_genders()) | frozenset(_nickname_groups())

"""Who stands behind each source mention: speaker resolution within one article.

No coreference model can be downloaded here, so resolution is rules over the parse and the named
entities, in three steps:

1. **People named in the article.** Every PERSON entity of two or more words gives a full name
   ("Mark Milley"); a one-word name ("Milley", or "Jake" for Jake Sullivan) then joins the full
   name whose last or first word it is. The small model mislabels names now and then ("Milley"
   as a place), so once a name is known every proper noun spelling it counts as a mention.
   A name starts after the titles written before it ("Supervisor Alfredo Pedroza", "Supt
   Peters"), a hyphen joins its parts ("Raquel Montoya-Lewis", "Mustafa Al-Kahlot"), and a
   name that ends a longer one ("Abu Hatab", "Kostro Miller") is that person. A lone word that
   joins no name is nobody when it modifies a common noun ("the Copperfield location") or is
   a common noun capitalized at the start of a sentence ("Turnout in New York ...").
   Titles are read off the noun phrase around each mention: the words before the name
   ("Chairman of the Joint Chiefs of Staff Mark Milley") and appositions after it ("Bill
   Taylor, former US ambassador to Ukraine and vice president ..."). A title is an office or
   a role, given once: "Gov." is "Governor", which "BVI Governor" says already, and epithets
   ("billionaire", "a candidate with one overriding message") are none.
2. **Each source mention** resolves, in this order, to: the person it names; for a relative
   pronoun ("who"), its antecedent; for a personal pronoun, the nearest preceding person who
   was a speaker or a grammatical subject (a plural pronoun: the nearest plural speaker); for
   "I" or "we" inside a quote, the speaker of the quote; for a title alone ("the general"), the
   nearest person carrying that title; an unnamed source (see :mod:`onrecord.resolve._anonymous`),
   joined with an earlier one when the mention is anaphoric ("the sources"); an organization; a
   group ("Republicans", "military personnel"); else an unknown speaker.
3. **Speaker records** gather the mentions of each speaker, its titles and affiliation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token
from spacy.tokens import Span as TokenSpan

from onrecord._vocabulary import (
    EPITHET_PREPOSITIONS,
    EPITHETS,
    FIRST_PERSON,
    GROUP_HEADS,
    HONORIFIC_GENDER,
    NAME_SUFFIXES,
    NAME_TITLES,
    ORGANIZATION_NOUNS,
    PLURAL_PRONOUNS,
    PRONOUN_GENDER,
    RELATIVE_PRONOUNS,
    TITLE_ABBREVIATIONS,
    TITLE_GENDER,
    TITLE_NOUNS,
    TITLE_SPELLED_OUT,
    TITLE_WORDS,
)
from onrecord.offsets import Segment
from onrecord.resolve._anonymous import profile
from onrecord.resolve._names import first_name_gender, is_first_name, walks_of_life
from onrecord.results import AnonymousProfile, Attribution, Span, Speaker, SpeakerKind

# How far back (in tokens) a pronoun looks for its antecedent.
PRONOUN_WINDOW = 400


@dataclass
class _Entry:
    """A speaker while it is being assembled."""

    kind: SpeakerKind
    name: str
    mentions: list[Segment] = field(default_factory=list)
    titles: list[Segment] = field(default_factory=list)
    affiliation: Segment | None = None
    anonymous: AnonymousProfile | None = None
    first_name: str = ""  # lower-cased
    last_name: str = ""  # lower-cased
    gender: str | None = None  # "m" or "f" when a first name, honorific or title tells


@dataclass
class _People:
    """The people named in an article and where each name occurs."""

    entries: list[_Entry]
    # token index of every name mention -> the entry it names
    at_token: dict[int, _Entry]


@dataclass(frozen=True, slots=True)
class Resolution:
    """The speakers of an article and, per attribution, the ids of its speakers.

    ``relayed`` is the speaker whose words a source passes on ("Sullivan quoted Biden as
    saying ..."), where there is one.
    """

    speakers: tuple[Speaker, ...]
    sources: list[str | None]
    relayed: list[str | None]


def resolve_speakers(
    doc: Doc,
    attributions: Sequence[Attribution],
    relayed: Sequence[Span | None] | None = None,
) -> Resolution:
    """Resolve each attribution's source mention, and each ``relayed`` mention, to a speaker."""
    resolver = _Resolver(doc, attributions)
    relayed_entries: list[_Entry | None] = []
    for index, attribution in enumerate(attributions):
        source = resolver.resolve_span(attribution.source)
        relayed_entries.append(resolver.resolve_span(relayed[index] if relayed else None))
        resolver.assigned.append(source)
        if source is not None:
            resolver.by_attribution[attribution.id] = source
    used = {id(e) for e in [*resolver.assigned, *relayed_entries] if e is not None}
    ordered = sorted(
        (entry for entry in [*resolver.people.entries, *resolver.others] if id(entry) in used),
        key=lambda entry: min(entry.mentions),
    )
    ids = {id(entry): f"s{number}" for number, entry in enumerate(ordered, start=1)}
    return Resolution(
        speakers=tuple(_freeze(ids[id(entry)], entry, resolver.text) for entry in ordered),
        sources=[ids[id(entry)] if entry is not None else None for entry in resolver.assigned],
        relayed=[ids[id(entry)] if entry is not None else None for entry in relayed_entries],
    )


class _Resolver:
    """The state of one article's resolution: who is known, and who said what so far."""

    def __init__(self, doc: Doc, attributions: Sequence[Attribution]) -> None:
        self.doc = doc
        self.text = doc.text
        self.people = _find_people(doc, self.text)
        self.attributions = attributions
        self.others: list[_Entry] = []  # organizations, groups, unnamed and unknown speakers
        self.assigned: list[_Entry | None] = []  # the speakers of the attributions resolved
        self.by_attribution: dict[str, _Entry] = {}

    def resolve_span(self, span: Span | None) -> _Entry | None:
        if span is None:
            return None
        mention = self.doc.char_span(span.start, span.end, alignment_mode="expand")
        if mention is None or not len(mention):
            return None
        entry = self.resolve(mention)
        if entry is not None:
            _add_mention(entry, Segment((span.start, span.end)))
        return entry

    def resolve(self, mention: TokenSpan) -> _Entry | None:
        head = mention.root
        lower = head.lower_
        named = self._named(head)
        if named is not None:
            return named
        if lower in RELATIVE_PRONOUNS and head.head.dep_ == "relcl":
            antecedent = head.head.head
            span = head.doc[antecedent.left_edge.i : head.head.left_edge.i]
            if len(span):
                return self.resolve(span)
        if head.pos_ == "PRON" and lower in FIRST_PERSON:
            quoting = _quoting_attribution(mention, self.attributions)
            return self.by_attribution.get(quoting.id) if quoting is not None else None
        if head.pos_ == "PRON" and lower in PRONOUN_GENDER:
            return self._antecedent_person(head, PRONOUN_GENDER[lower])
        if head.pos_ == "PRON" and lower in PLURAL_PRONOUNS:
            return self._antecedent_plural(head)
        anonymous = profile(mention)
        if anonymous is not None:
            return self._anonymous_entry(mention, anonymous)
        lemma = head.lemma_.lower()
        # "the general", and "The Prime Minister" written as a name.
        if lemma in TITLE_NOUNS and (
            head.tag_ == "NN" or (head.tag_ == "NNP" and mention[0].lower_ == "the")
        ):
            # "the general": the person last named with that title, else the last person in
            # view ("the Republican nominee" after a paragraph about Trump), else someone never
            # named.
            return (
                _titled_person(head, self.people, self.text)
                or self._antecedent_person(
                    head, TITLE_GENDER.get(lemma), walks_of_life([mention.text])
                )
                or self._shared_entry(mention, SpeakerKind.PERSON)
            )
        if lemma in ORGANIZATION_NOUNS or (
            head.ent_type_ in ("ORG", "GPE") and head.pos_ == "PROPN"
        ):
            return self._shared_entry(mention, SpeakerKind.ORGANIZATION)
        if head.tag_ in ("NNS", "NNPS") or head.ent_type_ == "NORP" or lower in GROUP_HEADS:
            return self._shared_entry(mention, SpeakerKind.GROUP)
        return self._shared_entry(mention, SpeakerKind.UNKNOWN)

    def _named(self, head: Token) -> _Entry | None:
        """ "Sullivan", or "Chairman of the Joint Chiefs of Staff Mark Milley": a name in
        apposition to a title (but "the Biden administration" is not Biden)."""
        at_token = self.people.at_token
        if head.i in at_token:
            return at_token[head.i]
        if head.pos_ != "PROPN" and head.lemma_.lower() not in TITLE_NOUNS:
            return None
        return next(
            (
                at_token[child.i]
                for child in head.children
                if child.dep_ in ("appos", "compound", "flat") and child.i in at_token
            ),
            None,
        )

    def _antecedent_person(
        self, anaphor: Token, gender: str | None, walks: set[str] | None = None
    ) -> _Entry | None:
        """The nearest person before ``anaphor`` of a compatible gender, preferring speakers
        and grammatical subjects over other mentions.

        ``walks`` are the walks of life a title anaphor names ("the top US general": military);
        a person known by titles of other walks only ("President") is not meant.
        """
        speaker_starts = {
            a.source.start: entry
            for a, entry in zip(self.attributions, self.assigned, strict=False)
            if a.source is not None and entry is not None and entry.kind is SpeakerKind.PERSON
        }
        fallback = None
        for position in range(anaphor.i - 1, max(-1, anaphor.i - PRONOUN_WINDOW), -1):
            token = self.doc[position]
            entry = self.people.at_token.get(position) or speaker_starts.get(token.idx)
            if entry is None or (gender is not None and entry.gender not in (None, gender)):
                continue
            if walks and not self._may_be(entry, walks):
                continue
            is_subject = token.dep_ in ("nsubj", "nsubjpass") or (
                token.dep_ == "compound" and token.head.dep_ in ("nsubj", "nsubjpass")
            )
            if is_subject or token.idx in speaker_starts:
                return entry
            if fallback is None:
                fallback = entry
        return fallback

    def _may_be(self, entry: _Entry, walks: set[str]) -> bool:
        known = walks_of_life(self.text[start:end] for start, end in entry.titles)
        return not known or bool(known & walks)

    def _antecedent_plural(self, pronoun: Token) -> _Entry | None:
        """ "they said": the nearest earlier speaker that stands for several people."""
        resolved = zip(self.attributions, self.assigned, strict=False)
        for attribution, entry in reversed(list(resolved)):
            if entry is None or attribution.source is None:
                continue
            if attribution.source.start >= pronoun.idx:
                continue
            if entry.kind in (SpeakerKind.GROUP, SpeakerKind.ORGANIZATION) or (
                entry.anonymous is not None and entry.anonymous.plural
            ):
                return entry
        return None

    def _anonymous_entry(self, mention: TokenSpan, anonymous: AnonymousProfile) -> _Entry:
        """A new unnamed source, or an earlier one when the mention points back ("the sources")."""
        definite = mention[0].lower_ in ("the", "those", "these", "that", "this")
        if definite and anonymous.count is None:
            for entry in reversed(self.others):
                if (
                    entry.kind is SpeakerKind.ANONYMOUS
                    and entry.anonymous is not None
                    and entry.anonymous.plural == anonymous.plural
                ):
                    return entry
        entry = _Entry(SpeakerKind.ANONYMOUS, mention.text, anonymous=anonymous)
        self.others.append(entry)
        return entry

    def _shared_entry(self, mention: TokenSpan, kind: SpeakerKind) -> _Entry:
        """Organizations and groups are one speaker per spelling: "CNN" is always one CNN."""
        key = _normalized(mention.text)
        for entry in self.others:
            if entry.kind is kind and _normalized(entry.name) == key:
                return entry
        entry = _Entry(kind, mention.text)
        self.others.append(entry)
        return entry


def _find_people(doc: Doc, text: str) -> _People:
    full: dict[tuple[str, str], _Entry] = {}
    one_word_names: list[list[Token]] = []
    at_token: dict[int, _Entry] = {}
    for entity in doc.ents:
        words = _name_words(entity) if _may_name_person(entity) else []
        if words and len(_text_of(text, words).split()) >= 2:
            name = text[words[0].idx : words[-1].idx + len(words[-1])]
            first, last = _first_and_last(name)
            entry = full.get((first, last))
            if entry is None:
                entry = full[first, last] = _Entry(
                    SpeakerKind.PERSON, name, first_name=first, last_name=last
                )
            elif len(name) > len(entry.name):
                entry.name = name
            _note_name(entry, words, at_token, text)
        elif words and entity.label_ == "PERSON":
            one_word_names.append(words)
    entries = _merge_shorter_names(list(full.values()), at_token, text)
    unmatched: dict[str, _Entry] = {}
    for words in one_word_names:
        spelling = _text_of(text, words).casefold()
        entry = _person_named(spelling, words[0].i, entries, at_token)
        if entry is None and _names_no_one(words):
            continue
        if entry is None:
            entry = unmatched.setdefault(
                spelling, _Entry(SpeakerKind.PERSON, _text_of(text, words), last_name=spelling)
            )
        _note_name(entry, words, at_token, text)
    entries += unmatched.values()
    # The small model misses or mislabels some mentions of names it found elsewhere
    # ("Milley" as a place, "PENCE" in a transcript), so known names are matched as words too.
    spellings = {e.last_name for e in entries} | {e.first_name for e in entries if e.first_name}
    position = 0
    while position < len(doc):
        words = _hyphenated(doc, position)
        position = words[-1].i + 1
        spelling = _text_of(text, words).casefold()
        if words[0].i in at_token or spelling not in spellings or words[0].pos_ != "PROPN":
            continue
        entry = _person_named(spelling, words[0].i, entries, at_token)
        if entry is not None:
            _note_name(entry, words, at_token, text)
    for entry in entries:
        entry.mentions.sort()
        entry.gender = entry.gender or first_name_gender(entry.first_name)
    return _People(entries, at_token)


def _may_name_person(entity: TokenSpan) -> bool:
    """A PERSON entity, or one the small model took for an organization although it is a
    person's title and full name: "Superintendent Audley Peters"."""
    if entity.label_ == "PERSON":
        return True
    return (
        entity.label_ == "ORG"
        and len(entity) >= 3
        and _bare(entity[0]) in TITLE_WORDS
        and all(t.pos_ == "PROPN" and t.is_title for t in entity)
        and not any(t.lemma_.lower() in ORGANIZATION_NOUNS for t in entity)
    )


def _merge_shorter_names(
    entries: list[_Entry], at_token: dict[int, _Entry], text: str
) -> list[_Entry]:
    """A name that ends a longer name of the article is that person: "Abu Hatab" is Walid Abu
    Hatab, "Kostro Miller" is Amanda A. Kostro Miller. Not when it starts with a first name:
    "Hillary Clinton" is no part of "Crooked Hillary Clinton", a nickname the model took for a
    name."""
    merged: dict[int, _Entry] = {}
    for entry in entries:
        words = entry.name.casefold().split()
        if is_first_name(words[0]):
            continue
        longer = [
            other
            for other in entries
            if len(other.name.split()) > len(words)
            and other.name.casefold().split()[-len(words) :] == words
        ]
        if len(longer) == 1:
            merged[id(entry)] = longer[0]
    for entry in entries:
        target = merged.get(id(entry))
        if target is None:
            continue
        target.mentions.extend(m for m in entry.mentions if m not in target.mentions)
        for title in entry.titles:
            _add_title(target, title, text)
        target.affiliation = target.affiliation or entry.affiliation
        target.gender = target.gender or entry.gender
        for position, named in at_token.items():
            if named is entry:
                at_token[position] = target
    return [entry for entry in entries if id(entry) not in merged]


def _names_no_one(words: Sequence[Token]) -> bool:
    """A lone capitalized word the small model took for a person but that names no one: a
    place used as a modifier ("the Copperfield location"), or a common noun capitalized at the
    start of a sentence ("Turnout in New York ... is low")."""
    word = words[-1]
    if word.dep_ == "compound" and word.head.pos_ == "NOUN":
        return True
    if words[0].is_sent_start is not True or len(words) > 1 or is_first_name(word.text):
        return False
    modified = any(child.dep_ == "prep" for child in word.children)
    return modified or any(t.text == word.lower_ for t in word.doc)


def _person_named(
    spelling: str, position: int, entries: Sequence[_Entry], at_token: dict[int, _Entry]
) -> _Entry | None:
    """The person a one-word name stands for: by last name, else by first name ("Jake").

    Of several people sharing the name, the one mentioned most before ``position`` is meant: in
    an article about Donald Trump that also names Melania Trump, "Trump" is Donald.
    """
    candidates = [e for e in entries if e.last_name == spelling] or [
        e for e in entries if e.first_name == spelling
    ]
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    mentioned_before: dict[int, int] = {}
    for at, entry in at_token.items():
        if at < position:
            mentioned_before[id(entry)] = mentioned_before.get(id(entry), 0) + 1
    return max(candidates, key=lambda e: mentioned_before.get(id(e), 0))


def _looks_like_name(token: Token) -> bool:
    """A word of a PERSON entity that looks like a name, even if mistagged ("Sanders" as NNS)."""
    return token.pos_ == "PROPN" or (token.pos_ == "NOUN" and token.is_title)


def _first_and_last(name: str) -> tuple[str, str]:
    """Lower-cased first and last name, skipping suffixes: "Joseph R. Biden Jr."."""
    words = name.casefold().split()
    core = [w for w in words if w.rstrip(".,") not in NAME_SUFFIXES] or words
    return core[0], core[-1]


def _name_words(entity: TokenSpan) -> list[Token]:
    """The words of a person's name: no titles or honorifics before it ("Supervisor", "Dr."),
    no possessive, nothing after the name; a hyphen joins its parts ("Montoya-Lewis")."""
    words: list[Token] = []
    for token in entity:
        if not words and _bare(token) in NAME_TITLES:
            continue
        if _looks_like_name(token) or (words and _joins(token)):
            words.append(token)
        elif words and not (token.is_title and token.text.endswith(".")):
            break  # an initial ("R.") keeps the name going; anything else ends it
    while words and _joins(words[-1]):
        words.pop()
    return words


def _joins(token: Token) -> bool:
    """A hyphen written tight between two words: the "-" of "Waller-Bridge"."""
    doc = token.doc
    return (
        token.text in ("-", "‐")
        and token.i > 0
        and not doc[token.i - 1].whitespace_
        and not token.whitespace_
    )


def _hyphenated(doc: Doc, position: int) -> list[Token]:
    """The word at ``position`` with the words hyphenated to it: "Al", "-", "Kahlot"."""
    end = position + 1
    while end + 1 < len(doc) and _joins(doc[end]) and doc[end + 1].is_alpha:
        end += 2
    return list(doc[position:end])


def _text_of(text: str, words: Sequence[Token]) -> str:
    # ``text`` is the doc's: Doc.text joins every token anew, once per call.
    return text[words[0].idx : words[-1].idx + len(words[-1])]


def _bare(token: Token) -> str:
    return token.lower_.rstrip(".")


def _note_name(
    entry: _Entry, words: Sequence[Token], at_token: dict[int, _Entry], text: str
) -> None:
    for word in words:
        at_token[word.i] = entry
    before = words[0].doc[words[0].i - 1] if words[0].i else None
    if entry.gender is None and before is not None:
        entry.gender = HONORIFIC_GENDER.get(before.lower_) or TITLE_GENDER.get(before.lower_)
    _add_mention(entry, Segment((words[0].idx, words[-1].idx + len(words[-1]))))
    for title in _titles_around(words):
        _add_title(entry, title, text)
    if entry.affiliation is None:
        entry.affiliation = _affiliation(words[0].doc, entry.titles)


def _add_title(entry: _Entry, title: Segment, text: str) -> None:
    """Give ``entry`` a title once: "Gov." is Governor, and "Governor" says nothing that "BVI
    Governor" does not (the longer one stays, where the first of them was)."""
    words = _title_key(text[slice(*title)])
    for index, known in enumerate(entry.titles):
        known_words = _title_key(text[slice(*known)])
        if known_words[-len(words) :] == words:
            return
        if words[-len(known_words) :] == known_words:
            entry.titles[index] = title
            return
    entry.titles.append(title)


def _title_key(title: str) -> list[str]:
    words = [word.strip(".,").casefold() for word in title.split()]
    return [TITLE_SPELLED_OUT.get(word, word) for word in words if word]


def _titles_around(words: Sequence[Token]) -> list[Segment]:
    """Titles written with a name: before it in its noun phrase, or in appositions after it."""
    doc = words[0].doc
    head = words[-1]
    while head.head.i != head.i and head.dep_ in ("compound", "flat") and head.head.pos_ == "PROPN":
        head = head.head
    titles: list[Segment] = []
    before = [t for t in head.subtree if t.i < words[0].i]
    # "Redmond, Washington, Chief Executive Satya Nadella": the title starts after the place.
    commas = [index for index, token in enumerate(before) if token.text == ","]
    if commas:
        before = before[commas[-1] + 1 :]
    while before and (before[0].dep_ in ("det", "poss", "case") or before[0].is_punct):
        before = before[1:]
    if before and _is_title(before):
        start, end = before[0].i, words[0].i
        while start >= 2 and _joins(doc[start - 1]):
            start -= 2  # "co-host": the parse leaves "co-" out of the noun phrase
        while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
            end -= 1
        # "police press liaison officer Superintendent Audley Peters": a role, then a rank.
        rank = doc[end - 1] if end > start + 1 else None
        if rank is not None and rank.is_title and doc[end - 2].is_lower and _is_title([rank]):
            titles.append(Segment((doc[start].idx, doc[end - 2].idx + len(doc[end - 2]))))
            start = end - 1
        if end > start:
            titles.append(Segment((doc[start].idx, doc[end - 1].idx + len(doc[end - 1]))))
    if head.dep_ == "appos" and head.head.i < words[0].i and head.head.pos_ in ("NOUN", "PROPN"):
        # "Chairman of the Joint Chiefs of Staff Mark Milley": the name in apposition to its title.
        title = head.head
        last = doc[words[0].i - 1]
        if not last.is_punct and _is_title([title]):
            titles.append(Segment((doc[title.left_edge.i].idx, last.idx + len(last))))
    for child in head.children:
        if child.dep_ == "appos" and child.i > head.i and _is_title([child]):
            titles.extend(_coordinated_titles(child))
    return titles


def _is_title(words: Sequence[Token]) -> bool:
    """Whether words written before a name are a title: their head is a word for an office or
    a role ("National security adviser", "Sen."), and nothing in them is a number or a quote
    (headlines and datelines run into names: "CLEVELAND", "39 percent"), nor an epithet
    ("billionaire", "a candidate with one message")."""
    inside = {t.i for t in words}
    heads = [t for t in words if t.head.i not in inside]
    return (
        any(
            (t.lemma_.lower() in TITLE_NOUNS or t.lower_ in TITLE_NOUNS | TITLE_ABBREVIATIONS)
            and not any(c.dep_ == "prep" and c.lower_ in EPITHET_PREPOSITIONS for c in t.children)
            for t in heads
        )
        and not any(t.like_num or t.is_quote or (t.is_upper and len(t) > 3) for t in words)
        and not any(t.lower_ in EPITHETS for t in words)
    )


def _coordinated_titles(title: Token) -> list[Segment]:
    """ "former US ambassador to Ukraine and vice president for ..." as two titles."""
    conjuncts = [c for c in title.children if c.dep_ == "conj" and _is_title([c])]
    doc = title.doc
    start = title.left_edge.i
    while start < title.i and doc[start].dep_ in ("det", "poss", "case"):
        start += 1
    end = conjuncts[0].left_edge.i if conjuncts else title.right_edge.i + 1
    while end > start + 1 and (doc[end - 1].dep_ == "cc" or doc[end - 1].is_punct):
        end -= 1
    titles = [Segment((doc[start].idx, doc[end - 1].idx + len(doc[end - 1])))]
    for conjunct in conjuncts:
        titles.extend(_coordinated_titles(conjunct))
    return titles


def _affiliation(doc: Doc, titles: Sequence[Segment]) -> Segment | None:
    """The organization named in a title: "... at the US Institute of Peace"."""
    # The entities of the titles alone: all of the article's, for each name, made this
    # quadratic in its length.
    organizations = [
        entity
        for start, end in titles
        if (title := doc.char_span(start, end, alignment_mode="expand")) is not None
        for entity in title.ents
        if entity.label_ == "ORG" and start <= entity.start_char and entity.end_char <= end
    ]
    if not organizations:
        return None
    entity = min(organizations, key=lambda organization: organization.start)
    start = entity.start + (1 if entity[0].lower_ == "the" else 0)
    return Segment((doc[start].idx, entity.end_char))


def _quoting_attribution(
    mention: TokenSpan, attributions: Sequence[Attribution]
) -> Attribution | None:
    """The attribution whose quoted content holds ``mention`` ("I" inside a quote)."""
    start, end = mention.start_char, mention.end_char
    containing = [
        a
        for a in attributions
        if a.source is not None
        and not (a.source.start == start and a.source.end == end)
        and any(span.start <= start and end <= span.end for span in a.content)
    ]
    return min(containing, key=lambda a: sum(s.end - s.start for s in a.content), default=None)


def _titled_person(head: Token, people: _People, text: str) -> _Entry | None:
    """ "the general": the last person before it whose titles include the word."""
    best = None
    for position, entry in people.at_token.items():
        titled = any(head.lower_ in text[s:e].lower().split() for s, e in entry.titles)
        if position < head.i and titled and (best is None or position > best[0]):
            best = (position, entry)
    return best[1] if best is not None else None


def _normalized(name: str) -> str:
    words = name.lower().split()
    return " ".join(words[1:] if words and words[0] == "the" else words)


def _add_mention(entry: _Entry, segment: Segment) -> None:
    if segment not in entry.mentions:
        entry.mentions.append(segment)


def _freeze(speaker_id: str, entry: _Entry, text: str) -> Speaker:
    def span(segment: Segment) -> Span:
        return Span.of(text, *segment)

    return Speaker(
        id=speaker_id,
        kind=entry.kind,
        name=entry.name,
        mentions=tuple(span(s) for s in sorted(entry.mentions)),
        titles=tuple(span(s) for s in entry.titles),
        affiliation=span(entry.affiliation) if entry.affiliation else None,
        anonymous=entry.anonymous,
    )

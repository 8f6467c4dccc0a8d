"""To whom and where a statement was made: addressee and venue, read off the parse.

The context of a statement hangs on its cue verb or on the clause that governs it: in
"Sullivan ... spoke to the press on Friday night on President Joe Biden's flight to the G20,
making it clear that ...", the cue is "making it clear" and its addressee and venue belong to
"spoke". So the search climbs from the cue to the root of its sentence, nearest first.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from onrecord._vocabulary import (
    ADDRESSEE_EXTENSIONS,
    ADDRESSEE_OBJECT_VERBS,
    ADDRESSEE_TO_VERBS,
    AUDIENCE_NOUNS,
    EVENT_NOUNS,
    ON_VENUE_NOUNS,
    TIME_WORDS,
)
from onrecord.offsets import Segment

# How many clauses up from the cue the context may sit.
MAX_LEVELS = 3


@dataclass(frozen=True, slots=True)
class StatementContext:
    addressee: Segment | None
    venue: Segment | None


def statement_context(cue: Token, content_heads: list[Token] | None = None) -> StatementContext:
    """Addressee and venue of the statement cued by ``cue``.

    ``content_heads`` are the heads of the statement's content: a venue written at the end of
    the content ("... without Ukraine at a G20 press conference on Monday") is the statement's,
    since what was said does not happen at a press conference.
    """
    addressee = venue = None
    for level, verb in enumerate(_governing_chain(cue)):
        if addressee is None:
            addressee = _addressee_of(verb, is_cue=level == 0)
        if venue is None:
            venue = _venue_of(verb)
        if addressee is not None and venue is not None:
            break
    if venue is None:
        for head in content_heads or ():
            venue = _trailing_event(head)
            if venue is not None:
                break
    return StatementContext(addressee, venue)


def _governing_chain(cue: Token) -> list[Token]:
    chain = [cue]
    current = cue
    while len(chain) < MAX_LEVELS and current.head.i != current.i and current.dep_ != "ccomp":
        current = current.head
        chain.append(current)
    return chain


def _addressee_of(verb: Token, *, is_cue: bool) -> Segment | None:
    lemma = verb.lemma_.lower()
    if lemma in ADDRESSEE_OBJECT_VERBS:
        for child in verb.children:
            if child.dep_ in ("dative", "dobj") and _can_be_addressed(child):
                return _with_extension(verb, child)
    if lemma in ADDRESSEE_TO_VERBS or (is_cue and lemma in ADDRESSEE_OBJECT_VERBS):
        for child in verb.children:
            if child.dep_ in ("prep", "dative") and child.lower_ == "to":
                target = _object_of(child)
                if target is not None and target.lower_ not in TIME_WORDS:
                    return _phrase(target)
    for child in verb.children:
        # "in an interview with Fox News"
        if child.dep_ == "prep" and child.lower_ in ("in", "during"):
            event = _object_of(child)
            if event is not None and event.lemma_.lower() == "interview":
                for grandchild in event.children:
                    if grandchild.dep_ == "prep" and grandchild.lower_ == "with":
                        partner = _object_of(grandchild)
                        if partner is not None:
                            return _phrase(partner)
    return None


def _can_be_addressed(token: Token) -> bool:
    """People, outlets and bodies can be told something; "more questions" cannot."""
    return (
        token.pos_ in ("PROPN", "PRON")
        or token.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
        or token.lemma_.lower() in AUDIENCE_NOUNS
    )


def _with_extension(verb: Token, addressee: Token) -> Segment:
    """The addressee phrase, with a modifier the parser hung on the verb: "people outside ..."."""
    start, end = _phrase(addressee)
    for child in verb.children:
        if (
            child.dep_ == "prep"
            and child.lower_ in ADDRESSEE_EXTENSIONS
            and child.i == addressee.right_edge.i + 1
        ):
            last = child.right_edge
            end = last.idx + len(last)
    return Segment((start, end))


def _venue_of(verb: Token) -> Segment | None:
    for child in verb.children:
        if child.dep_ != "prep":
            continue
        target = _object_of(child)
        if target is None or _is_time(target):
            continue
        preposition = child.lower_
        if preposition == "at":
            return _phrase(target)
        if preposition == "on" and (
            target.lemma_.lower() in ON_VENUE_NOUNS or target.ent_type_ == "ORG"
        ):
            return _phrase(target)
        if preposition in ("in", "during") and target.lemma_.lower() in EVENT_NOUNS:
            return _nested_at(target) or _phrase(target)
    return None


def _trailing_event(head: Token) -> Segment | None:
    """An "at <event>" phrase among the last dependents of a content clause."""
    trailing = [c for c in head.children if c.i > head.i and not c.is_punct]
    for child in reversed(trailing[-3:]):
        if child.dep_ == "prep" and child.lower_ in ("at", "during"):
            target = _object_of(child)
            if target is not None and target.lemma_.lower() in EVENT_NOUNS:
                return _phrase(target)
    return None


def _nested_at(event: Token) -> Segment | None:
    """ "in comments at the Economic Club of New York": the place inside the event phrase."""
    for child in event.children:
        if child.dep_ == "prep" and child.lower_ == "at":
            target = _object_of(child)
            if target is not None and not _is_time(target):
                return _phrase(target)
    return None


def _object_of(preposition: Token) -> Token | None:
    return next((c for c in preposition.children if c.dep_ in ("pobj", "pcomp")), None)


def _is_time(token: Token) -> bool:
    return token.ent_type_ in ("DATE", "TIME") or token.lemma_.lower() in TIME_WORDS


def _phrase(head: Token) -> Segment:
    """The phrase headed by ``head``, without a trailing time phrase or punctuation."""
    tokens = list(head.subtree)
    end = len(tokens)
    for index, token in enumerate(tokens):
        if index and token.dep_ == "prep" and token.head.i == head.i:
            target = _object_of(token)
            if target is not None and _is_time(target):
                end = index
                break
    tokens = tokens[:end]
    while len(tokens) > 1 and (tokens[-1].is_punct or tokens[-1].is_space):
        tokens.pop()
    return Segment((tokens[0].idx, tokens[-1].idx + len(tokens[-1])))

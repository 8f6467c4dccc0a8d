"""When a statement was made: the time expression that dates a cue verb, found in the parse.

``statement_date`` finds the expression and resolves it against the publication date with
:func:`onrecord.resolve._date_expressions.resolve_expression`, whose module says how each kind of
expression reads.

In the parse, a time expression dates the cue when it modifies the cue itself, the occasion the cue
names ("at a news conference on Monday"), a "when" clause of the cue, or — for a subordinate cue
such as "making it clear" or "as saying" and for a second coordinated verb sharing the subject —
the clause the cue hangs from. A date inside the reported content ("The call will take place on
Wednesday, officials said") dates the content, not the statement, with one exception: a date next
to a speaking occasion at the end of content that follows the cue ("reiterated that ... at a G20
press conference on Monday") belongs to the statement, because the parser attaches such trailing
phrases to the nearest verb. The tense that picks the last or the next Friday is that of the verb
the expression modifies: "will", "shall", "is going to" and present-tense planning ("is scheduled
to", "plans to") make it future; everything else counts as past.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from onrecord._vocabulary import (
    FUTURE_AUXILIARIES,
    OCCASION_PREPOSITIONS,
    PLANNING_LEMMAS,
    SPEAKING_OCCASIONS,
)
from onrecord.offsets import TokenRange
from onrecord.resolve._date_expressions import resolve_expression
from onrecord.results import DateInterval, Span

if TYPE_CHECKING:
    from spacy.tokens import Token

_TIME_ENTITIES = frozenset({"DATE", "TIME"})
# Dependents that modify a verb adverbially and may name a time ("last week", "Friday", "ago").
# "tmod" is the Stanford label that models trained on Stanford dependencies use for them.
_ADVERBIAL_DEPS = frozenset({"npadvmod", "tmod", "advmod", "dep"})
# Dependents that are arguments or clauses of their own: a date inside them is not the verb's.
_ARGUMENT_DEPS = frozenset(
    {
        "nsubj",
        "nsubjpass",
        "csubj",
        "csubjpass",
        "expl",
        "ccomp",
        "xcomp",
        "advcl",
        "relcl",
        "acl",
        "conj",
        "cc",
        "parataxis",
        "mark",
        "punct",
        "aux",
        "auxpass",
        "neg",
    }
)
# Dependents of a date's head that still belong to the expression ("earlier this week",
# "Nov. 3, 2021", "two days ago"); prepositions, clauses and coordination do not.
_EXPRESSION_DEPS = frozenset(
    {
        "det",
        "amod",
        "compound",
        "nummod",
        "advmod",
        "npadvmod",
        "quantmod",
        "nmod",
        "punct",
        "appos",
    }
)
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
_PRESENT_TAGS = frozenset({"VBZ", "VBP"})
# How many clauses up from a subordinate cue to look: "as saying" -> "quoted" needs one,
# a participle coordinated under a participle two.
_MAX_CLIMB = 3

# A place where a time expression may be: its head token, the preposition introducing it (whose
# text the resolver needs to tell "on Friday" from "for two weeks") and the verb whose tense
# decides between the last and the next Friday.
_Candidate = tuple["Token", "Token | None", "Token"]


def statement_date(cue: Token, published: dt.date | None) -> DateInterval | None:
    """When the statement whose cue verb is ``cue`` was made, or None if the text does not say.

    The interval's span is the time expression in the document's text, without its preposition
    ("Friday night" in "on Friday night"), as in TimeML.
    """
    if published is None:
        return None
    doc = cue.doc
    for head, preposition, verb in _candidates(cue):
        for start, end in _extents(head):
            phrase = doc[start:end].text
            expression = phrase if preposition is None else f"{preposition.text} {phrase}"
            interval = resolve_expression(expression, published, future=_is_future(verb))
            if interval is not None:
                return DateInterval(interval[0], interval[1], Span.of_tokens(doc[start:end]))
    return None


def _candidates(cue: Token) -> Iterator[_Candidate]:
    claimed: set[int] = set()
    if cue.dep_ == "ccomp" and cue.head.i < cue.i:
        # The cue is itself reported content ("the US will not negotiate ... at a G20 press
        # conference on Monday"): a date by a trailing occasion dates the reporting verb instead.
        claimed = {head.i for head, _, _ in _trailing_occasion_dates(cue.head)}
    yield from (candidate for candidate in _circumstances(cue) if candidate[0].i not in claimed)
    yield from _trailing_occasion_dates(cue)
    verb = cue
    for _ in range(_MAX_CLIMB):
        if verb.dep_ == "relcl" and _refers_back(verb):
            # "on Monday, when he said": the antecedent may be the date itself, or an occasion
            # that has one ("his visit to Kyiv last week, where he said").
            yield _as_candidate(verb.head, verb)
            yield from _occasion_dates(verb.head, verb)
        parent = _governing_verb(verb)
        if parent is None:
            return
        verb = parent
        yield from _circumstances(verb)


def _governing_verb(verb: Token) -> Token | None:
    """The verb of the clause that gives ``verb`` its occasion, if it depends on one."""
    dep = verb.dep_
    if dep == "xcomp" or (dep == "conj" and not _has_subject(verb)):
        return verb.head
    if dep == "advcl" and verb.tag_ in ("VBG", "VBN") and not _has_subject(verb):
        return verb.head
    if dep == "pcomp" and verb.head.dep_ == "prep":
        return verb.head.head
    if dep in ("relcl", "advcl") and _refers_back(verb):
        # "comments at the club last week, where Milley praised ...": the place or time the
        # clause refers back to is the occasion; the verb it hangs from holds the date.
        head = verb.head
        while head.pos_ not in ("VERB", "AUX") and head.dep_ != "ROOT":
            head = head.head
        return head if head.pos_ in ("VERB", "AUX") else None
    return None


def _refers_back(clause: Token) -> bool:
    """Whether ``clause`` is a "where" or "when" clause about something named before it."""
    return any(
        child.dep_ == "advmod" and child.lower_ in ("where", "when") for child in clause.children
    )


def _circumstances(verb: Token) -> Iterator[_Candidate]:
    """Time expressions modifying ``verb``, nearest first."""
    for child in sorted(verb.children, key=lambda child: abs(child.i - verb.i)):
        dep = child.dep_
        if dep in _ADVERBIAL_DEPS:
            yield child, None, verb
        elif dep == "prep":
            for noun in child.children:
                if noun.dep_ == "pobj":
                    yield noun, child, verb
                    yield from _occasion_dates(noun, verb)
        elif dep in ("dobj", "dative"):
            # "told CNN Tuesday" is sometimes parsed with the day modifying the addressee.
            yield from (
                (grandchild, None, verb)
                for grandchild in child.children
                if grandchild.dep_ in ("npadvmod", "appos")
                and grandchild.ent_type_ in _TIME_ENTITIES
            )
        elif dep == "advcl" and _sets_the_scene(child, verb):
            yield from _circumstances(child)
        elif dep not in _ARGUMENT_DEPS and child.ent_type_ in _TIME_ENTITIES:
            yield child, None, verb


def _sets_the_scene(clause: Token, verb: Token) -> bool:
    """Whether an adverbial clause says when ``verb`` happened.

    "when he spoke to the press on Friday night" does, and so do participles sharing the subject:
    "while speaking at a rally Monday", or fronted ("Speaking on Tuesday, the mayor said"). A
    trailing bare participle ("..., adding that ...") has content of its own, and a finite "while"
    or "as" clause is as often a contrast or a cause ("While Clinton said Monday ..., Trump
    argued") as a time.
    """
    conjunctions = {child.lower_ for child in clause.children if child.dep_ in ("advmod", "mark")}
    if _has_subject(clause):
        return "when" in conjunctions
    if conjunctions & {"when", "while", "as"}:
        return True
    return clause.tag_ == "VBG" and clause.i < verb.i


def _occasion_dates(noun: Token, tense: Token) -> Iterator[_Candidate]:
    if noun.lemma_.lower() not in SPEAKING_OCCASIONS:
        return
    for child in noun.children:
        if child.dep_ in ("npadvmod", "poss", "compound") and child.ent_type_ in _TIME_ENTITIES:
            yield child, None, tense
        elif child.dep_ == "prep":
            yield from ((pobj, child, tense) for pobj in child.children if pobj.dep_ == "pobj")


def _trailing_occasion_dates(cue: Token) -> Iterator[_Candidate]:
    """Dates next to a speaking occasion that the parser hung on the content clause after the cue.

    "Biden reiterated that the US will not negotiate ... at a G20 press conference on Monday":
    both phrases end up on "negotiate", yet they say where and when Biden spoke.
    """
    for content in cue.children:
        if content.dep_ != "ccomp" or content.i < cue.i:
            continue
        modifiers = [child for child in content.rights if child.dep_ != "punct"]
        for position, modifier in enumerate(modifiers):
            occasion = _occasion_of(modifier)
            if occasion is None:
                continue
            yield from _occasion_dates(occasion, cue)
            for neighbour in modifiers[max(position - 1, 0) : position + 2]:
                if neighbour.i != modifier.i:
                    yield from _circumstance_of(neighbour, cue)


def _occasion_of(modifier: Token) -> Token | None:
    if modifier.dep_ != "prep" or modifier.lower_ not in OCCASION_PREPOSITIONS:
        return None
    return next(
        (
            noun
            for noun in modifier.children
            if noun.dep_ == "pobj" and noun.lemma_.lower() in SPEAKING_OCCASIONS
        ),
        None,
    )


def _circumstance_of(modifier: Token, tense: Token) -> Iterator[_Candidate]:
    if modifier.dep_ in _ADVERBIAL_DEPS:
        yield modifier, None, tense
    elif modifier.dep_ == "prep":
        yield from ((noun, modifier, tense) for noun in modifier.children if noun.dep_ == "pobj")


def _as_candidate(token: Token, tense: Token) -> _Candidate:
    preposition = token.head if token.dep_ == "pobj" else None
    return token, preposition, tense


def _extents(head: Token) -> Iterator[TokenRange]:
    """Token ranges the expression headed by ``head`` may cover, most likely first.

    The head's modifiers give the usual extent; the named entity around the head, when there is
    one, helps where the parser splits a date ("Nov. 3, 2021") oddly.
    """
    kept = [head]
    frontier = [head]
    while frontier:
        token = frontier.pop()
        for child in token.children:
            if child.dep_ in _EXPRESSION_DEPS:
                kept.append(child)
                frontier.append(child)
    words = [token.i for token in kept if token is head or not token.is_punct]
    extent = TokenRange((min(words), max(words) + 1))
    yield extent
    if head.ent_type_ in _TIME_ENTITIES:
        doc = head.doc
        start = head.i
        while doc[start].ent_iob_ == "I":
            start -= 1
        end = head.i + 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        if (start, end) != extent:
            yield TokenRange((start, end))


def _has_subject(verb: Token) -> bool:
    return any(child.dep_ in _SUBJECT_DEPS for child in verb.children)


def _is_future(verb: Token) -> bool:
    """Whether ``verb`` speaks of something still to come: "will take place", "is set to speak"."""
    # The "to" of an infinitive is parsed as an auxiliary but says nothing about tense.
    auxiliaries = [
        child for child in verb.children if child.dep_ in ("aux", "auxpass") and child.tag_ != "TO"
    ]
    if any(auxiliary.lower_ in FUTURE_AUXILIARIES for auxiliary in auxiliaries):
        return True
    # "plans to", "is scheduled to"; not "has scheduled", which reports a past act.
    if verb.lemma_ in PLANNING_LEMMAS and (
        verb.tag_ in _PRESENT_TAGS
        or any(
            auxiliary.dep_ == "auxpass" and auxiliary.tag_ in _PRESENT_TAGS
            for auxiliary in auxiliaries
        )
    ):
        return True
    if verb.dep_ == "xcomp" and verb.head.lower_ == "going":
        return any(child.lemma_ == "be" for child in verb.head.children)
    if verb.dep_ in ("xcomp", "conj") and not auxiliaries:
        return _is_future(verb.head)
    return False

"""Cue finders: the cues of a parse and, for each, the source and content the parse gives it.

One pass over the tokens finds cue candidates: verbs from the cue lexicon, "according to",
speaker labels ("Sen. Ted Cruz:"), predicate adjectives and nouns from the lexicon that take a
that-clause. For each cue the parse yields a source (the subject, inherited from the governing
clause when the cue has none) and a content (the cue's complement clause or object, or the
subject of a passive cue), as a :class:`Draft`.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from onrecord.extract._lexicon import CueLexicon
from onrecord.extract._quotes import QUOTE_MARKS
from onrecord.extract._segments import (
    noun_phrase,
    segments_of,
    subtree_without,
    token_segments,
    trim,
)
from onrecord.offsets import Segment

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
CLAUSE_DEPS = frozenset({"ccomp", "xcomp"})
OBJECT_DEPS = frozenset({"dobj", "oprd", "acomp", "attr"})
CONTENT_PREPOSITIONS = frozenset({"about", "for", "on", "against", "of", "to", "that"})
PERSONAL_PRONOUNS = frozenset({"he", "she", "they", "i", "we", "you", "it"})
INHERITING_DEPS = frozenset({"xcomp", "advcl", "conj", "pcomp", "ccomp", "prep", "parataxis"})
CLARITY_ADJECTIVES = frozenset({"clear", "plain", "known"})
# Verbs whose object is the person addressed, never what was said: "told reporters".
ADDRESSEE_VERBS = frozenset({"tell", "inform", "remind", "assure", "notify", "brief"})
# "said what": the content is elsewhere (or nowhere), not the interrogative pronoun.
QUESTION_WORDS = frozenset({"what", "whatever", "which", "who", "whom"})
# A speaker label ("Sen. Ted Cruz:") is a name of a few words at the start of a line.
LABEL_MAX_TOKENS = 5
# A quote of fewer words is a scare quote or a title, not a statement.
QUOTE_MIN_WORDS = 3
# Statement nouns that take a clause as their content ("the claim that ...").
NOUN_CONTENT_DEPS = frozenset({"acl", "ccomp", "relcl"})


@dataclass
class Draft:
    """A statement while it is being assembled; frozen into an ``Attribution`` at the end."""

    cue: list[Segment]
    content: list[Segment]
    source: Segment | None
    anchor: int  # token index of the cue head, to order and merge drafts
    confidence: float | None = None


def draft_for(token: Token, lexicon: CueLexicon, consumed: set[int]) -> Draft | None:
    lower = token.lower_
    if lower == "according" and any(child.lower_ == "to" for child in token.children):
        return _according_to(token, consumed)
    if token.text == ":" and token.i - token.sent.start <= LABEL_MAX_TOKENS:
        return _speaker_label(token)
    if token.pos_ == "VERB" and (token.lemma_.lower() in lexicon.verbs or _makes_clear(token)):
        return _verb_cue(token, consumed)
    if token.pos_ == "ADJ" and token.dep_ == "acomp" and token.lemma_.lower() in lexicon.adjectives:
        return _adjective_cue(token)
    if token.pos_ == "NOUN" and token.lemma_.lower() in lexicon.nouns:
        return _noun_cue(token)
    return None


def _speaker_label(colon: Token) -> Draft | None:
    """``Cruz: Trump Would Put Liberals On Court`` (headlines), ``FALLIN: Well, ...`` (transcripts).

    The label is a short name at the start of a line; what follows it on that line is the content.
    """
    doc = colon.doc
    label = doc[colon.sent.start : colon.i]
    if not label or any(t.pos_ in ("VERB", "AUX", "PRON") for t in label):
        return None
    if not any(t.pos_ in ("PROPN", "NOUN") for t in label):
        return None
    line_end = next((t.i for t in doc[colon.i + 1 :] if "\n" in t.text), len(doc))
    rest = doc[colon.i + 1 : line_end]
    if sum(not t.is_punct and not t.is_space for t in rest) < QUOTE_MIN_WORDS:
        return None
    content = trim(rest)
    source = trim(label)
    if content is None or source is None:
        return None
    return Draft([Segment((colon.idx, colon.idx + 1))], [content], source, colon.i)


def _verb_cue(verb: Token, consumed: set[int]) -> Draft | None:
    cue_tokens = [verb, *cue_modifiers(verb)]
    content_heads = [child for child in verb.children if child.dep_ in CLAUSE_DEPS]
    quoted_as = _quoted_as_saying(verb)
    if quoted_as is not None:
        cue_tokens.extend(quoted_as[:2])
        consumed.update(token.i for token in quoted_as[:2])
        content_heads = [quoted_as[2]]
    adjective = next((head for head in content_heads if _is_predicate_adjective(head)), None)
    if adjective is not None and adjective.i == min(head.i for head in content_heads):
        # "making it clear that ...": the adjective belongs to the cue, its clause is the content.
        clause = [
            child
            for child in adjective.children
            if child.dep_ in CLAUSE_DEPS or (child.dep_ == "advcl" and _has_that(child))
        ]
        clause += [
            child for child in verb.children if child.dep_ == "ccomp" and child.i > adjective.i
        ]
        if clause:
            cue_tokens.extend(verb.doc[verb.i + 1 : adjective.i + 1])
            content_heads = clause
    if content_heads and not quoted_as:
        # "calling it “absurd” that ...": an expletive object and its predicate lead the clause.
        first = min(head.i for head in content_heads)
        content_heads += [
            child
            for child in verb.children
            if verb.i < child.i < first and (child.dep_ == "oprd" or child.lower_ == "it")
        ]
    quote_after_colon = [] if content_heads else _quote_after_colon(verb)
    if not content_heads and not quote_after_colon and verb.lemma_.lower() not in ADDRESSEE_VERBS:
        content_heads = [
            child
            for child in verb.children
            if (child.dep_ in OBJECT_DEPS and child.lower_ not in QUESTION_WORDS)
            or (child.dep_ == "prep" and child.lower_ in CONTENT_PREPOSITIONS and child.i > verb.i)
        ]
        objects = [child for child in content_heads if child.dep_ == "dobj"]
        if objects:
            # "reported 20 victims at a nonprofit center": the object's modifiers that the
            # parser hung on the verb still belong to what was reported.
            content_heads += [
                child
                for child in verb.children
                if child.dep_ == "prep" and child.i > objects[0].i and child not in content_heads
            ]
        prepositions = [child for child in content_heads if child.dep_ == "prep"][:1]
        if prepositions and all(child.dep_ == "prep" for child in content_heads):
            # "called for X": the preposition is part of the cue, its object is the content.
            cue_tokens.extend(prepositions)
            content_heads = [grandchild for prep in prepositions for grandchild in prep.children]
    segments = segments_of(content_heads) or quote_after_colon
    if not segments and verb.dep_ == "parataxis":
        segments = subtree_without(verb.head, verb)
    if not segments:
        segments = _content_before_postposed_cue(verb)
    if not segments:
        # "The plan was rejected by voters", "The breach had been reported": the passive
        # subject is what was said or judged, the agent (if any) the source.
        segments = segments_of([c for c in verb.children if c.dep_ == "nsubjpass"])
    if not segments:
        return None
    return Draft(token_segments(cue_tokens), segments, source_of(verb), verb.i)


def _according_to(according: Token, consumed: set[int]) -> Draft | None:
    to = next(child for child in according.children if child.lower_ == "to")
    consumed.add(to.i)
    objects = [child for child in to.children if child.dep_ == "pobj"]
    source = noun_phrase(objects[0]) if objects else None
    segments = subtree_without(according.sent.root, according, within=according.sent)
    if not segments:
        return None
    return Draft([Segment((according.idx, to.idx + len(to)))], segments, source, according.i)


def _adjective_cue(adjective: Token) -> Draft | None:
    """``Democrats are worried about X``, ``aides were confident that X``: states of mind."""
    complements = [c for c in adjective.children if c.dep_ in CLAUSE_DEPS]
    cue_tokens = [adjective]
    if not complements:
        prepositions = [c for c in adjective.children if c.dep_ == "prep" and c.i > adjective.i]
        if not prepositions:
            return None
        cue_tokens.append(prepositions[0])
        complements = [c for c in prepositions[0].children if c.dep_ in ("pobj", "pcomp")]
    segments = segments_of(complements)
    if not segments:
        return None
    copula = adjective.head
    cue_tokens += [
        t
        for t in copula.doc[copula.i : adjective.i]
        if t.head.i in (copula.i, adjective.i) and t.dep_ in ("neg", "advmod")
    ]
    cue_tokens.append(copula)
    return Draft(token_segments(cue_tokens), segments, source_of(copula), adjective.i)


def _noun_cue(noun: Token) -> Draft | None:
    clauses = [
        child
        for child in noun.children
        if child.dep_ in NOUN_CONTENT_DEPS
        and child.i > noun.i
        and any(t.lower_ in ("that", "to") and t.i < child.i for t in child.subtree)
        and child.dep_ != "relcl"
    ]
    if not clauses:
        return None
    owner = next((child for child in noun.children if child.dep_ == "poss"), None)
    source = noun_phrase(owner) if owner is not None else None
    if source is None and noun.dep_ in ("dobj", "attr") and noun.head.pos_ in ("VERB", "AUX"):
        source = source_of(noun.head)
    return Draft(token_segments([noun]), segments_of(clauses), source, noun.i)


def cue_modifiers(verb: Token) -> list[Token]:
    """Auxiliaries, negation and -ly adverbs just before it: "has said", "previously reported"."""
    modifiers = []
    position = verb.i - 1
    while position >= verb.sent.start:
        candidate = verb.doc[position]
        if candidate.head.i != verb.i or candidate.dep_ not in ("aux", "neg", "advmod"):
            break
        if candidate.dep_ == "advmod" and not candidate.lower_.endswith("ly"):
            break
        modifiers.append(candidate)
        position -= 1
    return modifiers


def _quoted_as_saying(verb: Token) -> tuple[Token, Token, Token] | None:
    """``(as, saying, content head)`` of "quoted X as saying ...", if that is the construction."""
    if verb.lemma_.lower() != "quote":
        return None
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "as":
            for saying in prep.children:
                if saying.lemma_.lower() == "say":
                    clauses = [c for c in saying.children if c.dep_ in CLAUSE_DEPS]
                    if clauses:
                        return prep, saying, clauses[0]
    return None


def _makes_clear(verb: Token) -> bool:
    """ "made it clear", "making plain": a cue although "make" alone is not one."""
    return verb.lemma_.lower() == "make" and any(
        child.lower_ in CLARITY_ADJECTIVES and child.dep_ in CLAUSE_DEPS | OBJECT_DEPS
        for child in verb.children
    )


def _has_that(clause: Token) -> bool:
    return any(child.dep_ == "mark" and child.lower_ == "that" for child in clause.children)


def _is_predicate_adjective(token: Token) -> bool:
    return (token.pos_ == "ADJ" and any(child.lower_ == "it" for child in token.head.children)) or (
        token.pos_ == "ADJ" and any(child.lower_ == "it" for child in token.children)
    )


def _quote_after_colon(verb: Token) -> list[Segment]:
    """``X said: "..."``, ``X told the crowd: "..."``: the quote after the colon that ends the
    cue's clause, even in the next sentence or paragraph."""
    doc = verb.doc
    colon = next(
        (t for t in doc[verb.i + 1 : verb.right_edge.i + 2] if t.text == ":"),
        None,
    )
    if colon is None or any(t.is_punct and t.text != ":" for t in doc[verb.i + 1 : colon.i]):
        return []
    position = colon.i + 1
    while position < len(doc) and doc[position].is_space:
        position += 1
    if position < len(doc) and doc[position].text in QUOTE_MARKS:
        start = doc[position]
        return [Segment((start.idx, start.sent.end_char))]
    return []


def _content_before_postposed_cue(verb: Token) -> list[Segment]:
    """ "..., three sources said." when the parser left the content unattached.

    A content that is a fragment (no clause of its own) means the sentence was split too early,
    so the content reaches back to the start of the previous sentence of the same paragraph.
    """
    sentence = verb.sent
    subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
    if (
        subject is None
        or verb.i != sentence.root.i
        or (verb.i < subject.i and subject.i != verb.i + 1)
    ):
        return []
    boundary = min(subject.left_edge.i, verb.i)
    if any(
        not (token.is_punct or token.is_space) and token.i > subject.right_edge.i
        for token in sentence
        if token.i > verb.i
    ):
        return []
    start = sentence.start
    if start > 0 and not any(t.dep_ in ("nsubj", "nsubjpass") for t in verb.doc[start:boundary]):
        previous = verb.doc[start - 1].sent
        if not previous[-1].is_space and "\n" not in previous[-1].whitespace_:
            start = previous.start
    segment = trim(verb.doc[start:boundary])
    return [segment] if segment is not None else []


def source_of(verb: Token) -> Segment | None:
    """The speaker mention of a cue verb: its subject, else that of the clause governing it."""
    seen: list[Token] = []
    current = verb
    while True:
        subject = next((c for c in current.children if c.dep_ in SUBJECT_DEPS), None)
        agent = next((c for c in current.children if c.dep_ == "agent"), None)
        if subject is None and agent is not None:
            subject = next((c for c in agent.children if c.dep_ == "pobj"), None)
        if subject is not None:
            seen.append(subject)
            if subject.lower_ not in PERSONAL_PRONOUNS or current.dep_ not in INHERITING_DEPS:
                break
        elif current.dep_ in ("acl", "relcl") and current.head.pos_ in ("NOUN", "PROPN"):
            # "officials saying ...": the noun phrase the participle modifies, without it.
            return noun_phrase(current.head, stop=max(current.left_edge.i, current.head.i + 1))
        if current.dep_ not in INHERITING_DEPS or current.head.i == current.i:
            break
        current = current.head
    if not seen:
        return None
    named = next((s for s in seen if s.lower_ not in PERSONAL_PRONOUNS), None)
    chosen = named if named is not None and seen[0].lower_ in PERSONAL_PRONOUNS else seen[0]
    return noun_phrase(chosen)


def merge_coordinated(doc: Doc, drafts: list[Draft]) -> list[Draft]:
    """Join "X praised ... but said ..." into one statement with two cues and two contents."""
    merged: list[Draft] = []
    for draft in drafts:
        verb = doc[draft.anchor]
        own_subject = any(child.dep_ in SUBJECT_DEPS for child in verb.children)
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and not own_subject
            and verb.dep_ == "conj"
            and doc[previous.anchor].sent.start == verb.sent.start
            and previous.content[-1][1] <= draft.cue[0][0]
        ):
            previous.cue += draft.cue
            previous.content += draft.content
            continue
        merged.append(draft)
    return merged


def is_cue_verb(token: Token, lexicon: CueLexicon) -> bool:
    return token.pos_ == "VERB" and token.lemma_.lower() in lexicon.verbs

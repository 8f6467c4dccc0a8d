"""Unnamed sources: whether a source mention is one, and what the article says about it.

Journalists audit sourcing by asking, for each unnamed source, how many people stand behind it
("three sources" -> 3), what describes them ("familiar with the matter", "senior
administration"), whom they belong to ("US", "White House", "Clinton campaign") and why the
article withholds their names ("because they were not authorized to speak publicly").

What counts as anonymous, decided on the mention and its parse alone:

* The head noun is a *source noun*: "source", "official", "aide", "adviser", "person",
  "diplomat", "insider", "operative", "strategist", "ally", ... Anaphoric mentions ("the source",
  "the officials") count too: resolving them to their antecedent is the speaker linker's job.
* Or the head is any other common noun for a person that carries an explicit marker of
  anonymity or inside knowledge: "a publishing executive familiar with the talks", "one
  Republican involved in the planning", "one former executive who requested anonymity".
* Never a pronoun, a name ("Business Insider", an appositive "adviser, Jake Sullivan,"), or a
  spokesperson: a spokesman speaks on the record for an organization even when the article
  leaves the name out, so the statement is the organization's, not an anonymous source's.
* Never a class of people: "Republicans" and "Democratic leaders" are named groups; "elected
  officials", "most insiders", "any officials" generalize; bare "people" is the public unless it
  is described as knowing something ("people familiar with the session").

Offsets of the profile are ``str`` offsets of ``mention.doc.text``, like every span of
:mod:`onrecord.results`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc, Token
from spacy.tokens import Span as TokenSpan

from onrecord._vocabulary import (
    AFFILIATION_PREPOSITIONS,
    ANONYMITY_LEMMAS,
    CLASS_WORDS,
    DESCRIBED_ONLY_NOUNS,
    INDEFINITE_WORDS,
    INSTITUTIONAL_ADJECTIVES,
    KNOWLEDGE_LEMMAS,
    NAMING_LEMMAS,
    NUMBER_WORDS,
    ORGANIZATION_NOUNS,
    PARTY_NOUNS,
    PUBLIC_NOUNS,
    QUANTITY_HEADS,
    RANK_WORDS,
    SELECTOR_WORDS,
    SOURCE_NOUNS,
    SPOKESPERSON_NOUNS,
)
from onrecord.offsets import TokenRange
from onrecord.results import AnonymousProfile, Span

NAME_ENTITIES = frozenset({"PERSON", "ORG", "GPE", "FAC", "WORK_OF_ART", "PRODUCT", "LOC"})
COUNT_DEPS = frozenset({"det", "nummod", "quantmod", "predet"})
ORGANIZATION_ENTITIES = frozenset({"ORG", "GPE", "NORP", "FAC"})
POST_MODIFIER_DEPS = frozenset({"amod", "prep", "acl", "relcl"})
PHRASE_BREAKS = frozenset({",", "—", "–", "(", ";", ":"})
# Punctuation inside a modifier ("high-ranking", "Sanders’"), unlike a comma or a quote mark.
WORD_PUNCTUATION = frozenset({"-", "’", "'"})


def is_anonymous(mention: TokenSpan) -> bool:
    """Whether ``mention`` is an unnamed human source; see the module docstring for the rules."""
    if len(mention) == 0:
        return False
    head, _ = _head_and_quantity(mention.root)
    if _is_member_of_the_public(head):
        return True
    if head.pos_ == "PRON" or _is_named(head) or _lemma(head) in SPOKESPERSON_NOUNS:
        return False
    if any(token.lower_ in CLASS_WORDS for token in head.lefts):
        return False
    lemma = _lemma(head)
    if lemma in SOURCE_NOUNS:
        return True
    if head.pos_ not in ("NOUN", "PROPN"):
        return False
    if lemma in DESCRIBED_ONLY_NOUNS and _is_anaphoric(head):
        return True
    descriptor = _post_descriptor(head)
    if descriptor is not None and _lemmas(head.doc[slice(*descriptor)]) & KNOWLEDGE_LEMMAS:
        return True
    return _anonymity_marker(head) is not None


def profile(mention: TokenSpan) -> AnonymousProfile | None:
    """Count, descriptor, affiliation and reason of an unnamed source, or None for a named one.

    The descriptor and the reason may lie outside ``mention``: a relative clause or a
    participle the source mention was cut before still belongs to the source.
    """
    if not is_anonymous(mention):
        return None
    head, quantity = _head_and_quantity(mention.root)
    plural = _is_plural(head) if quantity is None else _number(quantity) != 1
    count = _count(head, quantity, plural)
    reason = _reason(head)
    descriptor = _post_descriptor(head, stop=reason[0] if reason else None) or _pre_descriptor(head)
    affiliation = _pre_affiliation(head) or _post_affiliation(head)
    knows = descriptor is not None and bool(
        _lemmas(head.doc[slice(*descriptor)]) & KNOWLEDGE_LEMMAS
    )
    return AnonymousProfile(
        count=count,
        plural=plural,
        descriptor=_span(head.doc, descriptor),
        affiliation=_span(head.doc, affiliation),
        reason=_span(head.doc, reason),
        informed=(
            _lemma(head) not in PUBLIC_NOUNS
            or knows
            or reason is not None
            or affiliation is not None
        ),
    )


def _is_member_of_the_public(head: Token) -> bool:
    """ "someone at the meeting", "a woman who identified herself as the mother": one member
    of the public, not named."""
    if head.lower_ in ("someone", "somebody"):
        return True
    return (
        head.pos_ == "NOUN"
        and head.tag_ == "NN"
        and _lemma(head) in PUBLIC_NOUNS
        and head.ent_type_ not in NAME_ENTITIES
        and any(child.lower_ in INDEFINITE_WORDS for child in head.lefts)
        and not _is_named(head)
    )


def _span(doc: Doc, tokens: TokenRange | None) -> Span | None:
    if tokens is None:
        return None
    start, end = tokens
    return Span.of_tokens(doc[start:end])


def _lemma(token: Token) -> str:
    return str(token.lemma_).lower()


def _head_and_quantity(root: Token) -> tuple[Token, Token | None]:
    """The noun a mention is about, and the quantity word heading it in "two of the aides"."""
    if root.lower_ in QUANTITY_HEADS or root.like_num:
        for prep in root.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                objects = [child for child in prep.children if child.dep_ == "pobj"]
                if objects:
                    return objects[0], root
    return root, None


def _is_named(head: Token) -> bool:
    if head.ent_type_ in NAME_ENTITIES:
        return True
    # A party noun is a proper noun but no name: "a Republican involved in the planning".
    if head.pos_ == "PROPN" and head.ent_type_ != "NORP":
        return _lemma(head) not in SOURCE_NOUNS | PARTY_NOUNS
    return any(child.dep_ == "appos" and child.ent_type_ == "PERSON" for child in head.children)


def _is_anaphoric(head: Token) -> bool:
    """A bare definite noun, "the people", points back to a source described before."""
    lefts = list(head.lefts)
    return len(lefts) == 1 and lefts[0].lower_ in {"the", "these", "those"}


def _is_plural(head: Token) -> bool:
    if _lemma(head) in DESCRIBED_ONLY_NOUNS:
        return True
    return head.tag_ in ("NNS", "NNPS")


def _count(head: Token, quantity: Token | None, plural: bool) -> int | None:
    if quantity is not None:
        return _number(quantity)
    if not plural:
        return 1
    for child in head.lefts:
        if child.dep_ in COUNT_DEPS or child.like_num:
            if any(grandchild.dep_ == "prep" for grandchild in child.children):
                return None  # a proportion: "three-in-five insiders"
            number = _number(child)
            if number is not None:
                return number
    return None


def _number(token: Token) -> int | None:
    word = token.lower_.replace(",", "")
    if word.isdigit():
        return int(word)
    if word in ("couple", "pair", "dozen") and any(c.lower_ in ("a", "one") for c in token.lefts):
        return NUMBER_WORDS[word]
    if word in ("couple", "pair", "dozen"):
        return None
    return NUMBER_WORDS.get(word)


def _subtree_range(token: Token) -> TokenRange:
    return TokenRange((token.left_edge.i, token.right_edge.i + 1))


def _trimmed(doc: Doc, start: int, end: int) -> TokenRange | None:
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return TokenRange((start, end)) if start < end else None


def _lemmas(tokens: Iterable[Token]) -> set[str]:
    return {_lemma(token) for token in tokens}


def _post_descriptor(head: Token, stop: int | None = None) -> TokenRange | None:
    """The first modifier after the head that describes the source, cut before the reason.

    Prepositional and adjectival modifiers describe ("familiar with the matter", "in the room");
    clauses do only when they speak of knowledge or anonymity ("who have seen the
    correspondence", "who spoke on condition of anonymity"), not "who added that ...".
    """
    doc = head.doc
    candidates = [c for c in head.rights if c.dep_ in POST_MODIFIER_DEPS]
    candidates += [c for c in _adjacent_participles(head) if c not in candidates]
    for child in candidates:
        if child.dep_ == "prep" and _post_affiliation_of(child) is not None:
            continue
        start, end = _subtree_range(child)
        if stop is not None and start < stop < end:
            end = stop
        if child.dep_ != "relcl":
            # A phrase ends at a comma or dash: "familiar with the talks, who added ...".
            end = next((t.i for t in doc[start + 1 : end] if t.text in PHRASE_BREAKS), end)
        tokens = doc[start:end]
        lemmas = _lemmas(tokens)
        if child.dep_ in ("acl", "relcl") or (child.pos_ == "VERB" and child.dep_ != "amod"):
            if not lemmas & (KNOWLEDGE_LEMMAS | ANONYMITY_LEMMAS) and not any(
                _is_negated_naming(token) for token in tokens
            ):
                continue
        elif child.dep_ == "amod" and _lemma(child) not in KNOWLEDGE_LEMMAS:
            continue
        trimmed = _trimmed(doc, start, end)
        if trimmed is not None:
            return trimmed
    return None


def _adjacent_participles(head: Token) -> Iterator[Token]:
    """Participles the parser hangs on the verb that describe its subject: "One former
    employee, speaking on condition of anonymity, said"."""
    verb = head.head
    if head.dep_ not in ("nsubj", "nsubjpass"):
        return
    for child in verb.children:
        if child.dep_ == "advcl" and child.tag_ == "VBG":
            gap = head.doc[head.right_edge.i + 1 : child.left_edge.i]
            if all(token.is_punct for token in gap):
                yield child


def _pre_descriptor(head: Token) -> TokenRange | None:
    """The premodifiers from the first rank word on, when there is one: "senior
    administration" in "a senior administration official"."""
    modifiers = _premodifiers(head)
    ranks = [token.i for token in modifiers if token.lower_ in RANK_WORDS]
    if not ranks:
        return None
    return TokenRange((ranks[0], head.i))


def _premodifiers(head: Token) -> list[Token]:
    """The tokens between the determiner or number and the head: "former top Soviet security"."""
    doc = head.doc
    start = head.left_edge.i
    for token in doc[head.left_edge.i : head.i]:
        if (
            token.dep_ in COUNT_DEPS
            or token.like_num
            or token.lower_ in SELECTOR_WORDS
            or token.pos_ in ("DET", "PRON")
            or token.head.like_num  # "Three-in-five"
            or (token.is_punct and token.dep_ != "case" and token.text not in WORD_PUNCTUATION)
        ):
            start = token.i + 1
    return list(doc[start : head.i])


def _pre_affiliation(head: Token) -> TokenRange | None:
    """The organization, party or country named right before the head: "White House",
    "Sanders" in "Sanders’ aides", "law enforcement"; a party noun head is itself one."""
    modifiers = _premodifiers(head)
    end = head.i
    if modifiers and modifiers[-1].dep_ == "case":
        end = modifiers.pop().i
    start = end
    for token in reversed(modifiers):
        if token.i != start - 1 or token.lower_ in RANK_WORDS or not _affiliation_like(token):
            break
        start = token.i
    if _lemma(head) in PARTY_NOUNS:
        return TokenRange((start, head.i + 1))
    return TokenRange((start, end)) if start < end else None


def _affiliation_like(token: Token) -> bool:
    if token.ent_type_ in ORGANIZATION_ENTITIES or token.pos_ == "NOUN":
        return True
    if token.lower_ in INSTITUTIONAL_ADJECTIVES:
        return True
    # A capital makes a proper adjective the tagger missed: "Trump allies". At the start of a
    # sentence this misreads the rare plain adjective ("Disconsolate Republican operatives").
    return token.pos_ in ("PROPN", "ADJ") and (token.is_title or token.is_upper)


def _post_affiliation(head: Token) -> TokenRange | None:
    for child in head.rights:
        if child.dep_ == "prep":
            found = _post_affiliation_of(child)
            if found is not None:
                return found
    return None


def _post_affiliation_of(prep: Token) -> TokenRange | None:
    """The organization a preposition of membership names, without its article: "the DCCC"
    in "officials with the DCCC", "Tampa station" in "a source at the Tampa station"."""
    if prep.lower_ not in AFFILIATION_PREPOSITIONS:
        return None
    for obj in prep.children:
        if obj.dep_ != "pobj":
            continue
        if obj.ent_type_ in ("DATE", "TIME") or _lemma(obj) in KNOWLEDGE_LEMMAS:
            return None
        organization = (
            obj.pos_ == "PROPN"
            or obj.ent_type_ in ORGANIZATION_ENTITIES
            or _lemma(obj) in ORGANIZATION_NOUNS
        )
        if organization:
            start, end = _subtree_range(obj)
            while start < obj.i and obj.doc[start].pos_ == "DET":
                start += 1
            return TokenRange((start, end))
    return None


def _anonymity_marker(head: Token) -> Token | None:
    """The first token saying the source is unnamed: "anonymity", "not authorized", "asked not
    to be named", in the source's own phrase or in a participle beside it."""
    return _first_marker(_source_region(head))


def _first_marker(tokens: Iterable[Token]) -> Token | None:
    return next((t for t in tokens if _lemma(t) in ANONYMITY_LEMMAS or _is_negated_naming(t)), None)


def _source_region(head: Token, *more: Token) -> list[Token]:
    """The tokens of the source's phrase, its adjacent participles and the subtrees of ``more``."""
    tokens = {token.i: token for token in head.subtree}
    for root in (*_adjacent_participles(head), *more):
        tokens.update((token.i, token) for token in root.subtree)
    return [tokens[i] for i in sorted(tokens)]


def _reason(head: Token) -> TokenRange | None:
    """Why the article withholds the name, after the anonymity marker of the source or of the
    clause it speaks in: "because ...", "for fear of ...", "not authorized to ...", or a
    purpose "to discuss ..."."""
    verb = head.head
    adjuncts = []
    if head.dep_ in ("nsubj", "nsubjpass") and verb.pos_ in ("VERB", "AUX"):
        # "The person confirmed the meeting on the condition of anonymity because ...".
        adjuncts = [
            child
            for child in verb.children
            if child.dep_ in ("advcl", "prep", "npadvmod") and child.i > head.i
        ]
    region = _source_region(head, *adjuncts)
    marker = _first_marker(region)
    if marker is None:
        return None
    anchor = marker
    if _is_negated_naming(marker):
        anchor = next(child for child in marker.children if child.dep_ == "neg")
    for token in region:
        if token.i < anchor.i:
            continue
        if token.lower_ == "because":
            clause = token.head if token.dep_ == "mark" else token
            return TokenRange((token.i, clause.right_edge.i + 1))
        if token.lower_ == "for" and any(_lemma(c) == "fear" for c in token.children):
            return _subtree_range(token)
        if _is_negated_naming(token) and _lemma(token) in ("authorize", "authorise"):
            # "because they were not authorized to ...": the whole clause is the reason.
            first = min(c.i for c in token.children if c.dep_ == "neg" or c.lower_ == "because")
            return TokenRange((first, token.right_edge.i + 1))
        if token.lower_ == "to" and token.dep_ == "aux" and _purpose_of(token.head, marker):
            return TokenRange((token.i, token.head.right_edge.i + 1))
    return None


def _is_negated_naming(token: Token) -> bool:
    return _lemma(token) in NAMING_LEMMAS and any(c.dep_ == "neg" for c in token.children)


def _purpose_of(verb: Token, marker: Token) -> bool:
    """Whether ``verb`` ("discuss" in "requested anonymity to discuss") hangs on the clause
    that asked for anonymity."""
    governor = verb.head
    if governor == verb or verb == marker or verb.is_ancestor(marker):
        return False  # "asked not to be named" is the marker, not a purpose
    return governor == marker or governor.is_ancestor(marker)

"""Rule-based attribution extraction over a spaCy dependency parse.

One pass over the tokens finds cue candidates: verbs from the cue lexicon, "according to", and
nouns from the lexicon that take a that-clause. For each cue the parse yields a source (the
subject, inherited from the governing clause when the cue has none) and a content (the cue's
complement clause or object, or the subject of a passive cue). Quoted passages
(:mod:`onrecord.extract.quotes`) then widen contents to whole quotes, join a quote interrupted
by "said Biden", and decide the kind of each statement. With a statement model
(:mod:`onrecord.extract.learned`) the rules only propose: the model decides which candidates are
statements.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate

from spacy.tokens import Doc, Token
from spacy.tokens import Span as TokenSpan

from onrecord.extract.intervals import Intervals
from onrecord.extract.learned import StatementModel, all_statement_features
from onrecord.extract.lexicon import CueLexicon, default_lexicon
from onrecord.extract.quotes import EDGE_MARKS, QUOTE_MARKS, QuoteRegion, find_quotes
from onrecord.offsets import Segment
from onrecord.results import Attribution, Kind, Span

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
CLAUSE_DEPS = frozenset({"ccomp", "xcomp"})
OBJECT_DEPS = frozenset({"dobj", "oprd", "acomp", "attr"})
CONTENT_PREPOSITIONS = frozenset({"about", "for", "on", "against", "of", "to", "that"})
PERSONAL_PRONOUNS = frozenset({"he", "she", "they", "i", "we", "you", "it"})
# Adjuncts that introduce a parenthetical part of a noun phrase: "Bill Taylor, former ...".
NOUN_PHRASE_BREAKS = frozenset({",", "–", "—", "-", "(", ";"})
INHERITING_DEPS = frozenset({"xcomp", "advcl", "conj", "pcomp", "ccomp", "prep", "parataxis"})
CLARITY_ADJECTIVES = frozenset({"clear", "plain", "known"})
# Verbs whose object is the person addressed, never what was said: "told reporters".
ADDRESSEE_VERBS = frozenset({"tell", "inform", "remind", "assure", "notify", "brief"})
# "said what": the content is elsewhere (or nowhere), not the interrogative pronoun.
QUESTION_WORDS = frozenset({"what", "whatever", "which", "who", "whom"})
# A speaker label ("Sen. Ted Cruz:") is a name of a few words at the start of a line.
LABEL_MAX_TOKENS = 5
# How far before the end of its paragraph a quote may close and still end it: '“...,” he said.'
QUOTE_TAIL = 20
# A quote of fewer words is a scare quote or a title, not a statement.
QUOTE_MIN_WORDS = 3
# How far after a quote its speaker may still be named: "“...,” Trump, the frontrunner, said".
SOURCE_MAX_TOKENS = 25
EDGE_TRIM = frozenset(",;:–—-(.")
# Statement nouns that take a clause as their content ("the claim that ...").
NOUN_CONTENT_DEPS = frozenset({"acl", "ccomp", "relcl"})


@dataclass
class _Draft:
    """A statement while it is being assembled; frozen into an ``Attribution`` at the end."""

    cue: list[Segment]
    content: list[Segment]
    source: Segment | None
    anchor: int  # token index of the cue head, to order and merge drafts
    confidence: float | None = None


def extract_attributions(
    doc: Doc, lexicon: CueLexicon | None = None, model: StatementModel | None = None
) -> tuple[Attribution, ...]:
    """Every attributed statement in ``doc``, ordered by position, with character-exact spans.

    Without a ``model`` the rules alone decide, with ``lexicon`` (default: the shipped cue
    lexicon). With one, the rules propose candidates from the model's wider lexicon (unless
    ``lexicon`` is given) and only the candidates the model accepts are kept.
    """
    # Doc.text joins every token anew: read it once.
    text = doc.text
    if model is None:
        return _freeze(text, *_drafts(doc, text, lexicon or default_lexicon()))
    drafts, quotes = _drafts(doc, text, lexicon or model.lexicon)
    candidates = _freeze(text, drafts, quotes)
    probabilities = model.probabilities(all_statement_features(doc, candidates, quotes))
    kept = []
    for draft, probability in zip(_ordered(drafts), probabilities, strict=True):
        if probability >= model.threshold:
            draft.confidence = probability
            kept.append(draft)
    return _freeze(text, kept, quotes)


@dataclass(frozen=True)
class LinkedSegments:
    """A statement found by other means than the rules, as character segments of the text."""

    cue: Sequence[Segment]
    content: Sequence[Segment]
    source: Segment | None
    confidence: float | None


def freeze_linked(text: str, statements: Iterable[LinkedSegments]) -> tuple[Attribution, ...]:
    """Attributions of ``statements`` with ids, kinds and nesting decided as for the rules'.

    Fragments of one content that no letter or digit keeps apart are joined: a quotation mark
    or a comma between two parts of one content is part of it.
    """
    drafts = [
        _Draft(
            cue=list(statement.cue),
            content=_join_across_punctuation(text, statement.content),
            source=statement.source,
            # Character offsets order these drafts as token indices order the rules'.
            anchor=statement.cue[0][0],
            confidence=statement.confidence,
        )
        for statement in statements
        if statement.content
    ]
    return _freeze(text, drafts, find_quotes(text))


def _drafts(doc: Doc, text: str, lexicon: CueLexicon) -> tuple[list[_Draft], list[QuoteRegion]]:
    quotes = find_quotes(text)
    consumed: set[int] = set()
    drafts: list[_Draft] = []
    for token in doc:
        if token.i in consumed:
            continue
        draft = _draft_for(token, lexicon, consumed)
        if draft is not None and draft.content:
            drafts.append(draft)
    drafts = _merge_coordinated(doc, drafts)
    quote_index = _Quotes(quotes)
    for draft in drafts:
        draft.content = _snap_to_quotes(draft.content, quote_index, draft.cue[0])
    claims = _Claims(drafts)
    _attribute_loose_quotes(doc, text, drafts, quotes, lexicon, claims)
    _continue_interrupted_quotes(doc, text, drafts, quote_index, claims)
    _continue_into_quoted_paragraphs(text, drafts, quote_index, claims)
    return drafts, quotes


class _Quotes:
    """The quotes of a text (in order, never overlapping, as ``find_quotes`` gives them), looked
    up by position in O(log n)."""

    def __init__(self, quotes: Sequence[QuoteRegion]) -> None:
        self.quotes = quotes
        self._starts = [q.start for q in quotes]
        self._ends = [q.end for q in quotes]

    def overlapping(self, start: int, end: int) -> Sequence[QuoteRegion]:
        return self.quotes[bisect_right(self._ends, start) : bisect_left(self._starts, end)]

    def last_starting_by(self, position: int) -> QuoteRegion | None:
        """The last quote that starts at or before ``position``: of those, the one that ends
        last."""
        index = bisect_right(self._starts, position) - 1
        return self.quotes[index] if index >= 0 else None

    def first_starting_from(self, position: int) -> QuoteRegion | None:
        index = bisect_left(self._starts, position)
        return self.quotes[index] if index < len(self.quotes) else None


class _Claims:
    """Which drafts' contents overlap a quote (see ``_claimed``), without scanning every draft.

    Contents change only by taking whole quotes, which never overlap another quote: each is
    kept apart (``took``), and a draft whose content was replaced is left out of the index.
    """

    def __init__(self, drafts: Iterable[_Draft]) -> None:
        self._index = Intervals((s, e, draft) for draft in drafts for s, e in draft.content)
        self._taken: dict[Segment, list[_Draft]] = {}
        self._replaced: set[int] = set()

    def took(self, draft: _Draft, quote: Segment, *, replacing: bool = False) -> None:
        self._taken.setdefault(quote, []).append(draft)
        if replacing:
            self._replaced.add(id(draft))

    def claimed(self, quote: Segment) -> bool:
        """Whether a statement cued outside ``quote`` already has it: one cued inside it ("“I
        believe ...”") is a statement the quote reports, and leaves the quote to its speaker."""
        owners = [d for d in self._index.overlapping(*quote) if id(d) not in self._replaced]
        owners += self._taken.get(quote, [])
        return any(not _inside(draft.cue[0], [quote]) for draft in owners)


def _draft_for(token: Token, lexicon: CueLexicon, consumed: set[int]) -> _Draft | None:
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


def _speaker_label(colon: Token) -> _Draft | None:
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
    content = _trim(rest)
    source = _trim(label)
    if content is None or source is None:
        return None
    return _Draft([Segment((colon.idx, colon.idx + 1))], [content], source, colon.i)


def _verb_cue(verb: Token, consumed: set[int]) -> _Draft | None:
    cue_tokens = [verb, *_cue_modifiers(verb)]
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
    segments = _segments_of(content_heads) or quote_after_colon
    if not segments and verb.dep_ == "parataxis":
        segments = _subtree_without(verb.head, verb)
    if not segments:
        segments = _content_before_postposed_cue(verb)
    if not segments:
        # "The plan was rejected by voters", "The breach had been reported": the passive
        # subject is what was said or judged, the agent (if any) the source.
        segments = _segments_of([c for c in verb.children if c.dep_ == "nsubjpass"])
    if not segments:
        return None
    return _Draft(_token_segments(cue_tokens), segments, _source_of(verb), verb.i)


def _according_to(according: Token, consumed: set[int]) -> _Draft | None:
    to = next(child for child in according.children if child.lower_ == "to")
    consumed.add(to.i)
    objects = [child for child in to.children if child.dep_ == "pobj"]
    source = _noun_phrase(objects[0]) if objects else None
    segments = _subtree_without(according.sent.root, according, within=according.sent)
    if not segments:
        return None
    return _Draft([Segment((according.idx, to.idx + len(to)))], segments, source, according.i)


def _adjective_cue(adjective: Token) -> _Draft | None:
    """``Democrats are worried about X``, ``aides were confident that X``: states of mind."""
    complements = [c for c in adjective.children if c.dep_ in CLAUSE_DEPS]
    cue_tokens = [adjective]
    if not complements:
        prepositions = [c for c in adjective.children if c.dep_ == "prep" and c.i > adjective.i]
        if not prepositions:
            return None
        cue_tokens.append(prepositions[0])
        complements = [c for c in prepositions[0].children if c.dep_ in ("pobj", "pcomp")]
    segments = _segments_of(complements)
    if not segments:
        return None
    copula = adjective.head
    cue_tokens += [
        t
        for t in copula.doc[copula.i : adjective.i]
        if t.head.i in (copula.i, adjective.i) and t.dep_ in ("neg", "advmod")
    ]
    cue_tokens.append(copula)
    return _Draft(_token_segments(cue_tokens), segments, _source_of(copula), adjective.i)


def _noun_cue(noun: Token) -> _Draft | None:
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
    source = _noun_phrase(owner) if owner is not None else None
    if source is None and noun.dep_ in ("dobj", "attr") and noun.head.pos_ in ("VERB", "AUX"):
        source = _source_of(noun.head)
    return _Draft(_token_segments([noun]), _segments_of(clauses), source, noun.i)


def _cue_modifiers(verb: Token) -> list[Token]:
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
    segment = _trim(verb.doc[start:boundary])
    return [segment] if segment is not None else []


def _source_of(verb: Token) -> Segment | None:
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
            return _noun_phrase(current.head, stop=max(current.left_edge.i, current.head.i + 1))
        if current.dep_ not in INHERITING_DEPS or current.head.i == current.i:
            break
        current = current.head
    if not seen:
        return None
    named = next((s for s in seen if s.lower_ not in PERSONAL_PRONOUNS), None)
    chosen = named if named is not None and seen[0].lower_ in PERSONAL_PRONOUNS else seen[0]
    return _noun_phrase(chosen)


def _noun_phrase(head: Token, stop: int | None = None) -> Segment:
    """The phrase headed by ``head``, cut before a parenthetical apposition or relative clause.

    ``stop`` is a token index where the phrase must end at the latest.
    """
    tokens = [token for token in head.subtree if stop is None or token.i < stop] or [head]
    end = tokens[-1].i + 1
    for token in tokens:
        if token.i > head.i and token.text in NOUN_PHRASE_BREAKS:
            end = token.i
            break
    start = tokens[0].i
    doc = head.doc
    for token in doc[start : head.i]:
        # A quote the parser folded into the subject: "“...,” Sarandon said".
        if token.text in QUOTE_MARKS:
            start = token.i + 1
    while start < head.i and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return Segment((doc[start].idx, doc[end - 1].idx + len(doc[end - 1])))


def _token_segments(tokens: Iterable[Token]) -> list[Segment]:
    """Character segments covering ``tokens``, joining tokens that are adjacent in the text."""
    segments: list[Segment] = []
    previous: Token | None = None
    for token in sorted(set(tokens), key=lambda t: t.i):
        end = token.idx + len(token)
        if previous is not None and token.i == previous.i + 1 and "\n" not in previous.whitespace_:
            segments[-1] = Segment((segments[-1][0], end))
        else:
            segments.append(Segment((token.idx, end)))
        previous = token
    return segments


def _segments_of(heads: Sequence[Token]) -> list[Segment]:
    """Trimmed character segments of the subtrees of ``heads``."""
    spans = sorted((h.left_edge.i, h.right_edge.i + 1) for h in heads)
    if not spans:
        return []
    doc = heads[0].doc
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [segment for start, end in merged if (segment := _trim(doc[start:end])) is not None]


def _subtree_without(head: Token, removed: Token, within: TokenSpan | None = None) -> list[Segment]:
    """The subtree of ``head`` minus that of ``removed``, as up to two trimmed segments."""
    doc = head.doc
    start, end = head.left_edge.i, head.right_edge.i + 1
    if within is not None:
        start, end = within.start, within.end
    cut_start, cut_end = removed.left_edge.i, removed.right_edge.i + 1
    pieces = [doc[start:cut_start], doc[cut_end:end]]
    return [segment for piece in pieces if (segment := _trim(piece)) is not None]


def _trim(tokens: TokenSpan) -> Segment | None:
    """Character extent of ``tokens`` without edge whitespace and separating punctuation."""
    start, end = tokens.start, tokens.end
    doc = tokens.doc
    while start < end and (doc[start].is_space or doc[start].text in EDGE_TRIM):
        start += 1
    while end > start and (doc[end - 1].is_space or doc[end - 1].text in EDGE_TRIM):
        end -= 1
    if start >= end or all(doc[i].is_punct for i in range(start, end)):
        return None
    return Segment((doc[start].idx, doc[end - 1].idx + len(doc[end - 1])))


def _merge_coordinated(doc: Doc, drafts: list[_Draft]) -> list[_Draft]:
    """Join "X praised ... but said ..." into one statement with two cues and two contents."""
    merged: list[_Draft] = []
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


def _snap_to_quotes(segments: list[Segment], quotes: _Quotes, cue: Segment) -> list[Segment]:
    """Widen each content segment to every quoted passage it touches, but the one around the
    ``cue``."""
    snapped = []
    for start, end in segments:
        for quote in quotes.overlapping(start, end):
            if not _inside(cue, [quote.segment]):
                start, end = min(start, quote.start), max(end, quote.end)
        snapped.append(Segment((start, end)))
    return _union(snapped)


def _attribute_loose_quotes(
    doc: Doc,
    text: str,
    drafts: list[_Draft],
    quotes: Sequence[QuoteRegion],
    lexicon: CueLexicon,
    claims: _Claims,
) -> None:
    """Quotes no cue claimed because the parse went astray, attributed by their surroundings.

    News writes ``“...,” Trump, the frontrunner, said`` and ``Trump told reporters: “...”`` so
    consistently that the words next to a quote are a better guide than a broken parse.
    """
    by_anchor = {draft.anchor: draft for draft in drafts}
    token_starts = [token.idx for token in doc] if quotes else []
    for quote in quotes:
        if claims.claimed(quote.segment):
            continue
        if len(text[quote.start : quote.end].split()) < QUOTE_MIN_WORDS:
            continue  # a scare-quoted word or name is not a statement
        after = bisect_left(token_starts, quote.end)
        before = bisect_left(token_starts, quote.start) - 1
        found = _cue_after_quote(doc, after, lexicon) or _cue_before_quote(doc, before, lexicon)
        if found is None:
            continue
        verb, source = found
        segment = quote.segment
        draft = by_anchor.get(verb.i)
        if draft is None:
            cue = _token_segments([verb, *_cue_modifiers(verb)])
            draft = _Draft(cue, [segment], source or _source_of(verb), verb.i)
            drafts.append(draft)
            by_anchor[verb.i] = draft
            claims.took(draft, segment)
        elif _overlaps(draft.content[0], [Segment((verb.sent.start_char, verb.sent.end_char))]):
            # The parse gave the cue a content inside its own sentence: the quote replaces it.
            draft.content = [segment]
            draft.source = source or draft.source
            claims.took(draft, segment, replacing=True)


def _cue_after_quote(
    doc: Doc, position: int, lexicon: CueLexicon
) -> tuple[Token, Segment | None] | None:
    """``“...,” NAME ... said`` or ``“...,” said NAME``: the cue verb and the source, if any.

    ``position`` is the index of the first token after the quote.
    """
    following = _tokens_from(doc, position)
    if not following:
        return None
    first = following[0]
    if _is_cue_verb(first, lexicon):
        subject = next(
            (c for c in first.children if c.dep_ in SUBJECT_DEPS and c.i > first.i), None
        )
        return first, _noun_phrase(subject) if subject is not None else None
    for token in following[1:SOURCE_MAX_TOKENS]:
        if token.pos_ == "VERB":
            if not _is_cue_verb(token, lexicon):
                return None
            source = _trim(doc[first.i : token.i])
            phrase = _noun_phrase_tokens(doc, first.i, token.i)
            return token, phrase if phrase is not None else source
        if token.text in QUOTE_MARKS or "\n" in token.text:
            return None
    return None


def _cue_before_quote(
    doc: Doc, position: int, lexicon: CueLexicon
) -> tuple[Token, Segment | None] | None:
    """``Trump told reporters: “...”``: a cue verb right before the colon or comma.

    ``position`` is the index of the last token before the quote.
    """
    while position > 0 and doc[position].is_space:
        if "\n" in doc[position].text:
            return None
        position -= 1
    if position < 1 or doc[position].text not in (":", ","):
        return None
    previous = doc[position - 1]
    for candidate in (previous, previous.head):
        if _is_cue_verb(candidate, lexicon) and candidate.sent.start <= previous.i:
            return candidate, None
    return None


def _tokens_from(doc: Doc, start: int) -> list[Token]:
    """The tokens of the same line from index ``start`` on, leading punctuation skipped."""
    tokens: list[Token] = []
    for token in doc[start : start + SOURCE_MAX_TOKENS + 2]:
        if "\n" in token.text:
            break
        if not tokens and (token.is_punct or token.is_space):
            continue
        tokens.append(token)
    return tokens


def _noun_phrase_tokens(doc: Doc, start: int, end: int) -> Segment | None:
    """``doc[start:end]`` up to its first parenthetical break, trimmed."""
    for position in range(start + 1, end):
        if doc[position].text in NOUN_PHRASE_BREAKS:
            end = position
            break
    return _trim(doc[start:end])


def _is_cue_verb(token: Token, lexicon: CueLexicon) -> bool:
    return token.pos_ == "VERB" and token.lemma_.lower() in lexicon.verbs


def _overlaps(segment: Segment, segments: Iterable[Segment]) -> bool:
    return any(start < segment[1] and segment[0] < end for start, end in segments)


def _continue_interrupted_quotes(
    doc: Doc, text: str, drafts: list[_Draft], quotes: _Quotes, claims: _Claims
) -> None:
    """Give "“A,” said Biden. “B.”" both quoted parts: B opens the sentence after the cue's."""
    for draft in drafts:
        last_end = draft.content[-1][1]
        holder = quotes.last_starting_by(last_end - 1)
        if holder is None or holder.end < last_end:
            continue  # not a quote
        if _inside(draft.cue[0], [holder.segment]):
            continue  # a statement the quote itself reports
        sentence_end = doc[draft.anchor].sent.end_char
        cue_end = draft.cue[-1][1]
        following = quotes.first_starting_from(cue_end)
        if following is None:
            continue
        # The parser may end the cue's sentence after the next opening mark: 'she said. \'\''.
        swallowed = text[following.start : sentence_end]
        if any(mark not in EDGE_MARKS for mark in swallowed.strip()):
            continue
        if text[sentence_end : following.start].strip(" \t") != "":
            continue
        if claims.claimed(following.segment):
            continue
        draft.content.append(following.segment)
        claims.took(draft, following.segment)


def _continue_into_quoted_paragraphs(
    text: str, drafts: list[_Draft], quotes: _Quotes, claims: _Claims
) -> None:
    """A paragraph that is nothing but a quote goes on with the paragraph before it.

    It belongs to the statement cued there when that paragraph ends with a colon ("Cruz
    said:") or with the statement's own quote ("“...,” he said." then another quoted paragraph).
    """
    by_cue = sorted(drafts, key=lambda d: d.cue[0][0])
    cue_starts = [d.cue[0][0] for d in by_cue]
    for quote in quotes.quotes:
        if claims.claimed(quote.segment):
            continue
        start = text.rfind("\n", 0, quote.start) + 1
        end = text.find("\n", quote.end)
        end = len(text) if end < 0 else end
        if any(c.isalnum() for c in text[start : quote.start] + text[quote.end : end]):
            continue
        previous_end = start
        while previous_end > 0 and text[previous_end - 1].isspace():
            previous_end -= 1
        previous_start = text.rfind("\n", 0, previous_end) + 1
        first, last = (bisect_left(cue_starts, p) for p in (previous_start, previous_end))
        if first == last:
            continue  # no statement is cued in the paragraph before
        # The last cued there; of several cued at one place, the first of the drafts.
        draft = by_cue[bisect_left(cue_starts, cue_starts[last - 1])]
        ends_with_colon = text[previous_start:previous_end].endswith(":")
        holder = quotes.last_starting_by(draft.content[-1][0])
        quoted_to_the_end = holder is not None and holder.end >= previous_end - QUOTE_TAIL
        if ends_with_colon or quoted_to_the_end:
            draft.content.append(quote.segment)
            claims.took(draft, quote.segment)


def _join_across_punctuation(text: str, segments: Iterable[Segment]) -> list[Segment]:
    joined: list[Segment] = []
    for start, end in _union(segments):
        if joined and not any(char.isalnum() for char in text[joined[-1][1] : start]):
            joined[-1] = Segment((joined[-1][0], end))
        else:
            joined.append(Segment((start, end)))
    return joined


def _union(segments: Iterable[Segment]) -> list[Segment]:
    result: list[Segment] = []
    for start, end in sorted(segments):
        if result and start <= result[-1][1]:
            result[-1] = Segment((result[-1][0], max(result[-1][1], end)))
        else:
            result.append(Segment((start, end)))
    return result


class _Words:
    """How many letters and digits a span has inside quotes and outside them, in O(log n)."""

    def __init__(self, text: str, quotes: Sequence[QuoteRegion]) -> None:
        # Letters and digits before each position, and before each quote's start inside quotes.
        self._before = [0, *accumulate(map(str.isalnum, text))]
        self._quotes = quotes
        self._starts = [quote.start for quote in quotes]
        self._quoted_before = [0]
        for quote in quotes:
            inside = self._before[quote.end] - self._before[quote.start]
            self._quoted_before.append(self._quoted_before[-1] + inside)

    def inside_and_outside(self, start: int, end: int) -> tuple[int, int]:
        inside = self._quoted_until(end) - self._quoted_until(start)
        return inside, self._before[end] - self._before[start] - inside

    def _quoted_until(self, position: int) -> int:
        index = bisect_right(self._starts, position) - 1
        if index < 0:
            return 0
        quote = self._quotes[index]
        partial = self._before[min(position, quote.end)] - self._before[quote.start]
        return self._quoted_before[index] + partial


def _kind(content: Sequence[Segment], words: _Words) -> Kind:
    inside = outside = 0
    for start, end in content:
        quoted, unquoted = words.inside_and_outside(start, end)
        inside += quoted
        outside += unquoted
    if inside and not outside:
        return Kind.DIRECT
    return Kind.MIXED if inside else Kind.INDIRECT


def _freeze(
    text: str, drafts: Sequence[_Draft], quotes: Sequence[QuoteRegion]
) -> tuple[Attribution, ...]:
    ordered = _ordered(drafts)
    ids = {id(draft): f"a{number}" for number, draft in enumerate(ordered, start=1)}
    words = _Words(text, quotes)
    contents = Intervals((s, e, n) for n, draft in enumerate(ordered) for s, e in draft.content)
    attributions = []
    for draft in ordered:
        container = _innermost_container(draft, ordered, contents)
        attributions.append(
            Attribution(
                id=ids[id(draft)],
                kind=_kind(draft.content, words),
                content=tuple(Span.of(text, s, e) for s, e in draft.content),
                cue=tuple(Span.of(text, s, e) for s, e in draft.cue),
                source=Span.of(text, *draft.source) if draft.source else None,
                nested_in=ids[id(container)] if container is not None else None,
                # Four decimals tell statements apart; more would be the models' noise.
                confidence=None if draft.confidence is None else round(draft.confidence, 4),
            )
        )
    return tuple(attributions)


def _ordered(drafts: Iterable[_Draft]) -> list[_Draft]:
    return sorted(drafts, key=lambda d: (d.content[0][0], d.anchor))


def _inside(segment: Segment, segments: Sequence[Segment]) -> bool:
    return any(start <= segment[0] and segment[1] <= end for start, end in segments)


def _innermost_container(
    draft: _Draft, drafts: Sequence[_Draft], contents: Intervals[int]
) -> _Draft | None:
    """The draft of the shortest content that holds ``draft``'s cue (``contents`` indexes the
    content segments of ``drafts`` by position in it); the first of several as short."""
    cue = draft.cue[0]
    containers = [
        other
        for other in (drafts[n] for n in sorted(set(contents.overlapping(cue[0], cue[1]))))
        if other is not draft
        and _inside(cue, other.content)
        and not _inside(other.cue[0], draft.content)
    ]
    return min(containers, key=lambda d: sum(e - s for s, e in d.content), default=None)

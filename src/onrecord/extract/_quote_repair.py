"""Quote repair: drafts widened to whole quotes, and quotes the parse missed given a cue.

Contents are widened to every quoted passage they touch; a quote no cue claimed is attributed by
the words around it (``“...,” Trump said``); a quote interrupted by its cue (``“A,” said Biden.
“B.”``) and quoted paragraphs that go on after a colon or a quote join their statement.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence

from spacy.tokens import Doc, Token

from onrecord.extract._cues import (
    QUOTE_MIN_WORDS,
    SUBJECT_DEPS,
    Draft,
    cue_modifiers,
    is_cue_verb,
    source_of,
)
from onrecord.extract._intervals import Intervals
from onrecord.extract._lexicon import CueLexicon
from onrecord.extract._quotes import EDGE_MARKS, QUOTE_MARKS, QuoteRegion
from onrecord.extract._segments import (
    inside,
    noun_phrase,
    noun_phrase_tokens,
    overlaps,
    token_segments,
    trim,
    union,
)
from onrecord.offsets import Segment

# How far before the end of its paragraph a quote may close and still end it: '“...,” he said.'
QUOTE_TAIL = 20
# How far after a quote its speaker may still be named: "“...,” Trump, the frontrunner, said".
SOURCE_MAX_TOKENS = 25


class Quotes:
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


class Claims:
    """Which drafts' contents overlap a quote (see ``_claimed``), without scanning every draft.

    Contents change only by taking whole quotes, which never overlap another quote: each is
    kept apart (``took``), and a draft whose content was replaced is left out of the index.
    """

    def __init__(self, drafts: Iterable[Draft]) -> None:
        self._index = Intervals((s, e, draft) for draft in drafts for s, e in draft.content)
        self._taken: dict[Segment, list[Draft]] = {}
        self._replaced: set[int] = set()

    def took(self, draft: Draft, quote: Segment, *, replacing: bool = False) -> None:
        self._taken.setdefault(quote, []).append(draft)
        if replacing:
            self._replaced.add(id(draft))

    def claimed(self, quote: Segment) -> bool:
        """Whether a statement cued outside ``quote`` already has it: one cued inside it ("“I
        believe ...”") is a statement the quote reports, and leaves the quote to its speaker."""
        owners = [d for d in self._index.overlapping(*quote) if id(d) not in self._replaced]
        owners += self._taken.get(quote, [])
        return any(not inside(draft.cue[0], [quote]) for draft in owners)


def snap_to_quotes(segments: list[Segment], quotes: Quotes, cue: Segment) -> list[Segment]:
    """Widen each content segment to every quoted passage it touches, but the one around the
    ``cue``."""
    snapped = []
    for start, end in segments:
        for quote in quotes.overlapping(start, end):
            if not inside(cue, [quote.segment]):
                start, end = min(start, quote.start), max(end, quote.end)
        snapped.append(Segment((start, end)))
    return union(snapped)


def attribute_loose_quotes(
    doc: Doc,
    text: str,
    drafts: list[Draft],
    quotes: Sequence[QuoteRegion],
    lexicon: CueLexicon,
    claims: Claims,
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
            cue = token_segments([verb, *cue_modifiers(verb)])
            draft = Draft(cue, [segment], source or source_of(verb), verb.i)
            drafts.append(draft)
            by_anchor[verb.i] = draft
            claims.took(draft, segment)
        elif overlaps(draft.content[0], [Segment((verb.sent.start_char, verb.sent.end_char))]):
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
    if is_cue_verb(first, lexicon):
        subject = next(
            (c for c in first.children if c.dep_ in SUBJECT_DEPS and c.i > first.i), None
        )
        return first, noun_phrase(subject) if subject is not None else None
    for token in following[1:SOURCE_MAX_TOKENS]:
        if token.pos_ == "VERB":
            if not is_cue_verb(token, lexicon):
                return None
            source = trim(doc[first.i : token.i])
            phrase = noun_phrase_tokens(doc, first.i, token.i)
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
        if is_cue_verb(candidate, lexicon) and candidate.sent.start <= previous.i:
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


def continue_interrupted_quotes(
    doc: Doc, text: str, drafts: list[Draft], quotes: Quotes, claims: Claims
) -> None:
    """Give "“A,” said Biden. “B.”" both quoted parts: B opens the sentence after the cue's."""
    for draft in drafts:
        last_end = draft.content[-1][1]
        holder = quotes.last_starting_by(last_end - 1)
        if holder is None or holder.end < last_end:
            continue  # not a quote
        if inside(draft.cue[0], [holder.segment]):
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


def continue_into_quoted_paragraphs(
    text: str, drafts: list[Draft], quotes: Quotes, claims: Claims
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

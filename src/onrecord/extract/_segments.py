"""Span geometry: character segments of a text, from tokens of its parse and among each other.

A :data:`onrecord.offsets.Segment` is a half-open range of character offsets. These helpers
turn parse tokens into trimmed segments (noun phrases, subtrees, runs of tokens) and compare,
unite and join segments.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.tokens import Doc, Token
from spacy.tokens import Span as TokenSpan

from onrecord.extract._quotes import QUOTE_MARKS
from onrecord.offsets import Segment

# Adjuncts that introduce a parenthetical part of a noun phrase: "Bill Taylor, former ...".
NOUN_PHRASE_BREAKS = frozenset({",", "–", "—", "-", "(", ";"})
EDGE_TRIM = frozenset(",;:–—-(.")


def noun_phrase(head: Token, stop: int | None = None) -> Segment:
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


def token_segments(tokens: Iterable[Token]) -> list[Segment]:
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


def segments_of(heads: Sequence[Token]) -> list[Segment]:
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
    return [segment for start, end in merged if (segment := trim(doc[start:end])) is not None]


def subtree_without(head: Token, removed: Token, within: TokenSpan | None = None) -> list[Segment]:
    """The subtree of ``head`` minus that of ``removed``, as up to two trimmed segments."""
    doc = head.doc
    start, end = head.left_edge.i, head.right_edge.i + 1
    if within is not None:
        start, end = within.start, within.end
    cut_start, cut_end = removed.left_edge.i, removed.right_edge.i + 1
    pieces = [doc[start:cut_start], doc[cut_end:end]]
    return [segment for piece in pieces if (segment := trim(piece)) is not None]


def trim(tokens: TokenSpan) -> Segment | None:
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


def noun_phrase_tokens(doc: Doc, start: int, end: int) -> Segment | None:
    """``doc[start:end]`` up to its first parenthetical break, trimmed."""
    for position in range(start + 1, end):
        if doc[position].text in NOUN_PHRASE_BREAKS:
            end = position
            break
    return trim(doc[start:end])


def overlaps(segment: Segment, segments: Iterable[Segment]) -> bool:
    return any(start < segment[1] and segment[0] < end for start, end in segments)


def join_across_punctuation(text: str, segments: Iterable[Segment]) -> list[Segment]:
    joined: list[Segment] = []
    for start, end in union(segments):
        if joined and not any(char.isalnum() for char in text[joined[-1][1] : start]):
            joined[-1] = Segment((joined[-1][0], end))
        else:
            joined.append(Segment((start, end)))
    return joined


def union(segments: Iterable[Segment]) -> list[Segment]:
    result: list[Segment] = []
    for start, end in sorted(segments):
        if result and start <= result[-1][1]:
            result[-1] = Segment((result[-1][0], max(result[-1][1], end)))
        else:
            result.append(Segment((start, end)))
    return result


def inside(segment: Segment, segments: Sequence[Segment]) -> bool:
    return any(start <= segment[0] and segment[1] <= end for start, end in segments)

"""Finding quoted passages, with repair of the unbalanced quotation marks real news contains.

Double quotation marks of every common style are paired: straight (" and the two-apostrophe
'' of some newswires), curly (“ ”), low (\u201e) and guillemets (« » ‹ ›). Single quotes are
left alone: in English news they are mostly apostrophes, and the quotes they do mark are
nested inside double quotes.

Pairing runs paragraph by paragraph. A quote still open at the end of a paragraph continues when
the next paragraph opens with a quotation mark (the news convention for multi-paragraph quotes);
otherwise it is closed at the end of its paragraph. A closing mark with no opener extends the
previous quote of the same paragraph (a misplaced closer inside a quote), or else starts the quote
at the beginning of its paragraph. Every repair is recorded, and no mark ever aborts the scan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from onrecord.offsets import Segment

OPENING_MARKS = frozenset("“„«‹")
CLOSING_MARKS = frozenset("”»›")
# Straight marks open or close by context; two apostrophes stand for one in some newswires.
STRAIGHT_MARKS = frozenset({'"', "''"})
QUOTE_MARKS = OPENING_MARKS | CLOSING_MARKS | STRAIGHT_MARKS
# Characters that may stand at a quote's edges without being part of what was said.
EDGE_MARKS = frozenset("“„«‹”»›\"‘’'")

_PARAGRAPH_BREAK = re.compile(r"\n\s*")
_MARK = re.compile("''|[\"“”„«»‹›]")


@dataclass(frozen=True, slots=True)
class QuoteRegion:
    """A quoted passage ``text[start:end]``, marks included; ``repaired`` if a mark was missing."""

    start: int
    end: int
    repaired: bool = False

    @property
    def segment(self) -> Segment:
        return Segment((self.start, self.end))


def _paragraphs(text: str) -> list[Segment]:
    """``(start, end)`` of each paragraph: runs of text separated by line breaks."""
    bounds = []
    position = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        if match.start() > position:
            bounds.append(Segment((position, match.start())))
        position = match.end()
    if position < len(text):
        bounds.append(Segment((position, len(text))))
    return bounds


def _is_opening(text: str, mark: re.Match[str], quote_open: bool) -> bool:
    if mark.group() in OPENING_MARKS:
        return True
    if mark.group() in CLOSING_MARKS:
        return False
    before = text[mark.start() - 1] if mark.start() > 0 else " "
    after = text[mark.end()] if mark.end() < len(text) else " "
    if (before.isspace() or before in "([{—–-/") and not after.isspace():
        return True
    if not before.isspace() and (after.isspace() or not after.isalnum()):
        return False
    return not quote_open


def find_quotes(text: str) -> list[QuoteRegion]:
    """All quoted passages of ``text`` in order, never overlapping."""
    regions: list[QuoteRegion] = []
    paragraphs = _paragraphs(text)
    open_at: int | None = None
    for number, (para_start, para_end) in enumerate(paragraphs):
        first_in_paragraph = len(regions)
        for mark in _MARK.finditer(text, para_start, para_end):
            if _is_opening(text, mark, open_at is not None):
                if open_at is not None and not (
                    mark.start() == para_start and open_at < para_start
                ):
                    # An opener inside an open quote: the earlier one lacked its closer.
                    regions.append(
                        QuoteRegion(open_at, _trim_end(text, open_at, mark.start()), True)
                    )
                elif open_at is not None:
                    continue  # a new paragraph of the same quote
                open_at = mark.start()
            elif open_at is not None:
                regions.append(QuoteRegion(open_at, mark.end()))
                open_at = None
            elif len(regions) > first_in_paragraph:
                previous = regions.pop()
                regions.append(QuoteRegion(previous.start, mark.end(), True))
            else:
                regions.append(QuoteRegion(para_start, mark.end(), True))
        if open_at is not None:
            next_start = paragraphs[number + 1][0] if number + 1 < len(paragraphs) else None
            continues = next_start is not None and _MARK.match(text, next_start) is not None
            if not continues:
                regions.append(QuoteRegion(open_at, _trim_end(text, open_at, para_end), True))
                open_at = None
    return regions


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start + 1 and text[end - 1].isspace():
        end -= 1
    return end

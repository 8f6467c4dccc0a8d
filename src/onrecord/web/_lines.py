"""Lines for the pages and the API: run once per state of the store, and a speaker's stance on
the saved lines month by month.

Running a line searches the store and reads every statement found with the position through
the stance model: a second or more on a large store. A line is kept, with the state of the
store it was run on (``store_state``), until the store changes; the last ``CACHED_LINES`` lines
asked for are kept, so that a speaker page that shows every saved line does not run them again
on each visit.
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, fields

from onrecord.errors import LineError
from onrecord.shapes import to_json
from onrecord.stance import (
    LINE_DEPTH,
    NEITHER,
    OPPOSES,
    SUPPORTS,
    Line,
    SpeakerLine,
    StanceClassifier,
    run_line,
)
from onrecord.store import MonthCount, SavedLine, StatementFilter, StatementRow, Store
from onrecord.web._subjects import store_state

# Lines kept: each holds up to a line's depth of statements, a few hundred kB at most.
CACHED_LINES = 64


@dataclass(frozen=True, slots=True)
class LineAsked:
    """What a line is run for: the cache's key."""

    position: str
    filters: StatementFilter
    depth: int


class LineCache:
    """Lines already run on a store, each run again when the store has changed since.

    ``model`` classifies (the shipped stance model unless given: tests give a stand-in).
    """

    def __init__(self, model: StanceClassifier | None = None, size: int = CACHED_LINES) -> None:
        self.model = model
        self._size = size
        self._lock = threading.Lock()
        self._running = threading.Lock()
        self._lines: OrderedDict[LineAsked, tuple[object, Line[StatementRow]]] = OrderedDict()

    def get(
        self,
        store: Store,
        position: str,
        filters: StatementFilter | None = None,
        depth: int = LINE_DEPTH,
    ) -> Line[StatementRow]:
        asked = LineAsked(position.strip(), filters or StatementFilter(), depth)
        state = store_state(store)
        kept = self._kept(asked, state)
        if kept is not None:
            return kept
        # One line runs at a time, the model using every core for it; a request for a line
        # being run waits for it rather than run it again, and lines already run are answered
        # meanwhile.
        with self._running:
            kept = self._kept(asked, state)
            if kept is not None:
                return kept
            line = run_line(
                store, asked.position, filters=asked.filters, depth=depth, model=self.model
            )
            with self._lock:
                self._lines[asked] = (state, line)
                self._lines.move_to_end(asked)
                while len(self._lines) > self._size:
                    self._lines.popitem(last=False)
            return line

    def _kept(self, asked: LineAsked, state: object) -> Line[StatementRow] | None:
        with self._lock:
            kept = self._lines.get(asked)
            if kept is None or kept[0] != state:
                return None
            self._lines.move_to_end(asked)
            return kept[1]


@dataclass(frozen=True, slots=True)
class StanceMonths:
    """A speaker's statements on a line per month, by stance (undated ones not counted)."""

    supports: tuple[MonthCount, ...]
    opposes: tuple[MonthCount, ...]
    neither: tuple[MonthCount, ...]


@dataclass(frozen=True, slots=True)
class SpeakerStance:
    """A speaker's stance on a saved line: None for ``speaker`` if no statement of theirs is on
    the line's subject (or the line's filters leave them out)."""

    line: SavedLine
    speaker: SpeakerLine[StatementRow] | None


def stance_months(speaker: SpeakerLine[StatementRow]) -> StanceMonths:
    """The statements of ``speaker`` per month of their day, for each stance."""

    def counts(stance: str) -> tuple[MonthCount, ...]:
        months = Counter(
            c.day.replace(day=1)
            for c in speaker.statements
            if c.stance.stance == stance and c.day is not None
        )
        return tuple(MonthCount(month, count) for month, count in sorted(months.items()))

    return StanceMonths(counts(SUPPORTS), counts(OPPOSES), counts(NEITHER))


def speaker_stances(
    cache: LineCache, store: Store, speaker_id: int, lines: Sequence[SavedLine]
) -> list[SpeakerStance]:
    """The stance of speaker ``speaker_id`` on each of ``lines``.

    Each line is run on the speaker's statements alone (its own filters and this speaker):
    the search then ranks the speaker's statements, not everyone's, so that a speaker quoted
    less often than others on the subject is not crowded out of the line's depth.
    """
    found = []
    for saved in lines:
        line = cache.get(store, *line_query(saved, None, StatementFilter(speaker_id=speaker_id)))
        mine = next((s for s in line.speakers if s.speaker_id == speaker_id), None)
        found.append(SpeakerStance(saved, mine))
    return found


def line_query(
    saved: SavedLine | None, position: str | None, filters: StatementFilter
) -> tuple[str, StatementFilter]:
    """The position and filters of a line asked for: ``saved``'s, each of its filters that
    ``filters`` sets replaced (as ``onrecord line --saved`` replaces them); else ``position``
    with ``filters``.

    A ``LineError`` if neither a saved line nor a position is given, or both.
    """
    if saved is None:
        if not position or not position.strip():
            raise LineError("give a position (a sentence) or the name of a saved line")
        return position, filters
    if position:
        raise LineError(f"give a position or the name of a saved line ({saved.name!r}), not both")
    return saved.position, saved.filters.replaced_by(filters)


def describe_filters(filters: StatementFilter) -> str:
    """The filters that are set, as "speaker: Biden; since: 2022-11-01"; "" for none."""
    return "; ".join(
        f"{field.name}: {to_json(value)}"
        for field in fields(filters)
        if (value := getattr(filters, field.name)) is not None
    )

"""A line over the store: the statements on a position's subject, found by search, classified.

:func:`run_line` is what ``onrecord line``, the web app's Line page and its API run;
:func:`line_record` and :func:`line_rows` are the JSON and CSV shapes of its result, one
declaration for all of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from onrecord.errors import LineError
from onrecord.shapes import to_json
from onrecord.stance._line import ClassifiedStatement, Line, SpeakerLine, hold_line

if TYPE_CHECKING:
    from onrecord.stance._line import StanceClassifier
    from onrecord.store import StatementFilter, StatementRow, Store

# How many statements the search gives a line. The model reads each with the position, one pair
# at a time (3 to 5 ms), so a line's time grows with it. On 100,000 statements (bench/line.py)
# 200 brought 54 of the news check set's 79 statements that take a side (100: 43, 400: 59) and
# Milley's departure of the example, 147th; 400 would take PostgreSQL's cold run past 10 s.
LINE_DEPTH = 200
# The deepest a search ranks (``Store.search``).
MAX_LINE_DEPTH = 1000


def run_line(
    store: Store,
    position: str,
    *,
    filters: StatementFilter | None = None,
    depth: int = LINE_DEPTH,
    model: StanceClassifier | None = None,
) -> Line[StatementRow]:
    """Who holds the line ``position`` in ``store``: the ``depth`` statements that best match it
    (``Store.search`` in mode "both", ``filters`` applied inside the search), each classified
    toward it by ``model`` (the shipped stance model unless given) and grouped by speaker, those
    who departed from it first (see :func:`onrecord.stance.hold_line`). Statements whose
    content has no words are left out.

    A ``LineError`` says if the position is empty or ``depth`` is not from 1 to 1,000.
    """
    from onrecord.embed import embed_query
    from onrecord.store._lines import checked_position

    position = checked_position(position)
    if not 1 <= depth <= MAX_LINE_DEPTH:
        raise LineError(f"the depth of a line is from 1 to {MAX_LINE_DEPTH}, not {depth}")
    hits = store.search(
        position, vector=embed_query(position), mode="both", filters=filters, limit=depth
    )
    # A statement whose content is blank (a quote the annotator or extractor left empty) takes
    # no side, and the model refuses to read it.
    said = [hit.statement for hit in hits if hit.statement.text.strip()]
    return hold_line(position, said, model)


def line_record(line: Line[StatementRow]) -> dict[str, Any]:
    """The JSON shape of a line: ``{"position", "speakers": [...]}``, speakers in the line's
    order, each ``{"speaker", "speaker_id", "supports", "opposes", "neither", "departures",
    "statements"}``: the counts of its statements by stance, its departures (the statements
    that oppose the line) and all its statements, both in date order. A statement is the JSON
    of its ``StatementRow`` with the fields of its ``Stance`` (``stance``, the probabilities
    ``supports``, ``opposes``, ``neither`` and the ``unrelated`` part of ``neither``) and its
    ``day`` (its date when the article gives one, else the article's, else null).
    """
    return {
        "position": line.position,
        "speakers": [_speaker_record(speaker) for speaker in line.speakers],
    }


def line_rows(line: Line[StatementRow]) -> list[dict[str, Any]]:
    """A line as flat rows, one per classified statement in the line's order: the position,
    the speaker's name as the line groups it, then the statement as :func:`line_record` gives
    it (``speaker_id`` and the rest)."""
    return [
        {"position": line.position, "speaker": speaker.speaker, **statement_record(classified)}
        for speaker in line.speakers
        for classified in speaker.statements
    ]


def statement_record(classified: ClassifiedStatement[StatementRow]) -> dict[str, Any]:
    """A classified statement's JSON: its row's fields, its stance's and its day."""
    return {
        **to_json(classified.statement),
        **to_json(classified.stance),
        "day": to_json(classified.day),
    }


def _speaker_record(speaker: SpeakerLine[StatementRow]) -> dict[str, Any]:
    return {
        "speaker": speaker.speaker,
        "speaker_id": speaker.speaker_id,
        "supports": speaker.supports,
        "opposes": speaker.opposes,
        "neither": speaker.neither,
        "departures": [statement_record(each) for each in speaker.departures],
        "statements": [statement_record(each) for each in speaker.statements],
    }

"""``onrecord topics``: the subjects of the stored statements, found from their vectors."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from onrecord._analyze import parse_date
from onrecord.cli._query import _name_several
from onrecord.cli._util import (
    Command,
    DbOption,
    OutletOption,
    SinceOption,
    SpeakerOption,
    UntilOption,
    app,
    complain,
    example,
    fail,
)
from onrecord.errors import OnrecordError
from onrecord.shapes import to_json

if TYPE_CHECKING:
    from onrecord.topics import Subject

# Speakers named on a subject's line in text output; the rest are counted.
SHOWN_SPEAKERS = 5


class TopicsFormat(StrEnum):
    text = "text"
    json = "json"


@app.command(
    cls=Command,
    epilog=example("onrecord topics --speaker Trump --since 2016-09-01 --until 2016-09-30"),
)
def topics(
    db: DbOption = None,
    speaker: SpeakerOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    outlet: OutletOption = None,
    seed: Annotated[
        int, typer.Option(min=0, help="Seed of the clustering: the same seed, the same subjects.")
    ] = 0,
    subjects: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="How many subjects (default: the square root of half the number of statements).",
        ),
    ] = None,
    output_format: Annotated[
        TopicsFormat, typer.Option("--format", help="Output format.")
    ] = TopicsFormat.text,
) -> None:
    """Subjects: the statements grouped by meaning, each with the words that set it apart,
    its size, speakers and time span, largest first.

    Only statements with a vector take part (`onrecord embed` gives the others theirs). The
    filters choose the statements that are grouped: with --speaker, the subjects of what that
    speaker said.
    """
    try:
        from onrecord.store import StatementFilter, Store
        from onrecord.topics import find_subjects

        filters = StatementFilter(
            speaker=speaker, since=parse_date(since), until=parse_date(until), outlet=outlet
        )
        with Store.open(db, read_only=True) as store:
            if speaker is not None:
                _name_several(speaker, store.speakers(known_as=speaker))
            rows, vectors = store.statement_vectors(filters)
        found = find_subjects(rows, vectors, seed=seed, subjects=subjects)
    except OnrecordError as error:
        fail(str(error))
    if not rows:
        complain("note", "no statement with a vector matches; `onrecord embed` adds vectors")
    if output_format is TopicsFormat.json:
        json.dump([to_json(subject) for subject in found], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    if rows:
        typer.echo(f"{len(found)} subjects of {len(rows)} statements (seed {seed})")
    for number, subject in enumerate(found, 1):
        typer.echo("")
        typer.echo(_describe(number, subject))


def _describe(number: int, subject: Subject) -> str:
    """A subject in a few lines: label and size, span, more words, speakers."""
    if subject.first is None or subject.last is None:
        span = "undated"
    elif subject.first == subject.last:
        span = subject.first.isoformat()
    else:
        span = f"{subject.first.isoformat()} – {subject.last.isoformat()}"
    named = [speaker for speaker in subject.speakers if speaker.name is not None]
    unresolved = sum(speaker.statements for speaker in subject.speakers if speaker.name is None)
    who = [f"{speaker.name} ({speaker.statements})" for speaker in named[:SHOWN_SPEAKERS]]
    if len(named) > SHOWN_SPEAKERS:
        who.append(f"{len(named) - SHOWN_SPEAKERS} more")
    if unresolved:
        who.append(f"{unresolved} unresolved")
    statements = "statement" if subject.size == 1 else "statements"
    lines = [
        f"{number:>3}. {subject.label or '(no distinctive words)'} — {subject.size} {statements}",
        f"     {span} · cohesion {subject.cohesion:.2f} · id {subject.id}",
    ]
    if len(subject.words) > 3:
        lines.append(f"     also: {' · '.join(subject.words[3:])}")
    lines.append(f"     speakers: {', '.join(who)}")
    return "\n".join(lines)

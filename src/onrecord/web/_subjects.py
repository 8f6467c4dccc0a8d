"""The subjects of the store's statements for the pages: computed once per state of the store.

Clustering a large corpus takes seconds, and every speaker page shows subjects: they are
computed on first use and kept until the store changes (``store_state``).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from onrecord.store import MonthCount, StatementRow, Store
from onrecord.store._database import reported
from onrecord.store._schema import saved_lines, statement_vectors
from onrecord.topics import StatementKey, Subject, find_subjects

# The subjects of the pages are those of this seed, and of the default number of subjects.
SEED = 0


@dataclass(frozen=True, slots=True)
class CorpusSubjects:
    """The subjects of every stored statement with a vector, and those statements."""

    subjects: tuple[Subject, ...]
    statements: Mapping[StatementKey, StatementRow]
    subject_of: Mapping[StatementKey, Subject]

    def subject(self, subject_id: str) -> Subject | None:
        return next((subject for subject in self.subjects if subject.id == subject_id), None)

    def rows(self, subject: Subject, speaker_id: int | None = None) -> list[StatementRow]:
        """The statements of ``subject`` by date (of ``speaker_id`` only, if given)."""
        rows = [self.statements[key] for key in subject.statements]
        return [row for row in rows if speaker_id is None or row.speaker_id == speaker_id]


@dataclass(frozen=True, slots=True)
class SpeakerSubject:
    """A subject a speaker spoke about: their statements on it, in all and per month."""

    subject: Subject
    statements: int
    months: tuple[MonthCount, ...]


class SubjectCache:
    """The corpus subjects of a store, recomputed when the store has changed."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._state: object = None
        self._subjects: CorpusSubjects | None = None

    def get(self, store: Store) -> CorpusSubjects:
        state = store_state(store)
        # One request computes; the others wait for it rather than compute the same again.
        with self._lock:
            if self._subjects is None or state != self._state:
                self._subjects = corpus_subjects(store)
                self._state = state
            return self._subjects


def corpus_subjects(store: Store) -> CorpusSubjects:
    """The subjects of every statement of ``store`` that has a vector."""
    rows, vectors = store.statement_vectors()
    found = find_subjects(rows, vectors, seed=SEED)
    return CorpusSubjects(
        subjects=tuple(found),
        statements={StatementKey(row.article_id, row.attribution_id): row for row in rows},
        subject_of={key: subject for subject in found for key in subject.statements},
    )


def speaker_subjects(corpus: CorpusSubjects, speaker_id: int) -> list[SpeakerSubject]:
    """The subjects of ``speaker_id``'s statements, the most statements first."""
    mine = [row for row in corpus.statements.values() if row.speaker_id == speaker_id]
    by_subject: dict[str, list[StatementRow]] = {}
    for row in mine:
        subject = corpus.subject_of[StatementKey(row.article_id, row.attribution_id)]
        by_subject.setdefault(subject.id, []).append(row)
    found = [
        SpeakerSubject(
            subject=corpus.subject_of[StatementKey(rows[0].article_id, rows[0].attribution_id)],
            statements=len(rows),
            months=monthly(rows),
        )
        for rows in by_subject.values()
    ]
    return sorted(found, key=lambda item: (-item.statements, -item.subject.size, item.subject.id))


def monthly(rows: Sequence[StatementRow]) -> tuple[MonthCount, ...]:
    """Statements per month, by their first day (their date, else their article's); the
    undated ones are not counted."""
    counts = Counter(day.replace(day=1) for row in rows if (day := _day(row)) is not None)
    return tuple(MonthCount(month, count) for month, count in sorted(counts.items()))


def _day(row: StatementRow) -> dt.date | None:
    return row.date.start if row.date is not None else row.published


def store_state(store: Store) -> tuple[object, ...]:
    """What changes when the statements of ``store`` do: the number of rows of each table and
    the last id of the statement vectors, which only grows (a vector put again gets a new row),
    so that a backfill by ``onrecord embed`` is seen too. Saved lines are not statements: saving
    one leaves the state as it was."""
    with reported("cannot read the store"), store.engine.connect() as connection:
        last_vector = connection.execute(select(func.max(statement_vectors.c.id))).scalar_one()
    counts = store.counts()
    counts.pop(saved_lines.name, None)
    return (*sorted(counts.items()), last_vector)

"""The subjects of the store's statements for the pages: worked out once per state of the
store, in a thread of their own.

Every speaker page shows subjects, and on a store of 100,000 statements working them out takes
half a minute (reading the statements and their vectors about half, the clustering the rest):
no page waits for that. The pages show the last subjects worked out, and say when newer ones
are on their way (``SubjectCache``).
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from onrecord.store import MonthCount, StatementRow, Store
from onrecord.store._database import reported
from onrecord.store._schema import saved_lines, statement_vectors
from onrecord.topics import StatementKey, Subject, find_subjects

# The subjects of the pages are those of this seed, and of the default number of subjects.
SEED = 0
# A failed computation is tried again this long after, not at once: each try reads the whole
# store.
RETRY_SECONDS = 60.0
# How often the thread looks at the store while it waits: another process (``onrecord ingest``)
# may have changed it, and the new subjects are then worked out before anyone asks for them.
CHECK_SECONDS = 30.0

logger = logging.getLogger(__name__)


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


def corpus_subjects(store: Store) -> CorpusSubjects:
    """The subjects of every statement of ``store`` that has a vector."""
    rows, vectors = store.statement_vectors()
    found = find_subjects(rows, vectors, seed=SEED)
    return CorpusSubjects(
        subjects=tuple(found),
        statements={StatementKey(row.article_id, row.attribution_id): row for row in rows},
        subject_of={key: subject for subject in found for key in subject.statements},
    )


# What works out the corpus subjects of a store: ``corpus_subjects`` (tests give slow ones).
SubjectFinder = Callable[[Store], CorpusSubjects]


@dataclass(frozen=True, slots=True)
class SubjectsNow:
    """What a page can show of the corpus subjects without waiting for them.

    ``corpus`` is the last one worked out, None before the first is done. ``updating`` says
    that it is not that of the store as it is now (none is done yet, or the store has changed
    since) and that one is being worked out. ``error`` says why the last computation failed.
    """

    corpus: CorpusSubjects | None
    updating: bool
    error: str | None


class SubjectCache:
    """The corpus subjects of ``store``, worked out by ``finder`` in a thread of their own.

    ``now()`` answers at once with the last subjects worked out and, when the store has changed
    since (``store_state``), asks the thread for new ones; the thread also looks at the store
    every ``check_seconds`` by itself. One computation runs at a time: a change during one is
    seen when it is done, and worked out then. ``start()`` asks for the first (when the app
    starts), ``close()`` stops the thread (when it shuts down); the thread is started when
    first asked for.
    """

    def __init__(
        self,
        store: Store,
        finder: SubjectFinder = corpus_subjects,
        *,
        check_seconds: float = CHECK_SECONDS,
    ) -> None:
        self._store = store
        self._finder = finder
        self._check_seconds = check_seconds
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._wanted = False
        self._busy = False
        self._state: object = None
        self._corpus: CorpusSubjects | None = None
        self._error: str | None = None
        self._failed_at = -math.inf

    def start(self) -> None:
        """Have the subjects of the store as it is now worked out, unless they are already."""
        with self._changed:
            self._ask()

    def now(self) -> SubjectsNow:
        """The last subjects worked out, at once; newer ones asked for if the store changed."""
        state = store_state(self._store)
        with self._changed:
            current = self._corpus is not None and state == self._state
            if not current and time.monotonic() - self._failed_at >= RETRY_SECONDS:
                self._ask()
            return SubjectsNow(self._corpus, not current, self._error)

    def wait(self, timeout: float) -> CorpusSubjects | None:
        """The subjects of the store as it is now, once worked out: None if that fails or
        takes longer than ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        state = store_state(self._store)
        with self._changed:
            self._ask()
            while self._corpus is None or state != self._state:
                failed = self._error is not None and not (self._wanted or self._busy)
                left = deadline - time.monotonic()
                if failed or left <= 0:
                    return None
                self._changed.wait(left)
            return self._corpus

    def close(self, timeout: float | None = None) -> bool:
        """Stop the thread, once the computation under way (if any) is done; False if it is
        still running after ``timeout`` seconds. It is a daemon thread: it does not keep the
        process alive after that."""
        with self._changed:
            thread, self._thread = self._thread, None
            self._stop.set()
            self._changed.notify_all()
        if thread is not None:
            thread.join(timeout)
            return not thread.is_alive()
        return True

    def _ask(self) -> None:
        """Wake the thread (started if need be) to work out the subjects; the lock is held."""
        self._wanted = True
        if self._thread is None:
            self._stop = threading.Event()
            self._thread = threading.Thread(
                target=self._work, args=(self._stop,), name="onrecord-subjects", daemon=True
            )
            self._thread.start()
        self._changed.notify_all()

    def _work(self, stop: threading.Event) -> None:
        while True:
            with self._changed:
                while not self._wanted and not stop.is_set():
                    asked = self._changed.wait(self._check_seconds)
                    if not asked and time.monotonic() - self._failed_at >= RETRY_SECONDS:
                        self._wanted = True
                if stop.is_set():
                    return
                self._wanted, self._busy = False, True
                done = self._state
            try:
                # Read before the statements are: a change while they are read is seen later.
                state = store_state(self._store)
                corpus = None if state == done else self._finder(self._store)
            # Whatever went wrong, the pages say it and the thread lives on to try again later;
            # unless the app is shutting down, and has closed the store under it.
            except Exception as error:
                if stop.is_set():
                    return
                logger.exception("the subjects of the store could not be worked out")
                with self._changed:
                    self._error, self._failed_at, self._busy = str(error), time.monotonic(), False
                    self._changed.notify_all()
                continue
            with self._changed:
                if corpus is not None:
                    self._corpus, self._state = corpus, state
                self._error, self._failed_at, self._busy = None, -math.inf, False
                self._changed.notify_all()


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

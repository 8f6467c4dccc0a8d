"""Subjects: statements clustered by the meaning of their vectors, each labelled by its words."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from onrecord.errors import InputError
from onrecord.store import StatementRow
from onrecord.topics._clustering import FloatArray, spherical_kmeans
from onrecord.topics._labels import distinctive_terms

# Words shown in a subject's label; ``Subject.words`` has more.
LABEL_WORDS = 3
WORDS = 8
# How far a vector's length may be from 1: the store's vectors are normalized when computed.
UNIT_TOLERANCE = 1e-3


@dataclass(frozen=True, slots=True)
class StatementKey:
    """A stored statement: its article's id and its attribution's id in that article."""

    article_id: str
    attribution_id: str


@dataclass(frozen=True, slots=True)
class SubjectSpeaker:
    """A speaker of a subject's statements; ``speaker_id`` and ``name`` are None for the
    statements whose speaker was not resolved."""

    speaker_id: int | None
    name: str | None
    statements: int


@dataclass(frozen=True, slots=True)
class Subject:
    """Statements of similar meaning, and what they are about.

    ``id`` is derived from the statements in the subject, so it names the same subject for the
    same corpus and seed, and no other. ``words`` are the terms that set these statements apart
    from the rest (see ``onrecord.topics``), the first three joined in ``label``. ``speakers``
    come most frequent first. ``first`` and ``last`` are the first and last days of its dated
    statements (a statement's date, else its article's publication day); ``statements`` are
    in that order, undated ones last. ``cohesion`` is the mean cosine similarity of the
    statements to their centre: near 1 they say nearly the same thing.
    """

    id: str
    label: str
    words: tuple[str, ...]
    size: int
    speakers: tuple[SubjectSpeaker, ...]
    first: dt.date | None
    last: dt.date | None
    cohesion: float
    statements: tuple[StatementKey, ...]


def subject_count(statements: int) -> int:
    """How many subjects ``statements`` statements fall into by default: ``sqrt(n / 2)``.

    The rule of thumb for k-means. On PolNeAR dev's 2,192 gold statements (33 subjects) the
    silhouette hardly changes from 10 to 80 subjects (0.061 to 0.073) and picks no number,
    while the labels' NPMI beats that of a random partition only from 33 on
    (``scripts/evaluate_subjects.py``); the subjects grow with the corpus, as a reader of a
    list of them needs (median 62 statements there, about 220 for 100,000).
    """
    return max(1, min(statements, round(math.sqrt(statements / 2))))


def find_subjects(
    rows: Sequence[StatementRow],
    vectors: FloatArray,
    *,
    seed: int = 0,
    subjects: int | None = None,
) -> list[Subject]:
    """The subjects of the statements ``rows``, whose unit vectors are the rows of ``vectors``.

    Spherical k-means (k-means++ seeds drawn with ``seed``) groups the statements into
    ``subjects`` clusters, by default ``subject_count(len(rows))``; fewer when there are fewer
    distinct vectors. The same rows, vectors and seed give the same subjects, largest first.
    An ``InputError`` says why rows and vectors do not fit together.
    """
    matrix = _checked(rows, vectors)
    if not rows:
        return []
    wanted = subject_count(len(rows)) if subjects is None else subjects
    if wanted < 1:
        raise InputError(f"the number of subjects must be at least 1, not {wanted}")
    clusters = spherical_kmeans(matrix, min(wanted, len(rows)), seed=seed)
    members = [
        np.flatnonzero(clusters.labels == index).tolist()
        for index in range(len(clusters.centroids))
    ]
    words = distinctive_terms([[rows[i].text for i in chosen] for chosen in members], count=WORDS)
    found = [
        _subject(
            [rows[i] for i in chosen],
            words[index],
            float((matrix[chosen] @ clusters.centroids[index]).mean()),
        )
        for index, chosen in enumerate(members)
    ]
    return sorted(found, key=lambda subject: (-subject.size, subject.id))


def _checked(rows: Sequence[StatementRow], vectors: FloatArray) -> FloatArray:
    matrix = np.asarray(vectors)
    if matrix.ndim != 2 or matrix.shape[0] != len(rows):
        raise InputError(
            f"expected one vector per statement, a matrix of {len(rows)} rows: "
            f"got an array of shape {matrix.shape}"
        )
    if not np.issubdtype(matrix.dtype, np.floating) or not np.isfinite(matrix).all():
        raise InputError("the statement vectors must be finite floating-point numbers")
    lengths = np.linalg.norm(matrix, axis=1)
    if len(lengths) and np.abs(lengths - 1).max() > UNIT_TOLERANCE:
        raise InputError("the statement vectors must have unit length (cosine = dot product)")
    return np.ascontiguousarray(matrix, dtype=np.float32)


def _subject(rows: Sequence[StatementRow], words: tuple[str, ...], cohesion: float) -> Subject:
    ordered = sorted(rows, key=_chronological)
    keys = tuple(StatementKey(row.article_id, row.attribution_id) for row in ordered)
    speakers = Counter((row.speaker_id, row.speaker_name) for row in rows)
    starts = [day for row in rows if (day := _first_day(row)) is not None]
    ends = [day for row in rows if (day := _last_day(row)) is not None]
    return Subject(
        id=_subject_id(keys),
        label=" · ".join(words[:LABEL_WORDS]),
        words=words,
        size=len(rows),
        speakers=tuple(
            SubjectSpeaker(speaker_id, name, count)
            for (speaker_id, name), count in sorted(
                speakers.items(),
                # Unresolved last: a subject is about what its known speakers say.
                key=lambda item: (item[0][0] is None, -item[1], item[0][1] or "", item[0][0] or 0),
            )
        ),
        first=min(starts, default=None),
        last=max(ends, default=None),
        cohesion=round(cohesion, 4),
        statements=keys,
    )


def _subject_id(keys: Sequence[StatementKey]) -> str:
    """A short digest of the subject's statements, whatever their order."""
    digest = hashlib.sha256()
    for key in sorted((key.article_id, key.attribution_id) for key in keys):
        digest.update(f"{key[0]}\t{key[1]}\n".encode())
    return digest.hexdigest()[:12]


def _first_day(row: StatementRow) -> dt.date | None:
    return row.date.start if row.date is not None else row.published


def _last_day(row: StatementRow) -> dt.date | None:
    return row.date.end if row.date is not None else row.published


def _chronological(row: StatementRow) -> tuple[bool, dt.date, str, str]:
    day = _first_day(row)
    return (day is None, day or dt.date.min, row.article_id, row.attribution_id)

"""Subjects: what the statements of a corpus are about, found by clustering their vectors.

Statements whose vectors (``onrecord.embed``, stored with them) lie close in meaning form a
subject. ``find_subjects`` groups them by spherical k-means and labels each group with the
words that set it apart from the others, by class-based TF-IDF over the statements' texts
("tax returns · taxes · income tax"). It is deterministic: the same statements, vectors and
seed give the same subjects with the same ids. Needs numpy only.

    with Store.open("corpus.db") as store:
        rows, vectors = store.statement_vectors(StatementFilter(since=dt.date(2016, 9, 1)))
    for subject in find_subjects(rows, vectors):
        print(subject.size, subject.label)
"""

from onrecord.topics._labels import STOP_WORDS, terms
from onrecord.topics._subjects import (
    StatementKey,
    Subject,
    SubjectSpeaker,
    find_subjects,
    subject_count,
)

__all__ = [
    "STOP_WORDS",
    "StatementKey",
    "Subject",
    "SubjectSpeaker",
    "find_subjects",
    "subject_count",
    "terms",
]

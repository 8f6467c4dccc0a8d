from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from onrecord.errors import InputError
from onrecord.results import DateInterval, Span
from onrecord.shapes import to_json
from onrecord.topics import StatementKey, SubjectSpeaker, find_subjects, subject_count

from .conftest import SUBJECTS, statement, unit

MARCH_5, MARCH_9 = dt.date(2022, 3, 5), dt.date(2022, 3, 9)


def test_the_statements_of_a_subject_end_up_together_labelled_by_its_words(corpus) -> None:
    rows, vectors, truth = corpus
    subject_of = {
        StatementKey(row.article_id, row.attribution_id): name
        for row, name in zip(rows, truth, strict=True)
    }

    subjects = find_subjects(rows, vectors, subjects=3)

    assert [subject.size for subject in subjects] == [12, 12, 12]
    found = []
    for subject in subjects:
        (name,) = {subject_of[key] for key in subject.statements}
        found.append(name)
        own_words = {word for phrase in SUBJECTS[name] for word in phrase.split()}
        assert subject.label == " · ".join(subject.words[:3])
        # The filler that all subjects share comes after every word of the subject's own.
        own = [set(term.split()) <= own_words for term in subject.words]
        assert own[:3] == [True] * 3
        assert own == sorted(own, reverse=True), subject.words
        assert 0.5 < subject.cohesion <= 1.0
    assert sorted(found) == sorted(SUBJECTS)


def test_the_same_statements_and_seed_give_the_same_subjects(corpus) -> None:
    rows, vectors, _ = corpus

    first = find_subjects(rows, vectors, seed=3)
    again = find_subjects(list(rows), vectors.copy(), seed=3)

    assert first == again
    assert len({subject.id for subject in first}) == len(first)


def test_the_default_number_of_subjects_grows_with_the_square_root_of_the_corpus() -> None:
    assert [subject_count(n) for n in (1, 2, 8, 2192, 20_000, 100_000)] == [
        1,
        1,
        2,
        33,
        100,
        224,
    ]


def test_a_subject_has_its_speakers_by_count_and_its_statements_by_date() -> None:
    rows = [
        statement(
            "b", "a1", "tax returns audit", speaker=(2, "Bob"), published=dt.date(2022, 3, 5)
        ),
        statement(
            "a", "a1", "tax returns filed", speaker=(1, "Ann"), published=dt.date(2022, 3, 9)
        ),
        statement("a", "a2", "tax returns late", speaker=None, published=None),
        statement(
            "c",
            "a4",
            "tax returns hidden",
            speaker=(1, "Ann"),
            published=dt.date(2022, 4, 1),
            date=DateInterval(dt.date(2022, 2, 20), dt.date(2022, 2, 26), Span(0, 9, "last week")),
        ),
    ]
    vectors = unit(np.ones((4, 8)) + np.eye(4, 8) * 0.01)

    (subject,) = find_subjects(rows, vectors, subjects=1)

    assert subject.size == 4
    assert subject.statements == (
        StatementKey("c", "a4"),
        StatementKey("b", "a1"),
        StatementKey("a", "a1"),
        StatementKey("a", "a2"),
    )
    assert (subject.first, subject.last) == (dt.date(2022, 2, 20), MARCH_9)
    assert subject.speakers == (
        SubjectSpeaker(1, "Ann", 2),
        SubjectSpeaker(2, "Bob", 1),
        SubjectSpeaker(None, None, 1),
    )
    # The other words are in one statement each: they do not name the subject.
    assert subject.label == "tax returns"
    assert to_json(subject)["statements"][0] == {"article_id": "c", "attribution_id": "a4"}


def test_no_statements_have_no_subjects() -> None:
    assert find_subjects([], np.zeros((0, 384), dtype=np.float32)) == []


def test_more_subjects_than_distinct_statements_gives_one_per_distinct_vector() -> None:
    rows = [statement("a", f"a{index}", f"word{index} text") for index in range(4)]
    vectors = unit(np.repeat(np.eye(2, 8), 2, axis=0))

    subjects = find_subjects(rows, vectors, subjects=4)

    assert sorted(subject.size for subject in subjects) == [2, 2]


@pytest.mark.parametrize(
    ("vectors", "message"),
    [
        (np.ones((2, 4), dtype=np.float32) / 2, "one vector per statement"),
        (np.ones((3,), dtype=np.float32), "one vector per statement"),
        (np.full((3, 4), np.nan, dtype=np.float32), "finite"),
        (np.ones((3, 4), dtype=np.float32), "unit length"),
    ],
)
def test_vectors_that_do_not_fit_the_statements_are_refused(vectors, message) -> None:
    rows = [statement("a", f"a{index}", "text") for index in range(3)]

    with pytest.raises(InputError, match=message):
        find_subjects(rows, vectors)


def test_a_number_of_subjects_below_one_is_refused(corpus) -> None:
    rows, vectors, _ = corpus

    with pytest.raises(InputError, match="at least 1"):
        find_subjects(rows, vectors, subjects=0)

"""Synthetic statements about a few subjects, with vectors that cluster by subject."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from onrecord.results import DateInterval, Kind
from onrecord.store import StatementRow

WIDTH = 384
# Each subject's statements use its own words, around the words every statement might use.
SUBJECTS = {
    "taxes": ["tax returns", "income tax", "deductions", "irs audit", "taxes"],
    "climate": ["climate change", "carbon emissions", "coal mines", "warming planet", "climate"],
    "police": ["police shooting", "officers", "body cameras", "protesters", "police"],
}
FILLER = ["we will see", "it is very important", "the people know", "this is about america"]


def statement(
    article: str,
    attribution: str,
    text: str,
    *,
    speaker: tuple[int, str] | None = None,
    published: dt.date | None = None,
    date: DateInterval | None = None,
) -> StatementRow:
    return StatementRow(
        article_id=article,
        attribution_id=attribution,
        kind=Kind.DIRECT,
        text=text,
        content=(),
        cue=(),
        source=None,
        speaker_id=None if speaker is None else speaker[0],
        speaker_name=None if speaker is None else speaker[1],
        speaker_kind=None,
        addressee=None,
        venue=None,
        date=date,
        published=published,
        outlet="Outlet",
        title=None,
        url=None,
        path=None,
    )


def unit(matrix: np.ndarray) -> np.ndarray:
    return (matrix / np.linalg.norm(matrix, axis=-1, keepdims=True)).astype(np.float32)


@pytest.fixture
def corpus() -> tuple[list[StatementRow], np.ndarray, list[str]]:
    """Twelve statements per subject, interleaved, with vectors near their subject's centre;
    the third list is each statement's subject."""
    rng = np.random.default_rng(7)
    centres = unit(rng.normal(size=(len(SUBJECTS), WIDTH)))
    rows, vectors, truth = [], [], []
    speakers = [(1, "Ann Able"), (2, "Bob Baker"), None]
    for index in range(12):
        for number, (name, words) in enumerate(SUBJECTS.items()):
            text = (
                f"{words[index % len(words)]} and {words[(index + 2) % len(words)]}, "
                f"{FILLER[index % len(FILLER)]}"
            )
            rows.append(
                statement(
                    f"article{index:02d}",
                    f"a{number}",
                    text,
                    speaker=speakers[(index + number) % 3],
                    published=dt.date(2022, 1 + index % 6, 1 + number),
                )
            )
            vectors.append(centres[number] + 0.5 * rng.normal(size=WIDTH) / np.sqrt(WIDTH))
            truth.append(name)
    return rows, unit(np.array(vectors)), truth

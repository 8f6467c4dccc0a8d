"""The training pairs: hand-labelled news triples join the debate and FNC-1 pairs."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from onrecord.stance._data import DISCUSSES, OPPOSES, SUPPORTS, UNRELATED
from onrecord.stance._training import StanceSettings, news_pairs, training_data

TRAINING_SET = Path(__file__).parents[2] / "training" / "stance_news_train.json"
STANCE_DATA = Path(__file__).parents[2].parent / "shared/data/stance"


def _write(path: Path, statements: list[tuple[str, str]]) -> Path:
    record = {
        "positions": [
            {
                "position": "The US should not push Ukraine to negotiate.",
                "statements": [
                    {
                        "text": text,
                        "stance": stance,
                        "speaker": "someone",
                        "document": "doc",
                        "attribution": f"E{number}",
                        "spans": [[0, len(text)]],
                    }
                    for number, (text, stance) in enumerate(statements)
                ],
            }
        ]
    }
    path.write_text(json.dumps(record), encoding="utf-8")
    return path


def test_news_triples_become_pairs_and_neither_counts_as_discusses(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "news.json",
        [
            ("It is up to Ukraine to decide.", "supports"),
            ("Seize the moment.", "opposes"),
            ("the issue", "neither"),
        ],
    )

    pairs = news_pairs(path)

    assert [(p.statement, p.stance, p.original) for p in pairs] == [
        ("It is up to Ukraine to decide.", SUPPORTS, "supports"),
        ("Seize the moment.", OPPOSES, "opposes"),
        ("the issue", DISCUSSES, "neither"),
    ]
    assert {p.position for p in pairs} == {"The US should not push Ukraine to negotiate."}
    assert {p.group for p in pairs} == {"The US should not push Ukraine to negotiate."}


def test_the_committed_training_set_reads_as_pairs() -> None:
    pairs = news_pairs(TRAINING_SET)

    assert len(pairs) == 503
    assert {p.stance for p in pairs} == {SUPPORTS, OPPOSES, DISCUSSES}


@pytest.mark.slow
@pytest.mark.skipif(not STANCE_DATA.is_dir(), reason="needs ../shared/data/stance")
def test_news_positions_held_out_for_calibration_are_nowhere_in_training() -> None:
    settings = StanceSettings(news_train=str(TRAINING_SET))

    data = training_data(STANCE_DATA, settings)

    held = {pair.position for pair in data.news_dev}
    kept = {pair.position for pair in news_pairs(TRAINING_SET)} - held
    assert len(held) == round(settings.news_dev_share * len(held | kept))
    assert not any(position in pair.position for pair in data.train for position in held)
    origins = Counter(pair.original.split()[0] for pair in data.train)
    assert origins["compound"] == settings.perspectrum_compound + settings.news_compound
    assert origins["paired"] == settings.perspectrum_unrelated + settings.news_unrelated
    news_statements = {pair.statement for pair in news_pairs(TRAINING_SET)}
    assert any(
        pair.stance == UNRELATED and pair.statement in news_statements for pair in data.train
    )
    assert data.train == training_data(STANCE_DATA, settings).train

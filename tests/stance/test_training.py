"""The training pairs: hand-labelled news triples join the debate and FNC-1 pairs."""

from __future__ import annotations

import json
from pathlib import Path

from onrecord.stance._data import DISCUSSES, OPPOSES, SUPPORTS
from onrecord.stance._training import news_pairs

TRAINING_SET = Path(__file__).parents[2] / "training" / "stance_news_train.json"


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

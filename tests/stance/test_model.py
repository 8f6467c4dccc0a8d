from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from onrecord.errors import InputError, ModelNotFoundError
from onrecord.stance import NEITHER, OPPOSES, STANCES, SUPPORTS, classify, load_stance_model
from onrecord.stance._data import CLASSES
from onrecord.stance._model import (
    MAX_TOKENS,
    MODEL_FILE,
    SETTINGS_FILE,
    StanceModel,
    shipped_model_directory,
    stance_from_probabilities,
)

POSITION = "The decision to negotiate belongs to Ukraine."
STATEMENTS = [
    "Nothing about Ukraine without Ukraine. This is a decision that Ukraine must make.",
    "When there is an opportunity to negotiate, take advantage of it. Seize the moment.",
    "The weather in Madrid was sunny all week.",
]


def test_the_shipped_model_gives_each_statement_a_stance_and_probabilities() -> None:
    stances = classify(POSITION, STATEMENTS)

    assert len(stances) == len(STATEMENTS)
    for stance in stances:
        assert stance.stance in STANCES
        assert stance.supports + stance.opposes + stance.neither == pytest.approx(1, abs=1e-5)
        assert 0 <= stance.unrelated <= stance.neither + 1e-6
        by_name = {SUPPORTS: stance.supports, OPPOSES: stance.opposes, NEITHER: stance.neither}
        assert by_name[stance.stance] == max(by_name.values())


def test_a_statement_gets_the_same_stance_alone_or_among_others() -> None:
    model = load_stance_model()

    together = model.classify(POSITION, STATEMENTS)
    alone = [model.classify(POSITION, [statement])[0] for statement in STATEMENTS]

    assert together == alone


def test_a_statement_longer_than_the_model_reads_is_cut_not_refused() -> None:
    model = load_stance_model()
    long_statement = " ".join(["Ukraine decides."] * 200)

    (stance,) = model.classify(POSITION, [long_statement])

    assert stance.stance in STANCES
    assert model.max_tokens == MAX_TOKENS


def test_an_empty_position_or_statement_is_refused() -> None:
    with pytest.raises(InputError, match="position is empty"):
        classify("  ", STATEMENTS)
    with pytest.raises(InputError, match="statement is empty"):
        classify(POSITION, ["\n"])


def test_the_shipped_model_records_how_it_was_made() -> None:
    record = json.loads((shipped_model_directory() / SETTINGS_FILE).read_text(encoding="utf-8"))

    assert record["classes"] == list(CLASSES)
    assert record["provenance"]["int8_agreement"]["pairs"] > 0
    assert "seed" in record["provenance"]["settings"]
    assert set(record["logit_offsets"]) == set(CLASSES)
    # The offsets were fit to raise both development scores, and did.
    calibration = record["provenance"]["calibration"]
    for before, after in (calibration["perspectrum_macro_f1"], calibration["fnc_public_macro_f1"]):
        assert after >= before


def test_a_directory_without_a_model_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError, match="cannot read stance model"):
        StanceModel(tmp_path)
    (tmp_path / "tokenizer.json").write_bytes(
        (shipped_model_directory() / "tokenizer.json").read_bytes()
    )
    (tmp_path / SETTINGS_FILE).write_text(
        json.dumps({"classes": ["yes", "no"], "max_tokens": 128}), encoding="utf-8"
    )
    with pytest.raises(ModelNotFoundError, match="classes"):
        StanceModel(tmp_path)
    (tmp_path / SETTINGS_FILE).write_text(
        json.dumps({"classes": list(CLASSES), "max_tokens": 128}), encoding="utf-8"
    )
    (tmp_path / MODEL_FILE).write_bytes(b"not onnx")
    with pytest.raises(ModelNotFoundError, match="cannot load"):
        StanceModel(tmp_path)


def test_neither_is_what_supports_and_opposes_leave() -> None:
    stance = stance_from_probabilities(np.array([0.2, 0.1, 0.3, 0.4], dtype=np.float32))

    assert stance.stance == NEITHER
    assert stance.neither == pytest.approx(0.7)
    assert stance.unrelated == pytest.approx(0.4)
    # Neither wins only as the sum of its halves: here supports beats each half alone.
    assert (
        stance_from_probabilities(np.array([0.34, 0.0, 0.33, 0.33], dtype=np.float32)).stance
        == NEITHER
    )
    assert (
        stance_from_probabilities(np.array([0.5, 0.1, 0.2, 0.2], dtype=np.float32)).stance
        == SUPPORTS
    )

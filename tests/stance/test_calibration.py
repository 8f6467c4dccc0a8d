from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from onrecord.errors import ModelNotFoundError
from onrecord.stance._calibration import (
    DevLogits,
    calibrate,
    fit_offsets,
    perspectrum_score,
    public_score,
)
from onrecord.stance._data import CLASSES, DISCUSSES, OPPOSES, SUPPORTS, UNRELATED, StancePair
from onrecord.stance._model import (
    SETTINGS_FILE,
    StanceModel,
    offsets_vector,
    shipped_model_directory,
)

ZERO = np.zeros(len(CLASSES), dtype=np.float32)


def _dev(stances: tuple[str, ...], margin: float, lean: float, seed: int) -> DevLogits:
    """Logits of a network that gives each pair's own class ``margin`` over noise and adds
    ``lean`` to opposes whatever the pair."""
    rng = np.random.default_rng(seed)
    gold = tuple(stances[i % len(stances)] for i in range(400))
    logits = rng.normal(0, 0.5, (len(gold), len(CLASSES))).astype(np.float32)
    for row, stance in enumerate(gold):
        logits[row, CLASSES.index(stance)] += margin
    logits[:, CLASSES.index(OPPOSES)] += lean
    return DevLogits(logits, gold)


def test_offsets_undo_a_lean_toward_one_class() -> None:
    perspectrum = _dev((SUPPORTS, OPPOSES), 1.0, 1.5, seed=0)
    fnc = _dev(CLASSES, 1.0, 1.5, seed=1)

    offsets = fit_offsets(perspectrum, fnc)

    assert offsets[OPPOSES] == 0.0
    # Every other class is raised toward where opposes was pushed.
    for stance in (SUPPORTS, DISCUSSES, UNRELATED):
        assert 0.75 <= offsets[stance] <= 2.5
    fit = offsets_vector(offsets)
    assert perspectrum_score(perspectrum, fit) > perspectrum_score(perspectrum, ZERO) + 0.05
    assert public_score(fnc, fit) > public_score(fnc, ZERO) + 0.1


def test_a_network_without_a_lean_keeps_offsets_at_zero() -> None:
    perspectrum = _dev((SUPPORTS, OPPOSES), 5.0, 0.0, seed=2)
    fnc = _dev(CLASSES, 5.0, 0.0, seed=3)

    offsets = fit_offsets(perspectrum, fnc)

    # Every pair is right at zero; among the offsets as good, the search keeps the smallest.
    assert perspectrum_score(perspectrum, ZERO) == public_score(fnc, ZERO) == 1.0
    assert offsets == dict.fromkeys(CLASSES, 0.0)


def test_news_development_pairs_join_the_objective() -> None:
    perspectrum = _dev((SUPPORTS, OPPOSES), 5.0, 0.0, seed=2)
    fnc = _dev(CLASSES, 5.0, 0.0, seed=3)
    news = _dev((SUPPORTS, OPPOSES, DISCUSSES), 1.0, 1.5, seed=4)

    without = fit_offsets(perspectrum, fnc)
    offsets = fit_offsets(perspectrum, fnc, news)

    assert without == dict.fromkeys(CLASSES, 0.0)
    assert offsets[SUPPORTS] > 0.5
    assert offsets[DISCUSSES] + offsets[UNRELATED] > 0.5
    assert public_score(news, offsets_vector(offsets)) > public_score(news, ZERO) + 0.05


def test_calibrate_records_offsets_that_the_model_then_applies(tmp_path: Path) -> None:
    directory = tmp_path / "model"
    shutil.copytree(shipped_model_directory(), directory)
    record = json.loads((directory / SETTINGS_FILE).read_text(encoding="utf-8"))
    record.pop("logit_offsets", None)
    (directory / SETTINGS_FILE).write_text(json.dumps(record), encoding="utf-8")
    position = "Cities should ban cars."
    pairs = [
        StancePair(position, statement, stance, "claim 1", "test")
        for statement, stance in (
            ("Cars pollute the air and kill people on the streets.", SUPPORTS),
            ("People need to drive to work.", OPPOSES),
            ("Banning cars would ruin shops in the centre.", OPPOSES),
            ("Streets without cars are safer for children.", SUPPORTS),
        )
    ]
    fnc = [
        *pairs,
        StancePair(
            position, "The city council meets on Tuesday to debate cars.", DISCUSSES, "", ""
        ),
        StancePair(position, "The football season starts in May.", UNRELATED, "", ""),
    ]
    before = StanceModel(directory)

    calibration = calibrate(directory, pairs, fnc)

    after = StanceModel(directory)
    recorded = json.loads((directory / SETTINGS_FILE).read_text(encoding="utf-8"))
    assert recorded["logit_offsets"] == calibration.offsets
    assert recorded["provenance"]["calibration"]["perspectrum_macro_f1"] == [
        round(value, 4) for value in calibration.perspectrum_macro_f1
    ]
    assert calibration.news_public_macro_f1 is None
    assert "news_public_macro_f1" not in recorded["provenance"]["calibration"]
    # No offsets is one of the candidates, so the fit never scores worse than none.
    assert calibration.perspectrum_macro_f1[1] + calibration.fnc_public_macro_f1[1] >= (
        calibration.perspectrum_macro_f1[0] + calibration.fnc_public_macro_f1[0]
    )
    statement = pairs[0].statement
    assert np.array_equal(after.logits(position, statement), before.logits(position, statement))
    expected = before.logits(position, statement) + offsets_vector(calibration.offsets)
    shifted = np.exp(expected - expected.max())
    assert after.probabilities(position, statement) == pytest.approx(shifted / shifted.sum())


def test_offsets_that_do_not_name_the_classes_are_refused(tmp_path: Path) -> None:
    directory = tmp_path / "model"
    shutil.copytree(shipped_model_directory(), directory)
    record = json.loads((directory / SETTINGS_FILE).read_text(encoding="utf-8"))
    record["logit_offsets"] = {SUPPORTS: 1.0}
    (directory / SETTINGS_FILE).write_text(json.dumps(record), encoding="utf-8")

    with pytest.raises(ModelNotFoundError, match="logit_offsets"):
        StanceModel(directory)


def test_calibrate_scores_news_development_pairs_when_given(tmp_path: Path) -> None:
    directory = tmp_path / "model"
    shutil.copytree(shipped_model_directory(), directory)
    position = "The US will not push Ukraine to negotiate."
    perspectrum = [
        StancePair(position, "It is up to Ukraine to decide.", SUPPORTS, "line", "test"),
        StancePair(position, "Ukraine should seize the moment and talk.", OPPOSES, "line", "test"),
    ]
    news = [*perspectrum, StancePair(position, "the talks", DISCUSSES, "line", "neither")]

    calibration = calibrate(directory, perspectrum, perspectrum, news)

    recorded = json.loads((directory / SETTINGS_FILE).read_text(encoding="utf-8"))
    assert calibration.news_public_macro_f1 is not None
    assert recorded["provenance"]["calibration"]["news_public_macro_f1"] == [
        round(value, 4) for value in calibration.news_public_macro_f1
    ]
    assert (
        "the 3 news triples of the held-out positions"
        in (recorded["provenance"]["calibration"]["fit_on"])
    )

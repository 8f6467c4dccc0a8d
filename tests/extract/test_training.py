"""Training the candidate classifier: the fit, the threshold, and the whole run on gold data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from onrecord.cli import app
from onrecord.extract._learned import CandidateClassifier
from onrecord.extract._training import (
    TrainingSettings,
    _best_threshold,
    _fit,
    train_candidate_classifier,
)

POLNEAR_TRAIN = Path(__file__).parents[2].parent / "shared/data/polnear/train"


def test_the_fit_learns_which_features_mark_positives_and_is_reproducible() -> None:
    features = [["good", "x"], ["good"], ["bad", "x"], ["bad"], ["good", "y"], ["bad", "y"]] * 5
    labels = np.array([1.0, 1.0, 0.0, 0.0, 1.0, 0.0] * 5)
    vocabulary, weights, bias = _fit(features, labels, TrainingSettings())
    assert weights[vocabulary["good"]] > 0.3 > -0.3 > weights[vocabulary["bad"]]
    again = _fit(features, labels, TrainingSettings())
    assert again[0] == vocabulary
    assert np.array_equal(again[1], weights)
    assert again[2] == bias


def test_features_seen_too_rarely_get_no_weight() -> None:
    vocabulary, _, _ = _fit(
        [["common"], ["common", "once"]], np.array([1.0, 0.0]), TrainingSettings()
    )
    assert set(vocabulary) == {"common"}


def test_the_threshold_maximizes_f1_counting_every_gold_statement() -> None:
    probabilities = np.array([0.9, 0.8, 0.7, 0.2])
    labels = np.array([1.0, 1.0, 0.0, 1.0])
    best = _best_threshold(probabilities, labels, gold=4)
    # Keeping the top two: P 1.0, R 0.5, F1 0.667; all four: P 0.75, R 0.75, F1 0.75.
    assert best.threshold == pytest.approx(0.2)
    assert best.f1 == pytest.approx(0.75)


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not POLNEAR_TRAIN.is_dir():
        pytest.skip("needs the shared PolNeAR corpus")
    root = tmp_path_factory.mktemp("gold")
    for folder in ("text", "attributions"):
        (root / folder).mkdir()
    for text in sorted((POLNEAR_TRAIN / "text").glob("*.txt"))[:12]:
        (root / "text" / text.name).symlink_to(text)
        for annotation in (POLNEAR_TRAIN / "attributions").glob(f"{text.stem}_*.ann"):
            (root / "attributions" / annotation.name).symlink_to(annotation)
    return root


@pytest.mark.slow
def test_training_on_a_gold_corpus_learns_that_said_cues_statements(small_corpus: Path) -> None:
    result = train_candidate_classifier(small_corpus, settings=TrainingSettings(folds=3))
    assert result.documents == 12
    assert result.candidates > 100
    assert 0 < result.cross_validation.threshold < 1
    assert result.cross_validation.f1 > 0.3
    assert result.model.weights["lemma=say"] > 0
    assert result.model.provenance["trained_on"] == f"{small_corpus.name} split, 12 articles"


@pytest.mark.slow
def test_train_command_writes_the_same_model_twice_and_scores_it(
    small_corpus: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    outputs = []
    for name in ("first.json", "second.json"):
        out = tmp_path / name
        result = runner.invoke(
            app,
            [
                "train",
                "--train",
                str(small_corpus),
                "--out",
                str(out),
                "--dev",
                str(small_corpus),
                "--extractor",
                "fast",
            ],
        )
        assert result.exit_code == 0, result.output
        assert "cross-validated linked P/R/F1 on train" in result.output
        assert "linked" in result.output.split("all kinds")[1]
        outputs.append(out.read_text())
    assert outputs[0] == outputs[1]
    assert CandidateClassifier.load(tmp_path / "first.json").lexicon.verbs

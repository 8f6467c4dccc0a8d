from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from onrecord.cli import app
from onrecord.stance import StanceModel

NEWS = Path(__file__).parents[2] / "tests/fixtures/stance_news.json"


def _stance_data(root: Path) -> Path:
    """A stance data directory in miniature: PERSPECTRUM train and dev, FNC-1 train."""
    (root / "perspectrum").mkdir(parents=True)
    for split, claims in (("train", range(6)), ("dev", range(6, 9))):
        lines = [
            json.dumps(
                {
                    "claim_id": claim,
                    "claim": f"Cities should ban cars number {claim}",
                    "perspective_id": number,
                    "perspective": text,
                    "stance": stance,
                }
            )
            for claim in claims
            for number, (text, stance) in enumerate(
                [("Cars pollute the air.", "support"), ("People need to drive.", "undermine")]
            )
        ]
        (root / "perspectrum" / f"{split}.jsonl").write_text("\n".join(lines), encoding="utf-8")
    (root / "fnc1").mkdir()
    stances = ["Headline,Body ID,Stance"]
    for headline in range(10):
        for body, stance in ((1, "agree"), (2, "disagree"), (3, "discuss"), (4, "unrelated")):
            stances.append(f"Bridge {headline} will close,{body},{stance}")
    (root / "fnc1" / "train_stances.csv").write_text("\n".join(stances), encoding="utf-8")
    (root / "fnc1" / "train_bodies.csv").write_text(
        "Body ID,articleBody\n"
        '1,"Officials confirmed the bridge will close."\n'
        '2,"Officials denied that the bridge will close."\n'
        '3,"Reports say the bridge may close."\n'
        '4,"The football season starts in May."\n',
        encoding="utf-8",
    )
    return root


def test_eval_stance_needs_something_to_score() -> None:
    result = CliRunner().invoke(app, ["eval-stance"])

    assert result.exit_code == 2
    assert "give --data, --news or both" in result.output


def test_eval_stance_scores_a_news_check_set(tmp_path: Path) -> None:
    record = json.loads(NEWS.read_text(encoding="utf-8"))
    record["positions"] = record["positions"][:1]
    news = tmp_path / "news.json"
    news.write_text(json.dumps(record), encoding="utf-8")

    result = CliRunner().invoke(app, ["eval-stance", "--news", str(news)])

    assert result.exit_code == 0, result.output
    assert f"news.json: {len(record['positions'][0]['statements'])} pairs" in result.output
    assert "confusion (rows gold, columns predicted)" in result.output


def test_eval_stance_scores_perspectrum_dev_and_fnc_held_out_headlines(tmp_path: Path) -> None:
    data = _stance_data(tmp_path / "stance")

    result = CliRunner().invoke(app, ["eval-stance", "--data", str(data)])

    assert result.exit_code == 0, result.output
    assert "PERSPECTRUM dev.jsonl: 6 pairs" in result.output
    # One headline in ten is held out, with its four bodies.
    assert "FNC-1 held-out headlines: 4 pairs" in result.output
    assert "FNC-1 score" in result.output


def test_eval_stance_names_data_it_cannot_read(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval-stance", "--data", str(tmp_path)])

    assert result.exit_code == 2
    assert "dev.jsonl" in result.output


@pytest.mark.slow
def test_train_stance_writes_a_model_that_loads_and_runs(tmp_path: Path) -> None:
    pytest.importorskip("torch", reason="training needs the train extra")
    data = _stance_data(tmp_path / "stance")
    out = tmp_path / "model"

    result = CliRunner().invoke(
        app, ["train-stance", "--data", str(data), "--out", str(out), "--max-steps", "2"]
    )

    assert result.exit_code == 0, result.output
    assert "2 steps" in result.output
    assert {path.name for path in out.iterdir()} == {
        "stance.int8.onnx",
        "model.json",
        "tokenizer.json",
    }
    record = json.loads((out / "model.json").read_text(encoding="utf-8"))
    assert record["provenance"]["steps"] == 2
    assert "class offsets" in result.output
    assert set(record["logit_offsets"]) == set(record["classes"])
    assert record["provenance"]["calibration"]["fit_on"]
    (stance,) = StanceModel(out).classify("Cities should ban cars", ["Cars pollute the air."])
    assert stance.supports + stance.opposes + stance.neither == pytest.approx(1, abs=1e-5)

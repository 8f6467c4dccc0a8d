from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from onrecord.evaluation import read_gold_corpus
from onrecord.stance import (
    NEITHER,
    OPPOSES,
    STANCES,
    SUPPORTS,
    StanceDataError,
    fnc_score,
    format_stance_report,
    read_news_check_set,
)
from onrecord.stance._data import CLASSES, StancePair
from onrecord.stance._model import FloatArray
from onrecord.stance._score import (
    class_scores,
    macro_f1,
    report,
    score_fnc,
    score_news,
    score_perspectrum,
)

ROOT = Path(__file__).parents[2]
NEWS = ROOT / "tests/fixtures/stance_news.json"
POLNEAR_DEV = ROOT.parent / "shared/data/polnear/dev"


def test_fnc_score_weighs_relatedness_a_quarter_and_the_related_class_the_rest() -> None:
    gold = ["agree", "disagree", "discuss", "unrelated", "agree", "unrelated"]
    predicted = ["agree", "discuss", "unrelated", "unrelated", "disagree", "agree"]

    # agree right: 0.25 + 0.5 + 0.25; disagree as discuss: 0.25 (both related); discuss as
    # unrelated: 0; unrelated right: 0.25; agree as disagree: 0.25; unrelated as agree: 0.
    assert fnc_score(gold, predicted) == pytest.approx(1.0 + 0.25 + 0.25 + 0.25)
    assert fnc_score(gold, gold) == pytest.approx(4 * 1.0 + 2 * 0.25)


def test_class_scores_and_macro_f1() -> None:
    gold = [SUPPORTS, SUPPORTS, OPPOSES, OPPOSES]
    predicted = [SUPPORTS, OPPOSES, OPPOSES, OPPOSES]

    supports, opposes = class_scores(gold, predicted, (SUPPORTS, OPPOSES))

    assert (supports.precision, supports.recall, supports.support) == (1.0, 0.5, 2)
    assert supports.f1 == pytest.approx(2 / 3)
    assert (opposes.precision, opposes.recall) == (pytest.approx(2 / 3), 1.0)
    assert macro_f1([supports, opposes]) == pytest.approx((2 / 3 + 0.8) / 2)


def test_a_report_counts_every_pair_in_its_confusion_matrix() -> None:
    result = report("x", [SUPPORTS, NEITHER, NEITHER], [NEITHER, NEITHER, OPPOSES], STANCES)

    assert result.confusion[SUPPORTS][NEITHER] == 1
    assert result.confusion[NEITHER] == {SUPPORTS: 0, OPPOSES: 1, NEITHER: 1}
    assert result.accuracy == pytest.approx(1 / 3)
    text = format_stance_report(result)
    assert "macro-F1" in text
    assert "confusion" in text


def _says(answers: dict[str, str]) -> object:
    """A classifier that gives the class ``answers`` names for a statement, with 0.7."""

    def classify(_position: str, statement: str) -> FloatArray:
        probabilities = np.full(len(CLASSES), 0.1, dtype=np.float32)
        probabilities[CLASSES.index(answers[statement])] = 0.7
        return probabilities

    return classify


def test_perspectrum_is_scored_on_supports_against_opposes_alone(tmp_path: Path) -> None:
    path = tmp_path / "dev.jsonl"
    path.write_text(
        "\n".join(
            json.dumps(
                {
                    "claim_id": 1,
                    "claim": "C",
                    "perspective_id": i,
                    "perspective": f"p{i}",
                    "stance": s,
                }
            )
            for i, s in enumerate(["support", "undermine", "undermine"])
        ),
        encoding="utf-8",
    )
    # "discusses" is never an answer here: the larger of supports and opposes is.
    classify = _says({"p0": SUPPORTS, "p1": "discusses", "p2": OPPOSES})

    result = score_perspectrum(classify, path)  # type: ignore[arg-type]

    assert [c.label for c in result.classes] == [SUPPORTS, OPPOSES]
    assert result.confusion[OPPOSES] == {SUPPORTS: 1, OPPOSES: 1}


def test_fnc_is_scored_on_four_classes_with_its_official_score() -> None:
    pairs = [
        StancePair("h", "a", SUPPORTS, "h", "agree"),
        StancePair("h", "b", "discusses", "h", "discuss"),
        StancePair("h", "c", "unrelated", "h", "unrelated"),
    ]
    classify = _says({"a": SUPPORTS, "b": "unrelated", "c": "unrelated"})

    result = score_fnc(classify, pairs, "FNC")  # type: ignore[arg-type]

    assert result.fnc_score == pytest.approx(1.0 + 0.25)
    assert result.fnc_max == pytest.approx(1.0 + 1.0 + 0.25)
    assert result.macro_f1_public is not None
    assert "FNC-1 score 1.25 of 2.25" in format_stance_report(result)


def test_the_news_check_set_is_at_least_ten_positions_and_a_hundred_triples() -> None:
    triples = read_news_check_set(NEWS)
    record = json.loads(NEWS.read_text(encoding="utf-8"))

    assert len(record["positions"]) >= 10
    assert len(triples) >= 100
    assert set(Counter(t.stance for t in triples)) == set(STANCES)
    assert "PolNeAR dev" in record["about"]


def test_news_triples_are_scored_on_the_public_stances() -> None:
    triples = read_news_check_set(NEWS)[:3]
    classify = _says({t.statement: "discusses" for t in triples})

    result = score_news(classify, triples, "news")  # type: ignore[arg-type]

    assert [c.label for c in result.classes] == list(STANCES)
    assert sum(result.confusion[gold][NEITHER] for gold in STANCES) == 3


def test_a_news_check_set_with_an_unknown_stance_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "news.json"
    statement = {"text": "t", "stance": "agrees", "speaker": "", "document": "d"}
    path.write_text(
        json.dumps(
            {
                "positions": [
                    {
                        "position": "p",
                        "statements": [{**statement, "attribution": "E1", "spans": [[0, 1]]}],
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(StanceDataError, match="unknown stances"):
        read_news_check_set(path)
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(StanceDataError, match="cannot read"):
        read_news_check_set(path)


@pytest.mark.slow
@pytest.mark.skipif(not POLNEAR_DEV.is_dir(), reason="needs ../shared/data/polnear/dev")
def test_news_triples_are_polnear_dev_statements_at_their_offsets() -> None:
    documents = {d.name: d for d in read_gold_corpus(POLNEAR_DEV)}
    for triple in read_news_check_set(NEWS):
        document = documents[triple.document]
        (attribution,) = [a for a in document.attributions if a.id == triple.attribution]
        assert triple.spans == tuple((s.start, s.end) for s in attribution.content)
        assert triple.statement == " ".join(document.text[a:b] for a, b in triple.spans)

from __future__ import annotations

from pathlib import Path

import pytest

from onrecord import pipeline
from onrecord.evaluation._speakers import (
    NOT_A_NAMED_PERSON,
    ReferentCase,
    ResolutionOutcome,
    evaluate_resolution,
    read_cases,
    summarize,
)

ROOT = Path(__file__).parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "speaker_referents.tsv"
DEV = ROOT.parent / "shared" / "data" / "polnear" / "dev"


def test_fixture_is_hand_labelled_pronouns_partial_names_and_titles() -> None:
    cases = read_cases(FIXTURE)
    categories = {case.category for case in cases}
    assert categories == {"pronoun", "partial_name", "title"}
    assert sum(case.category == "pronoun" for case in cases) >= 100
    assert all(case.referent for case in cases)


def test_summary_counts_each_category_and_all() -> None:
    case = ReferentCase("doc", 0, 2, "he", "pronoun", "Joe Biden")
    other = ReferentCase("doc", 5, 7, "Biden", "partial_name", NOT_A_NAMED_PERSON)
    summary = summarize(
        [ResolutionOutcome(case, "Joe Biden", True), ResolutionOutcome(other, "Joe Biden", False)]
    )
    assert "pronoun" in summary
    assert "100.0%" in summary
    assert "50.0%" in summary


@pytest.mark.slow
@pytest.mark.skipif(not DEV.is_dir(), reason="needs the shared PolNeAR corpus")
def test_pronouns_and_partial_names_resolve_to_the_right_person_80_percent() -> None:
    outcomes = evaluate_resolution(read_cases(FIXTURE), DEV, pipeline.load())
    judged = [o for o in outcomes if o.case.category in ("pronoun", "partial_name")]
    accuracy = sum(o.correct for o in judged) / len(judged)
    assert accuracy >= 0.8, summarize(outcomes)

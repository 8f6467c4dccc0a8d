from __future__ import annotations

import pytest

import onrecord
from onrecord import pipeline
from onrecord.results import Attribution


def statement(text: str, cue: str) -> Attribution:
    # The rules alone: what is tested is the context of a cue, not whether it cues a statement.
    nlp = pipeline.load(extractor="rules")
    result = onrecord.analyze(text, published="2022-11-15", nlp=nlp)
    return next(a for a in result.attributions if any(cue in s.text for s in a.cue))


@pytest.mark.parametrize(
    ("text", "cue", "addressee"),
    [
        ("Two US officials told CNN that the plan had failed.", "told", "CNN"),
        ("The aides told reporters that the plan had failed.", "told", "reporters"),
        (
            "Military personnel privately told people outside the government that they were "
            "concerned.",
            "told",
            "people outside the government",
        ),
        (
            "Sullivan spoke to the press on Friday, making it clear that policy had not changed.",
            "making",
            "the press",
        ),
        (
            "In an interview with Fox News, the senator said the bill would pass.",
            "said",
            "Fox News",
        ),
    ],
)
def test_addressee(text: str, cue: str, addressee: str) -> None:
    found = statement(text, cue).addressee
    assert found is not None
    assert found.text == addressee


def test_a_question_asked_is_not_an_addressee() -> None:
    text = "The call could prompt the administration to ask more questions about the war."
    assert statement(text, "ask").addressee is None


@pytest.mark.parametrize(
    ("text", "cue", "venue"),
    [
        (
            "Milley said at the Economic Club of New York that victory was out of reach.",
            "said",
            "the Economic Club of New York",
        ),
        (
            "Milley's push went public in comments at the Economic Club of New York last week, "
            "where Milley praised Ukraine's military.",
            "praised",
            "the Economic Club of New York",
        ),
        (
            "Sullivan spoke to the press on Friday night on President Joe Biden's flight to the "
            "G20, making it clear that policy had not changed.",
            "making",
            "President Joe Biden's flight to the G20",
        ),
        (
            "Biden also reiterated that the US will not negotiate without Ukraine at a G20 press "
            "conference on Monday.",
            "reiterated",
            "a G20 press conference",
        ),
    ],
)
def test_venue(text: str, cue: str, venue: str) -> None:
    found = statement(text, cue).venue
    assert found is not None
    assert found.text == venue


def test_a_date_is_never_a_venue() -> None:
    found = statement("The senator said on Monday that the bill would pass.", "said")
    assert found.venue is None
    assert found.date is not None
    assert found.date.start.isoformat() == "2022-11-14"

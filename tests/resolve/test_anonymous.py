"""Unnamed sources: detection, count, descriptor, affiliation and reason, on short sentences, on
the Milley article, and on hand-labelled PolNeAR mentions (``tests/fixtures``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.tokens import Span as TokenSpan

from onrecord import pipeline
from onrecord.evaluation._anonymous import read_fixture, run
from onrecord.evaluation._anonymous import scores as score_outcomes
from onrecord.resolve._anonymous import is_anonymous, profile
from onrecord.results import AnonymousProfile

ROOT = Path(__file__).parents[2]
MILLEY = ROOT / "examples" / "milley-memos.txt"
FIXTURES = ROOT / "tests" / "fixtures"


def mention(text: str, phrase: str, occurrence: int = 0) -> TokenSpan:
    """The parsed ``phrase`` (its ``occurrence``-th appearance) of ``text``."""
    nlp = pipeline.load()
    with nlp.select_pipes(disable=["onrecord"]):
        doc = nlp(text)
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    span = doc.char_span(start, start + len(phrase), alignment_mode="expand")
    assert span is not None
    return span


def profile_of(text: str, phrase: str, occurrence: int = 0) -> AnonymousProfile:
    found = profile(mention(text, phrase, occurrence))
    assert found is not None
    return found


def texts(found: AnonymousProfile) -> tuple[str | None, str | None, str | None]:
    return tuple(  # type: ignore[return-value]
        span.text if span else None for span in (found.descriptor, found.affiliation, found.reason)
    )


@pytest.mark.parametrize(
    ("text", "phrase", "count", "plural"),
    [
        ("Three sources said the talks had failed.", "Three sources", 3, True),
        ("A source said the talks had failed.", "A source", 1, False),
        ("Another source said the talks had failed.", "Another source", 1, False),
        ("Two US officials told CNN the talks had failed.", "Two US officials", 2, True),
        ("Officials said the talks had failed.", "Officials", None, True),
        ("Sources said the talks had failed.", "Sources", None, True),
        ("People familiar with the talks said they failed.", "People familiar", None, True),
        ("3 sources said the talks had failed.", "3 sources", 3, True),
        ("Twelve officials said the talks had failed.", "Twelve officials", 12, True),
        ("A couple of aides said the talks had failed.", "A couple of aides", 2, True),
        ("Several officials said the talks had failed.", "Several officials", None, True),
        ("Some aides said the talks had failed.", "Some aides", None, True),
        ("Many officials said the talks had failed.", "Many officials", None, True),
        ("A number of aides said the talks had failed.", "A number of aides", None, True),
        ("Multiple sources said the talks had failed.", "Multiple sources", None, True),
        ("One of the officials said the talks had failed.", "One of the officials", 1, False),
        ("The official said the talks had failed.", "The official", 1, False),
    ],
)
def test_count_and_plural(text: str, phrase: str, count: int | None, plural: bool) -> None:
    found = profile_of(text, phrase)

    assert (found.count, found.plural) == (count, plural)


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Republicans said the bill would fail.", "Republicans"),
        ("Democratic leaders said the bill would fail.", "Democratic leaders"),
        ("A White House spokesman said the bill would fail.", "A White House spokesman"),
        ("She said the bill would fail.", "She"),
        ("Jake Sullivan said the bill would fail.", "Jake Sullivan"),
        ("Business Insider reported that the bill would fail.", "Business Insider"),
        ("People posted reminders of the attack on Twitter.", "People"),
        ("Most elected officials said the bill would fail.", "Most elected officials"),
    ],
)
def test_named_people_groups_and_spokespeople_are_not_anonymous(text: str, phrase: str) -> None:
    span = mention(text, phrase)

    assert not is_anonymous(span)
    assert profile(span) is None


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("The sources said the talks had failed.", "The sources"),
        ("The official added that nothing was decided.", "The official"),
        ("Democratic officials said the bill would fail.", "Democratic officials"),
        ("An aide to the senator said the bill would fail.", "An aide"),
        (
            "The bill will fail, said a publishing executive familiar with the talks.",
            "a publishing executive",
        ),
        (
            "The bill will fail, said one Republican involved in the planning.",
            "one Republican",
        ),
    ],
)
def test_unnamed_and_anaphoric_sources_are_anonymous(text: str, phrase: str) -> None:
    assert is_anonymous(mention(text, phrase))


@pytest.mark.parametrize(
    ("text", "phrase", "descriptor", "affiliation", "reason"),
    [
        (
            "A senior administration official said the plan was dead.",
            "A senior administration official",
            "senior administration",
            "administration",
            None,
        ),
        (
            "The plan was dead, said a source close to the campaign.",
            "a source close to the campaign",
            "close to the campaign",
            None,
            None,
        ),
        (
            "A Ukrainian official said the plan was dead.",
            "A Ukrainian official",
            None,
            "Ukrainian",
            None,
        ),
        (
            "Pentagon officials said the plan was dead.",
            "Pentagon officials",
            None,
            "Pentagon",
            None,
        ),
        (
            "A Clinton campaign aide said the plan was dead.",
            "A Clinton campaign aide",
            None,
            "Clinton campaign",
            None,
        ),
        (
            "Two officials, who spoke on condition of anonymity because they were not "
            "authorized to discuss the matter publicly, said the plan was dead.",
            "Two officials",
            "who spoke on condition of anonymity",
            None,
            "because they were not authorized to discuss the matter publicly",
        ),
        (
            "A White House official, who requested anonymity to discuss internal "
            "deliberations, said the plan was dead.",
            "A White House official",
            "who requested anonymity",
            "White House",
            "to discuss internal deliberations",
        ),
        (
            "The plan was dead, said a Mexican official who was not authorized to speak publicly.",
            "a Mexican official",
            None,
            "Mexican",
            "not authorized to speak publicly",
        ),
        (
            "Several Israeli officials, who asked not to be named, said the plan was dead.",
            "Several Israeli officials",
            "who asked not to be named",
            "Israeli",
            None,
        ),
        (
            "Officials with the Democratic Congressional Campaign Committee said the plan was "
            "dead.",
            "Officials",
            None,
            "Democratic Congressional Campaign Committee",
            None,
        ),
    ],
)
def test_descriptor_affiliation_and_reason(
    text: str, phrase: str, descriptor: str | None, affiliation: str | None, reason: str | None
) -> None:
    assert texts(profile_of(text, phrase)) == (descriptor, affiliation, reason)


def test_profile_spans_are_offsets_of_the_article_text() -> None:
    text = "Nothing changed.\n\nA senior administration official said the plan was dead."
    found = profile_of(text, "A senior administration official")

    assert found.descriptor is not None
    assert text[found.descriptor.start : found.descriptor.end] == "senior administration"


def test_descriptor_cut_from_the_mention_is_still_found() -> None:
    found = profile_of("Three sources familiar with the matter said so.", "Three sources")

    assert found.descriptor is not None
    assert found.descriptor.text == "familiar with the matter"


@pytest.fixture(scope="module")
def milley() -> str:
    return MILLEY.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("phrase", "occurrence", "count", "plural", "descriptor", "affiliation"),
    [
        ("three sources familiar with the matter", 0, 3, True, "familiar with the matter", None),
        ("the sources", 0, None, True, None, None),
        ("two US officials", 0, 2, True, None, "US"),
        ("one official", 0, 1, False, None, None),
        ("a source familiar with the matter", 0, 1, False, "familiar with the matter", None),
    ],
)
def test_milley_article_sources(
    milley: str,
    phrase: str,
    occurrence: int,
    count: int | None,
    plural: bool,
    descriptor: str | None,
    affiliation: str | None,
) -> None:
    found = profile_of(milley, phrase, occurrence)

    assert (found.count, found.plural) == (count, plural)
    assert texts(found)[:2] == (descriptor, affiliation)


def test_hand_labelled_polnear_mentions_score_at_least_90_percent() -> None:
    rows = read_fixture(FIXTURES / "anonymous_sources.tsv")
    scores = score_outcomes(run(rows))

    assert len(rows) >= 100
    for name in ("count", "plural", "descriptor", "affiliation", "reason"):
        assert scores[name] >= 0.9, (name, scores)
    assert scores["detection precision"] >= 0.9, scores
    assert scores["detection recall"] >= 0.9, scores


# Issue 17, point 12: members of the public quoted by description are not informed sources.
@pytest.mark.parametrize(
    ("text", "phrase", "informed"),
    [
        ("“That is too big,” said one person during public comment.", "one person", False),
        ("“It is cringey,” said another person.", "another person", False),
        ("“I am blown away,” said someone at the meeting.", "someone at the meeting", False),
        ("A resident said the water was brown for days.", "A resident", False),
        (
            "A woman who identified herself as the mother of the victim said he never robbed "
            "anyone.",
            "A woman who identified herself as the mother of the victim",
            False,
        ),
        ("Officials say the revenue could pay for a police station.", "Officials", True),
        ("A person familiar with the talks said they had failed.", "A person familiar", True),
        ("Three sources said the talks had failed.", "Three sources", True),
        ("A Treasury official said the talks had failed.", "A Treasury official", True),
    ],
)
def test_informed_sources_and_members_of_the_public(text: str, phrase: str, informed: bool) -> None:
    found = profile(mention(text, phrase))
    assert found is not None
    assert found.informed is informed


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("The woman said the water was brown.", "The woman"),
        ("Women said the water was brown.", "Women"),
        ("Mary Smith, a resident, said the water was brown.", "Mary Smith"),
    ],
)
def test_named_and_general_members_of_the_public_are_not_unnamed(text: str, phrase: str) -> None:
    assert profile(mention(text, phrase)) is None

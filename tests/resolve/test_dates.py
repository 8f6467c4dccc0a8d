"""Dating statements: cues in parsed text (the expressions themselves: test_date_expressions)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc, Token

import onrecord
from onrecord import pipeline
from onrecord.resolve._dates import statement_date

ARTICLE = Path(__file__).parents[2] / "examples" / "milley-memos.txt"

D = dt.date
MILLEY = D(2022, 11, 15)  # a Tuesday, the Milley article's publication date
MONDAY = D(2022, 11, 14)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return pipeline.load()


def cue_in(doc: Doc, context: str, word: str) -> Token:
    """The token ``word`` inside the first occurrence of ``context`` in the document."""
    start = doc.text.index(context) + context.index(word)
    span = doc.char_span(start, start + len(word))
    assert span is not None, f"{word!r} in {context!r} is not a token"
    return span[0]


def when(
    nlp: Language, text: str, word: str, published: dt.date = MILLEY
) -> tuple[dt.date, dt.date, str] | None:
    """When the statement cued by ``word`` in ``text`` was made, with the expression's text."""
    doc = nlp(text)
    found = statement_date(cue_in(doc, text, word), published)
    if found is None:
        return None
    assert found.span.text == doc.text[found.span.start : found.span.end]
    return found.start, found.end, found.span.text


@pytest.mark.parametrize(
    ("text", "cue", "expected"),
    [
        (
            "Milley said last week that the war could not be won militarily.",
            "said",
            (D(2022, 11, 7), D(2022, 11, 13), "last week"),
        ),
        (
            "Sullivan spoke to the press on Friday night, making it clear that policy held.",
            "spoke",
            (D(2022, 11, 11), D(2022, 11, 11), "Friday night"),
        ),
        (
            "Sullivan spoke to the press on Friday night, making it clear that policy held.",
            "making",
            (D(2022, 11, 11), D(2022, 11, 11), "Friday night"),
        ),
        (
            "Biden reiterated that the US will not negotiate anything without Ukraine at a G20 "
            "press conference on Monday.",
            "reiterated",
            (MONDAY, MONDAY, "Monday"),
        ),
        (
            "The senator told CNN Tuesday that she would vote against the bill.",
            "told",
            (MILLEY, MILLEY, "Tuesday"),
        ),
        (
            "He said at a news conference Monday that prices would fall.",
            "said",
            (MONDAY, MONDAY, "Monday"),
        ),
        (
            "The governor said at Monday's briefing that schools would reopen.",
            "said",
            (MONDAY, MONDAY, "Monday"),
        ),
        (
            "Speaking on Tuesday, the mayor said the city was safe.",
            "said",
            (MILLEY, MILLEY, "Tuesday"),
        ),
        (
            "He traveled to Kyiv last week, where he said the war would end soon.",
            "said",
            (D(2022, 11, 7), D(2022, 11, 13), "last week"),
        ),
        (
            # A fragment whose root is a noun: the occasion the "where" clause refers back to.
            "His visit to Kyiv last week, where he said the war would end soon.",
            "said",
            (D(2022, 11, 7), D(2022, 11, 13), "last week"),
        ),
        (
            "He told the committee on Nov. 3, 2021, that he had no knowledge of the deal.",
            "told",
            (D(2021, 11, 3), D(2021, 11, 3), "Nov. 3, 2021"),
        ),
        (
            "The minister said two days ago that talks had failed.",
            "said",
            (D(2022, 11, 13), D(2022, 11, 13), "two days ago"),
        ),
        (
            "The president is scheduled to speak on Wednesday, aides said.",
            "speak",
            (D(2022, 11, 16), D(2022, 11, 16), "Wednesday"),
        ),
    ],
)
def test_a_time_expression_on_the_cue_or_its_occasion_dates_the_statement(
    nlp: Language, text: str, cue: str, expected: tuple[dt.date, dt.date, str]
) -> None:
    assert when(nlp, text, cue) == expected


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        # The date belongs to the reported event, not to the reporting.
        ("The call will take place on Wednesday, officials said.", "said"),
        ("The president is scheduled to speak on Wednesday, aides said.", "said"),
        ("Smith, who spoke on Monday, said the plan would fail.", "said"),
        # A duration says how long, not when.
        ("The company said for two weeks that nothing was wrong.", "said"),
        # A programme's name is not a date.
        ("Allen said on ABC's This Week that the attacks were beyond the pale.", "said"),
    ],
)
def test_no_date_when_the_text_does_not_date_the_statement(
    nlp: Language, text: str, cue: str
) -> None:
    assert when(nlp, text, cue) is None


def test_a_date_in_future_tense_is_the_next_such_day(nlp: Language) -> None:
    text = "The call will take place on Wednesday, officials said."

    assert when(nlp, text, "take") == (D(2022, 11, 16), D(2022, 11, 16), "Wednesday")


def test_a_trailing_occasion_dates_the_reporting_verb_not_the_content(nlp: Language) -> None:
    text = "Biden reiterated that the US will not negotiate without Ukraine at a summit on Monday."

    assert when(nlp, text, "negotiate") is None


def test_no_date_without_a_publication_date(nlp: Language) -> None:
    doc = nlp("Milley said last week that the war could not be won militarily.")

    assert statement_date(cue_in(doc, doc.text, "said"), None) is None


def test_a_statement_dated_beyond_the_calendar_has_no_date() -> None:
    analyzed = onrecord.analyze(
        "\u201cWe will not negotiate,\u201d Biden said yesterday.", published="0001-01-01"
    )

    assert [a.date for a in analyzed.attributions] == [None]


@pytest.fixture(scope="module")
def article(nlp: Language) -> Doc:
    return nlp(ARTICLE.read_text(encoding="utf-8"))


LAST_WEEK = (D(2022, 11, 7), D(2022, 11, 13), "last week")


@pytest.mark.parametrize(
    ("context", "cue", "expected"),
    [
        # Statements 4, 8, 10 and 11 of milley-memos.expected.md are dated ...
        ("where Milley praised", "praised", LAST_WEEK),
        ("but said military victory", "said", LAST_WEEK),
        ("making it clear", "making", (D(2022, 11, 11), D(2022, 11, 11), "Friday night")),
        ("he spoke to the press", "spoke", (D(2022, 11, 11), D(2022, 11, 11), "Friday night")),
        ("publicly quoted Biden", "quoted", LAST_WEEK),
        ("as saying", "saying", LAST_WEEK),
        ("also reiterated", "reiterated", (MONDAY, MONDAY, "Monday")),
        # ... the others are not.
        ("with the matter said", "said", None),
        ("– said they believe", "said", None),
        ("the sources said", "said", None),
        ("moment,” Milley said", "said", None),
        ("two US officials told", "told", None),
        ("Sullivan said the US", "said", None),
        ("said Biden", "said", None),
        ("said Bill Taylor", "said", None),
        # Events in the article resolve too: a past scheduling and a future call.
        ("has scheduled a phone call", "scheduled", (MONDAY, MONDAY, "earlier this week")),
        ("which will take place", "take", (D(2022, 11, 16), D(2022, 11, 16), "Wednesday")),
    ],
)
def test_the_milley_article(
    article: Doc, context: str, cue: str, expected: tuple[dt.date, dt.date, str] | None
) -> None:
    found = statement_date(cue_in(article, context, cue), MILLEY)

    if expected is None:
        assert found is None
    else:
        assert found is not None
        assert (found.start, found.end, found.span.text) == expected
        assert article.text[found.span.start : found.span.end] == found.span.text

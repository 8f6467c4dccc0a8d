from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from itertools import count, islice

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onrecord import pipeline
from onrecord._analyze import analyze, analyze_articles, parse_date
from onrecord.errors import EmptyInputError, EncodingError, InputError, InputTooLargeError
from onrecord.results import Article

STATEMENT = "Senator Warren said that the vote would fail."


@pytest.mark.parametrize("text", ["", " ", "\n\n", " \t\r\n\u00a0\u2003"])
def test_text_without_content_is_refused(text: str) -> None:
    with pytest.raises(EmptyInputError, match="empty"):
        analyze(text)


def test_text_above_the_pipeline_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline.load(), "max_length", 20)

    with pytest.raises(InputTooLargeError, match="above the pipeline's limit of 20"):
        analyze(STATEMENT)


def test_result_keeps_the_article_as_given() -> None:
    analyzed = analyze(STATEMENT, path="warren.txt")

    assert analyzed.article == Article(text=STATEMENT, published=None, path="warren.txt")
    (attribution,) = analyzed.attributions
    assert attribution.source is not None
    assert attribution.source.text == "Senator Warren"


@pytest.mark.parametrize("published", [dt.date(2022, 11, 15), "2022-11-15"])
def test_published_is_a_date_or_an_iso_string(published: dt.date | str) -> None:
    assert analyze(STATEMENT, published=published).article.published == dt.date(2022, 11, 15)


@pytest.mark.parametrize("garbage", ["not-a-date", "15/11/2022", "2022-13-01", "", "yesterday"])
def test_published_garbage_is_an_input_error(garbage: str) -> None:
    with pytest.raises(InputError, match=r"not a date: .*expected YYYY-MM-DD"):
        analyze(STATEMENT, published=garbage)


def test_parse_date_passes_none_through() -> None:
    assert parse_date(None) is None


def test_analyze_articles_yields_results_in_input_order() -> None:
    articles = [
        Article(text=f"{speaker} said that the plan failed.", path=speaker)
        for speaker in ("Warren", "Biden", "Sullivan", "Milley", "Taylor")
    ]

    results = list(analyze_articles(articles, batch_size=2))

    assert [result.article for result in results] == articles
    sources = [a.source.text for result in results for a in result.attributions if a.source]
    assert sources == ["Warren", "Biden", "Sullivan", "Milley", "Taylor"]


def test_analyze_articles_reads_its_input_only_as_far_as_needed() -> None:
    taken: list[int] = []

    def endless() -> Iterator[Article]:
        for number in count():
            taken.append(number)
            yield Article(text=f"Official number {number} said that the plan failed.")

    results = analyze_articles(endless(), batch_size=4)
    assert taken == []

    first_three = list(islice(results, 3))

    assert len(first_three) == 3
    # One batch is read ahead, never the whole (here endless) input.
    assert len(taken) <= 4


def test_a_refused_article_is_reported_in_its_place_and_the_batch_goes_on() -> None:
    results = list(
        analyze_articles([Article(text=STATEMENT), Article(text=" "), Article(text=STATEMENT)])
    )

    assert [result.error is None for result in results] == [True, False, True]
    assert results[1].error == "article text is empty"
    assert results[1].attributions == ()
    assert results[0].attributions == results[2].attributions != ()


@pytest.mark.parametrize("text", ["\udc80", "Warren said \ud800 the vote would fail."])
def test_a_lone_surrogate_is_an_encoding_error(text: str) -> None:
    with pytest.raises(EncodingError, match="lone surrogate"):
        analyze(text)


def test_a_lone_surrogate_fails_its_article_only() -> None:
    results = list(analyze_articles([Article(text="\udc80"), Article(text=STATEMENT)]))

    assert "lone surrogate (U+DC80)" in (results[0].error or "")
    assert results[1].error is None
    assert results[1].attributions != ()


QUOTE_MARKS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb`"
HOSTILE_TEXTS = st.one_of(
    # Any code point, lone surrogates and control characters included.
    st.lists(
        st.sampled_from(["\ud800", "\udc80", "\udfff"]) | st.characters(exclude_categories=()),
        max_size=200,
    ).map("".join),
    st.text(st.sampled_from(QUOTE_MARKS + " "), max_size=200),
    st.lists(
        st.sampled_from([*QUOTE_MARKS, " ", "said", "Biden", ":", ",", ".", "\n", "he"]),
        max_size=80,
    ).map("".join),
    st.text(st.characters(categories=["Cc", "Cf", "Zs", "Zl", "Zp"]), max_size=100),
)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(text=HOSTILE_TEXTS)
def test_hostile_text_is_analyzed_or_refused_with_an_input_error(text: str) -> None:
    try:
        analyzed = analyze(text, published="2022-11-15")
    except InputError:
        return
    for attribution in analyzed.attributions:
        for span in attribution.content:
            assert text[span.start : span.end] == span.text


def test_strings_of_analyzed_texts_do_not_pile_up_in_the_vocabulary() -> None:
    nlp = pipeline.load()
    words = [f"Zorblax{number}" for number in range(20)]
    articles = [Article(text=f"Senator {word} said that the vote would fail.") for word in words]

    results = list(analyze_articles(articles, nlp=nlp, batch_size=8))

    assert [a.source.text for r in results for a in r.attributions if a.source] == [
        f"Senator {word}" for word in words
    ]
    assert not any(word in nlp.vocab.strings for word in words)


def test_analysis_inside_a_callers_memory_zone_works_and_is_freed_with_it() -> None:
    nlp = pipeline.load()
    with nlp.memory_zone():
        (result,) = analyze_articles(
            [Article(text="Senator Quuxly said the vote failed.")], nlp=nlp
        )
        assert "Quuxly" in nlp.vocab.strings

    assert [a.source.text for a in result.attributions if a.source] == ["Senator Quuxly"]
    assert "Quuxly" not in nlp.vocab.strings

"""What pages and API share: months, the sourcing summary, the analyzer, safe links."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest

from onrecord._analyze import analyze
from onrecord.errors import (
    EmptyInputError,
    InputError,
    InputTooLargeError,
    NotEnglishError,
    TimeBudgetError,
)
from onrecord.results import Article
from onrecord.store import Store
from onrecord.web._security import safe_link
from onrecord.web._service import Analyzer, parse_month, sourcing_summary


def test_months() -> None:
    assert parse_month("2022-11") == dt.date(2022, 11, 1)
    assert parse_month(" 2022-12 ", end=True) == dt.date(2022, 12, 31)
    assert parse_month("2024-02", end=True) == dt.date(2024, 2, 29)
    assert parse_month("") is None
    assert parse_month(None) is None
    for bad in ("2022-13", "2022-1", "November", "2022-11-01"):
        with pytest.raises(InputError, match="not a month"):
            parse_month(bad)


def test_the_first_and_last_months_a_date_can_have() -> None:
    assert parse_month("0001-01") == dt.date(1, 1, 1)
    assert parse_month("9999-12", end=True) == dt.date(9999, 12, 31)
    for end in (False, True):
        with pytest.raises(InputError, match="from 0001-01"):
            parse_month("0000-01", end=end)


def test_the_sourcing_summary_adds_months_up_per_outlet(web_store: Store) -> None:
    # November 2022 only: the news pages of the web corpus are of other months.
    summary = sourcing_summary(web_store, since=dt.date(2022, 11, 1), until=dt.date(2022, 11, 30))

    assert {row.month for row in summary.months} == {dt.date(2022, 11, 1)}
    cnn = next(total for total in summary.totals if total.outlet == "CNN")
    (month,) = (row for row in summary.months if row.outlet == "CNN")
    assert (cnn.articles, cnn.attributions, cnn.anonymous, cnn.public) == (
        month.articles,
        month.attributions,
        month.anonymous,
        month.public,
    )
    assert cnn.anonymous_share == month.anonymous_share
    # Every outlet of the store is listed, whatever the filters, so colors stay put.
    assert len(summary.outlets) >= len(summary.totals)
    assert "Mark Milley" in {row.name for row in summary.top_speakers}


def test_the_analyzer_checks_text_as_a_file_would_be() -> None:
    analyzer = Analyzer()
    with pytest.raises(EmptyInputError):
        analyzer.analyze(Article(" \n"), max_bytes=1000)
    with pytest.raises(InputTooLargeError):
        analyzer.analyze(Article("word " * 300), max_bytes=1000)
    with pytest.raises(NotEnglishError):
        analyzer.analyze(Article("Der Hund bellt und die Katze schläft. " * 5), max_bytes=1000)
    with pytest.raises(InputError, match="UTF-8"):
        analyzer.analyze(Article("Biden said \ud800 it was over."), max_bytes=1000)


def test_the_analyzer_keeps_the_metadata() -> None:
    article = Article(
        "\ufeff“It is over,” Biden said.", published=dt.date(2022, 11, 15), outlet="Wire"
    )
    analyzed = Analyzer().analyze(article, max_bytes=1000)

    assert analyzed.article.text == "“It is over,” Biden said."  # without the byte order mark
    assert (analyzed.article.outlet, analyzed.article.published) == ("Wire", dt.date(2022, 11, 15))
    assert len(analyzed.attributions) == 1


@pytest.mark.parametrize(
    ("url", "link"),
    [
        ("https://example.com/a?b=c", "https://example.com/a?b=c"),
        (" http://example.com ", "http://example.com"),
        ("javascript:alert(1)", None),
        ("JavaScript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("//example.com/protocol-relative", None),
        ("https://", None),
        ("http://[::1", None),
        ("", None),
        (None, None),
    ],
)
def test_only_http_links_are_links(url: str | None, link: str | None) -> None:
    assert safe_link(url) == link


def test_an_analysis_over_the_time_budget_stops_and_frees_the_analyzer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    analyzer = Analyzer(budget_seconds=5.0)
    article = Article("“It is over,” Biden said.")
    clock = iter(range(0, 1000, 3))  # three seconds pass between two looks at the clock
    # The module, not the function onrecord exports under its name.
    analyze_module = importlib.import_module("onrecord._analyze")
    monkeypatch.setattr(analyze_module.time, "monotonic", lambda: next(clock))

    with pytest.raises(TimeBudgetError, match=r"after 5 s, before its '\w+' step"):
        analyzer.analyze(article, max_bytes=1000)
    monkeypatch.undo()

    analyzed = analyzer.analyze(article, max_bytes=1000)
    assert analyzed.attributions == analyze(article.text).attributions != ()

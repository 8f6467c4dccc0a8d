"""Issue 17, point 13: one outlet name per site, titles without the site, bylines of people."""

from __future__ import annotations

import pytest

from onrecord.resolve._outlets import clean_authors, clean_title, outlet_name, site_host


@pytest.mark.parametrize(
    ("site_name", "url", "outlet"),
    [
        # Made-up words, hosts and taglines become the name the outlet gives itself.
        ("Timesofisrael", "https://www.timesofisrael.com/a/", "The Times of Israel"),
        (None, "http://www.guardian.co.tt/news/massy", "Trinidad and Tobago Guardian"),
        (
            "WSVN 7News | Miami News, Weather, Sports | Fort Lauderdale",
            "https://wsvn.com/news/local/crash/",
            "WSVN 7News",
        ),
        ("U.S.", "https://www.reuters.com/article/us-awards-sag", "Reuters"),
        ("CNN", "https://edition.cnn.com/2021/03/08/uk/royal", "CNN"),
        # news-please gives a domain as the outlet.
        ("nytimes.com", None, "The New York Times"),
        # A site not in the list: the first part of its own name, else its host.
        (
            "The Daily Ledger | News for the Valley",
            "https://dailyledger.example/x",
            "The Daily Ledger",
        ),
        ("DAILYLEDGER.EXAMPLE", "https://www.dailyledger.example/x", "dailyledger.example"),
        ("Dailyledger", "https://dailyledger.example/x", "dailyledger.example"),
        (None, "https://m.dailyledger.example/x", "dailyledger.example"),
        ("Daily Ledger", None, "Daily Ledger"),
        (None, None, None),
    ],
)
def test_one_outlet_name_per_site(site_name: str | None, url: str | None, outlet: str) -> None:
    assert outlet_name(site_name, url) == outlet


def test_every_page_of_a_site_gets_the_same_name() -> None:
    names = {
        outlet_name(site, "https://www.reuters.com/article/x")
        for site in ("U.S.", "World News", "Reuters", None)
    }
    assert names == {"Reuters"}


def test_site_host_keeps_subdomains_that_are_other_sites() -> None:
    assert site_host("https://www.bbc.co.uk/news") == "bbc.co.uk"
    assert site_host("https://news.sky.com/story") == "news.sky.com"
    assert site_host("not a url") is None


@pytest.mark.parametrize(
    ("title", "outlet", "site_name", "cleaned"),
    [
        (
            "PM attends financial access roundtable in Barbados | NOW Grenada",
            "NOW Grenada",
            "NOW Grenada",
            "PM attends financial access roundtable in Barbados",
        ),
        (
            "DEA Officials Arrest BVI Premier - Governor Calls For Calm - St. Lucia Times News",
            "St. Lucia Times",
            "St. Lucia Times News",
            "DEA Officials Arrest BVI Premier - Governor Calls For Calm",
        ),
        (
            "Driver killed - WSVN 7News | Miami News, Weather, Sports | Fort Lauderdale",
            "WSVN 7News",
            "WSVN 7News | Miami News, Weather, Sports | Fort Lauderdale",
            "Driver killed",
        ),
        (
            "Berlin confronts Germany's colonial past | DW | 19.01.2020",
            "DW",
            "DW.COM",
            "Berlin confronts Germany's colonial past",
        ),
        # A title that only looks like it ends with a name keeps it.
        ("Update | Deceased crash victims identified", "The Gleaner", None, None),
        ("Title - NOW Grenada", None, None, "Title - NOW Grenada"),
    ],
)
def test_titles_lose_the_site_name_appended(
    title: str, outlet: str | None, site_name: str | None, cleaned: str | None
) -> None:
    assert clean_title(title, outlet, site_name) == (cleaned or title)


@pytest.mark.parametrize(
    ("author", "outlet", "site_name", "cleaned"),
    [
        ("Article by", "Nation News", None, None),
        ("CBS News February", "CBS News", None, None),
        ("NOW Grenada", "NOW Grenada", "NOW Grenada", None),
        ("Editorial Staff", "St. Lucia Times", None, None),
        ("BBNTEAM", "Breaking Belize News", None, None),
        ("Staff, News Service Reports", "Twin Cities Pioneer Press", "Twin Cities", None),
        ("Rob Picheta, CNN", "CNN", "CNN", "Rob Picheta"),
        ("By Jane Doe, John Roe", "Daily Ledger", None, "Jane Doe, John Roe"),
        ("Reuters", "Vancouver Sun", "Vancouver Sun", "Reuters"),
        (None, "CNN", None, None),
    ],
)
def test_bylines_keep_only_people_and_agencies(
    author: str | None, outlet: str | None, site_name: str | None, cleaned: str | None
) -> None:
    assert clean_authors(author, outlet, site_name) == cleaned

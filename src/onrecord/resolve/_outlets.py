"""An article's outlet, title and authors as a newsroom writes them, not as a page spells them.

Pages name their own site inconsistently ("WSVN 7News | Miami News, Weather, Sports | Fort
Lauderdale", "DW.COM", "U.S." for Reuters, nothing at all), and metadata guessers fill the gap
with the host ("guardian.co.tt") or a made-up word ("Timesofisrael"); sourcing figures per outlet
then split one outlet into several. So an outlet is named by its site: the host of the
article's URL, looked up in ``onrecord/data/outlets.json`` (the name each outlet gives itself),
else the first part of the name the page gives, else the host. Titles lose the site name pages
append ("... | NOW Grenada", "... - St. Lucia Times News"), and authors keep only people and
agencies: no "Article by", no "Editorial Staff", no outlet name or date.
"""

from __future__ import annotations

import calendar
import json
import re
from functools import cache
from importlib import resources
from urllib.parse import urlsplit

# How pages join their site's name to a title: "Title | Site", "Title - Site".
_TITLE_SEPARATOR = re.compile(r"\s+[|\-–—]\s+")
# A page's own name split into its parts: "The Tico Times | Costa Rica News | Travel".
_NAME_SEPARATOR = re.compile(r"\s*(?:\s[|\-–—:]\s|\|)\s*")
_DATE = re.compile(r"\d{1,4}(?:[./-]\d{1,4}){1,2}")
_HOST_LIKE = re.compile(r"(?:www\.)?[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
_BYLINE_LEAD = re.compile(r"^(?:article|story|words|report|written|posted)?\s*by\b[:\s]*", re.I)
# Words of a byline that name a desk or a role, not a person: "Editorial Staff", "BBNTEAM".
_NOT_PEOPLE = re.compile(
    r"staff|team|desk|editor(?:ial)?s?\b|reports?\b|service\b|newsroom|contributor|admin", re.I
)
_MONTHS = frozenset(name.casefold() for name in calendar.month_name if name)
# Subdomains that are the same site as the domain: "edition.cnn.com" is cnn.com.
_SAME_SITE_PREFIXES = ("www.", "m.", "edition.", "mobile.", "amp.", "beta.")


def outlet_name(site_name: str | None, url: str | None) -> str | None:
    """The one name of the outlet whose page at ``url`` calls itself ``site_name``."""
    host = site_host(url) if url else None
    if host is None and site_name and _HOST_LIKE.fullmatch(site_name.strip()):
        host = site_host(f"//{site_name.strip().lower()}")  # news-please's "source_domain"
    if host is not None:
        known = _known_outlets()
        domain = host
        while domain.count(".") >= 1:
            if domain in known:
                return known[domain]
            domain = domain.partition(".")[2]
    named = _own_name(site_name, host) if site_name else None
    return named or host or (site_name.strip() if site_name else None)


def site_host(url: str) -> str | None:
    """The host of ``url`` without the prefixes that are the same site ("www.", "m.")."""
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    for prefix in _SAME_SITE_PREFIXES:
        if host.startswith(prefix) and host.count(".") > 1:
            host = host.removeprefix(prefix)
    return host


def clean_title(title: str | None, outlet: str | None, site_name: str | None) -> str | None:
    """``title`` without the site name and date pages append to it ("... | DW | 19.01.2020")."""
    if title is None:
        return None
    marks = _site_marks(outlet, site_name)
    cut = len(title)
    for separator in reversed(list(_TITLE_SEPARATOR.finditer(title))):
        tail = title[separator.end() : cut].strip()
        if _key(tail) not in marks and not _DATE.fullmatch(tail):
            break
        cut = separator.start()
    return title[:cut].strip() or None


def clean_authors(author: str | None, outlet: str | None, site_name: str | None) -> str | None:
    """The people (or agencies) of a byline, ", "-separated; None when it names none."""
    if author is None:
        return None
    marks = _site_marks(outlet, site_name)
    kept = []
    for part in author.split(","):
        name = _BYLINE_LEAD.sub("", part.strip()).strip()
        words = name.casefold().split()
        if (
            not name
            or _key(name) in marks
            or any(_key(name).startswith(mark) for mark in marks if len(mark) > 3)
            or _NOT_PEOPLE.search(name)
            or any(word.strip(".") in _MONTHS or any(c.isdigit() for c in word) for word in words)
            or _key(name) in {"article", "by", "story"}
        ):
            continue
        kept.append(name)
    return ", ".join(kept) or None


def _own_name(site_name: str, host: str | None) -> str | None:
    """The first part of the name a page gives its site, unless it is only the host again
    ("DW.COM", "Timesofisrael")."""
    first = _NAME_SEPARATOR.split(site_name.strip())[0].strip()
    if not first or _HOST_LIKE.fullmatch(first):
        return None
    if host is not None and _key(first) == _key(host.split(".")[0]) and first[1:].islower():
        return None
    return first


def _site_marks(outlet: str | None, site_name: str | None) -> set[str]:
    """Every way the page may write its site's name, as ``_key`` gives them."""
    marks = {_key(outlet)} if outlet else set()
    if site_name:
        marks.add(_key(site_name))
        marks.update(_key(part) for part in _NAME_SEPARATOR.split(site_name))
    marks.discard("")
    return marks


def _key(name: str) -> str:
    return re.sub(r"[\W_]+", "", name.casefold().removeprefix("the "))


@cache
def _known_outlets() -> dict[str, str]:
    known: dict[str, str] = json.loads(
        resources.files("onrecord").joinpath("data/outlets.json").read_text(encoding="utf-8")
    )
    return known

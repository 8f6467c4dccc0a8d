"""Browsing reads: whole articles, speaker profiles, monthly sourcing, pages of rows.

The corpus here is written out by hand, statements and speakers included, so that these
figures do not move when the extractor changes:

wire-1 (Wire, 2022-11-15): Mark Milley twice (a1 "on Monday", 11-14), two officials (unnamed).
daily-1 (Daily, 2022-11-20): Mark Milley ("last week", 11-07..11-13), Joe Biden twice.
wire-2 (Wire, 2022-12-02): a Treasury official (unnamed), "the report" (unresolved).
undated (no outlet, no date): John Kirby.
daily-2 (Daily, 2022-11-26): no statement.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from onrecord._analyze import analyze
from onrecord.results import (
    AnalyzedArticle,
    AnonymousProfile,
    Article,
    Attribution,
    DateInterval,
    Kind,
    Span,
    Speaker,
    SpeakerKind,
)
from onrecord.store import (
    Company,
    MonthCount,
    MonthlySourcingRow,
    OutletCount,
    StatementFilter,
    Store,
    TitleRow,
    article_id,
)

NOVEMBER = dt.date(2022, 11, 1)
DECEMBER = dt.date(2022, 12, 1)
EXAMPLE = Path(__file__).parents[2] / "examples" / "milley-memos.txt"


def _article(
    path: str,
    outlet: str | None,
    published: str | None,
    text: str,
    speakers: list[tuple[str, SpeakerKind, list[str], list[str], int | None]],
    statements: list[tuple[Kind, str, str, str, str | None, dict[str, Any]]],
) -> AnalyzedArticle:
    """An analyzed article written out, spans given as fragments of ``text``.

    "Milley#2" is the second occurrence of "Milley". A speaker is (name, kind, mentions, titles,
    count of an unnamed source); a statement is (kind, content, cue, source, speaker id, more
    fields).
    """

    def span(fragment: str) -> Span:
        words, _, nth = fragment.partition("#")
        start = -1
        for _ in range(int(nth or 1)):
            start = text.index(words, start + 1)
        return Span.of(text, start, start + len(words))

    return AnalyzedArticle(
        article=Article(
            text=text,
            published=None if published is None else dt.date.fromisoformat(published),
            path=path,
            outlet=outlet,
        ),
        speakers=tuple(
            Speaker(
                id=f"s{number}",
                kind=kind,
                name=name,
                mentions=tuple(span(mention) for mention in mentions),
                titles=tuple(span(title) for title in titles),
                anonymous=None if count is None else AnonymousProfile(count, count > 1),
            )
            for number, (name, kind, mentions, titles, count) in enumerate(speakers, 1)
        ),
        attributions=tuple(
            Attribution(
                id=f"a{number}",
                kind=kind,
                content=(span(content),),
                cue=(span(cue),),
                source=span(source),
                speaker=speaker,
                **{
                    key: DateInterval(*value[:2], span(value[2])) if key == "date" else span(value)
                    for key, value in more.items()
                },
            )
            for number, (kind, content, cue, source, speaker, more) in enumerate(statements, 1)
        ),
    )


MONDAY = (dt.date(2022, 11, 14), dt.date(2022, 11, 14), "on Monday")
LAST_WEEK = (dt.date(2022, 11, 7), dt.date(2022, 11, 13), "last week")
PERSON, ANONYMOUS = SpeakerKind.PERSON, SpeakerKind.ANONYMOUS
DIRECT, INDIRECT, MIXED = Kind.DIRECT, Kind.INDIRECT, Kind.MIXED
CORPUS = [
    _article(
        "wire-1.txt",
        "Wire",
        "2022-11-15",
        "Gen. Mark Milley said on Monday that Ukraine had won. “The Russians have lost,” "
        "Milley told reporters. Two officials said the White House disagreed.",
        [
            ("Mark Milley", PERSON, ["Mark Milley", "Milley#2"], ["Gen."], None),
            ("Two officials", ANONYMOUS, ["Two officials"], [], 2),
        ],
        [
            (INDIRECT, "that Ukraine had won", "said", "Mark Milley", "s1", {"date": MONDAY}),
            (
                DIRECT,
                "“The Russians have lost,”",
                "told",
                "Milley#2",
                "s1",
                {"addressee": "reporters"},
            ),
            (INDIRECT, "the White House disagreed", "said#2", "Two officials", "s2", {}),
        ],
    ),
    _article(
        "daily-1.txt",
        "Daily",
        "2022-11-20",
        "Mark Milley said last week that talks were possible. President Joe Biden said that he "
        "would not negotiate. He added that “the war must end.”",
        [
            ("Mark Milley", PERSON, ["Mark Milley"], [], None),
            ("Joe Biden", PERSON, ["Joe Biden", "He"], ["President"], None),
        ],
        [
            (
                INDIRECT,
                "that talks were possible",
                "said",
                "Mark Milley",
                "s1",
                {"date": LAST_WEEK},
            ),
            (INDIRECT, "that he would not negotiate", "said#2", "President Joe Biden", "s2", {}),
            (MIXED, "that “the war must end.”", "added", "He", "s2", {}),
        ],
    ),
    _article(
        "wire-2.txt",
        "Wire",
        "2022-12-02",
        "A Treasury official said prices were falling. The report said nothing more.",
        [("A Treasury official", ANONYMOUS, ["A Treasury official"], [], 1)],
        [
            (INDIRECT, "prices were falling", "said", "A Treasury official", "s1", {}),
            (INDIRECT, "nothing more", "said#2", "The report", None, {}),
        ],
    ),
    _article(
        "undated.txt",
        None,
        None,
        "“We remain ready,” spokesman John Kirby told reporters.",
        [("John Kirby", PERSON, ["John Kirby"], ["spokesman"], None)],
        [(DIRECT, "“We remain ready,”", "told", "spokesman John Kirby", "s1", {})],
    ),
    _article("daily-2.txt", "Daily", "2022-11-26", "Markets closed higher on Friday.", [], []),
]


@pytest.fixture
def browse_store(store: Store) -> Store:
    for analyzed in CORPUS:
        assert store.save(analyzed)
    return store


def _speaker_id(store: Store, name: str) -> int:
    (found,) = (row.id for row in store.speakers() if row.name == name)
    return found


def test_the_corpus_is_stored_as_these_tests_expect(browse_store: Store) -> None:
    """Both Mark Milleys are one speaker; the unresolved source is nobody."""
    assert [(row.name, row.statements) for row in browse_store.speakers()] == [
        ("Mark Milley", 3),
        ("Joe Biden", 2),
        ("A Treasury official", 1),
        ("John Kirby", 1),
        ("Two officials", 1),
    ]


def test_an_article_reads_back_as_it_was_saved(browse_store: Store) -> None:
    milley = _speaker_id(browse_store, "Mark Milley")
    for analyzed in CORPUS:
        stored = browse_store.article(article_id(analyzed.article.text))

        assert stored is not None
        assert stored.analyzed == analyzed
        assert set(stored.identities) == {speaker.id for speaker in analyzed.speakers}
        if analyzed.article.path in ("wire-1.txt", "daily-1.txt"):
            assert stored.identities["s1"] == milley


def test_the_example_article_reads_back_whole(store: Store) -> None:
    analyzed = analyze(EXAMPLE.read_text(encoding="utf-8"), published="2022-11-15")
    analyzed = replace(analyzed, article=replace(analyzed.article, outlet="CNN", url="https://x"))
    store.save(analyzed)

    stored = store.article(article_id(analyzed.article.text))

    assert stored is not None
    assert stored.analyzed == analyzed


def test_an_unknown_article_is_none(browse_store: Store) -> None:
    assert browse_store.article("0" * 64) is None


def test_articles_come_latest_first_with_statement_counts(browse_store: Store) -> None:
    page = browse_store.article_page(limit=10)

    assert [(row.path, row.statements) for row in page.rows] == [
        ("wire-2.txt", 2),
        ("daily-2.txt", 0),
        ("daily-1.txt", 3),
        ("wire-1.txt", 3),
        ("undated.txt", 1),
    ]
    assert (page.total, page.offset, page.limit) == (5, 0, 10)
    wire_1 = browse_store.article_page(outlet="Wire", limit=1, offset=1)
    assert [(row.path, row.outlet, row.published) for row in wire_1.rows] == [
        ("wire-1.txt", "Wire", dt.date(2022, 11, 15))
    ]
    assert wire_1.total == 2
    assert wire_1.rows[0].length == len(CORPUS[0].article.text)


def test_outlets_by_name_and_none_last(browse_store: Store) -> None:
    assert browse_store.outlets() == ["Daily", "Wire", None]


def test_an_empty_store_has_no_outlets(store: Store) -> None:
    assert store.outlets() == []


def test_a_page_refuses_a_negative_offset(browse_store: Store) -> None:
    with pytest.raises(ValueError, match="offset"):
        browse_store.article_page(limit=1, offset=-1)


def test_speaker_pages_filter_by_name_and_kind(browse_store: Store) -> None:
    page = browse_store.speaker_page(name="O", limit=1)

    assert [row.name for row in page.rows] == ["Joe Biden"]
    assert page.total == 4  # not John Kirby
    assert browse_store.speaker_page(name="o", limit=5, offset=3).rows[0].name == "Two officials"
    anonymous = browse_store.speaker_page(kind=SpeakerKind.ANONYMOUS, limit=5)
    assert [row.name for row in anonymous.rows] == ["A Treasury official", "Two officials"]
    assert anonymous.total == 2
    assert browse_store.speaker_page(name="%", limit=5).total == 0


def test_a_speaker_profile(browse_store: Store) -> None:
    profile = browse_store.speaker(_speaker_id(browse_store, "Mark Milley"))

    assert profile is not None
    assert (profile.speaker.name, profile.speaker.statements) == ("Mark Milley", 3)
    assert profile.speaker.titles == (
        TitleRow("Gen.", dt.date(2022, 11, 15), dt.date(2022, 11, 15)),
    )
    assert profile.speaker.outlets == ("Daily", "Wire")
    # wire-1 a1 (11-14), a2 (published 11-15); daily-1 a1 (last week).
    assert profile.months == (MonthCount(NOVEMBER, 3),)
    assert profile.undated == 0
    assert profile.outlets == (OutletCount("Wire", 1, 2), OutletCount("Daily", 1, 1))
    # wire-1: two officials; daily-1: Joe Biden twice.
    assert profile.company == Company(articles=2, own=3, named=2, anonymous=1, unattributed=0)


def test_a_speaker_profile_without_dates_or_outlets(browse_store: Store) -> None:
    profile = browse_store.speaker(_speaker_id(browse_store, "John Kirby"))

    assert profile is not None
    assert (profile.months, profile.undated) == ((), 1)
    assert profile.outlets == (OutletCount(None, 1, 1),)
    assert profile.company == Company(articles=1, own=1, named=0, anonymous=0, unattributed=0)


def test_an_unnamed_source_keeps_company_apart_from_itself(browse_store: Store) -> None:
    profile = browse_store.speaker(_speaker_id(browse_store, "A Treasury official"))

    assert profile is not None
    assert profile.months == (MonthCount(DECEMBER, 1),)
    assert profile.company == Company(articles=1, own=1, named=0, anonymous=0, unattributed=1)


def test_an_unknown_speaker_is_none(browse_store: Store) -> None:
    assert browse_store.speaker(10_000) is None


def test_monthly_sourcing(browse_store: Store) -> None:
    assert browse_store.monthly_sourcing() == [
        # daily-1 and daily-2; wire-1; wire-2 (undated.txt is left out).
        MonthlySourcingRow("Daily", NOVEMBER, 2, 3, 0, 0.0, 0),
        MonthlySourcingRow("Wire", NOVEMBER, 1, 3, 1, 1 / 3, 0),
        MonthlySourcingRow("Wire", DECEMBER, 1, 2, 1, 0.5, 0),
    ]
    assert browse_store.monthly_sourcing(outlet="Wire", since=DECEMBER) == [
        MonthlySourcingRow("Wire", DECEMBER, 1, 2, 1, 0.5, 0)
    ]
    assert browse_store.monthly_sourcing(since=NOVEMBER, until=dt.date(2022, 11, 20)) == [
        MonthlySourcingRow("Daily", NOVEMBER, 1, 3, 0, 0.0, 0),
        MonthlySourcingRow("Wire", NOVEMBER, 1, 3, 1, 1 / 3, 0),
    ]
    assert browse_store.monthly_sourcing(outlet="Nowhere") == []


def test_top_speakers(browse_store: Store) -> None:
    def top(**filters: Any) -> list[tuple[str, int]]:
        return [(row.name, row.statements) for row in browse_store.top_speakers(**filters)]

    # The undated article's speaker and the unresolved source are left out; ties by name.
    assert top() == [
        ("Mark Milley", 3),
        ("Joe Biden", 2),
        ("A Treasury official", 1),
        ("Two officials", 1),
    ]
    assert top(limit=1) == [("Mark Milley", 3)]
    assert top(outlet="Daily") == [("Joe Biden", 2), ("Mark Milley", 1)]
    assert top(since=dt.date(2022, 11, 16)) == [
        ("Joe Biden", 2),
        ("A Treasury official", 1),
        ("Mark Milley", 1),
    ]
    assert browse_store.top_speakers(limit=1)[0].kind is SpeakerKind.PERSON


def test_statement_pages_filter_by_outlet_kind_and_words(browse_store: Store) -> None:
    def keys(
        filters: StatementFilter, limit: int = 20, offset: int = 0
    ) -> tuple[list[tuple[str, str]], int]:
        page = browse_store.statement_page(filters, limit=limit, offset=offset)
        return [(row.path or "", row.attribution_id) for row in page.rows], page.total

    assert keys(StatementFilter(outlet="Wire", kind=Kind.INDIRECT)) == (
        [("wire-1.txt", "a1"), ("wire-1.txt", "a3"), ("wire-2.txt", "a1"), ("wire-2.txt", "a2")],
        4,
    )
    assert keys(StatementFilter(outlet="Wire", kind=Kind.INDIRECT), limit=1, offset=1) == (
        [("wire-1.txt", "a3")],
        4,
    )
    # Every word anywhere in the content, stemmed; a quoted phrase as written.
    assert keys(StatementFilter(words="WAR must")) == ([("daily-1.txt", "a3")], 1)
    assert keys(StatementFilter(words="“must war”")) == ([], 0)
    assert keys(StatementFilter(words='"the war must" ending')) == ([("daily-1.txt", "a3")], 1)
    assert keys(StatementFilter(words="wars")) == ([("daily-1.txt", "a3")], 1)
    # Words too common to search for are left out: here, all of them.
    assert keys(StatementFilter(words="that the")) == keys(StatementFilter())
    milley = _speaker_id(browse_store, "Mark Milley")
    assert keys(StatementFilter(speaker_id=milley, since=dt.date(2022, 11, 14))) == (
        [("wire-1.txt", "a1"), ("wire-1.txt", "a2")],
        2,
    )


def test_repeated_and_contained_words_are_searched_once(browse_store: Store) -> None:
    def found(words: str) -> tuple[int, list[tuple[str, str]]]:
        page = browse_store.statement_page(StatementFilter(words=words), limit=20)
        return page.total, [(row.article_id, row.attribution_id) for row in page.rows]

    assert found("war WAR War must Must") == found("WAR must")
    # Each word was a condition: 2000 made SQLite's expression tree too deep to run.
    assert found("war " * 2000) == found("war")

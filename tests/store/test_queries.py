"""Queries on the corpus of conftest.py, with every expected figure worked out by hand.

wire-1 (Wire, 2022-11-15): Mark Milley twice (a1 dated Monday 11-14), two anonymous officials.
daily-1 (Daily, 2022-11-20): "Milley" twice (a1 "last week", 11-07..11-13), Joe Biden (11-15).
wire-2 (Wire, 2022-11-23): Janet Yellen twice, an anonymous official, "the department" nested in
the official's statement, Joe Biden.
undated (no outlet, no date): The Élysée Palace, John Kirby.
daily-2 (Daily, 2022-11-25): Jake Sullivan quoting Joe Biden, cue "quoted ... as saying".
daily-3 (Daily, 2022-11-26): no statement.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from typing import Any

import pytest

import onrecord
from onrecord import pipeline
from onrecord._analyze import analyze
from onrecord.results import AnalyzedArticle, Kind, SpeakerKind
from onrecord.store import SourcingRow, StatementFilter, Store, TitleRow, article_id

NOV = dt.date(2022, 11, 1)


def _day(day: int) -> dt.date:
    return NOV.replace(day=day)


def _keys(store: Store, **filters: Any) -> list[tuple[str, str]]:
    """``(article path, attribution id)`` of the statements ``filters`` select, in order."""
    return [(row.path or "", row.attribution_id) for row in store.statements(**filters)]


def test_the_corpus_is_analyzed_as_these_tests_expect(corpus: list[AnalyzedArticle]) -> None:
    """If this fails, the analyzer changed: rework the corpus before the queries' figures."""
    found = {
        analyzed.article.path: [
            (
                attribution.id,
                next(s.name for s in analyzed.speakers if s.id == attribution.speaker),
                attribution.nested_in,
            )
            for attribution in analyzed.attributions
        ]
        for analyzed in corpus
    }

    assert found == {
        "wire-1.txt": [
            ("a1", "Mark Milley", None),
            ("a2", "Mark Milley", None),
            ("a3", "Two senior administration officials", None),
        ],
        "daily-1.txt": [("a1", "Milley", None), ("a2", "Milley", None), ("a3", "Joe Biden", None)],
        "wire-2.txt": [
            ("a1", "Janet Yellen", None),
            ("a2", "Janet Yellen", None),
            ("a3", "A Treasury official", None),
            ("a4", "the department", "a3"),
            ("a5", "Joe Biden", None),
        ],
        "undated.txt": [("a1", "The Élysée Palace", None), ("a2", "John Kirby", None)],
        "daily-2.txt": [("a1", "Jake Sullivan", None)],
        "daily-3.txt": [],
    }


def test_speakers_come_most_quoted_first_with_titles_and_outlets(corpus_store: Store) -> None:
    found = {row.name: row for row in corpus_store.speakers()}

    # "Milley" and "Mark Milley" are two identities: the assigner matches whole names only.
    assert [(row.name, row.statements) for row in corpus_store.speakers()][:4] == [
        ("Janet Yellen", 2),
        ("Joe Biden", 2),
        ("Mark Milley", 2),
        ("Milley", 2),
    ]
    assert len(found) == 10
    biden = found["Joe Biden"]
    assert biden.kind is SpeakerKind.PERSON
    # Seen in daily-1, wire-2 and daily-2, where Sullivan quotes him.
    assert biden.titles == (TitleRow("President", _day(20), _day(25)),)
    assert biden.outlets == ("Daily", "Wire")
    assert found["Mark Milley"].titles == (
        TitleRow("Chairman of the Joint Chiefs of Staff", _day(15), _day(15)),
        TitleRow("Gen.", _day(15), _day(15)),
    )
    assert found["John Kirby"].titles == (TitleRow("spokesman", None, None),)
    assert found["John Kirby"].outlets == ()
    assert found["Milley"].titles == ()
    assert found["Jake Sullivan"].statements == 1


def test_speakers_filter_by_kind_and_limit(corpus_store: Store) -> None:
    anonymous = corpus_store.speakers(kind=SpeakerKind.ANONYMOUS)

    assert sorted(row.name for row in anonymous) == [
        "A Treasury official",
        "Two senior administration officials",
    ]
    assert all(row.statements == 1 for row in anonymous)
    assert [row.name for row in corpus_store.speakers(limit=2)] == ["Janet Yellen", "Joe Biden"]
    assert [row.name for row in corpus_store.speakers(kind=SpeakerKind.ORGANIZATION)] == [
        "The Élysée Palace",
        "the department",
    ]
    assert corpus_store.speakers(limit=0) == []


def test_statements_come_in_date_order_undated_last(corpus_store: Store) -> None:
    assert _keys(corpus_store) == [
        ("daily-1.txt", "a1"),  # last week: 11-07..11-13
        ("wire-1.txt", "a1"),  # Monday: 11-14
        ("wire-1.txt", "a2"),  # published 11-15
        ("wire-1.txt", "a3"),
        ("daily-1.txt", "a3"),  # Tuesday 11-15, published later
        ("daily-1.txt", "a2"),  # published 11-20
        ("wire-2.txt", "a1"),  # Wednesday: 11-23
        ("wire-2.txt", "a2"),
        ("wire-2.txt", "a3"),
        ("wire-2.txt", "a4"),
        ("wire-2.txt", "a5"),
        ("daily-2.txt", "a1"),  # published 11-25
        ("undated.txt", "a1"),
        ("undated.txt", "a2"),
    ]


@pytest.mark.parametrize(
    ("speaker", "expected"),
    [
        # A canonical name ("Milley" of daily-1) or a mention (of Mark Milley, in wire-1).
        (
            "milley",
            [
                ("daily-1.txt", "a1"),
                ("wire-1.txt", "a1"),
                ("wire-1.txt", "a2"),
                ("daily-1.txt", "a2"),
            ],
        ),
        ("MARK MILLEY", [("wire-1.txt", "a1"), ("wire-1.txt", "a2")]),
        ("Gen. Mark Milley", [("wire-1.txt", "a1"), ("wire-1.txt", "a2")]),
        ("joe biden", [("daily-1.txt", "a3"), ("wire-2.txt", "a5")]),
        # Case folded beyond ASCII, the same on both backends.
        ("THE ÉLYSÉE PALACE", [("undated.txt", "a1")]),
        ("Two senior administration officials", [("wire-1.txt", "a3")]),
        # A surname, or the last words of a name, whether or not an article said it alone.
        ("biden", [("daily-1.txt", "a3"), ("wire-2.txt", "a5")]),
        ("Sullivan", [("daily-2.txt", "a1")]),
        ("élysée palace", [("undated.txt", "a1")]),
        # Not a first name alone, nor a word of an unnamed source's description.
        ("Mark", []),
        ("officials", []),
        ("senior administration", []),
        ("%", []),
    ],
)
def test_statements_by_speaker(
    corpus_store: Store, speaker: str, expected: list[tuple[str, str]]
) -> None:
    assert _keys(corpus_store, speaker=speaker) == expected


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        (_day(14), _day(14), [("wire-1.txt", "a1")]),
        # "Last week" overlaps a range that ends inside it.
        (None, _day(10), [("daily-1.txt", "a1")]),
        (_day(13), _day(14), [("daily-1.txt", "a1"), ("wire-1.txt", "a1")]),
        (
            _day(20),
            None,
            [("daily-1.txt", "a2")]
            + [("wire-2.txt", f"a{n}") for n in range(1, 6)]
            + [("daily-2.txt", "a1")],
        ),
        (_day(16), _day(19), []),
    ],
)
def test_statements_by_date(
    corpus_store: Store,
    since: dt.date | None,
    until: dt.date | None,
    expected: list[tuple[str, str]],
) -> None:
    assert _keys(corpus_store, since=since, until=until) == expected


@pytest.mark.parametrize(
    ("contains", "expected"),
    [
        # Literal, not LIKE wildcards: "%" would match everything, "_" any one character.
        ("%", [("wire-1.txt", "a2"), ("wire-2.txt", "a1")]),
        ("7.7% in", [("wire-2.txt", "a1")]),
        ("_", []),
        ("/", []),
        ("we ARE making", [("wire-2.txt", "a2")]),
        ("“We", [("wire-2.txt", "a2"), ("undated.txt", "a2")]),
        ("further declines", [("wire-2.txt", "a3"), ("wire-2.txt", "a4")]),
    ],
)
def test_statements_by_content(
    corpus_store: Store, contains: str, expected: list[tuple[str, str]]
) -> None:
    assert _keys(corpus_store, contains=contains) == expected


def test_statement_filters_combine_and_limit(corpus_store: Store) -> None:
    assert _keys(corpus_store, speaker="Milley", since=_day(15)) == [
        ("wire-1.txt", "a2"),
        ("daily-1.txt", "a2"),
    ]
    assert _keys(corpus_store, speaker="Milley", contains="window", until=_day(30)) == [
        ("daily-1.txt", "a2")
    ]
    assert _keys(corpus_store, limit=2) == [("daily-1.txt", "a1"), ("wire-1.txt", "a1")]


@pytest.mark.parametrize(
    ("affiliation", "expected"),
    [
        # A title the article gives: in wire-1, not in daily-1, which calls him "Milley" alone.
        ("joint CHIEFS", [("wire-1.txt", "a1"), ("wire-1.txt", "a2")]),
        ("president", [("daily-1.txt", "a3"), ("wire-2.txt", "a5")]),
        # Yellen's affiliation and title, and the unnamed official's; not "the department"
        # that the official's statement reports.
        (
            "Treasury",
            [("wire-2.txt", "a1"), ("wire-2.txt", "a2"), ("wire-2.txt", "a3")],
        ),
        ("administration", [("wire-1.txt", "a3")]),
        ("spokesman", [("undated.txt", "a2")]),
        ("%", []),
        ("Pentagon", []),
    ],
)
def test_statements_by_affiliation(
    corpus_store: Store, affiliation: str, expected: list[tuple[str, str]]
) -> None:
    page = corpus_store.statement_page(StatementFilter(affiliation=affiliation), limit=50)

    assert [(row.path, row.attribution_id) for row in page.rows] == expected
    assert page.total == len(expected)


def test_the_export_keeps_to_an_affiliation(corpus_store: Store) -> None:
    rows = list(corpus_store.export_rows(StatementFilter(affiliation="treasury")))

    assert [(row["path"], row["attribution_id"]) for row in rows] == [
        ("wire-2.txt", "a1"),
        ("wire-2.txt", "a2"),
        ("wire-2.txt", "a3"),
    ]
    assert rows[2]["anonymous_affiliation"] == "Treasury"


def test_a_statement_row_carries_its_speaker_and_article(corpus_store: Store) -> None:
    (row,) = corpus_store.statements(speaker="Jake Sullivan")

    assert row.kind is Kind.INDIRECT
    assert row.text == "that the war must end"
    assert [span.text for span in row.cue] == ["quoted", "as saying"]
    assert (row.speaker_name, row.speaker_kind) == ("Jake Sullivan", SpeakerKind.PERSON)
    assert (row.outlet, row.published, row.path) == ("Daily", _day(25), "daily-2.txt")
    assert row.source is not None
    assert row.source.text == "National security adviser Jake Sullivan"


def test_sourcing_per_outlet(corpus_store: Store) -> None:
    assert corpus_store.sourcing() == [
        # daily-1: Milley, Biden; daily-2: Sullivan; daily-3: nobody.
        SourcingRow("Daily", 3, 4, 0, 0.0, 3, 1.0, 0),
        # wire-1: Mark Milley, officials; wire-2: Yellen, official, the department, Biden.
        SourcingRow("Wire", 2, 8, 2, 0.25, 6, 3.0, 0),
        SourcingRow(None, 1, 2, 0, 0.0, 2, 2.0, 0),
    ]


def test_speakers_known_as_a_name_are_those_a_statement_filter_finds(
    corpus_store: Store,
) -> None:
    # Two identities go by "Milley": a query for him should say it found both.
    assert sorted(row.name for row in corpus_store.speakers(known_as="Milley")) == [
        "Mark Milley",
        "Milley",
    ]
    assert [row.name for row in corpus_store.speakers(known_as="BIDEN")] == ["Joe Biden"]
    assert corpus_store.speakers(known_as="Mark") == []


def test_statements_by_outlet_and_kind(corpus_store: Store) -> None:
    assert _keys(corpus_store, outlet="Daily", kind=Kind.INDIRECT) == [
        ("daily-1.txt", "a1"),
        ("daily-1.txt", "a3"),
        ("daily-2.txt", "a1"),
    ]
    assert _keys(corpus_store, outlet="Wire", kind=Kind.DIRECT) == [
        ("wire-1.txt", "a2"),
        ("wire-2.txt", "a2"),
        ("wire-2.txt", "a5"),
    ]
    assert _keys(corpus_store, outlet="daily") == []


def test_sourcing_sorts_outlets_ignoring_case(store: Store) -> None:
    rules = pipeline.load(extractor="rules")
    for outlet in ("bbc", "Reuters", "AP"):
        analyzed = analyze(f"{outlet} officials said the {outlet} vote would fail.\n", nlp=rules)
        store.save(replace(analyzed, article=replace(analyzed.article, outlet=outlet)))

    assert [row.outlet for row in store.sourcing()] == ["AP", "bbc", "Reuters"]


def test_sourcing_within_dates_and_of_one_outlet(corpus_store: Store) -> None:
    # Of Daily, only daily-1 (11-20) is published by 11-22; of Wire, only wire-1 (11-15).
    assert corpus_store.sourcing(until=_day(22)) == [
        SourcingRow("Daily", 1, 3, 0, 0.0, 2, 2.0, 0),
        SourcingRow("Wire", 1, 3, 1, 0.3333, 2, 2.0, 0),
    ]
    assert corpus_store.sourcing(since=_day(21), outlet="Wire") == [
        SourcingRow("Wire", 1, 5, 1, 0.2, 4, 4.0, 0),
    ]


def test_sourcing_of_an_empty_store(store: Store) -> None:
    assert store.sourcing() == []


def test_export_has_one_flat_row_per_attribution(
    corpus_store: Store, corpus: list[AnalyzedArticle]
) -> None:
    rows = list(corpus_store.export_rows())

    assert len(rows) == 14
    assert {(row["path"], row["attribution_id"]) for row in rows} == {
        (analyzed.article.path, attribution.id)
        for analyzed in corpus
        for attribution in analyzed.attributions
    }
    texts = {article_id(analyzed.article.text): analyzed.article.text for analyzed in corpus}
    for row in rows:
        # Plain JSON values: offsets are lists of [start, end] pairs, not JSON text.
        assert json.loads(json.dumps(row)) == row
        assert all(
            value is None or isinstance(value, str | int | float)
            for key, value in row.items()
            if not key.endswith("_offsets")
        )
        for name in ("content", "cue", "source", "addressee", "venue", "date_expression"):
            if row[f"{name}_offsets"] is not None:
                parts = [
                    texts[str(row["article_id"])][start:end]
                    for start, end in row[f"{name}_offsets"]
                ]
                assert " … ".join(parts) == row[name]


def test_export_row_of_a_statement(corpus_store: Store, corpus: list[AnalyzedArticle]) -> None:
    daily_2 = corpus[4].article
    (row,) = (row for row in corpus_store.export_rows() if row["path"] == "daily-2.txt")
    quoted = daily_2.text.index("quoted")
    saying = daily_2.text.index("as saying")
    content = daily_2.text.index("that the war")
    names = {speaker.name: speaker for speaker in corpus[4].speakers}
    sullivan, biden = names["Jake Sullivan"], names["Joe Biden"]

    assert row == {
        "article_id": article_id(daily_2.text),
        "path": "daily-2.txt",
        "url": None,
        "outlet": "Daily",
        "title": None,
        "author": None,
        "published": "2022-11-25",
        "attribution_id": "a1",
        "kind": "indirect",
        "nested_in": None,
        "content": "that the war must end",
        "content_offsets": [[content, content + 21]],
        "cue": "quoted … as saying",
        "cue_offsets": [[quoted, quoted + 6], [saying, saying + 9]],
        "source": "National security adviser Jake Sullivan",
        "source_offsets": [[0, 39]],
        "speaker_id": row["speaker_id"],
        "speaker": sullivan.id,
        "speaker_name": "Jake Sullivan",
        "speaker_kind": "person",
        "quoting": biden.id,
        "quoting_name": "Joe Biden",
        "addressee": None,
        "addressee_offsets": None,
        "venue": None,
        "venue_offsets": None,
        "date_start": None,
        "date_end": None,
        "date_expression": None,
        "date_expression_offsets": None,
        "anonymous_count": None,
        "anonymous_informed": None,
        "anonymous_descriptor": None,
        "anonymous_descriptor_offsets": None,
        "anonymous_affiliation": None,
        "anonymous_affiliation_offsets": None,
        "anonymous_reason": None,
        "anonymous_reason_offsets": None,
        "confidence": None,
        "published_from": None,
    }
    assert isinstance(row["speaker_id"], int)


def test_export_has_the_unnamed_source_profile(
    corpus_store: Store, corpus: list[AnalyzedArticle]
) -> None:
    rows = {(row["path"], row["attribution_id"]): row for row in corpus_store.export_rows()}
    text = corpus[0].article.text
    (officials,) = (s for s in corpus[0].speakers if s.anonymous is not None)
    profile = officials.anonymous
    assert profile is not None
    assert profile.descriptor is not None

    row = rows["wire-1.txt", "a3"]

    assert row["anonymous_count"] == profile.count == 2
    assert row["anonymous_informed"] == profile.informed
    assert row["anonymous_descriptor"] == profile.descriptor.text
    ((start, end),) = row["anonymous_descriptor_offsets"]
    assert text[start:end] == profile.descriptor.text
    for name in ("affiliation", "reason"):
        span = getattr(profile, name)
        assert row[f"anonymous_{name}"] == (None if span is None else span.text)


def test_export_keeps_only_the_filtered_statements_with_their_spans(corpus_store: Store) -> None:
    filters = StatementFilter(speaker="Milley", since=_day(15))
    every = {(row["path"], row["attribution_id"]): row for row in corpus_store.export_rows()}

    chosen = list(corpus_store.export_rows(filters))

    assert {(row["path"], row["attribution_id"]) for row in chosen} == set(
        _keys(corpus_store, speaker="Milley", since=_day(15))
    )
    for row in chosen:
        assert row == every[row["path"], row["attribution_id"]]


def test_export_keeps_nesting_context_and_dates(corpus_store: Store) -> None:
    rows = {(row["path"], row["attribution_id"]): row for row in corpus_store.export_rows()}

    assert rows["wire-2.txt", "a4"]["nested_in"] == "a3"
    milley = rows["wire-1.txt", "a2"]
    assert (milley["addressee"], milley["venue"]) == ("reporters", "a Pentagon briefing")
    last_week = rows["daily-1.txt", "a1"]
    assert (last_week["date_start"], last_week["date_end"], last_week["date_expression"]) == (
        "2022-11-07",
        "2022-11-13",
        "last week",
    )


def test_export_of_an_empty_store(store: Store) -> None:
    assert list(store.export_rows()) == []


def test_sourcing_counts_members_of_the_public_apart_from_unnamed_sources(store: Store) -> None:
    """Issue 17, point 12: vox pop ("another person") is no anonymous sourcing."""
    analyzed = onrecord.analyze(
        "“It is too big,” said another person. “It is cringey,” said someone at the meeting.\n\n"
        "Officials said the project would pay for a new police station.",
        published="2022-11-15",
    )
    assert store.save(replace(analyzed, article=replace(analyzed.article, outlet="Daily")))

    (row,) = store.sourcing()
    assert (row.attributions, row.anonymous, row.public) == (3, 1, 2)
    assert row.anonymous_share == round(1 / 3, 4)
    (month,) = store.monthly_sourcing()
    assert (month.anonymous, month.public) == (1, 2)
    stored = store.article(article_id(analyzed.article.text))
    assert stored is not None
    assert [s.anonymous.informed for s in stored.analyzed.speakers if s.anonymous] == [
        False,
        False,
        True,
    ]

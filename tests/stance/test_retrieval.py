"""A line over the store on both backends: retrieval by search, filters inside it, its JSON and
CSV shapes. Stances come from a stand-in that reads them off the statements' words, so that
these tests check the line and not the model; the vectors are the real encoder's."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pytest

from onrecord import pipeline
from onrecord._analyze import analyze
from onrecord.embed import embed_statements
from onrecord.errors import LineError
from onrecord.results import (
    AnalyzedArticle,
    Article,
    Attribution,
    Kind,
    Span,
    Speaker,
    SpeakerKind,
)
from onrecord.shapes import json_names
from onrecord.stance import (
    LINE_DEPTH,
    NEITHER,
    OPPOSES,
    SUPPORTS,
    Stance,
    line_record,
    line_rows,
    run_line,
)
from onrecord.stance._data import CLASSES
from onrecord.stance._model import stance_from_probabilities
from onrecord.store import StatementFilter, StatementRow, Store

POSITION = "The decision to negotiate belongs to Ukraine."
ARTICLES = [
    (
        "Wire",
        "2022-11-10",
        "Gen. Mark Milley said on Wednesday that there was a window to negotiate. “Seize the "
        "moment,” Milley told the Economic Club of New York.",
    ),
    (
        "Daily",
        "2022-11-16",
        "President Joe Biden said on Tuesday that the decision to negotiate belongs to Ukraine. "
        "“Nothing about Ukraine without Ukraine,” Biden told reporters.",
    ),
    (
        "Daily",
        "2022-11-17",
        "National security adviser Jake Sullivan said the US would not push Ukraine to "
        "negotiate.\n\nTreasury Secretary Janet Yellen said inflation had fallen to 7.7% in "
        "October.",
    ),
    (
        "Wire",
        "2022-11-18",
        "Two senior administration officials said the White House would not pressure Kyiv to "
        "negotiate.",
    ),
]
# What the stand-in reads as support and as opposition.
SUPPORTING = ("belongs to Ukraine", "without Ukraine", "not push", "not pressure")
OPPOSING = ("window to negotiate", "Seize the moment")


class WordReader:
    """Supports or opposes by the words above, else neither; remembers what it was asked."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def classify(self, position: str, statements: Sequence[str]) -> list[Stance]:
        self.asked.extend(statements)
        stances = []
        for statement in statements:
            probabilities = np.full(len(CLASSES), 0.05, dtype=np.float32)
            stance = "unrelated"
            if any(words in statement for words in SUPPORTING):
                stance = SUPPORTS
            elif any(words in statement for words in OPPOSING):
                stance = OPPOSES
            probabilities[CLASSES.index(stance)] = 0.85
            stances.append(stance_from_probabilities(probabilities))
        return stances


@pytest.fixture
def line_store(store: Store) -> Store:
    rules = pipeline.load(extractor="rules")
    for number, (outlet, published, text) in enumerate(ARTICLES):
        analyzed = analyze(text, published, nlp=rules, path=f"article-{number}.txt")
        analyzed = replace(analyzed, article=replace(analyzed.article, outlet=outlet))
        assert store.save(analyzed, vectors=embed_statements(analyzed))
    return store


def _speakers(line_store: Store, filters: StatementFilter) -> list[tuple[str, int, int, int]]:
    line = run_line(line_store, POSITION, filters=filters, model=WordReader())
    return [(s.speaker, s.supports, s.opposes, s.neither) for s in line.speakers]


def test_a_line_classifies_what_the_search_finds_and_puts_departures_first(
    line_store: Store,
) -> None:
    reader = WordReader()

    line = run_line(line_store, f"  {POSITION} ", model=reader)

    assert line.position == POSITION
    assert [(s.speaker, s.supports, s.opposes, s.neither) for s in line.speakers] == [
        ("Mark Milley", 0, 2, 0),
        # Holding it: by the number of supporting statements, then by name.
        ("Joe Biden", 2, 0, 0),
        ("Jake Sullivan", 1, 0, 0),
        ("Two senior administration officials", 1, 0, 0),
        # The rest by name; the rules read "push Ukraine to negotiate" as a statement of the
        # US's, nested in Sullivan's, and so on.
        ("(no speaker)", 0, 0, 1),
        ("Janet Yellen", 0, 0, 1),
        ("the US", 0, 0, 1),
        ("the White House", 0, 0, 1),
    ]
    assert sorted(reader.asked) == sorted(row.text for row in line_store.statements())
    milley = line.speakers[0]
    # Dated as the article says: Wednesday before the 10th, then the day of publication.
    assert [d.day for d in milley.departures] == [dt.date(2022, 11, 9), dt.date(2022, 11, 10)]
    assert all(isinstance(d.statement, StatementRow) for d in milley.departures)


def test_a_statement_without_words_is_left_out(line_store: Store) -> None:
    text = "Ukraine decides, Kyiv said:   \n"
    blank = text.index("   ")
    speaker = Speaker("s1", SpeakerKind.ORGANIZATION, "Kyiv", mentions=(Span.of(text, 16, 20),))
    said = Attribution(
        id="a1",
        kind=Kind.DIRECT,
        content=(Span.of(text, blank, blank + 3),),
        cue=(Span.of(text, 21, 25),),
        source=Span.of(text, 16, 20),
        speaker="s1",
    )
    analyzed = AnalyzedArticle(Article(text=text), attributions=(said,), speakers=(speaker,))
    assert line_store.save(analyzed)
    reader = WordReader()

    line = run_line(line_store, "Ukraine decides", model=reader)

    assert "Kyiv" not in {s.speaker for s in line.speakers}
    assert all(text.strip() for text in reader.asked)
    assert len(reader.asked) == len(line_store.statements()) - 1


def test_the_depth_keeps_the_best_matches(line_store: Store) -> None:
    reader = WordReader()

    line = run_line(line_store, POSITION, depth=1, model=reader)

    # The statement that says the position in its own words, first by words and meaning.
    assert reader.asked == ["that the decision to negotiate belongs to Ukraine"]
    assert [s.speaker for s in line.speakers] == ["Joe Biden"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (StatementFilter(speaker="Milley"), [("Mark Milley", 0, 2, 0)]),
        (
            StatementFilter(affiliation="administration"),
            [("Two senior administration officials", 1, 0, 0)],
        ),
        (
            StatementFilter(outlet="Daily", since=dt.date(2022, 11, 17)),
            [("Jake Sullivan", 1, 0, 0), ("Janet Yellen", 0, 0, 1), ("the US", 0, 0, 1)],
        ),
        (StatementFilter(until=dt.date(2022, 11, 1)), []),
    ],
)
def test_filters_keep_the_statements_of_a_line(
    line_store: Store, filters: StatementFilter, expected: list[tuple[str, int, int, int]]
) -> None:
    assert _speakers(line_store, filters) == expected


def test_a_line_needs_a_position_and_a_depth_a_search_can_give(line_store: Store) -> None:
    for position in ("", "  \n"):
        with pytest.raises(LineError, match="position of a line is empty"):
            run_line(line_store, position, model=WordReader())
    for depth in (0, 1001):
        with pytest.raises(LineError, match="from 1 to 1000"):
            run_line(line_store, POSITION, depth=depth, model=WordReader())
    assert 1 <= LINE_DEPTH <= 1000


def test_hostile_positions_are_searched_as_plain_words(line_store: Store) -> None:
    for position in ('"unbalanced', "<script>alert('x')</script>", "Ukraine NEAR/2 OR *", "%_"):
        line = run_line(line_store, position, model=WordReader())
        assert line.position == position


def test_a_saved_line_runs_again_with_its_filters(line_store: Store) -> None:
    saved = line_store.save_line("ukraine", POSITION, StatementFilter(speaker="Biden"))

    line = run_line(line_store, saved.position, filters=saved.filters, model=WordReader())

    assert [(s.speaker, s.supports) for s in line.speakers] == [("Joe Biden", 2)]


def test_the_json_of_a_line_has_the_fields_of_its_statements_and_stances(
    line_store: Store,
) -> None:
    line = run_line(line_store, POSITION, model=WordReader())

    record = json.loads(json.dumps(line_record(line)))

    assert set(record) == {"position", "speakers"}
    assert record["position"] == POSITION
    milley, biden = record["speakers"][:2]
    assert set(milley) == {
        "speaker",
        "speaker_id",
        "supports",
        "opposes",
        "neither",
        "departures",
        "statements",
    }
    assert (milley["speaker"], milley["opposes"]) == ("Mark Milley", 2)
    assert milley["speaker_id"] == line.speakers[0].speaker_id
    assert milley["departures"] == milley["statements"]
    assert biden["departures"] == []
    statement = milley["departures"][0]
    assert set(statement) == set(json_names(StatementRow)) | set(json_names(Stance)) | {"day"}
    assert (statement["stance"], statement["day"]) == (OPPOSES, "2022-11-09")
    assert statement["opposes"] == pytest.approx(0.85 / (0.85 + 0.15))
    content = statement["content"][0]
    assert (content["start"], content["end"]) == (
        line.speakers[0].departures[0].statement.content[0].start,
        line.speakers[0].departures[0].statement.content[0].end,
    )


def test_the_rows_of_a_line_are_one_per_statement(line_store: Store) -> None:
    line = run_line(line_store, POSITION, model=WordReader())

    rows = line_rows(line)

    assert len(rows) == sum(len(s.statements) for s in line.speakers) == 10
    assert [row["speaker"] for row in rows[:2]] == ["Mark Milley", "Mark Milley"]
    assert {row["position"] for row in rows} == {POSITION}
    assert [row["stance"] for row in rows].count(NEITHER) == 4
    assert rows[0].keys() == rows[-1].keys()

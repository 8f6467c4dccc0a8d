"""``onrecord search`` over the example article, ingested with its statement vectors."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from onrecord.cli import app

EXAMPLE = Path(__file__).parents[2] / "../shared/examples/milley-memos.txt"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    if not EXAMPLE.is_file():
        pytest.skip("the example article is not in ../shared/examples")
    directory = tmp_path_factory.mktemp("search")
    shutil.copy(EXAMPLE, directory / EXAMPLE.name)
    database = str(directory / "store.db")
    result = CliRunner().invoke(app, ["ingest", str(directory / EXAMPLE.name), "--db", database])
    assert result.exit_code == 0, result.output
    return database


def _search(store: str, *arguments: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(app, ["search", *arguments, "--db", store, "--format", "json"])
    assert result.exit_code == 0, result.output
    hits: list[dict[str, Any]] = json.loads(result.stdout)
    return hits


def test_search_ranks_by_both_rankings_fused(store: str) -> None:
    hits = _search(store, "Ukraine negotiations", "--limit", "10")

    assert len(hits) == 10
    scores = [hit["score"] for hit in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(hit["meaning_rank"] is not None for hit in hits[:3])
    assert any(hit["words_rank"] is not None for hit in hits)
    assert all(-1 <= hit["similarity"] <= 1 for hit in hits)


def test_a_fused_search_counts_by_words_only_statements_with_most_of_the_words(
    store: str,
) -> None:
    # No statement has both "negotiations" and "Russia"; several have one of them.
    by_words = _search(store, "negotiations with Russia", "--mode", "words")
    fused = _search(store, "negotiations with Russia", "--mode", "both")

    assert by_words
    assert all(hit["words_rank"] is None for hit in fused)


# Issue 15's acceptance query. Measured on 2026-12-02 (README, "Search"): by both rankings and
# by meaning the two statements come 9th and 11th of 24, by words 7th and 10th; none
# of seven ways of giving a statement context (headline, speaker, cue sentence, the sentence
# before, sentence by sentence) brought both into the first five. Strict, so that a change that
# makes it pass says so.
@pytest.mark.xfail(strict=True, reason="the two statements rank below five others on negotiating")
def test_the_issues_query_finds_milleys_and_bidens_statements_in_the_first_five(store: str) -> None:
    texts = [hit["statement"]["text"] for hit in _search(store, "negotiations with Russia")[:5]]

    assert any("Seize the moment" in text for text in texts)
    assert any("Nothing about Ukraine without Ukraine" in text for text in texts)


def test_search_finds_by_meaning_what_has_none_of_the_words(store: str) -> None:
    hits = _search(store, "Kremlin diplomacy", "--limit", "5")

    assert len(hits) == 5
    assert all(hit["words_rank"] is None for hit in hits)
    assert [hit["meaning_rank"] for hit in hits] == [1, 2, 3, 4, 5]


def test_search_by_words_finds_a_phrase_as_written(store: str) -> None:
    hits = _search(store, '"negotiating table"', "--mode", "words")

    assert hits
    assert all("negotiating table" in hit["statement"]["text"] for hit in hits)
    assert all(hit["meaning_rank"] is None and hit["similarity"] is None for hit in hits)


@pytest.mark.parametrize(
    ("option", "value", "field", "expected"),
    [
        ("--speaker", "Mark Milley", "speaker_name", "Mark Milley"),
        ("--kind", "direct", "kind", "direct"),
    ],
)
def test_search_filters_apply_to_every_hit(
    store: str, option: str, value: str, field: str, expected: str
) -> None:
    hits = _search(store, "war in Ukraine", option, value, "--limit", "50")

    assert hits
    assert {hit["statement"][field] for hit in hits} == {expected}


def test_search_dates_filter_and_an_outlet_that_is_not_there_finds_nothing(store: str) -> None:
    assert _search(store, "Ukraine", "--until", "2000-01-01") == []
    assert _search(store, "Ukraine", "--outlet", "Nobody") == []


@pytest.mark.parametrize("query", ['"', "NEAR(a b) OR *", "'; DROP TABLE spans; --", "x & !y"])
def test_search_takes_any_text(store: str, query: str) -> None:
    for mode in ("words", "both"):
        _search(store, query, "--mode", mode)


def test_search_table_shows_score_speaker_outlet_date_content_and_article(store: str) -> None:
    result = CliRunner(env={"COLUMNS": "100"}).invoke(
        app, ["search", "Putin", "--db", store, "--limit", "3"]
    )

    assert result.exit_code == 0, result.output
    header = next(line for line in result.stdout.splitlines() if "score" in line)
    assert [word for word in header.split() if word.strip("┃│")] == [
        "score",
        "speaker",
        "outlet",
        "date",
        "content",
        "article",
    ]
    scores = [float(found) for found in re.findall(r"│\s+(0\.\d{4}) │", result.stdout)]
    assert len(scores) == 3
    assert scores == sorted(scores, reverse=True)


def test_search_refuses_a_bad_date(store: str) -> None:
    result = CliRunner().invoke(app, ["search", "war", "--since", "last week", "--db", store])

    assert result.exit_code != 0
    assert "last week" in result.output

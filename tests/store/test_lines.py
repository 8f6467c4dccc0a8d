"""Saved lines on both backends: saved, replaced, listed, read back and deleted."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from onrecord.errors import LineError, StoreError
from onrecord.results import Kind
from onrecord.store import SavedLine, StatementFilter, Store

POSITION = "The decision to negotiate belongs to Ukraine."
EVERY_FILTER = StatementFilter(
    speaker="Milley",
    speaker_id=3,
    since=dt.date(2022, 11, 1),
    until=dt.date(2022, 11, 30),
    contains="50%",
    words='"window of opportunity"',
    outlet="Wire",
    kind=Kind.DIRECT,
    affiliation="Joint Chiefs",
)


def test_a_line_is_saved_with_its_filters_and_read_back(store: Store) -> None:
    before = dt.datetime.now(dt.UTC)

    saved = store.save_line("ukraine decides", POSITION, EVERY_FILTER)

    assert isinstance(saved, SavedLine)
    assert (saved.name, saved.position) == ("ukraine decides", POSITION)
    assert saved.filters == EVERY_FILTER
    assert before <= saved.saved <= dt.datetime.now(dt.UTC)
    assert store.saved_line("ukraine decides") == saved
    assert store.saved_lines() == [saved]


def test_a_line_without_filters_keeps_none(store: Store) -> None:
    saved = store.save_line("plain", POSITION)

    assert saved.filters == StatementFilter()
    assert store.saved_line("plain") == saved


def test_saving_a_name_again_replaces_its_position_and_filters(store: Store) -> None:
    first = store.save_line("line", POSITION, EVERY_FILTER)

    second = store.save_line("line", "The US will not push Ukraine.", StatementFilter(outlet="AP"))

    assert second.id == first.id
    assert (second.position, second.filters) == (
        "The US will not push Ukraine.",
        StatementFilter(outlet="AP"),
    )
    assert second.saved >= first.saved
    assert store.saved_lines() == [second]


def test_lines_are_listed_by_name_ignoring_case_and_deleted(store: Store) -> None:
    for name in ("beta", "Alpha", "gamma", "Émile"):
        store.save_line(name, POSITION)

    assert [line.name for line in store.saved_lines()] == ["Alpha", "beta", "gamma", "Émile"]
    assert store.delete_line("beta")
    assert not store.delete_line("beta")
    assert store.saved_line("beta") is None
    assert [line.name for line in store.saved_lines()] == ["Alpha", "gamma", "Émile"]


def test_spaces_around_a_name_and_a_position_are_left_out(store: Store) -> None:
    saved = store.save_line("  line \n", f"  {POSITION}\t")

    assert (saved.name, saved.position) == ("line", POSITION)
    assert store.saved_line(" line ") == saved
    assert store.delete_line("line ")


@pytest.mark.parametrize(
    ("name", "position", "message"),
    [("", POSITION, "needs a name"), (" ", POSITION, "needs a name"), ("x", " \n", "is empty")],
)
def test_a_line_needs_a_name_and_a_position(
    store: Store, name: str, position: str, message: str
) -> None:
    with pytest.raises(LineError, match=message):
        store.save_line(name, position)

    assert store.saved_lines() == []


def test_hostile_names_and_positions_are_kept_as_written(store: Store) -> None:
    name = "'; DROP TABLE saved_lines; --"
    position = '<script>alert("x")</script> OR "a" NEAR b*'

    store.save_line(name, position)

    (saved,) = store.saved_lines()
    assert (saved.name, saved.position) == (name, position)


def test_saves_of_one_name_at_once_keep_one_line(store_url: str) -> None:
    with Store.open(store_url) as store:
        store.saved_lines()

    def save(position: str) -> None:
        with Store.open(store_url) as own:
            own.save_line("race", position)

    threads = [threading.Thread(target=save, args=(f"Position {n}.",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    with Store.open(store_url) as store:
        (saved,) = store.saved_lines()
        assert saved.position in {f"Position {n}." for n in range(4)}


def test_a_read_only_store_refuses_to_save_a_line(store_url: str) -> None:
    with Store.open(store_url) as store:
        store.save_line("kept", POSITION)

    with Store.open(store_url, read_only=True) as store:
        assert [line.name for line in store.saved_lines()] == ["kept"]
        with pytest.raises(StoreError, match="cannot save the line"):
            store.save_line("new", POSITION)


def test_filters_given_when_a_line_runs_again_take_the_place_of_its_own() -> None:
    given = StatementFilter(speaker="Sullivan", until=dt.date(2022, 12, 31))

    combined = EVERY_FILTER.replaced_by(given)

    assert (combined.speaker, combined.until) == ("Sullivan", dt.date(2022, 12, 31))
    assert (combined.since, combined.affiliation) == (EVERY_FILTER.since, "Joint Chiefs")
    assert EVERY_FILTER.replaced_by(StatementFilter()) == EVERY_FILTER

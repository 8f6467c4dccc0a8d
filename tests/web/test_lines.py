"""Lines in the web app: the Line page, saved lines, a speaker's stance on them, and the API.

The stance model here is a stand-in that decides by words of the statement, so that what each
page should show is known; the browser test runs the shipped model.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest
from fastapi import FastAPI
from markupsafe import escape

from onrecord.embed import embed_statements
from onrecord.errors import LineError
from onrecord.stance import LINE_DEPTH, OPPOSES, SUPPORTS, Stance, line_record, run_line
from onrecord.store import MonthCount, StatementFilter, Store
from onrecord.web import create_app
from onrecord.web._lines import (
    LineCache,
    describe_filters,
    line_query,
    speaker_stances,
    stance_months,
)

if TYPE_CHECKING:
    from conftest import WebCorpus

Serve = Callable[[FastAPI], AbstractContextManager[str]]
POSITION = "The decision to negotiate belongs to Ukraine"
ARTICLE_LINK = re.compile(r'href="/articles/([0-9a-f]{64})#statement-(a\d+)"')
NOVEMBER = dt.date(2022, 11, 1)


class WordStance:
    """Opposes what speaks of an opportunity (Milley's "seize the moment"), supports what
    names Ukraine, neither otherwise; counts the statements it reads."""

    def __init__(self) -> None:
        self.read = 0

    def classify(self, position: str, statements: Sequence[str]) -> list[Stance]:
        self.read += len(statements)
        return [self._stance(text.lower()) for text in statements]

    @staticmethod
    def _stance(text: str) -> Stance:
        if "opportunity" in text:
            return Stance(OPPOSES, 0.1, 0.8, 0.1, 0.05)
        if "ukrain" in text:
            return Stance(SUPPORTS, 0.7, 0.2, 0.1, 0.05)
        return Stance("neither", 0.1, 0.1, 0.8, 0.6)


@pytest.fixture(scope="module")
def line_store_path(
    web_corpus: WebCorpus, web_store: Store, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """A store of the example article and the hostile one, with their vectors."""
    path = tmp_path_factory.mktemp("lines") / "lines.db"
    with Store.open(path) as store:
        for article_id in (web_corpus.example_id, web_corpus.hostile_id):
            stored = web_store.article(article_id)
            assert stored is not None
            store.save(stored.analyzed, vectors=embed_statements(stored.analyzed))
    return path


@pytest.fixture(scope="module")
def writable(line_store_path: Path, serve: Serve) -> Iterator[httpx.Client]:
    app = create_app(line_store_path, allow_writes=True, stance_model=WordStance())
    with serve(app) as url, httpx.Client(base_url=url, timeout=60) as client:
        yield client


@pytest.fixture(scope="module")
def read_only(line_store_path: Path, serve: Serve) -> Iterator[httpx.Client]:
    app = create_app(line_store_path, stance_model=WordStance())
    with serve(app) as url, httpx.Client(base_url=url, timeout=60) as client:
        yield client


def _milley(client: httpx.Client) -> int:
    found = client.get("/api/speakers", params={"name": "Mark Milley"}).json()["speakers"]
    speaker_id: int = found[0]["id"]
    return speaker_id


def test_a_line_is_run_once_per_state_of_the_store(
    web_corpus: WebCorpus, web_store: Store, tmp_path: Path
) -> None:
    model = WordStance()
    cache = LineCache(model)
    example = web_store.article(web_corpus.example_id)
    hostile = web_store.article(web_corpus.hostile_id)
    assert example is not None
    assert hostile is not None
    with Store.open(tmp_path / "store.db") as store:
        store.save(example.analyzed, vectors=embed_statements(example.analyzed))
        first = cache.get(store, POSITION)
        read = model.read

        assert cache.get(store, f"  {POSITION} ") is first
        assert model.read == read
        assert first == run_line(store, POSITION, model=WordStance())

        # Saving a line changes no statement.
        store.save_line("ukraine decides", POSITION)
        assert cache.get(store, POSITION) is first
        # Other filters are another line.
        assert cache.get(store, POSITION, StatementFilter(outlet="CNN")) is not first

        store.save(hostile.analyzed, vectors=embed_statements(hostile.analyzed))
        assert cache.get(store, POSITION) is not first


def test_the_cache_keeps_the_lines_asked_for_last(
    web_corpus: WebCorpus, web_store: Store, tmp_path: Path
) -> None:
    model = WordStance()
    cache = LineCache(model, size=2)
    example = web_store.article(web_corpus.example_id)
    assert example is not None
    with Store.open(tmp_path / "store.db") as store:
        store.save(example.analyzed, vectors=embed_statements(example.analyzed))
        first = cache.get(store, "one")
        cache.get(store, "two")
        assert cache.get(store, "one") is first
        cache.get(store, "three")  # drops "two", asked for before "one"

        read = model.read
        assert cache.get(store, "one") is first
        cache.get(store, "two")
        assert model.read > read


class HeldStance(WordStance):
    """Holds every line it classifies, once ``hold`` is set, until ``release`` is."""

    def __init__(self) -> None:
        super().__init__()
        self.runs = 0
        self.hold = threading.Event()
        self.holding = threading.Event()
        self.release = threading.Event()

    def classify(self, position: str, statements: Sequence[str]) -> list[Stance]:
        self.runs += 1
        if self.hold.is_set():
            self.holding.set()
            assert self.release.wait(30)
        return super().classify(position, statements)


def test_a_line_being_run_holds_neither_lines_run_before_nor_runs_twice(
    web_corpus: WebCorpus, web_store: Store, tmp_path: Path
) -> None:
    model = HeldStance()
    cache = LineCache(model)
    example = web_store.article(web_corpus.example_id)
    assert example is not None
    with Store.open(tmp_path / "store.db") as store:
        store.save(example.analyzed, vectors=embed_statements(example.analyzed))
        first = cache.get(store, POSITION)
        model.hold.set()
        slow = [threading.Thread(target=cache.get, args=(store, "talks now")) for _ in range(2)]
        for thread in slow:
            thread.start()
        assert model.holding.wait(30)

        kept = []
        asking = threading.Thread(target=lambda: kept.append(cache.get(store, POSITION)))
        asking.start()
        asking.join(10)
        answered = list(kept)  # before the line being run ends
        model.release.set()
        for thread in slow:
            thread.join(30)

    assert answered == [first]
    assert model.runs == 2  # the first line, and "talks now" once


def test_a_saved_line_gives_its_position_and_filters_those_given_replace(
    tmp_path: Path,
) -> None:
    with Store.open(tmp_path / "store.db") as store:
        saved = store.save_line("cnn", POSITION, StatementFilter(outlet="CNN"))

    assert line_query(None, POSITION, StatementFilter(outlet="AP")) == (
        POSITION,
        StatementFilter(outlet="AP"),
    )
    assert line_query(saved, None, StatementFilter()) == (POSITION, StatementFilter(outlet="CNN"))
    assert line_query(saved, None, StatementFilter(speaker_id=7)) == (
        POSITION,
        StatementFilter(outlet="CNN", speaker_id=7),
    )
    with pytest.raises(LineError, match="give a position"):
        line_query(None, "  ", StatementFilter())
    assert line_query(saved, None, StatementFilter(outlet="AP", since=NOVEMBER)) == (
        POSITION,
        StatementFilter(outlet="AP", since=NOVEMBER),
    )
    with pytest.raises(LineError, match="not both"):
        line_query(saved, POSITION, StatementFilter())


def test_filters_are_described_by_those_set() -> None:
    assert describe_filters(StatementFilter()) == ""
    assert (
        describe_filters(StatementFilter(speaker="Biden", since=dt.date(2022, 11, 1)))
        == "speaker: Biden; since: 2022-11-01"
    )


def test_a_speaker_s_stance_on_saved_lines_per_month(line_store_path: Path) -> None:
    with Store.open(line_store_path) as store:
        saved = store.save_line("ukraine decides", POSITION)
        nobody = store.save_line("no one", POSITION, StatementFilter(outlet="nowhere"))
        milley = store.speakers(known_as="Mark Milley")[0].id
        try:
            found, none = speaker_stances(LineCache(WordStance()), store, milley, [saved, nobody])
        finally:
            store.delete_line(saved.name)
            store.delete_line(nobody.name)

    assert none.speaker is None
    assert found.line == saved
    assert found.speaker is not None
    assert found.speaker.speaker_id == milley
    statements = found.speaker.statements
    # Every statement of Milley's is on the line (a search filtered to him ranks all of them).
    assert len(statements) == sum(1 for row in statements if row.statement.speaker_id == milley)
    assert found.speaker.opposes >= 1
    months = stance_months(found.speaker)
    assert months.opposes == (MonthCount(NOVEMBER, found.speaker.opposes),)
    assert sum(count.statements for count in months.supports) == found.speaker.supports
    assert sum(count.statements for count in months.neither) == found.speaker.neither


def test_the_line_page_puts_departures_first_each_linked_to_its_article(
    read_only: httpx.Client,
) -> None:
    page = read_only.get("/line", params={"position": POSITION})

    assert page.status_code == 200
    line = read_only.get("/api/line", params={"position": POSITION}).json()
    first = line["speakers"][0]
    assert first["opposes"] >= 1
    sections = re.findall(
        r'<section class="speaker-line" id="line-speaker-\d+">(.*?)</section>', page.text, re.S
    )
    assert len(sections) == sum(1 for s in line["speakers"] if s["supports"] or s["opposes"])
    assert escape(first["speaker"]) in sections[0]
    # The departure first, with its probability, linked to its article's statement.
    assert re.search(r'class="stance-badge stance-opposes"[^>]*>opposes 80%', sections[0])
    departure = first["departures"][0]
    assert ARTICLE_LINK.findall(sections[0])[0] == (
        departure["article_id"],
        departure["attribution_id"],
    )
    stances = re.findall(r'class="stance-badge stance-(\w+)"', sections[0])
    assert stances == sorted(stances, key=[OPPOSES, SUPPORTS, "neither"].index)
    assert 'class="chart month-rows"' in page.text
    assert 'action="/lines"' not in page.text  # no saving on a read-only server


def test_the_api_line_is_the_line_s_json(read_only: httpx.Client, line_store_path: Path) -> None:
    answer = read_only.get("/api/line", params={"position": POSITION, "outlet": "CNN", "depth": 5})

    assert answer.status_code == 200
    with Store.open(line_store_path, read_only=True) as store:
        expected = run_line(
            store, POSITION, filters=StatementFilter(outlet="CNN"), depth=5, model=WordStance()
        )
    assert answer.json() == line_record(expected)
    assert sum(len(s["statements"]) for s in answer.json()["speakers"]) == 5


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({}, 422, "give a position"),
        ({"position": "   "}, 422, "give a position"),
        ({"saved": "never saved"}, 404, "no line saved as 'never saved'"),
        ({"position": POSITION, "depth": LINE_DEPTH * 100}, 422, "less than or equal"),
        ({"position": " ".join(["word"] * 40)}, 422, "at most 32 words"),
    ],
)
def test_the_api_says_what_is_wrong_with_a_line_asked_for(
    read_only: httpx.Client, params: dict[str, object], status: int, message: str
) -> None:
    answer = read_only.get("/api/line", params=params)  # type: ignore[arg-type]

    assert answer.status_code == status
    assert message in answer.text


def test_hostile_text_in_a_position_is_shown_as_text(read_only: httpx.Client) -> None:
    hostile = "<script>alert('x')</script> \"Ukraine\" NEAR(* OR -\"' <img src=x onerror=alert(1)>"

    page = read_only.get("/line", params={"position": hostile})

    assert page.status_code == 200
    assert "<script>alert" not in page.text
    assert "<img src=x" not in page.text
    # In the form's field, as typed, and as the position shown.
    assert page.text.count(escape(hostile)) == 2


def test_without_writes_a_line_cannot_be_saved_or_deleted(read_only: httpx.Client) -> None:
    form = {"name": "ukraine decides", "position": POSITION}
    assert read_only.post("/lines", data=form).status_code == 403
    assert read_only.post("/lines/delete", data={"name": "x"}).status_code == 403
    assert read_only.post("/api/lines", json=form).status_code == 403
    assert read_only.delete("/api/lines", params={"name": "x"}).status_code == 403
    page = read_only.get("/lines")
    assert "--allow-writes" in page.text
    assert read_only.get("/line", params={"saved": "never saved"}).status_code == 404


def test_saving_a_line_and_running_it_again(writable: httpx.Client) -> None:
    saved = writable.post(
        "/lines",
        data={"name": " négociations <b>", "position": POSITION, "outlet": "CNN", "speaker": ""},
    )

    assert saved.status_code == 303
    assert saved.headers["location"] == "/line?saved=n%C3%A9gociations+%3Cb%3E"
    again = writable.get(saved.headers["location"])
    assert again.status_code == 200
    assert "saved as négociations &lt;b&gt;" in again.text
    assert 'value="négociations &lt;b&gt;"' in again.text  # the name to save it again under
    assert '<option value="CNN" selected>' in again.text
    listed = writable.get("/api/lines").json()["lines"]
    assert [(line["name"], line["position"]) for line in listed] == [("négociations <b>", POSITION)]
    assert listed[0]["filters"]["outlet"] == "CNN"
    page = writable.get("/lines")
    assert 'href="/line?saved=n%C3%A9gociations%20%3Cb%3E"' in page.text
    assert "outlet: CNN" in page.text
    assert writable.get("/api/line", params={"saved": "négociations <b>"}).json() == (
        writable.get("/api/line", params={"position": POSITION, "outlet": "CNN"}).json()
    )
    # A filter given replaces the saved line's own.
    elsewhere = writable.get("/line", params={"saved": "négociations <b>", "outlet": "nowhere"})
    assert "0 statements of 0 speakers" in elsewhere.text
    assert '<option value="CNN" selected>' not in elsewhere.text

    deleted = writable.post("/lines/delete", data={"name": "négociations <b>"})
    assert deleted.status_code == 303
    assert writable.get("/api/lines").json() == {"lines": []}
    assert writable.post("/lines/delete", data={"name": "négociations <b>"}).status_code == 404


def test_a_line_saved_with_a_name_of_spaces_or_no_position_is_refused(
    writable: httpx.Client,
) -> None:
    assert writable.post("/lines", data={"name": "  ", "position": POSITION}).status_code == 400
    assert writable.post("/lines", data={"name": "x", "position": ""}).status_code == 400
    answer = writable.post("/api/lines", json={"name": "  ", "position": POSITION})
    assert answer.status_code == 422
    assert writable.get("/api/lines").json() == {"lines": []}


def test_the_api_saves_replaces_and_deletes_lines(writable: httpx.Client) -> None:
    first = writable.post("/api/lines", json={"name": "ukraine", "position": POSITION}).json()
    second = writable.post(
        "/api/lines", json={"name": "ukraine", "position": "Talks now", "since": "2022-11-01"}
    ).json()

    assert second["id"] == first["id"]
    assert (second["position"], second["filters"]["since"]) == ("Talks now", "2022-11-01")
    assert writable.delete("/api/lines", params={"name": "ukraine"}).status_code == 204
    assert writable.delete("/api/lines", params={"name": "ukraine"}).status_code == 404


def test_the_speaker_page_shows_the_speaker_s_stance_on_each_saved_line(
    writable: httpx.Client,
) -> None:
    milley = _milley(writable)
    before = writable.get(f"/speakers/{milley}")
    assert "No line is saved" in before.text

    writable.post("/api/lines", json={"name": "ukraine decides", "position": POSITION})
    writable.post(
        "/api/lines", json={"name": "elsewhere", "position": POSITION, "outlet": "nowhere"}
    )
    try:
        page = writable.get(f"/speakers/{milley}")
    finally:
        writable.delete("/api/lines", params={"name": "ukraine decides"})
        writable.delete("/api/lines", params={"name": "elsewhere"})

    assert page.status_code == 200
    section = page.text.split('<section class="speaker-lines">')[1].split("</section>")[0]
    # By name: "elsewhere" first, which no statement of Milley's is on.
    assert section.index("elsewhere") < section.index("ukraine decides")
    assert "No statement of Mark Milley on this line" in section
    assert f'href="/line?saved=ukraine%20decides&amp;speaker_id={milley}"' in section
    assert re.search(r'<g class="month-row stance-opposes">.*?<rect class="column"', section, re.S)
    assert "2022-11: " in section

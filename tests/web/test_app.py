"""The web app over HTTP, served by uvicorn on 127.0.0.1: pages, API, limits and defenses."""

from __future__ import annotations

import datetime as dt
import http.client
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from typer.testing import CliRunner

from onrecord._serialize import analyzed_to_json
from onrecord.cli import app as cli
from onrecord.errors import StoreError
from onrecord.store import Store
from onrecord.store import _migrations as migrations
from onrecord.web import LOOPBACK_HOSTS, Analyzer, create_app, hosts_for

if TYPE_CHECKING:
    from collections.abc import Callable
    from contextlib import AbstractContextManager

    from fastapi import FastAPI

    from conftest import WebCorpus

    Serve = Callable[[FastAPI], AbstractContextManager[str]]

LIMIT = 50_000
SHORT_ARTICLE = (
    "“We will not negotiate over Ukraine without Ukraine,” President Joe Biden said on Monday. "
    "Two officials familiar with the talks said the meeting would go ahead.\n"
)


@pytest.fixture(scope="module")
def read_only(web_store: Store, serve: Serve) -> Iterator[httpx.Client]:
    with serve(create_app(web_store)) as url, httpx.Client(base_url=url) as client:
        yield client


@pytest.fixture(scope="module")
def writable(tmp_path_factory: pytest.TempPathFactory, serve: Serve) -> Iterator[httpx.Client]:
    """A server that saves, to a store of its own: the shared one stays as the tests expect."""
    path = tmp_path_factory.mktemp("writable") / "store.db"
    Store.open(path).close()
    app = create_app(path, allow_writes=True, max_body_bytes=LIMIT)
    with serve(app) as url, httpx.Client(base_url=url, timeout=60) as client:
        yield client


def _pages(corpus: WebCorpus, client: httpx.Client) -> list[str]:
    milley = client.get("/api/speakers", params={"name": "Mark Milley"}).json()["speakers"][0]
    return [
        "/articles",
        f"/articles/{corpus.example_id}",
        f"/articles/{corpus.hostile_id}",
        "/speakers",
        f"/speakers/{milley['id']}",
        "/dashboard",
        "/dashboard?since=2016-01&until=2022-12",
        "/search?q=Ukraine&kind=direct",
        "/line?position=Ukraine+decides+when+to+negotiate&outlet=CNN",
        "/lines",
        "/analyze",
        "/docs",
    ]


def test_every_page_renders_with_a_strict_policy(
    web_corpus: WebCorpus, read_only: httpx.Client
) -> None:
    for page in _pages(web_corpus, read_only):
        response = read_only.get(page)

        assert response.status_code == 200, page
        assert response.headers["content-type"].startswith("text/html")
        policy = response.headers["content-security-policy"]
        assert "script-src 'self';" in policy
        assert "frame-ancestors 'none'" in policy
        assert "style-src 'self';" in policy
        assert response.headers["x-content-type-options"] == "nosniff"
        # Scripts only from this server, and never inline.
        for script in re.findall(r"<script[^>]*>", response.text):
            assert re.fullmatch(r'<script src="/static/[\w/.-]+\.js"( defer)?>', script)


def test_the_article_page_highlights_every_statement(
    web_corpus: WebCorpus, web_store: Store, read_only: httpx.Client
) -> None:
    stored = web_store.article(web_corpus.example_id)
    assert stored is not None
    page = read_only.get(f"/articles/{web_corpus.example_id}").text

    highlighted = {
        statement
        for ids in re.findall(r'<mark class="[^"]*" data-statements="([^"]*)"', page)
        for statement in ids.split()
    }
    assert highlighted == {attribution.id for attribution in stored.analyzed.attributions}
    assert page.count('<li class="statement ') == len(stored.analyzed.attributions)
    assert 'href="https://example.com/milley-memos"' in page
    assert "Chairman of the Joint Chiefs of Staff" in page


def test_hostile_markup_is_shown_as_text(web_corpus: WebCorpus, read_only: httpx.Client) -> None:
    pages = [
        f"/articles/{web_corpus.hostile_id}",
        "/articles",
        "/dashboard",
        "/search?q=script",
        "/speakers?name=Mallory",
    ]
    for page in pages:
        text = read_only.get(page).text

        assert "<script>window" not in text, page
        assert "<img src=x" not in text, page
        assert "<svg onload" not in text, page
        assert not re.search(r"""(href|src|action)=["']?\s*javascript:""", text), page
    article = read_only.get(f"/articles/{web_corpus.hostile_id}").text
    assert "&lt;script&gt;window.__pwned" in article
    assert "&lt;svg onload=" in article
    # The javascript: URL is printed as text, not made a link.
    assert '<span class="url">javascript:alert(&#39;url&#39;)</span>' in article


def test_unknown_things_are_404(read_only: httpx.Client) -> None:
    for page in ("/articles/nope", "/speakers/999999", "/no-such-page"):
        response = read_only.get(page)
        assert response.status_code == 404, page
        assert "text/html" in response.headers["content-type"]
    for endpoint in ("/api/articles/nope", "/api/speakers/999999"):
        response = read_only.get(endpoint)
        assert response.status_code == 404
        assert "detail" in response.json()


def test_bad_parameters_are_400_pages_and_422_answers(read_only: httpx.Client) -> None:
    for page in ("/dashboard?since=2022-13", "/search?since=yesterday", "/speakers?kind=alien"):
        response = read_only.get(page)
        assert response.status_code == 400, page
        assert "text/html" in response.headers["content-type"]
    assert read_only.get("/speakers/abc").status_code == 400
    assert read_only.get("/api/sourcing", params={"since": "2022-13"}).status_code == 422
    assert read_only.get("/api/statements", params={"limit": 100_000}).status_code == 422


BEYOND_INTEGERS = str(2**63)


def test_integers_beyond_the_store_s_are_refused_with_a_message(
    read_only: httpx.Client,
) -> None:
    for endpoint in (
        f"/api/articles?offset={BEYOND_INTEGERS}",
        f"/api/speakers?offset={BEYOND_INTEGERS}",
        f"/api/statements?offset={BEYOND_INTEGERS}",
        f"/api/statements?speaker_id={BEYOND_INTEGERS}",
        f"/api/speakers/{BEYOND_INTEGERS}",
    ):
        response = read_only.get(endpoint)
        assert response.status_code == 422, endpoint
        (problem,) = response.json()["detail"]
        assert problem["msg"] == "Input should be less than or equal to 9223372036854775807"
    # Its rows start at offset 9223372036854775800.
    last_page = (2**63 - 1) // 50 + 1
    for page in (
        f"/speakers/{BEYOND_INTEGERS}",
        f"/search?speaker_id={BEYOND_INTEGERS}",
        f"/articles?page={last_page + 1}",
        f"/speakers?page={10**18}",
        f"/speakers/1?page={2 * 10**17}",
    ):
        response = read_only.get(page)
        assert response.status_code == 400, page
        assert "less than or equal to" in response.text
    # The largest ones are fine, and find nothing.
    assert read_only.get(f"/api/articles?offset={2**63 - 1}").json()["articles"] == []
    assert read_only.get(f"/articles?page={last_page}").status_code == 200


def test_the_first_and_last_months_and_days(read_only: httpx.Client) -> None:
    for month in ("0000-01", "0000-12"):
        for bound in ("since", "until"):
            answer = read_only.get("/api/sourcing", params={bound: month})
            assert answer.status_code == 422, (bound, month)
            assert "0001-01 to 9999-12" in answer.json()["detail"][0]["msg"]
            assert read_only.get("/dashboard", params={bound: month}).status_code == 400
    for query in ({"since": "0001-01"}, {"until": "9999-12"}):
        assert read_only.get("/api/sourcing", params=query).status_code == 200, query
        assert read_only.get("/dashboard", params=query).status_code == 200, query
    assert read_only.get("/api/sourcing", params={"until": "9999-12"}).json()["until"] == (
        "9999-12-31"
    )
    assert read_only.get("/api/statements", params={"until": "9999-12-31"}).json()["total"]

    # A number is not a day, though Pydantic would read it as a Unix time: 1970-01-01.
    for day in ("0", "1700000000", "2022-11-15T00:00:00"):
        answer = read_only.get("/api/statements", params={"until": day})
        assert answer.status_code == 422, day
        assert answer.json()["detail"][0]["msg"] == "Value error, must be a date, YYYY-MM-DD"
    analyzed = read_only.post("/api/analyze", json={"text": SHORT_ARTICLE, "published": 0})
    assert analyzed.status_code == 422
    assert analyzed.json()["detail"][0]["loc"] == ["body", "published"]


def test_search_text_with_nul_or_too_long_is_refused_with_a_message(
    read_only: httpx.Client,
) -> None:
    # SQLite would stop reading at the NUL: "a\x00b" found content with "a" in it.
    for query in ({"q": "\x00"}, {"q": "a\x00b"}, {"speaker": "\x00"}, {"outlet": "CNN\x00"}):
        answer = read_only.get("/api/statements", params=query)
        assert answer.status_code == 422, query
        assert "must not contain NUL" in answer.json()["detail"][0]["msg"]
        page = read_only.get("/search", params=query)
        assert page.status_code == 400, query
        assert "must not contain NUL" in page.text
    assert read_only.get("/api/speakers", params={"name": "\x00"}).status_code == 422

    # A thousand words made SQLite's expression tree too deep: a 503 for the client's input.
    for words, message in (
        ("x" * 10_000, "String should have at most 500 characters"),
        ("a " * 1000, "String should have at most 500 characters"),
        ('"a b" c ' * 11, "must have at most 32 words (a quoted phrase counts each of its words)"),
    ):
        answer = read_only.get("/api/statements", params={"q": words})
        assert answer.status_code == 422, words
        assert message in answer.json()["detail"][0]["msg"]
        page = read_only.get("/search", params={"q": words})
        assert page.status_code == 400
        assert message in page.text
    assert read_only.get("/api/statements", params={"q": "a b " * 16}).status_code == 200


def test_the_api_serves_an_article_in_the_cli_json_shape(
    web_corpus: WebCorpus, web_store: Store, read_only: httpx.Client
) -> None:
    stored = web_store.article(web_corpus.example_id)
    assert stored is not None
    answer = read_only.get(f"/api/articles/{web_corpus.example_id}").json()

    contract = analyzed_to_json(stored.analyzed)
    assert answer["attributions"] == contract["attributions"]
    assert [
        {key: value for key, value in speaker.items() if key != "identity"}
        for speaker in answer["speakers"]
    ] == contract["speakers"]
    assert {key: answer["article"][key] for key in ("text", "published", "length")} == (
        contract["article"]
    )
    assert answer["article"]["outlet"] == "CNN"
    assert answer["article"]["id"] == web_corpus.example_id
    milley = next(speaker for speaker in answer["speakers"] if speaker["name"] == "Mark Milley")
    profile = read_only.get(f"/api/speakers/{milley['identity']}").json()
    assert profile["speaker"]["name"] == "Mark Milley"
    assert profile["outlets"] == [
        {"outlet": "CNN", "articles": 1, "statements": profile["speaker"]["statements"]}
    ]


def test_api_listings_and_filters(web_corpus: WebCorpus, read_only: httpx.Client) -> None:
    articles = read_only.get("/api/articles", params={"outlet": "CNN"}).json()
    assert [article["id"] for article in articles["articles"]] == [web_corpus.example_id]

    phrase = {"q": '"opportunity to negotiate"', "speaker": "milley"}
    found = read_only.get("/api/statements", params={**phrase, "mode": "words"}).json()
    assert found["total"] == 1
    (statement,) = found["statements"]
    assert (statement["speaker_name"], statement["kind"]) == ("Mark Milley", "direct")
    assert statement["content"][0]["text"].startswith("“When there is an opportunity")
    (hit,) = found["hits"]
    assert hit["statement"] == statement
    assert (hit["words_rank"], hit["meaning_rank"], hit["similarity"]) == (1, None, None)
    # By words and meaning: every statement of the speaker, the one with the phrase first.
    both = read_only.get("/api/statements", params=phrase).json()
    assert both["statements"][0] == statement
    assert both["hits"][0]["words_rank"] == both["hits"][0]["meaning_rank"] == 1
    assert {row["speaker_name"] for row in both["statements"]} <= {
        "Mark Milley",
        "Military personnel working with Milley",
    }
    scores = [hit["score"] for hit in both["hits"]]
    assert scores == sorted(scores, reverse=True)
    assert both["total"] == len(both["hits"]) > 1

    dated = read_only.get(
        "/api/statements", params={"since": "2022-11-01", "until": "2022-11-30", "limit": 500}
    ).json()
    for row in dated["statements"]:
        days = row["date"] or {"start": row["published"], "end": row["published"]}
        assert days["start"] <= "2022-11-30"
        assert days["end"] >= "2022-11-01"
    assert {"CNN", web_corpus.hostile_outlet} <= {row["outlet"] for row in dated["statements"]}

    sourcing = read_only.get("/api/sourcing", params={"outlet": "CNN"}).json()
    (month,) = sourcing["months"]
    assert (month["outlet"], month["month"], month["articles"]) == ("CNN", "2022-11-01", 1)
    assert 0 < month["anonymous"] < month["attributions"]
    assert sourcing["totals"][0]["anonymous_share"] == month["anonymous_share"]
    assert sourcing["top_speakers"][0]["statements"] >= 2


def test_openapi_documents_the_api(read_only: httpx.Client) -> None:
    schema = read_only.get("/openapi.json").json()

    assert {
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/speakers",
        "/api/speakers/{speaker_id}",
        "/api/statements",
        "/api/sourcing",
        "/api/analyze",
        "/api/line",
        "/api/lines",
    } <= set(schema["paths"])
    assert not any(
        path.startswith(("/articles", "/dashboard", "/line")) for path in schema["paths"]
    )
    docs = read_only.get("/docs").text
    assert "cdn" not in docs.lower()
    assert read_only.get("/static/swagger-ui/swagger-ui-bundle.js").status_code == 200


def test_analysis_is_allowed_but_saving_is_not_without_writes(read_only: httpx.Client) -> None:
    analyzed = read_only.post("/api/analyze", json={"text": SHORT_ARTICLE}, timeout=60)
    assert analyzed.status_code == 200, analyzed.text
    assert analyzed.json()["saved"] is False
    assert analyzed.json()["article"]["id"] is None
    assert analyzed.json()["attributions"]

    refused = read_only.post("/api/analyze", json={"text": SHORT_ARTICLE, "save": True})
    assert refused.status_code == 403
    form = read_only.post("/analyze", data={"text": SHORT_ARTICLE, "save": "on"})
    assert form.status_code == 403
    assert "does not allow writes" in form.text


def test_a_date_beyond_the_calendar_is_no_date_not_a_500(read_only: httpx.Client) -> None:
    text = "“We will not negotiate,” Biden said next year, on Monday. Putin spoke next year.\n"
    analyzed = read_only.post(
        "/api/analyze", json={"text": text, "published": "9999-12-31"}, timeout=60
    )
    assert analyzed.status_code == 200, analyzed.text
    for statement in analyzed.json()["attributions"]:
        date = statement["date"]
        assert date is None or dt.date.fromisoformat(date["end"]) <= dt.date.max


def test_the_analyze_page_shows_the_statements_of_pasted_text(read_only: httpx.Client) -> None:
    page = read_only.post(
        "/analyze", data={"text": SHORT_ARTICLE, "published": "2022-11-15"}, timeout=60
    )

    assert page.status_code == 200
    assert page.text.count('<li class="statement ') >= 1
    assert "Monday (2022-11-14)" in page.text
    assert 'name="save"' not in page.text


def test_text_that_cannot_be_analyzed_is_explained(read_only: httpx.Client) -> None:
    page = read_only.post("/analyze", data={"text": "   "})
    assert page.status_code == 422
    assert "article text is empty" in page.text
    answer = read_only.post("/api/analyze", json={"text": "Der Hund bellt. " * 10})
    assert answer.status_code == 422
    (problem,) = answer.json()["detail"]
    assert "English" in problem["msg"]


def test_saving_an_analyzed_article(writable: httpx.Client) -> None:
    text = SHORT_ARTICLE + "“The talks are over,” Sergei Lavrov told reporters in Moscow.\n"
    saved = writable.post(
        "/api/analyze",
        json={"text": text, "published": "2022-11-16", "outlet": "Wire", "save": True},
    ).json()

    assert saved["saved"] is True
    assert saved["article"]["outlet"] == "Wire"
    assert all(speaker["identity"] is not None for speaker in saved["speakers"])
    stored = writable.get(f"/api/articles/{saved['article']['id']}").json()
    assert stored["attributions"] == saved["attributions"]

    form = writable.post("/analyze", data={"text": text, "save": "on"}, follow_redirects=False)
    assert form.status_code == 303
    assert form.headers["location"] == f"/articles/{saved['article']['id']}"
    assert 'name="save"' in writable.get("/analyze").text


@pytest.mark.parametrize("endpoint", ["/api/analyze", "/analyze"])
def test_a_body_over_the_limit_is_413(writable: httpx.Client, endpoint: str) -> None:
    declared = writable.post(endpoint, content=b"x" * (LIMIT + 1))
    assert declared.status_code == 413

    def chunks() -> Iterator[bytes]:
        # No Content-Length: the server must count what arrives.
        for _ in range(LIMIT // 1000 + 2):
            yield b"x" * 1000

    headers = {"content-type": "application/x-www-form-urlencoded"}
    streamed = writable.post(endpoint, content=chunks(), headers=headers)
    assert streamed.status_code == 413
    assert "limit" in streamed.text


def test_writes_from_another_origin_are_refused(writable: httpx.Client) -> None:
    body: dict[str, Any] = {"text": SHORT_ARTICLE, "save": True}
    for headers in ({"origin": "http://evil.example"}, {"sec-fetch-site": "cross-site"}):
        response = writable.post("/api/analyze", json=body, headers=headers)
        assert response.status_code == 403, headers


def test_other_host_names_are_refused(read_only: httpx.Client) -> None:
    # A DNS name rebound to 127.0.0.1 would reach the app under its own name.
    assert read_only.get("/articles", headers={"host": "evil.example"}).status_code == 400
    assert read_only.get("/articles", headers={"host": "localhost:8000"}).status_code == 200


SECURITY_HEADERS = (
    "content-security-policy",
    "x-content-type-options",
    "x-frame-options",
    "referrer-policy",
    "cross-origin-opener-policy",
    "cross-origin-resource-policy",
)


def test_refusals_carry_the_security_headers(read_only: httpx.Client) -> None:
    for response in (
        read_only.get("/articles", headers={"host": "evil.example"}),
        read_only.get("/api/speakers/abc"),
        read_only.get("/no-such-page"),
    ):
        assert response.status_code in (400, 404, 422)
        for header in SECURITY_HEADERS:
            assert header in response.headers, (response.url, header)


def test_a_failure_is_a_500_with_the_security_headers_on_a_connection_kept_open(
    web_store: Store,
    serve: Serve,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def fail(**_: object) -> None:
        raise RuntimeError("a bug")

    # One request of each kind fails as a bug would; the others go on as usual.
    monkeypatch.setattr(web_store, "article_page", fail)
    with serve(create_app(web_store)) as url:
        connection = http.client.HTTPConnection(url.removeprefix("http://"), timeout=30)
        answers, sockets = [], set()
        try:
            for path in ("/api/articles", "/api/speakers?limit=1", "/articles", "/speakers"):
                connection.request("GET", path)
                response = connection.getresponse()
                answers.append((response.status, response.headers, response.read()))
                sockets.add(connection.sock)
        finally:
            connection.close()

    # One socket all along: the server kept the connection open after each 500.
    assert len(sockets) == 1

    assert [status for status, _, _ in answers] == [500, 200, 500, 200]
    for _, headers, _ in answers:
        for header in SECURITY_HEADERS:
            assert header in headers
    assert json.loads(answers[0][2]) == {
        "detail": "Something went wrong on the server; it has been logged."
    }
    assert answers[2][1]["content-type"].startswith("text/html")
    assert b"Something went wrong on the server" in answers[2][2]
    assert "a bug" in caplog.text
    assert b"a bug" not in answers[0][2] + answers[2][2]


def test_hosts_for_a_bind_address() -> None:
    assert hosts_for("127.0.0.1") == list(LOOPBACK_HOSTS)
    assert hosts_for("192.168.1.5") == ["192.168.1.5", *LOOPBACK_HOSTS]
    assert sorted(hosts_for("::1")) == sorted(LOOPBACK_HOSTS)
    assert hosts_for("0.0.0.0") == ["*"]


def test_serve_binds_to_loopback_read_only_by_default(
    web_corpus: WebCorpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: calls.append({"app": app, **kwargs}))

    result = CliRunner().invoke(cli, ["serve", "--db", str(web_corpus.path)])

    assert result.exit_code == 0, result.output
    (call,) = calls
    assert (call["host"], call["port"]) == ("127.0.0.1", 8000)
    assert call["app"].state.web.allow_writes is False
    assert "read-only" in result.output
    call["app"].state.web.store.close()


def test_serve_opens_the_store_read_only_and_never_migrates_it(
    web_corpus: WebCorpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    apps: list[FastAPI] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **_: apps.append(app))
    result = CliRunner().invoke(cli, ["serve", "--db", str(web_corpus.path)])
    assert result.exit_code == 0, result.output
    (served,) = apps
    with served.state.web.store as store, pytest.raises(StoreError, match="readonly"):
        store.record_error("serve.txt", "a write the server must not make")

    # An older onrecord's store is refused, writes allowed or not, rather than upgraded.
    latest = migrations.latest_version()
    monkeypatch.setitem(migrations.UPGRADES, latest + 1, _must_not_run)
    for writes in ([], ["--allow-writes"]):
        result = CliRunner().invoke(cli, ["serve", "--db", str(web_corpus.path), *writes])
        assert result.exit_code == 2
        assert f"schema version {latest}, older than this onrecord's {latest + 1}" in " ".join(
            result.stderr.split()
        )
    assert len(apps) == 1


def _must_not_run(_: object) -> None:
    pytest.fail("serve migrated the store")


@pytest.mark.parametrize("writes", [[], ["--allow-writes"]], ids=["read-only", "writes"])
def test_serve_refuses_a_store_that_is_not_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, writes: list[str]
) -> None:
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda app, **_: pytest.fail("served a missing store"))
    monkeypatch.chdir(tmp_path)

    result = CliRunner().invoke(cli, ["serve", *writes])

    assert result.exit_code == 2
    assert "there is no store at" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_analyzer_that_stays_busy_answers_503(web_store: Store, serve: Serve) -> None:
    analyzer = Analyzer(wait_seconds=0.1)
    # Held as a long analysis would hold it.
    with analyzer._lock, serve(create_app(web_store, analyzer=analyzer)) as url:
        response = httpx.post(f"{url}/api/analyze", json={"text": SHORT_ARTICLE})
    assert response.status_code == 503
    assert "busy" in response.json()["detail"]


@pytest.mark.parametrize("missing", ["uvicorn", "fastapi", "jinja2"])
def test_serve_without_the_web_extra_says_what_to_install(
    web_corpus: WebCorpus, monkeypatch: pytest.MonkeyPatch, missing: str
) -> None:
    # A module set to None in sys.modules cannot be imported; onrecord.web is imported afresh.
    monkeypatch.setitem(sys.modules, missing, None)
    monkeypatch.delitem(sys.modules, "onrecord.web")

    result = CliRunner().invoke(cli, ["serve", "--db", str(web_corpus.path)])

    assert result.exit_code == 2
    assert f"needs {missing}, which is not installed: pip install 'onrecord[web]'" in result.stderr


def test_search_by_surname_finds_and_names_every_speaker_of_that_name(
    tmp_path: Path, serve: Serve
) -> None:
    from onrecord._analyze import analyze

    path = tmp_path / "millers.db"
    with Store.open(path) as store:
        for text in (
            "Amanda A. Kostro Miller said the plan was sound.\n",
            "Jeff Miller said the plan would fail. Joe Biden said it would pass.\n",
        ):
            store.save(analyze(text))

    with serve(create_app(path)) as url, httpx.Client(base_url=url) as client:
        biden = client.get("/api/statements", params={"speaker": "biden"}).json()
        millers = client.get("/api/statements", params={"speaker": "Miller"}).json()
        page = client.get("/search", params={"speaker": "Miller"}).text
        one = client.get("/search", params={"speaker": "Biden"}).text

    assert [row["speaker_name"] for row in biden["statements"]] == ["Joe Biden"]
    assert {row["speaker_name"] for row in millers["statements"]} == {
        "Amanda A. Kostro Miller",
        "Jeff Miller",
    }
    assert "“Miller” is a name of 2 speakers" in page
    assert ">Jeff Miller</a> (person, 1)" in page
    assert ">Amanda A. Kostro Miller</a>" in page
    assert "is a name of" not in one


def test_the_search_page_ranks_by_meaning_unless_switched_off(read_only: httpx.Client) -> None:
    by_meaning = read_only.get("/search", params={"q": "peace talks"})
    assert by_meaning.status_code == 200
    assert re.search(r'name="meaning" value="on" checked', by_meaning.text)
    assert "Ranked by words and meaning" in by_meaning.text
    assert len(re.findall(r'<span class="score"', by_meaning.text)) == 50
    assert by_meaning.text.count('class="more-like-this"') == 50
    assert 'rel="next"' in by_meaning.text

    words = read_only.get("/search", params={"q": "negotiate", "searched": "1"})
    assert words.status_code == 200
    assert not re.search(r'name="meaning" value="on" checked', words.text)
    assert "Ranked by words," in words.text
    contents = re.findall(r'<blockquote class="content-text">(.*?)</blockquote>', words.text)
    assert contents
    assert all("negotiat" in content.lower() for content in contents)


def test_more_like_this_lists_the_nearest_statements(
    web_corpus: WebCorpus, read_only: httpx.Client
) -> None:
    article = read_only.get(f"/articles/{web_corpus.example_id}")
    link = f"/statements/{web_corpus.example_id}/a1/similar"
    assert link in article.text

    similar = read_only.get(link)
    assert similar.status_code == 200
    assert "More like this" in similar.text
    assert len(re.findall(r'<span class="score"', similar.text)) == 50
    assert f'href="/articles/{web_corpus.example_id}#statement-a1">' in similar.text
    # The statement itself is not among those like it.
    assert f"/statements/{web_corpus.example_id}/a1/similar" not in similar.text

    assert read_only.get(f"/statements/{web_corpus.example_id}/a999/similar").status_code == 404
    assert read_only.get("/statements/nothing/a1/similar").status_code == 404


def test_search_text_is_never_markup_or_query_syntax(read_only: httpx.Client) -> None:
    for text in ['<script>alert("q")</script>', 'NEAR("a" b) * OR', "'; DROP TABLE spans; --"]:
        page = read_only.get("/search", params={"q": text})
        assert page.status_code == 200
        assert "<script>alert" not in page.text
        for mode in ("words", "meaning", "both"):
            answer = read_only.get("/api/statements", params={"q": text, "mode": mode})
            assert answer.status_code == 200, answer.text
    assert read_only.get("/api/statements", params={"q": "war", "mode": "fuzzy"}).status_code == 422


def test_api_search_by_meaning_pages_and_ends(read_only: httpx.Client) -> None:
    first = read_only.get("/api/statements", params={"q": "war", "mode": "meaning", "limit": 5})
    second = read_only.get(
        "/api/statements", params={"q": "war", "mode": "meaning", "limit": 5, "offset": 5}
    )
    ten = read_only.get("/api/statements", params={"q": "war", "mode": "meaning", "limit": 10})
    assert first.json()["hits"] + second.json()["hits"] == ten.json()["hits"]
    assert [hit["meaning_rank"] for hit in ten.json()["hits"]] == list(range(1, 11))
    beyond = read_only.get("/api/statements", params={"q": "war", "offset": 5000}).json()
    assert (beyond["statements"], beyond["hits"]) == ([], [])

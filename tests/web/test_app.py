"""The web app over HTTP, served by uvicorn on 127.0.0.1: pages, API, limits and defenses."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from typer.testing import CliRunner

from onrecord.cli import app as cli
from onrecord.errors import StoreError
from onrecord.serialize import analyzed_to_json
from onrecord.store import Store, migrations
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

    found = read_only.get(
        "/api/statements", params={"q": '"opportunity to negotiate"', "speaker": "milley"}
    ).json()
    assert found["total"] == 1
    (statement,) = found["statements"]
    assert (statement["speaker_name"], statement["kind"]) == ("Mark Milley", "direct")
    assert statement["content"][0]["text"].startswith("“When there is an opportunity")

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
    } <= set(schema["paths"])
    assert not any(path.startswith(("/articles", "/dashboard")) for path in schema["paths"])
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
    assert "only whitespace" in page.text
    answer = read_only.post("/api/analyze", json={"text": "Der Hund bellt. " * 10})
    assert answer.status_code == 422
    assert "English" in answer.json()["detail"]


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

    # A newer onrecord's store is refused, writes allowed or not, rather than upgraded.
    monkeypatch.setitem(migrations.UPGRADES, 2, _must_not_run)
    for writes in ([], ["--allow-writes"]):
        result = CliRunner().invoke(cli, ["serve", "--db", str(web_corpus.path), *writes])
        assert result.exit_code == 2
        assert "schema version 1, older than this onrecord's 2" in result.stderr
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

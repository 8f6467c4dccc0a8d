"""A store to serve, and real servers on 127.0.0.1 to test the web app through.

The store holds the example article, a hostile article (markup and script in its text and
metadata), when the shared PolNeAR corpus is there, a few dev articles of each outlet with
the outlet and date their file names give, so that the dashboard has months and outlets, and
when the shared news pages are there, a few of them as `onrecord ingest` reads them; each with
its statements' vectors, as ingest stores them.
"""

from __future__ import annotations

import datetime as dt
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, replace
from itertools import groupby
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from onrecord._analyze import analyze_articles
from onrecord.embed import embed_statements
from onrecord.io._sources import read_sources
from onrecord.results import Article
from onrecord.store import Store, article_id

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "examples" / "milley-memos.txt"
POLNEAR_DEV = ROOT.parent / "shared" / "data" / "polnear" / "dev" / "text"
ARTIFACTS = ROOT / "test-artifacts" / "web"
POLNEAR_PER_OUTLET = 3
NEWS_PAGES = ROOT.parent / "shared" / "data" / "news-pages"
# Real pages with the names, titles and unnamed sources of issue 17 (none of them from CNN,
# which the tests take for the example article's only outlet).
NEWS = ("timesofisrael.com.washington", "abc7news.com-Napa", "tribune242.com-gunned")

# Every payload sets window.__pwned or opens a dialog if it ever runs.
HOSTILE_TEXT = (
    "“<script>window.__pwned = 'text'; alert('text')</script> is not a threat,” said Mallory "
    "<img src=x onerror=\"window.__pwned = 'img'; alert('img')\">Payload, the security chief.\n\n"
    "Two officials <b onmouseover=\"window.__pwned = 'hover'\">familiar with the matter</b> said "
    "the <a href=\"javascript:window.__pwned = 'link'\">report</a> was accurate.\n\n"
    "“We take <style>body { display: none }</style> security seriously,” she told reporters "
    "at a <iframe src=\"javascript:alert('iframe')\"></iframe> briefing on Monday."
)
HOSTILE = Article(
    text=HOSTILE_TEXT,
    published=None,
    title="<script>window.__pwned = 'title'; alert('title')</script>"
    "<img src=x onerror=\"alert('title')\"> Hostile title",
    outlet="<svg onload=\"alert('outlet')\">Evil Outlet</svg>",
    url="javascript:alert('url')",
    author="<img src=x onerror=\"alert('author')\">",
    path="hostile.txt",
)


@dataclass(frozen=True, slots=True)
class WebCorpus:
    """The store's file and the ids of the articles the tests look at."""

    path: Path
    example_id: str
    hostile_id: str
    hostile_outlet: str
    outlets: tuple[str, ...]
    news_ids: dict[str, str]  # stem of a news page -> its article id; empty without the pages


@pytest.fixture(scope="session")
def web_corpus(tmp_path_factory: pytest.TempPathFactory) -> WebCorpus:
    example_text = EXAMPLE.read_text(encoding="utf-8")
    example = Article(
        text=example_text,
        published=dt.date(2022, 11, 15),
        title=example_text.splitlines()[0],
        outlet="CNN",
        url="https://example.com/milley-memos",
        path=str(EXAMPLE.relative_to(ROOT)),
    )
    hostile = replace(HOSTILE, published=dt.date(2022, 11, 20))
    path = tmp_path_factory.mktemp("web") / "web.db"
    news = _news_articles()
    articles = [example, hostile, *_polnear_articles(), *news.values()]
    with Store.open(path) as store:
        for analyzed in analyze_articles(articles):
            assert analyzed.error is None, analyzed.error
            # With their vectors, as `onrecord ingest` stores them.
            store.save(analyzed, vectors=embed_statements(analyzed))
    return WebCorpus(
        path=path,
        example_id=article_id(example.text),
        hostile_id=article_id(hostile.text),
        hostile_outlet=hostile.outlet or "",
        outlets=tuple(sorted({article.outlet or "" for article in articles} - {""})),
        news_ids={page: article_id(article.text) for page, article in news.items()},
    )


@pytest.fixture(scope="session")
def web_store(web_corpus: WebCorpus) -> Iterator[Store]:
    with Store.open(web_corpus.path) as store:
        yield store


@pytest.fixture(scope="session")
def serve() -> Callable[[FastAPI], AbstractContextManager[str]]:
    """Serves an app for the length of a ``with`` block; see ``running``."""
    return running


@contextmanager
def running(app: FastAPI) -> Iterator[str]:
    """``app`` served by uvicorn in a thread, on a free port of 127.0.0.1: its base URL."""
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", ws="none")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the test server did not start")
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@dataclass(frozen=True, slots=True)
class LiveServer:
    url: str
    log: Path


@pytest.fixture(scope="session")
def live_server(
    web_corpus: WebCorpus, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """``onrecord serve --allow-writes`` over the web corpus, as a process of its own."""
    port = _free_port()
    log = tmp_path_factory.mktemp("server") / "server.log"
    command = [
        sys.executable,
        *("-m", "onrecord", "serve", "--db", str(web_corpus.path)),
        *("--port", str(port), "--allow-writes"),
    ]
    with log.open("wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process, log)
        yield LiveServer(url, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"onrecord serve exited with {process.returncode}:\n{log.read_text()}")
        try:
            # Up, with the subjects of the store worked out: the pages show them from then on.
            if httpx.get(f"{url}/subjects", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail(f"onrecord serve did not answer within 120 s:\n{log.read_text()}")


def _polnear_articles() -> list[Article]:
    """The first, middle and last dev article of each outlet: files are outlet_date_slug.txt.

    None without the shared corpus: the tests then have the outlets of the other articles.
    """
    if not POLNEAR_DEV.is_dir():
        return []
    chosen = []
    paths = sorted(POLNEAR_DEV.glob("*.txt"))
    for outlet, group in groupby(paths, key=lambda path: path.name.split("_")[0]):
        files = list(group)
        picks = {files[0], files[len(files) // 2], files[-1]}
        for path in sorted(picks)[:POLNEAR_PER_OUTLET]:
            text = path.read_text(encoding="utf-8")
            chosen.append(
                Article(
                    text=text,
                    published=dt.date.fromisoformat(path.name.split("_")[1]),
                    title=text.strip().splitlines()[0][:200],
                    outlet=outlet,
                    path=f"polnear/dev/{path.name}",
                )
            )
    return chosen


def _news_articles() -> dict[str, Article]:
    """The pages of ``NEWS`` by stem; none without the shared news pages."""
    if not NEWS_PAGES.is_dir():
        return {}
    read = read_sources([str(NEWS_PAGES / f"{page}.html") for page in NEWS])
    return {Path(item.path or "").stem: item for item in read if isinstance(item, Article)}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port

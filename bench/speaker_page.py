"""A speaker page of ``onrecord serve`` on a large store, before its subjects are ready and after.

Every speaker page shows the speaker's subjects, and the subjects of a store are worked out by
clustering all of its statements: half a minute on 100,000. The app does that in a thread of
its own; this measures, through uvicorn as a user meets it, that no page waits for it:

- **up**: from starting ``onrecord serve`` to its first answer;
- **first page**: the speaker page asked for as soon as the server answers, and the pages asked
  for every few seconds while the subjects are being worked out (each says so);
- **subjects ready**: from starting the server to ``/subjects`` answering 200;
- **warm page**: the speaker page once the subjects are there (and shown on it);
- with ``--change ARTICLE``, the store changed: the article analyzed and saved through the app
  (``--allow-writes``), and the speaker page asked for while the new subjects are worked out,
  until ``/subjects`` no longer says so (the old subjects shown meanwhile).

    python bench/speaker_page.py --db /tmp/search.db --json speaker-page.json
    cp /tmp/search.db /tmp/search-copy.db
    python bench/speaker_page.py --db /tmp/search-copy.db --change ARTICLE.txt

The store is ``bench/line.py``'s (``search.py build``, then ``line.py prepare``): 100,030
statements with their vectors; it is only read, unless ``--change``.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).parents[1]
PENDING = "being worked out"
UPDATING = "being worked out again"
# How often the page is asked for again while the subjects are being worked out, and how often
# whether they are ready: rarely enough not to slow their computation much.
EVERY_SECONDS = 3.0
POLL_SECONDS = 1.0
WARM_RUNS = 5


def measure(
    db: str, speaker: str, limit: float, every: float, change: Path | None = None
) -> dict[str, Any]:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "onrecord", "serve", "--db", db, "--port", str(port)]
    if change is not None:
        command.append("--allow-writes")
    started = time.perf_counter()
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL)
    result: dict[str, Any] = {"store": db, "speaker": speaker, "every_seconds": every}
    try:
        with httpx.Client(base_url=url, timeout=limit) as client:
            up = _until(lambda: _answers(client, "/api/articles?limit=1"), started, limit)
            found = client.get("/api/speakers", params={"name": speaker}).json()["speakers"]
            page = f"/speakers/{found[0]['id']}"

            def ready() -> bool:
                listing = client.get("/subjects")
                return listing.status_code == 200 and UPDATING not in listing.text

            pending, ready_at = _pages_until(client, page, ready, started, limit, every)
            warm = [_timed(client, page) for _ in range(WARM_RUNS)]
            result |= {
                "up_seconds": round(up, 2),
                "first_page": pending[0],
                "pages_while_pending": pending,
                "subjects_ready_seconds": ready_at,
                "warm_page_seconds": [seconds for seconds, _ in warm],
                "warm_page_median": round(statistics.median(seconds for seconds, _ in warm), 3),
                "warm_page_shows_subjects": all(_shows_subjects(text) for _, text in warm),
            }
            if change is not None:
                result |= _changed(client, page, ready, change, limit, every)
    finally:
        server.terminate()
        server.wait(timeout=60)
    return result


def _changed(
    client: httpx.Client,
    page: str,
    ready: Callable[[], bool],
    article: Path,
    limit: float,
    every: float,
) -> dict[str, Any]:
    """The store changed through the app (``article`` analyzed and saved), and the speaker
    page asked for while the new subjects are worked out, until they are."""
    started = time.perf_counter()
    saved = client.post("/api/analyze", json={"text": article.read_text(), "save": True})
    saved.raise_for_status()
    save_seconds = time.perf_counter() - started
    pending, ready_at = _pages_until(client, page, ready, started, limit, every)
    return {
        "change": str(article),
        "change_save_seconds": round(save_seconds, 2),
        "pages_while_updating": pending,
        "updating_pages_show_old_subjects": all(record["subjects"] for record in pending),
        "new_subjects_ready_seconds": ready_at,
    }


def _pages_until(
    client: httpx.Client,
    page: str,
    done: Callable[[], bool],
    started: float,
    limit: float,
    every: float,
) -> tuple[list[dict[str, Any]], float | None]:
    """``page`` asked for every ``every`` seconds until ``done()``: each time it took, and
    when (seconds from ``started``) it was done, None if not within ``limit``."""
    pages = []
    while time.perf_counter() - started < limit:
        seconds, text = _timed(client, page)
        at = round(time.perf_counter() - started, 2)
        pages.append(
            {"at": at, "seconds": seconds}
            | {"pending": PENDING in text, "subjects": _shows_subjects(text)}
        )
        deadline = time.perf_counter() + every
        while time.perf_counter() < deadline:
            if done():
                return pages, round(time.perf_counter() - started, 2)
            time.sleep(POLL_SECONDS)
    return pages, None


def _shows_subjects(text: str) -> bool:
    return 'href="/subjects/' in text


def _timed(client: httpx.Client, path: str) -> tuple[float, str]:
    start = time.perf_counter()
    response = client.get(path)
    response.raise_for_status()
    return round(time.perf_counter() - start, 3), response.text


def _answers(client: httpx.Client, path: str) -> bool:
    try:
        return client.get(path).status_code == 200
    except httpx.TransportError:
        return False


def _until(check: Any, started: float, limit: float) -> float:
    while not check():
        if time.perf_counter() - started > limit:
            raise SystemExit(f"the server did not answer within {limit:.0f} s")
        time.sleep(0.1)
    return time.perf_counter() - started


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="the store (only read)")
    parser.add_argument("--speaker", default="Mark Milley", help="whose page is asked for")
    parser.add_argument("--limit", type=float, default=300.0, help="give up after this (s)")
    parser.add_argument(
        "--every", type=float, default=EVERY_SECONDS, help="ask for the page this often (s)"
    )
    parser.add_argument(
        "--change",
        type=Path,
        help="then save this article through the app (--db must be a copy: it is written to)",
    )
    parser.add_argument("--json", type=Path, help="write the numbers there too")
    arguments = parser.parse_args()
    result = measure(
        arguments.db, arguments.speaker, arguments.limit, arguments.every, arguments.change
    )
    text = json.dumps(result, indent=2)
    print(text)
    if arguments.json:
        arguments.json.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

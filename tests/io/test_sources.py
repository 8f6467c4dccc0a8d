from __future__ import annotations

import datetime as dt
import errno
import gzip
import io
import json
import os
import socket
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from onrecord.errors import MissingExtraError
from onrecord.io._sources import (
    Failure,
    SourceItem,
    count_documents,
    read_sources,
    source_kind,
)
from onrecord.results import Article

PARAGRAPHS = (
    "The Senate passed the budget bill early on Tuesday after a debate that lasted through "
    "the night, sending the measure to the president for his signature.",
    '"This is a good day for the families of this country," the majority leader told '
    "reporters after the vote, adding that the bill would keep the government open.",
    "Opponents said the bill spent too much and did too little for the states that had been "
    "hit hardest by the floods earlier in the summer.",
)
TEXT = "\n\n".join(PARAGRAPHS) + "\n"

PAGE = f"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Senate passes budget bill after long night - Daily Ledger</title>
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2016-09-12T10:30:00Z">
<meta property="og:site_name" content="Daily Ledger">
<meta property="og:title" content="Senate passes budget bill after long night">
<meta property="og:url" content="https://www.dailyledger.example/politics/budget-bill">
</head><body>
<nav><a href="/">Home</a> <a href="/politics">Politics</a> <a href="/sports">Sports</a></nav>
<article>
<h1>Senate passes budget bill after long night</h1>
{"".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS)}
</article>
<footer><p>Copyright 2016 Daily Ledger. All rights reserved.</p></footer>
</body></html>
"""

NAVIGATION_PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>Daily Ledger</title></head><body>
<div class="menu"><ul><li><a href="/">Home</a></li><li><a href="/world">World news</a></li>
<li><a href="/politics">Politics</a></li><li><a href="/sports">Sports</a></li></ul></div>
<footer><p>Copyright 2016 Daily Ledger. All rights reserved.</p></footer>
</body></html>
"""

GERMAN = (
    "Die Bundesregierung hat am Mittwoch ein neues Gesetz zur Förderung erneuerbarer Energien "
    "beschlossen. Der Minister sagte, man werde die Ziele für das kommende Jahr deutlich "
    "übertreffen, und die Opposition kritisierte den Entwurf als unzureichend."
)


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading local documents must never reach out; trafilatura can fetch URLs it is given."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def _read(*paths: Path | str, max_bytes: int | None = None) -> list[SourceItem]:
    names = [str(path) for path in paths]
    if max_bytes is None:
        return list(read_sources(names))
    return list(read_sources(names, max_bytes=max_bytes))


def _article(item: SourceItem) -> Article:
    assert isinstance(item, Article), item
    return item


def _failure(item: SourceItem) -> Failure:
    assert isinstance(item, Failure), item
    return item


def _jsonl(*records: object) -> str:
    return "".join(
        (record if isinstance(record, str) else json.dumps(record)) + "\n" for record in records
    )


def _response(writer: WARCWriter, uri: str, body: bytes, content_type: str, status: str) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    # A length given up front keeps warcio from spooling the payload to a temporary file.
    record = writer.create_warc_record(
        uri, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers
    )
    writer.write_record(record)


def _warc(*, gzipped: bool) -> bytes:
    """A request, an article, an image, a redirect and a second article, as CC-NEWS has them."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzipped)
    request = StatusAndHeaders(
        "GET /politics/budget-bill HTTP/1.1",
        [("Host", "www.dailyledger.example")],
        is_http_request=True,
    )
    writer.write_record(
        writer.create_warc_record(
            "https://www.dailyledger.example/politics/budget-bill",
            "request",
            payload=io.BytesIO(b""),
            length=0,
            http_headers=request,
        )
    )
    page = PAGE.encode()
    _response(
        writer, "https://www.dailyledger.example/a", page, "text/html; charset=utf-8", "200 OK"
    )
    _response(
        writer,
        "https://www.dailyledger.example/logo.png",
        b"\x89PNG\r\n\x1a\n\0",
        "image/png",
        "200 OK",
    )
    _response(
        writer, "https://www.dailyledger.example/old", page, "text/html", "301 Moved Permanently"
    )
    second = PAGE.replace("Jane Doe", "John Roe").encode()
    _response(writer, "https://dailyledger.example/b", second, "text/html", "200 OK")
    return buffer.getvalue()


# ---------------------------------------------------------------------------------- kinds


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("a.txt", "text"),
        ("A.TXT", "text"),
        ("page.html", "html"),
        ("page.htm", "html"),
        ("news.jsonl", "jsonl"),
        ("news.jsonl.gz", "jsonl"),
        ("CC-NEWS-20160926211809-00000.warc.gz", "warc"),
        ("crawl.warc", "warc"),
        ("article.json", "json"),
        ("archive.gz", None),
        ("report.pdf", None),
        ("README", None),
    ],
)
def test_source_kind_follows_the_file_name(name: str, kind: str | None) -> None:
    assert source_kind(Path(name)) == kind


# ----------------------------------------------------------------------------------- text


def test_text_file_becomes_an_article_with_its_path(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(b"\xef\xbb\xbf" + TEXT.encode())
    [item] = _read(path)
    assert _article(item) == Article(text=TEXT, path=str(path))


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "file is empty"),
        (b" \n\t\n", "article text is empty"),
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" * 20, "binary data (NUL bytes)"),
        (GERMAN.encode(), "does not look like English"),
        (b"caf\xe9 " * 10, "not valid UTF-8 at byte 3"),
    ],
)
def test_unreadable_text_file_is_a_failure(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    [item] = _read(path)
    assert _failure(item).source == str(path)
    assert reason in _failure(item).reason


@pytest.mark.parametrize(
    "start", ["", "\n  ", '<?xml version="1.0"?>\n', "<!-- saved from url=(0042) -->\n"]
)
def test_a_web_page_saved_as_text_is_read_as_html(tmp_path: Path, start: str) -> None:
    page = tmp_path / "budget.html"
    page.write_text(PAGE)
    saved = tmp_path / "budget.txt"
    saved.write_text(start + PAGE)

    [from_html] = _read(page)
    [from_text] = _read(saved)

    assert _article(from_text) == replace(_article(from_html), path=str(saved))


def test_text_file_above_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text(TEXT * 10)
    [item] = _read(path, max_bytes=1000)
    assert "above the 1,000-byte limit (--max-bytes)" in _failure(item).reason


# ----------------------------------------------------------------------------------- HTML


def test_html_page_gives_its_article_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "budget.html"
    path.write_text(PAGE)
    [item] = _read(path)
    article = _article(item)
    assert article.path == str(path)
    assert article.title == "Senate passes budget bill after long night"
    assert article.author == "Jane Doe"
    assert article.published == dt.date(2016, 9, 12)
    assert article.outlet == "Daily Ledger"
    assert article.url == "https://www.dailyledger.example/politics/budget-bill"
    for paragraph in PARAGRAPHS:
        assert paragraph in article.text
    assert "Copyright" not in article.text
    assert "Sports" not in article.text


UNDATED_PAGE = PAGE.replace(
    '<meta property="article:published_time" content="2016-09-12T10:30:00Z">\n', ""
)


@pytest.mark.parametrize(
    ("page", "published", "published_from"),
    [
        (PAGE, 12, "metadata"),
        # A copyright line is no publication date.
        (UNDATED_PAGE, None, None),
        # Nor a date in the text, which may be any event's.
        (
            UNDATED_PAGE.replace("<article>", "<article><p>Updated January 1, 2008</p>"),
            None,
            None,
        ),
        (
            UNDATED_PAGE.replace("<h1>", '<time datetime="2016-09-13">Tuesday</time><h1>'),
            13,
            "time element",
        ),
        (
            UNDATED_PAGE.replace(
                "https://www.dailyledger.example/politics/budget-bill",
                "https://www.dailyledger.example/2016/09/14/budget-bill",
            ),
            14,
            "url",
        ),
    ],
)
def test_html_keeps_only_a_date_the_page_states_and_says_where(
    tmp_path: Path, page: str, published: int | None, published_from: str | None
) -> None:
    path = tmp_path / "budget.html"
    path.write_text(page)

    [item] = _read(path)

    assert _article(item).published == (published and dt.date(2016, 9, published))
    assert _article(item).published_from == published_from


def test_html_in_a_legacy_encoding_comes_out_right(tmp_path: Path) -> None:
    quote = (
        "“We will not back down,” the governor said on Friday, as the strike entered its third "
        "week."
    )
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
        f"<title>Strike</title></head><body><article><p>{quote}</p><p>{PARAGRAPHS[0]}</p>"
        "</article></body></html>"
    )
    path = tmp_path / "strike.htm"
    path.write_bytes(page.encode("windows-1252"))
    [item] = _read(path)
    assert quote in _article(item).text


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (NAVIGATION_PAGE.encode(), "no article text in the HTML, only navigation or boilerplate"),
        (b"", "HTML is empty"),
        (b"\x00\x01\x02\x03 not html", "binary data (NUL bytes)"),
        (f"<html><body><article><p>{GERMAN}</p></article></body></html>".encode(), "English"),
    ],
)
def test_html_without_an_english_article_is_a_failure(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(content)
    [item] = _read(path)
    assert _failure(item).source == str(path)
    assert reason in _failure(item).reason


def test_html_above_ten_times_the_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    path.write_text(PAGE + "<!-- padding -->" * 1000)
    [item] = _read(path, max_bytes=1000)
    assert "above the 10,000-byte limit for markup (10 × --max-bytes)" in _failure(item).reason


def test_html_markup_may_exceed_the_limit_its_text_keeps(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE)
    assert len(PAGE.encode()) > 1000
    [item] = _read(path, max_bytes=1000)
    assert _article(item).title == "Senate passes budget bill after long night"


# ---------------------------------------------------------------------------------- JSONL

PLAIN_LINE = {
    "text": TEXT,
    "title": "Budget bill passes",
    "published": "2016-09-12",
    "author": "Jane Doe",
    "outlet": "Daily Ledger",
    "url": "https://www.dailyledger.example/a",
}
NEWS_PLEASE_LINE = {
    "maintext": TEXT,
    "title": "Budget bill passes the Senate",
    "date_publish": "2016-09-13 10:30:00",
    "date_download": "2016-09-20 08:00:00",
    "authors": ["Jane Doe", "John Roe"],
    "source_domain": "dailyledger.example",
    "url": "https://www.dailyledger.example/b",
    "language": "en",
}
HTML_LINE = {"html": PAGE, "url": "https://www.ledger.example/c"}


def _check_good_lines(items: list[SourceItem], source: str) -> None:
    plain, news_please, html = (_article(item) for item in items)
    assert plain == Article(
        text=TEXT,
        published=dt.date(2016, 9, 12),
        path=f"{source}:1",
        url="https://www.dailyledger.example/a",
        outlet="Daily Ledger",
        title="Budget bill passes",
        author="Jane Doe",
        published_from="record",
    )
    assert news_please == Article(
        text=TEXT,
        published=dt.date(2016, 9, 13),
        path=f"{source}:2",
        url="https://www.dailyledger.example/b",
        outlet="dailyledger.example",
        title="Budget bill passes the Senate",
        author="Jane Doe, John Roe",
        published_from="record",
    )
    # The line's own url wins over the page's og:url; the rest comes out of the page.
    assert html.path == f"{source}:3"
    assert html.url == "https://www.ledger.example/c"
    assert (html.title, html.author, html.outlet) == (
        "Senate passes budget bill after long night",
        "Jane Doe",
        "Daily Ledger",
    )
    assert html.published == dt.date(2016, 9, 12)
    assert html.published_from == "metadata"
    assert PARAGRAPHS[1] in html.text


def test_jsonl_lines_become_articles_in_order(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text(_jsonl(PLAIN_LINE, NEWS_PLEASE_LINE, HTML_LINE))
    _check_good_lines(_read(path), str(path))


def test_a_news_please_json_file_is_the_record_a_jsonl_line_would_be(tmp_path: Path) -> None:
    # news-please writes one record a file, indented.
    record = tmp_path / "article.json"
    record.write_text(json.dumps(NEWS_PLEASE_LINE, indent=4))
    line = tmp_path / "news.jsonl"
    line.write_text(_jsonl(NEWS_PLEASE_LINE))

    [from_json] = _read(record)
    [from_jsonl] = _read(line)

    assert _article(from_json) == replace(_article(from_jsonl), path=str(record))


def test_a_json_file_that_is_no_record_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text("[1, 2]")
    [item] = _read(path)
    assert _failure(item) == Failure(
        str(path), "file is a JSON array, not an object with 'text' or 'html'"
    )


def test_gzipped_jsonl_reads_as_the_plain_one(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl.gz"
    path.write_bytes(gzip.compress(_jsonl(PLAIN_LINE, NEWS_PLEASE_LINE, HTML_LINE).encode()))
    _check_good_lines(_read(path), str(path))


def test_outlet_falls_back_to_the_host_of_the_url(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text(_jsonl({"text": TEXT, "url": "https://www.example.com/2016/story?id=3"}))
    [item] = _read(path)
    assert _article(item).outlet == "example.com"


@pytest.mark.parametrize(
    ("value", "date"),
    [
        ("2016-09-12", dt.date(2016, 9, 12)),
        ("2016-09-12T10:30:00Z", dt.date(2016, 9, 12)),
        ("2016-09-12T23:30:00-05:00", dt.date(2016, 9, 12)),
        ("2016-09-12 10:30:00", dt.date(2016, 9, 12)),
        ("2016-09-12T10:30:00.123456+00:00", dt.date(2016, 9, 12)),
        ("Mon, 12 Sep 2016 10:30:00 GMT", dt.date(2016, 9, 12)),
        ("last Tuesday", None),
        ("2016-13-45", None),
        ("", None),
    ],
)
def test_publication_dates_parse_or_are_left_out(
    tmp_path: Path, value: str, date: dt.date | None
) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text(_jsonl({"text": TEXT, "date": value}))
    [item] = _read(path)
    assert _article(item).published == date


def test_bad_jsonl_lines_fail_alone(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        _jsonl(
            PLAIN_LINE,
            '{"text": "The mayor said on Monday',
            NEWS_PLEASE_LINE,
            {"title": "No body at all", "url": "https://example.com/x"},
            "",
            '["an", "array"]',
            {"text": TEXT, "authors": "Jane Doe", "title": 7},
            {"text": "   "},
            {"text": GERMAN},
            {"html": NAVIGATION_PAGE},
            {"text": TEXT, "authors": ["Jane Doe", 3]},
            {"maintext": None, "text": None, "html": PAGE},
        )
    )
    source = str(path)
    items = _read(path)
    assert [item.path if isinstance(item, Article) else item.source for item in items] == [
        f"{source}:{line}" for line in (1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12)
    ]
    reasons = {item.source: item.reason for item in items if isinstance(item, Failure)}
    assert reasons == {
        f"{source}:2": "invalid JSON: Unterminated string starting at (column 10)",
        f"{source}:4": "no article text: the object has no 'text', 'maintext' or 'html'",
        f"{source}:6": "line is a JSON array, not an object with 'text' or 'html'",
        f"{source}:7": "field 'title' is a JSON number, not a string",
        f"{source}:8": "article text is empty",
        f"{source}:9": reasons[f"{source}:9"],
        f"{source}:10": reasons[f"{source}:10"],
        f"{source}:11": "field 'authors' must be a string or a list of strings",
    }
    assert "does not look like English" in reasons[f"{source}:9"]
    assert "only navigation or boilerplate" in reasons[f"{source}:10"]
    assert _article(items[0]).title == "Budget bill passes"
    assert _article(items[2]).title == "Budget bill passes the Senate"
    assert _article(items[-1]).author == "Jane Doe"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (
            '{"text": "\\ud800 ' + TEXT.replace("\n", " ").replace('"', "'") + '"}',
            "lone surrogate",
        ),
        (json.dumps({"text": "\0" + TEXT}), "NUL characters"),
    ],
)
def test_jsonl_text_that_no_store_could_hold_is_a_failure(
    tmp_path: Path, line: str, reason: str
) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text(line + "\n")
    [item] = _read(path)
    assert reason in _failure(item).reason


def test_jsonl_line_that_is_not_utf8_fails_alone(tmp_path: Path) -> None:
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(
        json.dumps({"text": "Caf\u00e9 " + TEXT}, ensure_ascii=False).encode("latin-1")
        + b"\n"
        + _jsonl(PLAIN_LINE).encode()
    )
    first, second = _read(path)
    assert _failure(first) == Failure(f"{path}:1", "line is not valid UTF-8 at byte 13")
    assert _article(second).path == f"{path}:2"


def test_runaway_jsonl_line_is_skipped_in_bounded_reads(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    path.write_text(_jsonl({"text": "word " * 5000}, PLAIN_LINE))
    first, second = _read(path, max_bytes=1000)
    assert _failure(first) == Failure(
        f"{path}:1", "line is longer than the 10,000-byte limit for markup (10 × --max-bytes)"
    )
    assert _article(second).path == f"{path}:2"


def test_jsonl_text_above_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text(_jsonl({"text": TEXT * 3}))
    [item] = _read(path, max_bytes=1000)
    assert _failure(item).reason.startswith("article text is ")
    assert _failure(item).reason.endswith("above the 1,000-byte limit (--max-bytes)")


def test_truncated_gzipped_jsonl_keeps_the_lines_before_the_break(tmp_path: Path) -> None:
    lines = [{**PLAIN_LINE, "title": f"Story {number}"} for number in range(40)]
    data = gzip.compress(_jsonl(*lines).encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) - 20])
    items = _read(path)
    articles = [item for item in items if isinstance(item, Article)]
    assert [article.title for article in articles] == [f"Story {n}" for n in range(len(articles))]
    assert len(articles) >= 30
    assert items[-1].source == str(path)  # type: ignore[union-attr]
    assert _failure(items[-1]).reason.startswith("corrupt or truncated gzip data after line ")


def test_jsonl_gz_that_is_no_gzip_is_read_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "mislabelled.jsonl.gz"
    path.write_text(_jsonl(PLAIN_LINE))
    [item] = _read(path)
    assert _article(item).path == f"{path}:1"


def test_corrupt_gzip_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.jsonl.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00" + b"\xff" * 64)
    [item] = _read(path)
    assert _failure(item).source == str(path)
    assert _failure(item).reason.startswith("corrupt or truncated gzip data at the start (")


# ----------------------------------------------------------------------------------- WARC


@pytest.mark.parametrize("gzipped", [False, True])
def test_warc_responses_with_html_become_articles(tmp_path: Path, gzipped: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gzipped else "crawl.warc")
    path.write_bytes(_warc(gzipped=gzipped))
    first, second = (_article(item) for item in _read(path))
    assert first.path is not None
    assert first.path.startswith(f"{path}#urn:uuid:")
    assert first.url == "https://www.dailyledger.example/a"
    assert (first.title, first.author, first.outlet, first.published) == (
        "Senate passes budget bill after long night",
        "Jane Doe",
        "Daily Ledger",
        dt.date(2016, 9, 12),
    )
    assert PARAGRAPHS[2] in first.text
    assert second.url == "https://dailyledger.example/b"
    assert second.author == "John Roe"
    assert second.path != first.path


def test_warc_references_are_stable_across_runs(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(_warc(gzipped=True))
    assert _read(path) == _read(path)


def test_truncated_warc_gz_keeps_the_records_before_the_break(tmp_path: Path) -> None:
    data = _warc(gzipped=True)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: len(data) - 100])
    article, failure = _read(path)
    assert _article(article).url == "https://www.dailyledger.example/a"
    assert _failure(failure).source == str(path)
    assert _failure(failure).reason == (
        "corrupt or truncated gzip data after record 4 "
        "(Compressed file ended before the end-of-stream marker was reached)"
    )


def test_warc_cut_inside_a_record_says_so(tmp_path: Path) -> None:
    data = _warc(gzipped=False)
    path = tmp_path / "cut.warc"
    path.write_bytes(data[: len(data) - 100])
    article, failure = _read(path)
    assert _article(article).url == "https://www.dailyledger.example/a"
    assert _failure(failure).source == str(path)
    assert _failure(failure).reason.startswith("truncated: WARC record 5 lacks its last ")


def test_warc_cut_inside_record_headers_says_so(tmp_path: Path) -> None:
    data = _warc(gzipped=False)
    second_article = data.rindex(b"WARC/1")
    path = tmp_path / "cut.warc"
    path.write_bytes(data[: second_article + 40])
    *_, failure = _read(path)
    assert _failure(failure).reason.startswith("malformed or truncated WARC record 5")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "file is empty"),
        (TEXT.encode(), "not a WARC file (it does not start with 'WARC/')"),
        (gzip.compress(TEXT.encode()), "not a WARC file (it does not start with 'WARC/')"),
    ],
)
def test_file_that_is_no_warc_is_a_failure(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "fake.warc.gz"
    path.write_bytes(content)
    assert _read(path) == [Failure(str(path), reason)]


def test_warc_payload_above_ten_times_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    path.write_bytes(_warc(gzipped=False))
    first, second = _read(path, max_bytes=100)
    assert _failure(first).reason == (
        "HTML payload is larger than the 1,000-byte limit for markup (10 × --max-bytes)"
    )
    assert _failure(first).source.startswith(f"{path}#urn:uuid:")
    assert _failure(second).source != _failure(first).source


# ------------------------------------------------------------------------ paths and order


def test_directories_expand_to_their_documents_in_order(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "b" / "deeper").mkdir(parents=True)
    (corpus / "a").mkdir()
    (corpus / ".cache").mkdir()
    (corpus / "z.txt").write_text(TEXT)
    (corpus / "m.html").write_text(PAGE)
    (corpus / "notes.pdf").write_bytes(b"%PDF-1.4")
    (corpus / ".hidden.txt").write_text(TEXT)
    (corpus / ".cache" / "x.txt").write_text(TEXT)
    (corpus / "a" / "1.jsonl").write_text(_jsonl(PLAIN_LINE, NEWS_PLEASE_LINE))
    (corpus / "b" / "deeper" / "2.txt").write_text(TEXT)
    (corpus / "b" / "0.txt").write_text(TEXT)
    other = tmp_path / "other.txt"
    other.write_text(TEXT)
    items = _read(other, corpus)
    assert [_article(item).path for item in items] == [
        str(other),
        f"{corpus}/m.html",
        f"{corpus}/z.txt",
        f"{corpus}/a/1.jsonl:1",
        f"{corpus}/a/1.jsonl:2",
        f"{corpus}/b/0.txt",
        f"{corpus}/b/deeper/2.txt",
    ]


def test_missing_empty_and_unsupported_paths_are_failures(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.pdf").write_bytes(b"%PDF-1.4")
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    good = tmp_path / "good.txt"
    good.write_text(TEXT)
    missing = tmp_path / "missing.txt"
    first, second, third, fourth = _read(missing, empty, pdf, good)
    assert first == Failure(str(missing), "no such file or directory")
    assert second == Failure(
        str(empty),
        "directory holds no files of a supported kind "
        "(.htm, .html, .json, .jsonl, .jsonl.gz, .txt, .warc, .warc.gz)",
    )
    assert third == Failure(
        str(pdf),
        "unsupported file type; onrecord reads .htm, .html, .json, .jsonl, .jsonl.gz, .txt, "
        ".warc, .warc.gz",
    )
    assert _article(fourth).path == str(good)


def test_documents_are_counted_from_their_names_unless_a_file_holds_several(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "deeper").mkdir(parents=True)
    for name in ("a.txt", "b.html", "deeper/c.json", "notes.pdf", ".hidden.txt"):
        (corpus / name).write_text(TEXT)
    empty = tmp_path / "empty"
    empty.mkdir()
    crawl = tmp_path / "crawl.warc.gz"
    crawl.write_bytes(b"")
    paths = [str(corpus), str(empty), str(tmp_path / "missing.txt")]

    assert count_documents(paths) == len(_read(*map(Path, paths))) == 5
    assert count_documents([*paths, str(crawl)]) is None


def _unlistable(monkeypatch: pytest.MonkeyPatch, *directories: Path) -> None:
    """Make ``directories`` unreadable as ``chmod 000`` would, also for root (who ignores it)."""
    scandir = os.scandir

    def refusing(path: Any = ".") -> Any:
        if Path(path) in directories:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)


def test_an_unreadable_subdirectory_is_a_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "locked").mkdir(parents=True)
    (corpus / "open").mkdir()
    (corpus / "locked" / "a.txt").write_text(TEXT)
    (corpus / "open" / "b.txt").write_text(TEXT)
    _unlistable(monkeypatch, corpus / "locked")

    items = _read(corpus)

    assert items[0] == Failure(f"{corpus}/locked", "cannot be read (Permission denied)")
    assert [_article(item).path for item in items[1:]] == [f"{corpus}/open/b.txt"]


def test_an_unreadable_directory_named_directly_is_permission_denied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.txt").write_text(TEXT)
    _unlistable(monkeypatch, locked)

    assert _read(locked) == [Failure(str(locked), "cannot be read (Permission denied)")]


@pytest.mark.parametrize(("content", "reason"), [(b"", "file is empty"), (b"\n \n", "only blank")])
def test_a_jsonl_file_without_lines_is_a_failure(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_bytes(content)

    (item,) = _read(path)

    assert _failure(item).source == str(path)
    assert reason in _failure(item).reason


def test_reading_is_lazy(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text(_jsonl(PLAIN_LINE, PLAIN_LINE))
    items = read_sources([str(path)])
    path.write_text(_jsonl(NEWS_PLEASE_LINE, NEWS_PLEASE_LINE))
    # Nothing was read before the first article was asked for.
    assert _article(next(items)).title == NEWS_PLEASE_LINE["title"]


# --------------------------------------------------------------------------------- extras


@pytest.mark.parametrize(
    ("module", "name", "content"),
    [
        ("trafilatura", "page.html", PAGE.encode()),
        ("trafilatura", "news.jsonl", _jsonl(HTML_LINE).encode()),
        ("warcio.archiveiterator", "crawl.warc", b"WARC/1.0\r\n"),
    ],
)
def test_missing_corpus_extra_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, module: str, name: str, content: bytes
) -> None:
    monkeypatch.setitem(sys.modules, module, None)
    path = tmp_path / name
    path.write_bytes(content)
    text = tmp_path / "story.txt"
    text.write_text(TEXT)
    items = read_sources([str(text), str(path)])
    # Plain text needs no extra.
    assert _article(next(items)).path == str(text)
    with pytest.raises(MissingExtraError, match=r"pip install 'onrecord\[corpus\]'"):
        next(items)


def test_jsonl_with_text_needs_no_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    path = tmp_path / "news.jsonl"
    path.write_text(_jsonl(PLAIN_LINE, NEWS_PLEASE_LINE))
    assert [_article(item).path for item in _read(path)] == [f"{path}:1", f"{path}:2"]

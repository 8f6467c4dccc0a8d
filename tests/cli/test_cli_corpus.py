"""``onrecord ingest``, ``query`` and ``export`` on a small store."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from onrecord.cli import _ingest as ingest_command
from onrecord.cli import app


def flat(text: str) -> str:
    """``text`` with runs of whitespace made one space: rich wraps stderr at the terminal width."""
    return " ".join(text.split())


ARTICLES = {
    "daily-1.txt": (
        "Senator Elizabeth Warren said on Monday that the budget would pass. "
        "“We have the votes,” Warren told reporters.\n"
    ),
    "daily-2.txt": (
        "Two officials familiar with the talks said the budget vote could slip to next week. "
        "Elizabeth Warren said she was confident.\n"
    ),
}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    directory = tmp_path_factory.mktemp("corpus")
    for name, text in ARTICLES.items():
        (directory / name).write_text(text, encoding="utf-8")
    database = str(directory / "store.db")
    result = CliRunner().invoke(app, ["ingest", str(directory), "--db", database])
    assert result.exit_code == 0, result.output
    assert "ingested 2, skipped as duplicate 0, failed 0" in result.stdout
    return database


def test_a_second_ingest_adds_nothing(store: str) -> None:
    directory = str(Path(store).parent)
    result = CliRunner().invoke(app, ["ingest", directory, "--db", store])
    assert result.exit_code == 0
    assert "ingested 0, skipped as duplicate 2, failed 0" in result.stdout


def test_query_speakers_as_json(store: str) -> None:
    result = CliRunner().invoke(app, ["query", "speakers", "--db", store, "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    warren = next(row for row in rows if row["name"] == "Elizabeth Warren")
    assert warren["kind"] == "person"
    assert warren["statements"] >= 3


def test_query_statements_filtered_as_csv(store: str) -> None:
    result = CliRunner().invoke(
        app,
        [
            *("query", "statements", "--db", store),
            *("--speaker", "Warren", "--contains", "votes", "--format", "csv"),
        ],
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 1
    assert "We have the votes" in rows[0]["text"]


def test_query_statements_as_csv_has_flat_columns_with_spans_as_json(store: str) -> None:
    result = CliRunner().invoke(
        app, ["query", "statements", "--db", store, "--speaker", "Warren", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows
    for row in rows:
        assert "datetime" not in str(row)
        assert "({" not in str(row)
        for name in ("content", "cue"):
            spans = json.loads(row[name])
            assert spans
            assert all(set(span) == {"start", "end", "text"} for span in spans)
        assert json.loads(row["source"])["text"]
        assert row["published"] in ("", *(f"2022-11-{day:02}" for day in range(1, 31)))


def test_query_speakers_as_csv_has_titles_and_outlets_as_json(store: str) -> None:
    result = CliRunner().invoke(app, ["query", "speakers", "--db", store, "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    warren = next(row for row in rows if row["name"] == "Elizabeth Warren")
    titles = json.loads(warren["titles"])
    assert [title["title"] for title in titles] == ["Senator"]
    assert set(titles[0]) == {"title", "first_seen", "last_seen"}
    assert json.loads(warren["outlets"]) == []


def test_query_statements_as_json_keeps_its_shape(store: str) -> None:
    result = CliRunner().invoke(
        app, ["query", "statements", "--db", store, "--speaker", "Warren", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows
    assert set(rows[0]) >= {
        *("article_id", "attribution_id", "kind", "text", "content", "cue", "source"),
        *("speaker_id", "speaker_name", "speaker_kind", "addressee", "venue", "date"),
        *("published", "outlet", "title", "url", "path"),
    }
    assert {"start", "end", "text"} == set(rows[0]["content"][0])


@pytest.mark.parametrize(
    ("command", "columns"),
    [
        (["statements"], ["speaker", "kind", "content", "outlet", "date"]),
        (["speakers"], ["speaker", "kind", "statements", "titles", "outlets"]),
        (["sourcing"], ["outlet", "articles", "statements", "unnamed", "sources/article"]),
    ],
    ids=["statements", "speakers", "sourcing"],
)
def test_query_tables_fit_80_columns_without_python_reprs(
    store: str, command: list[str], columns: list[str]
) -> None:
    result = CliRunner(env={"COLUMNS": "80"}).invoke(app, ["query", *command, "--db", store])

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert all(len(line) <= 80 for line in lines)
    header = next(line for line in lines if columns[0] in line)
    assert [word for word in header.split() if word.strip("┃│")] == columns
    for python in ("datetime.date", "({", "('", "0000000"):
        assert python not in result.stdout


def test_query_statements_table_abridges_long_content(tmp_path: Path) -> None:
    long_quote = " ".join(["the budget would pass"] * 20)
    (tmp_path / "long.txt").write_text(
        f"Senator Elizabeth Warren said that {long_quote}.\n", encoding="utf-8"
    )
    database = str(tmp_path / "store.db")
    assert CliRunner().invoke(app, ["ingest", str(tmp_path), "--db", database]).exit_code == 0

    result = CliRunner(env={"COLUMNS": "200"}).invoke(
        app, ["query", "statements", "--db", database]
    )

    assert result.exit_code == 0, result.output
    assert "…" in result.stdout
    assert result.stdout.count("budget") < 20


def test_query_sourcing_table_explains_its_figures(store: str) -> None:
    result = CliRunner(env={"COLUMNS": "200"}).invoke(app, ["query", "sourcing", "--db", store])
    assert result.exit_code == 0, result.output
    assert "%" in result.stdout
    assert "sources/article: distinct speakers" in " ".join(result.stdout.split())


def test_query_sourcing_rounds_and_filters(store: str) -> None:
    def sourcing(*options: str) -> list[dict[str, object]]:
        result = CliRunner().invoke(
            app, ["query", "sourcing", "--db", store, "--format", "json", *options]
        )
        assert result.exit_code == 0, result.output
        rows: list[dict[str, object]] = json.loads(result.stdout)
        return rows

    (row,) = sourcing()
    assert row["anonymous_share"] == round(float(str(row["anonymous_share"])), 4)
    assert sourcing("--since", "2000-01-01") == []  # the articles are undated
    assert sourcing("--outlet", "Nowhere") == []


def test_query_statements_by_outlet_and_kind(store: str) -> None:
    def count(*options: str) -> int:
        result = CliRunner().invoke(
            app, ["query", "statements", "--db", store, "--format", "json", *options]
        )
        assert result.exit_code == 0, result.output
        return len(json.loads(result.stdout))

    assert count("--kind", "direct") == 1
    assert count("--kind", "direct") + count("--kind", "indirect") + count("--kind", "mixed") == (
        count()
    )
    assert count("--outlet", "Nowhere") == 0


def test_query_statements_by_a_surname_names_every_speaker_it_finds(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "Amanda A. Kostro Miller said the plan was sound.\n", encoding="utf-8"
    )
    (tmp_path / "b.txt").write_text(
        "Jeff Miller said the plan would fail. Joe Biden said it would pass.\n",
        encoding="utf-8",
    )
    database = str(tmp_path / "store.db")
    assert CliRunner().invoke(app, ["ingest", str(tmp_path), "--db", database]).exit_code == 0

    def speakers(name: str) -> tuple[set[str], str]:
        result = CliRunner().invoke(
            app, ["query", "statements", "--db", database, "--speaker", name, "--format", "json"]
        )
        assert result.exit_code == 0, result.output
        return {row["speaker_name"] for row in json.loads(result.stdout)}, result.stderr

    assert speakers("biden") == ({"Joe Biden"}, "")
    assert speakers("Kostro Miller") == ({"Amanda A. Kostro Miller"}, "")
    found, note = speakers("Miller")
    assert found == {"Amanda A. Kostro Miller", "Jeff Miller"}
    assert "'Miller' matches 2 speakers" in flat(note)
    assert "Jeff Miller (person" in flat(note)


@pytest.mark.parametrize("file_format", ["jsonl", "csv", "parquet"])
def test_export(store: str, tmp_path: Path, file_format: str) -> None:
    out = tmp_path / f"statements.{file_format}"
    result = CliRunner().invoke(
        app, ["export", "--db", store, "--format", file_format, "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    count = int(result.stdout.split()[1])
    assert count >= 4
    if file_format == "jsonl":
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    elif file_format == "csv":
        with out.open(encoding="utf-8", newline="") as file:
            rows = list(csv.DictReader(file))
    else:
        import pyarrow.parquet as pq

        rows = pq.read_table(out).to_pylist()
    assert len(rows) == count
    assert len({row["article_id"] for row in rows}) == len(ARTICLES)
    assert {"anonymous_count", "anonymous_descriptor", "anonymous_reason"} <= set(rows[0])
    # One meaning per field in every format: offsets are nested [start, end] pairs (JSON text
    # only in a CSV cell), ``speaker`` the article's speaker id beside its name.
    offsets = rows[0]["content_offsets"]
    if file_format == "csv":
        offsets = json.loads(offsets)
    ((start, end), *_) = offsets
    assert 0 <= start < end
    assert {"speaker", "speaker_id", "speaker_name", "quoting", "quoting_name"} <= set(rows[0])
    assert {row["speaker"] for row in rows} & {"s0", "s1"}


def test_export_with_filters(store: str, tmp_path: Path) -> None:
    out = tmp_path / "warren.jsonl"
    result = CliRunner().invoke(
        app,
        [
            *("export", "--db", store, "--out", str(out)),
            *("--speaker", "warren", "--contains", "votes", "--kind", "direct"),
        ],
    )
    assert result.exit_code == 0, result.output
    (row,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert row["speaker_name"] == "Elizabeth Warren"
    assert "We have the votes" in row["content"]


def test_export_has_the_unnamed_source_profile(store: str, tmp_path: Path) -> None:
    out = tmp_path / "anonymous.jsonl"
    result = CliRunner().invoke(app, ["export", "--db", store, "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    (officials,) = [row for row in rows if row["speaker_kind"] == "anonymous"]
    assert officials["anonymous_count"] == 2
    assert officials["anonymous_descriptor"] == "familiar with the talks"


def test_query_on_a_store_that_cannot_be_opened_fails_clearly(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["query", "speakers", "--db", "mysql://nobody@127.0.0.1/none"])
    assert result.exit_code == 2
    assert "error" in result.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["query", "speakers"],
        ["query", "statements"],
        ["query", "sourcing"],
        ["export", "--out", "statements.jsonl"],
    ],
    ids=" ".join,
)
def test_reading_a_store_that_is_not_there_fails_and_creates_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    typo = tmp_path / "stroe.db"

    result = CliRunner().invoke(app, [*command, "--db", str(typo)])

    assert result.exit_code == 2
    assert f"there is no store at {typo}" in " ".join(result.stderr.split())
    assert list(tmp_path.iterdir()) == []


def test_ingest_with_a_failed_document_stores_the_rest_and_exits_1(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(ARTICLES["daily-1.txt"], encoding="utf-8")
    (tmp_path / "empty.jsonl").write_bytes(b"")
    database = str(tmp_path / "store.db")

    result = CliRunner().invoke(app, ["ingest", str(tmp_path), "--db", database])

    assert result.exit_code == 1
    assert "ingested 1, skipped as duplicate 0, failed 1" in result.stdout
    assert f"{tmp_path / 'empty.jsonl'}: file is empty" in result.stderr


def test_ingest_reads_a_news_please_json_file_as_it_reads_the_jsonl_line(tmp_path: Path) -> None:
    record = {
        "maintext": ARTICLES["daily-1.txt"],
        "date_publish": "2022-11-14 08:00:00",
        "source_domain": "daily.example",
        "title": "Budget",
    }
    (tmp_path / "one.json").write_text(json.dumps(record, indent=4), encoding="utf-8")
    database = str(tmp_path / "store.db")

    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "one.json"), "--db", database])

    assert result.exit_code == 0, result.output
    assert "ingested 1, skipped as duplicate 0, failed 0" in result.stdout
    (tmp_path / "news.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    again = CliRunner().invoke(app, ["ingest", str(tmp_path / "news.jsonl"), "--db", database])
    assert "ingested 0, skipped as duplicate 1, failed 0" in again.stdout


def test_ingest_without_a_terminal_logs_its_progress_to_stderr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, text in ARTICLES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.setattr(ingest_command, "PROGRESS_EVERY_SECONDS", 0.0)

    result = CliRunner().invoke(app, ["ingest", str(tmp_path), "--db", str(tmp_path / "s.db")])

    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("ingest: ")]
    assert lines[0].startswith("ingest: 1/2 documents: 1 ingested, 0 duplicates, 0 failed (")
    assert lines[-1].startswith("ingest: 2/2 documents: 2 ingested, 0 duplicates, 0 failed (")
    assert "articles/s, 0:00 left)" in lines[-1]


def test_ingest_on_a_terminal_shows_a_progress_bar_with_total_rate_and_time_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, text in ARTICLES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    terminal = io.StringIO()
    monkeypatch.setattr(
        ingest_command,
        "stderr",
        Console(file=terminal, force_terminal=True, width=150, no_color=True),
    )

    result = CliRunner().invoke(app, ["ingest", str(tmp_path), "--db", str(tmp_path / "s.db")])

    assert result.exit_code == 0, result.output
    shown = terminal.getvalue()
    assert "━" in shown
    assert "2/2" in shown
    assert "articles/s" in shown
    assert "elapsed," in shown
    assert "left" in shown


def test_ingest_stores_what_a_metadata_sidecar_says_of_each_file(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in ARTICLES.items():
        (corpus / name).write_text(text, encoding="utf-8")
    # Beside the corpus, not in it: there it would be read as a JSONL file of articles.
    sidecar = tmp_path / "meta.jsonl"
    sidecar.write_text(
        json.dumps({"path": "corpus/daily-1.txt", "published": "2022-11-15", "outlet": "Daily"})
        + "\n"
        + json.dumps(
            {"path": "corpus/daily-2.txt", "title": "Slip", "url": "https://daily.example/2"}
        )
        + "\n",
        encoding="utf-8",
    )
    database = str(tmp_path / "store.db")

    result = CliRunner().invoke(
        app, ["ingest", str(corpus), "--db", database, "--metadata", str(sidecar)]
    )

    assert result.exit_code == 0, result.output
    from onrecord.store import Store

    with Store.open(database, read_only=True) as opened:
        rows = {Path(str(row["path"])).name: row for row in opened.export_rows()}
    assert (rows["daily-1.txt"]["published"], rows["daily-1.txt"]["outlet"]) == (
        "2022-11-15",
        "Daily",
    )
    assert (rows["daily-2.txt"]["title"], rows["daily-2.txt"]["url"]) == (
        "Slip",
        "https://daily.example/2",
    )
    assert rows["daily-2.txt"]["published"] is None


def test_without_the_corpus_extra_ingest_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    for name in [m for m in sys.modules if m.startswith(("onrecord.store", "onrecord._ingest"))]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "sqlalchemy", None)

    result = CliRunner().invoke(app, ["ingest", str(tmp_path), "--db", str(tmp_path / "x.db")])

    assert result.exit_code == 2
    assert "pip install 'onrecord[corpus]'" in " ".join(result.stderr.split())

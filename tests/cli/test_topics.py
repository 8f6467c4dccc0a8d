"""``onrecord topics`` over a store ingested (and embedded) by ``onrecord ingest``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from onrecord.cli import app

# Two subjects, each in articles of both outlets' days, spoken about by both senators.
ARTICLES = {
    "taxes-1.txt": (
        "“The tax cuts for the rich must end,” Senator Elizabeth Warren said on Monday. "
        "Senator John Thune said income tax rates would stay where they are.\n"
    ),
    "taxes-2.txt": (
        "“Our tax code rewards billionaires who pay no income tax,” Warren said. "
        "“Nobody wants higher income taxes,” Thune told reporters on Tuesday.\n"
    ),
    "taxes-3.txt": (
        "Warren said tax loopholes cost the Treasury billions in lost tax revenue. "
        "“We will cut income taxes for working families,” Thune said.\n"
    ),
    "climate-1.txt": (
        "“Climate change is flooding our coasts,” Warren said on Wednesday. "
        "Thune said the rules on carbon emissions from power plants would hurt farmers.\n"
    ),
    "climate-2.txt": (
        "“The planet is warming faster than any climate model predicted,” Warren told "
        "reporters. “Droughts and heat waves come and go with the climate,” Thune said.\n"
    ),
    "climate-3.txt": (
        "Warren said rising seas and wildfires were the climate crisis at our door. "
        "“Carbon emission limits on coal plants would crush rural towns,” Thune said.\n"
    ),
}
TAX_WORDS = {"tax", "taxes", "income", "billionaires", "loopholes", "rates", "code", "cuts"}
SPEAKERS = {"Warren", "Elizabeth Warren", "Thune", "John Thune"}
CLIMATE_WORDS = {"climate", "carbon", "planet", "coal", "warming", "seas", "coasts", "emission"}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    directory = tmp_path_factory.mktemp("topics")
    for name, text in ARTICLES.items():
        (directory / name).write_text(text, encoding="utf-8")
    database = str(directory / "store.db")
    result = CliRunner().invoke(app, ["ingest", str(directory), "--db", database, "--workers", "1"])
    assert result.exit_code == 0, result.output
    return database


def topics(*arguments: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["topics", *arguments])
    return result.exit_code, result.stdout, result.stderr


def test_statements_are_grouped_into_the_subjects_they_are_about(store: str) -> None:
    code, out, _ = topics("--db", store, "--subjects", "2", "--format", "json")

    assert code == 0
    subjects = json.loads(out)
    assert len(subjects) == 2
    vocabularies = []
    for subject in subjects:
        words = {word for term in subject["words"] for word in term.split()}
        vocabularies.append(bool(words & TAX_WORDS) - bool(words & CLIMATE_WORDS))
        assert subject["label"] == " · ".join(subject["words"][:3])
        assert subject["size"] == len(subject["statements"]) == 6
        assert {speaker["name"] for speaker in subject["speakers"]} <= SPEAKERS
        # Each article is about one subject: its statements are all in that one.
        articles = {statement["article_id"] for statement in subject["statements"]}
        assert len(articles) == 3
    assert sorted(vocabularies) == [-1, 1]


def test_the_same_seed_gives_the_same_subjects(store: str) -> None:
    first = topics("--db", store, "--seed", "7", "--format", "json")
    again = topics("--db", store, "--seed", "7", "--format", "json")

    assert first[0] == 0
    assert first == again


def test_the_text_output_gives_each_subject_its_label_size_span_and_speakers(store: str) -> None:
    code, out, _ = topics("--db", store, "--subjects", "2")

    assert code == 0
    assert out.startswith("2 subjects of 12 statements (seed 0)")
    assert out.count(" — 6 statements\n") == 2
    assert out.count("     undated · cohesion ") == 2
    assert "speakers: Thune (" in out


def test_a_speaker_s_subjects_are_made_of_that_speaker_s_statements(store: str) -> None:
    code, out, _ = topics("--db", store, "--speaker", "Thune", "--format", "json")

    assert code == 0
    subjects = json.loads(out)
    assert sum(subject["size"] for subject in subjects) == 6
    assert {speaker["name"] for subject in subjects for speaker in subject["speakers"]} <= {
        "Thune",
        "John Thune",
    }


def test_no_statement_in_the_range_is_said_and_gives_no_subjects(store: str) -> None:
    code, out, err = topics("--db", store, "--since", "2030-01-01", "--format", "json")

    assert code == 0
    assert json.loads(out) == []
    assert "no statement with a vector matches" in err


def test_a_date_that_is_not_one_is_an_error(store: str) -> None:
    code, _, err = topics("--db", store, "--until", "last week")

    assert code == 2
    assert "error" in err


def test_a_store_that_is_not_there_is_an_error(tmp_path: Path) -> None:
    code, _, err = topics("--db", str(tmp_path / "missing.db"))

    assert code == 2
    assert "there is no store at" in " ".join(err.split())

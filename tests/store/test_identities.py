from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

import onrecord
from onrecord.model import AnalyzedArticle, Article, Span, Speaker, SpeakerKind
from onrecord.store import MatchingAssigner, Store, create_identity, name_parts
from onrecord.store.schema import speakers


def _analyzed(*names: tuple[SpeakerKind, str], outlet: str = "Wire") -> AnalyzedArticle:
    article = Article(text="unused", outlet=outlet, published=dt.date(2022, 11, 15))
    return AnalyzedArticle(
        article=article,
        speakers=tuple(
            Speaker(id=f"s{n}", kind=kind, name=name, mentions=(Span(0, len(name), name),))
            for n, (kind, name) in enumerate(names, start=1)
        ),
    )


@pytest.mark.parametrize(
    ("kind", "name", "parts"),
    [
        (SpeakerKind.PERSON, "Mark Milley", ("mark", "milley")),
        (SpeakerKind.PERSON, "Gen. Mark Milley", ("mark", "milley")),
        (SpeakerKind.PERSON, "Milley", (None, "milley")),
        (SpeakerKind.PERSON, "Martin Luther King Jr.", ("martin", "king")),
        (SpeakerKind.ORGANIZATION, "US Institute of Peace", (None, "peace")),
    ],
)
def test_name_parts(kind: SpeakerKind, name: str, parts: tuple[str | None, str]) -> None:
    assert name_parts(kind, name) == parts


def test_names_of_one_person_are_one_identity_and_namesakes_are_not(store: Store) -> None:
    texts = [
        "Gen. Mark Milley said on Monday that peace was possible. Jake Sullivan said talks "
        "would wait.",
        "Milley said the war could end. Jake Sullivan said the US would support Ukraine.",
        "MARK MILLEY said the army was ready.",
        "Hillary Clinton said the vote mattered. Donald Trump said it was rigged.",
        "Bill Clinton said his wife would win. Hillary Clinton said she was grateful.",
    ]
    for number, text in enumerate(texts):
        store.save(onrecord.analyze(text, published=dt.date(2022, 11, 14 + number)))

    people = {row.name: row.statements for row in store.speakers(kind=SpeakerKind.PERSON)}

    assert people["Mark Milley"] == 3
    assert "Milley" not in people
    assert people["Hillary Clinton"] == 2
    assert people["Bill Clinton"] == 1


@pytest.mark.parametrize("kind", [SpeakerKind.ANONYMOUS, SpeakerKind.UNKNOWN, SpeakerKind.GROUP])
def test_descriptions_are_never_one_identity(store: Store, kind: SpeakerKind) -> None:
    assigner = MatchingAssigner()
    analyzed = _analyzed((kind, "two senior officials"))
    with store.engine.begin() as connection:
        first = assigner.assign(connection, analyzed.speakers[0], analyzed)
        second = assigner.assign(connection, analyzed.speakers[0], analyzed)

    assert first != second


def test_identities_outlive_the_assigner_that_made_them(store_url: str) -> None:
    text = "Gen. Mark Milley said on Monday that peace was possible."
    with Store.open(store_url) as store:
        store.save(onrecord.analyze(text, published="2022-11-14"))
    with Store.open(store_url) as store:
        later = "Milley said on Tuesday that talks with Mark Milley's staff went well."
        store.save(onrecord.analyze(later, published="2022-11-15"))
        names = [row.name for row in store.speakers(kind=SpeakerKind.PERSON)]
    assert names == ["Mark Milley"]


def test_identities_of_speakers_can_be_created_by_any_assigner(store: Store) -> None:
    with store.engine.begin() as connection:
        first = create_identity(connection, SpeakerKind.PERSON, "Joe Biden Jr.")
        second = create_identity(connection, SpeakerKind.PERSON, "Joe Biden Jr.")
        row = connection.execute(select(speakers).where(speakers.c.id == first)).one()

    assert first != second
    assert (row.kind, row.name, row.first_name, row.last_name) == (
        "person",
        "Joe Biden Jr.",
        "joe",
        "biden",
    )

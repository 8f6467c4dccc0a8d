from __future__ import annotations

import datetime as dt
import itertools
import random
from pathlib import Path

import pytest
from sqlalchemy import select

import onrecord
from onrecord.results import AnalyzedArticle, Article, Span, Speaker, SpeakerKind
from onrecord.store import MatchingAssigner, Store, create_identity, name_parts
from onrecord.store._schema import article_speakers, speakers, titles


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


def _speaker_table(store: Store) -> list[tuple[object, ...]]:
    """Every corpus speaker as its kind, name, speakers of articles and titles, without ids."""
    with store.engine.connect() as connection:
        members: dict[int, list[tuple[str, str]]] = {}
        for link in connection.execute(select(article_speakers)):
            members.setdefault(link.speaker_id, []).append((link.article_id, link.id))
        held: dict[int, list[tuple[str, str]]] = {}
        for title in connection.execute(select(titles)):
            held.setdefault(title.speaker_id, []).append((title.article_id, title.text))
        rows = connection.execute(select(speakers)).all()
    return sorted(
        (
            row.kind,
            row.name,
            row.first_name,
            row.last_name,
            sorted(members.get(row.id, [])),
            sorted(held.get(row.id, [])),
        )
        for row in rows
    )


def _saved(url: str, runs: list[list[AnalyzedArticle]]) -> list[tuple[object, ...]]:
    """The speaker table after saving ``runs`` one after the other, each in a store reopened."""
    for run in runs:
        with Store.open(url) as store:
            for analyzed in run:
                store.save(analyzed)
    with Store.open(url) as store:
        return _speaker_table(store)


CLINTONS = [
    # Alone, "Clinton" may be either; which it joins must not depend on who came first.
    AnalyzedArticle(
        article=Article(text=f"Article {number}.", outlet="Wire", published=dt.date(2016, 9, day)),
        speakers=(
            Speaker(id="s1", kind=SpeakerKind.PERSON, name=name, mentions=(Span(0, 7, "Article"),)),
        ),
    )
    for number, (name, day) in enumerate(
        [("Clinton", 12), ("Hillary Clinton", 13), ("Bill Clinton", 14), ("Clinton", 15)]
    )
]


@pytest.mark.parametrize("order", list(itertools.permutations(range(4)))[::5])
def test_identities_do_not_depend_on_the_order_articles_arrive_in(
    tmp_path: Path, order: tuple[int, ...]
) -> None:
    expected = _saved(str(tmp_path / "sorted.db"), [CLINTONS])

    in_order = [CLINTONS[n] for n in order]
    assert _saved(str(tmp_path / "one.db"), [in_order]) == expected
    assert _saved(str(tmp_path / "two.db"), [in_order[2:], in_order[:2]]) == expected


POLNEAR_DEV = Path(__file__).parents[2] / ".." / "shared" / "data" / "polnear" / "dev" / "text"


@pytest.mark.slow
@pytest.mark.skipif(not POLNEAR_DEV.is_dir(), reason="needs the shared PolNeAR corpus")
def test_a_polnear_corpus_ingested_in_any_order_or_split_gets_the_same_speakers(
    tmp_path: Path,
) -> None:
    paths = sorted(POLNEAR_DEV.iterdir())[:24]
    corpus = list(
        onrecord.analyze_articles(
            Article(text=path.read_text(encoding="utf-8"), path=path.name) for path in paths
        )
    )
    shuffled = random.Random(13).sample(corpus, len(corpus))

    expected = _saved(str(tmp_path / "sorted.db"), [corpus])

    assert len(expected) > 100
    assert _saved(str(tmp_path / "reverse.db"), [corpus[::-1]]) == expected
    assert _saved(str(tmp_path / "shuffled.db"), [shuffled]) == expected
    assert _saved(str(tmp_path / "split-a.db"), [corpus[10:], corpus[:10]]) == expected
    assert _saved(str(tmp_path / "split-b.db"), [shuffled[:17], shuffled[17:]]) == expected

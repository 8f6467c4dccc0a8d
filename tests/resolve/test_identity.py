"""Cross-article speaker identities: one rule per test, then the hand-labelled PolNeAR pairs of
``tests/fixtures/speaker_pairs.tsv`` (see :mod:`onrecord.evaluation._identity`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import onrecord
from onrecord.evaluation._identity import evaluate, read_pairs
from onrecord.resolve._identity import Identity, Sighting, match, sighting_of
from onrecord.resolve._names import normalized_name
from onrecord.results import Article, Span, Speaker, SpeakerKind

ROOT = Path(__file__).parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
PERSON = SpeakerKind.PERSON


def person(
    name: str,
    *titles: str,
    outlet: str | None = "nyt",
    published: date | None = date(2016, 9, 1),
    others: Sequence[str] = (),
) -> Sighting:
    return Sighting(PERSON, name, titles, outlet, published, frozenset(others))


class Store:
    """What the store does with :func:`match`: fetch by last name, absorb or start anew."""

    def __init__(self) -> None:
        self.identities: list[Identity] = []

    def add(self, sighting: Sighting) -> Identity:
        last = normalized_name(sighting.name)[1]
        candidates = [i for i in self.identities if i.last_name == last]
        found = match(sighting, candidates)
        if found is None:
            found = Identity.new(len(self.identities), sighting)
            self.identities.append(found)
        else:
            found.absorb(sighting)
        return found


def merged(known: Sighting, new: Sighting) -> bool:
    identity = Identity.new(1, known)
    return match(new, [identity]) is identity


@given(st.text(max_size=40), st.text(max_size=40))
def test_any_text_is_a_name_that_can_be_matched(name: str, other: str) -> None:
    first, last = normalized_name(name)
    assert all(c.isascii() and c.islower() for c in first + last)
    identity = Identity.new(1, person(other))
    assert match(person(name), [identity]) in (identity, None)


def test_every_form_of_a_name_makes_one_identity() -> None:
    store = Store()
    forms = [
        person("Mark Milley", others=["austin"]),
        person("Milley", "Gen.", others=["austin"]),
        person("Gen. Mark Milley"),
        person("Chairman of the Joint Chiefs of Staff Mark Milley"),
    ]
    identities = {id(store.add(sighting)) for sighting in forms}
    assert len(identities) == 1
    milley = store.identities[0]
    assert (milley.name, milley.first_name, milley.last_name) == ("Mark Milley", "mark", "milley")
    assert milley.sightings == 4


def test_different_first_names_never_merge() -> None:
    assert not merged(person("Hillary Clinton"), person("Bill Clinton"))
    assert not merged(person("Jeb Bush", others=["cruz"]), person("George Bush", others=["cruz"]))


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Bill Clinton", "William J. Clinton"),
        ("Bob Corker", "Robert Corker"),
        ("Joe Biden", "Joseph R. Biden"),
        ("Mike Pence", "Michael R. Pence"),
        ("Jim Comey", "James B. Comey"),
        ("Tom Ridge", "Thomas Ridge"),
        ("Jake Sullivan", "Jacob Sullivan"),
        ("Ted Kennedy", "Edward M. Kennedy"),
        ("Hillary Clinton", "Hillary Rodham Clinton"),
        ("Bobby Scott", 'Robert C. "Bobby" Scott'),
        ("J. Smith", "John Smith"),
        ("Hilary Clinton", "Hillary Clinton"),
        ("Martin O'Malley", "Martin O’Malley"),
        ("JuliÃ¡n Castro", "Julián Castro"),
    ],
)
def test_nicknames_initials_and_spellings_of_one_first_name_merge(one: str, other: str) -> None:
    assert merged(person(one), person(other))
    assert merged(person(other), person(one))


def test_an_initial_only_merges_with_names_it_abbreviates() -> None:
    assert not merged(person("J. Smith"), person("Mary Smith"))


def test_middle_initials_count_when_both_names_give_them() -> None:
    assert not merged(person("George H.W. Bush"), person("George W. Bush"))
    assert merged(person("George W. Bush"), person("George Bush"))


def test_a_suffix_on_one_name_is_ignored_unless_a_namesake_speaks_alongside() -> None:
    assert merged(person("Joseph R. Biden Jr."), person("Joe Biden"))
    father = person("Donald J. Trump", others=["christie"])
    son = person("Donald Trump Jr.", others=["trump", "lewandowski"])
    assert not merged(father, son)
    assert not merged(son, father)
    assert not merged(son, person("Trump", "Mr.", others=["christie"]))
    assert not merged(person("Donald Trump Sr."), person("Donald Trump Jr."))


def test_honorifics_and_family_titles_tell_gender() -> None:
    bill = person("Bill Clinton", "former president", others=["earnest"])
    hillary = person("Hillary Clinton", "former secretary of state", others=["sanders"])
    assert not merged(bill, person("Clinton", "Mrs.", others=["earnest"]))
    assert merged(hillary, person("Clinton", "Mrs.", others=["sanders"]))
    assert not merged(person("Obama", "President", "Mr."), person("Michelle Obama"))
    assert not merged(
        person("Cruz", "his wife", others=["trump"]), person("Ted Cruz", others=["trump"])
    )


def test_a_last_name_alone_merges_with_the_only_candidate_on_some_evidence() -> None:
    ryan = person("Paul Ryan", "House Speaker", others=["trump"])
    assert merged(ryan, person("Ryan", "Speaker"))
    assert merged(ryan, person("Mr. Ryan", others=["trump"]))
    assert merged(ryan, person("Mr. Ryan", outlet="nyt", published=date(2016, 9, 20)))


def test_a_last_name_alone_without_evidence_stays_apart() -> None:
    ryan = person("Paul Ryan", "House Speaker", others=["trump"], published=date(2016, 5, 1))
    hockey = person("Mr. Ryan", "center", outlet="usa-today", others=["ovechkin"])
    assert not merged(ryan, hockey)


def test_a_last_name_alone_among_several_candidates_is_decided_by_evidence() -> None:
    bill = Identity.new(1, person("Bill Clinton", "former president", others=["earnest"]))
    hillary = Identity.new(
        2, person("Hillary Clinton", "Secretary of State", others=["sanders", "trump"])
    )
    secretary = person("Clinton", "former Secretary of State", others=["trump"])
    assert match(secretary, [bill, hillary]) is hillary
    assert match(person("Clinton", "former President", others=["earnest"]), [bill, hillary]) is bill
    assert match(person("Clinton", others=["kaine"], outlet=None), [bill, hillary]) is None


def test_a_namesake_alongside_the_only_candidate_asks_for_more_evidence() -> None:
    bill = person("Bill Clinton", "former president", others=["clinton"])
    assert not merged(bill, person("Clinton", others=["sanders"], outlet="politico"))
    assert merged(bill, person("Clinton", "former President", others=["sanders"]))


def test_a_full_name_against_identities_known_by_last_name_needs_evidence() -> None:
    store = Store()
    obama = store.add(person("Obama", "President", others=["kerry"]))
    assert store.add(person("Barack Obama", "President")) is obama
    assert obama.name == "Barack Obama"
    assert store.add(person("Malia Obama", outlet="usa-today")) is not obama


def test_a_first_name_alone_never_merges() -> None:
    store = Store()
    jake = store.add(person("Jake", others=["sullivan"]))
    assert store.add(person("Jake", others=["sullivan"])) is not jake
    assert not merged(person("Jake Sullivan"), person("Jake"))


def test_unnamed_sources_groups_and_unknown_speakers_never_merge() -> None:
    for kind in (SpeakerKind.ANONYMOUS, SpeakerKind.GROUP, SpeakerKind.UNKNOWN):
        official = Sighting(kind, "a senior administration official")
        assert match(official, [Identity.new(1, official)]) is None


def test_organizations_merge_by_normalized_name() -> None:
    def organization(name: str) -> Sighting:
        return Sighting(SpeakerKind.ORGANIZATION, name)

    white_house = Identity.new(1, organization("the White House"))
    assert white_house.name == "White House"
    assert match(organization("White House"), [white_house]) is white_house
    assert match(organization("The White House"), [white_house]) is white_house
    cnn = Identity.new(2, organization("CNN"))
    assert match(organization("CNN"), [white_house, cnn]) is cnn
    clinton = Identity.new(3, organization("the Clinton campaign"))
    assert match(organization("the Trump campaign"), [clinton]) is None
    assert match(person("CNN"), [cnn]) is None
    assert match(organization("Trump"), [Identity.new(4, person("Trump"))]) is None


def test_absorb_keeps_the_fullest_name_and_counts_the_rest() -> None:
    identity = Identity.new(7, person("Clinton", "Mrs.", outlet="nyt", others=["sanders"]))
    identity.absorb(
        person(
            "Hillary Rodham Clinton",
            "former secretary of state",
            outlet="politico",
            published=date(2016, 2, 1),
            others=["sanders", "trump"],
        )
    )
    identity.absorb(person("Hillary Clinton", published=date(2016, 11, 8)))
    assert identity.name == "Hillary Rodham Clinton"
    assert (identity.first_name, identity.last_name) == ("hillary", "clinton")
    assert identity.titles == {"mrs", "former secretary of state"}
    assert identity.outlets == Counter({"nyt": 2, "politico": 1})
    assert (identity.first_seen, identity.last_seen) == (date(2016, 2, 1), date(2016, 11, 8))
    assert identity.cooccurring == Counter({"sanders": 2, "trump": 1})
    assert identity.sightings == 3
    with pytest.raises(ValueError, match="organization"):
        identity.absorb(Sighting(SpeakerKind.ORGANIZATION, "Clinton Foundation"))


def test_sighting_of_reads_honorifics_and_the_other_speakers() -> None:
    text = "Mrs. Clinton said she would win. Mr. Sanders disagreed, and CNN agreed with him."
    article = Article(text, published=date(2016, 2, 1), outlet="nyt")

    def speaker(key: str, kind: SpeakerKind, name: str, start: int, end: int) -> Speaker:
        return Speaker(key, kind, name, (Span.of(text, start, end),))

    clinton = speaker("s1", PERSON, "Clinton", 5, 12)
    sanders = speaker("s2", PERSON, "Sanders", 37, 44)
    cnn = speaker("s3", SpeakerKind.ORGANIZATION, "CNN", 60, 63)
    sighting = sighting_of(clinton, article, [clinton, sanders, cnn])
    assert sighting == Sighting(
        PERSON, "Clinton", ("Mrs.",), "nyt", date(2016, 2, 1), frozenset({"sanders"})
    )
    assert sighting_of(cnn, article, [clinton, sanders]).titles == ()


def test_sightings_of_an_analyzed_article() -> None:
    text = (
        "“We will win,” said Sen. Elizabeth Warren of Massachusetts on Tuesday. "
        "Gov. Charlie Baker disagreed. “She is wrong,” Baker said. Mr. Obama said nothing."
    )
    article = Article(text, published=date(2016, 3, 1), outlet="wash-post")
    result = next(onrecord.analyze_articles([article]))
    sightings = {
        s.name: sighting_of(s, article, result.speakers)
        for s in result.speakers
        if s.kind is PERSON
    }
    assert set(sightings) == {"Elizabeth Warren", "Charlie Baker", "Obama"}
    assert sightings["Charlie Baker"].cooccurring == {"warren", "obama"}
    assert sightings["Obama"].titles == ("Mr.",)
    assert sightings["Elizabeth Warren"].outlet == "wash-post"


def test_hand_labelled_pairs() -> None:
    pairs = read_pairs(FIXTURES / "speaker_pairs.tsv")
    assert len(pairs) >= 60
    assert sum(p.merge for p in pairs) >= 20
    score = evaluate(pairs)
    assert score.recall >= 0.95
    assert score.precision >= 0.95


def test_namesakes_in_different_walks_of_life_stay_apart() -> None:
    senator = Identity.new(1, Sighting(SpeakerKind.PERSON, "Ron Johnson", ("Sen.", "R-Wis.")))
    executive = Sighting(
        SpeakerKind.PERSON, "Ron Johnson", ("Mr.", "the former head of Apple retail stores")
    )
    assert match(executive, [senator]) is None
    # The same walk of life, or enough else in common, keeps one person one identity.
    assert match(Sighting(SpeakerKind.PERSON, "Ron Johnson", ("Senator",)), [senator]) is senator
    nominee = Identity.new(
        2,
        Sighting(
            SpeakerKind.PERSON, "Donald Trump", ("nominee",), cooccurring=frozenset({"a", "b"})
        ),
    )
    mogul = Sighting(
        SpeakerKind.PERSON,
        "Donald Trump",
        ("real estate mogul",),
        cooccurring=frozenset({"a", "b"}),
    )
    assert match(mogul, [nominee]) is nominee


def test_a_two_word_surname_is_the_person_of_the_full_name() -> None:
    """Issue 17: "Kostro Miller" was split from Amanda A. Kostro Miller."""
    assert merged(person("Amanda A. Kostro Miller"), person("Kostro Miller"))
    assert merged(person("Kostro Miller"), person("Amanda A. Kostro Miller"))
    # A first name is a first name: Amanda Miller is not Amanda A. Kostro Miller's "Amanda".
    assert not merged(person("Amanda A. Kostro Miller"), person("Susan Miller"))

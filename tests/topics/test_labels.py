from __future__ import annotations

import pytest

from onrecord.topics import terms
from onrecord.topics._labels import distinctive_terms


def test_terms_are_content_words_and_adjacent_pairs_of_them() -> None:
    assert terms("We think the White House’s tax plan, said Mr. Biden in 2022, is wrong.") == {
        "white",
        "house",
        "tax",
        "plan",
        "biden",
        "wrong",
        "white house",
        "house tax",
        "tax plan",
    }


def test_terms_keep_abbreviations_and_hyphenated_words() -> None:
    assert {"u.s.", "a.m.", "pro-choice", "o'neill"} <= terms(
        "The U.S. at 3 a.m. is pro-choice, O’Neill says"
    )


def test_a_cluster_is_named_by_the_words_that_set_it_apart() -> None:
    clusters = [
        ["coal mines closing", "coal jobs lost", "the economy and coal", "economy"],
        ["tax cuts for the rich", "tax returns", "the economy and taxes", "economy"],
    ]

    coal, tax = distinctive_terms(clusters, count=3)

    assert coal[0] == "coal"
    assert tax[0] == "tax"
    # In both clusters alike: it sets neither apart.
    assert "economy" not in coal[:1] + tax[:1]


def test_a_pair_of_words_takes_the_place_of_its_words() -> None:
    clusters = [
        ["the white house said", "white house staff", "white house aides"],
        ["the senate votes", "senate republicans", "a senate hearing"],
    ]

    house, senate = distinctive_terms(clusters, count=3)

    assert house[0] == "white house"
    assert "white" not in house
    assert "house" not in house
    assert senate[0] == "senate"


def test_a_word_of_one_statement_does_not_name_a_cluster_of_several() -> None:
    (words,) = distinctive_terms([["budget cuts", "budget talks", "zebra"]], count=5)

    assert "zebra" not in words
    assert words[0] == "budget"


@pytest.mark.parametrize("count", [1, 2])
def test_count_bounds_the_terms(count: int) -> None:
    (words,) = distinctive_terms([["alpha beta gamma", "alpha beta gamma"]], count=count)

    assert len(words) == count


def test_a_plural_does_not_repeat_its_singular() -> None:
    clusters = [
        ["income tax", "income taxes", "income taxes", "income tax", "an issue", "issue", "issues"],
        ["the weather", "weather report", "rain"],
    ]

    (words, _) = distinctive_terms(clusters, count=4)

    assert words == ("income tax", "issue")

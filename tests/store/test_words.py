from __future__ import annotations

import pytest

from onrecord.store._words import query_terms, search_terms, sqlite_match


@pytest.mark.parametrize(
    ("words", "terms"),
    [
        ('"are making" progress “Prices are”', ["are making", "progress", "Prices are"]),
        ('unclosed "quote here', ["unclosed", "quote", "here"]),
        ('"" "  " ', []),
        ("  spaced\tout ", ["spaced", "out"]),
    ],
)
def test_search_terms(words: str, terms: list[str]) -> None:
    assert search_terms(words) == terms


def test_query_terms_leave_out_common_words_but_not_inside_phrases() -> None:
    terms = query_terms('What did "the Russians" say about the war? War!')
    assert [(term.tokens, term.phrase) for term in terms] == [
        (("the", "russians"), True),
        (("say",), False),
        (("war",), False),
    ]


def test_a_word_of_several_tokens_is_a_phrase() -> None:
    (term,) = query_terms("U.S.-led")
    assert term.tokens == ("u", "s", "led")
    assert term.phrase


@pytest.mark.parametrize(
    "typed",
    ["NEAR(a b)", "a* OR b", '"unbalanced', "col:umn", "a AND NOT b", "^start", "x -y +z", "'(')"],
)
def test_the_full_text_query_is_only_quoted_words(typed: str) -> None:
    terms = query_terms(typed)
    query = sqlite_match(terms)
    assert query.count(" AND ") == max(len(terms) - 1, 0)
    for part in query.split(" AND ") if terms else []:
        assert part[0] == part[-1] == '"'
        assert all(char.isalnum() or char == " " for char in part[1:-1])

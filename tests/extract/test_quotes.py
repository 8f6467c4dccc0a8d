from hypothesis import given
from hypothesis import strategies as st

from onrecord.extract._quotes import QuoteRegion, find_quotes


def quoted(text: str) -> list[str]:
    return [text[region.start : region.end] for region in find_quotes(text)]


def test_curly_straight_and_guillemet_quotes_pair() -> None:
    text = 'He said “yes.” She said "no." They said «maybe».'
    assert quoted(text) == ["“yes.”", '"no."', "«maybe»"]
    assert not any(region.repaired for region in find_quotes(text))


def test_stray_closer_extends_the_previous_quote_of_its_paragraph() -> None:
    text = "He wants Ukraine “in a position”. the best position at the table.” Then more."
    (region,) = find_quotes(text)
    assert text[region.start : region.end] == "“in a position”. the best position at the table.”"
    assert region.repaired


def test_stray_closer_alone_starts_the_quote_at_its_paragraph_start() -> None:
    text = "First paragraph.\n\nWe will win,” he said."
    assert quoted(text) == ["We will win,”"]


def test_opener_never_closed_ends_at_its_paragraph() -> None:
    text = "He said “we will win.\n\nAnother paragraph here."
    assert quoted(text) == ["“we will win."]
    assert find_quotes(text)[0].repaired


def test_quote_continues_into_a_paragraph_that_opens_with_a_quotation_mark() -> None:
    text = "“First part of the quote.\n\n“Second part,” he said."
    assert quoted(text) == ["“First part of the quote.\n\n“Second part,”"]
    assert not find_quotes(text)[0].repaired


def test_opener_inside_an_open_quote_closes_the_earlier_one() -> None:
    text = "“One quote with no end “and another one.”"
    assert quoted(text) == ["“One quote with no end", "“and another one.”"]


def test_apostrophes_are_not_quotes() -> None:
    assert find_quotes("Milley’s memos and the ’90s aren't quotes.") == []


@given(st.text(alphabet=st.sampled_from(list('ab “”"«»\n.,'))))
def test_regions_are_ordered_disjoint_and_inside_the_text(text: str) -> None:
    regions = find_quotes(text)
    previous_end = 0
    for region in regions:
        assert isinstance(region, QuoteRegion)
        assert previous_end <= region.start < region.end <= len(text)
        previous_end = region.end


def test_two_apostrophes_pair_as_a_double_quotation_mark() -> None:
    text = "''He deserved it,'' he said. ''Next time, we might have to kill him.''"
    assert quoted(text) == ["''He deserved it,''", "''Next time, we might have to kill him.''"]

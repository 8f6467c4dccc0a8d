from __future__ import annotations

import pytest

from onrecord import pipeline
from onrecord.results import Span


def test_a_span_is_the_text_between_its_offsets() -> None:
    assert Span.of("Biden said so.", 0, 5) == Span(0, 5, "Biden")
    with pytest.raises(ValueError, match="outside a text of length 3"):
        Span.of("abc", 2, 4)


def test_a_span_of_tokens_is_the_span_of_their_characters() -> None:
    text = "Two officials familiar with the matter  said so."
    doc = pipeline.load_bare().make_doc(text)
    tokens = doc[1:6]
    assert Span.of_tokens(tokens) == Span.of(text, 4, 38)
    assert Span.of_tokens(tokens).text == "officials familiar with the matter"

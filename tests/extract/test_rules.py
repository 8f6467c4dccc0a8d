"""Extraction rules on short sentences, and invariants that must hold on any text at all."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import onrecord
from onrecord import pipeline
from onrecord.results import AnalyzedArticle, Attribution, Kind, Span


def only(text: str) -> Attribution:
    """The one statement of ``text`` as the rules read it (the module under test), decided by
    the fast extractor's model."""
    (attribution,) = onrecord.analyze(text, nlp=pipeline.load(extractor="fast")).attributions
    return attribution


def texts(spans: tuple[Span, ...]) -> list[str]:
    return [span.text for span in spans]


def test_quote_before_said_is_direct_speech_of_the_subject() -> None:
    attribution = only("“We will win,” Trump said.")

    assert attribution.kind is Kind.DIRECT
    assert attribution.source is not None
    assert attribution.source.text == "Trump"
    assert texts(attribution.cue) == ["said"]
    assert texts(attribution.content) == ["“We will win,”"]


def test_said_that_is_indirect_speech_with_the_clause_as_content() -> None:
    attribution = only("Trump said that he would win.")

    assert attribution.kind is Kind.INDIRECT
    assert attribution.source is not None
    assert attribution.source.text == "Trump"
    assert texts(attribution.cue) == ["said"]
    assert attribution.content[0].text.startswith("that he would win")


def test_according_to_is_the_cue_and_its_object_the_source() -> None:
    attribution = only("According to officials, the plan failed.")

    assert attribution.kind is Kind.INDIRECT
    assert texts(attribution.cue) == ["According to"]
    assert attribution.source is not None
    assert attribution.source.text == "officials"
    (content,) = attribution.content
    assert content.text.startswith("the plan failed")


def test_according_to_content_ends_before_the_final_period() -> None:
    assert texts(only("According to officials, the plan failed.").content) == ["the plan failed"]


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        ("“A,” said Biden. “B.”", "“A,”", "“B.”"),
        ('"We will win," Trump said. "We always do."', '"We will win,"', '"We always do."'),
    ],
)
def test_quote_continued_after_the_cue_sentence_is_a_second_content_span(
    text: str, first: str, second: str
) -> None:
    attribution = only(text)

    assert attribution.kind is Kind.DIRECT
    assert texts(attribution.content) == [first, second]


def test_guillemets_are_quotation_marks() -> None:
    attribution = only("«We will win,» Trump said.")

    assert attribution.kind is Kind.DIRECT
    assert texts(attribution.content) == ["«We will win,»"]


def test_quote_after_a_colon_is_the_content() -> None:
    assert texts(only('Trump said: "We will win."').content) == ['"We will win."']


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        (
            "Cruz told the crowd:\n\n“We will win this state.”",
            ["“We will win this state.”"],
        ),
        (
            "“We will win,” Cruz said.\n\n“And we will win big in November.”",
            ["“We will win,”", "“And we will win big in November.”"],
        ),
    ],
)
def test_a_quoted_paragraph_goes_on_with_the_statement_before_it(
    text: str, parts: list[str]
) -> None:
    assert texts(only(text).content) == parts


def test_partly_quoted_content_is_mixed() -> None:
    attribution = only("Sullivan said the US would put Ukraine “in the best possible position”.")

    assert attribution.kind is Kind.MIXED


@pytest.mark.parametrize(
    "text",
    [
        "He said “we will win.",
        "We will win,” he said.",
        "He said ” we will win “ soon.",
        '"""',
        "“",
        "« said »",
        'Trump said "\n\n" Biden said',
    ],
)
def test_unbalanced_quotation_marks_never_raise(text: str) -> None:
    assert_well_formed(onrecord.analyze(text))


def assert_well_formed(analyzed: AnalyzedArticle) -> None:
    """Spans are exact, non-empty slices of the text; ids are unique; nesting is a forest."""
    text = analyzed.article.text
    by_id = {attribution.id: attribution for attribution in analyzed.attributions}
    assert len(by_id) == len(analyzed.attributions)
    for attribution in analyzed.attributions:
        assert attribution.content
        assert attribution.cue
        spans = [*attribution.content, *attribution.cue]
        if attribution.source is not None:
            spans.append(attribution.source)
        for span in spans:
            assert 0 <= span.start < span.end <= len(text)
            assert text[span.start : span.end] == span.text
        if attribution.nested_in is not None:
            container = by_id[attribution.nested_in]
            assert any(
                outer.start <= attribution.cue[0].start and attribution.cue[0].end <= outer.end
                for outer in container.content
            )
        seen = {attribution.id}
        parent = attribution.nested_in
        while parent is not None:
            assert parent not in seen, f"nesting cycle through {parent}"
            seen.add(parent)
            parent = by_id[parent].nested_in


SENTENCES = (
    "The administration has scheduled a phone call with outside experts",
    "the plan failed",
    "Prices rose sharply last year",
    "it is part of a continuing effort to clean up after the remarks",
    "Ukraine must decide when to negotiate",
    "We will not enter into any negotiations",
    "military victory was out of reach",
)
SPEAKERS = (
    "Trump",
    "he",
    "they",
    "two US officials",
    "a source familiar with the matter",
    "National security adviser Jake Sullivan",
    "Bill Taylor, a former ambassador,",
    "A spokesman for the ministry",
)
CUES = (
    "said",
    "told reporters",
    "claimed",
    "previously reported",
    "said that",
    "made it clear that",
    "was quoted as saying",
    "warned",
    "according to",
)
QUOTE_STYLES = (
    ("“", "”"),
    ('"', '"'),
    ("«", "»"),
    ("« ", " »"),
    ("„", "“"),
    ("‹", "›"),
    ("‘", "’"),
)
STRAY_MARKS = ("“", "”", '"', "«", "»", "„", "‹", "›", "'", "‘", "’")
# Characters that are several code units in UTF-16 or several code points per glyph, and odd
# whitespace: offsets are Python str indices, so none of these may shift a span.
ODD_PIECES = (
    "😀",
    "🇺🇦",
    "👩\u200d👩\u200d👧",
    "𝔘𝔨𝔯𝔞𝔦𝔫𝔢",
    "e\u0301",
    "中文",
    "\u00a0",
    "\u2028",
    "\r\n",
    "\t",
    "—",
    "…",
    ":",
    "(",
)
SEPARATORS = (" ", " ", "", ", ", ". ", "\n", "\n\n", "\n \n")
TEMPLATES = (
    "{speaker} {cue} {content}.",
    "{content}, {speaker} {cue}.",
    "{content} {cue} {speaker}.",
    "{speaker} {cue}: {content}",
    "According to {speaker}, {content}.",
)


@st.composite
def quotations(draw: st.DrawFn) -> str:
    opener, closer = draw(st.sampled_from(QUOTE_STYLES))
    body = draw(st.sampled_from(SENTENCES))
    end = draw(st.sampled_from(("", ",", ".", "?")))
    # A third of the quotes lose their closing mark, as quotes in real news sometimes do.
    closer = draw(st.sampled_from((closer, closer, "")))
    return f"{opener}{body}{end}{closer}"


@st.composite
def statements(draw: st.DrawFn) -> str:
    return draw(st.sampled_from(TEMPLATES)).format(
        speaker=draw(st.sampled_from(SPEAKERS)),
        cue=draw(st.sampled_from(CUES)),
        content=draw(st.one_of(st.sampled_from(SENTENCES), quotations())),
    )


PIECES = st.one_of(
    statements(),
    quotations(),
    st.sampled_from(SENTENCES),
    st.sampled_from(STRAY_MARKS),
    st.sampled_from(ODD_PIECES),
    st.text(st.characters(codec="utf-8"), max_size=3),
)


@st.composite
def articles(draw: st.DrawFn) -> str:
    # Every article has a statement, so no example is thrown away as empty input.
    pieces = [draw(statements())]
    pieces += draw(st.lists(PIECES, max_size=10))
    separators = draw(
        st.lists(st.sampled_from(SEPARATORS), min_size=len(pieces), max_size=len(pieces))
    )
    order = draw(st.permutations(range(len(pieces))))
    return "".join(pieces[i] + separator for i, separator in zip(order, separators, strict=True))


@settings(max_examples=60, deadline=None)
@given(articles())
def test_any_text_gives_well_formed_attributions(text: str) -> None:
    assert_well_formed(onrecord.analyze(text, nlp=pipeline.load()))

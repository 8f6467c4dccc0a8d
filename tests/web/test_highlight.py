"""Cutting an article into highlighted segments, and the readable view of its statements."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from onrecord.results import (
    AnalyzedArticle,
    AnonymousProfile,
    Article,
    Attribution,
    DateInterval,
    Kind,
    Span,
    Speaker,
    SpeakerKind,
)
from onrecord.web._highlight import Mark, Role, article_view, matches, segments

TEXT = "Officials said Biden told aides that “we will win,” the report said."


def _span(fragment: str, after: int = 0) -> Span:
    start = TEXT.index(fragment, after)
    return Span.of(TEXT, start, start + len(fragment))


# a2 (Biden told aides ...) is nested in the content of a1 (Officials said ...).
OUTER = Attribution(
    id="a1",
    kind=Kind.INDIRECT,
    content=(_span("Biden told aides that “we will win,”"),),
    cue=(_span("said"),),
    source=_span("Officials"),
    speaker="s1",
)
INNER = Attribution(
    id="a2",
    kind=Kind.MIXED,
    content=(_span("that “we will win,”"),),
    cue=(_span("told"),),
    source=_span("Biden"),
    nested_in="a1",
    speaker="s2",
    addressee=_span("aides"),
    date=DateInterval(dt.date(2022, 11, 7), dt.date(2022, 11, 13), _span("report")),
)


def _pieces(attributions: list[Attribution]) -> list[tuple[str, list[tuple[str, str]]]]:
    return [
        (segment.text, [(mark.statement, mark.role.value) for mark in segment.marks])
        for segment in segments(TEXT, attributions)
    ]


def test_nested_statements_are_marked_innermost_first() -> None:
    assert _pieces([OUTER, INNER]) == [
        ("Officials", [("a1", "source")]),
        (" ", []),
        ("said", [("a1", "cue")]),
        (" ", []),
        ("Biden", [("a2", "source"), ("a1", "content")]),
        (" ", [("a1", "content")]),
        ("told", [("a2", "cue"), ("a1", "content")]),
        (" aides ", [("a1", "content")]),
        ("that “we will win,”", [("a2", "content"), ("a1", "content")]),
        (" the report said.", []),
    ]


def test_a_discontinuous_content_is_one_statement_in_several_places() -> None:
    quote = Attribution(
        id="a1",
        kind=Kind.DIRECT,
        content=(_span("Officials"), _span("said", 10), _span("aides")),
        cue=(_span("Biden"),),
    )
    found = segments(TEXT, [quote])

    assert [segment.text for segment in found if segment.marks] == [
        "Officials",
        "said",
        "Biden",
        "aides",
    ]
    assert found[0].classes == ("content", "content-direct")
    assert found[0].statements == ("a1",)


def test_touching_and_overlapping_parts_of_one_span_keep_their_mark() -> None:
    # The same role of one statement twice over one stretch: still one mark.
    twice = Attribution(
        id="a1",
        kind=Kind.INDIRECT,
        content=(Span.of(TEXT, 0, 14), Span.of(TEXT, 9, 20)),
        cue=(),
    )
    found = segments(TEXT, [twice])

    assert [(segment.start, segment.end, len(segment.marks)) for segment in found] == [
        (0, 9, 1),
        (9, 14, 1),
        (14, 20, 1),
        (20, len(TEXT), 0),
    ]


def test_bad_offsets_are_clipped_and_empty_spans_ignored() -> None:
    broken = Attribution(
        id="a1",
        kind=Kind.DIRECT,
        content=(Span(60, 500, "x"),),
        cue=(Span(5, 5, ""),),
        source=Span(-3, 4, "x"),
    )
    found = segments(TEXT, [broken])

    assert "".join(segment.text for segment in found) == TEXT
    assert [(segment.start, segment.end) for segment in found if segment.marks] == [
        (0, 4),
        (60, len(TEXT)),
    ]


def test_a_cycle_of_nesting_does_not_hang() -> None:
    first = Attribution("a1", Kind.DIRECT, (_span("said"),), (), nested_in="a2")
    second = Attribution("a2", Kind.DIRECT, (_span("told"),), (), nested_in="a1")

    assert len(segments(TEXT, [first, second])) == 5


@given(
    st.lists(
        st.tuples(st.integers(0, len(TEXT)), st.integers(0, len(TEXT)), st.sampled_from(Kind)),
        max_size=8,
    )
)
def test_segments_cover_the_text_and_each_span_exactly(spans: list[tuple[int, int, Kind]]) -> None:
    attributions = [
        Attribution(
            id=f"a{index}",
            kind=kind,
            content=(Span.of(TEXT, min(start, end), max(start, end)),),
            cue=(),
        )
        for index, (start, end, kind) in enumerate(spans)
    ]
    found = segments(TEXT, attributions)

    assert "".join(segment.text for segment in found) == TEXT
    assert all(segment.text == TEXT[segment.start : segment.end] for segment in found)
    for attribution in attributions:
        (content,) = attribution.content
        marked = [
            segment
            for segment in found
            if Mark(attribution.id, Role.CONTENT, attribution.kind) in segment.marks
        ]
        assert "".join(segment.text for segment in marked) == content.text


def test_the_view_of_a_statement_names_who_to_whom_and_when() -> None:
    analyzed = AnalyzedArticle(
        article=Article(TEXT),
        attributions=(OUTER, INNER),
        speakers=(
            Speaker(
                "s1",
                SpeakerKind.ANONYMOUS,
                "Officials",
                (_span("Officials"),),
                anonymous=AnonymousProfile(count=None, plural=True, descriptor=_span("report")),
            ),
            Speaker("s2", SpeakerKind.PERSON, "Joe Biden", (_span("Biden"),), (_span("aides"),)),
        ),
    )
    view = article_view(analyzed, {"s2": 7})
    outer, inner = view.statements

    assert outer.speaker is not None
    assert outer.speaker.identity is None
    assert outer.speaker.profile == "unnamed sources · report"
    assert inner.speaker is not None
    assert inner.speaker.identity == 7
    assert inner.speaker.titles == ("aides",)
    assert inner.when == "report (2022-11-07 – 2022-11-13)"
    assert inner.summary == (
        "a2 · mixed · Biden → Joe Biden (aides) · told · to aides · "
        "report (2022-11-07 – 2022-11-13)"
    )
    told = next(segment for segment in view.segments if segment.text == "told")
    assert view.tooltip(told).splitlines() == [inner.summary, outer.summary]
    assert told.classes == ("content", "content-indirect", "cue")


def test_matches_marks_every_occurrence_ignoring_case() -> None:
    assert matches("Peace now, PEACE later", ["peace", "now"]) == [
        ("Peace", True),
        (" ", False),
        ("now", True),
        (", ", False),
        ("PEACE", True),
        (" later", False),
    ]
    assert matches("a+b (c)", ["+b (c"]) == [("a", False), ("+b (c", True), (")", False)]
    assert matches("nothing", []) == [("nothing", False)]

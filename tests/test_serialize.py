"""The JSON shape of results reads back into equal results."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from onrecord._analyze import analyze
from onrecord._serialize import (
    attribution_from_json,
    attribution_to_json,
    speaker_from_json,
    speaker_to_json,
)
from onrecord.results import (
    AnalyzedArticle,
    AnonymousProfile,
    Attribution,
    DateInterval,
    Kind,
    Span,
    Speaker,
    SpeakerKind,
)

EXAMPLE = Path(__file__).parents[1] / "examples" / "milley-memos.txt"

# Every optional field set, so that each one is read back.
SOURCES = Span(0, 17, "Two US officials,")
FULL_SPEAKER = Speaker(
    id="s2",
    kind=SpeakerKind.ANONYMOUS,
    name="Two US officials",
    mentions=(SOURCES,),
    titles=(Span(4, 6, "US"),),
    affiliation=Span(4, 6, "US"),
    anonymous=AnonymousProfile(
        count=2,
        plural=True,
        descriptor=Span(7, 16, "officials"),
        affiliation=Span(4, 6, "US"),
        reason=Span(20, 30, "not named."),
    ),
)
FULL_ATTRIBUTION = Attribution(
    id="a1",
    kind=Kind.MIXED,
    content=(Span(40, 50, "“we shall”"), Span(60, 65, "fight")),
    cue=(Span(30, 34, "said"), Span(35, 37, "to")),
    source=SOURCES,
    nested_in="a0",
    speaker="s2",
    addressee=Span(70, 73, "CNN"),
    venue=Span(77, 82, "Paris"),
    date=DateInterval(dt.date(2022, 11, 7), dt.date(2022, 11, 13), Span(83, 92, "last week")),
    quoting="s1",
)


def round_trip_attribution(attribution: Attribution) -> Attribution:
    # Through JSON text too: what is written to files is what is read back.
    return attribution_from_json(json.loads(json.dumps(attribution_to_json(attribution))))


def round_trip_speaker(speaker: Speaker) -> Speaker:
    return speaker_from_json(json.loads(json.dumps(speaker_to_json(speaker))))


def test_every_field_of_an_attribution_and_a_speaker_reads_back() -> None:
    assert round_trip_attribution(FULL_ATTRIBUTION) == FULL_ATTRIBUTION
    assert round_trip_speaker(FULL_SPEAKER) == FULL_SPEAKER


def test_empty_optional_fields_read_back() -> None:
    bare = Attribution(id="a1", kind=Kind.DIRECT, content=(Span(0, 3, "“a”"),), cue=())
    speaker = Speaker(id="s1", kind=SpeakerKind.UNKNOWN, name="he", mentions=())

    assert round_trip_attribution(bare) == bare
    assert round_trip_speaker(speaker) == speaker


@pytest.mark.slow
def test_the_example_article_reads_back_whole() -> None:
    analyzed = analyze(EXAMPLE.read_text(encoding="utf-8"), published="2022-11-15")
    assert any(a.date for a in analyzed.attributions)
    assert any(s.anonymous for s in analyzed.speakers)

    again = AnalyzedArticle(
        article=analyzed.article,
        attributions=tuple(map(round_trip_attribution, analyzed.attributions)),
        speakers=tuple(map(round_trip_speaker, analyzed.speakers)),
    )

    assert again == analyzed

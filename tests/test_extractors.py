from __future__ import annotations

import pytest

from onrecord import pipeline
from onrecord.errors import ModelNotFoundError
from onrecord.extract import LinkedSegments
from onrecord.extractors import (
    MISSED_STATEMENT_PROBABILITY,
    QUOTATION_PROBABILITY,
    AccurateExtractor,
    FastExtractor,
    RulesExtractor,
    _combined,
    load_extractor,
)
from onrecord.model import Attribution, Kind, Span

TEXT = (
    "“We will not negotiate,” Biden said. Officials said the sources said talks would resume. "
    "The minister argued that prices would fall."
)


def segment(part: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(part, start + 1)
    return start, start + len(part)


def span(part: str, occurrence: int = 0) -> Span:
    return Span.of(TEXT, *segment(part, occurrence))


def ruled(
    kind: Kind, content: str, cue: str, confidence: float, cue_occurrence: int = 0
) -> Attribution:
    return Attribution(
        id="a",
        kind=kind,
        content=(span(content),),
        cue=(span(cue, cue_occurrence),),
        confidence=confidence,
    )


def encoded(content: str, cue: str, cue_occurrence: int = 0) -> LinkedSegments:
    return LinkedSegments(
        cue=[segment(cue, cue_occurrence)], content=[segment(content)], source=None, confidence=0.8
    )


def contents(statements: list[LinkedSegments]) -> list[str]:
    return [" … ".join(TEXT[start:end] for start, end in s.content) for s in statements]


def test_a_sure_direct_quotation_of_the_rules_replaces_the_encoders_reading() -> None:
    quotation = ruled(Kind.DIRECT, "“We will not negotiate,”", "said", QUOTATION_PROBABILITY)
    encoders = encoded("will not negotiate", "said")
    assert contents(_combined([encoders], [quotation])) == ["“We will not negotiate,”"]


def test_an_unsure_quotation_leaves_the_encoders_reading() -> None:
    quotation = ruled(Kind.DIRECT, "“We will not negotiate,”", "said", QUOTATION_PROBABILITY - 0.1)
    encoders = encoded("will not negotiate", "said")
    assert contents(_combined([encoders], [quotation])) == ["will not negotiate"]


def test_the_rules_nested_statement_inside_a_kept_content_is_added() -> None:
    outer = encoded("the sources said talks would resume", "said", cue_occurrence=1)
    inner = ruled(Kind.INDIRECT, "talks would resume", "said", 0.1, cue_occurrence=2)
    assert contents(_combined([outer], [inner])) == [
        "the sources said talks would resume",
        "talks would resume",
    ]


def test_a_statement_the_encoder_missed_is_added_only_when_the_fast_model_is_sure() -> None:
    missed = ruled(Kind.INDIRECT, "prices would fall", "argued", MISSED_STATEMENT_PROBABILITY)
    doubtful = ruled(Kind.INDIRECT, "prices would fall", "argued", MISSED_STATEMENT_PROBABILITY / 2)
    assert contents(_combined([], [missed])) == ["prices would fall"]
    assert _combined([], [doubtful]) == []


def test_a_rules_statement_that_overlaps_the_encoders_is_not_added() -> None:
    encoders = encoded("that prices would fall", "argued")
    overlapping = ruled(Kind.INDIRECT, "prices would fall", "argued", 0.99)
    assert contents(_combined([encoders], [overlapping])) == ["that prices would fall"]


@pytest.mark.slow
def test_the_accurate_extractor_keeps_character_exact_spans() -> None:
    nlp = pipeline.load(extractor="rules")
    extractor = load_extractor("accurate")
    assert isinstance(extractor, AccurateExtractor)
    attributions = extractor.extract(nlp(TEXT))
    assert attributions
    for attribution in attributions:
        for found in (*attribution.content, *attribution.cue):
            assert TEXT[found.start : found.end] == found.text
    assert any([s.text for s in a.content] == ["“We will not negotiate,”"] for a in attributions)


def test_extractors_are_chosen_by_name() -> None:
    assert isinstance(load_extractor("fast"), FastExtractor)
    assert isinstance(load_extractor("rules"), RulesExtractor)
    with pytest.raises(ModelNotFoundError, match="no extractor 'nonsense'"):
        load_extractor("nonsense")

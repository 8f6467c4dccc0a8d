from __future__ import annotations

from dataclasses import replace

import pytest

from onrecord import pipeline
from onrecord.errors import ModelNotFoundError
from onrecord.extract._extractors import (
    MISSED_STATEMENT_PROBABILITY,
    QUOTATION_PROBABILITY,
    AccurateExtractor,
    FastExtractor,
    RulesExtractor,
    _combined,
    load_extractor,
)
from onrecord.extract._rules import LinkedSegments
from onrecord.results import Attribution, Kind, Span

TEXT = (
    "“We will not negotiate,” Biden said. Officials said the sources said talks would resume. "
    "The minister argued that prices would fall. "
    "Milley praised the troops, but said victory was out of reach. "
    "He told reporters that the plan would work. "
    "Sullivan quoted Biden as saying it was up to Ukraine. "
    "Talks stalled. Putin and the sanctions, two sources said. "
    "Aides told donors that they were worried, a source said."
)


def segment(part: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(part, start + 1)
    return start, start + len(part)


def span(part: str, occurrence: int = 0) -> Span:
    return Span.of(TEXT, *segment(part, occurrence))


def ruled(
    kind: Kind,
    content: str,
    cue: str | tuple[str, ...],
    confidence: float,
    cue_occurrence: int = 0,
    source: str | None = None,
) -> Attribution:
    cues = (cue,) if isinstance(cue, str) else cue
    return Attribution(
        id="a",
        kind=kind,
        content=(span(content),),
        cue=tuple(span(word, cue_occurrence) for word in cues),
        source=None if source is None else span(source),
        confidence=confidence,
    )


def encoded(
    content: str, cue: str, cue_occurrence: int = 0, source: str | None = None
) -> LinkedSegments:
    return LinkedSegments(
        cue=[segment(cue, cue_occurrence)],
        content=[segment(content)],
        source=None if source is None else segment(source),
        confidence=0.8,
    )


def combined(
    encoder: list[LinkedSegments], rules: list[Attribution], finite_verbs: tuple[str, ...] = ()
) -> list[LinkedSegments]:
    return _combined(TEXT, encoder, rules, sorted(TEXT.index(verb) for verb in finite_verbs))


def contents(statements: list[LinkedSegments]) -> list[str]:
    return [" … ".join(TEXT[start:end] for start, end in s.content) for s in statements]


def test_a_sure_direct_quotation_of_the_rules_replaces_the_encoders_reading() -> None:
    quotation = ruled(Kind.DIRECT, "“We will not negotiate,”", "said", QUOTATION_PROBABILITY)
    encoders = encoded("will not negotiate", "said")
    assert contents(combined([encoders], [quotation])) == ["“We will not negotiate,”"]


def test_an_unsure_quotation_leaves_the_encoders_reading() -> None:
    quotation = ruled(Kind.DIRECT, "“We will not negotiate,”", "said", QUOTATION_PROBABILITY - 0.1)
    encoders = encoded("will not negotiate", "said")
    assert contents(combined([encoders], [quotation])) == ["will not negotiate"]


def test_the_rules_nested_statement_inside_a_kept_content_is_added() -> None:
    outer = encoded("the sources said talks would resume", "said", cue_occurrence=1)
    inner = ruled(Kind.INDIRECT, "talks would resume", "said", 0.1, cue_occurrence=2)
    assert contents(combined([outer], [inner])) == [
        "the sources said talks would resume",
        "talks would resume",
    ]


def test_a_statement_the_encoder_missed_is_added_only_when_the_fast_model_is_sure() -> None:
    missed = ruled(Kind.INDIRECT, "prices would fall", "argued", MISSED_STATEMENT_PROBABILITY)
    doubtful = ruled(Kind.INDIRECT, "prices would fall", "argued", MISSED_STATEMENT_PROBABILITY / 2)
    assert contents(combined([], [missed])) == ["prices would fall"]
    assert combined([], [doubtful]) == []


def test_a_rules_statement_that_overlaps_the_encoders_is_not_added() -> None:
    encoders = encoded("that prices would fall", "argued")
    overlapping = ruled(Kind.INDIRECT, "prices would fall", "argued", 0.99)
    assert contents(combined([encoders], [overlapping])) == ["that prices would fall"]


def test_a_statement_of_the_encoder_without_source_takes_the_rules_source() -> None:
    encoders = encoded("that prices would fall", "argued")
    rules = ruled(Kind.INDIRECT, "prices would fall", "argued", 0.2, source="The minister")
    (statement,) = combined([encoders], [rules])
    assert statement.source == segment("The minister")
    assert statement.content == [segment("that prices would fall")]


def test_one_speakers_coordinated_cues_make_one_statement() -> None:
    praised = encoded("the troops", "praised", source="Milley")
    said = encoded("victory was out of reach", "said", cue_occurrence=3, source="Milley")
    rules = replace(
        ruled(Kind.INDIRECT, "the troops, but said victory", "praised", 0.6, source="Milley"),
        cue=(span("praised"), span("said", 3)),
        content=(span("the troops, but said victory was out of reach"),),
    )
    (statement,) = combined([praised, said], [rules])
    assert statement.cue == [segment("praised"), segment("said", 3)]


def test_an_addressee_the_encoder_read_as_content_is_left_out() -> None:
    encoders = encoded("reporters that the plan would work", "told")
    rules = ruled(Kind.INDIRECT, "that the plan would work", "told", 0.3)
    assert contents(combined([encoders], [rules])) == ["that the plan would work"]


def test_a_cue_word_the_encoder_read_as_content_is_given_back_to_the_cue() -> None:
    encoders = encoded("Biden as saying it was up to Ukraine", "quoted")
    rules = ruled(Kind.INDIRECT, "it was up to Ukraine", ("quoted", "as saying"), 0.3)
    (statement,) = combined([encoders], [rules], finite_verbs=("was up",))
    assert [TEXT[start:end] for start, end in statement.cue] == ["quoted", "as saying"]


def test_a_content_without_a_finite_verb_takes_the_rules_longer_reading() -> None:
    encoders = encoded("Putin and the sanctions", "said", cue_occurrence=4)
    rules = ruled(
        Kind.INDIRECT, "Talks stalled. Putin and the sanctions", "said", 0.3, cue_occurrence=4
    )
    longer = combined([encoders], [rules], finite_verbs=("stalled",))
    assert contents(longer) == ["Talks stalled. Putin and the sanctions"]
    assert contents(combined([encoders], [rules])) == ["Putin and the sanctions"]


def test_the_rules_statement_that_reports_a_kept_one_is_added() -> None:
    inner = encoded("that they were worried", "told", cue_occurrence=1, source="Aides")
    outer = ruled(
        Kind.INDIRECT, "Aides told donors that they were worried", "said", 0.1, cue_occurrence=5
    )
    assert contents(combined([inner], [outer])) == [
        "that they were worried",
        "Aides told donors that they were worried",
    ]


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


def test_a_source_the_encoder_cut_short_takes_the_rules_longer_one() -> None:
    encoders = encoded("that prices would fall", "argued", source="The minis")
    rules = ruled(Kind.INDIRECT, "prices would fall", "argued", 0.2, source="The minister")
    (statement,) = combined([encoders], [rules])
    assert statement.source == segment("The minister")

"""The candidate classifier: features of candidates, decisions, and the model file."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onrecord import pipeline
from onrecord.errors import ModelNotFoundError
from onrecord.extract._learned import (
    CandidateClassifier,
    _Headline,
    all_statement_features,
    shipped_classifier,
)
from onrecord.extract._lexicon import CueLexicon
from onrecord.extract._quotes import find_quotes
from onrecord.extract._rules import extract_attributions

TEXT = (
    "“We will not negotiate without Ukraine,” said President Joe Biden.\n\n"
    "Officials said that he wants to know whether Sullivan told CNN the talks were over.\n"
)
LEXICON = CueLexicon(verbs=frozenset({"say", "tell", "want", "know"}), nouns=frozenset())


def _parsed(text: str = TEXT):  # type: ignore[no-untyped-def]
    nlp = pipeline.load(extractor="rules")
    with nlp.select_pipes(disable=["onrecord"]):
        return nlp(text)


def _model(
    weights: dict[str, float], bias: float = 0.0, threshold: float = 0.5
) -> CandidateClassifier:
    return CandidateClassifier(lexicon=LEXICON, weights=weights, bias=bias, threshold=threshold)


def test_probability_is_the_logistic_of_the_summed_weights_of_distinct_features() -> None:
    model = _model({"a": 1.0, "b": -3.0}, bias=0.5)
    assert model.probability(["a", "a", "unknown"]) == pytest.approx(1 / (1 + 2.718281828**-1.5))
    assert model.probability(["a"]) >= model.threshold
    assert model.probability(["a", "b"]) < model.threshold


def test_a_saved_model_loads_equal_and_keeps_its_provenance(tmp_path: Path) -> None:
    model = CandidateClassifier(
        lexicon=LEXICON,
        weights={"lemma=say": 2.25, "kind=direct": -0.5},
        bias=-1.0,
        threshold=0.4,
        provenance={"trained_on": "a test"},
    )
    path = tmp_path / "model.json"
    model.save(path)
    assert CandidateClassifier.load(path) == model


@pytest.mark.parametrize("content", ["", "{}", "not json", '{"lexicon": {}}'])
def test_an_unreadable_model_file_is_a_clear_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "model.json"
    path.write_text(content)
    with pytest.raises(ModelNotFoundError, match="cannot read candidate classifier"):
        CandidateClassifier.load(path)


def test_the_shipped_model_was_trained_on_polnear_train_and_is_small() -> None:
    model = shipped_classifier()
    assert str(model.provenance["trained_on"]).startswith("train split")
    assert 0 < model.threshold < 1
    assert {"say", "tell", "believe"} <= model.lexicon.verbs
    # Named weights only: the file is auditable and far below the 50 MB budget.
    assert len(model.weights) > 1000
    assert model.weights["lemma=say"] > 0


def test_features_describe_the_cue_source_content_and_kind() -> None:
    doc = _parsed()
    candidates = extract_attributions(doc, LEXICON)
    quoted = next(c for c in candidates if c.cue[0].text == "said" and c.source)
    features = all_statement_features(doc, candidates, find_quotes(doc.text))[
        candidates.index(quoted)
    ]
    assert {"kind=direct", "lemma=say", "cue_lemmas=say", "source_pos=PROPN"} <= set(features)
    assert "source_entity=PERSON" in features
    assert "content_first=True" in features


def test_features_are_the_same_on_every_call() -> None:
    doc = _parsed()
    candidates = extract_attributions(doc, LEXICON)
    quotes = find_quotes(doc.text)
    first = all_statement_features(doc, candidates, quotes)
    assert first == all_statement_features(doc, candidates, quotes)


def test_the_model_keeps_only_the_candidates_it_accepts_and_renumbers_them() -> None:
    doc = _parsed()
    everything = extract_attributions(doc, LEXICON)
    assert len(everything) >= 3
    keep_all = extract_attributions(doc, model=_model({}, bias=10.0))
    assert [replace(a, confidence=None) for a in keep_all] == list(everything)
    assert all(a.confidence == round(1 / (1 + math.exp(-10.0)), 4) for a in keep_all)
    assert extract_attributions(doc, model=_model({}, bias=-10.0)) == ()
    only_say = extract_attributions(doc, model=_model({"lemma=say": 20.0}, bias=-10.0))
    assert [a.cue[0].text for a in only_say] == ["said", "said"]
    assert [a.id for a in only_say] == ["a1", "a2"]
    assert all(a.nested_in is None for a in only_say)


def test_nesting_is_recomputed_among_the_kept_statements() -> None:
    doc = _parsed()
    everything = extract_attributions(doc, LEXICON)
    nested = [a for a in everything if a.nested_in is not None]
    assert nested, "the example needs a nested statement"
    kept = extract_attributions(doc, model=_model({}, bias=10.0))
    assert [a.nested_in for a in kept] == [a.nested_in for a in everything]


def test_the_component_uses_the_model_it_is_configured_with(tmp_path: Path) -> None:
    path = tmp_path / "none.json"
    _model({}, bias=-10.0).save(path)
    rejecting = pipeline.load(extractor=str(path))
    assert rejecting(TEXT)._.attributions == ()
    assert pipeline.load(extractor="rules")(TEXT)._.attributions
    assert json.loads(path.read_text())["threshold"] == 0.5


@given(st.text(alphabet=" \nab", max_size=16))
def test_the_headline_is_what_precedes_the_first_line_break_after_the_text_starts(
    text: str,
) -> None:
    headline = _Headline(text)
    for position in range(len(text) + 1):
        if position < len(text) and text[position] not in "ab":
            continue  # a cue starts at a word
        assert headline.holds(position) == ("\n" not in text[:position].strip())

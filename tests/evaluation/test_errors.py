"""Error classes: every missed gold statement and every wrong prediction is counted once."""

from __future__ import annotations

from onrecord import pipeline
from onrecord.evaluation._brat import GoldDocument
from onrecord.evaluation._errors import error_classes, tagger_error_classes
from onrecord.extract._learned import CandidateClassifier
from onrecord.extract._lexicon import CueLexicon
from onrecord.extract._neural import shipped_tagger
from onrecord.results import Attribution, Kind, Span

TAGGER_SCORES = ("correct", "false positive")

TEXT = (
    "Officials said the talks would resume on Monday. "
    "The plan seemed doomed to analysts. "
    "Critics warned that the deal was dead."
)


def _span(part: str) -> Span:
    start = TEXT.index(part)
    return Span(start, start + len(part), part)


def _gold(identifier: str, source: str, cue: str, content: str) -> Attribution:
    return Attribution(
        id=identifier,
        kind=Kind.INDIRECT,
        content=(_span(content),),
        cue=(_span(cue),),
        source=_span(source),
    )


def _classes(bias: float) -> dict[str, int]:
    lexicon = CueLexicon(verbs=frozenset({"say", "warn"}), nouns=frozenset())
    model = CandidateClassifier(
        lexicon=lexicon, weights={"lemma=warn": -20.0}, bias=bias, threshold=0.5
    )
    document = GoldDocument(
        name="example",
        text=TEXT,
        attributions=(
            _gold("T1", "Officials", "said", "the talks would resume on Monday"),
            _gold("T2", "analysts", "seemed", "The plan"),
            _gold("T3", "Critics", "warned", "that the deal was dead"),
        ),
    )
    nlp = pipeline.load(extractor="rules")
    with nlp.select_pipes(disable=["onrecord"]):
        doc = nlp(TEXT)
    return dict(error_classes([document], [doc], model))


def test_each_gold_statement_gets_one_class_and_counts_add_up() -> None:
    assert _classes(bias=10.0) == {
        "correct": 1,
        "false positive": 0,
        "not proposed, cue word outside the lexicon": 1,
        "proposed, rejected by the model": 1,
    }


def test_a_model_that_keeps_nothing_misses_everything_it_could_have_found() -> None:
    counts = _classes(bias=-10.0)
    assert counts.get("correct", 0) == 0
    assert counts["proposed, rejected by the model"] == 2
    assert counts.get("false positive", 0) == 0


def test_every_gold_statement_the_accurate_extractor_misses_gets_one_tagger_class() -> None:
    gold = [
        _gold("E1", "Officials", "said", "the talks would resume on Monday"),
        _gold("E2", "analysts", "seemed doomed to", "The plan"),
    ]
    document = GoldDocument(name="doc", text=TEXT, attributions=tuple(gold))
    tagger = shipped_tagger()
    predicted = pipeline.load(extractor="accurate")(TEXT)._.attributions
    counts = tagger_error_classes([document], [predicted], tagger)
    missed = sum(count for name, count in counts.items() if name not in TAGGER_SCORES)
    assert counts["correct"] + missed == len(gold)
    assert counts["correct"] + counts["false positive"] == len(
        [a for a in predicted if a.nested_in is None]
    )

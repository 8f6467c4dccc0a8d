from __future__ import annotations

import json
from pathlib import Path

from onrecord import pipeline
from onrecord.evaluation._brat import GoldDocument
from onrecord.evaluation._derive import (
    CueStatistics,
    cue_statistics,
    select_lexicon,
    write_lexicon,
)
from onrecord.results import Attribution, Kind, Span

TEXT = "Officials said the plan failed. Critics shouted that the plan was late."


def gold_statement(content: str, cue: str, source: str) -> Attribution:
    def span(part: str) -> Span:
        start = TEXT.index(part)
        return Span.of(TEXT, start, start + len(part))

    return Attribution("g", Kind.INDIRECT, (span(content),), (span(cue),), span(source))


def test_lemmas_are_scored_by_how_often_their_statements_match_the_gold() -> None:
    # Only the "said" statement is gold; "shouted" finds a statement the annotators left out.
    document = GoldDocument(
        "fixture", TEXT, (gold_statement("the plan failed", "said", "Officials"),)
    )
    nlp = pipeline.load()
    with nlp.select_pipes(disable=["onrecord"]):
        doc = nlp(TEXT)

    statistics = {(s.pos, s.lemma): s for s in cue_statistics([document], [doc])}

    assert statistics["VERB", "say"].correct == statistics["VERB", "say"].total == 1
    assert statistics["VERB", "shout"].correct == 0
    assert statistics["VERB", "shout"].total == 1


def test_selection_keeps_frequent_precise_lemmas_only() -> None:
    statistics = [
        CueStatistics("VERB", "say", correct=9, total=10),
        CueStatistics("VERB", "shout", correct=1, total=10),
        CueStatistics("VERB", "opine", correct=2, total=2),
        CueStatistics("NOUN", "claim", correct=4, total=10),
        CueStatistics("ADJ", "worried", correct=3, total=5),
    ]

    lexicon = select_lexicon(statistics, min_count=3, min_precision=0.3)

    assert lexicon.verbs == {"say"}
    assert lexicon.nouns == {"claim"}
    assert lexicon.adjectives == {"worried"}


def test_written_lexicon_lists_each_kept_lemma_with_its_counts(tmp_path: Path) -> None:
    statistics = [
        CueStatistics("VERB", "say", correct=9, total=10),
        CueStatistics("VERB", "shout", correct=1, total=10),
    ]
    lexicon = select_lexicon(statistics, min_count=3, min_precision=0.3)
    path = tmp_path / "lexicon.json"

    write_lexicon(path, lexicon, statistics, {"derived_from": "fixture"})

    written = json.loads(path.read_text(encoding="utf-8"))
    assert written["derived_from"] == "fixture"
    assert written["verbs"] == ["say"]
    assert written["nouns"] == written["adjectives"] == []
    assert written["statistics"] == {"VERB:say": [9, 10]}

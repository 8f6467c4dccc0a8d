"""The defining example: every statement of ``milley-memos.expected.md`` is found.

``tests/golden/milley-memos.json`` pins the complete output; regenerate it after an intended
change with ``ONRECORD_UPDATE_GOLDEN=1 pytest tests/test_golden.py`` and review the diff.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

import onrecord
from onrecord.model import Attribution, Kind
from onrecord.serialize import analyzed_to_json

ROOT = Path(__file__).parents[1]
ARTICLE = ROOT / "examples" / "milley-memos.txt"
GOLDEN = ROOT / "tests" / "golden" / "milley-memos.json"


@dataclass(frozen=True)
class Expected:
    number: int
    source: str
    cue: str  # every word must appear in the cue spans
    kind: Kind
    content_starts: str
    content_has: str = ""
    spans: int | None = None


EXPECTED = [
    Expected(
        1,
        "three sources familiar with the matter",
        "said",
        Kind.INDIRECT,
        "The administration has scheduled",
        "undermining Ukraine’s military gains",
    ),
    Expected(
        2,
        "Some of those invited to the call",
        "said",
        Kind.INDIRECT,
        "they believe",
        "after Milley’s remarks",
    ),
    Expected(3, "the sources", "said", Kind.INDIRECT, "Some of those invited to the call"),
    Expected(
        4,
        "Milley",
        "praised said",
        Kind.INDIRECT,
        "Ukraine’s military",
        "military victory was out of reach",
    ),
    Expected(5, "Milley", "said", Kind.DIRECT, "“When there is an opportunity", "Seize the moment"),
    Expected(
        6,
        "two US officials",
        "told",
        Kind.INDIRECT,
        "Milley’s comments also upset some Ukrainian and US officials",
    ),
    Expected(7, "one official", "calling", Kind.MIXED, "it “absurd”", "seek negotiations now"),
    Expected(
        8,
        "National security adviser Jake Sullivan",
        "making it clear",
        Kind.INDIRECT,
        "Milley’s comments did not mark a change in US policy",
    ),
    Expected(
        9, "Sullivan", "said", Kind.MIXED, "the US will continue", "at the negotiating table.”"
    ),
    Expected(
        10,
        "Sullivan",
        "quoted as saying",
        Kind.MIXED,
        "it was up to Ukraine to decide",
        "“when and how they want to negotiate.”",
    ),
    Expected(
        11,
        "Biden",
        "reiterated",
        Kind.INDIRECT,
        "the US will not negotiate anything related to war without Ukraine",
    ),
    Expected(
        12,
        "Biden",
        "said",
        Kind.DIRECT,
        "“I have been very clear",
        "This is a decision that Ukraine must make.”",
        spans=2,
    ),
    Expected(
        13,
        "a source familiar with the matter",
        "said",
        Kind.INDIRECT,
        "Military personnel working with Milley",
    ),
    Expected(
        14,
        "Military personnel working with Milley",
        "told",
        Kind.INDIRECT,
        "they were concerned about the escalation",
    ),
    Expected(15, "CNN", "previously reported", Kind.INDIRECT, "most diplomats"),
    Expected(
        16,
        "Bill Taylor",
        "said",
        Kind.DIRECT,
        "“Jake’s comments",
        "the Ukrainian position are the same",
    ),
]


@pytest.fixture(scope="module")
def analyzed() -> onrecord.AnalyzedArticle:
    return onrecord.analyze(ARTICLE.read_text(encoding="utf-8"), published="2022-11-15")


def matches(attribution: Attribution, expected: Expected) -> bool:
    content = " … ".join(span.text for span in attribution.content)
    cue_words = " ".join(span.text for span in attribution.cue).split()
    return (
        attribution.source is not None
        and attribution.source.text == expected.source
        and all(word in cue_words for word in expected.cue.split())
        and content.removeprefix("that ").startswith(expected.content_starts)
        and expected.content_has in content
    )


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda e: f"statement-{e.number}")
def test_expected_statement_is_found_with_its_source_and_kind(
    analyzed: onrecord.AnalyzedArticle, expected: Expected
) -> None:
    found = [a for a in analyzed.attributions if matches(a, expected)]
    assert found, f"statement {expected.number} not found"
    (attribution,) = found
    assert attribution.kind is expected.kind
    if expected.spans is not None:
        assert len(attribution.content) == expected.spans


def test_invitees_statement_is_nested_in_what_the_sources_said(
    analyzed: onrecord.AnalyzedArticle,
) -> None:
    inner = next(a for a in analyzed.attributions if matches(a, EXPECTED[1]))
    outer = next(a for a in analyzed.attributions if matches(a, EXPECTED[2]))
    assert inner.nested_in == outer.id


def test_complete_output_matches_the_golden_file(analyzed: onrecord.AnalyzedArticle) -> None:
    produced = analyzed_to_json(analyzed, path="examples/milley-memos.txt")
    if os.environ.get("ONRECORD_UPDATE_GOLDEN"):
        GOLDEN.write_text(
            json.dumps(produced, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    assert produced == json.loads(GOLDEN.read_text(encoding="utf-8"))

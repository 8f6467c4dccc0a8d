"""Scoring search against a hand-written relevance check set: recall@k and nDCG@k per mode.

A check set (``tests/fixtures/search_relevance.json``) holds questions, each with the gold
statements of a PolNeAR corpus that answer it, marked by their document and content offsets.
:func:`evaluate_search` ingests the corpus's articles into a store, as ``onrecord ingest`` does
(statements found by the extractor, with their vectors), asks every question in each search
mode, and judges the hits against the marked statements:

* A hit *matches* a marked statement when both are in the same document and their contents
  share at least half of the characters of the shorter one (:func:`contents_match`). The
  extractor's statements are not the gold ones: it may cut a content shorter, run two together
  or split one, so identical offsets would be too strict, and any overlap too loose (a long
  content touching a short one by a word).
* Each marked statement counts once: the first hit that matches it finds it, a later hit that
  matches only statements already found gains nothing (a statement the extractor split in two
  is not found twice). A hit matching several marked statements finds them all.
* recall@k is the share of the marked statements that the first k hits find; nDCG@k gives the
  hit at rank i (from 0) the gain 1 / log2(i + 2) when it finds a statement not found before
  (binary relevance), divided by the best possible sum, min(k, marked) hits that each find one.

A marked statement that no statement in the store matches cannot be found by any search mode;
``reachable`` counts the others, the ceiling that extraction leaves to search.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

from onrecord.errors import GoldFormatError
from onrecord.evaluation._brat import GoldDocument
from onrecord.offsets import Segment

SearchMode = Literal["words", "meaning", "both"]
SEARCH_MODES: tuple[SearchMode, ...] = get_args(SearchMode)
DEFAULT_K = 10


@dataclass(frozen=True, slots=True)
class LocatedStatement:
    """A statement where a corpus has it: its document's name and its content's parts.

    ``document`` is None for a statement of an article that is not in the gold corpus.
    """

    document: str | None
    content: tuple[Segment, ...]


@dataclass(frozen=True, slots=True)
class RelevanceQuery:
    """A question of the check set and the statements that answer it."""

    id: str
    text: str
    relevant: tuple[LocatedStatement, ...]


@dataclass(frozen=True, slots=True)
class QueryResult:
    """One question asked in one mode: what its first ``k`` hits found.

    ``found`` holds, for each hit in rank order, the indices into ``query.relevant`` of the
    statements it matches.
    """

    query: RelevanceQuery
    mode: SearchMode
    k: int
    found: tuple[frozenset[int], ...]
    reachable: int

    @property
    def recall(self) -> float:
        return recall_at(self.found, len(self.query.relevant), self.k)

    @property
    def ndcg(self) -> float:
        return ndcg_at(self.found, len(self.query.relevant), self.k)


@dataclass(frozen=True, slots=True)
class SearchReport:
    """Every question asked in every mode over a corpus of ``documents`` articles."""

    documents: int
    k: int
    results: tuple[QueryResult, ...]

    def mode_results(self, mode: SearchMode) -> list[QueryResult]:
        return [result for result in self.results if result.mode == mode]

    def recall(self, mode: SearchMode) -> float:
        """Mean recall@k of the questions asked in ``mode``."""
        return _mean([result.recall for result in self.mode_results(mode)])

    def ndcg(self, mode: SearchMode) -> float:
        """Mean nDCG@k of the questions asked in ``mode``."""
        return _mean([result.ndcg for result in self.mode_results(mode)])


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def shared_characters(first: Sequence[Segment], second: Sequence[Segment]) -> int:
    """How many character offsets both sets of parts cover (each part half-open)."""
    covered = {offset for start, end in first for offset in range(start, end)}
    return sum(
        1 for start, end in _merged(second) for offset in range(start, end) if offset in covered
    )


def _merged(parts: Sequence[Segment]) -> list[Segment]:
    """Parts with overlaps merged, so that no character counts twice."""
    merged: list[Segment] = []
    for start, end in sorted(parts):
        if merged and start <= merged[-1][1]:
            merged[-1] = Segment((merged[-1][0], max(merged[-1][1], end)))
        else:
            merged.append(Segment((start, end)))
    return merged


def _length(parts: Sequence[Segment]) -> int:
    return sum(end - start for start, end in _merged(parts))


def contents_match(first: Sequence[Segment], second: Sequence[Segment]) -> bool:
    """Whether two contents share at least half of the characters of the shorter one."""
    shorter = min(_length(first), _length(second))
    return shorter > 0 and 2 * shared_characters(first, second) >= shorter


def statements_match(hit: LocatedStatement, relevant: LocatedStatement) -> bool:
    """Whether a hit is a relevant statement: the same document, contents that match."""
    return (
        hit.document is not None
        and hit.document == relevant.document
        and contents_match(hit.content, relevant.content)
    )


def judge(
    hits: Sequence[LocatedStatement], relevant: Sequence[LocatedStatement]
) -> tuple[frozenset[int], ...]:
    """For each hit, the indices of the relevant statements it matches."""
    return tuple(
        frozenset(index for index, marked in enumerate(relevant) if statements_match(hit, marked))
        for hit in hits
    )


def _gains(found: Sequence[frozenset[int]], k: int) -> list[int]:
    """1 for each of the first ``k`` hits that finds a statement no earlier hit found, else 0."""
    seen: set[int] = set()
    gains = []
    for matched in found[:k]:
        gains.append(1 if matched - seen else 0)
        seen |= matched
    return gains


def recall_at(found: Sequence[frozenset[int]], relevant: int, k: int) -> float:
    """The share of ``relevant`` statements that the first ``k`` hits find."""
    _check(relevant, k)
    return len(frozenset().union(*found[:k])) / relevant


def ndcg_at(found: Sequence[frozenset[int]], relevant: int, k: int) -> float:
    """Normalized discounted cumulative gain of the first ``k`` hits, binary relevance."""
    _check(relevant, k)
    dcg = sum(gain / math.log2(rank + 2) for rank, gain in enumerate(_gains(found, k)))
    ideal = sum(1 / math.log2(rank + 2) for rank in range(min(k, relevant)))
    return dcg / ideal


def _check(relevant: int, k: int) -> None:
    if relevant < 1 or k < 1:
        raise ValueError(f"need at least one relevant statement and k >= 1, not {relevant}, {k}")


def read_relevance_set(path: Path) -> list[RelevanceQuery]:
    """The questions of a check set file, in file order (see ``tests/fixtures/README.md``)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        queries = [
            RelevanceQuery(
                id=str(item["id"]),
                text=str(item["query"]),
                relevant=tuple(
                    LocatedStatement(
                        document=str(mark["document"]),
                        content=tuple(
                            Segment((int(start), int(end))) for start, end in mark["content"]
                        ),
                    )
                    for mark in item["relevant"]
                ),
            )
            for item in data["queries"]
        ]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise GoldFormatError(f"{path}: cannot read the check set: {error}") from error
    except (KeyError, TypeError, ValueError) as error:
        raise GoldFormatError(f"{path}: not a relevance check set: {error!r}") from error
    for query in queries:
        if not query.relevant:
            raise GoldFormatError(f"{path}: question {query.id} marks no statement")
        for mark in query.relevant:
            if not mark.content or any(start >= end for start, end in mark.content):
                raise GoldFormatError(f"{path}: question {query.id}: empty content part")
    return queries


def check_against_corpus(
    queries: Sequence[RelevanceQuery], documents: Sequence[GoldDocument]
) -> None:
    """Refuse a check set written for another corpus: every mark must be a gold content there."""
    contents = {
        (document.name, tuple(sorted((span.start, span.end) for span in attribution.content)))
        for document in documents
        for attribution in document.attributions
    }
    for query in queries:
        for mark in query.relevant:
            if (mark.document, tuple(sorted(mark.content))) not in contents:
                raise GoldFormatError(
                    f"question {query.id}: no gold content {list(mark.content)} in document "
                    f"{mark.document!r} of this corpus"
                )


def restricted(queries: Sequence[RelevanceQuery], documents: Sequence[str]) -> list[RelevanceQuery]:
    """The questions with only the marks in ``documents``; those left with none are dropped."""
    kept = set(documents)
    narrowed = []
    for query in queries:
        relevant = tuple(mark for mark in query.relevant if mark.document in kept)
        if relevant:
            narrowed.append(RelevanceQuery(query.id, query.text, relevant))
    return narrowed


def format_search_report(report: SearchReport, *, verbose: bool = False) -> str:
    """A plain-text table: recall@k and nDCG@k per mode, then each question with ``verbose``."""
    k = report.k
    questions = report.mode_results(SEARCH_MODES[0])
    marked = sum(len(result.query.relevant) for result in questions)
    reachable = sum(result.reachable for result in questions)
    lines = [
        f"documents: {report.documents}, questions: {len(questions)}, relevant statements: "
        f"{marked}, of which the store holds a match for {reachable}",
        "",
        f"{'mode':<8} {f'recall@{k}':>10} {f'nDCG@{k}':>9}",
    ]
    lines += [
        f"{mode:<8} {report.recall(mode):>10.3f} {report.ndcg(mode):>9.3f}" for mode in SEARCH_MODES
    ]
    if verbose:
        modes = "  ".join(f"{mode:>7} R  nDCG" for mode in SEARCH_MODES)
        lines += ["", f"{'question':<8} {'marked':>6} {'held':>4}  {modes}  question"]
        by_query: dict[str, dict[SearchMode, QueryResult]] = {}
        for result in report.results:
            by_query.setdefault(result.query.id, {})[result.mode] = result
        for question in questions:
            row = by_query[question.query.id]
            scores = "  ".join(
                f"{row[mode].recall:>9.2f} {row[mode].ndcg:>5.2f}" for mode in SEARCH_MODES
            )
            lines.append(
                f"{question.query.id:<8} {len(question.query.relevant):>6} "
                f"{question.reachable:>4}  {scores}  {question.query.text}"
            )
    return "\n".join(lines)

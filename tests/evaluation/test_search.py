from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from onrecord.errors import GoldFormatError
from onrecord.evaluation import (
    SEARCH_MODES,
    LocatedStatement,
    QueryResult,
    RelevanceQuery,
    SearchReport,
    contents_match,
    format_search_report,
    judge,
    ndcg_at,
    read_gold_corpus,
    read_relevance_set,
    recall_at,
    statements_match,
)
from onrecord.evaluation._search import check_against_corpus, restricted
from onrecord.offsets import Segment

ROOT = Path(__file__).parents[2]
CHECK_SET = ROOT / "tests/fixtures/search_relevance.json"
POLNEAR_DEV = ROOT.parent / "shared/data/polnear/dev"

# For each hit, the indices of the relevant statements it matches.
Found = tuple[frozenset[int], ...]


def parts(*pairs: tuple[int, int]) -> tuple[Segment, ...]:
    return tuple(Segment(pair) for pair in pairs)


def at(document: str | None, *pairs: tuple[int, int]) -> LocatedStatement:
    return LocatedStatement(document, parts(*pairs))


@pytest.mark.parametrize(
    ("hit", "gold", "expected"),
    [
        (((10, 50),), ((10, 50),), True),
        # The extractor cut the content short: all of it is in the gold one.
        (((20, 30),), ((10, 50),), True),
        # The extractor ran two statements together: the short gold one is all inside.
        (((0, 200),), ((40, 60),), True),
        # Exactly half of the shorter one is shared.
        (((0, 10),), ((5, 25),), True),
        (((0, 10),), ((6, 25),), False),
        # Touching is not overlapping: ends are exclusive.
        (((0, 10),), ((10, 20),), False),
        # A discontinuous content counts the characters of its parts, not the gap between.
        (((0, 10), (30, 40)), ((5, 35),), True),
        (((0, 4), (36, 40)), ((5, 35),), False),
        # Parts that overlap each other count their characters once.
        (((0, 10), (0, 10), (5, 10)), ((0, 20),), True),
        (((0, 10), (0, 10)), ((9, 40),), False),
    ],
)
def test_contents_match_when_they_share_half_the_shorter(
    hit: tuple[tuple[int, int], ...], gold: tuple[tuple[int, int], ...], expected: bool
) -> None:
    assert contents_match(parts(*hit), parts(*gold)) is expected
    assert contents_match(parts(*gold), parts(*hit)) is expected


def test_an_empty_content_matches_nothing() -> None:
    assert not contents_match((), parts((0, 10)))


def test_statements_match_only_in_the_same_document() -> None:
    gold = at("nyt_a", (10, 50))
    assert statements_match(at("nyt_a", (10, 50)), gold)
    assert not statements_match(at("nyt_b", (10, 50)), gold)
    # A hit from an article outside the gold corpus.
    assert not statements_match(at(None, (10, 50)), gold)


def test_judge_lists_the_relevant_statements_each_hit_matches() -> None:
    relevant = [at("a", (0, 10)), at("a", (20, 30)), at("b", (0, 10))]
    hits = [at("b", (0, 9)), at("a", (0, 40)), at("c", (0, 10)), at("a", (21, 25))]

    assert judge(hits, relevant) == (
        frozenset({2}),
        frozenset({0, 1}),
        frozenset(),
        frozenset({1}),
    )


def test_recall_counts_each_relevant_statement_once_within_k() -> None:
    found: Found = (
        frozenset({0}),
        frozenset({0}),
        frozenset(),
        frozenset({1, 2}),
        frozenset({3}),
    )

    assert recall_at(found, 4, 10) == 1.0
    assert recall_at(found, 4, 4) == 3 / 4
    assert recall_at(found, 4, 2) == 1 / 4
    assert recall_at((), 4, 10) == 0.0


def test_ndcg_of_a_perfect_ranking_is_one() -> None:
    found: Found = (frozenset({1}), frozenset({0}), frozenset({2}))
    assert ndcg_at(found, 3, 10) == pytest.approx(1.0)
    # More relevant statements than k: the ideal ranking fills all k places.
    assert ndcg_at(found[:2], 3, 2) == pytest.approx(1.0)


def test_ndcg_discounts_by_rank_and_gains_nothing_from_a_statement_found_twice() -> None:
    # One relevant statement, found at rank 1 (0-based) and again at rank 2.
    found: Found = (frozenset(), frozenset({0}), frozenset({0}))
    assert ndcg_at(found, 1, 10) == pytest.approx(1 / math.log2(3))


def test_ndcg_gives_a_hit_that_finds_two_statements_a_gain_of_one() -> None:
    found: Found = (frozenset({0, 1}), frozenset(), frozenset({2}))
    expected = (1 + 1 / math.log2(4)) / (1 + 1 / math.log2(3) + 1 / math.log2(4))
    assert ndcg_at(found, 3, 10) == pytest.approx(expected)
    # Within k = 1 the one hit is as good as any.
    assert ndcg_at(found, 3, 1) == pytest.approx(1.0)


def test_ndcg_stops_at_k() -> None:
    found: Found = (frozenset(), frozenset(), frozenset({0}))
    assert ndcg_at(found, 1, 2) == 0.0


@pytest.mark.parametrize(("relevant", "k"), [(0, 10), (3, 0)])
def test_scores_refuse_nothing_to_find_or_no_rank(relevant: int, k: int) -> None:
    with pytest.raises(ValueError, match="at least one relevant"):
        recall_at((), relevant, k)
    with pytest.raises(ValueError, match="at least one relevant"):
        ndcg_at((), relevant, k)


def write_check_set(path: Path, queries: object) -> Path:
    path.write_text(json.dumps({"corpus": "test", "queries": queries}), encoding="utf-8")
    return path


def test_read_relevance_set(tmp_path: Path) -> None:
    path = write_check_set(
        tmp_path / "set.json",
        [
            {
                "id": "q01",
                "query": "Is Moscow meddling?",
                "relevant": [
                    {"document": "doc", "attribution": "E1", "content": [[3, 9], [12, 20]]}
                ],
            }
        ],
    )

    assert read_relevance_set(path) == [
        RelevanceQuery("q01", "Is Moscow meddling?", (at("doc", (3, 9), (12, 20)),))
    ]


@pytest.mark.parametrize(
    ("queries", "message"),
    [
        ([{"id": "q1", "query": "x"}], "not a relevance check set"),
        ([{"id": "q1", "query": "x", "relevant": [{"document": "d"}]}], "not a relevance"),
        ([{"id": "q1", "query": "x", "relevant": []}], "question q1 marks no statement"),
        (
            [{"id": "q1", "query": "x", "relevant": [{"document": "d", "content": [[5, 5]]}]}],
            "question q1: empty content part",
        ),
    ],
)
def test_read_relevance_set_refuses_a_malformed_file(
    tmp_path: Path, queries: object, message: str
) -> None:
    path = write_check_set(tmp_path / "set.json", queries)
    with pytest.raises(GoldFormatError, match=message):
        read_relevance_set(path)


def test_read_relevance_set_refuses_what_is_not_json(tmp_path: Path) -> None:
    path = tmp_path / "set.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(GoldFormatError, match="cannot read the check set"):
        read_relevance_set(path)


def test_restricted_keeps_the_marks_in_the_documents_and_drops_empty_questions() -> None:
    queries = [
        RelevanceQuery("q1", "one", (at("a", (0, 5)), at("b", (0, 5)))),
        RelevanceQuery("q2", "two", (at("b", (0, 5)),)),
    ]

    assert restricted(queries, ["a", "c"]) == [RelevanceQuery("q1", "one", (at("a", (0, 5)),))]


def test_the_check_set_has_twenty_questions_or_more_each_with_statements() -> None:
    queries = read_relevance_set(CHECK_SET)

    assert len(queries) >= 20
    assert len({query.id for query in queries}) == len(queries)
    assert len({query.text for query in queries}) == len(queries)
    assert all(len(query.relevant) >= 3 for query in queries)
    # A question that marks a statement twice would count it twice.
    assert all(len(set(query.relevant)) == len(query.relevant) for query in queries)


@pytest.mark.skipif(not POLNEAR_DEV.is_dir(), reason="the PolNeAR corpus is not in shared/")
def test_the_check_set_marks_gold_contents_of_polnear_dev_and_quotes_them() -> None:
    corpus = read_gold_corpus(POLNEAR_DEV)
    texts = {document.name: document.text for document in corpus}
    check_against_corpus(read_relevance_set(CHECK_SET), corpus)

    data = json.loads(CHECK_SET.read_text(encoding="utf-8"))
    for query in data["queries"]:
        for mark in query["relevant"]:
            text = texts[mark["document"]]
            content = " … ".join(text[start:end] for start, end in mark["content"])
            assert " ".join(content.split()).startswith(mark["text"].removesuffix("…"))


@pytest.mark.skipif(not POLNEAR_DEV.is_dir(), reason="the PolNeAR corpus is not in shared/")
def test_check_against_corpus_refuses_a_mark_that_is_no_gold_content() -> None:
    corpus = read_gold_corpus(POLNEAR_DEV)
    name = corpus[0].name
    with pytest.raises(GoldFormatError, match=f"question q9: no gold content .* {name!r}"):
        check_against_corpus([RelevanceQuery("q9", "x", (at(name, (0, 1)),))], corpus)


def test_format_search_report() -> None:
    question = RelevanceQuery("q01", "Is Moscow meddling?", (at("a", (0, 5)), at("a", (9, 20))))
    found: dict[str, Found] = {
        "words": (frozenset(), frozenset({1})),
        "meaning": (frozenset({0}), frozenset({1})),
        "both": (frozenset({0}), frozenset()),
    }
    report = SearchReport(
        3,
        10,
        tuple(QueryResult(question, mode, 10, found[mode], 2) for mode in SEARCH_MODES),
    )

    assert report.recall("meaning") == 1.0
    assert report.ndcg("words") == pytest.approx((1 / math.log2(3)) / (1 + 1 / math.log2(3)))
    text = format_search_report(report)
    assert text.splitlines()[0] == (
        "documents: 3, questions: 1, relevant statements: 2, of which the store holds a match for 2"
    )
    assert "words         0.500     0.387" in text
    assert "meaning       1.000     1.000" in text
    assert "both          0.500     0.613" in text
    assert "Is Moscow meddling?" not in text
    verbose = format_search_report(report, verbose=True)
    assert verbose.startswith(text)
    assert verbose.splitlines()[-1].startswith("q01")
    assert verbose.splitlines()[-1].endswith("Is Moscow meddling?")

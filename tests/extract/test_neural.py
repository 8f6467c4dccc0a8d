from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from onrecord.extract._neural import (
    BEGIN,
    INSIDE,
    OUTSIDE,
    Biases,
    Linker,
    TokenSpan,
    best_tags,
    decode_spans,
    distance_bucket,
    link,
    shipped_tagger,
    signed_distances,
    stitch,
    window_ranges,
)


@given(st.integers(min_value=0, max_value=3000), st.integers(min_value=8, max_value=400))
def test_windows_cover_every_token_and_overlap(length: int, window: int) -> None:
    stride = max(1, window * 3 // 4)
    ranges = window_ranges(length, window, stride)
    covered = sorted({i for r in ranges for i in r})
    assert covered == list(range(length))
    assert all(len(r) <= window for r in ranges)
    assert ranges[-1].stop == length


@given(st.integers(min_value=0, max_value=3000), st.integers(min_value=8, max_value=400))
def test_a_short_last_window_starts_one_stride_after_the_one_before(
    length: int, window: int
) -> None:
    stride = max(1, window * 3 // 4)
    ranges = window_ranges(length, window, stride, last_full=False)
    assert sorted({i for r in ranges for i in r}) == list(range(length))
    assert [r.start for r in ranges] == [stride * i for i in range(len(ranges))]
    assert ranges[-1].stop == length
    assert all(len(r) == window for r in ranges[:-1])


def test_stitching_takes_each_token_from_the_window_where_it_is_most_central() -> None:
    ranges = window_ranges(10, 6, 4)  # tokens 0-5 and 4-9
    outputs = [np.zeros((8, 1), dtype=np.float32), np.zeros((8, 1), dtype=np.float32)]
    outputs[0][1:7, 0] = 1.0  # window 0's tokens (after [CLS])
    outputs[1][1:7, 0] = 2.0
    stitched = stitch(outputs, ranges, 10)[:, 0]
    # Token 4 is 1 from window 0's right edge and 0 from window 1's left edge.
    assert stitched.tolist() == [1, 1, 1, 1, 1, 2, 2, 2, 2, 2]


def test_spans_are_decoded_from_tags_and_widened_to_whole_words() -> None:
    tags = np.array([OUTSIDE, BEGIN, INSIDE, OUTSIDE, INSIDE, INSIDE, BEGIN, OUTSIDE])
    words = np.array([0, 1, 2, 2, 3, 4, 5, 5])
    assert decode_spans(tags, words) == [TokenSpan(1, 3), TokenSpan(4, 5), TokenSpan(6, 7)]


def test_distance_buckets_tell_sign_and_scale_apart() -> None:
    buckets = distance_bucket(np.array([0, 1, 5, 400, -1, -5, -400]))
    assert len(set(buckets.tolist())) == 7
    assert buckets[0] == distance_bucket(np.array([0]))[0]


def _linker(width: int = 4, link_width: int = 3, no_cue: float = -100.0) -> Linker:
    rng = np.random.default_rng(0)
    arrays = {}
    for role in ("content", "source"):
        arrays[f"{role}_cue.weight"] = rng.normal(size=(link_width, 2 * width))
        arrays[f"{role}_cue.bias"] = np.zeros(link_width)
        arrays[f"{role}_other.weight"] = rng.normal(size=(link_width, 2 * width))
        arrays[f"{role}_other.bias"] = np.zeros(link_width)
        arrays[f"{role}_distance.weight"] = np.zeros((30, link_width))
        arrays[f"{role}_out.weight"] = rng.normal(size=(1, link_width))
        arrays[f"{role}_out.bias"] = np.zeros(1)
    arrays["source_none.weight"] = np.zeros((1, link_width))
    arrays["source_none.bias"] = np.full(1, -100.0)
    arrays["content_none.weight"] = np.zeros((1, link_width))
    arrays["content_none.bias"] = np.full(1, no_cue)
    return Linker({name: value.astype(np.float32) for name, value in arrays.items()})


def test_every_content_fragment_joins_one_cue_of_its_paragraph() -> None:
    hidden = np.random.default_rng(1).normal(size=(40, 4)).astype(np.float32)
    spans = {
        "cue": [TokenSpan(5, 5), TokenSpan(9, 9)],
        "content": [TokenSpan(0, 3), TokenSpan(11, 14), TokenSpan(30, 35)],
        "source": [TokenSpan(7, 8), TokenSpan(36, 37)],
    }
    paragraphs = np.array([0] * 20 + [1] * 20)
    statements = link(hidden, spans, _linker(), paragraphs)
    fragments = [fragment for statement in statements for fragment in statement.content]
    # The third fragment has no cue in its paragraph.
    assert sorted(fragments, key=lambda s: s.first) == spans["content"][:2]
    # The "no source" score is far below any pair's, and the second source is in another
    # paragraph: every statement has the first.
    assert all(statement.source == TokenSpan(7, 8) for statement in statements)
    assert all(0 < statement.confidence <= 1 for statement in statements)


def test_a_fragment_that_prefers_no_cue_is_dropped() -> None:
    hidden = np.random.default_rng(1).normal(size=(20, 4)).astype(np.float32)
    spans = {"cue": [TokenSpan(5, 5)], "content": [TokenSpan(0, 3)], "source": []}
    paragraphs = np.zeros(20, dtype=np.int64)
    assert link(hidden, spans, _linker(no_cue=100.0), paragraphs) == []
    assert len(link(hidden, spans, _linker(no_cue=-100.0), paragraphs)) == 1


def test_biases_move_the_no_cue_and_no_source_decisions() -> None:
    hidden = np.random.default_rng(1).normal(size=(20, 4)).astype(np.float32)
    spans = {"cue": [TokenSpan(5, 5)], "content": [TokenSpan(0, 3)], "source": [TokenSpan(7, 8)]}
    paragraphs = np.zeros(20, dtype=np.int64)
    (statement,) = link(hidden, spans, _linker(), paragraphs)
    assert statement.source == TokenSpan(7, 8)
    (sourceless,) = link(hidden, spans, _linker(), paragraphs, Biases(no_source=1000.0))
    assert sourceless.source is None
    assert link(hidden, spans, _linker(), paragraphs, Biases(no_cue=1000.0)) == []


@pytest.mark.slow
def test_the_shipped_model_carries_the_biases_tuned_on_dev() -> None:
    assert shipped_tagger().settings.biases == Biases(
        no_cue=1.0, no_source=-0.5, content_begin=-2.0
    )


def test_fragments_join_only_cues_of_their_own_paragraph() -> None:
    hidden = np.random.default_rng(1).normal(size=(20, 4)).astype(np.float32)
    spans = {"cue": [TokenSpan(5, 5)], "content": [TokenSpan(0, 3), TokenSpan(7, 9)], "source": []}
    paragraphs = np.array([0] * 7 + [1] * 13)
    (statement,) = link(hidden, spans, _linker(), paragraphs)
    assert statement.content == (TokenSpan(0, 3),)


def test_no_cue_means_no_statement() -> None:
    hidden = np.zeros((10, 4), dtype=np.float32)
    spans = {"cue": [], "content": [TokenSpan(0, 3)], "source": []}
    assert link(hidden, spans, _linker(), np.zeros(10, dtype=np.int64)) == []


@pytest.mark.slow
def test_the_shipped_tagger_finds_a_quote_its_cue_and_source() -> None:
    text = "“We will not negotiate,” said Biden. The talks resume on Monday."
    pieces, statements = shipped_tagger().statements(text)
    (statement,) = statements
    cue = text[pieces.starts[statement.cue.first] : pieces.ends[statement.cue.last]]
    assert cue == "said"
    assert statement.source is not None
    source = text[pieces.starts[statement.source.first] : pieces.ends[statement.source.last]]
    assert source == "Biden"


def test_signed_distances_count_tokens_between_cue_and_span() -> None:
    cue_first, cue_last = np.array([5, 5, 5]), np.array([6, 6, 6])
    firsts, lasts = np.array([9, 0, 6]), np.array([12, 2, 8])
    assert signed_distances(cue_first, cue_last, firsts, lasts).tolist() == [3, -3, 0]


@given(
    st.lists(
        st.lists(st.floats(min_value=-5, max_value=5), min_size=9, max_size=9),
        min_size=1,
        max_size=7,
    )
)
def test_best_tags_are_the_best_sequence_that_opens_no_span_with_inside(
    rows: list[list[float]],
) -> None:
    logits = np.asarray(rows, dtype=np.float32).reshape(len(rows), 3, 3)
    tags = best_tags(logits)
    for role in range(3):
        scores = logits[:, role] - np.log(np.exp(logits[:, role]).sum(axis=-1, keepdims=True))
        allowed = [
            sequence
            for sequence in itertools.product((OUTSIDE, BEGIN, INSIDE), repeat=len(rows))
            if all(
                tag != INSIDE or (sequence[i - 1] if i else OUTSIDE) != OUTSIDE
                for i, tag in enumerate(sequence)
            )
        ]
        best = max(sum(scores[i, tag] for i, tag in enumerate(s)) for s in allowed)
        found = tuple(tags[:, role].tolist())
        assert found in allowed
        assert sum(scores[i, tag] for i, tag in enumerate(found)) == pytest.approx(best, abs=1e-4)

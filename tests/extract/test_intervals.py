from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from onrecord.extract._intervals import Intervals

RANGES = st.lists(
    st.tuples(st.integers(0, 60), st.integers(1, 30)).map(lambda r: (r[0], r[0] + r[1])),
    max_size=40,
)


@settings(max_examples=300, derandomize=True)
@given(ranges=RANGES, query=st.tuples(st.integers(0, 90), st.integers(0, 30)))
def test_overlapping_finds_what_a_scan_finds_in_start_order(
    ranges: list[tuple[int, int]], query: tuple[int, int]
) -> None:
    start, end = query[0], query[0] + query[1]
    index = Intervals((s, e, number) for number, (s, e) in enumerate(ranges))

    found = index.overlapping(start, end)

    expected = [n for n, (s, e) in enumerate(ranges) if s < end and start < e]
    assert sorted(found) == expected
    assert [ranges[n] for n in found] == sorted(ranges[n] for n in found)


def test_nested_ranges_are_found() -> None:
    # A chain of 1,000 ranges each inside the one before, and 1,000 short ones after them.
    chain = [(i, 2000 - i, i) for i in range(1000)] + [
        (3000 + i, 3001 + i, -i) for i in range(1000)
    ]
    index = Intervals(chain)

    assert index.overlapping(3500, 3501) == [-500]
    assert index.overlapping(999, 1000) == list(range(1000))
    assert index.overlapping(2500, 2600) == []

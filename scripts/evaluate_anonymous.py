"""Score :mod:`onrecord.resolve._anonymous` on hand-labelled source mentions from PolNeAR.

    python scripts/evaluate_anonymous.py [--fixture tests/fixtures/anonymous_sources.tsv] [-v]

How the fixture was chosen and labelled: :mod:`onrecord.evaluation._anonymous`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from onrecord.evaluation._anonymous import FIELDS, field_matches, read_fixture, run, scores
from onrecord.results import Span

DEFAULT_FIXTURE = Path(__file__).parents[1] / "tests" / "fixtures" / "anonymous_sources.tsv"


def _show(found: Span | int | bool | None) -> str:
    return repr(found.text) if isinstance(found, Span) else repr(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fixture", type=Path, default=DEFAULT_FIXTURE)
    parser.add_argument("--model", default=None)
    parser.add_argument("-v", "--verbose", action="store_true", help="list every mismatch")
    arguments = parser.parse_args()

    rows = read_fixture(arguments.fixture)
    outcomes = run(rows, arguments.model)
    if arguments.verbose:
        for outcome in outcomes:
            row, found = outcome.row, outcome.profile
            if (found is not None) != row.anonymous:
                print(f"detection {row.anonymous=}: {row.mention!r} in {row.sentence!r}")
            elif found is not None:
                for name, ok in field_matches(outcome).items():
                    if not ok and name in FIELDS:
                        print(
                            f"{name}: expected {getattr(row, name)!r}, "
                            f"got {_show(getattr(found, name))} for {row.mention!r}"
                        )
    expected = sum(row.anonymous for row in rows)
    print(f"{len(rows)} mentions, {expected} anonymous by hand")
    for name, value in scores(outcomes).items():
        print(f"{name:<20} {value:6.1%}")


if __name__ == "__main__":
    main()

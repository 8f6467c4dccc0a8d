"""Score :func:`onrecord.resolve._identity.match` on hand-labelled pairs of PolNeAR speakers.

    python scripts/evaluate_identity.py [--fixture tests/fixtures/speaker_pairs.tsv] [-v]

The fixture's columns, and how its pairs were chosen and labelled:
:mod:`onrecord.evaluation._identity`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from onrecord.evaluation._identity import evaluate, read_pairs

DEFAULT_FIXTURE = Path(__file__).parents[1] / "tests" / "fixtures" / "speaker_pairs.tsv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fixture", type=Path, default=DEFAULT_FIXTURE)
    parser.add_argument("-v", "--verbose", action="store_true", help="list the wrong decisions")
    arguments = parser.parse_args()
    pairs = read_pairs(arguments.fixture)
    score = evaluate(pairs)
    merges = sum(p.merge for p in pairs)
    print(f"{len(pairs)} pairs: {merges} merge, {len(pairs) - merges} separate")
    print(
        f"merged {score.true_positives} of {merges} to merge, "
        f"and {score.false_positives} of {len(pairs) - merges} to keep separate"
    )
    print(f"precision {score.precision:.1%}  recall {score.recall:.1%}")
    if arguments.verbose:
        for pair in score.errors:
            wrong = "kept apart" if pair.merge else "merged"
            print(f"{wrong}: {pair.a.name!r} / {pair.b.name!r}  {pair.note}")


if __name__ == "__main__":
    main()

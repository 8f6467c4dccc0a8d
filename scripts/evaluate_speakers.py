"""Speaker-resolution accuracy on hand-labelled PolNeAR dev mentions.

python scripts/evaluate_speakers.py --gold ../shared/data/polnear/dev
"""

from __future__ import annotations

import argparse
from pathlib import Path

from onrecord import pipeline
from onrecord.evaluation._speakers import evaluate_resolution, read_cases, summarize

FIXTURE = Path(__file__).parents[1] / "tests" / "fixtures" / "speaker_referents.tsv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gold", type=Path, required=True, help="PolNeAR dev directory")
    parser.add_argument("--cases", type=Path, default=FIXTURE)
    parser.add_argument("--errors", action="store_true", help="list the wrong resolutions")
    arguments = parser.parse_args()
    outcomes = evaluate_resolution(read_cases(arguments.cases), arguments.gold, pipeline.load())
    print(summarize(outcomes))
    if arguments.errors:
        for outcome in outcomes:
            if not outcome.correct:
                case = outcome.case
                print(f"{case.document}\t{case.mention}\t{case.referent}\t-> {outcome.resolved}")


if __name__ == "__main__":
    main()

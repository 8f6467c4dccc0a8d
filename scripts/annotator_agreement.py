"""How far PolNeAR's annotators agree with each other, scored like ``onrecord eval``.

python scripts/annotator_agreement.py ../shared/data/polnear/train ../shared/data/polnear/dev
"""

from __future__ import annotations

import argparse
from pathlib import Path

from onrecord.evaluation import agreement, format_report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpora", type=Path, nargs="+", help="PolNeAR-style directories")
    arguments = parser.parse_args()
    print(format_report(agreement(arguments.corpora)))


if __name__ == "__main__":
    main()

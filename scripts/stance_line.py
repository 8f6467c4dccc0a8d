"""Who holds a line in articles: each statement's stance toward a position, per speaker.

python scripts/stance_line.py "The decision to negotiate belongs to Ukraine and the US will not
push Ukraine to negotiate" examples/milley-memos.txt

For articles that are not in a store (`onrecord line` reads a store): every top-level statement
the accurate extractor finds is classified by the shipped stance model.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from onrecord import analyze
from onrecord.stance import article_statements, hold_line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("position", help="the line: one sentence")
    parser.add_argument("articles", type=Path, nargs="+", help="text files")
    arguments = parser.parse_args()
    statements = [
        statement
        for path in arguments.articles
        for statement in article_statements(analyze(path.read_text(encoding="utf-8")))
    ]
    line = hold_line(arguments.position, statements)
    for speaker in line.speakers:
        print(f"{speaker.speaker}: {speaker.supports} support, {speaker.opposes} oppose")
        for classified in speaker.statements:
            stance = classified.stance
            print(
                f"  {stance.stance:<8} (s {stance.supports:.2f} o {stance.opposes:.2f} "
                f"n {stance.neither:.2f}) {classified.statement.text}"
            )


if __name__ == "__main__":
    main()

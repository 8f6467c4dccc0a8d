"""Hostile inputs at doubling sizes: analysis time should roughly double with each.

python bench/adversarial.py                      # every input, 4 doublings
python bench/adversarial.py --doublings 3 --input according
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import onrecord
from onrecord import pipeline


def _speaker_lines(n: int) -> str:
    return "".join(f"Speaker{i}: \u201cWe will win this one, I think.\u201d\n" for i in range(n))


# name -> (text of size n, n of the example)
INPUTS: dict[str, tuple[Callable[[int], str], int]] = {
    "quote-said pairs": (lambda n: "\u201cNo,\u201d said \u201cYes,\u201d said " * n, 500),
    "nested he-said quotes": (lambda n: ' "he said '.join([""] * n) + '"' * n, 1000),
    "told chain": (lambda n: "he told her she told him " * n, 1000),
    "quote-mark run": (lambda n: "''" * n + " said Biden.", 10000),
    "speaker lines": (_speaker_lines, 3000),
    "according to": (lambda n: "according to " * n, 4000),
    # Not from the issue: each unnamed source's profile read the whole text once.
    "unnamed sources": (
        lambda n: "Two officials familiar with the matter said the talks would resume. " * n,
        2000,
    ),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--doublings", type=int, default=4, help="sizes: 1/8 .. 1x the example's")
    parser.add_argument("--input", choices=sorted(INPUTS), action="append")
    arguments = parser.parse_args()
    nlp = pipeline.load()
    onrecord.analyze("Warm-up: Biden said the talks would go on.", nlp=nlp)
    print("| input | characters | seconds (CPU) | seconds (wall) | ratio to half the size |")
    print("|---|---|---|---|---|")
    for name in arguments.input or INPUTS:
        make, full = INPUTS[name]
        previous = None
        for step in range(arguments.doublings - 1, -1, -1):
            text = make(max(1, full >> step))
            wall, cpu = time.perf_counter(), time.process_time()
            onrecord.analyze(text, nlp=nlp)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            ratio = f"{cpu / previous:.2f}" if previous else ""
            print(f"| {name} | {len(text):,} | {cpu:.2f} | {wall:.2f} | {ratio} |", flush=True)
            previous = cpu


if __name__ == "__main__":
    main()

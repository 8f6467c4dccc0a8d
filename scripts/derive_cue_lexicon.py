"""Rebuild ``src/onrecord/data/cue_lexicon.json`` from a gold corpus (PolNeAR train).

    python scripts/derive_cue_lexicon.py --train ../shared/data/polnear/train

Deterministic: the same corpus and model give the same file.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from onrecord import pipeline
from onrecord.evaluation import read_gold_corpus
from onrecord.evaluation._derive import cue_statistics, select_lexicon, write_lexicon

DEFAULT_OUT = Path(__file__).parents[1] / "src" / "onrecord" / "data" / "cue_lexicon.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--train", type=Path, required=True, help="gold corpus: text/, attributions/"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--min-precision", type=float, default=0.3)
    parser.add_argument("--model", default=None)
    arguments = parser.parse_args()

    started = time.perf_counter()
    documents = read_gold_corpus(arguments.train)
    nlp = pipeline.load(arguments.model)
    with nlp.select_pipes(disable=["onrecord"]):
        docs = list(nlp.pipe(document.text for document in documents))
    statistics = cue_statistics(documents, docs)
    lexicon = select_lexicon(
        statistics, min_count=arguments.min_count, min_precision=arguments.min_precision
    )
    provenance = {
        "derived_from": f"{arguments.train.name} split, {len(documents)} articles",
        "model": nlp.meta["name"] + " " + nlp.meta["version"],
        "min_count": arguments.min_count,
        "min_precision": arguments.min_precision,
    }
    write_lexicon(arguments.out, lexicon, statistics, provenance)
    print(
        f"{len(lexicon.verbs)} verbs, {len(lexicon.nouns)} nouns -> {arguments.out} "
        f"({time.perf_counter() - started:.0f} s)"
    )


if __name__ == "__main__":
    main()

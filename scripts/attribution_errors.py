"""Why statements are missed or wrong: error classes of an extractor on a gold corpus.

python scripts/attribution_errors.py --gold ../shared/data/polnear/dev [--extractor accurate]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from onrecord import pipeline
from onrecord.evaluation import read_gold_corpus
from onrecord.evaluation._errors import error_classes, tagger_error_classes
from onrecord.extract._learned import CandidateClassifier, shipped_classifier
from onrecord.extract._neural import load_tagger, shipped_tagger


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gold", type=Path, required=True, help="PolNeAR-style directory")
    parser.add_argument(
        "--extractor", default="fast", help="fast (default), accurate or a model's path"
    )
    arguments = parser.parse_args()
    documents = read_gold_corpus(arguments.gold)
    path = Path(arguments.extractor)
    if arguments.extractor == "accurate" or path.is_dir():
        tagger = shipped_tagger() if arguments.extractor == "accurate" else load_tagger(str(path))
        nlp = pipeline.load(extractor=arguments.extractor)
        predictions = [nlp(document.text)._.attributions for document in documents]
        counts = tagger_error_classes(documents, predictions, tagger)
    else:
        model = (
            shipped_classifier()
            if arguments.extractor == "fast"
            else CandidateClassifier.load(path)
        )
        nlp = pipeline.load(extractor="rules")
        with nlp.select_pipes(disable=["onrecord"]):
            docs = list(nlp.pipe(document.text for document in documents))
        counts = error_classes(documents, docs, model)
    gold = sum(len(document.attributions) for document in documents)
    print(f"{len(documents)} documents, {gold} gold statements")
    for name, count in counts.most_common():
        print(f"{count:6d}  {name}")


if __name__ == "__main__":
    main()

"""Why statements are missed or wrong: error classes of the shipped model on a gold corpus.

python scripts/attribution_errors.py --gold ../shared/data/polnear/dev
"""

from __future__ import annotations

import argparse
from pathlib import Path

from onrecord import pipeline
from onrecord.evaluation import read_gold_corpus
from onrecord.evaluation.errors import error_classes
from onrecord.learned import StatementModel, shipped_model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gold", type=Path, required=True, help="PolNeAR-style directory")
    parser.add_argument("--statement-model", type=Path, help="default: the shipped one")
    arguments = parser.parse_args()
    model = (
        StatementModel.load(arguments.statement_model)
        if arguments.statement_model
        else shipped_model()
    )
    documents = read_gold_corpus(arguments.gold)
    nlp = pipeline.load(statement_model="rules")
    with nlp.select_pipes(disable=["onrecord"]):
        docs = list(nlp.pipe(document.text for document in documents))
    counts = error_classes(documents, docs, model)
    gold = sum(len(document.attributions) for document in documents)
    print(f"{len(documents)} documents, {gold} gold statements")
    for name, count in counts.most_common():
        print(f"{count:6d}  {name}")


if __name__ == "__main__":
    main()

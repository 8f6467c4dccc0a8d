"""Training the candidate classifier (:mod:`onrecord.extract._learned`) on a gold corpus,
PolNeAR train.

1. Parse the corpus once with the spaCy model.
2. Candidate lexicon: every cue lemma whose statements, extracted with all lemmas allowed, were
   linked-correct at least ``min_precision`` of the time and seen ``min_count`` times
   (:mod:`onrecord.evaluation._derive`).
3. The rules run with that lexicon; each top-level candidate is labelled by the ``linked``
   metric against the gold standard and described by
   :func:`onrecord.extract._learned.all_statement_features`.
4. A logistic regression (L2, full-batch Adam: deterministic) is fitted; the acceptance
   threshold is the one that maximizes linked F1 of out-of-fold predictions of a document-level
   k-fold cross-validation, seeded.
5. The model is refitted on the whole corpus with that threshold.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from onrecord import pipeline
from onrecord.evaluation._brat import read_gold_corpus
from onrecord.evaluation._derive import cue_statistics, select_lexicon
from onrecord.evaluation._score import linked_predictions
from onrecord.extract._learned import CandidateClassifier, all_statement_features
from onrecord.extract._quotes import find_quotes
from onrecord.extract._rules import extract_attributions

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from onrecord.evaluation._brat import GoldDocument
    from onrecord.extract._lexicon import CueLexicon

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class TrainingSettings:
    seed: int = 0
    folds: int = 5
    # Candidate lexicon: wide enough to recall rare cues, the model sorts them out.
    min_count: int = 2
    min_precision: float = 0.1
    # A feature seen in fewer training candidates gets no weight.
    min_feature_count: int = 2
    l2: float = 10.0
    iterations: int = 300
    learning_rate: float = 0.1


@dataclass(frozen=True)
class CrossValidation:
    """Linked precision, recall and F1 (0..1) of the out-of-fold predictions at the threshold."""

    precision: float
    recall: float
    f1: float
    threshold: float


@dataclass(frozen=True)
class TrainingResult:
    model: CandidateClassifier
    cross_validation: CrossValidation
    candidates: int
    documents: int
    seconds: float


@dataclass(frozen=True)
class _Examples:
    features: list[list[str]]
    labels: FloatArray
    documents: IntArray
    gold_count: int


def train_candidate_classifier(
    train: Path,
    *,
    nlp: Language | None = None,
    settings: TrainingSettings | None = None,
    limit: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> TrainingResult:
    """Fit the candidate classifier on the gold corpus in ``train`` (see the module's steps).

    ``limit`` keeps the first documents only, for a quick check."""
    settings = settings or TrainingSettings()
    say = progress or (lambda message: None)
    started = time.perf_counter()
    nlp = nlp or pipeline.load(extractor="rules")
    documents = read_gold_corpus(train)[:limit]
    say(f"parsing {len(documents)} documents")
    with nlp.select_pipes(disable=["onrecord"]):
        docs = list(nlp.pipe(document.text for document in documents))
    say("deriving the candidate lexicon")
    lexicon = select_lexicon(
        cue_statistics(documents, docs),
        min_count=settings.min_count,
        min_precision=settings.min_precision,
    )
    examples = _examples(documents, docs, lexicon)
    say(f"cross-validating on {len(examples.labels)} candidates")
    cross_validation = _cross_validate(examples, settings)
    say("fitting the final model")
    vocabulary, weights, bias = _fit(examples.features, examples.labels, settings)
    model = CandidateClassifier(
        lexicon=lexicon,
        weights={name: float(weights[index]) for name, index in vocabulary.items()},
        bias=bias,
        threshold=cross_validation.threshold,
        provenance={
            "trained_on": f"{train.name} split, {len(documents)} articles",
            "spacy_model": nlp.meta["name"] + " " + nlp.meta["version"],
            "settings": settings.__dict__,
            "cross_validation": cross_validation.__dict__,
        },
    )
    return TrainingResult(
        model=model,
        cross_validation=cross_validation,
        candidates=len(examples.labels),
        documents=len(documents),
        seconds=time.perf_counter() - started,
    )


def _examples(
    documents: Sequence[GoldDocument], docs: Sequence[Doc], lexicon: CueLexicon
) -> _Examples:
    features: list[list[str]] = []
    labels: list[bool] = []
    owners: list[int] = []
    for number, (document, doc) in enumerate(zip(documents, docs, strict=True)):
        candidates = extract_attributions(doc, lexicon)
        described = all_statement_features(doc, candidates, find_quotes(doc.text))
        # PolNeAR annotates no nested statement, so only top-level candidates can be judged.
        top_level = [
            (candidate, candidate_features)
            for candidate, candidate_features in zip(candidates, described, strict=True)
            if candidate.nested_in is None
        ]
        judged = linked_predictions(
            document.text, document.attributions, [candidate for candidate, _ in top_level]
        )
        for (_, candidate_features), correct in zip(top_level, judged, strict=True):
            features.append(candidate_features)
            labels.append(correct)
            owners.append(number)
    return _Examples(
        features=features,
        labels=np.asarray(labels, dtype=np.float64),
        documents=np.asarray(owners, dtype=np.int64),
        gold_count=sum(len(document.attributions) for document in documents),
    )


def _cross_validate(examples: _Examples, settings: TrainingSettings) -> CrossValidation:
    document_count = int(examples.documents.max()) + 1 if len(examples.documents) else 0
    fold_of_document = np.random.default_rng(settings.seed).permutation(document_count)
    folds = fold_of_document[examples.documents] % settings.folds
    out_of_fold = np.zeros(len(examples.labels))
    for fold in range(settings.folds):
        held_out = folds == fold
        training = np.flatnonzero(~held_out)
        vocabulary, weights, bias = _fit(
            [examples.features[i] for i in training], examples.labels[training], settings
        )
        testing = np.flatnonzero(held_out)
        out_of_fold[testing] = _probabilities(
            [examples.features[i] for i in testing], vocabulary, weights, bias
        )
    return _best_threshold(out_of_fold, examples.labels, examples.gold_count)


def _best_threshold(probabilities: FloatArray, labels: FloatArray, gold: int) -> CrossValidation:
    order = np.argsort(-probabilities, kind="stable")
    true_positives = np.cumsum(labels[order])
    precision = true_positives / np.arange(1, len(order) + 1)
    recall = true_positives / max(gold, 1)
    f1 = 2 * precision * recall / np.maximum(precision + recall, 1e-12)
    best = int(np.argmax(f1))
    return CrossValidation(
        precision=float(precision[best]),
        recall=float(recall[best]),
        f1=float(f1[best]),
        threshold=float(probabilities[order][best]),
    )


def _fit(
    features: Sequence[Sequence[str]], labels: FloatArray, settings: TrainingSettings
) -> tuple[dict[str, int], FloatArray, float]:
    """L2-regularized logistic regression by full-batch Adam: the same data, the same weights."""
    counts = Counter(name for names in features for name in set(names))
    vocabulary = {
        name: index
        for index, name in enumerate(
            sorted(name for name, count in counts.items() if count >= settings.min_feature_count)
        )
    }
    columns, rows = _encode(features, vocabulary)
    parameters = np.zeros(len(vocabulary) + 1)  # the weights, then the bias
    weights = parameters[:-1]
    first_moment = np.zeros_like(parameters)
    second_moment = np.zeros_like(parameters)
    n = max(len(labels), 1)
    gradient = np.empty_like(parameters)
    for step in range(1, settings.iterations + 1):
        scores = np.bincount(rows, weights=weights[columns], minlength=len(labels)) + parameters[-1]
        residuals = (1.0 / (1.0 + np.exp(-scores)) - labels) / n
        gradient[:-1] = np.bincount(columns, weights=residuals[rows], minlength=len(vocabulary))
        gradient[:-1] += settings.l2 * weights / n
        gradient[-1] = residuals.sum()
        first_moment = 0.9 * first_moment + 0.1 * gradient
        second_moment = 0.999 * second_moment + 0.001 * gradient**2
        parameters -= (
            settings.learning_rate
            * (first_moment / (1 - 0.9**step))
            / (np.sqrt(second_moment / (1 - 0.999**step)) + 1e-8)
        )
    bias = float(parameters[-1])
    return vocabulary, weights, bias


def _probabilities(
    features: Sequence[Sequence[str]], vocabulary: dict[str, int], weights: FloatArray, bias: float
) -> FloatArray:
    columns, rows = _encode(features, vocabulary)
    scores = np.bincount(rows, weights=weights[columns], minlength=len(features)) + bias
    return np.asarray(1.0 / (1.0 + np.exp(-scores)), dtype=np.float64)


def _encode(
    features: Sequence[Sequence[str]], vocabulary: dict[str, int]
) -> tuple[IntArray, IntArray]:
    """The sparse design matrix as parallel (column, row) index arrays of its ones."""
    columns: list[int] = []
    rows: list[int] = []
    for row, names in enumerate(features):
        for name in dict.fromkeys(names):  # first occurrences, in order: reproducible sums
            column = vocabulary.get(name)
            if column is not None:
                columns.append(column)
                rows.append(row)
    return np.asarray(columns, dtype=np.int64), np.asarray(rows, dtype=np.int64)

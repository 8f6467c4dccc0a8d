"""Scoring the stance model: per-class precision, recall and F1, macro-F1, and FNC-1's score.

- PERSPECTRUM's pairs are all on the subject, so its task is binary: the larger of ``supports``
  and ``opposes`` is the answer, scored by the macro-F1 of the two (as STANCY reports it).
- FNC-1 is scored on the model's four classes: the official weighted score (0.25 for telling
  related from unrelated, 0.75 more for the exact class of a related pair), given also as a share
  of the best possible, and the macro-F1 of the four classes and of the three public stances.
- A news check set (:func:`read_news_check_set`) is scored on the three public stances:
  accuracy and the confusion matrix.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from onrecord.stance._data import (
    CLASSES,
    FNC_NAMES,
    OPPOSES,
    STANCES,
    SUPPORTS,
    StanceDataError,
    StancePair,
    public_stance,
    read_perspectrum,
)
from onrecord.stance._model import stance_from_probabilities
from onrecord.stance._training import StanceSettings, fnc_split

if TYPE_CHECKING:
    from onrecord.stance._model import FloatArray, StanceModel


@dataclass(frozen=True)
class ClassScore:
    label: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class StanceReport:
    """Scores of one data set. ``confusion[gold][predicted]`` counts pairs; ``fnc_score`` and
    ``fnc_max`` are set for FNC-1 only, ``macro_f1_public`` for FNC-1's three public stances."""

    name: str
    pairs: int
    accuracy: float
    macro_f1: float
    classes: tuple[ClassScore, ...]
    confusion: dict[str, dict[str, int]]
    fnc_score: float | None = None
    fnc_max: float | None = None
    macro_f1_public: float | None = None


def class_scores(
    gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]
) -> tuple[ClassScore, ...]:
    scores = []
    for label in labels:
        true_positive = sum(g == p == label for g, p in zip(gold, predicted, strict=True))
        said = sum(p == label for p in predicted)
        present = sum(g == label for g in gold)
        precision = true_positive / said if said else 0.0
        recall = true_positive / present if present else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores.append(ClassScore(label, precision, recall, f1, present))
    return tuple(scores)


def macro_f1(scores: Iterable[ClassScore]) -> float:
    values = [score.f1 for score in scores]
    return sum(values) / len(values) if values else 0.0


def confusion(
    gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]
) -> dict[str, dict[str, int]]:
    table = {g: dict.fromkeys(labels, 0) for g in labels}
    for g, p in zip(gold, predicted, strict=True):
        table[g][p] += 1
    return table


def fnc_score(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """FNC-1's official weighted score over FNC-1 labels (agree, disagree, discuss, unrelated)."""
    score = 0.0
    for g, p in zip(gold, predicted, strict=True):
        if g == p:
            score += 0.25
            if g != "unrelated":
                score += 0.50
        if g != "unrelated" and p != "unrelated":
            score += 0.25
    return score


def report(
    name: str,
    gold: Sequence[str],
    predicted: Sequence[str],
    labels: Sequence[str],
) -> StanceReport:
    scores = class_scores(gold, predicted, labels)
    return StanceReport(
        name=name,
        pairs=len(gold),
        accuracy=sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold)
        if gold
        else 0.0,
        macro_f1=macro_f1(scores),
        classes=scores,
        confusion=confusion(gold, predicted, labels),
    )


# A classifier: (position, statement) -> the model's four class probabilities, in CLASSES order.
Classifier = Callable[[str, str], "FloatArray"]


def score_perspectrum(classify: Classifier, path: Path) -> StanceReport:
    pairs = read_perspectrum(path)
    predicted = []
    for pair in pairs:
        probabilities = dict(zip(CLASSES, classify(pair.position, pair.statement), strict=True))
        predicted.append(SUPPORTS if probabilities[SUPPORTS] >= probabilities[OPPOSES] else OPPOSES)
    return report(
        f"PERSPECTRUM {path.name}", [p.stance for p in pairs], predicted, (SUPPORTS, OPPOSES)
    )


def score_fnc(classify: Classifier, pairs: Sequence[StancePair], name: str) -> StanceReport:
    predicted = []
    for pair in pairs:
        probabilities = list(classify(pair.position, pair.statement))
        predicted.append(CLASSES[max(range(len(CLASSES)), key=probabilities.__getitem__)])
    gold = [pair.stance for pair in pairs]
    four = report(name, gold, predicted, CLASSES)
    public = class_scores(
        [public_stance(g) for g in gold], [public_stance(p) for p in predicted], STANCES
    )
    return StanceReport(
        **{
            **four.__dict__,
            "fnc_score": fnc_score([FNC_NAMES[g] for g in gold], [FNC_NAMES[p] for p in predicted]),
            "fnc_max": fnc_score([FNC_NAMES[g] for g in gold], [FNC_NAMES[g] for g in gold]),
            "macro_f1_public": macro_f1(public),
        }
    )


@dataclass(frozen=True)
class NewsTriple:
    """A statement from a news article, the position it is judged against and the stance a
    reader gave it. ``document``, ``attribution`` and ``spans`` say where the statement is: its
    content fragments, as character offsets into the document's text."""

    position: str
    statement: str
    stance: str
    speaker: str
    document: str
    attribution: str
    spans: tuple[tuple[int, int], ...]


def read_news_check_set(path: Path) -> list[NewsTriple]:
    """The hand-written check set: ``{"positions": [{"position", "statements": [{"text",
    "stance", "speaker", "document", "attribution", "spans"}]}]}``."""
    try:
        record: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        triples = [
            NewsTriple(
                position=entry["position"],
                statement=statement["text"],
                stance=statement["stance"],
                speaker=statement["speaker"],
                document=statement["document"],
                attribution=statement["attribution"],
                spans=tuple((int(start), int(end)) for start, end in statement["spans"]),
            )
            for entry in record["positions"]
            for statement in entry["statements"]
        ]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise StanceDataError(f"cannot read the news check set {path}: {error!r}") from None
    unknown = {t.stance for t in triples} - set(STANCES)
    if unknown:
        raise StanceDataError(f"{path}: unknown stances {sorted(unknown)}")
    return triples


def score_news(classify: Classifier, triples: Sequence[NewsTriple], name: str) -> StanceReport:
    predicted = [
        stance_from_probabilities(classify(triple.position, triple.statement)).stance
        for triple in triples
    ]
    return report(name, [t.stance for t in triples], predicted, STANCES)


def format_stance_report(result: StanceReport) -> str:
    lines = [f"{result.name}: {result.pairs} pairs"]
    lines.append(f"  {'class':<10} {'P':>6} {'R':>6} {'F1':>6} {'pairs':>6}")
    for score in result.classes:
        lines.append(
            f"  {score.label:<10} {100 * score.precision:6.1f} {100 * score.recall:6.1f} "
            f"{100 * score.f1:6.1f} {score.support:6d}"
        )
    lines.append(f"  macro-F1 {100 * result.macro_f1:.1f}, accuracy {100 * result.accuracy:.1f}")
    if result.macro_f1_public is not None:
        lines.append(f"  macro-F1 of supports/opposes/neither {100 * result.macro_f1_public:.1f}")
    if result.fnc_score is not None and result.fnc_max:
        lines.append(
            f"  FNC-1 score {result.fnc_score:.2f} of {result.fnc_max:.2f} "
            f"({100 * result.fnc_score / result.fnc_max:.1f}%)"
        )
    labels = list(result.confusion)
    lines.append("  confusion (rows gold, columns predicted):")
    lines.append("  " + " " * 10 + "".join(f"{label:>11}" for label in labels))
    for gold in labels:
        lines.append(f"  {gold:<10}" + "".join(f"{result.confusion[gold][p]:>11d}" for p in labels))
    return "\n".join(lines)


def evaluate_stance(
    model: StanceModel, *, data: Path | None = None, news: Path | None = None
) -> list[StanceReport]:
    """The model scored on PERSPECTRUM dev and FNC-1's held-out headlines (in the stance data
    directory ``data``) and on a news check set (``news``), whichever are given.

    FNC-1's development pairs are the headlines that training held out: the split is made again
    with the seed and share the model records (or the defaults, for a model that records none).
    """
    reports = []
    if data is not None:
        reports.append(score_perspectrum(model.probabilities, data / "perspectrum" / "dev.jsonl"))
        recorded = model.provenance.get("settings", {})
        defaults = StanceSettings()
        settings = replace(
            defaults,
            seed=int(recorded.get("seed", defaults.seed)),
            fnc_dev_share=float(recorded.get("fnc_dev_share", defaults.fnc_dev_share)),
            fnc_sentences=int(recorded.get("fnc_sentences", defaults.fnc_sentences)),
        )
        _, fnc_dev = fnc_split(data, settings)
        reports.append(score_fnc(model.probabilities, fnc_dev, "FNC-1 held-out headlines"))
    if news is not None:
        reports.append(score_news(model.probabilities, read_news_check_set(news), news.name))
    return reports

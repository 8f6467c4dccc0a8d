"""Scoring predicted attributions against gold attributions of the same documents.

Spans are compared as the sets of character offsets they cover. Each maximal run of covered
characters first loses the whitespace and punctuation at its two ends (quotation marks of every
kind are punctuation), so that ``“Yes,”`` and ``Yes`` are the same content: where exactly a
quotation mark or comma falls is an annotation convention, not a finding. A role made only of
punctuation (PolNeAR marks colons and dashes as cues) keeps it, less whitespace; a role with no
other character counts as absent.

Alignment: within a document, gold and predicted attributions are paired one to one, greedily
by descending Dice coefficient ``2|g ∩ p| / (|g| + |p|)`` of their contents; attributions whose
contents share no character are never paired. Attributions that both lack content are paired
by the Dice coefficient of their cues instead, and never with one that has content.

Metrics are micro-averaged over all documents, as percentages:

``linked`` (the headline)
    A prediction is correct when it is paired, its content has a Dice coefficient of at least
    0.5 with the gold content, its source overlaps the gold source and its cue overlaps the gold
    cue, a role absent on both sides counting as a match. ``n_pred`` and ``n_gold`` count all
    attributions.
``ROLE exact`` for ``content``, ``source`` and ``cue``
    A paired prediction whose trimmed role equals the gold one is a true positive; ``n_pred``
    and ``n_gold`` count the attributions that have the role.
``ROLE overlap``
    Soft counts in characters: ``tp`` is the number of characters that paired predictions share
    with their gold role, ``n_pred`` and ``n_gold`` the characters of the role in all predicted
    and gold attributions, so precision is shared / predicted and recall shared / gold.

Per kind, precision counts predictions of the kind by their *predicted* kind and recall counts
gold attributions by their *gold* kind; hence a row keeps ``tp_pred`` and ``tp_gold`` apart,
since a direct gold quote found by a prediction called mixed is a true positive for the
precision of mixed and the recall of direct.

With nothing to find and nothing found, precision, recall and F1 are 100; any other zero
denominator makes them 0.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from onrecord.results import Kind

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from onrecord.results import Attribution, Span

Unit = Literal["attributions", "characters"]

_ROLES = ("content", "source", "cue")
METRICS: tuple[str, ...] = (
    "linked",
    *(f"{role} {match}" for role in _ROLES for match in ("exact", "overlap")),
)
LINKED_DICE = 0.5

# Counts are keyed by (which count, metric name, kind or None for all kinds).
_Counts = Counter[tuple[str, str, Kind | None]]


@dataclass(frozen=True, slots=True)
class Metric:
    """One score: ``tp_pred`` of ``n_pred`` predictions and ``tp_gold`` of ``n_gold`` gold."""

    name: str
    kind: Kind | None
    unit: Unit
    tp_pred: int
    n_pred: int
    tp_gold: int
    n_gold: int

    @property
    def precision(self) -> float:
        return _percentage(self.tp_pred, self.n_pred, nothing_at_all=self._empty)

    @property
    def recall(self) -> float:
        return _percentage(self.tp_gold, self.n_gold, nothing_at_all=self._empty)

    @property
    def f1(self) -> float:
        if self._empty:
            return 100.0
        total = self.precision + self.recall
        return 0.0 if total == 0 else 2 * self.precision * self.recall / total

    @property
    def _empty(self) -> bool:
        return self.n_pred == 0 and self.n_gold == 0


@dataclass(frozen=True, slots=True)
class Report:
    """Every metric of ``METRICS`` over all kinds (``kind`` None), then for each kind."""

    documents: int
    metrics: tuple[Metric, ...]

    def metric(self, name: str, kind: Kind | None = None) -> Metric:
        for metric in self.metrics:
            if metric.name == name and metric.kind == kind:
                return metric
        raise KeyError(f"no metric {name!r} for {'all kinds' if kind is None else kind.value}")


@dataclass(frozen=True, slots=True)
class _Trimmed:
    """An attribution's kind and the trimmed characters of each role."""

    kind: Kind
    roles: dict[str, frozenset[int]]


def score(pairs: Iterable[tuple[str, Sequence[Attribution], Sequence[Attribution]]]) -> Report:
    """Score ``(text, gold, predicted)`` for each document; spans are offsets into ``text``."""
    counts: _Counts = Counter()
    documents = 0
    for text, gold, predicted in pairs:
        documents += 1
        _score_document(text, gold, predicted, counts)
    metrics = tuple(
        Metric(
            name=name,
            kind=kind,
            unit="characters" if name.endswith("overlap") else "attributions",
            tp_pred=counts["tp_pred", name, kind],
            n_pred=counts["n_pred", name, kind],
            tp_gold=counts["tp_gold", name, kind],
            n_gold=counts["n_gold", name, kind],
        )
        for kind in (None, *Kind)
        for name in METRICS
    )
    return Report(documents, metrics)


def linked_predictions(
    text: str, gold: Sequence[Attribution], predicted: Sequence[Attribution]
) -> list[bool]:
    """For each prediction, whether it is a true positive of the ``linked`` metric."""
    correct = {predicted_index for _, predicted_index in linked_pairs(text, gold, predicted)}
    return [index in correct for index in range(len(predicted))]


def linked_pairs(
    text: str, gold: Sequence[Attribution], predicted: Sequence[Attribution]
) -> list[tuple[int, int]]:
    """The (gold index, prediction index) pairs that are true positives of ``linked``."""
    trimmed_gold = [_trim(text, attribution) for attribution in gold]
    trimmed_predicted = [_trim(text, attribution) for attribution in predicted]
    gold_index = {id(trimmed): index for index, trimmed in enumerate(trimmed_gold)}
    predicted_index = {id(trimmed): index for index, trimmed in enumerate(trimmed_predicted)}
    return [
        (gold_index[id(gold_attribution)], predicted_index[id(predicted_attribution)])
        for gold_attribution, predicted_attribution in _align(trimmed_gold, trimmed_predicted)
        if _linked(gold_attribution, predicted_attribution)
    ]


def content_dice(text: str, first: Attribution, second: Attribution) -> float:
    """The Dice coefficient of two contents, as pairing and ``linked`` compute it."""
    return _dice(_trimmed_chars(text, first.content), _trimmed_chars(text, second.content))


def sources_agree(text: str, first: Attribution, second: Attribution) -> bool:
    """Whether two sources overlap, or both are absent, as ``linked`` requires."""
    return _overlap_or_both_absent(
        _trim(text, first).roles["source"], _trim(text, second).roles["source"]
    )


def format_report(report: Report) -> str:
    """A plain-text table of ``report``, one block for all kinds and one for each kind."""
    linked = report.metric("linked")
    lines = [
        f"documents: {report.documents}, gold attributions: {linked.n_gold}, "
        f"predicted attributions: {linked.n_pred}",
        "Per kind, precision counts predictions by predicted kind, recall gold by gold kind.",
    ]
    header = ("", "precision", "recall", "F1", "tp/pred", "tp/gold", "unit")
    blocks: list[list[tuple[str, ...]]] = []
    for kind in (None, *Kind):
        rows: list[tuple[str, ...]] = [("all kinds" if kind is None else kind.value, *header[1:])]
        for name in METRICS:
            metric = report.metric(name, kind)
            rows.append(
                (
                    name,
                    f"{metric.precision:.1f}",
                    f"{metric.recall:.1f}",
                    f"{metric.f1:.1f}",
                    f"{metric.tp_pred}/{metric.n_pred}",
                    f"{metric.tp_gold}/{metric.n_gold}",
                    metric.unit,
                )
            )
        blocks.append(rows)
    widths = [max(len(row[i]) for rows in blocks for row in rows) for i in range(len(header))]
    for rows in blocks:
        lines.append("")
        for row in rows:
            cells = [row[0].ljust(widths[0])]
            cells += [
                cell.rjust(width) for cell, width in zip(row[1:-1], widths[1:-1], strict=True)
            ]
            cells.append(row[-1])
            lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"


def _percentage(tp: int, n: int, *, nothing_at_all: bool) -> float:
    if nothing_at_all:
        return 100.0
    return 0.0 if n == 0 else 100.0 * tp / n


def _score_document(
    text: str, gold: Sequence[Attribution], predicted: Sequence[Attribution], counts: _Counts
) -> None:
    trimmed_gold = [_trim(text, attribution) for attribution in gold]
    trimmed_predicted = [_trim(text, attribution) for attribution in predicted]
    for side, attributions in (("gold", trimmed_gold), ("pred", trimmed_predicted)):
        for attribution in attributions:
            _add(counts, f"n_{side}", "linked", attribution.kind, 1)
            for role, chars in attribution.roles.items():
                if chars:
                    _add(counts, f"n_{side}", f"{role} exact", attribution.kind, 1)
                    _add(counts, f"n_{side}", f"{role} overlap", attribution.kind, len(chars))
    for gold_attribution, predicted_attribution in _align(trimmed_gold, trimmed_predicted):
        found = {"linked": int(_linked(gold_attribution, predicted_attribution))}
        for role in _ROLES:
            gold_chars = gold_attribution.roles[role]
            predicted_chars = predicted_attribution.roles[role]
            found[f"{role} exact"] = int(bool(gold_chars) and gold_chars == predicted_chars)
            found[f"{role} overlap"] = len(gold_chars & predicted_chars)
        for name, value in found.items():
            _add(counts, "tp_gold", name, gold_attribution.kind, value)
            _add(counts, "tp_pred", name, predicted_attribution.kind, value)


def _add(counts: _Counts, count: str, name: str, kind: Kind, value: int) -> None:
    counts[count, name, None] += value
    counts[count, name, kind] += value


def _trim(text: str, attribution: Attribution) -> _Trimmed:
    source = () if attribution.source is None else (attribution.source,)
    return _Trimmed(
        attribution.kind,
        {
            "content": _trimmed_chars(text, attribution.content),
            "source": _trimmed_chars(text, source),
            "cue": _trimmed_chars(text, attribution.cue),
        },
    )


def _trimmed_chars(text: str, spans: Iterable[Span]) -> frozenset[int]:
    covered: set[int] = set()
    for span in spans:
        if not 0 <= span.start <= span.end <= len(text):
            raise ValueError(f"span ({span.start}, {span.end}) is outside a text of {len(text)}")
        covered.update(range(span.start, span.end))
    kept: set[int] = set()
    offsets = sorted(covered)
    run_start = 0
    for index, offset in enumerate(offsets):
        if index + 1 == len(offsets) or offsets[index + 1] != offset + 1:
            kept.update(_trim_run(text, offsets[run_start], offset + 1))
            run_start = index + 1
    if not kept:
        # A cue can be nothing but punctuation, like the colon in 'Trump: "We will win."'.
        kept = {offset for offset in covered if not text[offset].isspace()}
    return frozenset(kept)


def _trim_run(text: str, start: int, end: int) -> range:
    while start < end and _is_edge_noise(text[start]):
        start += 1
    while end > start and _is_edge_noise(text[end - 1]):
        end -= 1
    return range(start, end)


def _is_edge_noise(char: str) -> bool:
    return char.isspace() or unicodedata.category(char).startswith("P")


def _dice(first: frozenset[int], second: frozenset[int]) -> float:
    total = len(first) + len(second)
    return 0.0 if total == 0 else 2 * len(first & second) / total


def _align(
    gold: Sequence[_Trimmed], predicted: Sequence[_Trimmed]
) -> list[tuple[_Trimmed, _Trimmed]]:
    candidates: list[tuple[float, int, int]] = []
    for gold_index, gold_attribution in enumerate(gold):
        for predicted_index, predicted_attribution in enumerate(predicted):
            gold_content = gold_attribution.roles["content"]
            predicted_content = predicted_attribution.roles["content"]
            if gold_content and predicted_content:
                dice = _dice(gold_content, predicted_content)
            elif not gold_content and not predicted_content:
                dice = _dice(gold_attribution.roles["cue"], predicted_attribution.roles["cue"])
            else:
                continue
            if dice > 0:
                candidates.append((-dice, gold_index, predicted_index))
    candidates.sort()
    paired_gold: set[int] = set()
    paired_predicted: set[int] = set()
    pairs = []
    for _, gold_index, predicted_index in candidates:
        if gold_index not in paired_gold and predicted_index not in paired_predicted:
            paired_gold.add(gold_index)
            paired_predicted.add(predicted_index)
            pairs.append((gold[gold_index], predicted[predicted_index]))
    return pairs


def _linked(gold: _Trimmed, predicted: _Trimmed) -> bool:
    gold_content, predicted_content = gold.roles["content"], predicted.roles["content"]
    content_matches = (not gold_content and not predicted_content) or _dice(
        gold_content, predicted_content
    ) >= LINKED_DICE
    return content_matches and all(
        _overlap_or_both_absent(gold.roles[role], predicted.roles[role])
        for role in ("source", "cue")
    )


def _overlap_or_both_absent(gold: frozenset[int], predicted: frozenset[int]) -> bool:
    return bool(gold & predicted) if gold or predicted else True

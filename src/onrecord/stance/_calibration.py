"""Class offsets for the stance model's logits, fit on development data.

The network's leanings come partly from its training mix (PERSPECTRUM is half ``opposes``,
FNC-1 is subsampled), not from the text it reads: on PERSPECTRUM dev the first shipped network
recalled 78.7% of ``opposes`` and 70.6% of ``supports``. Adding a constant to a class's logit
moves the boundaries between the classes without retraining. Three offsets are fit (supports,
discusses, unrelated; opposes stays at zero), and the objective is the mean of

- PERSPECTRUM dev's supports/opposes macro-F1 (the issue's measure), and
- the macro-F1 of the public stances (supports, opposes, neither as the sum of its halves, as
  :func:`onrecord.stance._model.stance_from_probabilities` decides) on FNC-1's held-out headlines,
  and
- the same on the news triples of the positions held out of ``train-stance --news-train``,
  when it is given: statements as the extractor finds them, which FNC-1's headline and body
  pairs (72% unrelated) are not. Fit on FNC-1 alone, the offsets pushed a model trained with
  news triples to call 31 of the news check set's 52 supporting statements neither.

All are development sets, so the scores reported after calibration are tuned on the data they
are measured on (three numbers fit on some 7,000 pairs).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from onrecord.stance._data import (
    CLASSES,
    DISCUSSES,
    OPPOSES,
    STANCES,
    SUPPORTS,
    UNRELATED,
    StancePair,
    public_stance,
)
from onrecord.stance._model import (
    SETTINGS_FILE,
    FloatArray,
    StanceModel,
    offsets_vector,
    softmax,
)
from onrecord.stance._score import class_scores, macro_f1

# Offsets of these classes are fit; opposes stays at zero (only differences between logits count).
FREE = (SUPPORTS, DISCUSSES, UNRELATED)
# The grid's half width and its coarse and fine steps.
BOUND = 4.0
COARSE = 0.25
FINE = 0.05


@dataclass(frozen=True)
class DevLogits:
    """The network's logits (before offsets) of development pairs and their gold classes."""

    logits: FloatArray
    gold: tuple[str, ...]


@dataclass(frozen=True)
class Calibration:
    """The fit offsets (by class) and the development scores before and after them (no news
    score without news development pairs)."""

    offsets: dict[str, float]
    perspectrum_macro_f1: tuple[float, float]
    fnc_public_macro_f1: tuple[float, float]
    news_public_macro_f1: tuple[float, float] | None


def dev_logits(model: StanceModel, pairs: Sequence[StancePair]) -> DevLogits:
    logits = np.stack([model.logits(p.position, p.statement) for p in pairs])
    return DevLogits(logits.astype(np.float32), tuple(p.stance for p in pairs))


def perspectrum_score(dev: DevLogits, offsets: FloatArray) -> float:
    """Supports/opposes macro-F1 as :func:`onrecord.stance._score.score_perspectrum` counts it."""
    shifted = dev.logits + offsets
    supports, opposes = CLASSES.index(SUPPORTS), CLASSES.index(OPPOSES)
    predicted = np.where(shifted[:, supports] >= shifted[:, opposes], SUPPORTS, OPPOSES)
    return macro_f1(class_scores(dev.gold, list(predicted), (SUPPORTS, OPPOSES)))


def public_score(dev: DevLogits, offsets: FloatArray) -> float:
    """Macro-F1 of supports, opposes and neither, neither being the sum of its two classes."""
    probabilities = softmax(dev.logits + offsets)
    public = np.stack(
        [probabilities[:, 0], probabilities[:, 1], probabilities[:, 2:].sum(axis=1)], axis=1
    )
    predicted = [STANCES[i] for i in public.argmax(axis=1)]
    return macro_f1(class_scores([public_stance(g) for g in dev.gold], predicted, STANCES))


def fit_offsets(
    perspectrum: DevLogits, fnc: DevLogits, news: DevLogits | None = None
) -> dict[str, float]:
    """The offsets with the best mean development score, by coordinate ascent: each free class's
    offset in turn set to its best value on a grid (of equal scores, the one nearest zero) until
    a round changes none, first on a coarse grid, then on a fine one around the coarse best."""

    def score(offsets: dict[str, float]) -> float:
        vector = offsets_vector(offsets)
        total = perspectrum_score(perspectrum, vector) + public_score(fnc, vector)
        return round(total + (0.0 if news is None else public_score(news, vector)), 9)

    def ascend(offsets: dict[str, float], values: Callable[[float], list[float]]) -> None:
        changed = True
        while changed:
            changed = False
            for name in FREE:
                trials = [{**offsets, name: value} for value in values(offsets[name])]
                best = max(trials, key=lambda t: (score(t), -abs(t[name])))
                if best[name] != offsets[name] and score(best) > score(offsets):
                    offsets[name] = best[name]
                    changed = True

    def steps(center: float, half: float, step: float) -> list[float]:
        count = round(half / step)
        return [round(center + step * i, 4) for i in range(-count, count + 1)]

    offsets = dict.fromkeys(CLASSES, 0.0)
    ascend(offsets, lambda _: steps(0.0, BOUND, COARSE))
    ascend(offsets, lambda value: [v for v in steps(value, COARSE, FINE) if abs(v) <= BOUND])
    return offsets


def calibrate(
    directory: Path,
    perspectrum_dev: Sequence[StancePair],
    fnc_dev: Sequence[StancePair],
    news_dev: Sequence[StancePair] = (),
) -> Calibration:
    """Fit the offsets of the model in ``directory`` on the development pairs (``news_dev`` may
    be empty) and record them, with the scores they change, in its ``model.json``."""
    model = StanceModel(directory)
    perspectrum, fnc = dev_logits(model, perspectrum_dev), dev_logits(model, fnc_dev)
    news = dev_logits(model, news_dev) if news_dev else None
    fit = offsets_vector(fit_offsets(perspectrum, fnc, news))
    zero = np.zeros(len(CLASSES), dtype=np.float32)
    calibration = Calibration(
        offsets={c: round(float(v), 4) for c, v in zip(CLASSES, fit, strict=True)},
        perspectrum_macro_f1=(
            perspectrum_score(perspectrum, zero),
            perspectrum_score(perspectrum, fit),
        ),
        fnc_public_macro_f1=(public_score(fnc, zero), public_score(fnc, fit)),
        news_public_macro_f1=None
        if news is None
        else (public_score(news, zero), public_score(news, fit)),
    )
    fit_on = "PERSPECTRUM dev and FNC-1 held-out headlines"
    scores = {
        "perspectrum_macro_f1": calibration.perspectrum_macro_f1,
        "fnc_public_macro_f1": calibration.fnc_public_macro_f1,
    }
    if calibration.news_public_macro_f1 is not None:
        fit_on += f", and the {len(news_dev)} news triples of the held-out positions"
        scores["news_public_macro_f1"] = calibration.news_public_macro_f1
    path = directory / SETTINGS_FILE
    record = json.loads(path.read_text(encoding="utf-8"))
    record["logit_offsets"] = calibration.offsets
    record.setdefault("provenance", {})["calibration"] = {
        "fit_on": f"{fit_on} (onrecord.stance._calibration)",
        **{name: [round(v, 4) for v in pair] for name, pair in scores.items()},
    }
    path.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    return calibration

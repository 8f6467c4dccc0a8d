"""The stance model at run time: a cross-encoder reads a position and a statement together and
says whether the statement supports the position, opposes it, or neither.

The encoder is all-MiniLM-L6-v2 fine-tuned by :mod:`onrecord.stance._training`; it reads
``[CLS] position [SEP] statement [SEP]`` and a linear head over its mean token vector gives four
classes (supports, opposes, discusses, unrelated); a per-class offset fit on development data
(``model.json``'s ``logit_offsets``) is added to the logits. A result's ``neither`` is the sum of
the last two. Only onnxruntime, tokenizers and numpy are needed: the model ships as int8 ONNX.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from onrecord._onnx import cpu_session
from onrecord.errors import InputError, MissingExtraError, ModelNotFoundError
from onrecord.stance._data import CLASSES, NEITHER, OPPOSES, SUPPORTS, UNRELATED

if TYPE_CHECKING:
    from tokenizers import Tokenizer

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float32]

SHIPPED_DIRECTORY = "data/stance_model"
MODEL_FILE = "stance.int8.onnx"
TOKENIZER_FILE = "tokenizer.json"
SETTINGS_FILE = "model.json"
# Wordpieces of a (position, statement) pair with its three special tokens; a longer statement
# loses its end (then the position's, if the position alone is longer than half).
MAX_TOKENS = 128


@dataclass(frozen=True)
class Stance:
    """What the model says of one statement toward a position.

    ``stance`` is the most probable of ``supports``, ``opposes`` and ``neither``; the three
    probabilities sum to one. ``unrelated`` is the part of ``neither`` that finds the statement
    beside the subject (the rest of it reports or discusses without taking a side).
    """

    stance: str
    supports: float
    opposes: float
    neither: float
    unrelated: float


@dataclass(frozen=True)
class EncodedPair:
    ids: IntArray
    type_ids: IntArray


def configure(tokenizer: Tokenizer, max_tokens: int = MAX_TOKENS) -> Tokenizer:
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_tokens, strategy="longest_first")
    return tokenizer


def encode_pair(tokenizer: Tokenizer, position: str, statement: str) -> EncodedPair:
    """The pair as the model reads it, truncated to the tokenizer's length (:func:`configure`)."""
    encoding = tokenizer.encode(position, statement)
    return EncodedPair(
        ids=np.asarray(encoding.ids, dtype=np.int64),
        type_ids=np.asarray(encoding.type_ids, dtype=np.int64),
    )


def stance_from_probabilities(probabilities: FloatArray) -> Stance:
    """The result for the model's four class probabilities (in :data:`CLASSES` order)."""
    by_class = dict(zip(CLASSES, (float(p) for p in probabilities), strict=True))
    supports, opposes = by_class[SUPPORTS], by_class[OPPOSES]
    neither = 1.0 - supports - opposes
    ranked = {SUPPORTS: supports, OPPOSES: opposes, NEITHER: neither}
    return Stance(
        stance=max(ranked, key=lambda s: ranked[s]),
        supports=supports,
        opposes=opposes,
        neither=neither,
        unrelated=by_class[UNRELATED],
    )


def softmax(logits: FloatArray) -> FloatArray:
    shifted = np.exp(logits - logits.max(axis=-1, keepdims=True))
    result: FloatArray = (shifted / shifted.sum(axis=-1, keepdims=True)).astype(np.float32)
    return result


class StanceModel:
    """The int8 ONNX cross-encoder and its tokenizer (load it once: :func:`load_stance_model`)."""

    def __init__(self, directory: Path) -> None:
        try:
            from tokenizers import Tokenizer
        except ImportError as error:  # pragma: no cover - both are core dependencies
            raise MissingExtraError(
                f"the stance model needs onnxruntime and tokenizers ({error})"
            ) from error
        try:
            record = json.loads((directory / SETTINGS_FILE).read_text(encoding="utf-8"))
            if tuple(record["classes"]) != CLASSES:
                raise ValueError(f"classes {record['classes']} are not {list(CLASSES)}")
            self.max_tokens = int(record["max_tokens"])
            self.offsets = logit_offsets(record)
            self.provenance: dict[str, Any] = dict(record.get("provenance", {}))
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise ModelNotFoundError(f"cannot read stance model {directory}: {error}") from None
        try:
            self.tokenizer = Tokenizer.from_file(str(directory / TOKENIZER_FILE))
        except Exception as error:  # tokenizers raises a bare Exception
            raise ModelNotFoundError(
                f"cannot read stance model {directory}: {TOKENIZER_FILE}: {error}"
            ) from None
        configure(self.tokenizer, self.max_tokens)
        self.session = cpu_session(directory / MODEL_FILE)

    def logits(self, position: str, statement: str) -> FloatArray:
        """The network's four class logits of one pair, before the offsets.

        Pairs run one at a time: int8 dynamic quantization scales activations per run, so in a
        batch a pair's result would depend on its neighbours; and no padding is needed.
        """
        pair = encode_pair(self.tokenizer, position, statement)
        (logits,) = self.session.run(
            ["logits"],
            {
                "input_ids": pair.ids[None, :],
                "attention_mask": np.ones((1, len(pair.ids)), dtype=np.int64),
                "token_type_ids": pair.type_ids[None, :],
            },
        )
        result: FloatArray = np.asarray(logits, dtype=np.float32)[0]
        return result

    def probabilities(self, position: str, statement: str) -> FloatArray:
        """The four class probabilities of one pair, with the model's class offsets applied."""
        return softmax(self.logits(position, statement) + self.offsets)

    def classify(self, position: str, statements: Sequence[str]) -> list[Stance]:
        """The stance of each statement toward ``position``, in order."""
        position = _checked(position, "position")
        return [
            stance_from_probabilities(self.probabilities(position, _checked(s, "statement")))
            for s in statements
        ]


def logit_offsets(record: dict[str, Any]) -> FloatArray:
    """The class offsets ``model.json`` records (:mod:`onrecord.stance._calibration`), in
    :data:`CLASSES` order; none recorded is none added."""
    recorded = record.get("logit_offsets", dict.fromkeys(CLASSES, 0.0))
    if not isinstance(recorded, dict) or set(recorded) != set(CLASSES):
        raise ValueError(f"logit_offsets {recorded!r} do not name the classes {list(CLASSES)}")
    return offsets_vector({c: float(recorded[c]) for c in CLASSES})


def offsets_vector(offsets: dict[str, float]) -> FloatArray:
    """Offsets by class name as a vector in :data:`CLASSES` order, a class not named at zero."""
    return np.array([offsets.get(c, 0.0) for c in CLASSES], dtype=np.float32)


def _checked(text: str, what: str) -> str:
    if not text.strip():
        raise InputError(f"the {what} is empty: a stance needs words on both sides")
    return text


def shipped_model_directory() -> Path:
    return Path(str(resources.files("onrecord").joinpath(SHIPPED_DIRECTORY)))


@cache
def load_stance_model(directory: Path | None = None) -> StanceModel:
    """The stance model in ``directory`` (by default the one shipped in the package)."""
    return StanceModel(directory or shipped_model_directory())

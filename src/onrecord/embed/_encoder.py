"""Statement embeddings at run time: the int8 ONNX encoder, its tokenizer and numpy."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from onrecord.errors import MissingExtraError, ModelNotFoundError

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]

SHIPPED_DIRECTORY = "data/sentence_encoder"
ENCODER_FILE = "encoder.int8.onnx"
TOKENIZER_FILE = "tokenizer.json"
SETTINGS_FILE = "model.json"

WIDTH = 384
# sentence-transformers reads at most 256 word pieces of a text for this model, [CLS] and
# [SEP] included (its max_seq_length); the rest is cut off.
MAX_PIECES = 256
# Texts per encoder run, and word pieces (padding included). Texts are sorted by length first,
# so a run pads little. On the contents of PolNeAR dev statements (median 17 pieces), one thread
# embedded 600-650 a second one at a time, 800 in runs of 8 or 16, and 660 in runs of 64.
BATCH_TEXTS = 16
BATCH_PIECES = 4096
# sentence-transformers divides by the mask's sum clamped to this, and normalises by the norm
# clamped to the second.
_MASK_FLOOR = 1e-9
_NORM_FLOOR = 1e-12


def mean_pool(hidden: FloatArray, mask: IntArray) -> FloatArray:
    """The mean of each text's token vectors over its attention mask, scaled to unit length,
    as sentence-transformers' Pooling (mean) and Normalize modules compute it."""
    weights = mask.astype(np.float32)[:, :, None]
    summed = (hidden.astype(np.float32) * weights).sum(axis=1)
    means = summed / np.maximum(weights.sum(axis=1), _MASK_FLOOR)
    norms = np.linalg.norm(means, axis=1, keepdims=True)
    pooled: FloatArray = (means / np.maximum(norms, _NORM_FLOOR)).astype(np.float32)
    return pooled


def length_batches(
    lengths: Sequence[int], keys: Sequence[str], batch_size: int = BATCH_TEXTS
) -> list[list[int]]:
    """Indices of the texts grouped into runs of similar length, at most ``batch_size`` texts
    and ``BATCH_PIECES`` padded pieces each (a longer text runs alone).

    Texts are sorted by length and then by text, so that which texts share a run does not
    depend on the order they came in: the int8 encoder quantizes its activations per run, so a
    text's vector depends a little on the texts that share its run.
    """
    order = sorted(range(len(lengths)), key=lambda index: (lengths[index], keys[index]))
    batches: list[list[int]] = []
    current: list[int] = []
    for index in order:
        # Sorted by length, so the newest text is the longest: it sets the padded width.
        if current and (
            len(current) >= batch_size or (len(current) + 1) * lengths[index] > BATCH_PIECES
        ):
            batches.append(current)
            current = []
        current.append(index)
    if current:
        batches.append(current)
    return batches


class StatementEncoder:
    """all-MiniLM-L6-v2 in int8: one unit vector of 384 numbers per text, such that texts of
    similar meaning have a high cosine (the dot product of their vectors)."""

    def __init__(self, directory: Path) -> None:
        try:
            import onnxruntime
            from tokenizers import Tokenizer
        except ImportError as error:  # pragma: no cover - both are core dependencies
            raise MissingExtraError(
                f"statement embeddings need onnxruntime and tokenizers ({error})"
            ) from error
        try:
            record = json.loads((directory / SETTINGS_FILE).read_text(encoding="utf-8"))
            self.max_pieces = int(record.get("max_pieces", MAX_PIECES))
            self.provenance: dict[str, Any] | None = record.get("provenance")
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
            raise ModelNotFoundError(f"cannot read sentence encoder {directory}: {error}") from None
        try:
            self.tokenizer = Tokenizer.from_file(str(directory / TOKENIZER_FILE))
        except Exception as error:  # tokenizers raises a bare Exception for a missing file
            raise ModelNotFoundError(
                f"cannot read sentence encoder {directory / TOKENIZER_FILE}: {error}"
            ) from None
        # The shipped tokenizer.json pads and cuts every text to 128 pieces; sentence-transformers
        # cuts at 256 and pads a batch to its longest text, which is what we do.
        self.tokenizer.enable_truncation(max_length=self.max_pieces)
        self.tokenizer.no_padding()
        options = onnxruntime.SessionOptions()
        # One thread per process, like the attribution tagger: parallelism comes from worker
        # processes.
        options.intra_op_num_threads = int(os.environ.get("ONRECORD_THREADS", "1"))
        options.inter_op_num_threads = 1
        try:
            self.session = onnxruntime.InferenceSession(
                str(directory / ENCODER_FILE), options, providers=["CPUExecutionProvider"]
            )
        except Exception as error:  # onnxruntime raises its own untyped exceptions
            raise ModelNotFoundError(f"cannot load {directory / ENCODER_FILE}: {error}") from None

    def pieces(self, texts: Sequence[str]) -> list[list[int]]:
        """Each text's word-piece ids, [CLS] and [SEP] included, cut to ``max_pieces``."""
        # One text at a time: encode_batch would start a thread pool of its own.
        return [self.tokenizer.encode(text).ids for text in texts]

    def embed(self, texts: Sequence[str], *, batch_size: int = BATCH_TEXTS) -> FloatArray:
        """One unit vector per text, in the order given: shape (len(texts), 384), float32.

        Equal texts are encoded once and get equal vectors, and the result does not depend on
        the order of ``texts``. It does depend a little on which other texts are embedded in
        the same call, since texts of similar length share encoder runs and the int8 encoder
        scales its activations per run: on PolNeAR dev contents the cosine of a text's vector
        alone and in company averages 0.991 (minimum 0.957), as far apart as int8 is from fp32.
        ``batch_size=1`` gives every text the vector it has alone, at 27% less speed.
        """
        if isinstance(texts, str):
            raise TypeError("embed() takes a sequence of texts, not one string")
        unique = sorted(set(texts))
        out = np.zeros((len(texts), WIDTH), dtype=np.float32)
        if not unique:
            return out
        ids = self.pieces(unique)
        vectors = np.zeros((len(unique), WIDTH), dtype=np.float32)
        for batch in length_batches([len(each) for each in ids], unique, batch_size):
            width = max(len(ids[index]) for index in batch)
            input_ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for row, index in enumerate(batch):
                input_ids[row, : len(ids[index])] = ids[index]
                mask[row, : len(ids[index])] = 1
            (hidden,) = self.session.run(
                ["hidden"], {"input_ids": input_ids, "attention_mask": mask}
            )
            vectors[batch] = mean_pool(np.asarray(hidden, dtype=np.float32), mask)
        position = {text: index for index, text in enumerate(unique)}
        out[:] = vectors[[position[text] for text in texts]]
        return out


@cache
def shipped_encoder() -> StatementEncoder:
    """The int8 all-MiniLM-L6-v2 that ships with onrecord, loaded once per process."""
    with resources.as_file(resources.files("onrecord").joinpath(SHIPPED_DIRECTORY)) as path:
        return StatementEncoder(path)


@cache
def load_encoder(directory: str) -> StatementEncoder:
    """The encoder exported to ``directory``, loaded once per process."""
    return StatementEncoder(Path(directory))


def embed(texts: Sequence[str], *, batch_size: int = BATCH_TEXTS) -> FloatArray:
    """One unit vector per text from the shipped encoder: shape (len(texts), 384), float32
    (see :meth:`StatementEncoder.embed`)."""
    return shipped_encoder().embed(texts, batch_size=batch_size)

"""Statement embeddings at run time: the int8 ONNX encoder, its tokenizer and numpy."""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from onrecord._onnx import cpu_session
from onrecord.errors import MissingExtraError, ModelNotFoundError

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]

SHIPPED_DIRECTORY = "data/sentence_encoder"
ENCODER_FILE = "encoder.int8.onnx"
TOKENIZER_FILE = "tokenizer.json"
SETTINGS_FILE = "model.json"

VECTOR_WIDTH = 384
# sentence-transformers reads at most 256 word pieces of a text for this model, [CLS] and
# [SEP] included (its max_seq_length); the rest is cut off.
MAX_PIECES = 256
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


class StatementEncoder:
    """all-MiniLM-L6-v2 in int8: one unit vector of 384 numbers per text, such that texts of
    similar meaning have a high cosine (the dot product of their vectors)."""

    def __init__(self, directory: Path) -> None:
        try:
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
        self.session = cpu_session(directory / ENCODER_FILE)

    def pieces(self, texts: Sequence[str]) -> list[list[int]]:
        """Each text's word-piece ids, [CLS] and [SEP] included, cut to ``max_pieces``."""
        # One text at a time: encode_batch would start a thread pool of its own.
        return [self.tokenizer.encode(text).ids for text in texts]

    def embed(self, texts: Sequence[str]) -> FloatArray:
        """One unit vector per text, in the order given: shape (len(texts), 384), float32.

        Each text is encoded alone. The int8 encoder quantizes its activations with scales
        computed over each run, so a text encoded in company gets a vector that depends on its
        company (on PolNeAR dev contents, cosine 0.991 on average to the vector it has alone,
        0.957 at worst): stored vectors must not depend on what else was embedded with them.
        Equal texts are encoded once.
        """
        if isinstance(texts, str):
            raise TypeError("embed() takes a sequence of texts, not one string")
        out = np.zeros((len(texts), VECTOR_WIDTH), dtype=np.float32)
        done: dict[str, FloatArray] = {}
        for row, text in enumerate(texts):
            if text not in done:
                done[text] = self._encode(text)
            out[row] = done[text]
        return out

    def _encode(self, text: str) -> FloatArray:
        ids = np.array(self.pieces([text]), dtype=np.int64)
        mask = np.ones_like(ids)
        (hidden,) = self.session.run(["hidden"], {"input_ids": ids, "attention_mask": mask})
        vector: FloatArray = mean_pool(np.asarray(hidden, dtype=np.float32), mask)[0]
        return vector


@cache
def shipped_encoder() -> StatementEncoder:
    """The int8 all-MiniLM-L6-v2 that ships with onrecord, loaded once per process."""
    with resources.as_file(resources.files("onrecord").joinpath(SHIPPED_DIRECTORY)) as path:
        return StatementEncoder(path)


def embed_texts(texts: Sequence[str]) -> FloatArray:
    """One unit vector per text from the shipped encoder: shape (len(texts), 384), float32.

    A text's vector does not depend on the other texts (see :meth:`StatementEncoder.embed`).
    """
    return shipped_encoder().embed(texts)


def embed_query(text: str) -> FloatArray:
    """The vector of a search query as typed: shape (384,), comparable with statements'."""
    vector: FloatArray = shipped_encoder().embed([text])[0]
    return vector

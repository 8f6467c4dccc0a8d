"""The stance cross-encoder in torch, for training only (:mod:`onrecord.stance._training`).

:mod:`onrecord.stance._model` runs what this computes as ONNX.
"""

from __future__ import annotations

from pathlib import Path

from torch import Tensor, nn
from transformers import AutoModel

from onrecord.stance._data import CLASSES


class StanceNetwork(nn.Module):
    """all-MiniLM-L6-v2 and a linear head over the mean of its token vectors.

    Mean pooling, not [CLS]: the sentence encoder was trained to put a text's meaning in the mean
    of its token vectors, so the head starts from a representation that already carries it.
    """

    def __init__(self, encoder: Path, dropout: float = 0.1) -> None:
        super().__init__()
        self.encoder = AutoModel.from_pretrained(str(encoder))
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(int(self.encoder.config.hidden_size), len(CLASSES))

    def freeze(self, layers: int) -> None:
        """Keep the embeddings and the first ``layers`` encoder layers as they are."""
        if layers <= 0:
            return
        frozen = [self.encoder.embeddings, *self.encoder.encoder.layer[:layers]]
        for module in frozen:
            for parameter in module.parameters():
                parameter.requires_grad = False

    def forward(self, ids: Tensor, mask: Tensor, type_ids: Tensor) -> Tensor:
        hidden: Tensor = self.encoder(
            input_ids=ids, attention_mask=mask, token_type_ids=type_ids
        ).last_hidden_state
        weights = mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1.0)
        logits: Tensor = self.head(self.dropout(pooled))
        return logits

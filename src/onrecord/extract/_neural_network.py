"""The accurate extractor's network in torch, for training only.

Trained by :mod:`onrecord.extract._neural_training`.

The encoder with its tagging head is what :mod:`onrecord.extract._neural` runs as ONNX; the linker's
weights are saved under the names :class:`onrecord.extract._neural.Linker` reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import torch
from torch import Tensor, nn
from transformers import AutoModel

from onrecord.extract._neural import (
    DISTANCE_BUCKETS,
    ROLES,
    TokenSpan,
    distance_bucket,
    signed_distances,
)

if TYPE_CHECKING:
    from onrecord.extract._neural_training import GoldLink, TrainingWindow

IGNORED = -100
LINK_WIDTH = 256
LINKED_ROLES = ("content", "source")
# The share of cues hidden from the content linker in training.
CUE_DROPOUT = 0.2


class Linker(nn.Module):
    """The pair scorers of :class:`onrecord.extract._neural.Linker`."""

    def __init__(self, width: int) -> None:
        super().__init__()
        for role in LINKED_ROLES:
            self.add_module(f"{role}_cue", nn.Linear(2 * width, LINK_WIDTH))
            self.add_module(f"{role}_other", nn.Linear(2 * width, LINK_WIDTH))
            self.add_module(f"{role}_distance", nn.Embedding(DISTANCE_BUCKETS, LINK_WIDTH))
            self.add_module(f"{role}_out", nn.Linear(LINK_WIDTH, 1))
        self.source_none = nn.Linear(LINK_WIDTH, 1)
        self.content_none = nn.Linear(LINK_WIDTH, 1)

    def _layer(self, name: str) -> nn.Module:
        return self.get_submodule(name)

    def scores(
        self, role: str, hidden: Tensor, cues: Sequence[TokenSpan], others: Sequence[TokenSpan]
    ) -> Tensor:
        """Cues × others link scores."""
        cue_part = self._layer(f"{role}_cue")(_ends(hidden, cues))
        other_part = self._layer(f"{role}_other")(_ends(hidden, others))
        distances = signed_distances(
            np.array([[cue.first] for cue in cues]),
            np.array([[cue.last] for cue in cues]),
            np.array([[other.first for other in others]]),
            np.array([[other.last for other in others]]),
        )
        buckets = torch.from_numpy(distance_bucket(distances))
        layer = (
            cue_part[:, None, :] + other_part[None, :, :] + self._layer(f"{role}_distance")(buckets)
        )
        activated = nn.functional.gelu(layer, approximate="tanh")
        scores: Tensor = self._layer(f"{role}_out")(activated).squeeze(-1)
        return scores

    def no_cue(self, hidden: Tensor, contents: Sequence[TokenSpan]) -> Tensor:
        projected = nn.functional.gelu(
            self._layer("content_other")(_ends(hidden, contents)), approximate="tanh"
        )
        scores: Tensor = self.content_none(projected).squeeze(-1)
        return scores

    def no_source(self, hidden: Tensor, cues: Sequence[TokenSpan]) -> Tensor:
        projected = nn.functional.gelu(
            self._layer("source_cue")(_ends(hidden, cues)), approximate="tanh"
        )
        scores: Tensor = self.source_none(projected).squeeze(-1)
        return scores


def _ends(hidden: Tensor, spans: Sequence[TokenSpan]) -> Tensor:
    firsts = torch.tensor([s.first for s in spans], dtype=torch.long)
    lasts = torch.tensor([s.last for s in spans], dtype=torch.long)
    return torch.cat([hidden[firsts], hidden[lasts]], dim=-1)


class AttributionNetwork(nn.Module):
    """all-MiniLM-L6-v2, a tagging head (outside/begin/inside per role) and the linker."""

    def __init__(self, encoder: Path) -> None:
        super().__init__()
        self.encoder = AutoModel.from_pretrained(str(encoder))
        width = int(self.encoder.config.hidden_size)
        self.tagger = nn.Linear(width, 3 * len(ROLES))
        self.linker = Linker(width)

    def heads(self) -> list[nn.Parameter]:
        return [*self.tagger.parameters(), *self.linker.parameters()]

    def forward(self, ids: Tensor, mask: Tensor) -> tuple[Tensor, Tensor]:
        """Token vectors and tag logits: what the shipped ONNX file computes."""
        hidden: Tensor = self.encoder(input_ids=ids, attention_mask=mask).last_hidden_state
        return hidden, self.tagger(hidden)

    def loss(self, batch: Sequence[TrainingWindow]) -> Tensor:
        width = max(len(w.ids) for w in batch)
        ids = torch.zeros((len(batch), width), dtype=torch.long)
        mask = torch.zeros((len(batch), width), dtype=torch.long)
        tags = torch.full((len(batch), width, len(ROLES)), IGNORED, dtype=torch.long)
        for row, window in enumerate(batch):
            ids[row, : len(window.ids)] = torch.from_numpy(window.ids)
            mask[row, : len(window.ids)] = 1
            tags[row, : len(window.ids)] = torch.from_numpy(window.tags)
        hidden, logits = self(ids, mask)
        loss = nn.functional.cross_entropy(
            logits.reshape(-1, 3), tags.reshape(-1), ignore_index=IGNORED
        )
        link_losses = []
        for row, window in enumerate(batch):
            link_losses += self._link_losses(hidden[row], window.links)
        if link_losses:
            loss = loss + torch.stack(link_losses).mean()
        return loss

    def _link_losses(self, hidden: Tensor, links: Sequence[GoldLink]) -> list[Tensor]:
        """Each content fragment chooses its cue; each cue its source or none."""
        cues = list(dict.fromkeys(link.cue for link in links))
        if not cues:
            return []
        losses = []
        fragments = [(c, cues.index(link.cue)) for link in links for c in link.content]
        if fragments:
            # Some cues are hidden from the candidates, so that a fragment whose cue the tagger
            # missed learns to join none rather than a wrong one.
            kept = [i for i, hide in enumerate(torch.rand(len(cues)) < CUE_DROPOUT) if not hide]
            contents = [fragment for fragment, _ in fragments]
            none = self.linker.no_cue(hidden, contents)[None, :]
            if kept:
                pairs = self.linker.scores("content", hidden, [cues[i] for i in kept], contents)
                scores = torch.cat([pairs, none], dim=0)
            else:
                scores = none
            targets = torch.tensor(
                [kept.index(cue) if cue in kept else len(kept) for _, cue in fragments],
                dtype=torch.long,
            )
            losses.append(nn.functional.cross_entropy(scores.T, targets))
        sources = list(dict.fromkeys(link.source for link in links if link.source is not None))
        source_of = {link.cue: link.source for link in links}
        none = self.linker.no_source(hidden, cues)
        if sources:
            pairs = self.linker.scores("source", hidden, cues, sources)
            scores = torch.cat([pairs, none[:, None]], dim=1)
        else:
            scores = none[:, None]
        targets = torch.tensor(
            [
                len(sources) if (source := source_of[cue]) is None else sources.index(source)
                for cue in cues
            ],
            dtype=torch.long,
        )
        losses.append(nn.functional.cross_entropy(scores, targets))
        return losses

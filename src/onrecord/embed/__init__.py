"""Statement embeddings: one vector per text such that texts of similar meaning lie close.

The encoder is all-MiniLM-L6-v2 (the untuned sentence-transformers model, not the attribution
extractor's fine-tuned copy), exported to ONNX and quantized to int8 by
``scripts/export_sentence_encoder.py``; at run time only onnxruntime, tokenizers and numpy are
needed. Vectors are the mean of the token vectors over the attention mask, scaled to unit
length, exactly as sentence-transformers computes them for this model, so the cosine of two
texts is the dot product of their vectors.

>>> from onrecord.embed import embed
>>> vectors = embed(["We will not negotiate.", "Talks with Moscow are off."])
>>> float(vectors[0] @ vectors[1])  # doctest: +SKIP
"""

from onrecord.embed.encoder import (
    MAX_PIECES,
    WIDTH,
    StatementEncoder,
    embed,
    load_encoder,
    mean_pool,
    shipped_encoder,
)

__all__ = [
    "MAX_PIECES",
    "WIDTH",
    "StatementEncoder",
    "embed",
    "load_encoder",
    "mean_pool",
    "shipped_encoder",
]

"""Statement embeddings: one vector per text such that texts of similar meaning lie close.

The encoder is all-MiniLM-L6-v2 (the untuned sentence-transformers model, not the attribution
extractor's fine-tuned copy), exported to ONNX and quantized to int8 by
``scripts/export_sentence_encoder.py``; at run time only onnxruntime, tokenizers and numpy are
needed. Vectors are the mean of the token vectors over the attention mask, scaled to unit
length, as sentence-transformers computes them for this model, so the cosine of two texts is
the dot product of their vectors. Each text is encoded alone, so its vector never depends on
what else is embedded.

>>> from onrecord.embed import embed_query, embed_texts
>>> vectors = embed_texts(["We will not negotiate.", "Talks with Moscow are off."])
>>> float(vectors @ embed_query("negotiations with Russia"))  # doctest: +SKIP
"""

from onrecord.embed._backfill import BackfillSummary, embed_store
from onrecord.embed._encoder import (
    MAX_PIECES,
    VECTOR_WIDTH,
    FloatArray,
    StatementEncoder,
    embed_query,
    embed_texts,
    shipped_encoder,
)
from onrecord.embed._statements import embed_statements, statement_input

__all__ = [
    "MAX_PIECES",
    "VECTOR_WIDTH",
    "BackfillSummary",
    "FloatArray",
    "StatementEncoder",
    "embed_query",
    "embed_statements",
    "embed_store",
    "embed_texts",
    "shipped_encoder",
    "statement_input",
]

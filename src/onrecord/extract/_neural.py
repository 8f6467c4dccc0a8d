"""The accurate extractor: a fine-tuned MiniLM encoder finds cues, sources and contents, and a
small linker joins them into statements.

The encoder (all-MiniLM-L6-v2, 6 layers, 384 wide, fine-tuned on PolNeAR train by
:mod:`onrecord.extract._neural_training`) reads the article's WordPiece tokens in overlapping
windows and tags every token, for each of the three roles, as outside, beginning or inside a
span. Each token keeps the vector and tags of the window in which it sits farthest from an edge,
so that an article of any length reads as one sequence. Spans are widened to whole words.

The linker scores every (cue, content fragment) and (cue, source) pair from the two spans' first
and last token vectors and their signed distance: each content fragment joins its best cue, so a
quote interrupted by "said Biden" becomes one statement with two fragments, and each cue takes
its best source or none. A fragment may join no cue (the tagger missed it, or the fragment is
no content at all) and is then dropped; a cue that no content joins is not a statement.

At run time only onnxruntime, tokenizers and numpy are needed: the encoder and its tagging head
ship as an int8 ONNX file, the linker as a few numpy arrays.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
from threadpoolctl import ThreadpoolController

from onrecord._onnx import cpu_session
from onrecord.errors import MissingExtraError, ModelNotFoundError
from onrecord.offsets import Segment

if TYPE_CHECKING:
    from tokenizers import Tokenizer

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float32]
BoolArray = npt.NDArray[np.bool_]

SHIPPED_DIRECTORY = "data/attribution_model"
ENCODER_FILE = "encoder.int8.onnx"
TOKENIZER_FILE = "tokenizer.json"
LINKER_FILE = "linker.npz"
SETTINGS_FILE = "model.json"

ROLES = ("cue", "content", "source")
OUTSIDE, BEGIN, INSIDE = 0, 1, 2
# Wordpieces per encoder window (without [CLS] and [SEP]) and the step between windows: every
# token but the first and last 32 of an article sees at least 32 tokens of context each side.
WINDOW = 320
STRIDE = 256
# Signed token distances from a cue to the span it is linked with, in buckets on a log scale.
_DISTANCE_EDGES = (0, 1, 2, 3, 4, 6, 9, 14, 21, 32, 48, 72, 108, 162, 243)
DISTANCE_BUCKETS = 2 * len(_DISTANCE_EDGES)


@dataclass(frozen=True)
class Pieces:
    """The WordPiece tokens of a text: ids, character offsets and the word each belongs to."""

    ids: IntArray
    starts: IntArray
    ends: IntArray
    words: IntArray

    def __len__(self) -> int:
        return len(self.ids)

    def characters(self, span: TokenSpan) -> Segment:
        """The character offsets that ``span``'s tokens cover in the text."""
        return Segment((int(self.starts[span.first]), int(self.ends[span.last])))


@dataclass(frozen=True)
class TokenSpan:
    """Tokens ``first`` to ``last`` (both included) of a :class:`Pieces`."""

    first: int
    last: int


@dataclass(frozen=True)
class Statement:
    """A linked statement in token spans: its cue, content fragments and source, if any."""

    cue: TokenSpan
    content: tuple[TokenSpan, ...]
    source: TokenSpan | None
    confidence: float


def tokenize(tokenizer: Tokenizer, text: str) -> Pieces:
    encoding = tokenizer.encode(text, add_special_tokens=False)
    offsets = np.asarray(encoding.offsets, dtype=np.int64).reshape(-1, 2)
    words = [-1 if word is None else word for word in encoding.word_ids]
    return Pieces(
        ids=np.asarray(encoding.ids, dtype=np.int64),
        starts=offsets[:, 0].copy(),
        ends=offsets[:, 1].copy(),
        words=np.asarray(words, dtype=np.int64),
    )


def paragraph_numbers(text: str, pieces: Pieces) -> IntArray:
    """Each token's paragraph: how many line breaks come before it."""
    code_points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    breaks = np.flatnonzero(code_points == ord("\n"))
    return np.searchsorted(breaks, pieces.starts).astype(np.int64)


def window_ranges(
    length: int, window: int = WINDOW, stride: int = STRIDE, *, last_full: bool = True
) -> list[range]:
    """Token ranges ``stride`` apart that cover ``range(length)``.

    The last one ends at ``length``: with ``last_full`` it is a whole window (training reads
    full windows), else it starts ``stride`` after the one before, which reads fewer tokens
    twice (9% fewer in all on PolNeAR dev) and scored as well on dev.
    """
    if length <= window:
        return [range(length)]
    if last_full:
        starts = [*range(0, length - window, stride), length - window]
    else:
        starts = [*range(0, length - window, stride)]
        starts.append(starts[-1] + stride)
    return [range(start, min(start + window, length)) for start in starts]


def stitch(outputs: Sequence[FloatArray], ranges: Sequence[range], length: int) -> FloatArray:
    """Per-token rows of per-window ``outputs`` (each (2 + its window's length) × features,
    [CLS] and [SEP] included).

    Each token takes the row of the window in which it is farthest from an edge.
    """
    stitched = np.zeros((length, outputs[0].shape[-1]), dtype=np.float32)
    best = np.full(length, -1, dtype=np.int64)
    for output, span in zip(outputs, ranges, strict=True):
        positions = np.arange(span.start, span.stop)
        margin = np.minimum(positions - span.start, span.stop - 1 - positions)
        better = margin > best[positions]
        stitched[positions[better]] = output[1 : len(span) + 1][better]
        best[positions[better]] = margin[better]
    return stitched


# Tag-to-tag moves: "inside" may follow only "begin" or "inside".
_ALLOWED = np.array(
    [[0.0, 0.0, -np.inf], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]], dtype=np.float32
)  # rows: from O, B, I; columns: to O, B, I


def best_tags(logits: FloatArray) -> IntArray:
    """The best tag sequence per role (tokens × roles × 3 logits) in which no span opens with
    "inside" (Viterbi over the tags' log-probabilities).

    Most tokens keep their likeliest tag, so only the stretches around an "inside" that follows
    an "outside" are decoded: a token whose likeliest tag is "begin" keeps it in some best
    sequence (any tag may come before and after "begin"), so the sequence splits at those
    tokens into parts that are decoded on their own.
    """
    emissions = _log_probabilities(logits)
    tags: IntArray = emissions.argmax(axis=-1)
    for role in range(tags.shape[1]):
        column = tags[:, role]
        opens_inside = np.flatnonzero(
            (column == INSIDE) & (np.concatenate(([OUTSIDE], column[:-1])) == OUTSIDE)
        )
        begins = np.flatnonzero(column == BEGIN)
        done = -1
        for position in opens_inside.tolist():
            if position < done:
                continue
            index = int(np.searchsorted(begins, position))
            start = int(begins[index - 1]) + 1 if index else 0
            done = int(begins[index]) if index < len(begins) else len(column)
            column[start:done] = _viterbi(emissions[start:done, role], after_outside=start == 0)
    return tags


def _log_probabilities(logits: FloatArray) -> FloatArray:
    shifted = logits - logits.max(axis=-1, keepdims=True)
    normalized: FloatArray = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    return normalized


def _viterbi(emissions: FloatArray, *, after_outside: bool) -> IntArray:
    """The best tags of one role (tokens × 3 log-probabilities) in which "inside" follows only
    "begin" or "inside"; ``after_outside``: the tokens follow an "outside" (else a "begin")."""
    score = emissions[0] + (_ALLOWED[OUTSIDE] if after_outside else 0.0)
    back = np.zeros((len(emissions), 3), dtype=np.int64)
    for position in range(1, len(emissions)):
        candidates = score[:, None] + _ALLOWED  # from × to
        back[position] = candidates.argmax(axis=0)
        score = candidates.max(axis=0) + emissions[position]
    tags = np.zeros(len(emissions), dtype=np.int64)
    tags[-1] = score.argmax()
    for position in range(len(emissions) - 1, 0, -1):
        tags[position - 1] = back[position, tags[position]]
    return tags


def decode_spans(tags: IntArray, words: IntArray) -> list[TokenSpan]:
    """Spans of B/I tags (an I after O opens one), widened to whole words."""
    spans: list[TokenSpan] = []
    first = -1
    for index, tag in enumerate([*tags.tolist(), OUTSIDE]):
        if first >= 0 and tag != INSIDE:
            spans.append(_whole_words(first, index - 1, words))
            first = -1
        if tag in (BEGIN, INSIDE) and first < 0:
            first = index
    merged: list[TokenSpan] = []
    for span in spans:
        if merged and span.first <= merged[-1].last:
            merged[-1] = TokenSpan(merged[-1].first, max(merged[-1].last, span.last))
        else:
            merged.append(span)
    return merged


def _whole_words(first: int, last: int, words: IntArray) -> TokenSpan:
    while first > 0 and words[first - 1] == words[first]:
        first -= 1
    while last + 1 < len(words) and words[last + 1] == words[last]:
        last += 1
    return TokenSpan(first, last)


def distance_bucket(distances: IntArray) -> IntArray:
    """Bucket ids of signed token distances: non-negative ones first, then negative ones."""
    magnitude = np.searchsorted(_DISTANCE_EDGES, np.abs(distances), side="right") - 1
    return np.where(distances >= 0, magnitude, magnitude + len(_DISTANCE_EDGES)).astype(np.int64)


@dataclass(frozen=True)
class Linker:
    """Pair scorers for (cue, content) and (cue, source), as numpy arrays.

    ``score(c, o) = w · gelu(C c + O o + D[distance]) + b`` where ``c`` and ``o`` are the first
    and last token vectors of the two spans, concatenated; a cue's "no source" score is
    ``n · gelu(C' c) + m`` and a content fragment's "no cue" score ``n' · gelu(O' o) + m'``.
    """

    arrays: dict[str, FloatArray]

    def content_scores(
        self, hidden: FloatArray, cues: list[TokenSpan], others: list[TokenSpan], allowed: BoolArray
    ) -> tuple[FloatArray, FloatArray]:
        """Cues × fragments link scores (-inf where not ``allowed``), and each fragment's score
        for joining no cue."""
        scores = self._scores("content", hidden, cues, others, allowed)
        return scores, self._none("content_none", "content_other", hidden, others)

    def source_scores(
        self, hidden: FloatArray, cues: list[TokenSpan], others: list[TokenSpan], allowed: BoolArray
    ) -> tuple[FloatArray, FloatArray]:
        """Cues × sources link scores (-inf where not ``allowed``), and each cue's score for
        having no source."""
        scores = self._scores("source", hidden, cues, others, allowed)
        return scores, self._none("source_none", "source_cue", hidden, cues)

    def _none(
        self, name: str, projection: str, hidden: FloatArray, spans: list[TokenSpan]
    ) -> FloatArray:
        """Each span's score for being linked to nothing, read off its ``projection``."""
        projected = _gelu(self._project(projection, hidden, spans))
        scores: FloatArray = (
            projected @ self.arrays[f"{name}.weight"][0] + self.arrays[f"{name}.bias"][0]
        ).astype(np.float32)
        return scores

    def _project(self, name: str, hidden: FloatArray, spans: list[TokenSpan]) -> FloatArray:
        ends = span_vectors(hidden, spans)
        return ends @ self.arrays[f"{name}.weight"].T + self.arrays[f"{name}.bias"]

    def _scores(
        self,
        role: str,
        hidden: FloatArray,
        cues: list[TokenSpan],
        others: list[TokenSpan],
        allowed: BoolArray,
    ) -> FloatArray:
        scores = np.full((len(cues), len(others)), -np.inf, dtype=np.float32)
        rows, columns = np.nonzero(allowed)
        if not len(rows):
            return scores
        # Only the allowed pairs are scored: an article has hundreds of cue-fragment pairs,
        # and most of them lie in different paragraphs.
        cue_part = self._project(f"{role}_cue", hidden, cues)
        other_part = self._project(f"{role}_other", hidden, others)
        distances = signed_distances(
            np.array([cues[row].first for row in rows]),
            np.array([cues[row].last for row in rows]),
            np.array([others[column].first for column in columns]),
            np.array([others[column].last for column in columns]),
        )
        layer = (
            cue_part[rows]
            + other_part[columns]
            + self.arrays[f"{role}_distance.weight"][distance_bucket(distances)]
        )
        scores[rows, columns] = (
            _gelu(layer) @ self.arrays[f"{role}_out.weight"][0] + self.arrays[f"{role}_out.bias"][0]
        )
        return scores


def signed_distances(
    cue_firsts: IntArray, cue_lasts: IntArray, firsts: IntArray, lasts: IntArray
) -> IntArray:
    """Tokens from each cue to its span: positive after it, negative before, 0 touching."""
    after = np.where(firsts > cue_lasts, firsts - cue_lasts, 0)
    return np.where(lasts < cue_firsts, lasts - cue_firsts, after).astype(np.int64)


def span_vectors(hidden: FloatArray, spans: Sequence[TokenSpan]) -> FloatArray:
    """Each span's first and last token vectors, concatenated."""
    firsts = np.array([span.first for span in spans], dtype=np.int64)
    lasts = np.array([span.last for span in spans], dtype=np.int64)
    return np.concatenate([hidden[firsts], hidden[lasts]], axis=1)


def _gelu(values: FloatArray) -> FloatArray:
    # The tanh approximation differs from the exact erf form by under 1e-3; scipy is not a
    # dependency, and the linker's decisions do not hinge on that.
    return (0.5 * values * (1.0 + np.tanh(0.7978845608 * (values + 0.044715 * values**3)))).astype(
        np.float32
    )


def link(
    hidden: FloatArray,
    spans: dict[str, list[TokenSpan]],
    linker: Linker,
    paragraphs: IntArray,
    biases: Biases | None = None,
) -> list[Statement]:
    """Statements from the tagged spans: each content fragment joins its best cue, or none.

    A fragment joins only a cue of its own paragraph (``paragraphs`` gives each token's), and
    one with none there is dropped: in PolNeAR train, 98.9% of content fragments share their
    cue's paragraph, and a fragment that had to join some cue was the biggest source of wrong
    content boundaries on dev. Sources are looked for in the cue's paragraph too (all but 8 of
    18,361 in train). ``biases`` are added to the "no cue" and "no source" scores.
    """
    biases = biases or Biases()
    cues, contents, sources = spans["cue"], spans["content"], spans["source"]
    if not cues or not contents:
        return []
    cue_paragraphs = paragraphs[[cue.first for cue in cues]]

    def reachable(others: list[TokenSpan]) -> BoolArray:
        other_paragraphs = paragraphs[[other.first for other in others]]
        return np.asarray(cue_paragraphs[:, None] == other_paragraphs[None, :])

    content_scores, no_cue = linker.content_scores(hidden, cues, contents, reachable(contents))
    no_cue = no_cue + biases.no_cue
    fragments: dict[int, list[int]] = {}
    confidence: dict[int, list[float]] = {}
    for column in range(len(contents)):
        # The last row is "no cue": the fragment is left out.
        scores = np.append(content_scores[:, column], no_cue[column])
        best = int(np.argmax(scores))
        if best == len(cues):
            continue
        fragments.setdefault(best, []).append(column)
        confidence.setdefault(best, []).append(float(_softmax(scores)[best]))
    source_scores, no_source = (
        linker.source_scores(hidden, cues, sources, reachable(sources)) if sources else (None, None)
    )
    statements = []
    for cue_index, columns in sorted(fragments.items()):
        source = None
        if source_scores is not None and no_source is not None:
            row = source_scores[cue_index]
            best = int(np.argmax(row))
            if row[best] > no_source[cue_index] + biases.no_source:
                source = sources[best]
        statements.append(
            Statement(
                cue=cues[cue_index],
                content=tuple(contents[c] for c in columns),
                source=source,
                confidence=min(confidence[cue_index]),
            )
        )
    return statements


def _softmax(scores: FloatArray) -> FloatArray:
    finite = np.where(np.isfinite(scores), scores, -1e9)
    exponents = np.exp(finite - finite.max())
    normalized: FloatArray = (exponents / exponents.sum()).astype(np.float32)
    return normalized


@dataclass(frozen=True)
class Biases:
    """Added to the linker's "no cue" and "no source" scores: a higher one leaves more content
    fragments without a cue (so out of every statement), or more cues without a source; and to
    the tagger's "begin" logit of a content: a lower one opens fewer contents, so splits fewer
    in two.

    Training leaves them at zero; they are tuned on a development corpus afterwards and kept in
    the model's ``model.json`` under ``"biases"``.
    """

    no_cue: float = 0.0
    no_source: float = 0.0
    content_begin: float = 0.0


@dataclass(frozen=True)
class Settings:
    """What a trained model records beside its weights."""

    window: int = WINDOW
    stride: int = STRIDE
    biases: Biases = Biases()
    provenance: dict[str, Any] | None = None


class AttributionTagger:
    """The encoder, its tagging head and the linker, loaded once per process."""

    def __init__(self, directory: Path) -> None:
        try:
            from tokenizers import Tokenizer
        except ImportError as error:  # pragma: no cover - both are core dependencies
            raise MissingExtraError(
                f"the accurate extractor needs onnxruntime and tokenizers ({error})"
            ) from error
        try:
            self.tokenizer = Tokenizer.from_file(str(directory / TOKENIZER_FILE))
            with np.load(directory / LINKER_FILE) as arrays:
                self.linker = Linker({name: arrays[name].astype(np.float32) for name in arrays})
            record = json.loads((directory / SETTINGS_FILE).read_text(encoding="utf-8"))
            self.settings = Settings(
                window=int(record["window"]),
                stride=int(record["stride"]),
                biases=Biases(
                    **{key: float(value) for key, value in record.get("biases", {}).items()}
                ),
                provenance=record.get("provenance"),
            )
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise ModelNotFoundError(
                f"cannot read attribution model {directory}: {error}"
            ) from None
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        self.session = cpu_session(directory / ENCODER_FILE)
        # Found once: looking for the loaded thread pools took 0.3 to 2 ms per article.
        self.thread_pools = ThreadpoolController()
        self.cls_id = special_token_id(self.tokenizer, "[CLS]")
        self.sep_id = special_token_id(self.tokenizer, "[SEP]")

    def statements(self, text: str) -> tuple[Pieces, list[Statement]]:
        pieces = tokenize(self.tokenizer, text)
        if not len(pieces):
            return pieces, []
        hidden, spans = self.spans(pieces)
        # The linker's matrices are small: BLAS threads cost more in waking up than they save,
        # and on a busy machine a product waited tens of milliseconds for a second thread.
        with self.thread_pools.limit(limits=1, user_api="blas"):
            return pieces, link(
                hidden,
                spans,
                self.linker,
                paragraph_numbers(text, pieces),
                self.settings.biases,
            )

    def spans(self, pieces: Pieces) -> tuple[FloatArray, dict[str, list[TokenSpan]]]:
        """Per-token vectors, and the spans tagged for each role."""
        hidden, tags = self.encode(pieces)
        return hidden, {
            role: decode_spans(tags[:, index], pieces.words) for index, role in enumerate(ROLES)
        }

    def encode(self, pieces: Pieces) -> tuple[FloatArray, IntArray]:
        """Per-token vectors and per-role tags (tokens × 3)."""
        ranges = window_ranges(
            len(pieces), self.settings.window, self.settings.stride, last_full=False
        )
        # One window per run: with one thread it ran 8% faster than four at once (and needs no
        # padding), and onnxruntime keeps the memory of its largest run for good.
        outputs = []
        for span in ranges:
            ids = np.concatenate(
                ([self.cls_id], pieces.ids[span.start : span.stop], [self.sep_id])
            )[None, :]
            hidden, logits = self.session.run(
                ["hidden", "tag_logits"], {"input_ids": ids, "attention_mask": np.ones_like(ids)}
            )
            outputs.append(np.concatenate([hidden[0], logits[0]], axis=-1).astype(np.float32))
        stitched = stitch(outputs, ranges, len(pieces))
        width = stitched.shape[-1] - len(ROLES) * 3
        tag_logits = stitched[:, width:].reshape(len(pieces), len(ROLES), 3)
        tag_logits[:, ROLES.index("content"), BEGIN] += self.settings.biases.content_begin
        return stitched[:, :width], best_tags(tag_logits)


def special_token_id(tokenizer: Tokenizer, token: str) -> int:
    identifier = tokenizer.token_to_id(token)
    if identifier is None:
        raise ModelNotFoundError(f"the attribution model's vocabulary has no {token}")
    return identifier


@cache
def shipped_tagger() -> AttributionTagger:
    """The model trained on PolNeAR train that ships with onrecord, loaded once per process."""
    with resources.as_file(resources.files("onrecord").joinpath(SHIPPED_DIRECTORY)) as path:
        return AttributionTagger(path)


@cache
def load_tagger(directory: str) -> AttributionTagger:
    return AttributionTagger(Path(directory))

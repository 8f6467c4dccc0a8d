"""The learned candidate classifier: which candidate statements of the rules to keep.

The rules (:mod:`onrecord.extract._rules`) run with a wide candidate lexicon, every cue lemma that
was right at least a tenth of the time on the training corpus, and propose more statements than they
should. A logistic
regression over sparse features of each candidate (its cue lemma and syntax, source, content,
kind, quotation) then decides which are real attributions. It was fitted on PolNeAR train
(:mod:`onrecord.extract._training`), its threshold chosen by cross-validation there, and it ships as
``onrecord/data/candidate_classifier.json``: a few hundred kilobytes of named weights, readable and
auditable, and a few microseconds per candidate.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from pathlib import Path

from spacy.tokens import Doc, Token

from onrecord._vocabulary import MODALS
from onrecord.errors import ModelNotFoundError
from onrecord.extract._intervals import Intervals
from onrecord.extract._lexicon import CueLexicon
from onrecord.extract._quotes import QuoteRegion
from onrecord.results import Attribution, Span

SHIPPED_CLASSIFIER = "data/candidate_classifier.json"
# Word counts are bucketed on a roughly logarithmic scale: 1 and 2 words differ, 40 and 41 do not.
_BUCKETS = (0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89)
# The parts of speech of the word that carries a cue: "said", "claim", "worried".
CUE_POS = ("VERB", "NOUN", "ADJ")
_TELLING_DEPS = frozenset(
    {"ccomp", "xcomp", "dobj", "prep", "neg", "nsubj", "nsubjpass", "aux", "advmod", "dative"}
)


@dataclass(frozen=True)
class CandidateClassifier:
    """A linear model over named features, with the lexicon its candidates come from."""

    lexicon: CueLexicon
    weights: Mapping[str, float]
    bias: float
    threshold: float
    provenance: Mapping[str, object] = field(default_factory=dict)

    def probability(self, features: Sequence[str]) -> float:
        """How likely a candidate with ``features`` is a real attribution."""
        score = self.bias + sum(self.weights.get(name, 0.0) for name in dict.fromkeys(features))
        return 1.0 / (1.0 + math.exp(-score))

    def probabilities(self, candidates: Sequence[Sequence[str]]) -> list[float]:
        """The probability of each of a document's candidates, scored in one call."""
        return [self.probability(features) for features in candidates]

    def save(self, path: Path) -> None:
        record = {
            **self.provenance,
            "threshold": self.threshold,
            "bias": self.bias,
            "lexicon": {
                "verbs": sorted(self.lexicon.verbs),
                "nouns": sorted(self.lexicon.nouns),
                "adjectives": sorted(self.lexicon.adjectives),
            },
            "weights": {name: round(weight, 6) for name, weight in sorted(self.weights.items())},
        }
        path.write_text(json.dumps(record, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> CandidateClassifier:
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            lexicon = record["lexicon"]
            return cls(
                lexicon=CueLexicon(
                    verbs=frozenset(lexicon["verbs"]),
                    nouns=frozenset(lexicon["nouns"]),
                    adjectives=frozenset(lexicon["adjectives"]),
                ),
                weights=dict(record["weights"]),
                bias=float(record["bias"]),
                threshold=float(record["threshold"]),
                provenance={
                    key: value
                    for key, value in record.items()
                    if key not in ("lexicon", "weights", "bias", "threshold")
                },
            )
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise ModelNotFoundError(f"cannot read candidate classifier {path}: {error}") from error


@cache
def shipped_classifier() -> CandidateClassifier:
    """The model trained on PolNeAR train that ships with onrecord."""
    with resources.as_file(resources.files("onrecord").joinpath(SHIPPED_CLASSIFIER)) as path:
        return CandidateClassifier.load(path)


def all_statement_features(
    doc: Doc, candidates: Sequence[Attribution], quotes: Sequence[QuoteRegion]
) -> list[list[str]]:
    """The named features of each of ``candidates``, the statements proposed in ``doc``, in
    time near-linear in their number."""
    contents = Intervals(
        (span.start, span.end, number)
        for number, candidate in enumerate(candidates)
        for span in candidate.content
    )
    # Doc.text joins every token anew: read once, not once per candidate.
    headline = _Headline(doc.text)
    features = []
    for number, candidate in enumerate(candidates):
        cue_start = candidate.cue[0].start
        holders = contents.overlapping(cue_start, cue_start + 1)
        others_hold = any(n != number for n in holders)
        features.append(_features(doc, candidate, quotes, others_hold, headline))
    return features


@dataclass(frozen=True)
class _Headline:
    """Where the first line of an article's text ends, to tell whether a position is in it."""

    text: str

    @cached_property
    def end(self) -> int:
        start = len(self.text) - len(self.text.lstrip())
        newline = self.text.find("\n", start)
        return len(self.text) if newline < 0 else newline

    def holds(self, position: int) -> bool:
        """Whether no line break but the text's leading ones comes before ``position``, less
        the whitespace just before it."""
        return position <= self.end or self.text[self.end : position].isspace()


def _features(
    doc: Doc,
    candidate: Attribution,
    quotes: Sequence[QuoteRegion],
    cue_in_other_content: bool,
    headline: _Headline,
) -> list[str]:
    kind = candidate.kind.value
    features = [f"kind={kind}", f"cue_spans={min(len(candidate.cue), 3)}"]
    features.append("cue_text=" + " ".join(span.text.lower() for span in candidate.cue))
    # "making it clear" and "made it clear" are one cue, which "make" alone is not.
    tokens = cue_tokens(doc, candidate.cue)
    features.append("cue_lemmas=" + " ".join(t.lemma_.lower() for t in tokens))
    cue = cue_word(tokens)
    if cue is None:
        features.append("cue_word=none")
    else:
        features += _cue_features(cue, _cue_lemma(cue, tokens), kind, quotes, headline)
    features += _source_features(doc, candidate)
    words = sum(len(span.text.split()) for span in candidate.content)
    features += [f"content_words={_bucket(words)}", f"content_words_kind={_bucket(words)}_{kind}"]
    features.append(f"content_spans={min(len(candidate.content), 3)}")
    first = doc.char_span(
        candidate.content[0].start, candidate.content[0].end, alignment_mode="expand"
    )
    if first is not None and len(first):
        opening = first[0]
        features.append(
            f"content_opens={opening.lower_}"
            if opening.is_stop or opening.is_punct
            else f"content_opens_pos={opening.pos_}"
        )
        features.append(f"content_root_pos={first.root.pos_}")
    features.append(f"nested={candidate.nested_in is not None}")
    features.append(f"content_first={candidate.content[0].start < candidate.cue[0].start}")
    features.append(f"cue_in_other_content={cue_in_other_content}")
    return features


def _cue_features(
    cue: Token, lemma: str, kind: str, quotes: Sequence[QuoteRegion], headline: _Headline
) -> list[str]:
    # The quotes are in order and never overlap: only the last to start by the cue can hold it.
    last = bisect_right(quotes, cue.idx, key=lambda quote: quote.start) - 1
    inside_quote = last >= 0 and cue.idx < quotes[last].end
    sentence = cue.sent
    child_deps = sorted({child.dep_ for child in cue.children})
    in_headline = headline.holds(cue.idx)
    features = [
        f"lemma={lemma}",
        f"pos={cue.pos_}",
        f"tag={cue.tag_}",
        f"dep={cue.dep_}",
        f"lemma_dep={lemma}_{cue.dep_}",
        f"lemma_kind={lemma}_{kind}",
        f"lemma_tag={lemma}_{cue.tag_}",
        f"head_lemma={cue.head.lemma_.lower()}",
        f"head_pos_dep={cue.head.pos_}_{cue.dep_}",
        f"question={sentence.text.rstrip().endswith('?')}",
        f"cue_position={_bucket(cue.i - sentence.start)}",
        f"in_quote={inside_quote}",
        f"lemma_in_quote={lemma}_{inside_quote}",
        f"headline={in_headline}",
    ]
    features += [f"child={dep}" for dep in child_deps]
    features += [f"lemma_child={lemma}_{dep}" for dep in child_deps if dep in _TELLING_DEPS]
    if any(child.dep_ == "neg" for child in cue.children):
        features.append("negated")
    if any(child.dep_ == "aux" and child.lower_ == "to" for child in cue.children):
        features.append("infinitive")
    if any(child.dep_ == "aux" and child.lemma_.lower() in MODALS for child in cue.children):
        features.append("modal")
    subject = next((c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        features.append("subject=none")
    elif subject.pos_ == "PRON":
        features.append(f"subject={subject.lower_}")
    else:
        features.append(f"subject={subject.pos_}_{subject.ent_type_}")
    return features


def _source_features(doc: Doc, candidate: Attribution) -> list[str]:
    source = candidate.source
    if source is None:
        return ["source=none", f"source_none_kind={candidate.kind.value}"]
    features = [f"source_words={_bucket(len(source.text.split()))}"]
    if source.start > candidate.cue[0].start:
        features.append("source_after_cue")
    tokens = doc.char_span(source.start, source.end, alignment_mode="expand")
    if tokens is not None and len(tokens):
        root = tokens.root
        features += [
            f"source_pos={root.pos_}",
            f"source_entity={root.ent_type_}",
            f"source_dep={root.dep_}",
            f"source_lemma={root.lemma_.lower()}",
        ]
        if root.pos_ in ("PRON", "DET"):
            features.append(f"source_pronoun={root.lower_}")
    return features


def cue_word(tokens: Sequence[Token]) -> Token | None:
    """The first verb, noun or adjective of the cue ("said" in "has said"), else its first word."""
    return next((token for token in tokens if token.pos_ in CUE_POS), tokens[0] if tokens else None)


def _cue_lemma(word: Token, tokens: Sequence[Token]) -> str:
    """The cue word's lemma, joined by a predicate adjective of the cue's: "make_clear".

    "making it clear" says what "making" alone does not, and a verb's statistics would drown it.
    """
    adjective = next((t for t in tokens if t.pos_ == "ADJ" and t.i > word.i), None)
    lemma = word.lemma_.lower()
    return f"{lemma}_{adjective.lemma_.lower()}" if adjective is not None else lemma


def cue_tokens(doc: Doc, cue: Sequence[Span]) -> list[Token]:
    return [
        token
        for span in cue
        for token in doc.char_span(span.start, span.end, alignment_mode="expand") or ()
    ]


def _bucket(count: int) -> int:
    return max(edge for edge in _BUCKETS if count >= edge)

"""Why statements are missed or wrong: error classes for the ``linked`` metric.

Every gold attribution that no kept prediction matches, and every kept prediction that matches
none, gets exactly one class, so the counts add up to the false negatives and false positives
of ``linked``. Gold statements are classed by what went wrong first along the pipeline:

``not proposed, cue word outside the lexicon`` / ``not proposed, cue word in the lexicon``
    no candidate of the rules has a cue overlapping the gold cue; its first verb, noun or
    adjective is or is not a lemma of the model's candidate lexicon (in the lexicon, the rules
    failed to find a content or the parse hid the cue);
``proposed, rejected by the model``
    a candidate would have matched, but the candidate classifier turned it down;
``proposed, content too different``, ``proposed, wrong source``
    the first candidate with an overlapping cue has a content of Dice < 0.5 with the gold one,
    or its source does not overlap the gold source (or only one of them has a source);
``proposed, lost in pairing``
    a candidate could match, but pairing gave it, or its gold statement, to another.

Predictions that match no gold statement are ``false positive`` classes of their own.

:func:`tagger_error_classes` classes the accurate extractor's misses the same way, by what its
tagger found: ``cue and content not tagged``, ``cue not tagged``, ``content not tagged`` (less
than half its characters in a tagged content span), then, with both tagged, ``content too
different`` or ``wrong source`` for the statement with an overlapping cue, ``lost in linking``
when no statement has it, ``lost in pairing`` when one would have matched.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from onrecord.evaluation._score import LINKED_DICE, content_dice, linked_pairs, sources_agree
from onrecord.extract._learned import cue_tokens, cue_word
from onrecord.extract._rules import extract_attributions
from onrecord.offsets import Segment

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from onrecord.evaluation._brat import GoldDocument
    from onrecord.extract._learned import CandidateClassifier
    from onrecord.extract._neural import AttributionTagger
    from onrecord.results import Attribution, Span


def error_classes(
    documents: Sequence[GoldDocument], docs: Sequence[Doc], model: CandidateClassifier
) -> Counter[str]:
    """Counts of error classes (see the module) and of ``linked`` true positives, ``correct``."""
    counts: Counter[str] = Counter()
    for document, doc in zip(documents, docs, strict=True):
        text = document.text
        candidates = _top_level(extract_attributions(doc, model.lexicon))
        kept = _top_level(extract_attributions(doc, model=model))
        found = {gold for gold, _ in linked_pairs(text, document.attributions, kept)}
        proposed = {gold for gold, _ in linked_pairs(text, document.attributions, candidates)}
        counts["correct"] += len(found)
        counts["false positive"] += len(kept) - len(found)
        for index, gold in enumerate(document.attributions):
            if index not in found:
                counts[_missed_class(doc, gold, candidates, model, index in proposed)] += 1
    return counts


def _top_level(attributions: Sequence[Attribution]) -> list[Attribution]:
    return [attribution for attribution in attributions if attribution.nested_in is None]


def _missed_class(
    doc: Doc,
    gold: Attribution,
    candidates: Sequence[Attribution],
    model: CandidateClassifier,
    was_proposed: bool,
) -> str:
    if was_proposed:
        return "proposed, rejected by the model"
    text = doc.text
    same_cue = [c for c in candidates if _overlap(c.cue, gold.cue)]
    if not same_cue:
        word = cue_word(cue_tokens(doc, gold.cue))
        lemma = word.lemma_.lower() if word is not None else None
        lexicon = model.lexicon.verbs | model.lexicon.nouns | model.lexicon.adjectives
        where = "in" if lemma in lexicon else "outside"
        return f"not proposed, cue word {where} the lexicon"
    candidate = same_cue[0]
    if content_dice(text, gold, candidate) < LINKED_DICE:
        return "proposed, content too different"
    if not sources_agree(text, gold, candidate):
        return "proposed, wrong source"
    return "proposed, lost in pairing"


def _overlap(first: Sequence[Span], second: Sequence[Span]) -> bool:
    return any(a.start < b.end and b.start < a.end for a in first for b in second)


def tagger_error_classes(
    documents: Sequence[GoldDocument],
    predictions: Sequence[Sequence[Attribution]],
    tagger: AttributionTagger,
) -> Counter[str]:
    """Counts of the accurate extractor's error classes (see the module) and ``correct``."""
    from onrecord.extract._neural import ROLES, tokenize

    counts: Counter[str] = Counter()
    for document, predicted in zip(documents, predictions, strict=True):
        text = document.text
        kept = _top_level(predicted)
        found = {gold for gold, _ in linked_pairs(text, document.attributions, kept)}
        counts["correct"] += len(found)
        counts["false positive"] += len(kept) - len(found)
        pieces = tokenize(tagger.tokenizer, text)
        tagged: dict[str, list[Segment]] = {role: [] for role in ROLES}
        if len(pieces):
            _, spans = tagger.spans(pieces)
            tagged = {role: [pieces.characters(span) for span in spans[role]] for role in ROLES}
        for index, gold in enumerate(document.attributions):
            if index not in found:
                counts[_untagged_class(text, gold, kept, tagged)] += 1
    return counts


def _untagged_class(
    text: str,
    gold: Attribution,
    predicted: Sequence[Attribution],
    tagged: dict[str, list[Segment]],
) -> str:
    cue_tagged = any(
        start < span.end and span.start < end for start, end in tagged["cue"] for span in gold.cue
    )
    characters = [i for span in gold.content for i in range(span.start, span.end)]
    covered = sum(any(start <= i < end for start, end in tagged["content"]) for i in characters)
    content_tagged = 2 * covered > len(characters)
    if not cue_tagged and not content_tagged:
        return "cue and content not tagged"
    if not cue_tagged:
        return "cue not tagged"
    if not content_tagged:
        return "content not tagged"
    same_cue = [p for p in predicted if _overlap(p.cue, gold.cue)]
    if not same_cue:
        return "lost in linking"
    if content_dice(text, gold, same_cue[0]) < LINKED_DICE:
        return "content too different"
    if not sources_agree(text, gold, same_cue[0]):
        return "wrong source"
    return "lost in pairing"

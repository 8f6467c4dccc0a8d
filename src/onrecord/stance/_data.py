"""The stance data sets read as (position, statement, stance) pairs.

PERSPECTRUM (claims and perspectives from debate websites) and FNC-1 (news headlines and article
bodies) label the same question in different words; both are mapped onto the model's classes:

- PERSPECTRUM ``support`` -> ``supports``, ``undermine`` -> ``opposes``;
- FNC-1 ``agree`` -> ``supports``, ``disagree`` -> ``opposes``, ``discuss`` -> ``discusses``
  (on the subject, taking no side), ``unrelated`` -> ``unrelated``.

``discusses`` and ``unrelated`` are the two halves of the public ``neither``: the model keeps
them apart because FNC-1's official score does, and because "reports the claim" and "is about
something else" are different things to a reader.
"""

from __future__ import annotations

import csv
import json
import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from onrecord.errors import OnrecordError

SUPPORTS = "supports"
OPPOSES = "opposes"
NEITHER = "neither"
# The public stances, in the order of a result's probabilities.
STANCES = (SUPPORTS, OPPOSES, NEITHER)
DISCUSSES = "discusses"
UNRELATED = "unrelated"
# The model's classes, in the order of its outputs; the last two make up NEITHER.
CLASSES = (SUPPORTS, OPPOSES, DISCUSSES, UNRELATED)

PERSPECTRUM_LABELS = {"support": SUPPORTS, "undermine": OPPOSES}
FNC_LABELS = {"agree": SUPPORTS, "disagree": OPPOSES, "discuss": DISCUSSES, "unrelated": UNRELATED}
FNC_NAMES = {stance: name for name, stance in FNC_LABELS.items()}

# A sentence ends at . ! or ? (maybe inside a closing quote) before a capital or an opening quote.
# A closing quote after the stop goes with the break: the shipped model was trained on
# sentences cut so, and train-stance must make the same pairs to make the same model.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’]?\s+(?=[\"“‘(]?[A-Z0-9])")
_WORD = re.compile(r"[a-z0-9]+")
# "has" and "do" are not here: "has to" and "do" as a main verb do not negate by a "not" after.
_AUXILIARY = re.compile(r"\b(should|must|is|are|was|were|can|will|would|could)\b", re.IGNORECASE)
_NEGATION = re.compile(r"\b(not|no|never|nothing|none|cannot)\b|n't\b", re.IGNORECASE)
_FLIPPED = {SUPPORTS: OPPOSES, OPPOSES: SUPPORTS}
_STOP_WORDS = frozenset(
    {
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "he",
        "her", "his", "in", "is", "it", "its", "of", "on", "or", "said", "says", "she", "that",
        "the", "their", "they", "this", "to", "was", "were", "will", "with",
    }
)  # fmt: skip


class StanceDataError(OnrecordError):
    """A stance data file is missing or not in the format its reader expects."""


@dataclass(frozen=True)
class StancePair:
    """A statement and the position it is judged against.

    ``group`` is what a split keeps on one side (the claim, the headline), ``original`` the data
    set's own label.
    """

    position: str
    statement: str
    stance: str
    group: str
    original: str


def public_stance(stance: str) -> str:
    """The public stance of a model class: ``discusses`` and ``unrelated`` are ``neither``."""
    return stance if stance in (SUPPORTS, OPPOSES) else NEITHER


def read_perspectrum(path: Path) -> list[StancePair]:
    """PERSPECTRUM's JSON lines: ``claim``, ``perspective``, ``stance`` (support/undermine)."""
    pairs = []
    for number, line in enumerate(_lines(path), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            pairs.append(
                StancePair(
                    position=_clean(record["claim"]),
                    statement=_clean(record["perspective"]),
                    stance=PERSPECTRUM_LABELS[record["stance"]],
                    group=f"claim {record['claim_id']}",
                    original=record["stance"],
                )
            )
        except (ValueError, KeyError, TypeError) as error:
            raise StanceDataError(f"{path}:{number}: not a PERSPECTRUM pair ({error!r})") from None
    return pairs


def read_fnc(directory: Path, *, sentences: int = 3) -> list[StancePair]:
    """FNC-1's ``train_stances.csv`` with its ``train_bodies.csv``.

    A body is hundreds of words, a statement a sentence or two: each pair keeps the body's
    ``sentences`` sentences that share the most words with the headline, in their order.
    """
    stances_file, bodies_file = _fnc_files(directory)
    bodies = {
        row["Body ID"]: row["articleBody"]
        for row in _csv_rows(bodies_file, "Body ID", "articleBody")
    }
    pairs = []
    excerpts: dict[tuple[str, str], str] = {}
    split = {body_id: _scored_sentences(body) for body_id, body in bodies.items()}
    for row in _csv_rows(stances_file, "Headline", "Body ID", "Stance"):
        body_id, headline, label = row["Body ID"], _clean(row["Headline"]), row["Stance"]
        if body_id not in bodies or label not in FNC_LABELS:
            raise StanceDataError(
                f"{stances_file}: pair of body {body_id!r} with stance {label!r} is unknown"
            )
        key = (headline, body_id)
        if key not in excerpts:
            excerpts[key] = _best(_content_words(headline), split[body_id], sentences)
        pairs.append(StancePair(headline, excerpts[key], FNC_LABELS[label], headline, label))
    return pairs


def split_sentences(text: str) -> list[str]:
    return [s for s in (_clean(part) for part in _SENTENCE_END.split(text)) if s]


def best_sentences(position: str, body: str, count: int) -> str:
    """The ``count`` sentences of ``body`` sharing most content words with ``position``, in
    their order in the body; a tie goes to the earlier sentence (news leads with its point)."""
    return _best(_content_words(position), _scored_sentences(body), count)


def _scored_sentences(body: str) -> list[tuple[str, set[str]]]:
    return [(sentence, _content_words(sentence)) for sentence in split_sentences(body)]


def _best(wanted: set[str], sentences: Sequence[tuple[str, set[str]]], count: int) -> str:
    ranked = sorted(range(len(sentences)), key=lambda i: (-len(wanted & sentences[i][1]), i))
    return " ".join(sentences[index][0] for index in sorted(ranked[:count]))


def split_by_group(
    pairs: Sequence[StancePair], share: float, seed: int
) -> tuple[list[StancePair], list[StancePair]]:
    """(kept, held out): about ``share`` of the groups, chosen with ``seed``, are held out whole,
    so that no headline (or claim) is on both sides."""
    groups = sorted({pair.group for pair in pairs})
    random.Random(seed).shuffle(groups)
    held = set(groups[: round(share * len(groups))])
    return [p for p in pairs if p.group not in held], [p for p in pairs if p.group in held]


def unrelated_pairs(pairs: Sequence[StancePair], count: int, seed: int) -> list[StancePair]:
    """``count`` pairs of a statement with another group's position: ``unrelated`` by design.

    Debate claims and news positions are on many subjects, so a statement on one is almost
    always beside the point of another that shares no content word with it.
    """
    return [
        StancePair(position, pair.statement, UNRELATED, group, "paired")
        for pair, (group, position) in _beside(pairs, count, seed)
    ]


def compound_pairs(pairs: Sequence[StancePair], count: int, seed: int) -> list[StancePair]:
    """``count`` pairs whose position is the pair's own joined by "and" to another group's
    position, which the statement is beside; the stance is the pair's own.

    A line is often two clauses ("the decision belongs to Ukraine and the US will not push
    it"), and a statement speaks to one of them: it holds the line when it takes the side of
    the clause it speaks to, and departs from it when it opposes that clause. Trained on
    one-clause positions only, the model called every statement, even one about the weather,
    opposing such a position. Which clause comes first is drawn with the seed.
    """
    rng = random.Random(seed)
    made = []
    for pair, (_group, other) in _beside(pairs, count, seed):
        first, second = (pair.position, other) if rng.random() < 0.5 else (other, pair.position)
        position = f"{first.rstrip(' .')} and {second}"
        made.append(
            StancePair(
                position, pair.statement, pair.stance, pair.group, f"compound {pair.original}"
            )
        )
    return made


def _beside(
    pairs: Sequence[StancePair], count: int, seed: int
) -> list[tuple[StancePair, tuple[str, str]]]:
    """``count`` pairs drawn with ``seed``, each with the (group, position) of another group
    whose position shares no content word with its own: a statement on one subject and a
    position on another. Fewer when the pairs have too few such groups."""
    rng = random.Random(seed)
    positions = sorted({(pair.group, pair.position) for pair in pairs})
    words = {position: _content_words(position) for _, position in positions}
    made: list[tuple[StancePair, tuple[str, str]]] = []
    for _ in range(100 * count):
        if len(made) == count or len(positions) < 2:
            break
        pair = pairs[rng.randrange(len(pairs))]
        group, position = positions[rng.randrange(len(positions))]
        if group != pair.group and not words[position] & words[pair.position]:
            made.append((pair, (group, position)))
    return made


def negated_pairs(pairs: Sequence[StancePair], count: int, seed: int) -> list[StancePair]:
    """``count`` pairs of a perspective with its claim negated, the stance flipped.

    The model otherwise learns that a "not" on one side means ``opposes``, and calls a statement
    that agrees with a negative position ("the US will not push Ukraine") opposing. A debate
    claim is a yes-or-no proposition, so a perspective that supports "We should ban X" opposes
    "We should not ban X": the flipped label follows from the data's own. Only claims negated
    by putting "not" after the auxiliary of their first clause are used (429 of PERSPECTRUM
    train's 541 claims); claims that already negate are left out.
    """
    negatable = [
        (index, negated)
        for index, pair in enumerate(pairs)
        if pair.stance in _FLIPPED and (negated := negate(pair.position)) is not None
    ]
    chosen = sorted(random.Random(seed).sample(negatable, min(count, len(negatable))))
    return [
        StancePair(
            negated,
            pairs[index].statement,
            _FLIPPED[pairs[index].stance],
            f"{pairs[index].group} negated",
            f"negated {pairs[index].original}",
        )
        for index, negated in chosen
    ]


def negate(claim: str) -> str | None:
    """The claim with "not" after the auxiliary of its first clause, or None when it has no
    such auxiliary or already negates."""
    if _NEGATION.search(claim):
        return None
    found = _AUXILIARY.search(claim.split(",")[0])
    return None if found is None else f"{claim[: found.end()]} not{claim[found.end() :]}"


def subsample(pairs: Sequence[StancePair], limits: dict[str, int], seed: int) -> list[StancePair]:
    """At most ``limits[stance]`` pairs of each stance (the others all), chosen with ``seed``;
    the order of ``pairs`` is kept."""
    rng = random.Random(seed)
    chosen: set[int] = set()
    for stance in sorted({pair.stance for pair in pairs}):
        indices = [i for i, pair in enumerate(pairs) if pair.stance == stance]
        limit = limits.get(stance, len(indices))
        chosen.update(indices if limit >= len(indices) else rng.sample(indices, limit))
    return [pair for i, pair in enumerate(pairs) if i in chosen]


def stance_counts(pairs: Iterable[StancePair]) -> dict[str, int]:
    counts = Counter(pair.stance for pair in pairs)
    return {stance: counts[stance] for stance in CLASSES if counts[stance]}


def _fnc_files(directory: Path) -> tuple[Path, Path]:
    stances, bodies = directory / "train_stances.csv", directory / "train_bodies.csv"
    if stances.is_file() and bodies.is_file():
        return stances, bodies
    raise StanceDataError(
        f"{directory}: no FNC-1 files (train_stances.csv with train_bodies.csv) found"
    )


def _csv_rows(path: Path, *columns: str) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = set(columns) - set(reader.fieldnames or ())
        if missing:
            raise StanceDataError(f"{path}: missing columns {', '.join(sorted(missing))}")
        return list(reader)


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise StanceDataError(f"cannot read {path}: {error}") from None


def _clean(text: str) -> str:
    return " ".join(text.split())


def _content_words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower())) - _STOP_WORDS

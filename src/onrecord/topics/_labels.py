"""Labels for clusters of statements: the words that set each cluster apart (class-based TF-IDF).

Each cluster's statements are taken together as one document, and a term scores by how often
it occurs there (the share of the cluster's term occurrences, each statement counting a term
once) times how rare it is across all clusters, ``log(1 + A / f)`` with ``A`` the average
number of term occurrences per cluster and ``f`` the term's occurrences in all of them
(Grootendorst's c-TF-IDF, as BERTopic computes it). Terms are lower-cased words without the
function words and the filler of speech, and pairs of adjacent ones ("white house").
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from itertools import pairwise

# Abbreviations ("u.s.", "a.m."), and letters and digits with inner apostrophes and hyphens.
_WORD = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W_]+(?:['’\-][^\W_]+)*")
_POSSESSIVE = re.compile(r"['’]s$")

# Function words, and what people say around a point rather than the point: a label made of
# "think · going · really" says nothing about a subject.
STOP_WORDS = frozenset(
    """
    a about above across after again against all almost alone along already also although
    always am among an and another any anybody anyone anything anyway anywhere are around as
    at away back be became because become becomes been before behind being below beside
    besides between beyond both but by can cannot could did do does doing done down during
    each either else elsewhere enough even ever every everybody everyone everything
    everywhere few for from further get gets getting give given go goes going gone got had has
    have having he her here hers herself him himself his how however i if in indeed instead
    into is it its itself just last least less let like made make makes making many may maybe
    me might mine more most mostly much must my myself neither never nevertheless next no
    nobody none nor not nothing now nowhere of off often on once one only onto or other others
    otherwise our ours ourselves out over own per perhaps quite rather really same see seem
    seemed seems several shall she should since so some somebody someone something sometime
    sometimes somewhere still such than that the their theirs them themselves then there
    therefore these they thing things this those though through throughout thus to together
    too toward towards under until up upon us very via was we well were what whatever when
    whenever where whereas wherever whether which while who whoever whole whom whose why will
    with within without would yes yet you your yours yourself yourselves
    ain't aren't can't couldn't didn't doesn't don't hadn't hasn't haven't he'd he'll he's
    i'd i'll i'm i've isn't it'll it's let's she'd she'll she's shouldn't that's there's
    they'd they'll they're they've wasn't we'd we'll we're we've weren't what's who's won't
    wouldn't you'd you'll you're you've
    say says said saying tell tells told telling ask asked asks know knows knew think thinks
    thought want wants wanted need needs lot lots kind sort way ways okay ok oh yeah mr mrs ms
    dr sure actually certainly probably simply clearly able new good great right big
    come comes came take takes took put puts look looks looking mean means meant believe
    believes going gonna wanna gotta time times day days year years today people
    """.replace("’", "'").split()
)


def terms(text: str) -> set[str]:
    """The terms of a statement: its words that are not stop words, and pairs of such words
    adjacent in the text, lower-cased, possessives dropped, numbers left out."""
    words = [_POSSESSIVE.sub("", word.replace("’", "'")) for word in _WORD.findall(text.lower())]
    kept = [word if _is_term(word) else None for word in words]
    found = {word for word in kept if word is not None}
    found.update(
        f"{first} {second}"
        for first, second in pairwise(kept)
        if first is not None and second is not None and first != second
    )
    return found


def _is_term(word: str) -> bool:
    return len(word) > 1 and word not in STOP_WORDS and not word.replace(".", "").isdigit()


def distinctive_terms(clusters: Sequence[Sequence[str]], *, count: int) -> list[tuple[str, ...]]:
    """For each cluster of statement texts, its ``count`` most distinctive terms, best first.

    A term must occur in two statements of a cluster to name it (in its only one, for a cluster
    of one), so that one long statement does not label a subject. A pair of words that makes it
    takes the place of its words: "white house" rather than "white · house · white house".
    Ties go to the more frequent term, then the alphabetically first, so labels do not depend
    on the order of the statements.
    """
    per_cluster = [Counter(term for text in texts for term in terms(text)) for texts in clusters]
    overall: Counter[str] = Counter()
    for counts in per_cluster:
        overall.update(counts)
    average = sum(overall.values()) / max(len(per_cluster), 1)
    labels = []
    for texts, counts in zip(clusters, per_cluster, strict=True):
        total = sum(counts.values()) or 1
        least = 1 if len(texts) < 2 else 2
        scored = sorted(
            (
                (-(found / total) * math.log(1 + average / overall[term]), -found, term)
                for term, found in counts.items()
                if found >= least
            ),
        )
        labels.append(_without_overlap([term for _, _, term in scored], count))
    return labels


def _without_overlap(ranked: Sequence[str], count: int) -> tuple[str, ...]:
    """The first ``count`` of ``ranked``, a pair replacing the words of it chosen before it and
    keeping out those after it; a word's plural or singular counts as the word ("tax · taxes"
    would say one thing twice)."""
    chosen: list[str] = []
    for term in ranked:
        parts = term.split(" ")
        if any(_same_words(parts, other.split(" ")) for other in chosen):
            continue
        if len(parts) == 1:
            if not any(_same(term, word) for other in chosen for word in other.split(" ")):
                chosen.append(term)
        else:
            inside = [
                index
                for index, other in enumerate(chosen)
                if " " not in other and any(_same(other, part) for part in parts)
            ]
            if inside:
                chosen[inside[0]] = term
                chosen = [other for index, other in enumerate(chosen) if index not in inside[1:]]
            else:
                chosen.append(term)
        if len(chosen) >= count:
            break
    return tuple(chosen[:count])


def _same_words(first: Sequence[str], second: Sequence[str]) -> bool:
    return len(first) == len(second) and all(map(_same, first, second))


def _same(first: str, second: str) -> bool:
    """Whether two words are one, or one is the other in the plural."""
    shorter, longer = sorted((first, second), key=len)
    return longer in (shorter, shorter + "s", shorter + "es")

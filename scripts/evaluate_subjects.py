"""How good are the subjects of ``onrecord.topics`` on PolNeAR gold statements?

    python scripts/evaluate_subjects.py [--split dev] [--subjects 10,20,33,50,80] [--show 12]

Every gold statement's content is embedded (``onrecord.embed.embed_texts``) and the statements
are grouped by ``find_subjects`` (seed 0) for each number of subjects asked, the default
``sqrt(n / 2)`` first. Each grouping is compared with a random partition of the statements
into groups of the same sizes, labelled the same way:

- cohesion: the mean cosine of the statements to their group's centre (size-weighted);
- silhouette: cosine silhouette over a sample of 3,000 statements;
- NPMI: normalized pointwise mutual information of each label's first five words, pair by
  pair, from their co-occurrence in the paragraphs of every PolNeAR article (train and dev), a
  pair never seen together counting -1; size-weighted;
- same article: the share of pairs of statements in one group that come from one article (an
  article is mostly about one thing; the clustering never sees which article a statement is
  from).
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from onrecord.embed import embed_texts
from onrecord.evaluation import read_gold_corpus
from onrecord.results import Kind
from onrecord.store import StatementRow
from onrecord.topics import find_subjects, subject_count, terms
from onrecord.topics._labels import distinctive_terms

POLNEAR = Path(__file__).parents[2] / "shared" / "data" / "polnear"
SILHOUETTE_SAMPLE = 3000
NPMI_WORDS = 5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", default="dev")
    parser.add_argument("--subjects", default="10,20,33,50,80", help="numbers of subjects")
    parser.add_argument("--show", type=int, default=12, help="largest subjects to print")
    arguments = parser.parse_args()
    rows = gold_statements(POLNEAR / arguments.split)
    started = time.perf_counter()
    vectors = embed_texts([row.text for row in rows])
    print(f"{len(rows)} statements embedded in {time.perf_counter() - started:.0f} s")
    paragraphs = [
        terms(paragraph)
        for split in ("train", "dev")
        for path in sorted((POLNEAR / split / "text").glob("*.txt"))
        for paragraph in path.read_text(encoding="utf-8").split("\n")
        if paragraph.strip()
    ]
    counts = [subject_count(len(rows))]
    counts += [int(count) for count in arguments.subjects.split(",") if int(count) != counts[0]]
    rng = np.random.default_rng(1)
    sample = rng.choice(len(rows), size=min(len(rows), SILHOUETTE_SAMPLE), replace=False)
    index = {(row.article_id, row.attribution_id): number for number, row in enumerate(rows)}
    for count in counts:
        started = time.perf_counter()
        subjects = find_subjects(rows, vectors, seed=0, subjects=count)
        seconds = time.perf_counter() - started
        labels = np.empty(len(rows), dtype=np.intp)
        for number, subject in enumerate(subjects):
            for key in subject.statements:
                labels[index[key.article_id, key.attribution_id]] = number
        shuffled = rng.permutation(labels)
        sizes = sorted(subject.size for subject in subjects)
        print(
            f"\n{len(subjects)} subjects{' (default)' if count == counts[0] else ''} in "
            f"{seconds:.1f} s, sizes {sizes[0]} to {sizes[-1]} (median {sizes[len(sizes) // 2]})"
        )
        for name, grouping in (("subjects", labels), ("random", shuffled)):
            print(f"  {name:9}{_figures(rows, vectors, grouping, sample, paragraphs)}")
        for subject in subjects[: arguments.show]:
            print(f"  {subject.size:5}  {subject.label or '(no distinctive words)'}")


def gold_statements(directory: Path) -> list[StatementRow]:
    """Each gold statement with a content, as a store row (its article's name and date)."""
    rows = []
    for document in read_gold_corpus(directory):
        published = dt.date.fromisoformat(document.name.split("_")[1])
        for attribution in document.attributions:
            text = " … ".join(span.text for span in attribution.content)
            if text.strip():
                rows.append(_row(document.name, attribution.id, text, published))
    return rows


def _row(article: str, attribution: str, text: str, published: dt.date) -> StatementRow:
    return StatementRow(
        article_id=article,
        attribution_id=attribution,
        kind=Kind.INDIRECT,
        text=text,
        content=(),
        cue=(),
        source=None,
        speaker_id=None,
        speaker_name=None,
        speaker_kind=None,
        addressee=None,
        venue=None,
        date=None,
        published=published,
        outlet=None,
        title=None,
        url=None,
        path=None,
    )


def _figures(
    rows: Sequence[StatementRow],
    vectors: np.ndarray,
    labels: np.ndarray,
    sample: np.ndarray,
    paragraphs: Sequence[set[str]],
) -> str:
    groups = [np.flatnonzero(labels == number) for number in range(labels.max() + 1)]
    sizes = np.array([len(group) for group in groups])
    centres = np.array([vectors[group].sum(axis=0) for group in groups])
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    cohesion = float(np.mean(np.sum(vectors * centres[labels], axis=1)))
    words = distinctive_terms([[rows[i].text for i in group] for group in groups], count=8)
    npmi = np.average([_npmi(label, paragraphs) for label in words], weights=sizes)
    same = sum(
        math.comb(count, 2)
        for group in groups
        for count in Counter(rows[i].article_id for i in group).values()
    ) / sum(math.comb(int(size), 2) for size in sizes)
    return (
        f"cohesion {cohesion:.3f}  silhouette {_silhouette(vectors, labels, sample):.4f}  "
        f"NPMI {npmi:.3f}  same article {same:.3f}"
    )


def _silhouette(vectors: np.ndarray, labels: np.ndarray, sample: np.ndarray) -> float:
    distance = 1 - vectors[sample] @ vectors[sample].T
    chosen = labels[sample]
    members = np.eye(labels.max() + 1)[chosen]
    counts = members.sum(axis=0)
    mean = distance @ members / np.where(counts > 0, counts, 1)
    own = mean[np.arange(len(chosen)), chosen] * counts[chosen] / np.maximum(counts[chosen] - 1, 1)
    mean[np.arange(len(chosen)), chosen] = np.inf
    mean[:, counts == 0] = np.inf
    nearest = mean.min(axis=1)
    score = (nearest - own) / np.maximum(own, nearest)
    score[counts[chosen] <= 1] = 0
    return float(score.mean())


def _npmi(label: Sequence[str], paragraphs: Sequence[set[str]]) -> float:
    words = list(dict.fromkeys(word for term in label for word in term.split()))[:NPMI_WORDS]
    seen = {
        word: {i for i, paragraph in enumerate(paragraphs) if word in paragraph} for word in words
    }
    total = len(paragraphs)
    values = []
    for first in range(len(words)):
        for second in range(first + 1, len(words)):
            a, b = seen[words[first]], seen[words[second]]
            both = len(a & b)
            if both == 0:
                values.append(-1.0)
                continue
            joint = both / total
            values.append(math.log(joint / (len(a) / total * len(b) / total)) / -math.log(joint))
    return float(np.mean(values)) if values else 0.0


if __name__ == "__main__":
    main()

"""Spherical k-means: unit vectors grouped around unit centroids by cosine similarity.

Sentence vectors are compared by cosine, so a cluster's centre is the normalized sum of its
members and each vector joins the centre it is most similar to. Seeds are chosen by
greedy k-means++ (each next seed drawn with probability proportional to its cosine distance
from the nearest seed so far), from a ``numpy`` generator seeded by the caller: the same vectors and
seed give the same clusters.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.intp]

# Lloyd's iterations stop when no more than this share of the vectors changes cluster, or after
# ``MAX_ITERATIONS``: on PolNeAR train the last steps move a few statements each, to and fro.
MAX_ITERATIONS = 60
TOLERANCE = 0.001
# On the whole of a corpus larger than the sample, after the steps on the sample.
REFINE_TOLERANCE = 0.005
# A large corpus is clustered in a random sample of it first, seeded from part of that sample:
# on 100,000 vectors each step costs a second, and the steps on the sample bring the
# centroids close enough that a few on the whole corpus finish the job.
SAMPLE = 20_000
SEED_SAMPLE = 10_000


@dataclass(frozen=True, slots=True)
class Clusters:
    """Which cluster each vector is in (0 .. k-1), and the clusters' unit centroids."""

    labels: IntArray
    centroids: FloatArray
    # The mean cosine similarity of the vectors to their centroids: higher is tighter.
    cohesion: float


def spherical_kmeans(
    vectors: FloatArray, k: int, *, seed: int, iterations: int = MAX_ITERATIONS
) -> Clusters:
    """``vectors`` (unit rows) in at most ``k`` clusters; fewer when there are fewer distinct
    vectors than ``k``, never an empty one."""
    rng = np.random.default_rng(seed)
    count = len(vectors)
    sample = seeding = vectors
    if count > SEED_SAMPLE:
        # Random parts, not the first rows: those may be one outlet's, or one month's.
        order = rng.permutation(count)
        seeding = vectors[order[:SEED_SAMPLE]]
        if count > SAMPLE:
            sample = vectors[order[:SAMPLE]]
    centroids = _plus_plus(seeding, k, rng)
    labels, centroids, similarity = _lloyd(
        sample, centroids, tolerance=TOLERANCE, iterations=iterations
    )
    if sample is not vectors:
        labels, centroids, similarity = _lloyd(
            vectors, centroids, tolerance=REFINE_TOLERANCE, iterations=iterations
        )
    best = similarity[np.arange(count), labels]
    # A centroid that lost every vector in the last step is dropped, and the labels renumbered.
    used, labels = np.unique(labels, return_inverse=True)
    return Clusters(labels.astype(np.intp), centroids[used], float(best.mean()))


def _lloyd(
    vectors: FloatArray, centroids: FloatArray, *, tolerance: float, iterations: int
) -> tuple[IntArray, FloatArray, FloatArray]:
    """Lloyd's steps from ``centroids``: the labels, the centroids they were assigned to and
    the similarity of every vector to each of those."""
    labels = np.full(len(vectors), -1, dtype=np.intp)
    for step in range(iterations):
        similarity = vectors @ centroids.T
        nearest = similarity.argmax(axis=1)
        moved = np.count_nonzero(nearest != labels)
        labels = nearest
        if moved <= tolerance * len(vectors) or step == iterations - 1:
            break
        centroids = _centroids(vectors, labels, similarity, len(centroids))
    return labels, centroids, similarity


def _plus_plus(vectors: FloatArray, k: int, rng: np.random.Generator) -> FloatArray:
    """Greedy k-means++ seeds: of ``2 + ln k`` candidates drawn for each next seed, the one that
    brings the vectors closest to their nearest seeds (as scikit-learn does; one candidate
    alone now and then puts two seeds in one group and none in another, and Lloyd's steps do
    not repair that). Fewer than ``k`` once every vector coincides with a seed."""
    trials = 2 + int(math.log(k))
    chosen = [int(rng.integers(len(vectors)))]
    best = vectors @ vectors[chosen[0]]
    while len(chosen) < k:
        # 1 - cos is half the squared distance between unit vectors: k-means++'s weight.
        weight = np.clip(1.0 - best, 0.0, None).astype(np.float64)
        total = weight.sum()
        if total <= 1e-9:
            break
        drawn = np.searchsorted(np.cumsum(weight), rng.random(trials) * total, side="right")
        candidates = np.minimum(drawn, len(vectors) - 1)
        nearest = np.maximum(best[:, None], vectors @ vectors[candidates].T)
        pick = int(np.argmin(np.clip(1.0 - nearest, 0.0, None).sum(axis=0)))
        chosen.append(int(candidates[pick]))
        best = nearest[:, pick].copy()
    return vectors[chosen].copy()


def _centroids(vectors: FloatArray, labels: IntArray, similarity: FloatArray, k: int) -> FloatArray:
    """Each cluster's normalized sum; an emptied cluster restarts at the vector farthest from
    its own centroid, so that none is lost."""
    order = np.argsort(labels, kind="stable")
    counts = np.bincount(labels, minlength=k)
    sums = np.zeros((k, vectors.shape[1]), dtype=np.float32)
    filled = np.flatnonzero(counts)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))[filled]
    sums[filled] = np.add.reduceat(vectors[order], starts, axis=0)
    empty = np.flatnonzero(counts == 0)
    if len(empty):
        own = similarity[np.arange(len(vectors)), labels]
        for cluster, vector in zip(empty, np.argsort(own, kind="stable"), strict=False):
            sums[cluster] = vectors[vector]
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    sums /= np.where(norms > 0, norms, np.float32(1.0))
    return sums

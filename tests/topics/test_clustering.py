from __future__ import annotations

import numpy as np
import pytest

from onrecord.topics import _clustering as clustering
from onrecord.topics._clustering import spherical_kmeans

from .conftest import unit


def test_well_separated_groups_are_found_whatever_the_seed() -> None:
    rng = np.random.default_rng(0)
    centres = unit(rng.normal(size=(5, 64)))
    labels = np.repeat(np.arange(5), 40)
    vectors = unit(centres[labels] + 0.02 * rng.normal(size=(200, 64)))

    for seed in range(5):
        clusters = spherical_kmeans(vectors, 5, seed=seed)
        pairs = set(zip(labels.tolist(), clusters.labels.tolist(), strict=True))
        assert len(pairs) == 5
        assert np.allclose(np.linalg.norm(clusters.centroids, axis=1), 1.0, atol=1e-5)
        assert clusters.cohesion > 0.98


def test_a_seed_fixes_the_clusters_of_vectors_without_structure() -> None:
    vectors = unit(np.random.default_rng(1).normal(size=(300, 32)))

    first = spherical_kmeans(vectors, 8, seed=11)
    again = spherical_kmeans(vectors, 8, seed=11)

    assert np.array_equal(first.labels, again.labels)
    assert np.array_equal(first.centroids, again.centroids)
    assert sorted(np.bincount(first.labels)) == sorted(np.bincount(again.labels))
    assert len(np.unique(first.labels)) == 8


def test_no_cluster_is_empty_when_there_are_fewer_distinct_vectors_than_clusters() -> None:
    vectors = unit(np.repeat(np.eye(3, 16), 4, axis=0))

    clusters = spherical_kmeans(vectors, 6, seed=0)

    assert sorted(np.bincount(clusters.labels)) == [4, 4, 4]
    assert len(clusters.centroids) == 3


def test_a_corpus_larger_than_the_sample_is_clustered_in_it_then_on_the_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(clustering, "SAMPLE", 120)
    monkeypatch.setattr(clustering, "SEED_SAMPLE", 60)
    rng = np.random.default_rng(2)
    centres = unit(rng.normal(size=(4, 32)))
    # Sorted by group: a seeding from the first rows would see one group only.
    labels = np.repeat(np.arange(4), 100)
    vectors = unit(centres[labels] + 0.05 * rng.normal(size=(400, 32)))

    clusters = clustering.spherical_kmeans(vectors, 4, seed=5)

    assert len(set(zip(labels.tolist(), clusters.labels.tolist(), strict=True))) == 4
    assert np.array_equal(clusters.labels, clustering.spherical_kmeans(vectors, 4, seed=5).labels)

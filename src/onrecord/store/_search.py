"""Ranked search over the statements: by their words, by their meaning, or both fused.

Each ranking is made in SQL with every ``StatementFilter`` inside it, so that a filter never
leaves a ranking short. The words ranking is the full-text index's (``bm25`` on SQLite,
``ts_rank_cd`` on PostgreSQL). The meaning ranking orders statements by the cosine distance of
their vectors to the query's: sqlite-vec's index on SQLite (its exact k-nearest search when
nothing is filtered, its distance function over the filtered statements otherwise), pgvector's
``<=>`` on PostgreSQL where the server has it, and otherwise an exact scan in this process of
the vectors it keeps in memory (``VectorScan``). Both rankings are fused by reciprocal-rank
fusion (Cormack, Clarke and Büttcher, SIGIR 2009): a statement scores the sum, over the
rankings it is in, of 1 / (60 + its rank).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Literal, get_args

import numpy as np
from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Float,
    Integer,
    LargeBinary,
    and_,
    cast,
    func,
    literal,
    literal_column,
    select,
    text,
    tuple_,
)
from sqlalchemy.types import UserDefinedType

from onrecord.embed import VECTOR_WIDTH
from onrecord.errors import StoreError
from onrecord.store._reading import is_attribution
from onrecord.store._schema import attributions, statement_vectors
from onrecord.store._search_index import FULL_TEXT, VECTOR_INDEX
from onrecord.store._statements import (
    StatementFilter,
    StatementRow,
    keyed_statements,
    statements_by_key,
)
from onrecord.store._words import Term, full_text, full_text_match, query_terms, tsquery

SearchMode = Literal["meaning", "words", "both"]
SEARCH_MODES: tuple[SearchMode, ...] = get_args(SearchMode)
# The constant of reciprocal-rank fusion, as its authors chose it.
RRF_K = 60
# How deep each ranking is read for fusion: a statement ranked this low in one ranking still
# counts if the other ranks it high.
FUSION_DEPTH = 100
# How far down a search ranks: pages beyond it are empty. A person reads the first few dozen.
MAX_RANKED = 1000
# The share of a query's terms a statement must have for the words ranking to count it in a
# fused search. On the check set's 30 questions (README, "Search") recall@10 of the fused
# ranking was 0.354 with any term, 0.434 with half, 0.460 with two thirds, 0.459 with all.
FUSION_COVERAGE = 2 / 3
# sqlite-vec's largest k for its k-nearest search.
_MAX_NEAREST = 4096

Key = tuple[str, str]


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A statement a search found, with why.

    ``score`` is the reciprocal-rank fusion of its ranks, the sum over the rankings it is in of
    1 / (60 + rank): higher is better, at most 2/61 (first in both). ``words_rank`` and
    ``meaning_rank`` are its places (from 1) in the words and meaning rankings, None where it is
    not in one (not matching the words, not among the nearest read, or not asked for).
    ``similarity`` is the cosine of its vector and the query's, None without either.
    """

    statement: StatementRow
    score: float
    words_rank: int | None
    meaning_rank: int | None
    similarity: float | None


class _PgVector(UserDefinedType[Any]):
    """pgvector's ``vector`` type, for casting the query vector to it."""

    cache_ok = True

    def get_col_spec(self, **kw: Any) -> str:
        return "vector"


class VectorScan:
    """The vectors of a store without a vector index, in memory, for exact nearest searches.

    Read in full at the first search, then only the rows written since: ids only grow, and a
    vector put again comes back under a new id, replacing its statement's row here.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last_id = 0
        self._positions: dict[Key, int] = {}
        self._keys: list[Key] = []
        self._ids = np.empty(0, dtype=np.int64)
        self._matrix = np.empty((0, VECTOR_WIDTH), dtype=np.float32)

    def nearest(
        self, connection: Connection, vector: np.ndarray, filters: StatementFilter, depth: int
    ) -> list[tuple[Key, float]]:
        """The ``depth`` statements ``filters`` selects nearest to ``vector``, with cosines."""
        keys, ids, matrix = self._refreshed(connection)
        similarities = matrix @ _unit(vector)
        if filters != StatementFilter():
            chosen = keyed_statements(filters, statement_vectors.c.id).join(
                statement_vectors, is_attribution(statement_vectors)
            )
            allowed = np.fromiter((row.id for row in connection.execute(chosen)), dtype=np.int64)
            similarities = np.where(np.isin(ids, allowed), similarities, -np.inf)
        depth = min(depth, int(np.isfinite(similarities).sum()))
        best = np.argpartition(-similarities, depth - 1)[:depth] if depth else np.empty(0, int)
        ordered = sorted(best.tolist(), key=lambda row: (-similarities[row], keys[row]))
        return [(keys[row], float(similarities[row])) for row in ordered]

    def _refreshed(self, connection: Connection) -> tuple[list[Key], np.ndarray, np.ndarray]:
        with self._lock:
            rows = connection.execute(
                select(
                    statement_vectors.c.id,
                    statement_vectors.c.article_id,
                    statement_vectors.c.attribution_id,
                    statement_vectors.c.vector,
                )
                .where(statement_vectors.c.id > self._last_id)
                .order_by(statement_vectors.c.id)
            ).all()
            if rows:
                self._add(rows)
            return self._keys, self._ids, self._matrix

    def _add(self, rows: Sequence[Any]) -> None:
        vectors = np.stack([_unit(np.frombuffer(row.vector, dtype="<f4")) for row in rows])
        new_keys: list[Key] = []
        new_rows: list[int] = []
        ids = self._ids.copy()
        matrix = self._matrix.copy()
        for index, row in enumerate(rows):
            key = (row.article_id, row.attribution_id)
            position = self._positions.get(key)
            if position is None:
                self._positions[key] = len(self._keys) + len(new_keys)
                new_keys.append(key)
                new_rows.append(index)
            else:
                ids[position] = row.id
                matrix[position] = vectors[index]
        # New arrays, not changed ones: a search running meanwhile keeps the ones it took.
        self._keys = [*self._keys, *new_keys]
        self._ids = np.concatenate([ids, [rows[index].id for index in new_rows]]).astype(np.int64)
        self._matrix = np.concatenate([matrix, vectors[new_rows]])
        self._last_id = rows[-1].id


def search(
    engine: Engine,
    query: str,
    *,
    vector: np.ndarray | None,
    mode: SearchMode,
    filters: StatementFilter,
    limit: int,
    offset: int,
    scan: VectorScan,
    pgvector: bool,
) -> list[SearchHit]:
    """The statements ``filters`` selects that best match ``query``; see ``Store.search``."""
    if mode not in SEARCH_MODES:
        raise ValueError(f"unknown search mode {mode!r}: one of {', '.join(SEARCH_MODES)}")
    if mode != "words" and vector is None:
        raise ValueError(
            f"a search in mode {mode!r} needs the query's vector: onrecord.embed.embed_query(query)"
        )
    wanted = min(offset + limit, MAX_RANKED)
    if wanted <= offset:
        return []
    depth = max(wanted, FUSION_DEPTH) if mode == "both" else wanted
    terms = query_terms(query) if mode != "meaning" else ()

    def words_ranking() -> list[Key]:
        if not terms:
            return []
        with engine.connect() as own:
            ranked = _words_ranking(own, terms, filters, depth)
            return _with_most_terms(own, terms, ranked) if mode == "both" else ranked

    with engine.connect() as connection, ThreadPoolExecutor(max_workers=1) as beside:
        # The two rankings at once, each on a connection of its own: the database works on
        # both while Python waits (the GIL is released in SQLite, psycopg and numpy alike).
        found_words = beside.submit(words_ranking)
        meaning: list[tuple[Key, float]] = []
        if mode != "words" and vector is not None:
            meaning = _meaning_ranking(
                connection, _query_vector(vector), filters, depth, scan=scan, pgvector=pgvector
            )
        words = found_words.result()
        return _hits(connection, words, meaning, vector, offset, wanted)


def _hits(
    connection: Connection,
    words: list[Key],
    meaning: list[tuple[Key, float]],
    vector: np.ndarray | None,
    offset: int,
    wanted: int,
) -> list[SearchHit]:
    """The hits from ``offset`` to ``wanted`` of the two rankings fused."""
    words_ranks = {key: rank for rank, key in enumerate(words, 1)}
    meaning_ranks = {key: rank for rank, (key, _) in enumerate(meaning, 1)}
    scores = {
        key: sum(1 / (RRF_K + ranks[key]) for ranks in (words_ranks, meaning_ranks) if key in ranks)
        for key in {**words_ranks, **meaning_ranks}
    }
    chosen = sorted(scores, key=lambda key: (-scores[key], key))[offset:wanted]
    similarities = dict(meaning)
    if vector is not None:
        missing = [key for key in chosen if key not in similarities]
        similarities.update(_similarities(connection, missing, _query_vector(vector)))
    rows = statements_by_key(connection, chosen)
    return [
        SearchHit(
            statement=rows[key],
            score=scores[key],
            words_rank=words_ranks.get(key),
            meaning_rank=meaning_ranks.get(key),
            similarity=similarities.get(key),
        )
        for key in chosen
        if key in rows
    ]


def similar(
    connection: Connection,
    key: Key,
    *,
    filters: StatementFilter,
    limit: int,
    scan: VectorScan,
    pgvector: bool,
) -> list[SearchHit]:
    """The statements nearest in meaning to the stored statement ``key``, itself left out."""
    stored = connection.execute(
        select(statement_vectors.c.vector).where(
            statement_vectors.c.article_id == key[0],
            statement_vectors.c.attribution_id == key[1],
        )
    ).scalar_one_or_none()
    if stored is None:
        known = connection.execute(
            select(attributions.c.id).where(
                attributions.c.article_id == key[0], attributions.c.id == key[1]
            )
        ).first()
        if known is None:
            raise StoreError(f"there is no statement {key[1]} of article {key[0]}")
        raise StoreError(
            f"statement {key[1]} of article {key[0]} has no vector yet: "
            "compute the store's vectors with `onrecord embed`"
        )
    vector = np.frombuffer(stored, dtype="<f4")
    nearest = [
        found
        for found in _meaning_ranking(
            connection, vector, filters, limit + 1, scan=scan, pgvector=pgvector
        )
        if found[0] != key
    ][:limit]
    rows = statements_by_key(connection, [found for found, _ in nearest])
    return [
        SearchHit(
            statement=rows[found],
            score=1 / (RRF_K + rank),
            words_rank=None,
            meaning_rank=rank,
            similarity=similarity,
        )
        for rank, (found, similarity) in enumerate(nearest, 1)
        if found in rows
    ]


def _words_ranking(
    connection: Connection, terms: tuple[Term, ...], filters: StatementFilter, depth: int
) -> list[Key]:
    matched = and_(
        full_text.c.article_id == attributions.c.article_id,
        full_text.c.attribution_id == attributions.c.id,
    )
    condition = full_text_match(connection.dialect.name, terms, every=False)
    if connection.dialect.name == "sqlite":
        # bm25 is lower for a better match.
        order = func.bm25(literal_column(FULL_TEXT)).asc()
    else:
        # Normalization 1 divides by the log of the length: a short statement that has the
        # words ranks above a long one, as with bm25.
        order = func.ts_rank_cd(full_text.c.words, tsquery(terms, every=False), 1).desc()
    if filters == StatementFilter():
        # The index alone: joining every match to its statement before sorting costs more
        # than the ranking itself when a common word matches thousands.
        ranking = (
            select(full_text.c.article_id, full_text.c.attribution_id)
            .where(condition)
            .order_by(order, full_text.c.article_id, full_text.c.attribution_id)
            .limit(depth)
        )
    else:
        ranking = (
            keyed_statements(filters)
            .join(full_text, matched)
            .where(condition)
            .order_by(order, attributions.c.article_id, attributions.c.id)
            .limit(depth)
        )
    return [(row.article_id, row.attribution_id) for row in connection.execute(ranking)]


def _with_most_terms(
    connection: Connection, terms: tuple[Term, ...], ranked: list[Key]
) -> list[Key]:
    """The statements of ``ranked``, in order, that have at least ``FUSION_COVERAGE`` of the
    query's terms: the words ranking's say in a fused search.

    A words ranking reads every statement with any of the terms, which is what a search by words
    wants; fused with the meaning ranking, a statement that shares one common word of a
    question pushed better answers out of the first ten (check set, README "Search").
    """
    needed = math.ceil(FUSION_COVERAGE * len(terms))
    if needed <= 1 or not ranked:
        return ranked
    matched: dict[Key, int] = dict.fromkeys(ranked, 0)
    keys = tuple_(full_text.c.article_id, full_text.c.attribution_id).in_(ranked)
    dialect = connection.dialect.name
    if dialect == "postgresql":
        # A tsquery match is an expression on PostgreSQL, so one pass over the ranked rows
        # counts every term (a query per term cost 50 ms of a 160 ms search on 100,000).
        count = sum(
            (cast(full_text_match(dialect, (term,)), Integer) for term in terms), literal(0)
        )
        rows = select(full_text.c.article_id, full_text.c.attribution_id, count).where(keys)
        for article_id, attribution_id, terms_had in connection.execute(rows):
            matched[(article_id, attribution_id)] = terms_had
    else:
        # FTS5's MATCH is a condition on the whole table, allowed in WHERE only: a query a term.
        for term in terms:
            has_term = full_text_match(dialect, (term,))
            found = select(full_text.c.article_id, full_text.c.attribution_id).where(has_term, keys)
            for row in connection.execute(found):
                matched[(row.article_id, row.attribution_id)] += 1
    return [key for key in ranked if matched[key] >= needed]


def _meaning_ranking(
    connection: Connection,
    vector: np.ndarray,
    filters: StatementFilter,
    depth: int,
    *,
    scan: VectorScan,
    pgvector: bool,
) -> list[tuple[Key, float]]:
    """The ``depth`` statements nearest to ``vector``, with the cosine of each."""
    distance: ColumnElement[Any]
    if connection.dialect.name == "sqlite":
        blob = vector.astype("<f4").tobytes()
        if filters == StatementFilter() and depth <= _MAX_NEAREST:
            rows = connection.execute(
                text(
                    "SELECT vectors.article_id, vectors.attribution_id, nearest.distance"
                    f" FROM (SELECT rowid, distance FROM {VECTOR_INDEX}"
                    "  WHERE embedding MATCH :vector AND k = :depth) AS nearest"
                    " JOIN statement_vectors AS vectors ON vectors.id = nearest.rowid"
                    " ORDER BY nearest.distance, vectors.article_id, vectors.attribution_id"
                ),
                {"vector": blob, "depth": depth},
            ).all()
            return [((row[0], row[1]), 1 - float(row[2])) for row in rows]
        distance = func.vec_distance_cosine(statement_vectors.c.vector, literal(blob, LargeBinary))
    elif pgvector:
        as_text = "[" + ",".join(repr(float(value)) for value in vector) + "]"
        distance = literal_column("statement_vectors.embedding", _PgVector()).op(
            "<=>", return_type=Float()
        )(cast(literal(as_text), _PgVector()))
    else:
        return scan.nearest(connection, vector, filters, depth)
    ranking = (
        keyed_statements(filters, distance.label("distance"))
        .join(statement_vectors, is_attribution(statement_vectors))
        .order_by(distance, attributions.c.article_id, attributions.c.id)
        .limit(depth)
    )
    return [
        ((row.article_id, row.attribution_id), 1 - float(row.distance))
        for row in connection.execute(ranking)
    ]


def _similarities(
    connection: Connection, keys: Sequence[Key], vector: np.ndarray
) -> dict[Key, float]:
    """The cosine of ``vector`` and the stored vector of each of ``keys`` that has one."""
    if not keys:
        return {}
    rows = connection.execute(
        select(
            statement_vectors.c.article_id,
            statement_vectors.c.attribution_id,
            statement_vectors.c.vector,
        ).where(
            tuple_(statement_vectors.c.article_id, statement_vectors.c.attribution_id).in_(
                list(keys)
            )
        )
    )
    query = _unit(vector)
    return {
        (row.article_id, row.attribution_id): float(
            _unit(np.frombuffer(row.vector, dtype="<f4")) @ query
        )
        for row in rows
    }


def _query_vector(vector: np.ndarray) -> np.ndarray:
    array = np.asarray(vector, dtype=np.float32)
    if array.shape != (VECTOR_WIDTH,):
        raise ValueError(f"the query vector has shape {array.shape}, not ({VECTOR_WIDTH},)")
    if not np.all(np.isfinite(array)) or not np.any(array):
        raise ValueError("the query vector is zero or not finite")
    return array


def _unit(vector: np.ndarray) -> np.ndarray:
    array = np.asarray(vector, dtype=np.float32)
    norm = float(np.linalg.norm(array))
    return array / norm if norm else array

"""Search latency on a store of 100,000 statements: each mode, SQLite and PostgreSQL.

The statements are PolNeAR's (train and dev): every gold attribution, its content, cue and
source as the annotators marked them, each source a speaker of its article, in articles with
their outlet and date from ``metadata.tsv``. Their vectors are real: ``onrecord.embed`` over
``statement_input`` (content and headline), computed once and cached (``--vectors``). The
corpus (about 22,000 statements) is repeated with variations until there are ``--statements``:
each copy's text gets a line of its own (so it is another article), its date moves on by four
weeks per copy, and each vector moves by a little noise (cosine about 0.99 to the original).

    python bench/search.py build --db /tmp/search.db
    python bench/search.py measure --db /tmp/search.db --json sqlite.json
    python bench/search.py build --db postgresql://postgres@127.0.0.1:5433/search
    python bench/search.py measure --db postgresql://postgres@127.0.0.1:5433/search

``measure`` runs each query of the relevance check set (``tests/fixtures/search_relevance.json``,
30 questions) in each mode, unfiltered and with a filter (an outlet, a kind and a date range),
after one warm-up pass; the query vectors are computed before timing, so the times are the
store's alone (``embed_query`` is timed on its own).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import statistics
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import Connection

from onrecord.embed import embed_query, embed_texts, statement_input
from onrecord.evaluation._brat import GoldDocument, read_gold_corpus
from onrecord.results import AnalyzedArticle, Article, Kind, Speaker, SpeakerKind
from onrecord.store import StatementFilter, Store, create_identity

ROOT = Path(__file__).parents[1]
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"
QUERIES = ROOT / "tests" / "fixtures" / "search_relevance.json"
NOISE = 0.1


class OneIdentityEach:
    """Every speaker its own identity: the benchmark is of search, not of identity matching."""

    def assign(self, connection: Connection, speaker: Speaker, analyzed: AnalyzedArticle) -> int:
        return create_identity(connection, speaker.kind, speaker.name)


def _articles() -> list[AnalyzedArticle]:
    metadata = {}
    with (POLNEAR / "metadata.tsv").open(encoding="utf-8") as file:
        for row in csv.DictReader(file, delimiter="\t"):
            metadata[row["filename"]] = row
    analyzed = []
    for part in ("train", "dev"):
        for document in read_gold_corpus(POLNEAR / part):
            analyzed.append(_analyzed(document, metadata.get(document.name, {})))
    return analyzed


def _analyzed(document: GoldDocument, meta: dict[str, str]) -> AnalyzedArticle:
    sources: dict[str, Speaker] = {}
    attributions = []
    for attribution in document.attributions:
        speaker = None
        if attribution.source is not None:
            name = " ".join(attribution.source.text.split())
            if name not in sources:
                sources[name] = Speaker(
                    f"s{len(sources) + 1}",
                    SpeakerKind.PERSON,
                    name,
                    mentions=(attribution.source,),
                )
            speaker = sources[name].id
        attributions.append(replace(attribution, speaker=speaker, nested_in=None))
    published = meta.get("publication_date")
    article = Article(
        text=document.text,
        published=dt.date.fromisoformat(published) if published else None,
        outlet=meta.get("publisher"),
        title=meta.get("title"),
        path=document.name,
    )
    return AnalyzedArticle(
        article=article, attributions=tuple(attributions), speakers=tuple(sources.values())
    )


def _copy(analyzed: AnalyzedArticle, number: int) -> AnalyzedArticle:
    """Copy ``number`` of an article: another text (a line added at its end) four weeks on."""
    article = analyzed.article
    published = (
        None if article.published is None else article.published + dt.timedelta(weeks=4 * number)
    )
    text = f"{article.text}\n\n(Copy {number}.)"
    return replace(
        analyzed,
        article=replace(article, text=text, published=published, path=f"{article.path}#{number}"),
    )


def build(db: str, statements: int, vectors_path: Path) -> None:
    articles = _articles()
    keys = [(a.article.path, x.id) for a in articles for x in a.attributions]
    if vectors_path.is_file():
        cached = np.load(vectors_path)
    else:
        started = time.perf_counter()
        texts = [statement_input(a, x) for a in articles for x in a.attributions]
        cached = embed_texts(texts)
        np.save(vectors_path, cached)
        print(f"embedded {len(texts)} statements in {time.perf_counter() - started:.0f} s")
    vectors = dict(zip(keys, cached, strict=True))
    rng = np.random.default_rng(0)
    saved = 0
    started = time.perf_counter()
    with Store.open(db) as store:
        copy = 0
        while saved < statements:
            for original in articles:
                if saved >= statements:
                    break
                analyzed = original if copy == 0 else _copy(original, copy)
                given = {}
                for attribution in analyzed.attributions:
                    vector = vectors[original.article.path, attribution.id]
                    if copy:
                        noise = rng.standard_normal(vector.shape).astype(np.float32)
                        vector = vector + NOISE * noise / np.linalg.norm(noise)
                    given[attribution.id] = vector / np.linalg.norm(vector)
                if store.save(analyzed, OneIdentityEach(), vectors=given):
                    saved += len(analyzed.attributions)
            copy += 1
        counts = store.counts()
    print(
        f"stored {counts['attributions']} statements of {counts['articles']} articles "
        f"({counts['statement_vectors']} vectors, {counts['statement_words']} indexed) "
        f"in {time.perf_counter() - started:.0f} s"
    )


def measure(db: str, repeat: int) -> dict[str, Any]:
    queries = [item["query"] for item in json.loads(QUERIES.read_text())["queries"]]
    started = time.perf_counter()
    vectors = [embed_query(query) for query in queries]
    embedding_ms = 1000 * (time.perf_counter() - started) / len(queries)
    filtered = StatementFilter(
        outlet="politico",
        kind=Kind.DIRECT,
        since=dt.date(2016, 9, 1),
        until=dt.date(2016, 12, 31),
    )
    results: dict[str, Any] = {"db": db.split("@")[-1], "embed_query_ms": round(embedding_ms, 1)}
    with Store.open(db, read_only=True) as store:
        results["statements"] = store.counts()["attributions"]
        for label, filters in (("unfiltered", None), ("filtered", filtered)):
            for mode in ("words", "meaning", "both"):
                for query, vector in zip(queries, vectors, strict=True):  # warm-up
                    store.search(query, vector=vector, mode=mode, filters=filters)
                times = []
                found = []
                for _ in range(repeat):
                    for query, vector in zip(queries, vectors, strict=True):
                        begun = time.perf_counter()
                        hits = store.search(query, vector=vector, mode=mode, filters=filters)
                        times.append(1000 * (time.perf_counter() - begun))
                        found.append(len(hits))
                quantiles = statistics.quantiles(times, n=100)
                results[f"{mode} {label}"] = {
                    "searches": len(times),
                    "p50_ms": round(statistics.median(times), 1),
                    "p95_ms": round(quantiles[94], 1),
                    "max_ms": round(max(times), 1),
                    "mean_hits": round(statistics.mean(found), 1),
                }
                print(mode, label, results[f"{mode} {label}"], flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=("build", "measure"))
    parser.add_argument("--db", required=True)
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--vectors", type=Path, default=Path("/tmp/onrecord-polnear-vectors.npy"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path)
    arguments = parser.parse_args()
    if arguments.action == "build":
        build(arguments.db, arguments.statements, arguments.vectors)
        return
    results = measure(arguments.db, arguments.repeat)
    print(json.dumps(results, indent=2))
    if arguments.json:
        arguments.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()

"""``line`` on a store of 100,000 statements: time end to end, and what the search retrieves.

The store is the one ``bench/search.py build`` makes (PolNeAR's gold statements, repeated with
variations to 100,000, with real vectors); ``prepare`` adds the example article to it, analyzed
and embedded as ``onrecord ingest`` would, so that the line of the issue has its statements to
find among the 100,000.

    python bench/search.py build --db /tmp/search.db
    python bench/line.py prepare --db /tmp/search.db
    python bench/line.py measure --db /tmp/search.db --json sqlite-line.json

``measure`` runs the example's position and the 12 positions of the news check set
(``tests/fixtures/stance_news.json``, on subjects of PolNeAR dev):

- **cold**: ``onrecord line POSITION --format json`` in a new process, as a user runs it: Python
  and its imports, the store opened, the sentence encoder and the stance model loaded, the
  search and the classifications (``--depth``, by default ``LINE_DEPTH``);
- **warm**: ``run_line`` in this process once the models are loaded, and its search alone (the
  rest is the model: one pair at a time);
- **retrieval**: where the example's four statements (Milley's "Seize the moment", Biden's,
  Sullivan's and Bill Taylor's) come in the line's search, and how many of the check set's
  statements (any copy of them) each depth retrieves for their position.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from onrecord import analyze
from onrecord.embed import embed_query, embed_statements
from onrecord.stance import LINE_DEPTH, load_stance_model, run_line
from onrecord.store import Store

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "examples" / "milley-memos.txt"
NEWS = ROOT / "tests" / "fixtures" / "stance_news.json"
UKRAINE_DECIDES = (
    "The decision to negotiate belongs to Ukraine and the US will not push Ukraine to negotiate"
)
# The example's statements the golden line is about: speaker and words of each.
GOLDEN = {
    "Milley": ("Mark Milley", "Seize the moment"),
    "Biden": ("Joe Biden", "Nothing about Ukraine without Ukraine"),
    "Sullivan": ("Jake Sullivan", "when and how they want to negotiate"),
    "Taylor": ("Bill Taylor", "decisions about the negotiations belong"),
}
DEPTHS = (50, 100, 200, 400, 1000)
COLD_RUNS = 3


def prepare(db: str) -> None:
    analyzed = analyze(EXAMPLE.read_text(encoding="utf-8"), "2022-11-15", path=EXAMPLE.name)
    with Store.open(db) as store:
        added = store.save(analyzed, vectors=embed_statements(analyzed))
        print(
            f"example {'added' if added else 'already there'}: "
            f"{store.counts()['attributions']} statements"
        )


def _positions() -> list[tuple[str, list[dict[str, Any]]]]:
    record = json.loads(NEWS.read_text(encoding="utf-8"))
    return [(entry["position"], entry["statements"]) for entry in record["positions"]]


def _cold(db: str, position: str, depth: int) -> float:
    begun = time.perf_counter()
    command = [sys.executable, "-m", "onrecord", "line", position, "--db", db]
    done = subprocess.run(
        [*command, "--format", "json", "--depth", str(depth)],
        capture_output=True,
        text=True,
        check=False,
    )
    took = time.perf_counter() - begun
    if done.returncode != 0:
        raise SystemExit(f"onrecord line failed: {done.stderr}")
    return took


def _golden_ranks(store: Store, depth: int) -> dict[str, Any]:
    """Where the example's four statements come in the line's search, and their stances."""
    vector = embed_query(UKRAINE_DECIDES)
    hits = store.search(UKRAINE_DECIDES, vector=vector, mode="both", limit=1000)
    line = run_line(store, UKRAINE_DECIDES, depth=depth)
    stances = {
        (classified.statement.article_id, classified.statement.attribution_id): classified.stance
        for speaker in line.speakers
        for classified in speaker.statements
    }
    found: dict[str, Any] = {}
    for label, (speaker, words) in GOLDEN.items():
        ranks = [
            rank
            for rank, hit in enumerate(hits, 1)
            if hit.statement.speaker_name == speaker and words in hit.statement.text
        ]
        rank = ranks[0] if ranks else None
        key = next(
            (
                (hit.statement.article_id, hit.statement.attribution_id)
                for hit in hits
                if hit.statement.speaker_name == speaker and words in hit.statement.text
            ),
            None,
        )
        stance = stances.get(key) if key else None
        found[label] = {
            "search_rank": rank,
            # In the line itself, whose search reads the rankings only ``depth`` deep.
            "in_line": stance is not None,
            "stance": None if stance is None else stance.stance,
            "probabilities": None
            if stance is None
            else [round(stance.supports, 3), round(stance.opposes, 3), round(stance.neither, 3)],
        }
    return found


def _recall(store: Store, position: str, statements: list[dict[str, Any]]) -> dict[str, Any]:
    """How many of the check set's statements on ``position`` each depth retrieves; a copy of
    an article (path ``NAME#N``) counts as the article."""
    wanted = {(s["document"], s["attribution"]) for s in statements}
    sided = {(s["document"], s["attribution"]) for s in statements if s["stance"] != "neither"}
    hits = store.search(position, vector=embed_query(position), mode="both", limit=max(DEPTHS))
    first: dict[tuple[str, str], int] = {}
    for rank, hit in enumerate(hits, 1):
        key = ((hit.statement.path or "").split("#")[0], hit.statement.attribution_id)
        first.setdefault(key, rank)
    return {
        str(depth): {
            "all": sum(first.get(key, depth + 1) <= depth for key in wanted),
            "sided": sum(first.get(key, depth + 1) <= depth for key in sided),
        }
        for depth in DEPTHS
    } | {"statements": len(wanted), "sided": len(sided)}


def measure(db: str, repeat: int, depth: int) -> dict[str, Any]:
    positions = [UKRAINE_DECIDES, *(position for position, _ in _positions())]
    results: dict[str, Any] = {
        "db": db.split("@")[-1],
        "depth": depth,
        "threads": os.environ.get("ONRECORD_THREADS", "1"),
    }
    cold = [_cold(db, position, depth) for position in positions[:COLD_RUNS]]
    results["cold_s"] = [round(took, 2) for took in cold]
    print("cold", results["cold_s"], flush=True)
    load_stance_model()
    with Store.open(db, read_only=True) as store:
        results["statements"] = store.counts()["attributions"]
        run_line(store, positions[0])  # warm-up: the encoder, the model, the store's caches
        totals, searches, found = [], [], []
        for _ in range(repeat):
            for position in positions:
                begun = time.perf_counter()
                line = run_line(store, position, depth=depth)
                totals.append(time.perf_counter() - begun)
                found.append(sum(len(s.statements) for s in line.speakers))
                begun = time.perf_counter()
                store.search(position, vector=embed_query(position), limit=depth)
                searches.append(time.perf_counter() - begun)
        results["warm_s"] = _summary(totals)
        results["search_s"] = _summary(searches)
        results["mean_statements"] = round(statistics.mean(found), 1)
        print("warm", results["warm_s"], "search", results["search_s"], flush=True)
        results["golden"] = _golden_ranks(store, depth)
        print("golden", results["golden"], flush=True)
        recall = {position: _recall(store, position, said) for position, said in _positions()}
        results["recall"] = recall
        results["recall_total"] = {
            str(depth): {
                kind: sum(r[str(depth)][kind] for r in recall.values()) for kind in ("all", "sided")
            }
            for depth in DEPTHS
        } | {
            "statements": sum(r["statements"] for r in recall.values()),
            "sided": sum(r["sided"] for r in recall.values()),
        }
        print("recall", results["recall_total"], flush=True)
    return results


def _summary(times: list[float]) -> dict[str, float]:
    return {
        "runs": len(times),
        "p50": round(statistics.median(times), 2),
        "max": round(max(times), 2),
        "mean": round(statistics.mean(times), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=("prepare", "measure"))
    parser.add_argument("--db", required=True)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--depth", type=int, default=LINE_DEPTH)
    parser.add_argument("--json", type=Path)
    arguments = parser.parse_args()
    if arguments.action == "prepare":
        prepare(arguments.db)
        return
    results = measure(arguments.db, arguments.repeat, arguments.depth)
    text = json.dumps(results, indent=2)
    print(text)
    if arguments.json is not None:
        arguments.json.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

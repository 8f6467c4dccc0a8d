"""Which context, embedded with a statement's content, makes search by meaning find it.

python scripts/measure_statement_input.py --example ../shared/examples/milley-memos.txt \
    --gold ../shared/data/polnear/dev [--relevance tests/fixtures/search_relevance.json]

Statements are what ``onrecord.analyze`` finds (default extractor). Five recipes: the content
alone; the content with its speaker's name; the content in its sentences (those of its cue and
content); the content with the article's headline; the sentences after the speaker's name
(``statement_input``, what onrecord embeds).
Three signals:

- the example article: the ranks, among its statements, of Milley's "Seize the moment" and
  Biden's "Nothing about Ukraine without Ukraine" for the query "negotiations with Russia";
- PolNeAR dev headlines: each article's headline (metadata.tsv) as a query over the statements
  of all dev articles; a statement is relevant when it is from that article. Precision@10 and
  the mean reciprocal rank of the first relevant statement. The headline recipe embeds the
  query itself and is left out of this one;
- the relevance check set, when given: recall@10 and nDCG@10 over its queries, each statement
  of its corpus embedded by each recipe.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

import onrecord
from onrecord.embed import embed_query, embed_texts, statement_input
from onrecord.embed._statements import speaker_name, statement_content, statement_sentences
from onrecord.results import AnalyzedArticle, Article, Attribution

Recipe = Callable[[AnalyzedArticle, Attribution], str]


def with_speaker(analyzed: AnalyzedArticle, attribution: Attribution) -> str:
    name = speaker_name(analyzed, attribution)
    content = statement_content(attribution)
    return content if name is None else f"{name}: {content}"


def with_headline(analyzed: AnalyzedArticle, attribution: Attribution) -> str:
    content = statement_content(attribution)
    title = analyzed.article.title or first_line(analyzed.article.text)
    return f"{title}: {content}" if title else content


def first_line(text: str) -> str | None:
    """A plain-text article's headline: its first line, when it is short and has no stop."""
    line = text.strip().split("\n", 1)[0].strip()
    return line if len(line) < 200 and not line.endswith(".") else None


RECIPES: dict[str, Recipe] = {
    "content": lambda _, attribution: statement_content(attribution),
    "content + speaker": with_speaker,
    "content + cue sentence": statement_sentences,
    "content + headline": with_headline,
    # What onrecord embeds.
    "content + speaker + cue sentence": statement_input,
}


def example_ranks(path: Path) -> None:
    analyzed = onrecord.analyze(path.read_text(encoding="utf-8"), published="2022-11-15")
    wanted = {"Seize the moment": "Milley", "Nothing about Ukraine without Ukraine": "Biden"}
    query = embed_query("negotiations with Russia")
    print(f"example article, {len(analyzed.attributions)} statements, 'negotiations with Russia'")
    for name, recipe in RECIPES.items():
        inputs = [recipe(analyzed, each) for each in analyzed.attributions]
        order = np.argsort(-(embed_texts(inputs) @ query), kind="stable")
        ranks = {
            label: 1 + next(r for r, i in enumerate(order) if words in inputs[i])
            for words, label in wanted.items()
        }
        print(f"  {name:32} " + ", ".join(f"{k} #{v}" for k, v in ranks.items()))


def polnear_dev(gold: Path) -> list[AnalyzedArticle]:
    with (gold.parent / "metadata.tsv").open(encoding="utf-8") as file:
        titles = {
            row["filename"]: row["title"]
            for row in csv.DictReader(file, delimiter="\t")
            if row["compartment"] == gold.name
        }
    articles = []
    for path in sorted((gold / "text").glob("*.txt")):
        title = next((t for name, t in titles.items() if path.stem.startswith(name)), None)
        articles.append(Article(text=path.read_text(encoding="utf-8"), path=path.name, title=title))
    return [
        analyzed
        for analyzed in onrecord.analyze_articles(articles)
        if analyzed.error is None and analyzed.attributions
    ]


def headline_queries(corpus: list[AnalyzedArticle]) -> None:
    owners = np.array([n for n, a in enumerate(corpus) for _ in a.attributions])
    queries = embed_texts([analyzed.article.title or "" for analyzed in corpus])
    print(f"PolNeAR dev: {len(corpus)} headlines as queries over {len(owners)} statements")
    for name, recipe in RECIPES.items():
        if name == "content + headline":
            continue
        inputs = [recipe(a, each) for a in corpus for each in a.attributions]
        scores = queries @ embed_texts(inputs).T
        precision, reciprocal = [], []
        for number, row in enumerate(scores):
            hits = owners[np.argsort(-row, kind="stable")] == number
            precision.append(hits[:10].mean())
            reciprocal.append(1 / (1 + int(np.argmax(hits))))
        print(f"  {name:32} precision@10 {np.mean(precision):.3f}, MRR {np.mean(reciprocal):.3f}")


def relevance_set(path: Path, corpus: Sequence[AnalyzedArticle]) -> None:
    """Recall@10 and nDCG@10 on a relevance set whose statements are keyed by article path
    (or id) and attribution id; read loosely, since its shape is another branch's."""
    record = json.loads(path.read_text(encoding="utf-8"))
    queries = record["queries"] if isinstance(record, dict) else record
    keys = [(a.article.path, each.id) for a in corpus for each in a.attributions]
    print(f"relevance set {path.name}: {len(queries)} queries over {len(keys)} statements")
    for name, recipe in RECIPES.items():
        vectors = embed_texts([recipe(a, each) for a in corpus for each in a.attributions])
        recalls, gains = [], []
        for query in queries:
            relevant = {(item["article"], item["attribution"]) for item in query["relevant"]}
            order = np.argsort(-(vectors @ embed_query(query["query"])), kind="stable")
            top = [keys[i] in relevant for i in order[:10]]
            recalls.append(sum(top) / len(relevant))
            ideal = sum(1 / math.log2(r + 2) for r in range(min(10, len(relevant))))
            gains.append(sum(1 / math.log2(r + 2) for r, hit in enumerate(top) if hit) / ideal)
        print(f"  {name:32} recall@10 {np.mean(recalls):.3f}, nDCG@10 {np.mean(gains):.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--example", type=Path, required=True)
    parser.add_argument("--gold", type=Path, required=True, help="PolNeAR dev directory")
    parser.add_argument("--relevance", type=Path, help="a relevance check set (JSON)")
    arguments = parser.parse_args()
    example_ranks(arguments.example)
    corpus = polnear_dev(arguments.gold)
    headline_queries(corpus)
    if arguments.relevance:
        relevance_set(arguments.relevance, corpus)


if __name__ == "__main__":
    main()

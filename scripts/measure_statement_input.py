"""Which context, embedded with a statement's content, makes search by meaning find it.

python scripts/measure_statement_input.py --example ../shared/examples/milley-memos.txt \
    --gold ../shared/data/polnear/dev [--relevance tests/fixtures/search_relevance.json]

Statements are what ``onrecord.analyze`` finds (default extractor). Seven recipes: the
content alone; after its speaker's name; in its sentences (those of its cue and content); the
sentences after the speaker's name; after the article's headline; with the headline after it
in brackets; and the content's vector plus half the headline's (``embed_statements``, what
onrecord stores).
Three signals:

- the example article: the ranks, among its statements, of Milley's "Seize the moment" and
  Biden's "Nothing about Ukraine without Ukraine" for the query "negotiations with Russia";
- PolNeAR dev headlines: each article's headline (metadata.tsv) as a query over the statements
  of all dev articles; a statement is relevant when it is from that article. Precision@10 and
  the mean reciprocal rank of the first relevant statement. The recipes with the headline
  embed the query itself and are left out of this one;
- the relevance check set, when given (``tests/fixtures/search_relevance.json``): recall@10
  and nDCG@10 of search by meaning alone over its questions.
"""

from __future__ import annotations

import argparse
import csv
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

import onrecord
from onrecord.embed import FloatArray, embed_query, embed_statements, embed_texts
from onrecord.embed._statements import headline, statement_content
from onrecord.evaluation import LocatedStatement, judge, ndcg_at, read_relevance_set, recall_at
from onrecord.offsets import Segment
from onrecord.results import AnalyzedArticle, Article, Attribution

K = 10

Recipe = Callable[[AnalyzedArticle, Attribution], str]

# Where a sentence ends: its final stop (and closing quotes or brackets), then white space and a
# capital or an opening quote; or a blank line. "U.S. officials" goes on; "Mr. Biden" is cut,
# which only makes a cue sentence shorter.
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘'(\[A-Z0-9])|\n\s*\n")


def speaker_name(analyzed: AnalyzedArticle, attribution: Attribution) -> str | None:
    """The article's name of the statement's speaker, if it has one."""
    for speaker in analyzed.speakers:
        if speaker.id == attribution.speaker:
            return speaker.name
    return None


def statement_sentences(analyzed: AnalyzedArticle, attribution: Attribution) -> str:
    """The sentences of the article that hold the statement's cue and content, white space
    folded: a quote with "Milley said" after it, reported speech with its "Biden said that"."""
    spans = (*attribution.cue, *attribution.content)
    text = analyzed.article.text
    first = min((span.start for span in spans), default=0)
    last = max((span.end for span in spans), default=0)
    start = 0
    # Not finditer(text, 0, first): its look-ahead could not see the capital at ``first``.
    for match in _SENTENCE_END.finditer(text):
        if match.end() > first:
            break
        start = match.end()
    after = _SENTENCE_END.search(text, last)
    end = len(text) if after is None else after.start() + len(after.group().rstrip())
    return " ".join(text[start:end].split())


def with_speaker(analyzed: AnalyzedArticle, attribution: Attribution) -> str:
    name = speaker_name(analyzed, attribution)
    content = statement_content(attribution)
    return content if name is None else f"{name}: {content}"


def with_headline(analyzed: AnalyzedArticle, attribution: Attribution) -> str:
    content = statement_content(attribution)
    title = headline(analyzed)
    return f"{title}: {content}" if title else content


def content_and_headline(analyzed: AnalyzedArticle, attribution: Attribution) -> str:
    content = statement_content(attribution)
    title = headline(analyzed)
    return f"{content} ({title})" if title else content


def with_speaker_and_cue_sentence(analyzed: AnalyzedArticle, attribution: Attribution) -> str:
    name = speaker_name(analyzed, attribution)
    sentences = statement_sentences(analyzed, attribution)
    return sentences if name is None else f"{name}: {sentences}"


Vectors = Callable[[AnalyzedArticle], FloatArray]


def of_texts(recipe: Recipe) -> Vectors:
    """The vectors of an article's statements embedded as ``recipe`` writes them."""
    return lambda analyzed: embed_texts([recipe(analyzed, each) for each in analyzed.attributions])


def onrecords(analyzed: AnalyzedArticle) -> FloatArray:
    return np.stack(list(embed_statements(analyzed).values()))


RECIPES: dict[str, Vectors] = {
    "content": of_texts(lambda _, attribution: statement_content(attribution)),
    "content + speaker": of_texts(with_speaker),
    "content + cue sentence": of_texts(statement_sentences),
    "content + speaker + cue sentence": of_texts(with_speaker_and_cue_sentence),
    "headline: content": of_texts(with_headline),
    "content (headline)": of_texts(content_and_headline),
    # What onrecord embeds: the content's vector and half the headline's.
    "content + 1/2 headline vector": onrecords,
}

# Recipes that embed the headline: as queries, headlines would find themselves.
HEADLINED = {"headline: content", "content (headline)", "content + 1/2 headline vector"}


def vectors_of(recipe: Vectors, corpus: Sequence[AnalyzedArticle]) -> FloatArray:
    return np.concatenate([recipe(analyzed) for analyzed in corpus if analyzed.attributions])


def example_ranks(path: Path) -> None:
    analyzed = onrecord.analyze(path.read_text(encoding="utf-8"), published="2022-11-15")
    wanted = {"Seize the moment": "Milley", "Nothing about Ukraine without Ukraine": "Biden"}
    contents = [statement_content(each) for each in analyzed.attributions]
    query = embed_query("negotiations with Russia")
    print(f"example article, {len(contents)} statements, 'negotiations with Russia'")
    for name, recipe in RECIPES.items():
        order = np.argsort(-(recipe(analyzed) @ query), kind="stable")
        ranks = {
            label: 1 + next(r for r, i in enumerate(order) if words in contents[i])
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
        if name in HEADLINED:
            continue
        scores = queries @ vectors_of(recipe, corpus).T
        precision, reciprocal = [], []
        for number, row in enumerate(scores):
            hits = owners[np.argsort(-row, kind="stable")] == number
            precision.append(hits[:10].mean())
            reciprocal.append(1 / (1 + int(np.argmax(hits))))
        print(f"  {name:32} precision@10 {np.mean(precision):.3f}, MRR {np.mean(reciprocal):.3f}")


def relevance_set(path: Path, corpus: Sequence[AnalyzedArticle]) -> None:
    """Recall@10 and nDCG@10 by meaning alone on the relevance check set, hits judged as
    ``onrecord.evaluation`` judges them (a hit matches a marked statement of its document
    when their contents share half of the shorter one's characters)."""
    queries = read_relevance_set(path)
    located = [
        LocatedStatement(
            Path(a.article.path or "").stem,
            tuple(Segment((span.start, span.end)) for span in each.content),
        )
        for a in corpus
        for each in a.attributions
    ]
    print(f"relevance set {path.name}: {len(queries)} queries over {len(located)} statements")
    for name, recipe in RECIPES.items():
        vectors = vectors_of(recipe, corpus)
        recalls, gains = [], []
        for query in queries:
            order = np.argsort(-(vectors @ embed_query(query.text)), kind="stable")[:K]
            found = judge([located[i] for i in order], query.relevant)
            recalls.append(recall_at(found, len(query.relevant), K))
            gains.append(ndcg_at(found, len(query.relevant), K))
        print(f"  {name:32} recall@{K} {np.mean(recalls):.3f}, nDCG@{K} {np.mean(gains):.3f}")


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

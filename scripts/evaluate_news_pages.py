"""How each extractor does on real news beyond PolNeAR: statements right, missed and invented.

The statements of a few pages of ``../shared/data/news-pages`` were read by hand into
``tests/fixtures/news_statements.tsv``. A prediction is right when it is ``linked`` to one of
them (content Dice >= 0.5, overlapping source and cue), as ``onrecord eval`` counts; nested
predictions count too, since the hand-read statements include nested ones.

With ``--check-set``, it scores instead the outlets, article titles, authors, speaker names and
titles, unnamed-source kinds and who made which statement on the pages of
``tests/fixtures/news_check_set.json`` (see ``onrecord.evaluation._news``).

    python scripts/evaluate_news_pages.py [--pages DIR] [--extractor NAME ...] [--show]
    python scripts/evaluate_news_pages.py --check-set [--pages DIR] [--extractor NAME] [--show]
"""

from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

from onrecord import pipeline
from onrecord._analyze import analyze
from onrecord.evaluation._news import evaluate_check_set, format_score, read_check_set
from onrecord.evaluation._score import linked_pairs
from onrecord.extract._extractors import EXTRACTORS
from onrecord.io._sources import read_sources
from onrecord.results import Attribution, Kind, Span

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "news_statements.tsv"
CHECK_SET = ROOT / "tests" / "fixtures" / "news_check_set.json"
PAGES = ROOT.parent / "shared" / "data" / "news-pages"


def read_fixture(path: Path = FIXTURE) -> dict[str, list[dict[str, str]]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    by_page: dict[str, list[dict[str, str]]] = {}
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        by_page.setdefault(row["page"], []).append(row)
    return by_page


def gold_statements(text: str, rows: list[dict[str, str]]) -> list[Attribution]:
    """Each row as an attribution of ``text``: content first, then the nearest cue and source."""
    statements = []
    for number, row in enumerate(rows, start=1):
        content_start = text.index(row["content"])
        content = Span.of(text, content_start, content_start + len(row["content"]))
        cue = _nearest(text, row["cue"], content.start, content.end)
        source = _nearest(text, row["source"], cue.start, cue.end) if row["source"] else None
        statements.append(
            Attribution(
                id=f"g{number}", kind=Kind.INDIRECT, content=(content,), cue=(cue,), source=source
            )
        )
    return statements


def _nearest(text: str, needle: str, start: int, end: int) -> Span:
    """The whole-word occurrence of ``needle`` nearest to ``start:end``."""
    pattern = re.compile(rf"(?<!\w){re.escape(needle)}(?!\w)")
    found = [match.start() for match in pattern.finditer(text)]
    if not found:
        raise ValueError(f"{needle!r} is not in the text")
    best = min(found, key=lambda p: min(abs(p - end), abs(p + len(needle) - start)))
    return Span.of(text, best, best + len(needle))


def check_set_report(directory: Path, extractor: str, *, show: bool = False) -> str:
    """The check set's measures for ``extractor``, and with ``show`` every miss."""
    score = evaluate_check_set(read_check_set(CHECK_SET), directory, pipeline.load(None, extractor))
    report = format_score(score)
    if show:
        problems = [p for tally in score.measures().values() for p in tally.problems]
        report += "\n" + "\n".join(f"    {problem}" for problem in problems)
    return report


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, default=PAGES)
    parser.add_argument("--extractor", action="append", help="default: accurate, fast and rules")
    parser.add_argument("--show", action="store_true", help="list the missed and invented ones")
    parser.add_argument("--check-set", action="store_true", help="score names, titles, outlets")
    args = parser.parse_args(argv)
    if args.check_set:
        print(check_set_report(args.pages, (args.extractor or ["fast"])[0], show=args.show))
        return
    fixture = read_fixture()
    articles = {
        Path(article.path).stem: article
        for article in read_sources([str(args.pages / f"{page}.html") for page in fixture])
        if isinstance(article.path, str) and hasattr(article, "text")
    }
    print(
        f"{'extractor':<10}{'page':<30}{'statements':>11}{'right':>7}{'missed':>8}{'invented':>10}"
    )
    for extractor in args.extractor or list(EXTRACTORS):
        nlp = pipeline.load(None, extractor)
        totals = [0, 0, 0, 0]
        for page, rows in fixture.items():
            article = articles[page]
            gold = gold_statements(article.text, rows)
            predicted = analyze(article.text, nlp=nlp).attributions
            pairs = linked_pairs(article.text, gold, predicted)
            right = len(pairs)
            counts = [len(gold), right, len(gold) - right, len(predicted) - right]
            totals = [total + count for total, count in zip(totals, counts, strict=True)]
            print(
                f"{extractor:<10}{page:<30}"
                + "".join(f"{c:>{w}}" for c, w in zip(counts, (11, 7, 8, 10), strict=True))
            )
            if args.show:
                found_gold = {g for g, _ in pairs}
                found_predicted = {p for _, p in pairs}
                for index, statement in enumerate(gold):
                    if index not in found_gold:
                        cue, content = statement.cue[0].text, statement.content[0].text
                        print(f"    missed:   {cue!r} {content[:80]!r}")
                for index, statement in enumerate(predicted):
                    if index not in found_predicted:
                        source = statement.source.text if statement.source else None
                        content = " … ".join(span.text for span in statement.content)
                        cue = " ".join(span.text for span in statement.cue)
                        print(f"    invented: {source!r} {cue!r} {content[:80]!r}")
        print(
            f"{extractor:<10}{'all':<30}"
            + "".join(f"{c:>{w}}" for c, w in zip(totals, (11, 7, 8, 10), strict=True))
        )


if __name__ == "__main__":
    main()

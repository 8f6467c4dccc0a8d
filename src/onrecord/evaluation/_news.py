"""Scoring names, titles, outlets and speakers on real news against a hand-written check set.

``tests/fixtures/news_check_set.json`` holds, for pages of ``../shared/data/news-pages``, what a
reader of each article expects (written by reading the articles, never from onrecord's output):
its outlet, title and author, the speakers it quotes with their full names and titles, words
that are no speaker ("Copperfield", a place), its unnamed sources as informed ("officials")
or members of the public ("another person"), and for some statements who made them.

Names are compared as written, ignoring case and a leading "the"; a speaker may list other
names that are also right for it ("Microsoft Corp" for Microsoft). A title is right when the
speaker has it, and a title given twice is one too many.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from onrecord._analyze import analyze_articles
from onrecord.io._sources import read_sources
from onrecord.results import Article, SpeakerKind

if TYPE_CHECKING:
    from collections.abc import Sequence

    from spacy.language import Language

    from onrecord.results import AnalyzedArticle, Speaker

INFORMED = "informed"
PUBLIC = "public"
NOT_UNNAMED = "none"


@dataclass(frozen=True, slots=True)
class ExpectedSpeaker:
    name: str
    kind: SpeakerKind
    titles: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()

    def is_named(self, name: str) -> bool:
        return _key(name) in {_key(n) for n in (self.name, *self.aliases)}


@dataclass(frozen=True, slots=True)
class ExpectedStatement:
    content: str  # a piece of the content, found once in the article
    speaker: str  # the ``ExpectedSpeaker.name`` of who made it


@dataclass(frozen=True, slots=True)
class ExpectedPage:
    page: str
    outlet: str
    title: str
    author: str | None
    checks_author: bool  # whether the check set says who wrote it
    speakers: tuple[ExpectedSpeaker, ...]
    not_persons: tuple[str, ...]
    unnamed: tuple[tuple[str, str], ...]  # (mention, INFORMED or PUBLIC)
    statements: tuple[ExpectedStatement, ...]


def read_check_set(path: Path) -> list[ExpectedPage]:
    pages = json.loads(path.read_text(encoding="utf-8"))
    return [
        ExpectedPage(
            page=page,
            outlet=entry["outlet"],
            title=entry["title"],
            author=entry.get("author"),
            checks_author="author" in entry,
            speakers=tuple(
                ExpectedSpeaker(
                    name=speaker["name"],
                    kind=SpeakerKind(speaker["kind"]),
                    titles=tuple(speaker.get("titles", ())),
                    aliases=tuple(speaker.get("aliases", ())),
                )
                for speaker in entry["speakers"]
            ),
            not_persons=tuple(entry.get("not_persons", ())),
            unnamed=tuple((u["mention"], u["kind"]) for u in entry.get("unnamed", ())),
            statements=tuple(
                ExpectedStatement(s["content"], s["speaker"]) for s in entry["statements"]
            ),
        )
        for page, entry in pages.items()
    ]


@dataclass
class Tally:
    """How many of what was checked came out right; ``problems`` says what did not."""

    right: int = 0
    total: int = 0
    problems: list[str] = field(default_factory=list)

    def add(self, ok: bool, problem: str) -> None:
        self.total += 1
        self.right += ok
        if not ok:
            self.problems.append(problem)

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 1.0


@dataclass
class CheckSetScore:
    """Each measure over the pages scored so far.

    ``titles_found`` is recall (expected titles the speaker has), ``titles_right`` precision
    (titles given to expected speakers that are expected, each once). ``statements`` counts the
    labelled statements the extractor found, right when they went to the right speaker;
    ``statements_found`` how many of the labelled ones it found at all.
    """

    outlets: Tally = field(default_factory=Tally)
    titles: Tally = field(default_factory=Tally)
    authors: Tally = field(default_factory=Tally)
    speaker_names: Tally = field(default_factory=Tally)
    not_persons: Tally = field(default_factory=Tally)
    speaker_titles_found: Tally = field(default_factory=Tally)
    speaker_titles_right: Tally = field(default_factory=Tally)
    unnamed: Tally = field(default_factory=Tally)
    statements_found: Tally = field(default_factory=Tally)
    statements: Tally = field(default_factory=Tally)

    def measures(self) -> dict[str, Tally]:
        return {
            "outlet": self.outlets,
            "article title": self.titles,
            "author": self.authors,
            "speaker names": self.speaker_names,
            "non-speakers kept out": self.not_persons,
            "speaker titles found": self.speaker_titles_found,
            "speaker titles right": self.speaker_titles_right,
            "unnamed-source kind": self.unnamed,
            "statements found": self.statements_found,
            "statements, right speaker": self.statements,
        }


def evaluate_check_set(
    expected: Sequence[ExpectedPage], pages: Path, nlp: Language
) -> CheckSetScore:
    """Read each expected page from ``pages/PAGE.html``, analyze it with ``nlp`` and score it."""
    articles = [
        item
        for item in read_sources([str(pages / f"{page.page}.html") for page in expected])
        if isinstance(item, Article)
    ]
    if len(articles) != len(expected):
        raise ValueError(f"not every page of the check set could be read from {pages}")
    score = CheckSetScore()
    for page, analyzed in zip(expected, analyze_articles(articles, nlp=nlp), strict=True):
        score_page(page, analyzed, score)
    return score


def score_page(expected: ExpectedPage, analyzed: AnalyzedArticle, total: CheckSetScore) -> None:
    """Add how ``analyzed`` does against ``expected`` to ``total``."""
    page, article = expected.page, analyzed.article
    total.outlets.add(article.outlet == expected.outlet, f"{page}: outlet {article.outlet!r}")
    total.titles.add(article.title == expected.title, f"{page}: title {article.title!r}")
    if expected.checks_author:
        total.authors.add(article.author == expected.author, f"{page}: author {article.author!r}")
    for wanted in expected.speakers:
        found = [s for s in analyzed.speakers if wanted.is_named(s.name)]
        total.speaker_names.add(bool(found), f"{page}: no speaker named {wanted.name!r}")
        if found:
            _score_titles(page, wanted, found[0], total)
    persons = {_key(s.name) for s in analyzed.speakers if s.kind is SpeakerKind.PERSON}
    for name in expected.not_persons:
        total.not_persons.add(_key(name) not in persons, f"{page}: {name!r} is a person")
    for mention, kind in expected.unnamed:
        given = unnamed_kind(analyzed.speakers, mention)
        total.unnamed.add(given == kind, f"{page}: {mention!r} is {given}, not {kind}")
    _score_statements(expected, analyzed, total)


def unnamed_kind(speakers: tuple[Speaker, ...], mention: str) -> str:
    """Whether the speaker of ``mention`` is an informed unnamed source, a member of the
    public described, or no unnamed source at all."""
    for speaker in speakers:
        if any(span.text == mention for span in speaker.mentions):
            if speaker.anonymous is None:
                return NOT_UNNAMED
            return INFORMED if speaker.anonymous.informed else PUBLIC
    return NOT_UNNAMED


def _score_titles(
    page: str, wanted: ExpectedSpeaker, speaker: Speaker, total: CheckSetScore
) -> None:
    given = [_key(title.text) for title in speaker.titles]
    expected = {_key(title) for title in wanted.titles}
    for title in wanted.titles:
        total.speaker_titles_found.add(
            _key(title) in given, f"{page}: {wanted.name} lacks title {title!r}"
        )
    seen: set[str] = set()
    for title, text in zip(given, (t.text for t in speaker.titles), strict=True):
        total.speaker_titles_right.add(
            title in expected and title not in seen, f"{page}: {wanted.name} titled {text!r}"
        )
        seen.add(title)


def _score_statements(
    expected: ExpectedPage, analyzed: AnalyzedArticle, total: CheckSetScore
) -> None:
    text = analyzed.article.text
    names = {s.id: s.name for s in analyzed.speakers}
    speakers = {s.name: s for s in expected.speakers}
    for statement in expected.statements:
        start = text.index(statement.content)
        end = start + len(statement.content)
        overlaps = [
            (sum(max(0, min(end, c.end) - max(start, c.start)) for c in a.content), a)
            for a in analyzed.attributions
        ]
        overlap, best = max(overlaps, key=lambda pair: pair[0], default=(0, None))
        label = f"{expected.page}: {statement.content[:40]!r}"
        total.statements_found.add(best is not None and overlap > 0, f"{label} not found")
        if best is None or overlap == 0:
            continue
        name = names.get(best.speaker) if best.speaker else None
        right = name is not None and speakers[statement.speaker].is_named(name)
        total.statements.add(right, f"{label} went to {name!r}, not {statement.speaker!r}")


def format_score(score: CheckSetScore) -> str:
    lines = [f"{'measure':<28}{'right':>7}{'of':>6}{'share':>9}"]
    for name, tally in score.measures().items():
        lines.append(f"{name:<28}{tally.right:>7}{tally.total:>6}{tally.share:>9.1%}")
    return "\n".join(lines)


def _key(name: str) -> str:
    words = name.casefold().split()
    return " ".join(words[1:] if words[:1] == ["the"] else words)

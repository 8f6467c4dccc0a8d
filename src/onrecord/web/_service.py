"""What the pages and the JSON API share: the store, the analyzer, and the typed reads they
make of them, so that both say the same thing."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import threading
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from onrecord import pipeline
from onrecord._analyze import analyze_within
from onrecord.errors import InputError, OnrecordError, StoreError
from onrecord.io._inputs import decode_document
from onrecord.results import AnalyzedArticle, Article
from onrecord.store import (
    MonthlySourcingRow,
    SearchHit,
    SearchMode,
    StatementFilter,
    Store,
    StoredArticle,
    TopSpeakerRow,
    article_id,
)
from onrecord.web._lines import LineCache
from onrecord.web._subjects import SubjectCache

if TYPE_CHECKING:
    from spacy.language import Language

_MONTH = re.compile(r"(\d{4})-(\d{2})")


class BusyError(OnrecordError):
    """The analyzer stayed busy with other articles for longer than a request may wait."""


class Analyzer:
    """Analyzes pasted articles one at a time.

    The spaCy pipeline is loaded on first use, so that a server that never analyzes never pays
    for it, and it is not used from two threads at once. A request waits ``wait_seconds`` at
    most for the ones before it, then gets a ``BusyError``: a queue of long analyses must not
    hold every worker thread of the server. An analysis longer than ``budget_seconds`` stops
    with a ``TimeBudgetError`` (an ``InputError``), so that one text cannot hold the analyzer
    while the others wait.
    """

    def __init__(
        self,
        nlp: Language | None = None,
        *,
        wait_seconds: float = 30.0,
        budget_seconds: float = 10.0,
    ) -> None:
        self._nlp = nlp
        self._lock = threading.Lock()
        self.wait_seconds = wait_seconds
        self.budget_seconds = budget_seconds

    def analyze(self, article: Article, *, max_bytes: int) -> AnalyzedArticle:
        """``article`` analyzed; an ``InputError`` says why its text cannot be."""
        # The same checks as a file gets: empty, binary, too large, not English. Lone
        # surrogates (a JSON body may carry them) fail them as invalid UTF-8.
        text = decode_document(article.text.encode("utf-8", "surrogatepass"), max_bytes=max_bytes)
        if not self._lock.acquire(timeout=self.wait_seconds):
            raise BusyError("the analyzer is busy with other articles; try again in a moment")
        try:
            if self._nlp is None:
                self._nlp = pipeline.load()
            return analyze_within(replace(article, text=text), self.budget_seconds, nlp=self._nlp)
        finally:
            self._lock.release()


@dataclass(frozen=True, slots=True)
class WebState:
    """Everything a request handler needs, held by the app."""

    store: Store
    analyzer: Analyzer
    allow_writes: bool
    max_body_bytes: int
    subjects: SubjectCache
    lines: LineCache = field(default_factory=LineCache)

    def save(self, analyzed: AnalyzedArticle) -> StoredArticle:
        """Store an analyzed article, unless it is there already, and read it back.

        Read back so that the caller learns the corpus speakers its speakers became; an
        article stored before is given as it was stored then. Its statements are embedded,
        to be found by meaning too, and the subjects of the store worked out again.
        """
        from onrecord.embed import embed_statements

        self.store.save(analyzed, vectors=embed_statements(analyzed))
        self.subjects.start()
        stored = self.store.article(article_id(analyzed.article.text))
        if stored is None:
            raise StoreError(f"article {article_id(analyzed.article.text)} was saved but is gone")
        return stored


@dataclass(frozen=True, slots=True)
class OutletTotal:
    """An outlet's sourcing over the months of a summary (see ``MonthlySourcingRow``)."""

    outlet: str | None
    articles: int
    attributions: int
    anonymous: int
    public: int

    @property
    def anonymous_share(self) -> float:
        return self.anonymous / self.attributions if self.attributions else 0.0


@dataclass(frozen=True, slots=True)
class SourcingSummary:
    """The sourcing dashboard: per month and per outlet, and the most quoted speakers.

    ``outlets`` lists every outlet of the store (None for articles without one), in a fixed
    order that gives each its color; ``totals`` are for the months and outlet chosen.
    """

    outlet: str | None
    since: dt.date | None
    until: dt.date | None
    outlets: tuple[str | None, ...]
    months: tuple[MonthlySourcingRow, ...]
    totals: tuple[OutletTotal, ...]
    top_speakers: tuple[TopSpeakerRow, ...]


def sourcing_summary(
    store: Store,
    *,
    outlet: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    top: int = 10,
) -> SourcingSummary:
    """The dashboard of the articles of ``outlet`` published from ``since`` to ``until``."""
    months = store.monthly_sourcing(outlet=outlet, since=since, until=until)
    sums: defaultdict[str | None, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for row in months:
        total = sums[row.outlet]
        total[0] += row.articles
        total[1] += row.attributions
        total[2] += row.anonymous
        total[3] += row.public
    outlets = tuple(store.outlets())
    return SourcingSummary(
        outlet=outlet,
        since=since,
        until=until,
        outlets=outlets,
        months=tuple(months),
        totals=tuple(OutletTotal(name, *sums[name]) for name in outlets if name in sums),
        top_speakers=tuple(store.top_speakers(outlet=outlet, since=since, until=until, limit=top)),
    )


def parse_month(value: str | None, *, end: bool = False) -> dt.date | None:
    """The first day of the month ``YYYY-MM`` (its last day if ``end``); None for no value."""
    if not value:
        return None
    match = _MONTH.fullmatch(value.strip())
    if match is None or not 1 <= int(match[2]) <= 12 or int(match[1]) < dt.MINYEAR:
        raise InputError(f"not a month: {value!r} (expected YYYY-MM, from 0001-01)")
    year, month = int(match[1]), int(match[2])
    # Not the day before next month's first: after 9999-12 there is none.
    return dt.date(year, month, calendar.monthrange(year, month)[1] if end else 1)


def search_hits(
    store: Store,
    query: str,
    *,
    mode: SearchMode,
    filters: StatementFilter,
    limit: int,
    offset: int = 0,
) -> list[SearchHit]:
    """``store.search``, the query embedded here where ``mode`` ranks by meaning."""
    vector = None
    if mode != "words":
        from onrecord.embed import embed_query

        vector = embed_query(query)
    return store.search(
        query, vector=vector, mode=mode, filters=filters, limit=limit, offset=offset
    )

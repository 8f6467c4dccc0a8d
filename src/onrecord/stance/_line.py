"""Who holds a line: every statement's stance toward a position, grouped by speaker.

A *line* is a position ("the decision to negotiate belongs to Ukraine"); a *departure* is a
statement that opposes it. :func:`hold_line` classifies statements, from the store
(``StatementRow``) or from one analyzed article (:func:`article_statements`), and gives per
speaker how many support and oppose, with the departures in date order, the speakers who
departed first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from onrecord.stance._data import NEITHER, OPPOSES, SUPPORTS
from onrecord.stance._model import Stance, load_stance_model

if TYPE_CHECKING:
    from onrecord.results import AnalyzedArticle, DateInterval

UNNAMED = "(no speaker)"


class StatementLike(Protocol):
    """What the line needs of a statement; ``onrecord.store.StatementRow`` has it."""

    @property
    def text(self) -> str: ...

    @property
    def speaker_id(self) -> int | None: ...

    @property
    def speaker_name(self) -> str | None: ...

    @property
    def date(self) -> DateInterval | None: ...

    @property
    def published(self) -> dt.date | None: ...


class StanceClassifier(Protocol):
    """What gives stances: :class:`onrecord.stance.StanceModel`, or a test's stand-in."""

    def classify(self, position: str, statements: Sequence[str]) -> list[Stance]: ...


StatementT = TypeVar("StatementT", bound=StatementLike)


@dataclass(frozen=True)
class ClassifiedStatement(Generic[StatementT]):
    """A statement, its stance toward the line, and its day: when it was made if the article
    says so, else when the article was published, else None."""

    statement: StatementT
    stance: Stance
    day: dt.date | None


@dataclass(frozen=True)
class SpeakerLine(Generic[StatementT]):
    """One speaker's statements on the line, in date order (undated last).

    ``departures`` are the statements that oppose the line.
    """

    speaker: str
    speaker_id: int | None
    supports: int
    opposes: int
    neither: int
    statements: tuple[ClassifiedStatement[StatementT], ...]

    @property
    def departures(self) -> tuple[ClassifiedStatement[StatementT], ...]:
        return tuple(s for s in self.statements if s.stance.stance == OPPOSES)


@dataclass(frozen=True)
class Line(Generic[StatementT]):
    """A position and its speakers: those who departed from it first (the earliest departure
    first), then those who hold it (most supporting statements first), then the rest."""

    position: str
    speakers: tuple[SpeakerLine[StatementT], ...]


@dataclass(frozen=True)
class ArticleStatement:
    """A statement of one analyzed article, in the shape the line reads."""

    attribution_id: str
    text: str
    speaker_id: int | None
    speaker_name: str | None
    date: DateInterval | None
    published: dt.date | None


def article_statements(analyzed: AnalyzedArticle) -> list[ArticleStatement]:
    """The top-level statements of an article (a quote reported inside another is its
    reporter's statement too, and would count twice)."""
    names = {speaker.id: speaker.name for speaker in analyzed.speakers}
    return [
        ArticleStatement(
            attribution_id=attribution.id,
            text=" ".join(span.text for span in attribution.content),
            speaker_id=None,
            speaker_name=names.get(attribution.speaker or ""),
            date=attribution.date,
            published=analyzed.article.published,
        )
        for attribution in analyzed.attributions
        if attribution.nested_in is None
    ]


def statement_day(statement: StatementLike) -> dt.date | None:
    if statement.date is not None:
        return statement.date.start
    return statement.published


def hold_line(
    position: str, statements: Sequence[StatementT], model: StanceClassifier | None = None
) -> Line[StatementT]:
    """Classify ``statements`` toward ``position`` (by the shipped model unless ``model`` is
    given) and group them by speaker."""
    stances = (model or load_stance_model()).classify(position, [s.text for s in statements])
    groups: dict[tuple[int | None, str], list[ClassifiedStatement[StatementT]]] = {}
    for statement, stance in zip(statements, stances, strict=True):
        key = (statement.speaker_id, statement.speaker_name or UNNAMED)
        groups.setdefault(key, []).append(
            ClassifiedStatement(statement, stance, statement_day(statement))
        )
    speakers = []
    for (speaker_id, name), classified in groups.items():
        ordered = tuple(sorted(classified, key=lambda c: (c.day is None, c.day or dt.date.min)))
        counts = {
            stance: sum(c.stance.stance == stance for c in ordered)
            for stance in (SUPPORTS, OPPOSES, NEITHER)
        }
        speakers.append(
            SpeakerLine(
                speaker=name,
                speaker_id=speaker_id,
                supports=counts[SUPPORTS],
                opposes=counts[OPPOSES],
                neither=counts[NEITHER],
                statements=ordered,
            )
        )
    return Line(position, tuple(sorted(speakers, key=_line_order)))


def _line_order(speaker: SpeakerLine[StatementT]) -> tuple[int, dt.date, int, str]:
    departures = speaker.departures
    if departures:
        first = min((d.day for d in departures if d.day is not None), default=dt.date.max)
        return (0, first, -speaker.opposes, speaker.speaker)
    return (1 if speaker.supports else 2, dt.date.min, -speaker.supports, speaker.speaker)

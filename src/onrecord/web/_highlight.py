"""An analyzed article as the web app shows it: its text cut into highlighted segments, and
one readable entry per statement.

Everything here is plain text; the templates escape it. Spans may nest (a statement inside the
content of another) and overlap, so the text is cut at every span boundary and each segment
carries all the marks that cover it, the innermost statement's first.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise

from onrecord.results import AnalyzedArticle, Attribution, DateInterval, Kind, Span, Speaker

# Between the parts of a discontinuous content or cue.
GAP = " … "


class Role(StrEnum):
    """What a span is to its statement."""

    CONTENT = "content"
    CUE = "cue"
    SOURCE = "source"


@dataclass(frozen=True, slots=True)
class Mark:
    """A segment is (part of) the ``role`` span of statement ``statement``."""

    statement: str
    role: Role
    kind: Kind


@dataclass(frozen=True, slots=True)
class Segment:
    """``text[start:end]`` and the marks covering all of it (none for plain text)."""

    start: int
    end: int
    text: str
    marks: tuple[Mark, ...]

    @property
    def statements(self) -> tuple[str, ...]:
        """The statements marked here, innermost first, each once."""
        return tuple(dict.fromkeys(mark.statement for mark in self.marks))

    @property
    def classes(self) -> tuple[str, ...]:
        """CSS classes: each role marked here, and the kind of each content marked here."""
        roles = {mark.role.value for mark in self.marks}
        kinds = {f"content-{mark.kind.value}" for mark in self.marks if mark.role is Role.CONTENT}
        return tuple(sorted(roles | kinds))


@dataclass(frozen=True, slots=True)
class SpeakerView:
    """A statement's resolved speaker; ``identity`` is its corpus speaker, once stored."""

    speaker: Speaker
    identity: int | None

    @property
    def titles(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(title.text for title in self.speaker.titles))

    @property
    def profile(self) -> str | None:
        """What the article says of an unnamed source: "3 sources · US · familiar with ...", or
        "a member of the public · at the meeting" for one quoted by description (vox pop)."""
        profile = self.speaker.anonymous
        if profile is None:
            return None
        if not profile.informed:
            count = "members of the public" if profile.plural else "a member of the public"
        elif profile.count is None:
            count = "unnamed sources" if profile.plural else "an unnamed source"
        else:
            count = f"{profile.count} source{'s' if profile.count != 1 else ''}"
        details = (profile.affiliation, profile.descriptor, profile.reason)
        return " · ".join([count, *(span.text for span in details if span is not None)])


@dataclass(frozen=True, slots=True)
class StatementView:
    """One statement, readable: its parts' texts and what it was resolved to."""

    id: str
    kind: Kind
    content: str
    cue: str
    source: str | None
    speaker: SpeakerView | None
    quoting: SpeakerView | None
    addressee: str | None
    venue: str | None
    date: DateInterval | None
    nested_in: str | None

    @property
    def when(self) -> str | None:
        """The date as written and as resolved: "last week (2022-11-07 – 2022-11-13)"."""
        if self.date is None:
            return None
        return f"{self.date.span.text} ({days(self.date)})"

    @property
    def summary(self) -> str:
        """One line per statement, for a tooltip: who, to whom, where and when."""
        who = self.source or "no source"
        if self.speaker is not None:
            name = self.speaker.speaker.name
            who = name if name == self.source else f"{self.source} → {name}"
            if self.speaker.titles:
                who += f" ({', '.join(self.speaker.titles)})"
            if self.speaker.profile:
                who += f" [{self.speaker.profile}]"
        parts = [f"{self.id} · {self.kind.value} · {who} · {self.cue}"]
        parts += [f"to {self.addressee}"] if self.addressee else []
        parts += [f"at {self.venue}"] if self.venue else []
        parts += [self.when] if self.when else []
        return " · ".join(parts)


@dataclass(frozen=True, slots=True)
class ArticleView:
    """What the article page shows: the highlighted text and the list of statements."""

    segments: tuple[Segment, ...]
    statements: tuple[StatementView, ...]
    summaries: Mapping[str, str]

    def tooltip(self, segment: Segment) -> str:
        """The summaries of the statements ``segment`` belongs to, one per line."""
        return "\n".join(self.summaries[statement] for statement in segment.statements)


def matches(text: str, terms: Sequence[str]) -> list[tuple[str, bool]]:
    """``text`` in pieces, each saying whether it is an occurrence of a term (ignoring case)."""
    if not terms:
        return [(text, False)]
    # Longest first, so that a phrase wins over a word it contains.
    pattern = re.compile(
        "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)), re.IGNORECASE
    )
    pieces = []
    position = 0
    for found in pattern.finditer(text):
        if found.start() > position:
            pieces.append((text[position : found.start()], False))
        pieces.append((found.group(), True))
        position = found.end()
    if position < len(text):
        pieces.append((text[position:], False))
    return pieces


def days(date: DateInterval) -> str:
    """``2022-11-14``, or ``2022-11-07 – 2022-11-13`` for several days."""
    if date.start == date.end:
        return date.start.isoformat()
    return f"{date.start.isoformat()} – {date.end.isoformat()}"


def article_view(
    analyzed: AnalyzedArticle, identities: Mapping[str, int] | None = None
) -> ArticleView:
    """The view of ``analyzed``; ``identities`` maps its speakers to corpus speakers, if stored."""
    identities = identities or {}
    speakers = {
        speaker.id: SpeakerView(speaker, identities.get(speaker.id))
        for speaker in analyzed.speakers
    }
    statements = tuple(
        StatementView(
            id=attribution.id,
            kind=attribution.kind,
            content=GAP.join(span.text for span in attribution.content),
            cue=GAP.join(span.text for span in attribution.cue),
            source=None if attribution.source is None else attribution.source.text,
            speaker=speakers.get(attribution.speaker or ""),
            quoting=speakers.get(attribution.quoting or ""),
            addressee=None if attribution.addressee is None else attribution.addressee.text,
            venue=None if attribution.venue is None else attribution.venue.text,
            date=attribution.date,
            nested_in=attribution.nested_in,
        )
        for attribution in analyzed.attributions
    )
    return ArticleView(
        segments=segments(analyzed.article.text, analyzed.attributions),
        statements=statements,
        summaries={statement.id: statement.summary for statement in statements},
    )


def segments(text: str, attributions: Sequence[Attribution]) -> tuple[Segment, ...]:
    """``text`` cut at every boundary of the attributions' spans, with the marks of each piece.

    The segments cover the whole text in order. Spans outside the text are clipped to it and
    empty ones ignored, so that a bad offset cannot break the page.
    """
    depth = _depths(attributions)
    opening: defaultdict[int, list[Mark]] = defaultdict(list)
    closing: defaultdict[int, list[Mark]] = defaultdict(list)
    for attribution in attributions:
        for role, span in _spans(attribution):
            start, end = max(0, span.start), min(len(text), span.end)
            if start < end:
                mark = Mark(attribution.id, role, attribution.kind)
                opening[start].append(mark)
                closing[end].append(mark)

    # Counted: the parts of one content are one mark, and may touch or overlap.
    active: Counter[Mark] = Counter()
    order = {attribution.id: position for position, attribution in enumerate(attributions)}
    found = []
    for start, end in pairwise(sorted({0, len(text), *opening, *closing})):
        active.subtract(closing[start])
        active.update(opening[start])
        active = +active  # drops the marks that ended here
        marks = sorted(
            active,
            key=lambda mark: (-depth[mark.statement], order[mark.statement], mark.role.value),
        )
        found.append(Segment(start, end, text[start:end], tuple(marks)))
    return tuple(found)


def _spans(attribution: Attribution) -> list[tuple[Role, Span]]:
    source = [] if attribution.source is None else [(Role.SOURCE, attribution.source)]
    return [
        *((Role.CONTENT, span) for span in attribution.content),
        *((Role.CUE, span) for span in attribution.cue),
        *source,
    ]


def _depths(attributions: Sequence[Attribution]) -> dict[str, int]:
    """How deep each statement is nested in others; a cycle of bad ids stops the walk."""
    parent = {attribution.id: attribution.nested_in for attribution in attributions}
    depths = {}
    for attribution in attributions:
        seen = {attribution.id}
        outer = attribution.nested_in
        while outer is not None and outer in parent and outer not in seen:
            seen.add(outer)
            outer = parent[outer]
        depths[attribution.id] = len(seen) - 1
    return depths

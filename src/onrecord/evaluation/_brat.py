"""Reading PolNeAR gold attributions from brat standoff files.

A corpus directory holds ``text/NAME.txt`` and ``attributions/NAME_ANNOTATOR.ann``. A few
articles were annotated by several annotators to measure agreement; we read the annotation of
the lexicographically smallest annotator id so that every run scores against the same gold, and
the next one as the second annotator of :func:`read_annotator_pairs`.

Each ``E`` line is one attribution: its trigger (``Attribution`` or ``Attribution-no-source``)
points at a text-bound ``T`` annotation, and its ``Source``, ``Cue``, ``Content`` and
``Content2`` roles point at the spans. The role, not the label of the ``T`` it points at, decides
what a span is, because a handful of gold relations point a role at a span of another label.
``Discard`` and ``Discuss`` spans and spans no relation uses are not attributions and are
skipped.

Some choices the data forces, all rare:

* An ``E`` line without a ``Cue`` role takes its trigger span as the cue: where both exist the
  trigger and the cue are the same span in all but a dozen of ~25,000 relations.
* ``Attribution.source`` is a single span, so a discontinuous source becomes the span from its
  first fragment's start to its last fragment's end.
* PolNeAR does not annotate the kind: it is inferred from double quotation marks around the
  content's letters and digits (see ``_kind``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from onrecord.errors import GoldFormatError
from onrecord.results import Attribution, Kind, Span

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from pathlib import Path

TEXT_DIR = "text"
ANNOTATION_DIR = "attributions"

_TRIGGERS = frozenset({"Attribution", "Attribution-no-source"})
_LABELS = _TRIGGERS | {"Source", "Cue", "Content", "Discard", "Discuss"}
_ROLES = frozenset({"Source", "Cue", "Content"})

_TEXT_BOUND = re.compile(r"(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)")
_EVENT = re.compile(r"(E\d+)\t(.*)")
_ARGUMENT = re.compile(r"([A-Za-z-]+?)\d*:(T\d+)")
_NOTE = re.compile(r"#\d*\t.*")

# Double quotation marks only: the single right quotation mark is also the apostrophe.
_OPENING_QUOTES = "“„«"
_CLOSING_QUOTES = "”»"
_STRAIGHT_QUOTE = '"'


@dataclass(frozen=True, slots=True)
class GoldDocument:
    """One annotated article: ``name`` is the file stem without the annotator id."""

    name: str
    text: str
    attributions: tuple[Attribution, ...]


@dataclass(frozen=True, slots=True)
class _Event:
    id: str
    line: int
    trigger: str
    roles: tuple[tuple[str, str], ...]


def read_gold_corpus(directory: Path) -> list[GoldDocument]:
    """Every document of a corpus directory with ``text/`` and ``attributions/``, by name."""
    texts, annotations = _corpus_files(directory)
    return [read_gold_document(texts[name], paths[0]) for name, paths in annotations.items()]


def read_annotator_pairs(directory: Path) -> list[tuple[GoldDocument, GoldDocument]]:
    """The documents of a corpus annotated more than once: the gold annotation and the next.

    The first of each pair is what :func:`read_gold_corpus` reads; scoring the second against
    it measures how far two annotators agree, the ceiling an extractor can be held to.
    """
    texts, annotations = _corpus_files(directory)
    return [
        (read_gold_document(texts[name], paths[0]), read_gold_document(texts[name], paths[1]))
        for name, paths in annotations.items()
        if len(paths) > 1
    ]


def _corpus_files(directory: Path) -> tuple[dict[str, Path], dict[str, list[Path]]]:
    """Texts by name, and each name's annotation files in annotator order, names sorted."""
    text_dir = directory / TEXT_DIR
    ann_dir = directory / ANNOTATION_DIR
    for required in (text_dir, ann_dir):
        if not required.is_dir():
            raise GoldFormatError(
                f"{required}: no such directory; a gold corpus directory needs "
                f"{TEXT_DIR}/ and {ANNOTATION_DIR}/"
            )
    by_name: dict[str, list[tuple[str, Path]]] = {}
    for ann_path in ann_dir.glob("*.ann"):
        name, underscore, annotator = ann_path.stem.rpartition("_")
        if not underscore or not name or not annotator:
            raise GoldFormatError(f"{ann_path}: file name is not NAME_ANNOTATOR.ann")
        by_name.setdefault(name, []).append((annotator, ann_path))
    texts = {path.stem: path for path in text_dir.glob("*.txt")}
    # Either mismatch would silently change the gold, so neither is forgiven.
    if missing_text := sorted(by_name.keys() - texts.keys()):
        raise GoldFormatError(f"{text_dir}: no text for annotations {', '.join(missing_text)}")
    if missing_ann := sorted(texts.keys() - by_name.keys()):
        raise GoldFormatError(f"{ann_dir}: no annotations for texts {', '.join(missing_ann)}")
    annotations = {name: [path for _, path in sorted(by_name[name])] for name in sorted(by_name)}
    return texts, annotations


def read_gold_document(text_path: Path, ann_path: Path) -> GoldDocument:
    """The article ``text_path`` with the attributions of the brat file ``ann_path``."""
    text = _read(text_path, newline="")
    # Universal newlines here only normalize line ends; text columns are checked against ``text``.
    lines = _read(ann_path, newline=None).split("\n")
    spans, events = _parse(text, lines, ann_path)
    quoted = _quoted_mask(text)
    attributions = [_attribution(event, spans, text, quoted, ann_path) for event in events]
    attributions.sort(key=lambda a: (_first_offset(a), int(a.id[1:])))
    nested = [replace(a, nested_in=_container(a, attributions)) for a in attributions]
    return GoldDocument(text_path.stem, text, tuple(nested))


def _read(path: Path, newline: str | None) -> str:
    try:
        with path.open(encoding="utf-8", newline=newline) as file:
            return file.read()
    except (OSError, UnicodeDecodeError) as error:
        raise GoldFormatError(f"{path}: cannot read: {error}") from error


def _parse(
    text: str, lines: list[str], ann_path: Path
) -> tuple[dict[str, tuple[Span, ...]], list[_Event]]:
    """The fragments of each text-bound annotation by id, and the relations."""
    spans: dict[str, tuple[Span, ...]] = {}
    events: list[_Event] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        number = index + 1
        index += 1
        if not line.strip() or _NOTE.fullmatch(line):
            continue
        if match := _TEXT_BOUND.fullmatch(line):
            span_id, label, offsets, covered = match.groups()
            if label not in _LABELS:
                raise GoldFormatError(f"{ann_path}:{number}: unknown label {label!r}")
            fragments = _fragments(text, offsets, f"{ann_path}:{number}")
            expected = " ".join(fragment.text for fragment in fragments)
            # brat writes a span's newlines as they are, continuing its text on the next lines.
            while len(covered) < len(expected) and index < len(lines):
                covered += "\n" + lines[index]
                index += 1
            if covered.replace("\n", " ") != expected.replace("\n", " "):
                raise GoldFormatError(
                    f"{ann_path}:{number}: annotated text {covered[:40]!r} is not the text "
                    f"at {offsets} ({expected[:40]!r}); is the .txt the annotated one?"
                )
            spans[span_id] = fragments
        elif match := _EVENT.fullmatch(line):
            events.append(_event(match[1], match[2], ann_path, number))
        else:
            raise GoldFormatError(f"{ann_path}:{number}: not a brat annotation line: {line[:60]!r}")
    return spans, events


def _fragments(text: str, offsets: str, where: str) -> tuple[Span, ...]:
    fragments = []
    for fragment in offsets.split(";"):
        start, end = (int(offset) for offset in fragment.split())
        try:
            fragments.append(Span.of(text, start, end))
        except ValueError as error:
            raise GoldFormatError(f"{where}: {error}") from error
    return tuple(fragments)


def _event(event_id: str, arguments: str, ann_path: Path, number: int) -> _Event:
    where = f"{ann_path}:{number}"
    parsed = []
    for argument in arguments.split():
        match = _ARGUMENT.fullmatch(argument)
        if match is None:
            raise GoldFormatError(f"{where}: malformed argument {argument!r}")
        parsed.append((match[1], match[2]))
    if not parsed or parsed[0][0] not in _TRIGGERS:
        raise GoldFormatError(f"{where}: an attribution must start with its trigger")
    if unknown := [role for role, _ in parsed[1:] if role not in _ROLES]:
        raise GoldFormatError(f"{where}: unknown role {unknown[0]!r}")
    return _Event(event_id, number, parsed[0][1], tuple(parsed[1:]))


def _attribution(
    event: _Event,
    spans: dict[str, tuple[Span, ...]],
    text: str,
    quoted: bytearray,
    ann_path: Path,
) -> Attribution:
    fragments: dict[str, list[Span]] = {role: [] for role in _ROLES}
    for span_id in (event.trigger, *(span_id for _, span_id in event.roles)):
        if span_id not in spans:
            raise GoldFormatError(f"{ann_path}:{event.line}: {span_id} is not defined")
    for role, span_id in event.roles:
        fragments[role].extend(spans[span_id])
    if len({span_id for role, span_id in event.roles if role == "Source"}) > 1:
        raise GoldFormatError(f"{ann_path}:{event.line}: more than one source")
    cue = fragments["Cue"] or list(spans[event.trigger])
    content = _ordered(fragments["Content"])
    source_fragments = _ordered(fragments["Source"])
    source = (
        Span.of(text, source_fragments[0].start, source_fragments[-1].end)
        if source_fragments
        else None
    )
    return Attribution(
        id=event.id,
        kind=_kind(text, quoted, content),
        content=content,
        cue=_ordered(cue),
        source=source,
    )


def _ordered(spans: Iterable[Span]) -> tuple[Span, ...]:
    return tuple(sorted(set(spans), key=lambda span: (span.start, span.end)))


def _quoted_mask(text: str) -> bytearray:
    """1 for each character between double quotation marks, the marks themselves excluded."""
    mask = bytearray(len(text))
    inside = False
    for index, char in enumerate(text):
        if char == "\n":
            # A quotation running over paragraphs reopens each one without closing the last.
            inside = False
        elif char in _CLOSING_QUOTES:
            inside = False
        elif char in _OPENING_QUOTES or char == _STRAIGHT_QUOTE:
            # English nests single quotes in double ones, so an opener inside a quotation is
            # a typo for its closer.
            inside = not inside
        elif inside:
            mask[index] = 1
    return mask


def _kind(text: str, quoted: bytearray, content: Sequence[Span]) -> Kind:
    """Direct if every letter or digit of ``content`` is quoted, mixed if some are, else indirect.

    Quotation is decided on the whole text, so content that leaves out its quotation marks is
    still direct. Without content, an attribution is indirect.
    """
    marks = {
        quoted[i] for span in content for i in range(span.start, span.end) if text[i].isalnum()
    }
    if 1 not in marks:
        return Kind.INDIRECT
    return Kind.MIXED if 0 in marks else Kind.DIRECT


def _first_offset(attribution: Attribution) -> int:
    starts = [span.start for span in (*attribution.content, *attribution.cue)]
    if attribution.source is not None:
        starts.append(attribution.source.start)
    return min(starts, default=0)


def _container(attribution: Attribution, others: Sequence[Attribution]) -> str | None:
    """The attribution with the smallest content that holds all of this one's cue and source."""
    anchors = [*attribution.cue, *([attribution.source] if attribution.source else [])]
    if not anchors:
        return None
    best: tuple[int, str] | None = None
    for other in others:
        if other.id == attribution.id:
            continue
        if all(_inside(anchor, other.content) for anchor in anchors):
            size = sum(span.end - span.start for span in other.content)
            if best is None or size < best[0]:
                best = (size, other.id)
    return None if best is None else best[1]


def _inside(span: Span, container: Sequence[Span]) -> bool:
    return any(outer.start <= span.start and span.end <= outer.end for outer in container)

"""spaCy pipeline components: ``onrecord`` (attributions on ``doc._.attributions``) and
``onrecord_paragraphs`` (line breaks end sentences, so a headline or paragraph never runs on,
and so do runs of tokens too long to be a sentence)."""

from __future__ import annotations

from typing import cast

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc
from thinc.types import Ints2d

from onrecord.extract.extractors import DEFAULT_EXTRACTOR, Extractor, load_extractor
from onrecord.resolve.enrich import describe

for _name in ("attributions", "speakers"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=())


# No sentence of the 924 PolNeAR texts runs longer than 221 tokens without a full stop, question
# or exclamation mark or line break; a longer run is no sentence anyone wrote ("according to "
# 4,000 times). Cut into pieces this long, no statement's content spans more than one piece, and
# extraction stays linear in the length of the text instead of quadratic.
MAX_SENTENCE_TOKENS = 256
_SENTENCE_ENDS = frozenset({".", "!", "?"})


@Language.component("onrecord_paragraphs")
def mark_paragraph_starts(doc: Doc) -> Doc:
    """Start a sentence after every whitespace token that holds a line break, and after every
    ``MAX_SENTENCE_TOKENS`` tokens without a sentence's end.

    Must run before the parser, which keeps sentence starts that are already set.
    """
    # One array write: each ``token.is_sent_start = True`` scans the whole doc for a parse.
    sentence_starts = doc.to_array([SENT_START])
    run = 0
    for token in doc[:-1]:
        run += 1
        if token.is_space and "\n" in token.text:
            sentence_starts[token.i + 1] = 1
            run = 0
        elif token.text in _SENTENCE_ENDS:
            run = 0
        elif run >= MAX_SENTENCE_TOKENS:
            sentence_starts[token.i + 1] = 1
            run = 0
    doc.from_array([SENT_START], cast(Ints2d, sentence_starts))
    return doc


class AttributionExtractor:
    """Finds attributed statements and their speakers in a parsed ``Doc``.

    Sets ``doc._.attributions`` (see :mod:`onrecord.extractors`) and ``doc._.speakers`` (see
    :mod:`onrecord.speakers`). Dates need the publication date, which a ``Doc`` does not carry:
    :func:`onrecord.analyze` adds them.
    """

    def __init__(self, extractor: Extractor) -> None:
        self.extractor = extractor

    def __call__(self, doc: Doc) -> Doc:
        attributions = self.extractor.extract(doc)
        doc._.attributions, doc._.speakers = describe(doc, attributions)
        return doc


@Language.factory("onrecord", default_config={"extractor": DEFAULT_EXTRACTOR})
def make_onrecord(nlp: Language, name: str, extractor: str) -> AttributionExtractor:
    """``extractor``: ``"accurate"`` (the default), ``"fast"``, ``"rules"`` or a model's path."""
    return AttributionExtractor(load_extractor(extractor))

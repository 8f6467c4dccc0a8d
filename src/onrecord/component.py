"""spaCy pipeline components: ``onrecord`` (attributions on ``doc._.attributions``) and
``onrecord_paragraphs`` (line breaks end sentences, so a headline or paragraph never runs on)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from onrecord.enrich import describe
from onrecord.extractors import DEFAULT_EXTRACTOR, Extractor, load_extractor

for _name in ("attributions", "speakers"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=())


@Language.component("onrecord_paragraphs")
def mark_paragraph_starts(doc: Doc) -> Doc:
    """Start a sentence after every whitespace token that holds a line break.

    Must run before the parser, which keeps sentence starts that are already set.
    """
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
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

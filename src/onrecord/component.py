"""spaCy pipeline components: ``onrecord`` (attributions on ``doc._.attributions``) and
``onrecord_paragraphs`` (line breaks end sentences, so a headline or paragraph never runs on,
and so do runs of tokens too long to be a sentence)."""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from onrecord.enrich import describe
from onrecord.extract import extract_attributions
from onrecord.learned import StatementModel, shipped_model

SHIPPED = "shipped"
RULES_ONLY = "rules"

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
    run = 0
    for token in doc[:-1]:
        run += 1
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
            run = 0
        elif token.text in _SENTENCE_ENDS:
            run = 0
        elif run >= MAX_SENTENCE_TOKENS:
            doc[token.i + 1].is_sent_start = True
            run = 0
    return doc


class AttributionExtractor:
    """Finds attributed statements and their speakers in a parsed ``Doc``.

    Sets ``doc._.attributions`` (see :mod:`onrecord.extract`) and ``doc._.speakers`` (see
    :mod:`onrecord.speakers`). Dates need the publication date, which a ``Doc`` does not carry:
    :func:`onrecord.analyze` adds them. ``model`` decides which candidates of the rules are
    statements (:mod:`onrecord.learned`); without one the rules decide alone.
    """

    def __init__(self, model: StatementModel | None) -> None:
        self.model = model

    def __call__(self, doc: Doc) -> Doc:
        attributions = extract_attributions(doc, model=self.model)
        doc._.attributions, doc._.speakers = describe(doc, attributions)
        return doc


@Language.factory("onrecord", default_config={"statement_model": SHIPPED})
def make_onrecord(nlp: Language, name: str, statement_model: str) -> AttributionExtractor:
    """``statement_model``: ``"shipped"`` (trained on PolNeAR), ``"rules"`` (none) or a path."""
    return AttributionExtractor(load_statement_model(statement_model))


def load_statement_model(choice: str) -> StatementModel | None:
    if choice == SHIPPED:
        return shipped_model()
    if choice == RULES_ONLY:
        return None
    return StatementModel.load(Path(choice))

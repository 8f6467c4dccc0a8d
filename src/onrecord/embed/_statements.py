"""What is embedded for a statement, and the vectors of an article's statements.

Everything here reads the ``AnalyzedArticle`` alone (its text and results, no parse), so a
statement gets the same vector when its article is analyzed and when a stored article is read
back and embedded later.
"""

from __future__ import annotations

import re

import numpy as np

from onrecord.embed._encoder import FloatArray, embed_query, embed_texts
from onrecord.results import AnalyzedArticle, Attribution

# How much the headline's vector counts beside the content's (1): measured on the relevance
# check set (README, "Search by meaning"), where 0.2 to 0.7 all did about as well.
HEADLINE_WEIGHT = 0.5
_NORM_FLOOR = 1e-12
# A plain-text article's headline: a first line short enough for one, a blank line after it.
_FIRST_LINE = re.compile(r"\A\s*([^\n]{1,200}?)[ \t]*\n[ \t]*\n")


def statement_content(attribution: Attribution) -> str:
    """The words of a statement: its content's spans joined by a space (a quote may be
    interrupted by its cue)."""
    return " ".join(span.text for span in attribution.content)


def headline(analyzed: AnalyzedArticle) -> str | None:
    """The article's title; for an article without one (a plain-text file), the first line of
    its text when it stands alone, as a headline does."""
    if analyzed.article.title:
        return analyzed.article.title
    match = _FIRST_LINE.match(analyzed.article.text)
    return match.group(1).strip() if match else None


def statement_input(analyzed: AnalyzedArticle, attribution: Attribution) -> str:
    """The text embedded for ``attribution`` of ``analyzed``: its content (``embed_statements``
    adds its article's headline to the vector)."""
    return statement_content(attribution)


def embed_statements(analyzed: AnalyzedArticle) -> dict[str, FloatArray]:
    """The vector of every statement of ``analyzed``, by attribution id ("a3"): its
    content's vector plus ``HEADLINE_WEIGHT`` times its article's headline's, unit length.

    The headline brings the subject a quote seldom names. Embedded in the statement's text
    (content, then headline in brackets) it helped as much on the relevance check set, but
    it made every statement's text twice as long, and embedding is paid per word piece: the
    headline is embedded once per article instead.
    """
    attributions = analyzed.attributions
    if not attributions:
        return {}
    vectors = embed_texts([statement_input(analyzed, each) for each in attributions])
    title = headline(analyzed)
    if title is not None:
        vectors = vectors + HEADLINE_WEIGHT * embed_query(title)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        vectors = (vectors / np.maximum(norms, _NORM_FLOOR)).astype(np.float32)
    return {attribution.id: vectors[row] for row, attribution in enumerate(attributions)}

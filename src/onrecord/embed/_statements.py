"""What is embedded for a statement, and the vectors of an article's statements.

Everything here reads the ``AnalyzedArticle`` alone (its text and results, no parse), so a
statement gets the same vector when its article is analyzed and when a stored article is read
back and embedded later.
"""

from __future__ import annotations

import re

from onrecord.embed._encoder import FloatArray, embed_texts
from onrecord.results import AnalyzedArticle, Attribution

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
    """The text embedded for ``attribution`` of ``analyzed``: its content, and its article's
    headline in brackets after it.

    Of six recipes (the content alone, with its speaker's name, in the sentences of its cue,
    with the headline before or after it, with name and sentences), this one found the most
    of the statements marked relevant to 30 questions over PolNeAR dev, by meaning alone
    (``scripts/measure_statement_input.py``; numbers in the README, "Search by meaning"): a
    quote seldom names what it is about, its headline does.
    """
    content = statement_content(attribution)
    title = headline(analyzed)
    return content if title is None else f"{content} ({title})"


def embed_statements(analyzed: AnalyzedArticle) -> dict[str, FloatArray]:
    """The vector of every statement of ``analyzed``, by attribution id ("a3")."""
    attributions = analyzed.attributions
    vectors = embed_texts([statement_input(analyzed, each) for each in attributions])
    return {attribution.id: vectors[row] for row, attribution in enumerate(attributions)}

"""What is embedded for a statement, and the vectors of an article's statements.

Everything here reads the ``AnalyzedArticle`` alone (its text and results, no parse), so a
statement gets the same vector when its article is analyzed and when a stored article is read
back and embedded later.
"""

from __future__ import annotations

import re

from onrecord.embed._encoder import FloatArray, embed_texts
from onrecord.results import AnalyzedArticle, Attribution

# Where a sentence ends: its final stop (and closing quotes or brackets), then white space and a
# capital or an opening quote; or a blank line. "U.S. officials" goes on; "Mr. Biden" is cut,
# which only makes a cue sentence shorter.
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘'(\[A-Z0-9])|\n\s*\n")


def statement_content(attribution: Attribution) -> str:
    """The words of a statement: its content's spans joined by a space (a quote may be
    interrupted by its cue)."""
    return " ".join(span.text for span in attribution.content)


def speaker_name(analyzed: AnalyzedArticle, attribution: Attribution) -> str | None:
    """The article's name of the statement's speaker, if it has one."""
    for speaker in analyzed.speakers:
        if speaker.id == attribution.speaker:
            return speaker.name
    return None


def statement_sentences(analyzed: AnalyzedArticle, attribution: Attribution) -> str:
    """The sentences of the article that hold the statement's cue and content, white space
    folded: a quote with "Milley said" after it, reported speech with its "Biden said that"."""
    spans = (*attribution.cue, *attribution.content)
    text = analyzed.article.text
    first = min((span.start for span in spans), default=0)
    last = max((span.end for span in spans), default=0)
    start = 0
    # Not finditer(text, 0, first): its look-ahead could not see the capital at ``first``.
    for match in _SENTENCE_END.finditer(text):
        if match.end() > first:
            break
        start = match.end()
    after = _SENTENCE_END.search(text, last)
    end = len(text) if after is None else after.start() + len(after.group().rstrip())
    return " ".join(text[start:end].split())


def statement_input(analyzed: AnalyzedArticle, attribution: Attribution) -> str:
    """The text embedded for ``attribution`` of ``analyzed``: the sentences that hold its cue
    and content (``statement_sentences``), after its speaker's name.

    Of the content alone, with its speaker's name, in its sentences, with the headline, and
    with both name and sentences, the last ranked statements best for the queries measured
    (``scripts/measure_statement_input.py``, README "Search by meaning"): the cue sentence
    brings the words a reporter uses to sum a quote up, and the name who is speaking.
    """
    sentences = statement_sentences(analyzed, attribution)
    name = speaker_name(analyzed, attribution)
    return sentences if name is None else f"{name}: {sentences}"


def embed_statements(analyzed: AnalyzedArticle) -> dict[str, FloatArray]:
    """The vector of every statement of ``analyzed``, by attribution id ("a3")."""
    attributions = analyzed.attributions
    vectors = embed_texts([statement_input(analyzed, each) for each in attributions])
    return {attribution.id: vectors[row] for row, attribution in enumerate(attributions)}

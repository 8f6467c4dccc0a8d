"""What is embedded for a statement, and the vectors of an article's statements."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from onrecord import analyze
from onrecord.embed import VECTOR_WIDTH, embed_query, embed_statements, embed_texts, statement_input
from onrecord.embed._statements import headline, statement_content
from onrecord.results import AnalyzedArticle, Article, Attribution, Kind, Span

EXAMPLE = Path(__file__).parents[2] / "examples" / "milley-memos.txt"
TEXT = (
    "Milley urges talks\n\n"
    "The talks failed. “When there is an opportunity to negotiate, take it. Seize the moment,”"
    " Milley said on Friday."
)


@pytest.fixture(scope="module")
def example() -> AnalyzedArticle:
    return analyze(EXAMPLE.read_text(encoding="utf-8"), published=dt.date(2022, 11, 15))


def quote() -> AnalyzedArticle:
    first = TEXT.index("When")
    second = TEXT.index("Seize")
    cue = TEXT.index("said")
    attribution = Attribution(
        id="a1",
        kind=Kind.DIRECT,
        content=(
            Span.of(TEXT, first, TEXT.index(" Seize")),
            Span.of(TEXT, second, TEXT.index(",”")),
        ),
        cue=(Span.of(TEXT, cue, cue + 4),),
        source=Span.of(TEXT, cue - 7, cue - 1),
    )
    return AnalyzedArticle(article=Article(text=TEXT), attributions=(attribution,))


def test_a_statements_content_joins_its_spans() -> None:
    (attribution,) = quote().attributions
    assert statement_content(attribution) == (
        "When there is an opportunity to negotiate, take it. Seize the moment"
    )


def test_the_input_is_the_content(example: AnalyzedArticle) -> None:
    (milley,) = [each for each in example.attributions if "Seize" in statement_content(each)]
    assert statement_input(example, milley) == (
        "“When there is an opportunity to negotiate, when peace can be achieved, take advantage"
        " of it. Seize the moment,”"
    )


def test_the_headline_is_the_title_else_a_first_line_that_stands_alone() -> None:
    analyzed = quote()
    assert headline(analyzed) == "Milley urges talks"
    titled = replace(analyzed.article, title="Talks, at last")
    assert headline(replace(analyzed, article=titled)) == "Talks, at last"
    for text in ("One line only", "A first line\nand a second", "x" * 201 + "\n\nMore."):
        assert headline(AnalyzedArticle(article=Article(text=text))) is None


def test_a_vector_is_the_contents_plus_half_the_headlines() -> None:
    analyzed = quote()
    (attribution,) = analyzed.attributions
    mixed = embed_texts([statement_content(attribution)])[0] + 0.5 * embed_query(
        "Milley urges talks"
    )
    vector = embed_statements(analyzed)["a1"]
    np.testing.assert_allclose(vector, mixed / np.linalg.norm(mixed), rtol=1e-6, atol=1e-7)
    assert vector.dtype == np.float32
    untitled = replace(analyzed, article=Article(text=TEXT.replace("\n\n", ": ")))
    np.testing.assert_array_equal(
        embed_statements(untitled)["a1"], embed_texts([statement_content(attribution)])[0]
    )


def test_every_statement_gets_a_unit_vector(example: AnalyzedArticle) -> None:
    vectors = embed_statements(example)
    assert list(vectors) == [attribution.id for attribution in example.attributions]
    assert all(vector.shape == (VECTOR_WIDTH,) for vector in vectors.values())
    np.testing.assert_allclose([np.linalg.norm(v) for v in vectors.values()], 1.0, atol=1e-6)


def test_a_statements_vector_does_not_depend_on_the_other_statements(
    example: AnalyzedArticle,
) -> None:
    whole = embed_statements(example)
    for attribution in example.attributions[::5]:
        alone = embed_statements(AnalyzedArticle(example.article, (attribution,), example.speakers))
        np.testing.assert_array_equal(alone[attribution.id], whole[attribution.id])


def test_an_article_without_statements_has_no_vectors() -> None:
    assert embed_statements(AnalyzedArticle(article=Article(text="Nobody spoke."))) == {}


def test_a_stored_article_read_back_embeds_as_it_did_at_ingest(
    example: AnalyzedArticle, tmp_path: Path
) -> None:
    from onrecord.store import Store, article_id

    with Store.open(str(tmp_path / "store.db")) as store:
        store.save(example)
        stored = store.article(article_id(example.article.text))
    assert stored is not None
    again = embed_statements(stored.analyzed)
    for key, vector in embed_statements(example).items():
        np.testing.assert_array_equal(again[key], vector)


def test_the_query_ranks_statements_about_negotiating_first(example: AnalyzedArticle) -> None:
    vectors = embed_statements(example)
    scores = {
        key: float(vector @ embed_query("negotiations with Russia"))
        for key, vector in vectors.items()
    }
    top = sorted(scores, key=scores.__getitem__, reverse=True)[:5]
    contents = {each.id: statement_content(each) for each in example.attributions}
    assert all(re.search(r"negotiat|Russia", contents[key]) for key in top), top

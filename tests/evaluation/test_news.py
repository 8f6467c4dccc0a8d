"""The real-news check set (issue 17): names, titles, outlets and speakers read by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from onrecord import pipeline
from onrecord.evaluation._news import (
    INFORMED,
    PUBLIC,
    CheckSetScore,
    ExpectedPage,
    ExpectedSpeaker,
    ExpectedStatement,
    evaluate_check_set,
    format_score,
    read_check_set,
    score_page,
)
from onrecord.results import (
    AnalyzedArticle,
    AnonymousProfile,
    Article,
    Attribution,
    Kind,
    Span,
    Speaker,
    SpeakerKind,
)

ROOT = Path(__file__).parents[2]
CHECK_SET = ROOT / "tests" / "fixtures" / "news_check_set.json"
PAGES = ROOT.parent / "shared" / "data" / "news-pages"


def test_the_check_set_covers_at_least_15_articles_read_by_hand() -> None:
    pages = read_check_set(CHECK_SET)
    assert len(pages) >= 15
    assert len({page.outlet for page in pages}) == len(pages)
    for page in pages:
        assert all((page.outlet, page.title, page.speakers)), page.page
        names = {speaker.name for speaker in page.speakers}
        assert {statement.speaker for statement in page.statements} <= names, page.page
        assert {kind for _, kind in page.unnamed} <= {INFORMED, PUBLIC}
    assert sum(len(page.statements) for page in pages) >= 80


def _page(
    text: str, speakers: tuple[Speaker, ...], attributions: tuple[Attribution, ...]
) -> AnalyzedArticle:
    article = Article(text=text, outlet="Daily Ledger", title="Budget passes", author=None)
    return AnalyzedArticle(article, attributions=attributions, speakers=speakers)


def test_scores_names_titles_once_unnamed_kinds_and_statements() -> None:
    text = "“We won,” said Gov. Jay Inslee. “It is too big,” said another person."

    def span(part: str) -> Span:
        return Span.of(text, text.index(part), text.index(part) + len(part))

    inslee = Speaker(
        "s1",
        SpeakerKind.PERSON,
        "Jay Inslee",
        mentions=(span("Jay Inslee"),),
        titles=(span("Gov."), span("Gov.")),
    )
    person = Speaker(
        "s2",
        SpeakerKind.ANONYMOUS,
        "another person",
        mentions=(span("another person"),),
        anonymous=AnonymousProfile(count=1, plural=False, informed=False),
    )
    said = span("said")
    statements = (
        Attribution("a1", Kind.DIRECT, (span("“We won,”"),), (said,), speaker="s1"),
        Attribution("a2", Kind.DIRECT, (span("“It is too big,”"),), (said,), speaker="s1"),
    )
    expected = ExpectedPage(
        page="ledger",
        outlet="Daily Ledger",
        title="Budget passes",
        author=None,
        checks_author=True,
        speakers=(ExpectedSpeaker("Jay Inslee", SpeakerKind.PERSON, ("gov.",)),),
        not_persons=("another person",),
        unnamed=(("another person", PUBLIC),),
        statements=(
            ExpectedStatement("We won", "Jay Inslee"),
            ExpectedStatement("It is too big", "Jay Inslee"),
        ),
    )
    score = CheckSetScore()
    score_page(expected, _page(text, (inslee, person), statements), score)

    assert (score.outlets.share, score.titles.share, score.authors.share) == (1.0, 1.0, 1.0)
    assert (score.speaker_names.right, score.not_persons.right, score.unnamed.right) == (1, 1, 1)
    # "Gov." twice: found, but the second is one too many.
    assert (score.speaker_titles_found.right, score.speaker_titles_right.right) == (1, 1)
    assert score.speaker_titles_right.total == 2
    assert (score.statements.right, score.statements.total) == (2, 2)
    assert "statements, right speaker" in format_score(score)


def test_a_statement_of_the_wrong_speaker_and_a_made_up_person_count_against() -> None:
    text = "“We won,” said Copperfield."
    copperfield = Speaker(
        "s1", SpeakerKind.PERSON, "Copperfield", mentions=(Span(15, 26, "Copperfield"),)
    )
    statement = Attribution(
        "a1", Kind.DIRECT, (Span.of(text, 0, 9),), (Span.of(text, 10, 14),), speaker="s1"
    )
    expected = ExpectedPage(
        page="ledger",
        outlet="Ledger",
        title="Other",
        author="Jane Doe",
        checks_author=True,
        speakers=(ExpectedSpeaker("Usman Hasib", SpeakerKind.PERSON),),
        not_persons=("Copperfield",),
        unnamed=(("officials", INFORMED),),
        statements=(ExpectedStatement("We won", "Usman Hasib"),),
    )
    score = CheckSetScore()
    score_page(expected, _page(text, (copperfield,), (statement,)), score)

    assert score.statements_found.right == 1
    for tally in score.measures().values():
        if tally is not score.statements_found:
            assert tally.right == 0, tally.problems
    assert "went to 'Copperfield', not 'Usman Hasib'" in score.statements.problems[0]


@pytest.mark.slow
@pytest.mark.skipif(not PAGES.is_dir(), reason="needs the shared news pages")
def test_real_news_names_titles_outlets_and_speakers_hold() -> None:
    score = evaluate_check_set(read_check_set(CHECK_SET), PAGES, pipeline.load())
    report = format_score(score)
    problems = "\n".join(p for tally in score.measures().values() for p in tally.problems)
    # Acceptance: 85% of the statements go to the right speaker (77.5% before issue 17).
    assert score.statements.share >= 0.85, report + "\n" + problems
    assert score.statements_found.share >= 0.95, report
    # Outlets, titles, bylines and unnamed-source kinds as a newsroom writes them.
    assert score.outlets.share == 1.0, score.outlets.problems
    assert score.titles.share == 1.0, score.titles.problems
    assert score.authors.share == 1.0, score.authors.problems
    assert score.unnamed.share == 1.0, score.unnamed.problems
    # Full names (point 9) and no places or common nouns as people (point 11).
    assert score.speaker_names.share >= 0.95, score.speaker_names.problems
    assert score.not_persons.share == 1.0, score.not_persons.problems
    # Titles given are offices or roles, once each (point 10).
    assert score.speaker_titles_right.share >= 0.9, score.speaker_titles_right.problems
    assert score.speaker_titles_found.share >= 0.6, score.speaker_titles_found.problems
    named_in_the_issue = ("Raquel Montoya-Lewis", "Phoebe Waller-Bridge", "Mustafa Al-Kahlot")
    assert not [p for p in score.speaker_names.problems if any(n in p for n in named_in_the_issue)]

"""End to end in real headless Chromium (Debian's, at /usr/bin/chromium) against ``onrecord serve``.

Every page of every test is watched: a dialog, an uncaught error or a console error (a script
or style the CSP blocked, say) fails the test. Screenshots go to test-artifacts/web/.
Chromium is installed by .ci/run; without it these tests skip, except under CI, where they fail.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, expect, sync_playwright

if TYPE_CHECKING:
    from conftest import LiveServer, WebCorpus

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parents[2] / "test-artifacts" / "web"

# The 16 statements of ../shared/examples/milley-memos.expected.md: source mention, words of
# the cue, kind.
EXPECTED = [
    ("three sources familiar with the matter", "said", "indirect"),
    ("Some of those invited to the call", "said", "indirect"),
    ("the sources", "said", "indirect"),
    ("Milley", "praised", "indirect"),
    ("Milley", "said", "direct"),
    ("two US officials", "told", "indirect"),
    ("one official", "calling", "mixed"),
    ("National security adviser Jake Sullivan", "making it clear", "indirect"),
    ("Sullivan", "said", "mixed"),
    ("Sullivan", "quoted … as saying", "mixed"),
    ("Biden", "reiterated", "indirect"),
    ("Biden", "said", "direct"),
    ("a source familiar with the matter", "said", "indirect"),
    ("Military personnel working with Milley", "privately told", "indirect"),
    ("CNN", "previously reported", "indirect"),
    ("Bill Taylor", "said", "direct"),
]
PASTED = (
    "Kyiv rejects talks\n\n"
    "“We will not trade territory for peace,” Ukrainian President Volodymyr Zelensky said on "
    "Tuesday. Two senior officials, who spoke on condition of anonymity, told reporters that the "
    "offensive would continue through the winter.\n"
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        message = f"no Chromium at {CHROMIUM} (on Debian: apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    """A fresh tab on the live server; fails the test on a dialog or a console error."""
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1400, "height": 1000}
    )
    opened = context.new_page()
    # The first analysis loads the spaCy model in the server.
    opened.set_default_timeout(90_000)
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(f"console error on {opened.url}: {message.text}")

    def on_dialog(dialog: Dialog) -> None:
        problems.append(f"dialog on {opened.url}: {dialog.message}")
        dialog.dismiss()

    opened.on("console", on_console)
    opened.on("pageerror", lambda error: problems.append(f"error on {opened.url}: {error}"))
    opened.on("dialog", on_dialog)
    yield opened
    context.close()
    assert problems == []


def _screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


def _statements(page: Page) -> dict[str, tuple[str, str, str]]:
    """The side list: statement id -> (source mention, cue, kind)."""
    found: dict[str, tuple[str, str, str]] = page.eval_on_selector_all(
        ".statements li.statement",
        """items => Object.fromEntries(items.map(item => [item.dataset.statement, [
            item.querySelector('.source-text')?.textContent ?? '',
            item.querySelector('.cue-text').textContent,
            item.querySelector('.badge').textContent,
        ]]))""",
    )
    return {key: tuple(value) for key, value in found.items()}  # type: ignore[misc]


def test_the_example_article_shows_its_16_statements_highlighted(
    page: Page, web_corpus: WebCorpus
) -> None:
    page.goto(f"/articles/{web_corpus.example_id}")
    expect(page.locator("h1")).to_contain_text("Milley’s memos")
    statements = _statements(page)

    matched = {}
    for source, cue, kind in EXPECTED:
        candidates = [
            key
            for key, (found_source, found_cue, found_kind) in statements.items()
            if (found_source, found_kind) == (source, kind)
            and all(word in found_cue for word in cue.split(" … "))
            and key not in matched.values()
        ]
        assert candidates, f"no {kind} statement of {source!r} with the cue {cue!r}"
        matched[source, cue, kind] = candidates[0]
    assert len(matched) == 16
    for key in matched.values():
        for role in ("content", "cue", "source"):
            marks = page.locator(f'mark.{role}[data-statements~="{key}"]')
            expect(marks.first).to_be_visible()
    # Every statement of the article is highlighted, not only these.
    assert page.eval_on_selector_all(
        "mark[data-statements]",
        "marks => new Set(marks.flatMap(mark => mark.dataset.statements.split(' '))).size",
    ) == len(statements)
    colors = page.evaluate(
        """() => ['content', 'cue', 'source'].map(role => getComputedStyle(
            document.querySelector('.article-text mark.' + role)).backgroundColor)"""
    )
    assert len(set(colors)) == 3
    borders = page.evaluate(
        """() => ['direct', 'indirect', 'mixed'].map(kind =>
            getComputedStyle(document.querySelector('.article-text mark.content-' + kind))
                .borderBottomStyle)"""
    )
    assert borders == ["solid", "dashed", "dotted"]
    _screenshot(page, "article-milley-memos")

    praised = matched["Milley", "praised", "indirect"]
    cue = page.locator(f'mark.cue[data-statements~="{praised}"]').first
    assert "Mark Milley" in (cue.get_attribute("title") or "")
    cue.click()
    popover = page.locator("#popover")
    expect(popover).to_be_visible()
    expect(popover).to_contain_text("Mark Milley")
    expect(popover).to_contain_text("Chairman of the Joint Chiefs of Staff")
    expect(popover).to_contain_text("the Economic Club of New York")
    expect(popover).to_contain_text("last week (2022-11-07 – 2022-11-13)")
    _screenshot(page, "article-popover-milley")

    officials = matched["two US officials", "told", "indirect"]
    page.keyboard.press("Escape")
    page.locator(f'button.locate[data-statement="{officials}"]').click()
    expect(popover).to_contain_text("2 sources · US")
    expect(popover).to_contain_text("CNN")


def test_milleys_speaker_page(page: Page, web_corpus: WebCorpus) -> None:
    page.goto(f"/articles/{web_corpus.example_id}")
    page.locator(".statements a", has_text="Mark Milley").first.click()

    expect(page).to_have_url(re.compile(r"/speakers/\d+$"))
    expect(page.locator("h1")).to_have_text("Mark Milley")
    expect(page.locator("ul.titles")).to_contain_text("Chairman of the Joint Chiefs of Staff")
    expect(page.locator("ul.titles")).to_contain_text("seen 2022-11-15")
    expect(page.locator("svg.timeline rect.column")).to_have_count(1)
    expect(page.locator("svg.timeline .title-range")).to_contain_text("Chairman")
    expect(page.locator("svg.bars").first).to_contain_text("CNN")
    results = page.locator("ol.results li.result")
    expect(results.first).to_be_visible()
    contents = results.locator("blockquote").all_inner_texts()
    assert any(content.startswith("“When there is an opportunity") for content in contents)
    assert all("Milley" in text for text in results.locator(".result-head").all_inner_texts())
    expect(page.locator("svg.bars").nth(1)).to_contain_text("unnamed sources")
    _screenshot(page, "speaker-milley")


def test_from_a_speaker_s_subjects_to_a_subject_s_statements_and_their_article(
    page: Page, web_corpus: WebCorpus
) -> None:
    page.goto(f"/articles/{web_corpus.example_id}")
    page.locator(".statements a", has_text="Mark Milley").first.click()
    subjects = page.locator("section.speaker-subjects")

    expect(subjects.locator("h2")).to_have_text("Subjects over time")
    expect(subjects.locator("svg.month-rows rect.column").first).to_be_visible()
    _screenshot(page, "speaker-milley-subjects")
    first = subjects.locator("ol.subjects a.subject-label").first
    label = first.inner_text()
    first.click()

    expect(page).to_have_url(re.compile(r"/subjects/[0-9a-f]{12}\?speaker_id=\d+$"))
    expect(page.locator("h1")).to_have_text(label)
    results = page.locator("ol.results li.result")
    expect(results.first).to_be_visible()
    assert all("Milley" in text for text in results.locator(".result-head").all_inner_texts())
    page.locator("a", has_text="everyone's").click()

    expect(page).to_have_url(re.compile(r"/subjects/[0-9a-f]{12}$"))
    expect(page.locator("svg.timeline rect.column").first).to_be_visible()
    days = page.locator("ol.results .when").all_inner_texts()
    assert days == sorted(days)
    _screenshot(page, "subject")
    results.first.locator(".result-source a[href^='/articles/']").click()

    expect(page).to_have_url(re.compile(r"/articles/[0-9a-f]+#statement-a\d+$"))
    expect(page.locator("#article-text mark").first).to_be_visible()
    page.goto("/subjects")
    expect(page.locator("ol.subjects li.subject").first).to_be_visible()
    _screenshot(page, "subjects")


def test_filtering_the_dashboard(page: Page, web_corpus: WebCorpus) -> None:
    page.goto("/dashboard")
    all_series = page.locator("svg.lines g.series")
    expect(all_series.first).to_be_visible()
    outlets = all_series.evaluate_all("groups => groups.map(group => group.dataset.outlet)")
    assert set(web_corpus.outlets) <= set(outlets)
    months = page.locator("#monthly tbody tr").count()
    _screenshot(page, "dashboard")

    page.select_option("select[name=outlet]", "CNN")
    page.click("#dashboard-filters button[type=submit]")

    expect(page).to_have_url(re.compile(r"outlet=CNN"))
    expect(all_series).to_have_count(1)
    assert all_series.first.get_attribute("data-outlet") == "CNN"
    rows = page.locator("#monthly tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("2022-11")
    expect(page.locator("svg.bars").nth(1)).to_contain_text("Mark Milley")
    _screenshot(page, "dashboard-cnn")

    page.select_option("select[name=outlet]", "")
    page.fill("input[name=since]", "2022-11")
    page.fill("input[name=until]", "2022-11")
    page.click("#dashboard-filters button[type=submit]")

    expect(page).to_have_url(re.compile(r"since=2022-11&until=2022-11"))
    in_november = page.locator("#monthly tbody tr td:first-child").all_inner_texts()
    assert set(in_november) == {"2022-11"}
    assert len(in_november) <= months
    if len(web_corpus.outlets) > 2:  # PolNeAR's outlets are of 2016
        assert len(in_november) < months
    _screenshot(page, "dashboard-november-2022")


def test_real_news_article_speaker_and_dashboard(page: Page, web_corpus: WebCorpus) -> None:
    """Issue 17: whole names, titles once, outlets named once, vox pop apart from sources."""
    if not web_corpus.news_ids:
        pytest.skip("needs the shared news pages")
    page.goto(f"/articles/{web_corpus.news_ids['timesofisrael.com.washington']}")
    expect(page.locator("h1")).to_have_text(
        "State of Washington swears in first Native American-Jewish Supreme Court justice"
    )
    expect(page.locator("body")).to_contain_text("The Times of Israel")
    statements = page.locator(".statements li.statement", has_text="Raquel Montoya-Lewis")
    expect(statements.first).to_be_visible()
    assert statements.count() >= 3
    _screenshot(page, "news-article-montoya-lewis")

    statements.locator("a", has_text="Raquel Montoya-Lewis").first.click()
    expect(page).to_have_url(re.compile(r"/speakers/\d+$"))
    expect(page.locator("h1")).to_have_text("Raquel Montoya-Lewis")
    titles = page.locator("ul.titles li").all_inner_texts()
    assert [t for t in titles if t.startswith("Judge")] == [titles[0]], titles
    _screenshot(page, "news-speaker-montoya-lewis")

    page.goto(f"/articles/{web_corpus.news_ids['tribune242.com-gunned']}")
    peters = page.locator(".statements li.statement", has_text="Audley Peters")
    expect(peters.first).to_be_visible()
    assert page.locator(".statements li.statement a", has_text="Supt Peters").count() == 0
    _screenshot(page, "news-article-audley-peters")

    page.goto("/dashboard?outlet=ABC7+San+Francisco")
    row = page.locator("#monthly tbody tr")
    expect(row).to_have_count(1)
    # "county officials" and "Officials" are unnamed sources; five members of the public quoted
    # in public comment ("another person", "someone at the meeting") are not.
    cells = row.first.locator("td").all_inner_texts()
    assert cells[1:] == ["ABC7 San Francisco", "1", cells[3], "2", cells[5], "5"], cells
    expect(page.locator("#monthly thead")).to_contain_text("Public, unnamed")
    _screenshot(page, "news-dashboard-abc7")


def test_paste_and_analyze(page: Page) -> None:
    page.goto("/analyze")
    page.fill("textarea[name=text]", PASTED)
    page.fill("input[name=published]", "2022-11-15")
    page.click("form.analyze button[type=submit]")

    zelensky = page.locator(".statements li.statement", has_text="Volodymyr Zelensky")
    expect(zelensky).to_contain_text("2022-11-15")  # "on Tuesday", the day of publication
    expect(zelensky).to_contain_text("President")
    page.locator(".article-text mark.cue").first.click()
    expect(page.locator("#popover")).to_contain_text("Volodymyr Zelensky")
    expect(page.locator("textarea[name=text]")).to_have_value(PASTED)
    _screenshot(page, "analyze")

    page.fill("input[name=title]", "Kyiv rejects talks")
    page.fill("input[name=outlet]", "Browser Wire")
    page.check("input[name=save]")
    page.click("form.analyze button[type=submit]")

    expect(page).to_have_url(re.compile(r"/articles/[0-9a-f]{64}$"))
    expect(page.locator("h1")).to_have_text("Kyiv rejects talks")
    expect(page.locator(".meta .outlet")).to_have_text("Browser Wire")
    expect(page.locator(".statements a", has_text="Volodymyr Zelensky")).to_be_visible()
    _screenshot(page, "analyze-saved")


def test_search_by_meaning_and_more_like_this(page: Page) -> None:
    page.goto("/search")
    switch = page.locator("input[name=meaning]")
    expect(switch).to_be_checked()
    page.fill("input[name=q]", "negotiations with Russia")
    page.click("form.search button[type=submit]")

    results = page.locator("ol.results li.result")
    expect(results.first).to_be_visible()
    assert results.count() == 50
    first = results.first
    expect(first.locator(".score")).to_have_text(re.compile(r"^0\.0\d{3}$"))
    expect(first.locator(".when")).to_be_visible()
    expect(first.locator(".result-source")).to_contain_text("·")
    expect(page.locator("input[name=meaning]")).to_be_checked()
    _screenshot(page, "search-by-meaning")

    first.locator("a.more-like-this").click()
    expect(page.locator("h1")).to_have_text("More like this")
    expect(page.locator("ol.results li.result").first).to_be_visible()
    _screenshot(page, "more-like-this")
    page.locator("ol.results li.result a[href*='#statement-']").first.click()
    expect(page).to_have_url(re.compile(r"/articles/[0-9a-f]{64}#statement-a\d+$"))

    # Off: by words alone, every result has one of them.
    page.goto("/search?q=negotiate")
    page.uncheck("input[name=meaning]")
    page.click("form.search button[type=submit]")
    expect(page.locator("input[name=meaning]")).not_to_be_checked()
    contents = page.locator("ol.results blockquote.content-text").all_inner_texts()
    assert contents
    assert all("negotiat" in content.lower() for content in contents)


def test_hostile_search_text_is_shown_as_text(page: Page) -> None:
    typed = "<img src=x onerror=\"alert('q')\"> \"<script>alert('q')</script>\" NEAR(* OR"
    page.goto("/search")
    page.fill("input[name=q]", typed)
    page.click("form.search button[type=submit]")

    expect(page.locator("input[name=q]")).to_have_value(typed)
    expect(page.locator("nav.pager")).to_be_visible()
    assert page.evaluate("document.querySelectorAll('img, script:not([src])').length") == 0
    _screenshot(page, "search-hostile")


def test_nothing_in_a_hostile_article_runs(page: Page, web_corpus: WebCorpus) -> None:
    outlet = quote(web_corpus.hostile_outlet)
    pages = [
        f"/articles/{web_corpus.hostile_id}",
        "/articles",
        "/dashboard",
        f"/dashboard?outlet={outlet}",
        f"/articles?outlet={outlet}",
        "/search?q=script",
        "/speakers?name=Mallory",
    ]
    for path in pages:
        page.goto(path)
        marks = page.locator("mark[data-statements]")
        for index in range(marks.count()):
            marks.nth(index).hover()
            marks.nth(index).click()
            page.keyboard.press("Escape")  # the popover would cover the next passage
        for link in page.locator("ol.results a, table.listing a").all()[:5]:
            link.hover()
        found = page.evaluate(
            """() => ({
                pwned: window.__pwned ?? null,
                handlers: document.querySelectorAll(
                    '[onerror], [onload], [onmouseover], [onclick]').length,
                inline: document.querySelectorAll('script:not([src]), style, iframe, img').length,
                scripts: Array.from(document.scripts, script => script.getAttribute('src')),
                links: Array.from(document.querySelectorAll('a[href]'),
                    a => new URL(a.getAttribute('href'), location.href))
                    .filter(url => url.origin !== location.origin).map(String),
            })"""
        )
        assert found == {
            "pwned": None,
            "handlers": 0,
            "inline": 0,
            "scripts": ["/static/app.js"],
            "links": [],
        }, path
        if path.startswith("/articles/"):
            assert page.locator(".article-text mark").count() > 0
            expect(page.locator("h1")).to_contain_text("<script>window.__pwned")
            expect(page.locator(".meta .url")).to_have_text("javascript:alert('url')")
            _screenshot(page, "hostile-article")
        if path.startswith("/dashboard?"):
            expect(page.locator("svg.lines g.series")).to_have_count(1)
            _screenshot(page, "hostile-dashboard")


def test_the_api_docs_work_offline(page: Page, web_corpus: WebCorpus) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/docs")

    expect(page.locator(".swagger-ui .info .title")).to_contain_text("onrecord")
    expect(
        page.locator(".opblock-summary-path", has_text="/api/articles/{article_id}")
    ).to_be_visible()
    page.locator(".opblock-summary-path", has_text="/api/articles/{article_id}").click()
    page.locator("button.try-out__btn").click()
    page.locator("input[placeholder=article_id]").fill(web_corpus.example_id)
    page.locator("button.execute").click()
    status = page.locator(".live-responses-table tbody .response-col_status")
    expect(status).to_have_text("200")
    assert all(url.startswith(page.url.split("/docs")[0]) for url in requested)
    _screenshot(page, "api-docs")


LINE = "The decision to negotiate belongs to Ukraine and the US will not push Ukraine to negotiate"


def test_holding_a_line_saving_it_and_a_speaker_s_stance_on_it(
    page: Page, web_corpus: WebCorpus
) -> None:
    page.goto("/line")
    page.fill("form.line input[name=position]", LINE)
    page.click("form.line button[type=submit]")

    speakers = page.locator("section.speaker-line[id^=line-speaker-]")
    expect(speakers.first).to_be_visible()
    badges = speakers.first.locator(".stance-badge")
    expect(badges.first).to_have_text(re.compile(r"^(supports|opposes) \d+%$"))
    # Departures first: the first speaker's first statement opposes if any of theirs does.
    counts = speakers.first.locator("h2 .stance-counts").inner_text()
    if not counts.split(" · ")[1].startswith("0 "):
        expect(badges.first).to_have_text(re.compile(r"^opposes"))
    expect(page.locator("svg.month-rows rect.column").first).to_be_visible()
    expect(page.locator("form.line input[name=position]")).to_have_value(LINE)
    _screenshot(page, "line")

    speakers.first.locator(".result-source a[href^='/articles/']").first.click()
    expect(page).to_have_url(re.compile(r"/articles/[0-9a-f]{64}#statement-a\d+$"))
    expect(page.locator("#article-text mark").first).to_be_visible()
    page.go_back()

    page.fill("form.save-line input[name=name]", "Ukraine decides")
    page.click("form.save-line button[type=submit]")
    expect(page).to_have_url(re.compile(r"/line\?saved=Ukraine\+decides$"))
    expect(page.locator(".saved-as")).to_contain_text("saved as Ukraine decides")

    page.goto("/lines")
    expect(page.locator("table.saved-lines td.position")).to_have_text(LINE)
    _screenshot(page, "lines")
    page.locator("a.rerun", has_text="Ukraine decides").click()
    expect(page.locator("form.line input[name=position]")).to_have_value(LINE)
    expect(speakers.first).to_be_visible()

    page.goto(f"/articles/{web_corpus.example_id}")
    page.locator(".statements a", has_text="Mark Milley").first.click()
    stance = page.locator("section.speaker-lines .speaker-line-stance")
    expect(stance).to_have_count(1)
    expect(stance.locator("h3")).to_contain_text("Ukraine decides")
    expect(stance.locator(".stance-counts")).to_contain_text("support")
    expect(stance.locator("svg.month-rows")).to_be_visible()
    _screenshot(page, "speaker-milley-lines")
    stance.locator("h3 a").click()
    expect(page).to_have_url(re.compile(r"/line\?saved=Ukraine%20decides&speaker_id=\d+$"))
    names = page.locator("section.speaker-line h2 a").all_inner_texts()
    assert set(names) <= {"Mark Milley"}

    # Deleted, so that the store is as the other tests expect it.
    page.goto("/lines")
    page.locator("form.delete-line button").click()
    expect(page.locator("p.empty")).to_have_text("No line is saved.")


def test_hostile_text_in_a_position_is_shown_as_text(page: Page) -> None:
    typed = (
        "<img src=x onerror=\"alert('line')\"> \"<script>alert('line')</script>\" "
        "NEAR(Ukraine* OR -negotiate) 'quoted'"
    )
    page.goto("/line")
    page.fill("form.line input[name=position]", typed)
    page.click("form.line button[type=submit]")

    expect(page.locator("form.line input[name=position]")).to_have_value(typed)
    expect(page.locator(".line-result .position")).to_have_text(f"“{typed}”")
    assert page.evaluate("document.querySelectorAll('img, script:not([src])').length") == 0
    _screenshot(page, "line-hostile")

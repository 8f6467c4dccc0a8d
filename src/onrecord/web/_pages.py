"""The HTML pages: thin handlers that read the store through typed calls and render templates.

Query parameters come from forms, which send empty fields as empty strings: those mean "no
filter" here, and a value that is not valid is an ``InputError``, answered with a 400 page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.templating import Jinja2Templates

from onrecord._analyze import parse_date
from onrecord.errors import InputError, StoreError
from onrecord.results import Article, Kind, SpeakerKind
from onrecord.stance import OPPOSES, SUPPORTS, SpeakerLine
from onrecord.store import Page, SearchHit, StatementFilter, StatementRow
from onrecord.store._database import MAX_INTEGER
from onrecord.store._statements import GAP
from onrecord.store._words import query_terms
from onrecord.web._api import FilterText, RowId, SearchWords, State, checked
from onrecord.web._charts import (
    BarItem,
    MonthRowItem,
    MonthRows,
    bar_chart,
    month_rows,
    share_chart,
    timeline,
)
from onrecord.web._highlight import article_view
from onrecord.web._lines import describe_filters, line_query, speaker_stances, stance_months
from onrecord.web._service import WebState, parse_month, search_hits, sourcing_summary
from onrecord.web._subjects import SubjectsNow, monthly, speaker_subjects

Choice = TypeVar("Choice", Kind, SpeakerKind)

PAGE_SIZE = 50
# The subjects a speaker page shows, those of most of the speaker's statements first.
SPEAKER_SUBJECTS = 10
# A subject's id: the start of a SHA-256 digest (``onrecord.topics``).
SubjectId = Annotated[str, Path(pattern=r"^[0-9a-f]{12}$")]
FORM_TYPE = "application/x-www-form-urlencoded"
# The fields of each posted form; anything else in a posted form is ignored.
ANALYZE_FIELDS = ("text", "published", "title", "outlet", "author", "url", "save")
LINE_FILTERS = ("speaker", "speaker_id", "affiliation", "outlet", "since", "until")
SAVE_LINE_FIELDS = ("name", "position", *LINE_FILTERS)
# The speakers of a line drawn over time, those who departed from it first.
LINE_CHART_SPEAKERS = 12
# The saved lines a speaker page shows the speaker's stance on: each is a line to run.
SPEAKER_LINES = 20
# The last page whose rows start at an offset the store can take.
PageNumber = Annotated[int, Query(ge=1, le=MAX_INTEGER // PAGE_SIZE + 1)]


@dataclass(frozen=True, slots=True)
class Pager:
    """Where a listing's page is, and links to the pages around it (None at the ends)."""

    first: int
    last: int
    # None for a ranking, which is not counted.
    total: int | None
    previous: str | None
    next: str | None


def pages_router(templates: Jinja2Templates) -> APIRouter:
    """The routes of the HTML pages, rendered with ``templates``."""
    router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

    def render(request: Request, template: str, status: int = 200, **context: Any) -> Response:
        state: WebState = request.app.state.web
        return templates.TemplateResponse(
            request, template, {"allow_writes": state.allow_writes, **context}, status_code=status
        )

    @router.get("/")
    def home() -> RedirectResponse:
        return RedirectResponse("/articles", status_code=303)

    @router.get("/articles")
    def articles(
        request: Request, state: State, outlet: FilterText | None = None, page: PageNumber = 1
    ) -> Response:
        outlet = outlet or None
        found = state.store.article_page(outlet=outlet, limit=PAGE_SIZE, offset=_offset(page))
        return render(
            request,
            "articles.html",
            articles=found.rows,
            pager=_pager(found, page, {"outlet": outlet}),
            outlet=outlet,
            outlets=[name for name in state.store.outlets() if name is not None],
        )

    @router.get("/articles/{article_id}")
    def article(
        request: Request, state: State, article_id: Annotated[FilterText, Path()]
    ) -> Response:
        stored = state.store.article(article_id)
        if stored is None:
            raise HTTPException(404, "There is no such article in the store.")
        return render(
            request,
            "article.html",
            article=stored.analyzed.article,
            article_id=stored.id,
            view=article_view(stored.analyzed, stored.identities),
        )

    @router.get("/speakers")
    def speakers(
        request: Request,
        state: State,
        name: FilterText | None = None,
        kind: str | None = None,
        page: PageNumber = 1,
    ) -> Response:
        chosen_kind = _choice(SpeakerKind, kind)
        found = state.store.speaker_page(
            kind=chosen_kind, name=name or None, limit=PAGE_SIZE, offset=_offset(page)
        )
        return render(
            request,
            "speakers.html",
            speakers=found.rows,
            pager=_pager(found, page, {"name": name, "kind": kind}),
            name=name or "",
            kind=chosen_kind,
            kinds=list(SpeakerKind),
        )

    @router.get("/speakers/{speaker_id}")
    def speaker(
        request: Request,
        state: State,
        speaker_id: Annotated[RowId, Path()],
        page: PageNumber = 1,
    ) -> Response:
        profile = state.store.speaker(speaker_id)
        if profile is None:
            raise HTTPException(404, "There is no such speaker in the store.")
        statements = state.store.statement_page(
            StatementFilter(speaker_id=speaker_id), limit=PAGE_SIZE, offset=_offset(page)
        )
        company = profile.company
        subjects_now = state.subjects.now()
        subjects = (
            [] if subjects_now.corpus is None else speaker_subjects(subjects_now.corpus, speaker_id)
        )
        saved_lines = state.store.saved_lines()
        stances = speaker_stances(state.lines, state.store, speaker_id, saved_lines[:SPEAKER_LINES])
        return render(
            request,
            "speaker.html",
            profile=profile,
            stances=[
                (
                    stance,
                    stance.speaker
                    and month_rows(_stance_rows(stance.speaker, (SUPPORTS, OPPOSES), None)),
                )
                for stance in stances
            ],
            more_lines=len(saved_lines) - SPEAKER_LINES,
            subjects_now=subjects_now,
            subjects=subjects[:SPEAKER_SUBJECTS],
            more_subjects=len(subjects) - SPEAKER_SUBJECTS,
            subjects_chart=month_rows(
                [
                    MonthRowItem(
                        item.subject.label or "(no distinctive words)",
                        f"{item.statements} of {item.subject.size}",
                        f"/subjects/{item.subject.id}?speaker_id={speaker_id}",
                        item.months,
                    )
                    for item in subjects[:SPEAKER_SUBJECTS]
                ]
            ),
            statements=statements.rows,
            pager=_pager(statements, page, {}),
            timeline=timeline(profile.months, profile.speaker.titles),
            outlets_chart=bar_chart(
                [
                    BarItem(
                        outlet.outlet or "(no outlet)",
                        outlet.statements,
                        f"{outlet.statements} in {outlet.articles} article"
                        + ("" if outlet.articles == 1 else "s"),
                        series=index,
                    )
                    for index, outlet in enumerate(profile.outlets)
                ]
            ),
            company_chart=bar_chart(
                [
                    BarItem(label, count, str(count), series=index)
                    for index, (label, count) in enumerate(
                        [
                            (f"{profile.speaker.name} (this speaker)", company.own),
                            ("other named speakers", company.named),
                            ("unnamed sources", company.anonymous),
                            ("unresolved or no source", company.unattributed),
                        ]
                    )
                ]
            ),
        )

    def subjects_pending(request: Request, subjects_now: SubjectsNow) -> Response:
        """The subjects page while none are worked out yet: unavailable, for now."""
        return render(request, "subjects.html", 503, subjects_now=subjects_now, subjects=())

    @router.get("/subjects")
    def subjects(request: Request, state: State) -> Response:
        subjects_now = state.subjects.now()
        if subjects_now.corpus is None:
            return subjects_pending(request, subjects_now)
        return render(
            request,
            "subjects.html",
            subjects_now=subjects_now,
            subjects=subjects_now.corpus.subjects,
        )

    @router.get("/subjects/{subject_id}")
    def subject(
        request: Request,
        state: State,
        subject_id: SubjectId,
        speaker_id: RowId | None = None,
        page: PageNumber = 1,
    ) -> Response:
        subjects_now = state.subjects.now()
        corpus = subjects_now.corpus
        if corpus is None:
            return subjects_pending(request, subjects_now)
        found = corpus.subject(subject_id)
        if found is None:
            raise HTTPException(
                404, "There is no such subject: the store may have changed since the link was made."
            )
        rows = corpus.rows(found, speaker_id)
        start = _offset(page)
        listed = Page(tuple(rows[start : start + PAGE_SIZE]), len(rows), start, PAGE_SIZE)
        speaker = None if speaker_id is None else state.store.speaker(speaker_id)
        return render(
            request,
            "subject.html",
            subjects_now=subjects_now,
            subject=found,
            speaker=None if speaker is None else speaker.speaker,
            statements=listed.rows,
            pager=_pager(listed, page, {"speaker_id": speaker_id}),
            timeline=timeline(monthly(rows), ()),
            undated=sum(1 for row in rows if row.date is None and row.published is None),
        )

    @router.get("/dashboard")
    def dashboard(
        request: Request,
        state: State,
        outlet: FilterText | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> Response:
        summary = sourcing_summary(
            state.store,
            outlet=outlet or None,
            since=parse_month(since),
            until=parse_month(until, end=True),
        )
        outlets = list(summary.outlets)
        return render(
            request,
            "dashboard.html",
            summary=summary,
            json_link="/api/sourcing" + _query({"outlet": outlet, "since": since, "until": until}),
            since=since or "",
            until=until or "",
            share_chart=share_chart(summary.months, outlets) if summary.months else None,
            outlet_chart=bar_chart(
                [
                    BarItem(
                        total.outlet or "(no outlet)",
                        total.anonymous_share,
                        f"{total.anonymous_share:.0%} of {total.attributions}",
                        series=outlets.index(total.outlet),
                    )
                    for total in summary.totals
                ]
            ),
            speakers_chart=bar_chart(
                [
                    BarItem(
                        row.name,
                        row.statements,
                        str(row.statements),
                        href=f"/speakers/{row.speaker_id}",
                    )
                    for row in summary.top_speakers
                ]
            ),
        )

    @router.get("/search")
    def search(
        request: Request,
        state: State,
        q: SearchWords | None = None,
        meaning: str | None = None,
        searched: str | None = None,
        speaker: FilterText | None = None,
        speaker_id: RowId | None = None,
        outlet: FilterText | None = None,
        kind: str | None = None,
        since: str | None = None,
        until: str | None = None,
        page: PageNumber = 1,
    ) -> Response:
        filters = StatementFilter(
            speaker=speaker or None,
            speaker_id=speaker_id,
            outlet=outlet or None,
            kind=_choice(Kind, kind),
            since=parse_date(since or None),
            until=parse_date(until or None),
        )
        # The switch is on unless a submitted form left it off: a link to /search?q=... that
        # says nothing of it searches by meaning too.
        by_meaning = meaning == "on" or searched is None
        asked = {
            "q": q,
            "meaning": "on" if by_meaning else None,
            "searched": searched,
            "speaker": speaker,
            "speaker_id": speaker_id,
            "outlet": outlet,
            "kind": kind,
            "since": since,
            "until": until,
        }
        hits: list[SearchHit] = []
        if q:
            # One more than a page: whether there is a next one.
            hits = search_hits(
                state.store,
                q,
                mode="both" if by_meaning else "words",
                filters=filters,
                limit=PAGE_SIZE + 1,
                offset=_offset(page),
            )
            more = len(hits) > PAGE_SIZE
            hits = hits[:PAGE_SIZE]
            rows = tuple(hit.statement for hit in hits)
            pager = _pager(
                Page(rows, _offset(page) + len(rows) + more, _offset(page), PAGE_SIZE),
                page,
                asked,
                counted=False,
            )
        else:
            found = state.store.statement_page(filters, limit=PAGE_SIZE, offset=_offset(page))
            rows, pager = found.rows, _pager(found, page, asked)
        # A name that several speakers go by finds them all: say who, to pick one.
        namesakes = (
            state.store.speakers(known_as=speaker, limit=PAGE_SIZE)
            if speaker and speaker_id is None
            else []
        )
        return render(
            request,
            "search.html",
            namesakes=namesakes if len(namesakes) > 1 else [],
            asked={key: "" if value is None else str(value) for key, value in asked.items()},
            by_meaning=by_meaning,
            searched=any(value for key, value in asked.items() if key != "meaning"),
            statements=rows,
            scores=hits or None,
            # The words searched for, not those too common to be.
            terms=[term.text for term in query_terms(q or "")],
            pager=pager,
            kinds=list(Kind),
            outlets=[name for name in state.store.outlets() if name is not None],
        )

    @router.get("/statements/{article_id}/{attribution_id}/similar")
    def similar(
        request: Request,
        state: State,
        article_id: Annotated[FilterText, Path()],
        attribution_id: Annotated[FilterText, Path()],
    ) -> Response:
        stored = state.store.article(article_id)
        statement = (
            None
            if stored is None
            else next((a for a in stored.analyzed.attributions if a.id == attribution_id), None)
        )
        if stored is None or statement is None:
            raise HTTPException(404, f"no statement {attribution_id} in article {article_id}")
        try:
            hits = state.store.similar(article_id, attribution_id, limit=PAGE_SIZE)
            missing = None
        except StoreError as error:
            hits, missing = [], str(error)
        return render(
            request,
            "similar.html",
            article=stored,
            statement=statement,
            text=GAP.join(span.text for span in statement.content),
            statements=tuple(hit.statement for hit in hits),
            scores=hits,
            missing=missing,
        )

    @router.get("/line")
    def line(
        request: Request,
        state: State,
        position: SearchWords | None = None,
        saved: FilterText | None = None,
        speaker: FilterText | None = None,
        speaker_id: RowId | None = None,
        affiliation: FilterText | None = None,
        outlet: FilterText | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> Response:
        found = None
        if saved:
            found = state.store.saved_line(saved)
            if found is None:
                raise HTTPException(404, "There is no line saved under that name.")
        filters = StatementFilter(
            speaker=speaker or None,
            speaker_id=speaker_id,
            affiliation=affiliation or None,
            outlet=outlet or None,
            since=parse_date(since or None),
            until=parse_date(until or None),
        )
        ran = None
        if found is not None or (position and position.strip()):
            asked_position, filters = line_query(found, position or None, filters)
            ran = state.lines.get(state.store, asked_position, filters)
            position = asked_position
        asked = {
            "position": position,
            "speaker": filters.speaker,
            "speaker_id": filters.speaker_id,
            "affiliation": filters.affiliation,
            "outlet": filters.outlet,
            "since": filters.since,
            "until": filters.until,
        }
        held = [] if ran is None else [s for s in ran.speakers if s.supports or s.opposes]
        return render(
            request,
            "line.html",
            asked={key: "" if value is None else str(value) for key, value in asked.items()},
            saved=found,
            line=ran,
            held=held,
            others=[] if ran is None else [s for s in ran.speakers if s not in held],
            chart=_line_chart(held[:LINE_CHART_SPEAKERS]),
            # The line that ran, a saved one's filters with those given in their place.
            json_link="/api/line" + _query(asked),
            outlets=[name for name in state.store.outlets() if name is not None],
        )

    @router.get("/lines")
    def lines(request: Request, state: State) -> Response:
        return render(
            request,
            "lines.html",
            lines=[(saved, describe_filters(saved.filters)) for saved in state.store.saved_lines()],
        )

    @router.post("/lines")
    async def save_line(request: Request, state: State) -> Response:
        if not state.allow_writes:
            raise HTTPException(403, "This server does not allow writes.")
        form = await _form(request, SAVE_LINE_FIELDS)
        filters = StatementFilter(
            speaker=checked(FilterText | None, form.get("speaker") or None, "speaker"),
            speaker_id=checked(RowId | None, form.get("speaker_id") or None, "speaker_id"),
            affiliation=checked(FilterText | None, form.get("affiliation") or None, "affiliation"),
            outlet=checked(FilterText | None, form.get("outlet") or None, "outlet"),
            since=parse_date(form.get("since") or None),
            until=parse_date(form.get("until") or None),
        )
        saved = await run_in_threadpool(
            state.store.save_line,
            checked(FilterText, form.get("name", ""), "name"),
            checked(SearchWords, form.get("position", ""), "position"),
            filters,
        )
        return RedirectResponse("/line" + _query({"saved": saved.name}), status_code=303)

    @router.post("/lines/delete")
    async def delete_line(request: Request, state: State) -> Response:
        if not state.allow_writes:
            raise HTTPException(403, "This server does not allow writes.")
        form = await _form(request, ("name",))
        name = checked(FilterText, form.get("name", ""), "name")
        if not await run_in_threadpool(state.store.delete_line, name):
            raise HTTPException(404, "There is no line saved under that name.")
        return RedirectResponse("/lines", status_code=303)

    @router.get("/analyze")
    def analyze_form(request: Request) -> Response:
        return render(request, "analyze.html", form={}, error=None, view=None, article=None)

    @router.post("/analyze")
    async def analyze(request: Request, state: State) -> Response:
        form = await _form(request, ANALYZE_FIELDS)
        save = form.get("save") == "on"
        if save and not state.allow_writes:
            raise HTTPException(403, "This server does not allow writes.")
        try:
            article = Article(
                text=form.get("text", ""),
                published=parse_date(form.get("published") or None),
                url=form.get("url") or None,
                outlet=form.get("outlet") or None,
                title=form.get("title") or None,
                author=form.get("author") or None,
            )
            analyzed = await run_in_threadpool(
                state.analyzer.analyze, article, max_bytes=state.max_body_bytes
            )
        except InputError as error:
            return render(
                request,
                "analyze.html",
                status=422,
                form=form,
                error=str(error),
                view=None,
                article=None,
            )
        if save:
            stored = await run_in_threadpool(state.save, analyzed)
            return RedirectResponse(f"/articles/{stored.id}", status_code=303)
        return render(
            request,
            "analyze.html",
            form=form,
            error=None,
            view=article_view(analyzed),
            article=analyzed.article,
        )

    return router


async def _form(request: Request, fields: tuple[str, ...]) -> dict[str, str]:
    """The ``fields`` of a posted URL-encoded form (the last value of each)."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != FORM_TYPE:
        raise HTTPException(415, f"Send the form as {FORM_TYPE}.")
    body = await request.body()
    try:
        found = parse_qs(
            body.decode("utf-8", "replace"),
            keep_blank_values=True,
            max_num_fields=2 * len(fields),
        )
    except ValueError:
        raise HTTPException(400, "The form has too many fields.") from None
    return {key: values[-1] for key, values in found.items() if key in fields}


def _line_chart(speakers: list[SpeakerLine[StatementRow]]) -> MonthRows | None:
    """Each speaker's supporting and opposing statements per month, on one time axis, each
    speaker's name leading to their statements below."""
    return month_rows(
        [
            row
            for index, speaker in enumerate(speakers)
            for row in _stance_rows(speaker, (speaker.speaker, ""), f"#line-speaker-{index}")
        ]
    )


def _stance_rows(
    speaker: SpeakerLine[StatementRow], labels: tuple[str, str], href: str | None
) -> list[MonthRowItem]:
    """Two rows of ``speaker``'s statements per month: those that support the line, and those
    that oppose it."""
    months = stance_months(speaker)
    return [
        MonthRowItem(labels[0], f"{speaker.supports} support", href, months.supports, SUPPORTS),
        MonthRowItem(labels[1], f"{speaker.opposes} oppose", None, months.opposes, OPPOSES),
    ]


def _offset(page: int) -> int:
    return (page - 1) * PAGE_SIZE


def _pager(
    found: Page[Any], page: int, asked: Mapping[str, object], *, counted: bool = True
) -> Pager:
    """Where ``found`` is among the pages; ``counted`` false for a ranking, whose ``total``
    says only whether a next page has rows."""

    def link(number: int) -> str:
        return _query({**asked, "page": number})

    return Pager(
        first=found.offset + 1 if found.rows else found.offset,
        last=found.offset + len(found.rows),
        total=found.total if counted else None,
        previous=link(page - 1) if page > 1 else None,
        next=link(page + 1) if found.offset + len(found.rows) < found.total else None,
    )


def _query(params: Mapping[str, object]) -> str:
    """A query string of the parameters that have a value ("?a=1&b=2"), or ""."""
    given = {key: value for key, value in params.items() if value not in (None, "")}
    return "?" + urlencode(given) if given else ""


def _choice(enum: type[Choice], value: str | None) -> Choice | None:
    """The member of ``enum`` named ``value``, None for none; an ``InputError`` if invalid."""
    if not value:
        return None
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        raise InputError(f"not one of {allowed}: {value!r}") from None

"""The JSON API under ``/api``: the data of the pages, typed, documented at ``/docs``.

An analyzed article has the shape of the CLI's JSON output (README, "JSON output"), built by
the same code, with the article's metadata and each speaker's corpus ``identity`` added.

The models restate the fields of the dataclasses they answer with (``onrecord.results``, the
store's rows), with descriptions for ``/docs``; ``tests/test_shapes.py`` fails when one lacks a
field of its dataclass, or has one the dataclass lacks, or types it otherwise.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response
from pydantic import (
    AfterValidator,
    AliasChoices,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    ValidationError,
)
from starlette.concurrency import run_in_threadpool

from onrecord._serialize import analyzed_to_json
from onrecord.errors import InputError
from onrecord.results import AnalyzedArticle, Article, Kind, SpeakerKind
from onrecord.shapes import to_json
from onrecord.stance import LINE_DEPTH, MAX_LINE_DEPTH, STANCES, line_record
from onrecord.store import SearchMode, StatementFilter
from onrecord.store._database import MAX_INTEGER
from onrecord.store._search import MAX_RANKED
from onrecord.web._lines import line_query
from onrecord.web._service import WebState, parse_month, search_hits, sourcing_summary

router = APIRouter(prefix="/api", tags=["api"])

# Months from 0001-01 to 9999-12, the ones a date can have.
MONTH_PATTERN = r"^(000[1-9]|00[1-9]\d|0[1-9]\d\d|[1-9]\d{3})-(0[1-9]|1[0-2])$"
DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")
MAX_PAGE = 500
# Filters are names and words someone typed, not documents.
MAX_FILTER_LENGTH = 500
WITHOUT_NUL = r"^[^\x00]*$"
# A search makes a condition of each of its terms, to check on every statement: a thousand made
# SQLite's expression tree too deep to run, and 50 common ones take a second on 60 articles.
MAX_SEARCH_WORDS = 32
# What separates the words of a search (see ``onrecord.store._statements.search_terms``): a quoted
# phrase counts each of its words.
_SEPARATORS = '\\s"“”'
SEARCH_PATTERN = (
    rf"^[{_SEPARATORS}]*([^{_SEPARATORS}\x00]+([{_SEPARATORS}]+|$)){{0,{MAX_SEARCH_WORDS}}}$"
)


def _without_nul(value: str) -> str:
    # SQLite ends a string at NUL when it compares it (so "a\x00b" would look for "a"), and
    # PostgreSQL refuses it: neither can store or search for one.
    if "\x00" in value:
        raise ValueError("must not contain NUL (\\x00) characters")
    return value


def _few_words(value: str) -> str:
    _without_nul(value)
    if len(re.findall(f"[^{_SEPARATORS}]+", value)) > MAX_SEARCH_WORDS:
        raise ValueError(
            f"must have at most {MAX_SEARCH_WORDS} words (a quoted phrase counts each of its words)"
        )
    return value


def _month(value: str) -> str:
    if not re.fullmatch(MONTH_PATTERN, value):
        raise ValueError("must be a month from 0001-01 to 9999-12, YYYY-MM")
    return value


def _iso_date(value: object) -> object:
    # Pydantic would take "0" or 1e9 as a Unix time, and "2022-11-15T10:00" as a day.
    if not isinstance(value, dt.date) and not (
        isinstance(value, str) and DATE_PATTERN.fullmatch(value)
    ):
        raise ValueError("must be a date, YYYY-MM-DD")
    return value


# Strings that go to the store: free of NUL, and of a length anyone would type.
# The patterns document what the validators check: their messages say it more clearly than a
# pattern that failed to match.
Text = Annotated[
    str, Field(json_schema_extra={"pattern": WITHOUT_NUL}), AfterValidator(_without_nul)
]
FilterText = Annotated[
    str,
    StringConstraints(max_length=MAX_FILTER_LENGTH),
    Field(json_schema_extra={"pattern": WITHOUT_NUL}),
    AfterValidator(_without_nul),
]
SearchWords = Annotated[
    str,
    StringConstraints(max_length=MAX_FILTER_LENGTH),
    Field(json_schema_extra={"pattern": SEARCH_PATTERN}),
    AfterValidator(_few_words),
]
# Integers that go to the store fit its 64-bit integers.
RowId = Annotated[int, Field(ge=1, le=MAX_INTEGER)]
Day = Annotated[dt.date, BeforeValidator(_iso_date)]
Month = Annotated[str, Field(json_schema_extra={"pattern": MONTH_PATTERN}), AfterValidator(_month)]


def checked(kind: Any, value: object, name: str) -> Any:
    """``value`` as the annotated type ``kind`` takes it (for a form's fields, which no model
    reads); an ``InputError`` that names the field if it does not fit."""
    try:
        return TypeAdapter(kind).validate_python(value)
    except ValidationError as error:
        raise InputError(f"{name}: {error.errors()[0]['msg']}") from None


def web_state(request: Request) -> WebState:
    """The app's ``WebState``, for handlers to depend on."""
    state: WebState = request.app.state.web
    return state


State = Annotated[WebState, Depends(web_state)]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="At most this many rows.")]
Offset = Annotated[int, Query(ge=0, le=MAX_INTEGER, description="Skip this many rows first.")]


class _Model(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)


class ErrorModel(_Model):
    """Why a request was refused (invalid requests get a 422 that lists each problem)."""

    detail: str


class SpanModel(_Model):
    """Character offsets into the article text, and the text they cover."""

    start: int
    end: int
    text: str


class DateModel(_Model):
    """The days a statement was made, both included, and the expression they come from."""

    start: dt.date
    end: dt.date
    # ``DateInterval`` calls it ``span``; the JSON contract calls it ``expression``.
    expression: SpanModel = Field(validation_alias=AliasChoices("expression", "span"))


class AttributionModel(_Model):
    id: str
    kind: Kind
    content: list[SpanModel]
    cue: list[SpanModel]
    source: SpanModel | None
    nested_in: str | None
    speaker: str | None
    addressee: SpanModel | None
    venue: SpanModel | None
    date: DateModel | None
    quoting: str | None
    # How sure the extractor was (0..1); none for the rules alone and for older stores.
    confidence: float | None = None


class AnonymousModel(_Model):
    count: int | None
    plural: bool
    descriptor: SpanModel | None
    affiliation: SpanModel | None
    reason: SpanModel | None
    informed: bool = Field(
        description="An informed unnamed source (officials, people familiar with the matter); "
        "false for a member of the public quoted without a name."
    )


class SpeakerModel(_Model):
    id: str
    kind: SpeakerKind
    name: str
    mentions: list[SpanModel]
    titles: list[SpanModel]
    affiliation: SpanModel | None
    anonymous: AnonymousModel | None
    identity: int | None = Field(
        description="The corpus speaker (see /api/speakers/{id}); null if not stored."
    )


class ArticleModel(_Model):
    id: str | None = Field(description="The stored article's id; null if not stored.")
    text: str
    published: dt.date | None
    length: int
    title: str | None
    outlet: str | None
    author: str | None
    url: str | None
    path: str | None
    published_from: str | None = Field(
        default=None,
        description='Where the date came from: "metadata", "time element", "url" or "page" of '
        'an HTML page, "record" of a JSONL record; null when none said.',
    )


class AnalyzedModel(_Model):
    """An article with its statements and speakers."""

    schema_version: int = Field(
        description="The version of this shape, that of the CLI's JSON output: raised each "
        "time a field is added."
    )
    article: ArticleModel
    attributions: list[AttributionModel]
    speakers: list[SpeakerModel]


class AnalyzeRequest(BaseModel):
    """An article to analyze; ``save`` stores it too, if the server allows writes."""

    text: str
    published: Day | None = None
    title: Text | None = None
    outlet: Text | None = None
    author: Text | None = None
    url: Text | None = None
    save: bool = False


class AnalyzeResponse(AnalyzedModel):
    saved: bool = Field(description="Whether the article was stored (by this or an earlier run).")


class ArticleSummaryModel(_Model):
    id: str
    title: str | None
    outlet: str | None
    author: str | None
    published: dt.date | None
    url: str | None
    path: str | None
    length: int
    statements: int


class _PageModel(_Model):
    total: int
    offset: int
    limit: int


class ArticleListModel(_PageModel):
    articles: list[ArticleSummaryModel]


class TitleModel(_Model):
    title: str
    first_seen: dt.date | None
    last_seen: dt.date | None


class CorpusSpeakerModel(_Model):
    id: int
    kind: SpeakerKind
    name: str
    statements: int
    titles: list[TitleModel]
    outlets: list[str]


class SpeakerListModel(_PageModel):
    speakers: list[CorpusSpeakerModel]


class MonthCountModel(_Model):
    month: dt.date
    statements: int


class OutletCountModel(_Model):
    outlet: str | None
    articles: int
    statements: int


class CompanyModel(_Model):
    articles: int
    own: int
    named: int
    anonymous: int
    unattributed: int


class SpeakerProfileModel(_Model):
    speaker: CorpusSpeakerModel
    months: list[MonthCountModel]
    undated: int
    outlets: list[OutletCountModel]
    company: CompanyModel


class StatementModel(_Model):
    article_id: str
    attribution_id: str
    kind: Kind
    text: str
    content: list[SpanModel]
    cue: list[SpanModel]
    source: SpanModel | None
    speaker_id: int | None
    speaker_name: str | None
    speaker_kind: SpeakerKind | None
    addressee: SpanModel | None
    venue: SpanModel | None
    date: DateModel | None
    published: dt.date | None
    outlet: str | None
    title: str | None
    url: str | None
    path: str | None


class SearchHitModel(_Model):
    """A statement a search found, with its place in each ranking and its fused score."""

    statement: StatementModel
    score: float = Field(
        description="Reciprocal-rank fusion of its ranks: the sum, over the rankings it is in, "
        "of 1 / (60 + rank); higher is better."
    )
    words_rank: int | None = Field(description="Its place in the full-text ranking, from 1.")
    meaning_rank: int | None = Field(description="Its place in the meaning ranking, from 1.")
    similarity: float | None = Field(
        description="Cosine of its vector and the query's; null without either."
    )


class StatementListModel(_PageModel):
    statements: list[StatementModel]
    hits: list[SearchHitModel] | None = Field(
        default=None,
        description="With `q`: the same statements, best first, each with its score and ranks "
        "(`total` then counts the statements ranked up to this page).",
    )


class MonthlySourcingModel(_Model):
    outlet: str | None
    month: dt.date
    articles: int
    attributions: int
    anonymous: int
    anonymous_share: float
    public: int = Field(
        description="Statements of members of the public quoted without a name (vox pop): "
        "not counted in `anonymous`, which counts informed unnamed sources."
    )


class OutletTotalModel(_Model):
    outlet: str | None
    articles: int
    attributions: int
    anonymous: int
    anonymous_share: float
    public: int


class TopSpeakerModel(_Model):
    speaker_id: int
    name: str
    kind: SpeakerKind
    statements: int


class SourcingModel(_Model):
    """Sourcing of the articles published in the months chosen (undated ones left out)."""

    outlet: str | None
    since: dt.date | None
    until: dt.date | None
    outlets: list[str | None]
    months: list[MonthlySourcingModel]
    totals: list[OutletTotalModel]
    top_speakers: list[TopSpeakerModel]


class ClassifiedStatementModel(StatementModel):
    """A statement on a line: the statement, its stance toward the position and its day."""

    stance: str = Field(description=f"The most probable of {', '.join(STANCES)}.")
    supports: float = Field(description="The probability that it supports the position.")
    opposes: float = Field(description="The probability that it opposes the position.")
    neither: float = Field(
        description="The probability that it does neither (reports, discusses, or is about "
        "something else); the three sum to 1."
    )
    unrelated: float = Field(description="The part of `neither` that finds it beside the subject.")
    day: dt.date | None = Field(
        description="Its date when the article gives one, else the article's; null for none."
    )


class SpeakerLineModel(_Model):
    """A speaker's statements on a line."""

    speaker: str
    speaker_id: int | None = Field(description="The corpus speaker; null for no speaker.")
    supports: int = Field(description="How many of the statements support the position.")
    opposes: int = Field(description="How many oppose it: the departures.")
    neither: int
    departures: list[ClassifiedStatementModel] = Field(
        description="The statements that oppose the position, in date order."
    )
    statements: list[ClassifiedStatementModel] = Field(
        description="Every statement, in date order (undated last)."
    )


class LineModel(_Model):
    """Who holds a line: the speakers of the statements on the position's subject, those who
    departed from it first (the earliest departure first), then those who hold it (the most
    supporting statements first), then the rest."""

    position: str
    speakers: list[SpeakerLineModel]


class StatementFilterModel(_Model):
    speaker: str | None
    speaker_id: int | None
    since: dt.date | None
    until: dt.date | None
    contains: str | None
    words: str | None
    outlet: str | None
    kind: Kind | None
    affiliation: str | None


class SavedLineModel(_Model):
    """A line saved under a name, to be run again (`/api/line?saved=NAME`)."""

    id: int
    name: str
    position: str
    filters: StatementFilterModel
    saved: dt.datetime = Field(description="When it was saved last (UTC).")


class SavedLineListModel(_Model):
    lines: list[SavedLineModel]


class SaveLineRequest(BaseModel):
    """A line to save under ``name`` (a name saved before is replaced)."""

    name: Annotated[FilterText, StringConstraints(min_length=1, pattern=r"\S")]
    position: SearchWords
    speaker: FilterText | None = None
    speaker_id: RowId | None = None
    affiliation: FilterText | None = None
    outlet: FilterText | None = None
    since: Day | None = None
    until: Day | None = None


def _links(**links: tuple[str, dict[str, str]]) -> dict[int | str, dict[str, Any]]:
    """OpenAPI links of a 200 answer: name -> (target path, {parameter: where in the body}).

    They say where the ids in an answer lead, for clients and for schemathesis's sequences.
    """
    return {
        200: {
            "links": {
                name: {
                    "operationRef": f"#/paths/{target.replace('/', '~1')}/get",
                    "parameters": {
                        parameter: f"$response.body#{pointer}"
                        for parameter, pointer in parameters.items()
                    },
                }
                for name, (target, parameters) in links.items()
            }
        }
    }


NO_ARTICLE: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorModel, "description": "No such article."}
}
NO_SPEAKER: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorModel, "description": "No such speaker."}
}


def analyzed_record(
    analyzed: AnalyzedArticle, *, article_id: str | None, identities: Mapping[str, int]
) -> dict[str, Any]:
    """An ``AnalyzedModel`` as a dict: the CLI's JSON, with metadata and identities added."""
    record: dict[str, Any] = analyzed_to_json(analyzed)
    # Every field of the article: the JSON output has its text and day, the API the rest too.
    record["article"] = to_json(analyzed.article) | record["article"] | {"id": article_id}
    for speaker in record["speakers"]:
        speaker["identity"] = identities.get(speaker["id"])
    return record


@router.get(
    "/articles",
    responses=_links(article=("/api/articles/{article_id}", {"article_id": "/articles/0/id"})),
)
def list_articles(
    state: State,
    outlet: Annotated[FilterText | None, Query(description="Only this outlet's articles.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> ArticleListModel:
    """Stored articles, the latest published first, with their numbers of statements."""
    page = state.store.article_page(outlet=outlet, limit=limit, offset=offset)
    return ArticleListModel.model_validate(
        {"total": page.total, "offset": offset, "limit": limit, "articles": page.rows}
    )


@router.get(
    "/articles/{article_id}",
    responses=NO_ARTICLE
    | _links(speaker=("/api/speakers/{speaker_id}", {"speaker_id": "/speakers/0/identity"})),
)
def get_article(state: State, article_id: Annotated[FilterText, Path()]) -> AnalyzedModel:
    """A stored article with its statements and speakers."""
    stored = state.store.article(article_id)
    if stored is None:
        raise HTTPException(404, f"no article {article_id!r}")
    return AnalyzedModel.model_validate(
        analyzed_record(stored.analyzed, article_id=stored.id, identities=stored.identities)
    )


@router.get(
    "/speakers",
    responses=_links(speaker=("/api/speakers/{speaker_id}", {"speaker_id": "/speakers/0/id"})),
)
def list_speakers(
    state: State,
    name: Annotated[FilterText | None, Query(description="Text the name contains.")] = None,
    kind: SpeakerKind | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> SpeakerListModel:
    """Corpus speakers, the most quoted first."""
    page = state.store.speaker_page(kind=kind, name=name, limit=limit, offset=offset)
    return SpeakerListModel.model_validate(
        {"total": page.total, "offset": offset, "limit": limit, "speakers": page.rows}
    )


@router.get(
    "/speakers/{speaker_id}",
    responses=NO_SPEAKER | _links(statements=("/api/statements", {"speaker_id": "/speaker/id"})),
)
def get_speaker(state: State, speaker_id: Annotated[RowId, Path()]) -> SpeakerProfileModel:
    """A corpus speaker: titles, statements per month, outlets, and the company it keeps."""
    profile = state.store.speaker(speaker_id)
    if profile is None:
        raise HTTPException(404, f"no speaker {speaker_id}")
    return SpeakerProfileModel.model_validate(profile)


@router.get(
    "/statements",
    responses=_links(
        article=("/api/articles/{article_id}", {"article_id": "/statements/0/article_id"}),
        speaker=("/api/speakers/{speaker_id}", {"speaker_id": "/statements/0/speaker_id"}),
    ),
)
def list_statements(
    state: State,
    q: Annotated[
        SearchWords | None,
        Query(
            description=f'A search: words, "quoted phrases" or a question, at most '
            f"{MAX_SEARCH_WORDS} words. The statements come ranked by `mode`, best first "
            "(at most the best 1,000)."
        ),
    ] = None,
    mode: Annotated[
        SearchMode,
        Query(
            description="How `q` ranks: `words` by full text (stemmed; any of the words, more "
            "ranking higher), `meaning` by the similarity of the statements' embeddings to "
            "the query's, `both` the two rankings fused."
        ),
    ] = "both",
    speaker: Annotated[
        FilterText | None, Query(description="A speaker's name, any spelling.")
    ] = None,
    speaker_id: Annotated[RowId | None, Query(description="A corpus speaker's id.")] = None,
    outlet: FilterText | None = None,
    kind: Kind | None = None,
    since: Annotated[Day | None, Query(description="Made on or after this day.")] = None,
    until: Annotated[Day | None, Query(description="Made on or before this day.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> StatementListModel:
    """Statements in date order, filtered, or ranked by a search `q`; each with its speaker and
    article."""
    filters = StatementFilter(
        speaker=speaker,
        speaker_id=speaker_id,
        outlet=outlet,
        kind=kind,
        since=since,
        until=until,
    )
    if q is not None:
        hits = search_hits(state.store, q, mode=mode, filters=filters, limit=limit, offset=offset)
        return StatementListModel.model_validate(
            {
                "total": offset + len(hits) if hits else min(offset, MAX_RANKED),
                "offset": offset,
                "limit": limit,
                "statements": [hit.statement for hit in hits],
                "hits": hits,
            }
        )
    page = state.store.statement_page(filters, limit=limit, offset=offset)
    return StatementListModel.model_validate(
        {"total": page.total, "offset": offset, "limit": limit, "statements": page.rows}
    )


@router.get("/sourcing")
def get_sourcing(
    state: State,
    outlet: FilterText | None = None,
    since: Annotated[Month | None, Query(description="First month, YYYY-MM.")] = None,
    until: Annotated[Month | None, Query(description="Last month, YYYY-MM.")] = None,
) -> SourcingModel:
    """Per outlet and month, the share of statements from unnamed sources; top speakers."""
    summary = sourcing_summary(
        state.store,
        outlet=outlet,
        since=parse_month(since),
        until=parse_month(until, end=True),
    )
    return SourcingModel.model_validate(summary)


# What a posted JSON body may get before it is read.
BODY_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {
        "model": ErrorModel,
        "description": "The body cannot be read as JSON (not UTF-8, nested too deep).",
    },
    413: {"model": ErrorModel, "description": "The body is larger than the server's limit."},
}
NO_WRITES: dict[int | str, dict[str, Any]] = {
    403: {
        "model": ErrorModel,
        "description": "The server does not allow writes; or a page of another origin sent "
        "the request.",
    }
}
Position = Annotated[
    SearchWords | None,
    Query(
        description="The position: a sentence, at most "
        f"{MAX_SEARCH_WORDS} words. Give it or `saved`."
    ),
]
SavedName = Annotated[
    FilterText | None,
    Query(
        description="The name of a saved line: its position and filters, each filter given "
        "here replacing its own."
    ),
]


@router.get(
    "/line",
    responses={404: {"model": ErrorModel, "description": "No line saved under that name."}},
)
def get_line(
    state: State,
    position: Position = None,
    saved: SavedName = None,
    speaker: Annotated[
        FilterText | None, Query(description="A speaker's name, any spelling.")
    ] = None,
    speaker_id: Annotated[RowId | None, Query(description="A corpus speaker's id.")] = None,
    affiliation: Annotated[
        FilterText | None,
        Query(description="Text of the speaker's title or affiliation in the article."),
    ] = None,
    outlet: FilterText | None = None,
    since: Annotated[Day | None, Query(description="Made on or after this day.")] = None,
    until: Annotated[Day | None, Query(description="Made on or before this day.")] = None,
    depth: Annotated[
        int,
        Query(
            ge=1,
            le=MAX_LINE_DEPTH,
            description="How many statements the search retrieves for the position.",
        ),
    ] = LINE_DEPTH,
) -> LineModel:
    """Who holds a line: the statements that search finds on the position's subject, each
    classified as supporting it, opposing it or neither, grouped by speaker, departures first.

    A position (or a saved line's name) that is missing gets a 422 that says so.
    """
    found = None
    if saved is not None:
        found = state.store.saved_line(saved)
        if found is None:
            raise HTTPException(404, f"no line saved as {saved!r}")
    asked_position, filters = line_query(
        found,
        position,
        StatementFilter(
            speaker=speaker,
            speaker_id=speaker_id,
            affiliation=affiliation,
            outlet=outlet,
            since=since,
            until=until,
        ),
    )
    line = state.lines.get(state.store, asked_position, filters, depth)
    return LineModel.model_validate(line_record(line))


@router.get("/lines")
def list_lines(state: State) -> SavedLineListModel:
    """The saved lines, by name."""
    return SavedLineListModel.model_validate({"lines": state.store.saved_lines()})


@router.post("/lines", responses=BODY_ERRORS | NO_WRITES)
def save_line(state: State, request: SaveLineRequest) -> SavedLineModel:
    """Save a line under a name, to run it again as the corpus grows (needs
    ``--allow-writes``); a name saved before gets the new position and filters."""
    if not state.allow_writes:
        raise HTTPException(403, "this server does not allow writes (start it with --allow-writes)")
    filters = StatementFilter(
        speaker=request.speaker,
        speaker_id=request.speaker_id,
        affiliation=request.affiliation,
        outlet=request.outlet,
        since=request.since,
        until=request.until,
    )
    saved = state.store.save_line(request.name, request.position, filters)
    return SavedLineModel.model_validate(saved)


@router.delete(
    "/lines",
    status_code=204,
    responses=NO_WRITES | {404: {"model": ErrorModel, "description": "No such saved line."}},
)
def delete_line(
    state: State, name: Annotated[FilterText, Query(description="The saved line's name.")]
) -> Response:
    """Delete a saved line (needs ``--allow-writes``)."""
    if not state.allow_writes:
        raise HTTPException(403, "this server does not allow writes (start it with --allow-writes)")
    if not state.store.delete_line(name):
        raise HTTPException(404, f"no line saved as {name!r}")
    return Response(status_code=204)


@router.post(
    "/analyze",
    responses=BODY_ERRORS
    | {
        403: {
            "model": ErrorModel,
            "description": "Saving asked for, but the server does not allow writes; or a "
            "page of another origin sent the request.",
        },
        503: {"model": ErrorModel, "description": "The analyzer is busy."},
    },
)
async def analyze_article(state: State, request: AnalyzeRequest) -> AnalyzeResponse:
    """Analyze an article; with ``save``, store it as well (needs ``--allow-writes``).

    A text that cannot be analyzed (empty, not English, ...) gets a 422 that says why.
    """
    if request.save and not state.allow_writes:
        raise HTTPException(403, "this server does not allow writes (start it with --allow-writes)")
    article = Article(
        text=request.text,
        published=request.published,
        url=request.url,
        outlet=request.outlet,
        title=request.title,
        author=request.author,
    )
    analyzed = await run_in_threadpool(
        state.analyzer.analyze, article, max_bytes=state.max_body_bytes
    )
    if not request.save:
        record = analyzed_record(analyzed, article_id=None, identities={})
        return AnalyzeResponse.model_validate({**record, "saved": False})
    stored = await run_in_threadpool(state.save, analyzed)
    record = analyzed_record(stored.analyzed, article_id=stored.id, identities=stored.identities)
    return AnalyzeResponse.model_validate({**record, "saved": True})

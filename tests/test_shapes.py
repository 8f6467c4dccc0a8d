"""Each output shape is declared once: the API models, the Parquet schemas and the export row
have the fields of the result dataclasses, and a field added to one of those fails here until
every shape that carries it has it too."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import operator
import types
import typing
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from pydantic import BaseModel

from onrecord._parquet import _schema
from onrecord._serialize import analyzed_to_json
from onrecord.embed import VECTOR_WIDTH
from onrecord.io._sources import Failure
from onrecord.results import (
    AnalyzedArticle,
    AnonymousProfile,
    Article,
    Attribution,
    DateInterval,
    Kind,
    Span,
    Speaker,
    SpeakerKind,
)
from onrecord.shapes import SCHEMA_VERSION, from_json, json_fields, json_names, to_json
from onrecord.stance import OPPOSES, Stance, hold_line, line_record
from onrecord.store import (
    ArticleRow,
    Company,
    ExportRow,
    MonthCount,
    MonthlySourcingRow,
    OutletCount,
    SavedLine,
    SearchHit,
    SpeakerProfile,
    SpeakerRow,
    StatementFilter,
    StatementRow,
    TitleRow,
    TopSpeakerRow,
)
from onrecord.web import _api as api
from onrecord.web._service import OutletTotal, SourcingSummary

# Each API model and the dataclass it answers with, and the fields the model adds to it.
API_MODELS: list[tuple[type[BaseModel], type, set[str]]] = [
    (api.SpanModel, Span, set()),
    (api.DateModel, DateInterval, set()),
    (api.AttributionModel, Attribution, set()),
    (api.AnonymousModel, AnonymousProfile, set()),
    # The corpus speaker of each speaker of the article.
    (api.SpeakerModel, Speaker, {"identity"}),
    # The stored article's id, and the length the JSON output gives.
    (api.ArticleModel, Article, {"id", "length"}),
    (api.StatementModel, StatementRow, set()),
    (api.SearchHitModel, SearchHit, set()),
    (api.TitleModel, TitleRow, set()),
    (api.CorpusSpeakerModel, SpeakerRow, set()),
    (api.ArticleSummaryModel, ArticleRow, set()),
    (api.MonthCountModel, MonthCount, set()),
    (api.OutletCountModel, OutletCount, set()),
    (api.CompanyModel, Company, set()),
    (api.SpeakerProfileModel, SpeakerProfile, set()),
    (api.MonthlySourcingModel, MonthlySourcingRow, set()),
    # ``anonymous_share`` is a property of the totals.
    (api.OutletTotalModel, OutletTotal, {"anonymous_share"}),
    (api.TopSpeakerModel, TopSpeakerRow, set()),
    (api.SourcingModel, SourcingSummary, set()),
    (api.StatementFilterModel, StatementFilter, set()),
    (api.SavedLineModel, SavedLine, set()),
]
MODEL_OF = {dataclass: model for model, dataclass, _ in API_MODELS}


def expected_annotation(kind: Any) -> Any:
    """The type an API model gives a field of type ``kind`` of a dataclass."""
    if kind in MODEL_OF:
        return MODEL_OF[kind]
    if isinstance(kind, types.UnionType) or typing.get_origin(kind) is typing.Union:
        return functools.reduce(operator.or_, map(expected_annotation, typing.get_args(kind)))
    if typing.get_origin(kind) is tuple:
        return list[expected_annotation(typing.get_args(kind)[0])]  # type: ignore[misc]
    return kind


@pytest.mark.parametrize(
    ("model", "dataclass", "added"), API_MODELS, ids=[m.__name__ for m, _, _ in API_MODELS]
)
def test_an_api_model_has_the_fields_of_its_dataclass(
    model: type[BaseModel], dataclass: type, added: set[str]
) -> None:
    assert set(model.model_fields) == set(json_names(dataclass)) | added
    for field in json_fields(dataclass):
        annotation = model.model_fields[field.json_name].annotation
        assert annotation == expected_annotation(field.type), field.json_name


def test_the_analyzed_model_has_the_fields_of_the_json_output() -> None:
    record = analyzed_to_json(AnalyzedArticle(Article(text="Nobody spoke.")))

    # The path is the article's, in the API.
    assert set(api.AnalyzedModel.model_fields) == set(record) - {"path"}
    assert set(record) == {"schema_version", "path", "article", "attributions", "speakers"}
    assert record["schema_version"] == SCHEMA_VERSION


class _Opposed:
    """A stand-in stance model: every statement opposes."""

    def classify(self, position: str, statements: Sequence[str]) -> list[Stance]:
        return [Stance(OPPOSES, 0.1, 0.8, 0.1, 0.05) for _ in statements]


def test_the_line_models_have_the_fields_of_the_line_json() -> None:
    row = StatementRow(
        article_id="0" * 64,
        attribution_id="a1",
        kind=Kind.DIRECT,
        text="Seize the moment.",
        content=(Span(1, 18, "Seize the moment."),),
        cue=(Span(20, 24, "said"),),
        source=Span(25, 31, "Milley"),
        speaker_id=3,
        speaker_name="Mark Milley",
        speaker_kind=SpeakerKind.PERSON,
        addressee=None,
        venue=None,
        date=DateInterval(dt.date(2022, 11, 9), dt.date(2022, 11, 9), Span(32, 41, "Wednesday")),
        published=dt.date(2022, 11, 15),
        outlet="CNN",
        title=None,
        url=None,
        path=None,
    )
    record = line_record(hold_line("Talks belong to Ukraine", [row], model=_Opposed()))
    speaker = record["speakers"][0]
    statement = speaker["statements"][0]

    assert set(api.LineModel.model_fields) == set(record)
    assert set(api.SpeakerLineModel.model_fields) == set(speaker)
    assert set(api.ClassifiedStatementModel.model_fields) == set(statement)
    assert set(statement) == set(json_names(StatementRow)) | set(json_names(Stance)) | {"day"}
    assert speaker["departures"] == [statement]
    assert api.LineModel.model_validate(record).model_dump(mode="json") == record


def check_arrow(arrow: Any, kind: Any, where: str) -> None:
    """Arrow type ``arrow`` holds the JSON shape of type ``kind``, field by field."""
    if isinstance(kind, types.UnionType):
        (kind,) = (arm for arm in typing.get_args(kind) if arm is not type(None))
    if dataclasses.is_dataclass(kind):
        assert pa.types.is_struct(arrow), where
        assert [arrow.field(i).name for i in range(arrow.num_fields)] == list(
            json_names(kind)  # type: ignore[arg-type]
        ), where
        for field in json_fields(kind):  # type: ignore[arg-type]
            check_arrow(arrow.field(field.json_name).type, field.type, f"{where}.{field.name}")
    elif typing.get_origin(kind) is tuple:
        assert pa.types.is_list(arrow), where
        check_arrow(arrow.value_type, typing.get_args(kind)[0], f"{where}[]")
    else:
        scalars = {
            str: pa.string(),
            Kind: pa.string(),
            SpeakerKind: pa.string(),
            int: pa.int64(),
            float: pa.float64(),
            bool: pa.bool_(),
            dt.date: pa.string(),
        }
        assert arrow == scalars[kind], where


def check_table(schema: Any, kind: type, added: list[str], where: str) -> None:
    """Parquet ``schema`` has a column per field of ``kind``, and the ``added`` ones."""
    assert set(schema.names) == set(json_names(kind)) | set(added), where
    for field in json_fields(kind):
        arrow = schema.field(field.json_name).type
        if field.type == dt.date | None and pa.types.is_date32(arrow):
            continue  # the article's own day is an Arrow date
        check_arrow(arrow, field.type, f"{where}.{field.json_name}")


def test_run_writes_the_fields_of_the_results_as_nested_columns() -> None:
    check_table(_schema("errors"), Failure, [], "errors")
    articles = _schema("articles")
    check_table(articles, Article, ["article_id", "speakers"], "articles")
    check_arrow(articles.field("speakers").type, tuple[Speaker, ...], "articles.speakers")
    statements = _schema("attributions")
    added = ["article_id", "path", "speaker_name", "speaker_kind", "vector"]
    check_table(statements, Attribution, added, "attributions")
    assert statements.field("vector").type == pa.list_(pa.float32(), VECTOR_WIDTH)


def export_columns(kind: Any) -> list[str]:
    """The columns of an export row for a field of type ``kind`` named NAME."""
    if isinstance(kind, types.UnionType):
        (kind,) = (arm for arm in typing.get_args(kind) if arm is not type(None))
    if kind is Span or typing.get_origin(kind) is tuple:
        return ["{}", "{}_offsets"]
    if kind is DateInterval:
        return ["{}_start", "{}_end", "{}_expression", "{}_expression_offsets"]
    return ["{}"]


# Fields of the results that the export row gives under another name, or leaves out.
EXPORT_NAMES = {
    (Attribution, "id"): ["attribution_id"],
    (StatementRow, "text"): ["content"],  # the content's parts joined
    (Article, "text"): [],  # the article's text is not repeated with each of its statements
}


@pytest.mark.parametrize("kind", [Attribution, StatementRow, Article])
def test_an_export_row_has_every_field_of_a_statement(kind: type) -> None:
    columns = set(json_names(ExportRow))
    for field in json_fields(kind):
        wanted = EXPORT_NAMES.get((kind, field.name))
        if wanted is None:
            wanted = [column.format(field.name) for column in export_columns(field.type)]
        assert set(wanted) <= columns, f"{kind.__name__}.{field.name}"


def test_an_export_row_has_the_unnamed_source_profile() -> None:
    profile = [
        f"anonymous_{field.name}{column[2:]}"
        for field in json_fields(AnonymousProfile)
        for column in export_columns(field.type)
    ]
    # ``plural`` says no more than ``count`` does, for an export.
    assert set(profile) - set(json_names(ExportRow)) == {"anonymous_plural"}


def test_export_parquet_columns_are_typed_from_the_export_row(tmp_path: Path) -> None:
    from onrecord._export import write_export

    out = tmp_path / "empty.parquet"
    assert write_export([], out, "parquet", ExportRow) == 0

    import pyarrow.parquet as pq

    schema = pq.read_schema(out)
    assert schema.names == list(json_names(ExportRow))
    assert schema.field("content_offsets").type == pa.list_(pa.list_(pa.int64()))
    assert schema.field("anonymous_informed").type == pa.bool_()
    assert schema.metadata[b"onrecord.schema_version"] == str(SCHEMA_VERSION).encode()


def test_json_of_older_versions_reads_back_with_defaults() -> None:
    # Written before ``confidence`` and ``informed`` existed.
    attribution = to_json(Attribution("a1", Kind.DIRECT, (Span(0, 1, "x"),), ()))
    del attribution["confidence"]
    profile = to_json(AnonymousProfile(count=None, plural=True))
    del profile["informed"]

    assert from_json(Attribution, attribution).confidence is None
    assert from_json(AnonymousProfile, profile).informed is True
    with pytest.raises(KeyError, match="kind"):
        from_json(Attribution, {"id": "a1", "content": [], "cue": []})


@dataclasses.dataclass(frozen=True)
class _Later:
    name: str
    parts: list[str] = dataclasses.field(default_factory=list)


def test_a_field_with_a_default_factory_may_be_missing_from_json() -> None:
    assert from_json(_Later, {"name": "x"}) == _Later("x")

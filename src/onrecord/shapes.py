"""Output shapes derived from the result dataclasses, so that each is declared once.

A result dataclass (``onrecord.results``, the store's row types) is the one declaration of its
fields. Its JSON shape follows from them: the same names (but where a field's metadata gives
``"json"``, another name), spans and other dataclasses as objects, tuples as lists, enums as
their values and dates as ISO days. ``to_json`` writes that shape, ``from_json`` reads it back
(a field missing from older JSON takes its default), and ``arrow_type`` gives the Arrow type
of it, so that Parquet files have the columns of the JSON output as nested structs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import types
import typing
from collections.abc import Mapping
from typing import Any

# The version of the JSON output's shape (README, "JSON output"): raised when a field is added.
SCHEMA_VERSION = 1


@dataclasses.dataclass(frozen=True, slots=True)
class JsonField:
    """A field of a dataclass: its attribute ``name``, its name in JSON and its type."""

    name: str
    json_name: str
    type: Any
    # Whether it has a default (or a default factory), which JSON without it leaves it.
    optional: bool


@functools.cache
def json_fields(cls: type) -> tuple[JsonField, ...]:
    """The fields of dataclass ``cls`` in declaration order, with their JSON names and types."""
    hints = typing.get_type_hints(cls)
    return tuple(
        JsonField(
            name=field.name,
            json_name=field.metadata.get("json", field.name),
            type=hints[field.name],
            optional=field.default is not dataclasses.MISSING
            or field.default_factory is not dataclasses.MISSING,
        )
        for field in dataclasses.fields(cls)
    )


def json_names(cls: type) -> tuple[str, ...]:
    """The JSON names of the fields of dataclass ``cls``."""
    return tuple(field.json_name for field in json_fields(cls))


def to_json(value: Any) -> Any:
    """``value`` (a dataclass, tuple, enum, date or plain value) in its JSON shape."""
    if isinstance(value, enum.Enum):
        return value.value
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [to_json(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            field.json_name: to_json(getattr(value, field.name))
            for field in json_fields(type(value))
        }
    raise TypeError(f"no JSON shape for {type(value).__name__}")


def from_json(kind: Any, value: Any) -> Any:
    """The value of type ``kind`` that ``to_json`` wrote as ``value``."""
    if value is None:
        return None
    kind = _without_none(kind)
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        assert isinstance(value, Mapping)
        arguments = {}
        for field in json_fields(kind):
            if field.json_name in value:
                arguments[field.name] = from_json(field.type, value[field.json_name])
            elif not field.optional:
                raise KeyError(field.json_name)
            # Else JSON written before the field existed: the field keeps its default.
        return kind(**arguments)
    if typing.get_origin(kind) is tuple:
        # tuple[X, ...], or a pair of X: each item is an X.
        item = typing.get_args(kind)[0]
        return tuple(from_json(item, part) for part in value)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return kind(value)
    if kind is dt.date:
        return dt.date.fromisoformat(value)
    return value


def arrow_type(kind: Any, *, dates: Any = None) -> Any:
    """The Arrow type of the JSON shape of type ``kind``: structs, lists and scalars.

    Dates are ISO strings, as in JSON, unless ``dates`` gives an Arrow type for them.
    """
    import pyarrow

    kind = _without_none(kind)
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        return pyarrow.struct(
            [(field.json_name, arrow_type(field.type, dates=dates)) for field in json_fields(kind)]
        )
    if typing.get_origin(kind) is tuple:
        # tuple[X, ...], or a pair of X: a list of X.
        item = typing.get_args(kind)[0]
        return pyarrow.list_(arrow_type(item, dates=dates))
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return pyarrow.string()
    if kind is dt.date:
        return pyarrow.string() if dates is None else dates
    scalars = {
        str: pyarrow.string(),
        int: pyarrow.int64(),
        float: pyarrow.float64(),
        bool: pyarrow.bool_(),
    }
    if kind in scalars:
        return scalars[kind]
    raise TypeError(f"no Arrow type for {kind!r}")


def arrow_fields(cls: type, *, dates: Any = None) -> list[tuple[str, Any]]:
    """The columns of a table with a row per ``cls``: its JSON names and Arrow types."""
    return [(field.json_name, arrow_type(field.type, dates=dates)) for field in json_fields(cls)]


def _without_none(kind: Any) -> Any:
    """``X`` for ``X | None``; other types as they are."""
    if isinstance(kind, types.UnionType) or typing.get_origin(kind) is typing.Union:
        rest = [arm for arm in typing.get_args(kind) if arm is not type(None)]
        if len(rest) == 1:
            return rest[0]
    return kind


__all__ = [
    "SCHEMA_VERSION",
    "JsonField",
    "arrow_fields",
    "arrow_type",
    "from_json",
    "json_fields",
    "json_names",
    "to_json",
]

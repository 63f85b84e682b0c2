"""The value types of the authoring format: text, one-line text, ids, numbers, emotions, days, counts.

Each is a pydantic annotated type with its own validator and JSON Schema, so
`format.py` reads as the format itself. Scalars arrive as the text the author
wrote (see `yamlsource`): only these types turn text into numbers, and only
from ASCII digits.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from ..language.fold import ID_PATTERN


def as_list(value: Any) -> Any:
    """A *list* field accepts one string, a list of strings, or nothing."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return value


Text = Annotated[str, Field(min_length=1)]
TextList = Annotated[
    list[Text],
    BeforeValidator(as_list),
    WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}, {"type": "null"}]}),
]
IdList = Annotated[
    list[Annotated[str, Field(pattern=ID_PATTERN)]],
    BeforeValidator(as_list),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": ID_PATTERN},
                {"type": "array", "items": {"type": "string", "pattern": ID_PATTERN}},
                {"type": "null"},
            ]
        }
    ),
]


#: A number as an author writes it: ASCII digits only (``float`` would also take full-width or Arabic-Indic digits).
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", re.ASCII)
_DECIMAL_COMMA = re.compile(r"[+-]?[0-9]+,[0-9]+", re.ASCII)


def _number(value: Any) -> float:
    """A finite number, from a number or from text written with ASCII digits and a decimal point."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise PydanticCustomError("number", "expected a number")
    if isinstance(value, str):
        written = value.strip()
        if _DECIMAL_COMMA.fullmatch(written):
            raise PydanticCustomError(
                "number",
                "'{value}' uses a decimal comma; write it with a point: {fixed}",
                {"value": value, "fixed": written.replace(",", ".")},
            )
        if not _DECIMAL.fullmatch(written):
            raise PydanticCustomError(
                "number", "expected a number written with digits 0-9, got '{value}'", {"value": value}
            )
    number = float(value)
    if number != number or number in (float("inf"), float("-inf")):
        raise PydanticCustomError("number", "expected a finite number, got '{value}'", {"value": value})
    return number


def _emotion(value: Any) -> float | dict[str, float]:
    """One number, or a mapping of persona id to number."""
    if isinstance(value, dict):
        return {str(k): _number(v) for k, v in value.items()}
    if isinstance(value, str) and _DECIMAL_COMMA.fullmatch(value.strip()):
        return _number(value)  # its own message: use a point
    try:
        return _number(value)
    except PydanticCustomError:
        if isinstance(value, (str, int, float)):
            template, shown = "expected a number, or a mapping of persona id to number, got '{value}'", value
        else:
            template, shown = "expected a number, or a mapping of persona id to number, got {value}", _kind(value)
        raise PydanticCustomError("emotion", template, {"value": shown}) from None


def _kind(value: Any) -> str:
    """How a message names a value that is not text: a list, a mapping, nothing."""
    return {list: "a list", dict: "a mapping", type(None): "nothing"}.get(type(value), type(value).__name__)


#: Line breaks: a name or title is a heading, an anchor or a label, and must stay one line.
_LINE_BREAK = re.compile(r"[\n\r\x0b\x0c\x85\u2028\u2029]")


def _one_line(value: str) -> str:
    if _LINE_BREAK.search(value):
        raise PydanticCustomError(
            "single_line", "must be one line: a name or title is a heading, remove the line break"
        )
    return value


#: Text shown as a heading, a title or a label: not empty, one line.
Line = Annotated[
    str,
    Field(min_length=1, json_schema_extra={"not": {"pattern": "[\\n\\r\\u2028\\u2029]"}}),
    AfterValidator(_one_line),
]
LineList = Annotated[
    list[Line],
    BeforeValidator(as_list),
    WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}, {"type": "null"}]}),
]


Emotion = Annotated[
    float | dict[str, float],
    PlainValidator(_emotion),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number"},
                {
                    "type": "object",
                    "additionalProperties": {"type": "number"},
                    "propertyNames": {"pattern": ID_PATTERN},
                },
            ]
        }
    ),
]


Number = Annotated[float, PlainValidator(_number), WithJsonSchema({"type": "number"})]
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


def _day(value: Any) -> str:
    """A calendar day written YYYY-MM-DD, kept as text (``2026-02-30`` is refused, not moved to March)."""
    if not isinstance(value, str) or not _ISO_DAY.fullmatch(value.strip()):
        raise PydanticCustomError("day", "expected a date written YYYY-MM-DD, e.g. 2026-09-30")
    try:
        date.fromisoformat(value.strip())
    except ValueError:
        raise PydanticCustomError("day", "'{value}' is not a day of the calendar", {"value": value}) from None
    return value.strip()


def _count(value: Any) -> int:
    """A sample size: a whole number written with ASCII digits."""
    text = value.strip() if isinstance(value, str) else value
    if isinstance(text, int) and not isinstance(text, bool) and text >= 0:
        return text
    if not isinstance(text, str) or not text.isascii() or not text.isdigit():
        raise PydanticCustomError(
            "count", "expected a whole number written with digits 0-9, got '{value}'", {"value": value}
        )
    return int(text)


Day = Annotated[str, PlainValidator(_day), WithJsonSchema({"type": "string", "format": "date"})]
Count = Annotated[int, PlainValidator(_count), WithJsonSchema({"type": "integer", "minimum": 0})]

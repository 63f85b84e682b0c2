"""An opportunity of a step (format 1.2): a plain idea, or an owned action with a status.

Version 1 wrote a step's opportunities as texts; they stay valid and mean an
idea nobody owns yet. Version 1.2 also accepts a mapping (title, kind,
status, impact, effort, owner, due, initiative, standards, sources, link).
Both become an `Opportunity`, so that pages and checks read one type; a
plain text is marked `plain` and is written back as the text it was
(``reference.json``, `cxmaps diff`), so that a version 1 site's data does not
change shape.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, get_args
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    PlainValidator,
    PrivateAttr,
    SerializerFunctionWrapHandler,
    ValidatorFunctionWrapHandler,
    WithJsonSchema,
    model_serializer,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from ..language.fold import ID_PATTERN, slugify
from .fieldtypes import IdList, Line
from .measurement import parse_period, period_hint

OpportunityKind = Literal["quick-win", "project"]
OpportunityStatus = Literal["idea", "planned", "in-progress", "done", "dropped"]
Level = Literal["low", "medium", "high"]
#: In the plan's order: what is being done first, what is over last.
KINDS: tuple[str, ...] = get_args(OpportunityKind)
STATUSES: tuple[str, ...] = ("in-progress", "planned", "idea", "done", "dropped")
LEVELS: tuple[str, ...] = get_args(Level)
#: Statuses of work someone has committed to: they need an owner and a due period.
COMMITTED = frozenset({"planned", "in-progress"})


def _period(value: Any) -> str:
    """A period written as in measures: ``2027-03-31``, ``2027-03``, ``2027-Q1`` or ``2027``."""
    text = value.strip() if isinstance(value, str) else value
    if isinstance(text, str) and parse_period(text) is not None:
        return text
    shown = value if isinstance(value, str) else str(value)
    raise PydanticCustomError(
        "period",
        "'{value}' is not a period: write {hint}a day 2027-03-31, a month 2027-03, a quarter 2027-Q1 or a year 2027",
        {"value": shown, "hint": period_hint(shown) if isinstance(value, str) else ""},
    )


_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _web_link(value: Any) -> str:
    """An http(s) address with a host and no space: the work item in a tracker."""
    text = value.strip() if isinstance(value, str) else ""
    try:
        parts = urlsplit(text)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname) and not _SPACE_OR_CONTROL.search(text)
    except ValueError:
        ok = False
    if not ok:
        raise PydanticCustomError(
            "web_link",
            "'{value}' is not a web address: the link to the work item starts with https:// (or http://), "
            "e.g. https://tracker.example/CX-142",
            {"value": str(value)[:200]},
        )
    return text


_PERIOD_PATTERN = r"^[0-9]{4}(-([0-9]{2}(-[0-9]{2})?|Q[1-4]))?$"
Period = Annotated[str, PlainValidator(_period), WithJsonSchema({"type": "string", "pattern": _PERIOD_PATTERN})]
WebLink = Annotated[
    str, PlainValidator(_web_link), WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https?://"})
]


class Opportunity(BaseModel):
    """An opportunity to improve the step; a plain string is an idea nobody owns yet (version 1)."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, str_strip_whitespace=True)

    title: Line
    """What would be done, in a few words; the idea itself."""
    id: Annotated[str, Field(pattern=ID_PATTERN)] = ""
    """Its anchor on the journey page (#id): unique in the journey, not a step's id; default: the title as a slug."""
    kind: OpportunityKind | None = None
    """quick-win or project (a medium-term project)."""
    status: OpportunityStatus = "idea"
    """idea, planned, in-progress, done or dropped."""
    impact: Level | None = None
    """Expected benefit for customers: low, medium or high."""
    effort: Level | None = None
    """Cost and difficulty: low, medium or high."""
    owner: Line | None = None
    """Who carries it out."""
    due: Period | None = None
    """When it is due: a period written as in measures (2027-Q1, 2027-03, 2027-03-31, 2027)."""
    initiative: Line | None = None
    """Groups opportunities across journeys (`opportunities/<initiative>/`)."""
    standards: IdList = []
    """Ids of this step's standards that it should move."""
    sources: IdList = []
    """Ids of the sources (`sources/<id>.yml`) where the need was heard."""
    link: WebLink | None = None
    """The work item: an http(s) address."""

    _plain: bool = PrivateAttr(default=False)

    @property
    def plain(self) -> bool:
        """Written as a text (version 1): an idea with no id, no owner and no anchor."""
        return self._plain

    @model_validator(mode="wrap")
    @classmethod
    def _from_text(cls, value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        if not isinstance(value, str):
            return handler(value)
        text = value.strip()
        if not text:
            raise PydanticCustomError("string_too_short", "must not be empty")
        made = cls.model_construct(title=text)
        made._plain = True
        return made

    @model_validator(mode="after")
    def _default_id(self) -> Opportunity:
        if not self.id and not self._plain:
            self.id = slugify(self.title)
        return self

    @model_serializer(mode="wrap")
    def _as_written(self, handler: SerializerFunctionWrapHandler) -> Any:
        return self.title if self._plain else handler(self)

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"anyOf": [{"type": "string"}, handler(schema)]}


def text_or_list(schema: dict[str, Any]) -> None:
    """The JSON Schema of a step's `opportunities`: one text, a list, or nothing, as a list of text was."""
    items = dict(schema)
    for key in ("type", "items", "default"):
        schema.pop(key, None)
    schema["anyOf"] = [{"type": "string"}, {"type": "array", "items": items["items"]}, {"type": "null"}]
    schema["default"] = []

"""From one parsed file to a validated model, with every problem located.

Pydantic's errors are located by field path; `Document.positions` turns each
into a line and column, and `_message` rewrites pydantic's wording into what
an author can act on (what was expected, and the closest valid name).
"""

from __future__ import annotations

import json
import re
from typing import Any, TypeVar, get_args

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..language.fold import suggest_id
from ..source.pitfalls import keyword_hint
from ..source.problems import FieldPath, Problem, did_you_mean, format_field, step_labels
from ..source.yamlsource import Document

M = TypeVar("M", bound=BaseModel)

_KINDS = {dict: "a mapping", list: "a list", str: "text", type(None): "nothing"}


def _kind(value: Any) -> str:
    return _KINDS.get(type(value), type(value).__name__)


def _model_at(model: type[BaseModel], path: FieldPath) -> type[BaseModel] | None:
    """The model class that owns the mapping at `path`, to list its fields."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return None
        current = _inner_model(current.model_fields[part].annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _message(model: type[BaseModel], err: ErrorDetails, path: FieldPath) -> str:
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    if kind == "extra_forbidden":
        owner = _model_at(model, path[:-1])
        names = sorted(owner.model_fields) if owner else []
        hint = did_you_mean(str(path[-1]), names)
        return f"unknown field '{path[-1]}'{hint}" + ("" if hint else f"; valid fields: {', '.join(names)}")
    if kind == "missing":
        return f"missing required field '{path[-1]}'"
    if kind == "literal_error":
        allowed = [a.strip().strip("'") for a in str(ctx.get("expected", "")).replace(" or ", ", ").split(",")]
        hint = keyword_hint(str(value), allowed, str(path[-1])) or did_you_mean(str(value), allowed)
        return f"'{value}' is not one of: {', '.join(allowed)}{hint}"
    if kind == "string_type":
        return f"expected text, got {_kind(value)}"
    if kind == "list_type":
        return f"expected a list, got {_kind(value)}" + (f" '{value}'" if isinstance(value, str) else "")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        shown = f" '{value}'" if isinstance(value, str) else f" {value}" if isinstance(value, int | float) else ""
        return f"expected a mapping of fields, got {_kind(value)}{shown}" + _target_hint(path, value)
    if kind == "too_short":
        return "must have at least one item"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_pattern_mismatch":
        return (
            f"'{value}' is not a valid id: use lowercase letters, digits and hyphens (e.g. '{suggest_id(str(value))}')"
        )
    return err["msg"]


_NUMBER_UNIT = re.compile(
    r"\s*(?P<op>[<>≤≥]=?|min|max|at least|at most)?\s*(?P<n>[0-9]+(?:[.,][0-9]+)?)\s*(?P<unit>[^\s0-9].{0,11})?\s*"
)


def _target_hint(path: FieldPath, value: Any) -> str:
    """``target: 95%`` → ``; write target: {min: 95, unit: "%"}`` (min, or max for a ceiling such as 5 min)."""
    if not path or path[-1] != "target" or not isinstance(value, str | int | float) or isinstance(value, bool):
        return ""
    match = _NUMBER_UNIT.fullmatch(str(value))
    if match is None:
        return "; write target: {min: <number>} (at least) or {max: <number>} (at most), with an optional unit"
    number = match["n"].replace(",", ".")
    bound = "max" if (match["op"] or "").strip() in ("<", "<=", "≤", "max", "at most") else "min"
    unit = (match["unit"] or "").strip()
    shown = f"{{{bound}: {number}" + (f", unit: {json.dumps(unit, ensure_ascii=False)}" if unit else "") + "}"
    other = "max" if bound == "min" else "min"
    return f"; write target: {shown} ({'at least' if bound == 'min' else 'at most'}; {other} for the other way)"


def validate(model: type[M], doc: Document, display: str) -> tuple[M | None, list[Problem]]:
    """Validate `doc` against `model`; return the instance, or None and every problem."""
    if not isinstance(doc.data, dict):
        line, col = doc.positions.of(())
        return None, [
            Problem(
                display, line, col, "", f"expected a mapping of fields at the top of the file, got {_kind(doc.data)}"
            )
        ]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        problems = []
        labels = step_labels(doc.data)
        for err in exc.errors(include_url=False):
            path = tuple(err["loc"])
            line, col = doc.positions.of(path, key=err["type"] == "extra_forbidden")
            problems.append(Problem(display, line, col, format_field(path, labels), _message(model, err, path)))
        return None, problems

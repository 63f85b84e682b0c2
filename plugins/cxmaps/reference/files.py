"""One source file read into its model: a persona, a journey or a source, with every problem located.

The file name is the item's id (part of its address), so it is checked here too, and a journey's
emotions are held to the site's scale while the positions of the parsed file are at hand.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from ..language.fold import is_id, suggest_id
from ..model.format import Journey
from ..model.validate import validate
from ..source.pitfalls import explain
from ..source.problems import FieldPath, Problem, format_field, step_labels
from ..source.sourcefiles import display_path
from ..source.yamlsource import Document, Parsed, YamlProblem, read_document
from .core import RESERVED_FILE_IDS, Settings, Source

M = TypeVar("M", bound=BaseModel)


def load_one(
    model: type[M],
    path: Path,
    settings: Settings,
    problems: list[Problem],
    into: dict[str, M],
    sources: dict[str, Source],
    parsed: Parsed | None = None,
) -> bool:
    """Load one file into `into`; False when it had a problem of its own."""
    display = display_path(path, settings.root)
    item_id = path.stem
    bad_name = _file_name_problem(path, display)
    if bad_name:
        problems.append(bad_name)
    try:
        with path.open("rb") as handle:
            raw = handle.read(settings.max_file_size + 1)
        read = read_document if parsed is None else parsed.read
        doc = read(raw, display, max_bytes=settings.max_file_size)
    except YamlProblem as err:
        problems += explain([err.problem], raw)
        return False
    except OSError as err:
        problems.append(Problem(display, 1, 1, "", f"cannot read file: {err.strerror or err}"))
        return False
    item, found = validate(model, doc, display)
    problems += explain(found, raw)
    if model is Journey:
        problems += _check_scale(doc, display, settings)
    if item is None or bad_name:
        return False
    if item_id in into:
        first = sources[item_id].display
        problems.append(Problem(display, 1, 1, "", f"id '{item_id}' is already taken by {first}; keep one file per id"))
        return False
    into[item_id] = item
    sources[item_id] = Source(path, display, doc.positions, step_labels(doc.data))
    return True


def _file_name_problem(path: Path, display: str) -> Problem | None:
    """The file name is the id, part of the address: a valid id, and not one a generated page uses."""
    item_id = path.stem
    if not is_id(item_id):
        return Problem(
            display,
            1,
            1,
            "",
            f"file name '{path.name}' is not a valid id: use lowercase letters, digits and hyphens, "
            f"e.g. '{suggest_id(item_id)}{path.suffix}'",
        )
    if item_id in RESERVED_FILE_IDS:
        return Problem(
            display, 1, 1, "", f"the id '{item_id}' is reserved for a page cxmaps generates; rename the file"
        )
    return None


def _check_scale(doc: Document, display: str, settings: Settings) -> Iterator[Problem]:
    """Every emotion within the scale; a value outside is quoted as written (``2.000001``, not ``2``).

    Read from the parsed file, not the model, so that a file with another
    problem (an unknown field) gets its emotions checked in the same run.
    """
    low, high = settings.emotion_scale
    data = doc.data if isinstance(doc.data, dict) else {}
    phases = data.get("phases")
    for p, phase in enumerate(phases if isinstance(phases, list) else []):
        steps = phase.get("steps") if isinstance(phase, dict) else None
        for s, step in enumerate(steps if isinstance(steps, list) else []):
            for name in ("emotion", "expected"):
                value = step.get(name) if isinstance(step, dict) else None
                values = value.items() if isinstance(value, dict) else [(None, value)]
                for pid, written in values:
                    number = _number(written)
                    if number is None or low <= number <= high:
                        continue  # not a number (the model says so), or within the scale
                    path: FieldPath = ("phases", p, "steps", s, name, *(() if pid is None else (pid,)))
                    line, col = doc.positions.of(path)
                    yield Problem(
                        display,
                        line,
                        col,
                        format_field(path, step_labels(doc.data)),
                        f"{_written(doc.data, path, number)} is outside the emotion scale: use a number from "
                        f"{low:g} (very negative) to {high:g} (very positive)",
                    )


def _number(value: Any) -> float | None:
    """An emotion as the parsed file holds it (text, as YAML wrote it), or None if it is no finite number."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _written(data: Any, path: FieldPath, number: float) -> str:
    """The value at `path` as the author wrote it, or the shortest exact form of `number`."""
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            data = None
            break
    if isinstance(data, str):
        return data.strip()
    text = repr(number)
    return text[:-2] if text.endswith(".0") else text

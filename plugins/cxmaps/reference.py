"""Load a whole CX reference: every persona and journey, validated and cross-checked.

`load_reference` is the single entry point used by the MkDocs plugin and by
``cxmaps check``. It reads every file, collects every problem of every file,
and raises one `CxmapsError` listing them all; or returns a `Reference` in
which every persona id, step id and emotion value is known to be correct.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TypeVar

from pydantic import BaseModel

from .model import Journey, Persona, Step
from .problems import CxmapsError, FieldPath, Problem, did_you_mean, format_field
from .slug import is_id, suggest_id
from .validate import validate
from .yamlsource import MAX_FILE_BYTES, Positions, YamlProblem, read_document

M = TypeVar("M", bound=BaseModel)

#: Anchors the journey page uses for its own sections (and phase-1, phase-2, …); a step may not take them.
RESERVED_STEP_IDS = frozenset({"blueprint", "journey-map", "emotion-table"})
SOURCE_SUFFIXES = (".yml", ".yaml")


@dataclass(frozen=True)
class Settings:
    """Where the sources are and how to read them (the plugin's options, resolved)."""

    root: Path
    """The folder of mkdocs.yml: every displayed path is relative to it."""
    journeys_dir: Path
    personas_dir: Path
    docs_dir: Path
    emotion_scale: tuple[float, float] = (-2.0, 2.0)
    max_file_size: int = MAX_FILE_BYTES


@dataclass(frozen=True)
class Source:
    """The file an item came from, for error messages and edit links."""

    path: Path
    display: str
    positions: Positions


@dataclass
class Reference:
    """The validated reference: personas and journeys by id, in id order."""

    settings: Settings
    personas: dict[str, Persona] = field(default_factory=dict)
    journeys: dict[str, Journey] = field(default_factory=dict)
    persona_sources: dict[str, Source] = field(default_factory=dict)
    journey_sources: dict[str, Source] = field(default_factory=dict)
    invalid: set[str] = field(default_factory=set)
    """Ids of files that exist but failed validation: their problems are already reported."""


def forget_positions(ref: Reference) -> None:
    """Drop the line and column of every value once no more problems can be reported.

    They are the largest part of a loaded reference (a tuple per value), and a
    build keeps the reference until its end.
    """
    for sources in (ref.persona_sources, ref.journey_sources):
        for key, source in sources.items():
            sources[key] = Source(source.path, source.display, Positions())


def display_path(path: Path, root: Path) -> str:
    """`path` relative to the folder of mkdocs.yml, with forward slashes."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def source_files(folder: Path) -> list[Path]:
    """The YAML files of a folder, sorted by name; hidden files are skipped."""
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.iterdir() if p.suffix in SOURCE_SUFFIXES and not p.name.startswith(".") and p.is_file()
    )


def load_reference(settings: Settings) -> Reference:
    """Read, validate and cross-check every source file; raise `CxmapsError` listing all problems."""
    problems: list[Problem] = []
    ref = Reference(settings)
    for path in source_files(settings.personas_dir):
        if not _load_one(Persona, path, settings, problems, ref.personas, ref.persona_sources):
            ref.invalid.add(path.stem)
    for path in source_files(settings.journeys_dir):
        _load_one(Journey, path, settings, problems, ref.journeys, ref.journey_sources)
    problems += _check_ids(ref.personas, ref.persona_sources)
    problems += _check_ids(ref.journeys, ref.journey_sources)
    for pid, persona in ref.personas.items():
        problems += _check_persona(persona, ref.persona_sources[pid], settings)
    for jid, journey in ref.journeys.items():
        problems += _check_journey(journey, ref.journey_sources[jid], ref, settings)
    if problems:
        raise CxmapsError(problems)
    return ref


def _load_one(
    model: type[M],
    path: Path,
    settings: Settings,
    problems: list[Problem],
    into: dict[str, M],
    sources: dict[str, Source],
) -> bool:
    """Load one file into `into`; False when it had a problem of its own."""
    display = display_path(path, settings.root)
    item_id = path.stem
    if not is_id(item_id):
        suggestion = suggest_id(item_id)
        problems.append(
            Problem(
                display,
                1,
                1,
                "",
                f"file name '{path.name}' is not a valid id: use lowercase letters, digits and hyphens, e.g. '{suggestion}{path.suffix}'",
            )
        )
    try:
        with path.open("rb") as handle:
            raw = handle.read(settings.max_file_size + 1)
        doc = read_document(raw, display, max_bytes=settings.max_file_size)
    except YamlProblem as err:
        problems.append(err.problem)
        return False
    except OSError as err:
        problems.append(Problem(display, 1, 1, "", f"cannot read file: {err.strerror}"))
        return False
    item, found = validate(model, doc, display)
    problems += found
    if item is None or not is_id(item_id):
        return False
    if item_id in into:
        first = sources[item_id].display
        problems.append(Problem(display, 1, 1, "", f"id '{item_id}' is already taken by {first}; keep one file per id"))
        return False
    into[item_id] = item
    sources[item_id] = Source(path, display, doc.positions)
    return True


def _check_ids(items: dict[str, Persona] | dict[str, Journey], sources: dict[str, Source]) -> Iterator[Problem]:
    """Each id and each alias names one item only."""
    claimed = {item_id: sources[item_id].display for item_id in items}
    for item_id, item in items.items():
        source = sources[item_id]
        for i, alias in enumerate(item.aliases):
            path: FieldPath = ("aliases", i)
            if alias in claimed:
                owner = claimed[alias]
                what = "its own id" if owner == source.display and alias == item_id else f"already taken by {owner}"
                yield problem_at(source, path, f"alias '{alias}' is {what}; remove it from 'aliases'")
            else:
                claimed[alias] = source.display


def problem_at(source: Source, path: FieldPath, message: str, *, key: bool = False) -> Problem:
    """A problem at the place `path` is written in `source` (its key's place with `key`)."""
    line, col = source.positions.of(path, key=key)
    return Problem(source.display, line, col, format_field(path), message)


def _check_persona(persona: Persona, source: Source, settings: Settings) -> Iterator[Problem]:
    if persona.image is None:
        return
    image = PurePosixPath(persona.image)
    if "://" in persona.image or image.is_absolute() or ".." in image.parts:
        yield problem_at(
            source,
            ("image",),
            f"'{persona.image}' must be a relative path inside docs/, e.g. 'images/personas/claire.svg'",
        )
    elif not (settings.docs_dir / image).is_file():
        docs = display_path(settings.docs_dir, settings.root)
        yield problem_at(
            source, ("image",), f"image '{persona.image}' not found in {docs}/; add the file or fix the path"
        )


def _check_journey(journey: Journey, source: Source, ref: Reference, settings: Settings) -> Iterator[Problem]:
    for i, pid in enumerate(journey.personas):
        if pid not in ref.personas and pid not in ref.invalid:
            hint = did_you_mean(pid, ref.personas) or (
                f"; known personas: {', '.join(ref.personas)}" if ref.personas else ""
            )
            yield problem_at(source, ("personas", i), f"unknown persona '{pid}'{hint}")
        elif journey.personas.index(pid) != i:
            yield problem_at(source, ("personas", i), f"persona '{pid}' is listed twice")
    seen: dict[str, FieldPath] = {}
    for p, phase in enumerate(journey.phases):
        for s, step in enumerate(phase.steps):
            path: FieldPath = ("phases", p, "steps", s)
            yield from _check_step_id(step, path, seen, source)
            yield from _check_emotions(step, path, journey, source, settings)


def _check_step_id(step: Step, path: FieldPath, seen: dict[str, FieldPath], source: Source) -> Iterator[Problem]:
    where = (*path, "id") if (*path, "id") in source.positions.values else (*path, "name")
    if not step.id:
        yield problem_at(source, where, f"cannot make an id from the name '{step.name}'; set 'id'")
    elif step.id in RESERVED_STEP_IDS or re.fullmatch(r"phase-\d+", step.id):
        yield problem_at(
            source, where, f"step id '{step.id}' is reserved for a section of the journey page; set another 'id'"
        )
    elif step.id in seen:
        first = source.positions.of(seen[step.id])[0]
        yield problem_at(
            source, where, f"duplicate step id '{step.id}' (first used on line {first}); set a distinct 'id'"
        )
    else:
        seen[step.id] = path


def _check_emotions(
    step: Step, path: FieldPath, journey: Journey, source: Source, settings: Settings
) -> Iterator[Problem]:
    low, high = settings.emotion_scale
    for name in ("emotion", "expected"):
        value = getattr(step, name)
        if value is None:
            continue
        if isinstance(value, dict):
            for pid in value:
                if pid not in journey.personas:
                    hint = (
                        did_you_mean(pid, journey.personas)
                        or f"; this journey's personas: {', '.join(journey.personas)}"
                    )
                    yield problem_at(
                        source, (*path, name, pid), f"'{pid}' is not a persona of this journey{hint}", key=True
                    )
            if name == "emotion":
                missing = [pid for pid in journey.personas if pid not in value]
                if missing:
                    yield problem_at(
                        source,
                        (*path, name),
                        f"no value for persona {', '.join(repr(m) for m in missing)}; give one for each persona of the journey",
                    )
        values = value.items() if isinstance(value, dict) else [(None, value)]
        for pid, number in values:
            if not low <= number <= high:
                where = (*path, name) if pid is None else (*path, name, pid)
                yield problem_at(
                    source,
                    where,
                    f"{number:g} is outside the emotion scale: use a number from {low:g} (very negative) to {high:g} (very positive)",
                )

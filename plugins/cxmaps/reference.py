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
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from .model import Journey, Persona, Step
from .model import Source as SourceDoc
from .pitfalls import explain
from .problems import CxmapsError, FieldPath, Labels, Problem, did_you_mean, format_field, step_labels
from .slug import is_id, suggest_id
from .sourcefiles import display_path, scan_sources
from .validate import validate
from .yamlsource import MAX_FILE_BYTES, Document, Parsed, Positions, YamlProblem, read_document

if TYPE_CHECKING:
    from .measures import Measure

M = TypeVar("M", bound=BaseModel)

#: Anchors the journey page uses for its own sections (and phase-1, phase-2, …); a step may not take them.
RESERVED_STEP_IDS = frozenset({"blueprint", "journey-map", "emotion-table", "canvas"})
#: Ids whose page (or redirect page, for an alias) would replace a generated one: journeys/index.md
#: is the list of journeys, personas/index.md the persona cards.
RESERVED_FILE_IDS = frozenset({"index"})
#: The one suffix of a source file. ``.yaml`` and ``.YML`` are reported (rename them), so that one
#: id has one spelling and case-insensitive file systems agree with case-sensitive ones.


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
    sources_dir: Path | None = None
    """Folder of source files (format 1.1); None: ``sources`` beside mkdocs.yml, as the plugin's default."""
    measures_dir: Path | None = None
    """Folder of measures CSV files (format 1.1); None: ``measures`` beside mkdocs.yml. A missing folder: none."""
    stale_after: int = 400
    """Days: a measure older than this, counted back from the newest period measured, is stale."""


@dataclass(frozen=True)
class Source:
    """The file an item came from, for error messages and edit links."""

    path: Path
    display: str
    positions: Positions
    labels: Labels = field(default_factory=dict)
    """Each step's id by its place, so that problems name a step by its id."""


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
    sources: dict[str, SourceDoc] = field(default_factory=dict)
    """Sources (``sources/<id>.yml``) by id: where what the reference says comes from."""
    source_sources: dict[str, Source] = field(default_factory=dict)
    measures: list[Measure] = field(default_factory=list)
    """Every measured value of ``measures/*.csv``, checked against the journeys (see measures.py)."""


def forget_positions(ref: Reference) -> None:
    """Drop the line and column of every value once no more problems can be reported.

    They are the largest part of a loaded reference (a tuple per value), and a
    build keeps the reference until its end.
    """
    for sources in (ref.persona_sources, ref.journey_sources, ref.source_sources):
        for key, source in sources.items():
            sources[key] = Source(source.path, source.display, Positions(), source.labels)


def load_reference(settings: Settings, parsed: Parsed | None = None) -> Reference:
    """Read, validate and cross-check every source file; raise `CxmapsError` listing all problems.

    `parsed`, under `mkdocs serve`: the files the last build parsed, so that
    only those whose bytes changed are parsed again (see `Parsed`).
    """
    problems: list[Problem] = []
    ref = Reference(settings)
    personas, found = scan_sources(settings.personas_dir, settings.root)
    problems += found
    for path in personas:
        if not _load_one(Persona, path, settings, problems, ref.personas, ref.persona_sources, parsed):
            ref.invalid.add(path.stem)
    journeys, found = scan_sources(settings.journeys_dir, settings.root)
    problems += found
    for path in journeys:
        _load_one(Journey, path, settings, problems, ref.journeys, ref.journey_sources, parsed)
    problems += _check_ids(ref.personas, ref.persona_sources)
    problems += _check_ids(ref.journeys, ref.journey_sources)
    for pid, persona in ref.personas.items():
        problems += _check_persona(persona, ref.persona_sources[pid], settings)
    for jid, journey in ref.journeys.items():
        problems += _check_journey(journey, ref.journey_sources[jid], ref)
    # Imported here: sources.py and measures.py build on this module (format 1.1).
    from .measures import load_measures
    from .sources import load_sources

    problems += load_sources(ref)
    problems += load_measures(ref)
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
    if isinstance(item, Journey):
        problems += _check_scale(item, doc, display, settings)
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


def _check_ids(items: dict[str, Persona] | dict[str, Journey], sources: dict[str, Source]) -> Iterator[Problem]:
    """Each id and each alias names one item only."""
    claimed = {item_id: sources[item_id].display for item_id in items}
    for item_id, item in items.items():
        source = sources[item_id]
        for i, alias in enumerate(item.aliases):
            path: FieldPath = ("aliases", i)
            if alias in RESERVED_FILE_IDS:
                yield problem_at(
                    source, path, f"alias '{alias}' is reserved for a page cxmaps generates; remove it from 'aliases'"
                )
            elif alias in claimed:
                owner = claimed[alias]
                what = "its own id" if owner == source.display and alias == item_id else f"already taken by {owner}"
                yield problem_at(source, path, f"alias '{alias}' is {what}; remove it from 'aliases'")
            else:
                claimed[alias] = source.display


def problem_at(source: Source, path: FieldPath, message: str, *, key: bool = False) -> Problem:
    """A problem at the place `path` is written in `source` (its key's place with `key`)."""
    line, col = source.positions.of(path, key=key)
    return Problem(source.display, line, col, format_field(path, source.labels), message)


def _check_persona(persona: Persona, source: Source, settings: Settings) -> Iterator[Problem]:
    if persona.image is None:
        return
    image = PurePosixPath(persona.image)
    docs = display_path(settings.docs_dir, settings.root)
    if "://" in persona.image or image.is_absolute() or ".." in image.parts or "\\" in persona.image:
        yield problem_at(
            source,
            ("image",),
            f"'{persona.image}' must be a relative path inside docs/, e.g. 'images/personas/claire.svg'",
        )
        return
    try:
        # Resolved, so that a link inside docs/ cannot publish a file from elsewhere on the machine.
        target = (settings.docs_dir / image).resolve()
        inside = target.is_relative_to(settings.docs_dir.resolve())
        found = inside and target.is_file()
    except (OSError, RuntimeError, ValueError):
        inside = found = False
    if not inside:
        yield problem_at(
            source,
            ("image",),
            f"image '{persona.image}' is a link to a file outside {docs}/; put the image itself in {docs}/",
        )
    elif not found:
        yield problem_at(
            source, ("image",), f"image '{persona.image}' not found in {docs}/; add the file or fix the path"
        )


def _check_journey(journey: Journey, source: Source, ref: Reference) -> Iterator[Problem]:
    for i, pid in enumerate(journey.personas):
        if pid not in ref.personas and pid not in ref.invalid:
            hint = did_you_mean(pid, ref.personas) or (
                f"; known personas: {', '.join(ref.personas)}" if ref.personas else ""
            )
            yield problem_at(source, ("personas", i), f"unknown persona '{pid}'{hint}")
        elif journey.personas.index(pid) != i:
            yield problem_at(source, ("personas", i), f"persona '{pid}' is listed twice")
    seen: dict[str, FieldPath] = {}
    # An unknown persona id is the root problem: the emotion keys that follow from it are not mistakes.
    unknown = {pid for pid in journey.personas if pid not in ref.personas}
    for p, phase in enumerate(journey.phases):
        for s, step in enumerate(phase.steps):
            path: FieldPath = ("phases", p, "steps", s)
            yield from _check_step_id(step, path, seen, source)
            yield from _check_emotions(step, path, journey, source, unknown, set(ref.personas))
    yield from _check_step_aliases(journey, source)


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


def _check_step_aliases(journey: Journey, source: Source) -> Iterator[Problem]:
    """A former step id is an anchor of the journey page: it may name no other step, no section, no other alias."""
    ids = {step.id for step in journey.steps()}
    claimed: dict[str, str] = {}
    for p, phase in enumerate(journey.phases):
        for s, step in enumerate(phase.steps):
            for i, alias in enumerate(step.aliases):
                path: FieldPath = ("phases", p, "steps", s, "aliases", i)
                if alias == step.id:
                    why = "is the step's own id"
                elif alias in ids:
                    why = "is the id of another step of this journey"
                elif alias in RESERVED_STEP_IDS or re.fullmatch(r"phase-\d+", alias):
                    why = "is reserved for a section of the journey page"
                elif alias in claimed:
                    why = f"is already a former id of step '{claimed[alias]}'"
                else:
                    claimed[alias] = step.id
                    continue
                yield problem_at(source, path, f"former id '{alias}' {why}; remove it from 'aliases'")


def _check_emotions(
    step: Step, path: FieldPath, journey: Journey, source: Source, unknown: set[str], personas: set[str]
) -> Iterator[Problem]:
    """Each persona named in an emotion mapping belongs to the journey, and each of them has a value.

    `unknown` are the journey's persona ids that name no persona: already reported,
    they are never suggested, and a key that names a real persona is taken to be
    what the author meant (the typo is in ``personas:``, not in every step).
    """
    known = [pid for pid in journey.personas if pid not in unknown]
    for name in ("emotion", "expected"):
        value = getattr(step, name)
        if value is None:
            continue
        if isinstance(value, dict):
            for pid in value:
                if pid not in journey.personas:
                    if unknown and pid in personas:
                        continue
                    hint = did_you_mean(pid, known) or (
                        f"; this journey's personas: {', '.join(known)}" if known else ""
                    )
                    yield problem_at(
                        source, (*path, name, pid), f"'{pid}' is not a persona of this journey{hint}", key=True
                    )
            if name == "emotion":
                missing = [pid for pid in known if pid not in value]
                if missing:
                    yield problem_at(
                        source,
                        (*path, name),
                        f"no value for persona {', '.join(repr(m) for m in missing)}; give one for each persona of the journey",
                    )


def _check_scale(journey: Journey, doc: Document, display: str, settings: Settings) -> Iterator[Problem]:
    """Every emotion within the scale; a value outside is quoted as written (``2.000001``, not ``2``)."""
    low, high = settings.emotion_scale
    for p, phase in enumerate(journey.phases):
        for s, step in enumerate(phase.steps):
            for name in ("emotion", "expected"):
                value = getattr(step, name)
                values = value.items() if isinstance(value, dict) else [] if value is None else [(None, value)]
                for pid, number in values:
                    if low <= number <= high:
                        continue
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

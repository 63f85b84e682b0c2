"""Checks across the files of a reference: ids and aliases, persona images, the personas a journey
names, step ids and their former ids, and the emotion each persona gives at each step."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath

from ..model.format import Journey, Persona, Step
from ..source.problems import FieldPath, Problem, did_you_mean
from ..source.sourcefiles import display_path
from .core import RESERVED_FILE_IDS, RESERVED_STEP_IDS, Reference, Settings, Source, problem_at


def check_ids(items: dict[str, Persona] | dict[str, Journey], sources: dict[str, Source]) -> Iterator[Problem]:
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


def check_persona(persona: Persona, source: Source, settings: Settings) -> Iterator[Problem]:
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


def check_journey(journey: Journey, source: Source, ref: Reference) -> Iterator[Problem]:
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

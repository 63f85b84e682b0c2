"""Opportunities across the reference (format 1.2): where each is, and the checks that need the whole journey.

The model checks each opportunity alone (its fields, enums, period, link);
here an opportunity's id must be unique within its journey and name no step
(it is an anchor of the journey page), its ``standards`` must be standards of
its own step, and its ``sources`` must name sources. Every problem is located
at the value written, with the closest valid name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..model.format import Journey, Phase, Step
from ..model.opportunity import Opportunity
from ..source.problems import FieldPath, Problem, did_you_mean
from .core import RESERVED_STEP_IDS, Reference, Source, problem_at


@dataclass(frozen=True)
class Placed:
    """One opportunity and where it is: its journey, phase and step, and its path in the journey's file."""

    jid: str
    journey: Journey
    phase: Phase
    step: Step
    opportunity: Opportunity
    path: FieldPath

    @property
    def key(self) -> tuple[str, str]:
        """(journey, opportunity id): how the plan and the diff name a structured opportunity."""
        return (self.jid, self.opportunity.id)


def placed(jid: str, journey: Journey) -> Iterator[Placed]:
    """Every opportunity of a journey, plain and structured, in the order written."""
    for p, phase in enumerate(journey.phases):
        for s, step in enumerate(phase.steps):
            for i, opportunity in enumerate(step.opportunities):
                yield Placed(jid, journey, phase, step, opportunity, ("phases", p, "steps", s, "opportunities", i))


def structured(ref: Reference) -> list[Placed]:
    """Every owned opportunity (written as a mapping) of the reference, in journey order."""
    return [o for jid, journey in ref.journeys.items() for o in placed(jid, journey) if not o.opportunity.plain]


def check_opportunities(ref: Reference, invalid_sources: set[str]) -> Iterator[Problem]:
    """Ids, standards and sources of every structured opportunity; `invalid_sources`: already reported."""
    for jid, journey in ref.journeys.items():
        source = ref.journey_sources[jid]
        taken = {step.id: "the id of a step" for step in journey.steps()}
        taken |= {alias: "a former id of a step" for step in journey.steps() for alias in step.aliases}
        seen: dict[str, FieldPath] = {}
        for o in placed(jid, journey):
            if o.opportunity.plain:
                continue
            yield from _check_id(o, source, taken, seen)
            yield from _check_standards(o, source)
            yield from _check_sources(o, source, ref, invalid_sources)


def _check_id(o: Placed, source: Source, taken: dict[str, str], seen: dict[str, FieldPath]) -> Iterator[Problem]:
    oid = o.opportunity.id
    where = (*o.path, "id") if (*o.path, "id") in source.positions.values else (*o.path, "title")
    if oid in RESERVED_STEP_IDS or re.fullmatch(r"phase-\d+", oid):
        yield problem_at(source, where, f"opportunity id '{oid}' is reserved for a section of the journey page; "
                         "set another 'id'")  # fmt: skip
    elif oid in taken:
        yield problem_at(source, where, f"opportunity id '{oid}' is {taken[oid]} of this journey (both are anchors "
                         "of its page); set a distinct 'id'")  # fmt: skip
    elif oid in seen:
        first = source.positions.of(seen[oid])[0]
        yield problem_at(source, where, f"duplicate opportunity id '{oid}' (first used on line {first}); "
                         "set a distinct 'id'")  # fmt: skip
    else:
        seen[oid] = o.path


def _check_standards(o: Placed, source: Source) -> Iterator[Problem]:
    ids = [s.id for s in o.step.standards]
    for i, sid in enumerate(o.opportunity.standards):
        if sid in ids:
            continue
        hint = did_you_mean(sid, ids) or (
            f"; this step's standards: {', '.join(ids)}" if ids else "; this step has no standards"
        )
        yield problem_at(source, (*o.path, "standards", i), f"'{sid}' is not a standard of step '{o.step.id}'{hint}")


def _check_sources(o: Placed, source: Source, ref: Reference, invalid: set[str]) -> Iterator[Problem]:
    for i, sid in enumerate(o.opportunity.sources):
        if sid in ref.sources or sid in invalid:
            continue
        hint = did_you_mean(sid, ref.sources) or (
            f"; known sources: {', '.join(sorted(ref.sources))}"
            if ref.sources
            else "; add sources/<id>.yml (see docs/authors.md)"
        )
        yield problem_at(source, (*o.path, "sources", i), f"unknown source '{sid}'{hint}")
